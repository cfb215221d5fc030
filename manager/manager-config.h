/*  manager-config.h — the dashboard's alert thresholds.
 *
 *  Kept in a GKeyFile, by default g_get_user_config_dir()/hall/manager.ini;
 *  every key has a built-in default, so a missing file or key is fine:
 *
 *      [alerts]
 *      quiet_period=600     # seconds before one subject may alert again
 *      idle_minutes=5       # a window idles while a ticket it serves waits this long
 *      unserved_minutes=3   # people wait this long in a category no open window serves
 *      waiting_warn=15      # waiting tickets per category that raise an alert
 *      notify=true          # libnotify notifications (the list always shows them)
 *      report_refresh=3     # at most one refresh of today's figures per N seconds
 *      [category CODE]
 *      waiting_warn=N       # this category's own warning level
 *
 *  The target wait of a category is the server's (`target_wait`).
 */
#ifndef MANAGER_CONFIG_H
#define MANAGER_CONFIG_H

#include <glib.h>

typedef struct {
    char       *path;            /* file it is loaded from and saved to */
    int         quiet_period;    /* seconds */
    int         idle_minutes;
    int         unserved_minutes;
    int         waiting_warn;    /* default warning level */
    gboolean    notify;
    int         report_refresh;  /* seconds */
    GHashTable *category_warn;   /* code -> GINT_TO_POINTER (level) overrides */
} manager_config_t;

/* Loads PATH (NULL: the default path); defaults where the file is silent. */
manager_config_t *manager_config_load (const char *path);
void              manager_config_destroy (manager_config_t **self_p);
char             *manager_config_default_path (void);

/* Warning level of category CODE: its own, else the default. */
int      manager_config_waiting_warn (const manager_config_t *self, const char *code);
void     manager_config_set_category_warn (manager_config_t *self, const char *code, int level);

/* Writes the file (and its folder); FALSE with a message on failure. */
gboolean manager_config_save (const manager_config_t *self, GError **error);

#endif
