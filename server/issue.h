/*  issue.h — the operations `issue` and `category.open`.
 *
 *  An issue checks the category (open, within its hours, under its daily
 *  cap, the person not already waiting), numbers the ticket (prefix and
 *  the day's sequence: A001) and queues it; it reads its category from the
 *  issue cache (cache.h) and keeps the cache up to date.
 */
#ifndef HALL_ISSUE_H
#define HALL_ISSUE_H

#include "rules.h"
#include "cache.h"

/* What a new ticket carries besides its category. */
typedef struct {
    const char *green, *granted_by;   /* the green channel, or NULL */
    const char *person;               /* the visitor's ID number, or NULL */
    int64_t     appointment_at;       /* an appointment ticket: its slot's start ... */
    const char *appointment_slot;     /* ... and "09:00-09:30"; NULL for a walk-in */
    /* Run on the new ticket (its id) before its event is made, so the
     * event carries what it adds (a journey's steps); NULL: nothing. */
    int       (*then) (hall_engine_t *self, int64_t ticket, void *user);
    void       *user;
} hall_issue_t;

/* The issue cache's entry of CODE when it may issue a ticket now: open,
 * within its hours, under its cap, PERSON (maybe NULL) not already
 * waiting there; NULL with OUT failed. */
hall_category_cache_t *hall_issue_check (hall_engine_t *self, const char *code, const char *person,
                                         hall_outcome_t *out);

/* Numbers, queues and publishes a ticket of CATEGORY (the issue cache's
 * entry) with WHAT; OUT's result is the issue's reply.  The caller has
 * checked whether the category may issue it. */
int hall_issue_ticket (hall_engine_t *self, hall_category_cache_t *category, const hall_issue_t *what,
                       hall_outcome_t *out);

extern const hall_handler_t hall_issue_handlers[];

#endif
