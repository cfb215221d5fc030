/*  mirror.h — a client's copy of the hall state, kept by applying events.
 *
 *  The mirror starts empty, is loaded from a snapshot (the reply of the
 *  "snapshot" operation), then applies events in sequence order.  An event
 *  whose seq is not exactly the next one is a gap: the caller must resync
 *  from a fresh snapshot (ZeroMQ guide, "Clone" pattern).  Events carry the
 *  whole new state of every entity they touch ("ticket", "window",
 *  "category"), so applying one is an upsert; tickets that leave the active
 *  states (finished, noshow, cancelled, expired) leave the mirror.
 *
 *  Shape (also the shape of a snapshot; docs/PROTOCOL.md):
 *    {"seq": N, "day": "YYYY-MM-DD", "hall": {...},
 *     "categories": [...by position], "windows": [...by number],
 *     "tickets": [...active, by id], "calls": [...newest first]}
 */
#ifndef HALL_MIRROR_H
#define HALL_MIRROR_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define HALL_MIRROR_CALLS 10      /* how many recent calls are kept */

typedef struct _hall_mirror_t hall_mirror_t;

typedef enum {
    HALL_MIRROR_APPLIED = 0,      /* event applied, seq advanced */
    HALL_MIRROR_STALE,            /* seq <= current: already seen, ignored */
    HALL_MIRROR_GAP,              /* seq > current + 1, or not loaded: resync */
    HALL_MIRROR_RESYNC            /* event asks for a resync (day or config change) */
} hall_mirror_result_t;

hall_mirror_t *hall_mirror_new (void);
void           hall_mirror_destroy (hall_mirror_t **self_p);

/* Replaces the whole state with SNAPSHOT (borrowed; copied). 0 or -1 if
 * the snapshot is not of the documented shape. */
int            hall_mirror_load (hall_mirror_t *self, json_t *snapshot);
void           hall_mirror_reset (hall_mirror_t *self);     /* back to empty */
hall_mirror_result_t hall_mirror_apply (hall_mirror_t *self, json_t *event);

bool     hall_mirror_loaded (hall_mirror_t *self);
int64_t  hall_mirror_seq (hall_mirror_t *self);
const char *hall_mirror_day (hall_mirror_t *self);

/* Borrowed views; valid until the next load/apply. */
json_t  *hall_mirror_hall (hall_mirror_t *self);
json_t  *hall_mirror_categories (hall_mirror_t *self);      /* array */
json_t  *hall_mirror_journeys (hall_mirror_t *self);        /* array: the snapshot's journeys (一件事) */
json_t  *hall_mirror_windows (hall_mirror_t *self);         /* array */
json_t  *hall_mirror_tickets (hall_mirror_t *self);         /* array, active */
json_t  *hall_mirror_calls (hall_mirror_t *self);           /* array, newest first */
json_t  *hall_mirror_category (hall_mirror_t *self, const char *code);
json_t  *hall_mirror_window (hall_mirror_t *self, int number);
json_t  *hall_mirror_ticket (hall_mirror_t *self, int64_t id);

/* Counts of waiting tickets in CODE. */
int      hall_mirror_waiting (hall_mirror_t *self, const char *code);
/* People ahead of TICKET (a ticket object) in its category's queue at NOW
 * (the server's clock), by the server's rule (docs/PROTOCOL.md, `issue`:
 * green ones first, then appointments whose slot has started, then by
 * queue key and seq; tickets sent to one window left out); 0 unless
 * TICKET is waiting. */
int      hall_mirror_ahead (hall_mirror_t *self, json_t *ticket, int64_t now);

/* The waiting tickets window NUMBER would call, in the server's dispatch
 * order at time NOW (new reference; empty array if none). */
json_t  *hall_mirror_queue (hall_mirror_t *self, int number, int64_t now);

/* The whole state in snapshot shape (new reference), for comparison with a
 * fresh snapshot via json_equal(). */
json_t  *hall_mirror_dump (hall_mirror_t *self);

#endif
