/*  queue.h — the dispatch policy, shared by the server (which calls) and
 *  the clients' mirror (which shows each window its queue in that order).
 *
 *  "Call next" at window W takes, among waiting tickets (ranks 0..6):
 *    0. tickets transferred to W itself;
 *    1. green-channel tickets of any category W serves (every category if W
 *       is a green-channel window);
 *    2. tickets whose wait already exceeds their category's target wait
 *       (overdue), of W's primary or backup categories;
 *    3. appointment tickets that are due (their slot has started) of W's
 *       primary categories;
 *    4. tickets of W's primary categories;
 *    5. due appointment tickets of W's backup categories;
 *    6. tickets of W's backup categories;
 *  and within one rule, the earliest start of the wait first, then the
 *  smallest queue_seq (the order in which tickets joined: unique, so there
 *  are no ties; without one (0), the lower ticket id).  A ticket's wait
 *  starts at its queue_key (the time it joined the queue, adjusted by the
 *  re-queue and transfer policies); a due appointment ticket's at the
 *  later of its queue_key (its check-in) and its slot's start, and it is
 *  overdue when that wait exceeds the target.  An appointment not yet due
 *  queues as a walk-in.  So an appointment overtakes walk-ins only while
 *  none of them has reached the target wait (docs/DISPATCH.md).
 *  Cost: O(N log N) for N waiting tickets.
 */
#ifndef HALL_QUEUE_H
#define HALL_QUEUE_H

#include <jansson.h>
#include <stdint.h>

/* Rank of TICKET at WINDOW: 0..6 by the rules above, or -1 when WINDOW
 * may not call it.  CATEGORIES is the array of category objects (for the
 * target wait, "target_wait" in seconds).  A ticket's "appointment" is
 * null or {"at": the slot's start}. */
int     hall_queue_rank (json_t *ticket, json_t *window, json_t *categories, int64_t now);

/* The waiting tickets of TICKETS (array) that WINDOW may call, sorted in
 * dispatch order.  New reference holding borrowed-then-increfed tickets. */
json_t *hall_queue_order (json_t *tickets, json_t *window, json_t *categories, int64_t now);

#endif
