/*  hours.h — issuing hours, shared by the server (which enforces them) and
 *  the kiosk (which shows a category as outside its hours).
 */
#ifndef HALL_HOURS_H
#define HALL_HOURS_H

/* Issuing hours "HH:MM-HH:MM,HH:MM-HH:MM": 1 when MINUTE (of the local
 * day, 0..1439) falls in one of the spans, 0 when not; "" or NULL means
 * always.  Returns -1 if HOURS is not well formed. */
int hall_hours_contains (const char *hours, int minute);

#endif
