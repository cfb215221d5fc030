/*  manager-day-series.h — the dashboard's day chart as data: each
 *  category's waiting people and longest current wait through today, and
 *  the hour-of-day load.  Plain C (GLib and jansson, no GTK): the
 *  controller feeds it the mirror's events and its clock; the chart
 *  (manager-day-chart.h) draws manager_day_series_json() with
 *  report_chart_day() (report-writer.h).
 *
 *  A point is the mirror's state at a time: per category (the mirror's, by
 *  position) the waiting tickets and the longest current wait, the time
 *  now less the oldest waiting ticket's queued_at (when it joined the
 *  queue: its issue, or its last re-queue or transfer).  Every event that
 *  can change a queue (ticket.* and journey.*) makes one at the event's
 *  time; the clock (while online: offline the mirror is stale) makes one
 *  when a minute has passed since the last (a quiet queue's longest wait
 *  still grows).  At most one point is kept per
 *  minute of server time — a later one in the same minute replaces it —
 *  so a day is at most 1440 points.  A point is never earlier than the one
 *  before it (the dashboard's clock runs on from the last heartbeat, a
 *  frozen test clock's events may come "before" it).
 *
 *  The server keeps no queue through the day that a manager may read, so
 *  the lines start when the dashboard first loads the day (the snapshot
 *  gives that first point exactly) and the caption says since when; a
 *  resync adds a point and goes on; another day starts afresh.  The
 *  hour-of-day load is the whole day's: the `report` of today by hour
 *  (issued), set whenever one arrives.
 *
 *  Costs: a point is O(tickets) over the mirror's active tickets.
 */
#ifndef MANAGER_DAY_SERIES_H
#define MANAGER_DAY_SERIES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "mirror.h"

#define MANAGER_DAY_SERIES_STEP 60      /* seconds of server time per point at most */

typedef struct _manager_day_series_t manager_day_series_t;

manager_day_series_t *manager_day_series_new (void);
void                  manager_day_series_destroy (manager_day_series_t **self_p);

/* The mirror was (re)loaded at NOW: another day than the series' starts
 * it afresh; then a point. */
void    manager_day_series_load (manager_day_series_t *self, hall_mirror_t *mirror, int64_t now);
/* EVENT was applied to MIRROR: a point at its time if it may have changed
 * a queue.  Returns whether a point was made. */
bool    manager_day_series_event (manager_day_series_t *self, hall_mirror_t *mirror, json_t *event);
/* The clock: a point at NOW when a minute has passed since the last. */
bool    manager_day_series_tick (manager_day_series_t *self, hall_mirror_t *mirror, int64_t now);
/* HOURS: a `report` of today by hour (borrowed); its day must be the
 * series' (else ignored).  Returns whether it was taken. */
bool    manager_day_series_set_hours (manager_day_series_t *self, json_t *hours);

/* The series in report_chart_day's shape (report-writer.h), with the
 * caption; borrowed, valid until the next call that changes it. */
json_t *manager_day_series_json (manager_day_series_t *self);
/* When the lines start (the first point's time), 0 before any. */
int64_t manager_day_series_since (manager_day_series_t *self);
/* Changes so far (points made, hours taken, resets): a view redraws when
 * it moved. */
uint64_t manager_day_series_version (manager_day_series_t *self);

#endif
