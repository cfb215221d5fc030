/*  config.h — the hall's configuration (GKeyFile).
 *
 *  Groups: [hall], [category CODE], [window N], [staff ID]; the keys are
 *  documented in data/demo-hall.conf, which is also the built-in demo hall
 *  used when no file is given.  Loading checks everything (prefixes,
 *  codes, window categories, hours, time zone) and reports the first
 *  problem with its group and key.  Applying writes it into the database,
 *  but only when it differs from what was last applied (by hash), so a
 *  restart after a crash keeps the day's run-time changes (re-mapped
 *  windows, closed categories).
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
void           hall_config_destroy (hall_config_t **self_p);
/* Writes the configuration into STORE (own transaction) if it changed.
 * Returns 1 if applied, 0 if unchanged, -1 on error. */
int            hall_config_apply (hall_config_t *self, hall_store_t *store, GError **error);


#endif
