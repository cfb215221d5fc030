/*  queue.h — the dispatch policy, shared by the server (which calls) and
 *  the clients' mirror (which shows each window its queue in that order).
 *
 *  "Call next" at window W takes, among waiting tickets:
 *    1. tickets transferred to W itself;
 *    2. green-channel tickets of any category W serves (every category if W
 *       is a green-channel window);
 *    3. tickets whose wait in the queue already exceeds their category's
 *       target wait (overdue), of W's primary or backup categories;
 *    4. tickets of W's primary categories;
 *    5. tickets of W's backup categories;
 *  and within one rule, the smallest queue_key first (the longest wait:
 *  queue_key is the time the ticket joined the queue, adjusted by the
 *  re-queue and transfer policies), then the smallest queue_seq (the order
 *  in which tickets joined: unique, so there are no ties).  Tickets
 *  without a queue_seq (0) fall back on the lower ticket id.
 *  Cost: O(N log N) for N waiting tickets.
 */
#ifndef HALL_QUEUE_H
#define HALL_QUEUE_H

#include <jansson.h>
#include <stdint.h>

/* Rank of TICKET at WINDOW: 0..4 by the rules above, or -1 when WINDOW
 * may not call it.  CATEGORIES is the array of category objects (for the
 * target wait, "target_wait" in seconds). */
int     hall_queue_rank (json_t *ticket, json_t *window, json_t *categories, int64_t now);

/* The waiting tickets of TICKETS (array) that WINDOW may call, sorted in
 * dispatch order.  New reference holding borrowed-then-increfed tickets. */
json_t *hall_queue_order (json_t *tickets, json_t *window, json_t *categories, int64_t now);

#endif
