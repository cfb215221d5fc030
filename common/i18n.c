/*  i18n.c — gettext set-up (i18n.h). */
#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

void
hall_i18n_init (const char *domain, const char *argv0)
{
    setlocale (LC_ALL, "");
    if (strcmp (nl_langinfo (CODESET), "UTF-8") != 0)
        setlocale (LC_ALL, "C.UTF-8");
    /* A session with no language of its own (C, POSIX, C.UTF-8 and no
     * LANGUAGE) gets the hall's: Chinese, for GTK's own words too (its
     * file dialogs and buttons), as the programs' own are.  gettext
     * follows LANGUAGE with C.UTF-8, not with plain C. */
    const char *messages = setlocale (LC_MESSAGES, NULL);
    const char *language = g_getenv ("LANGUAGE");
    if ((!language || !*language) && messages
        && (strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0
            || g_str_has_prefix (messages, "C.")))
        g_setenv ("LANGUAGE", "zh_CN", TRUE);
    const char *dir = g_getenv ("HALL_LOCALEDIR");
    char *beside = NULL;
    if (!dir && argv0 && strchr (argv0, '/')) {
        char *exe_dir = g_path_get_dirname (argv0);
        beside = g_build_filename (exe_dir, "locale", NULL);
        g_free (exe_dir);
        if (g_file_test (beside, G_FILE_TEST_IS_DIR))
            dir = beside;
    }
    bindtextdomain (domain, dir ? dir : LOCALEDIR);
    bind_textdomain_codeset (domain, "UTF-8");
    textdomain (domain);
    g_free (beside);
}
