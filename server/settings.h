/*  settings.h — the hall's settings, kept in the database (meta
 *  hall.settings: the configuration's text, seeded from the file of a new
 *  hall).  A manager signs in at the dashboard (`manager.signin`: a
 *  manager's staff id and password; a manager device key alone does not
 *  change settings); `settings.get`, `settings.set` (one key, or a group
 *  removed), `settings.import` (the whole text, with its diff; dry_run
 *  only shows it) are checked by the configuration's own rules, written at
 *  once, kept across restarts, published (config.changed: clients read the
 *  hall again) and each change kept in `settings.audit` (who, when, which
 *  device, old -> new).
 */
#ifndef HALL_SETTINGS_H
#define HALL_SETTINGS_H

#include "rules.h"

extern const hall_handler_t hall_settings_handlers[];

/* 0 when a manager is signed in at the request's device (or it is admin);
 * else -1 with OUT not_signed_in (nobody) or forbidden (a supervisor). */
int hall_settings_need_manager (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out);
/* Keeps a change to the hall another operation made (device.enroll,
 * device.revoke, staff.password) in the audit log, with who made it from
 * which device.  0 or -1. */
int hall_settings_audit (hall_engine_t *self, const hall_request_t *req, const char *op, const char *group,
                         const char *key, const char *old, const char *new_value);
/* Notes in the kept settings a change an operation made itself (window.map,
 * category.open), so that the next settings change does not undo it, and
 * audits it: [GROUP] KEY = VALUE (NULL: removed).  0 or -1. */
int hall_settings_note (hall_engine_t *self, const hall_request_t *req, const char *group, const char *key,
                        const char *value);

#endif
