/*  i18n.h — gettext set-up shared by the GUI programs.
 *
 *  Source strings are Chinese (zh_CN is the hall's language); English comes
 *  from po/PROGRAM.en.po with LANGUAGE=en.  The message catalogues are
 *  looked up in $HALL_LOCALEDIR, then in a "locale" folder beside the
 *  program (the build tree), then in the installed LOCALEDIR.
 */
#ifndef HALL_I18N_H
#define HALL_I18N_H

#include <glib/gi18n.h>

/* Sets the locale (falling back to C.UTF-8 when the environment names no
 * UTF-8 locale), binds DOMAIN and makes it the default.  A session with
 * no language (C, POSIX or C.UTF-8, LANGUAGE unset) gets LANGUAGE=zh_CN,
 * so GTK's own words are Chinese like the programs'. */
void hall_i18n_init (const char *domain, const char *argv0);

#endif
