/*  catalogue.h — one language's gettext catalogue, read once, for a
 *  program that shows two languages at once or switches between them while
 *  it runs (the kiosk per visitor, hall-web per request): gettext picks its
 *  catalogue from the process locale, so these programs read the .mo
 *  themselves (a small table, O(n) to load, O(1) to look up).
 *
 *  DOMAIN.mo is looked for under LANG/LC_MESSAGES/ in $HALL_LOCALEDIR, then
 *  in a "locale" folder beside the program (the build tree), then in
 *  LOCALEDIR.
 */
#ifndef HALL_CATALOGUE_H
#define HALL_CATALOGUE_H

#include <glib.h>

typedef struct _hall_catalogue_t hall_catalogue_t;

/* NULL (with a warning) when the catalogue is missing or broken.  ARGV0
 * helps find the build tree; may be NULL. */
hall_catalogue_t *hall_catalogue_load (const char *domain, const char *lang, const char *argv0);
/* MSGID translated, or MSGID itself (also with SELF NULL).  Never NULL. */
const char       *hall_catalogue_tr (const hall_catalogue_t *self, const char *msgid);
void              hall_catalogue_free (hall_catalogue_t *self);

#endif
