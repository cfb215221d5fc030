/*  uplink.h — the event log for the county (`events.read`, hall-uplink's
 *  operation) and the watch on how far behind the county is.
 *
 *  A page of events comes with the current rows of what they touched, so
 *  the county's copies end equal to the hall's (docs/COUNTY.md).  The
 *  server takes a read's `after` as what the county holds; the follow-up
 *  sweep raises `county:lag` when the oldest event the county lacks is
 *  older than `[hall] county_lag_alert` minutes, and clears it when the
 *  county is back within the limit.
 */
#ifndef HALL_UPLINK_H
#define HALL_UPLINK_H

#include "rules.h"

extern const hall_handler_t hall_uplink_handlers[];

/* The lag watch, from the follow-up sweep (inside its transaction):
 * 0, or -1 on a storage error. */
int hall_uplink_sweep (hall_engine_t *self);

#endif
