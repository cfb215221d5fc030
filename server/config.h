/*  config.h — the hall's configuration (GKeyFile).
 *
 *  Groups: [hall], [category CODE], [window N], [staff ID]; the keys are
 *  documented in data/demo-hall.conf, which is also the built-in demo hall
 *  used when no file is given.  Loading checks everything (prefixes,
 *  codes, window categories, hours, time zone) and reports the first
 *  problem with its group and key.  A file seeds a new hall's database;
 *  from then on the database keeps the hall's settings (meta
 *  hall.settings, changed by the settings operations, settings.c), so a
 *  restart with the file changed keeps the day's run-time changes
 *  (re-mapped windows, closed categories) and the dashboard's.
 */
#ifndef HALL_CONFIG_H
#define HALL_CONFIG_H

#include <glib.h>
#include <stdbool.h>
#include "store.h"
#include "hours.h"

typedef struct _hall_config_t hall_config_t;

/* PATH NULL loads the built-in demo hall. */
hall_config_t *hall_config_load (const char *path, GError **error);
/* TEXT (a keyfile) checked as a file named SOURCE would be. */
hall_config_t *hall_config_from_text (const char *text, const char *source, GError **error);
void           hall_config_destroy (hall_config_t **self_p);
GKeyFile      *hall_config_keys (hall_config_t *self);           /* borrowed */
char          *hall_config_text (hall_config_t *self);           /* g_free */
/* Seeds a new hall: writes the configuration into STORE (own transaction)
 * unless the database keeps the hall's settings already (meta
 * hall.settings) — then the file changes nothing.  Returns 1 if applied,
 * 0 if not, -1 on error. */
int            hall_config_apply (hall_config_t *self, hall_store_t *store, GError **error);
/* Writes the configuration into STORE inside the caller's transaction and
 * keeps it as the hall's settings: 0 or -1. */
int            hall_config_write (hall_config_t *self, hall_store_t *store);


#endif
