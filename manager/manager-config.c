/*  manager-config.c — see manager-config.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-config.h"

#include <errno.h>
#include <glib/gstdio.h>

#define DEFAULT_QUIET    600
#define DEFAULT_IDLE     5
#define DEFAULT_UNSERVED 3
#define DEFAULT_WARN     15
#define DEFAULT_REFRESH  3

char *
manager_config_default_path (void)
{
    return g_build_filename (g_get_user_config_dir (), "hall", "manager.ini", NULL);
}

static int
s_int (GKeyFile *file, const char *group, const char *key, int fallback, int min, int max)
{
    g_autoptr (GError) error = NULL;
    int value = g_key_file_get_integer (file, group, key, &error);
    if (error) {
        if (!g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND)
            && !g_error_matches (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
            g_warning ("[%s] %s: %s; using %d", group, key, error->message, fallback);
        return fallback;
    }
    return CLAMP (value, min, max);
}

manager_config_t *
manager_config_load (const char *path)
{
    manager_config_t *self = g_new0 (manager_config_t, 1);
    self->path = path ? g_strdup (path) : manager_config_default_path ();
    self->category_warn = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr (GKeyFile) file = g_key_file_new ();
    g_autoptr (GError) error = NULL;
    if (!g_key_file_load_from_file (file, self->path, G_KEY_FILE_NONE, &error)
        && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("%s: %s; using the built-in thresholds", self->path, error->message);
    self->quiet_period = s_int (file, "alerts", "quiet_period", DEFAULT_QUIET, 0, 86400);
    self->idle_minutes = s_int (file, "alerts", "idle_minutes", DEFAULT_IDLE, 0, 1440);
    self->unserved_minutes = s_int (file, "alerts", "unserved_minutes", DEFAULT_UNSERVED, 0, 1440);
    self->waiting_warn = s_int (file, "alerts", "waiting_warn", DEFAULT_WARN, 1, 9999);
    self->report_refresh = s_int (file, "alerts", "report_refresh", DEFAULT_REFRESH, 1, 3600);
    self->notify = !g_key_file_has_key (file, "alerts", "notify", NULL)
                   || g_key_file_get_boolean (file, "alerts", "notify", NULL);
    g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
    for (char **group = groups; *group; group++) {
        if (!g_str_has_prefix (*group, "category ") || !(*group)[9])
            continue;
        int level = s_int (file, *group, "waiting_warn", 0, 0, 9999);
        if (level > 0)
            manager_config_set_category_warn (self, *group + 9, level);
    }
    return self;
}

void
manager_config_destroy (manager_config_t **self_p)
{
    manager_config_t *self = *self_p;
    if (!self)
        return;
    g_hash_table_destroy (self->category_warn);
    g_free (self->path);
    g_free (self);
    *self_p = NULL;
}

int
manager_config_waiting_warn (const manager_config_t *self, const char *code)
{
    gpointer level = code ? g_hash_table_lookup (self->category_warn, code) : NULL;
    return level ? GPOINTER_TO_INT (level) : self->waiting_warn;
}

void
manager_config_set_category_warn (manager_config_t *self, const char *code, int level)
{
    if (level <= 0)
        g_hash_table_remove (self->category_warn, code);
    else
        g_hash_table_insert (self->category_warn, g_strdup (code), GINT_TO_POINTER (level));
}

gboolean
manager_config_save (const manager_config_t *self, GError **error)
{
    g_autoptr (GKeyFile) file = g_key_file_new ();
    g_key_file_set_comment (file, NULL, NULL,
                            " hall-manager: alert thresholds (edited from the dashboard)", NULL);
    g_key_file_set_integer (file, "alerts", "quiet_period", self->quiet_period);
    g_key_file_set_integer (file, "alerts", "idle_minutes", self->idle_minutes);
    g_key_file_set_integer (file, "alerts", "unserved_minutes", self->unserved_minutes);
    g_key_file_set_integer (file, "alerts", "waiting_warn", self->waiting_warn);
    g_key_file_set_boolean (file, "alerts", "notify", self->notify);
    g_key_file_set_integer (file, "alerts", "report_refresh", self->report_refresh);
    GHashTableIter iter;
    gpointer code, level;
    g_hash_table_iter_init (&iter, self->category_warn);
    while (g_hash_table_iter_next (&iter, &code, &level)) {
        g_autofree char *group = g_strdup_printf ("category %s", (char *) code);
        g_key_file_set_integer (file, group, "waiting_warn", GPOINTER_TO_INT (level));
    }
    g_autofree char *dir = g_path_get_dirname (self->path);
    if (g_mkdir_with_parents (dir, 0700) != 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", dir,
                     g_strerror (errno));
        return FALSE;
    }
    return g_key_file_save_to_file (file, self->path, error);
}
