/*  alerts.h — alerts kept by the server: `device.trouble` (a device's own
 *  trouble, such as a kiosk's printer out of paper, raises a critical
 *  alert `printer:DEVICE` that its next `ok` clears), `alert.raise` and
 *  `alert.clear` (a dashboard records what its rules raise and when their
 *  condition ends), and `alerts` (a day's, and every one still open).  One
 *  row per alert while it holds: reminders count on it.  Each change is
 *  published (alert.raised, alert.cleared) so every dashboard follows.
 */
#ifndef HALL_ALERTS_H
#define HALL_ALERTS_H

#include "rules.h"

extern const hall_handler_t hall_alert_handlers[];

/* For the server's own watches (the county's lag): raises SUBJECT, or
 * counts a reminder on its open row, with SOURCE "server"; clears it.
 * Both publish their event: 0, or -1 on a storage error. */
int  hall_alert_raise (hall_engine_t *self, const char *subject, const char *kind, const char *urgency,
                       const char *summary, const char *body);
int  hall_alert_clear (hall_engine_t *self, const char *subject);
bool hall_alert_is_open (hall_engine_t *self, const char *subject);

#endif
