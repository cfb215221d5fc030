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

extern const hall_handler_t hall_issue_handlers[];

#endif
