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

#endif
