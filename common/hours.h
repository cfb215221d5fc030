/*  hours.h — issuing and booking hours "HH:MM-HH:MM,HH:MM-HH:MM", shared by
 *  the server (which enforces them) and the kiosk (which shows a category
 *  as outside its hours).
 */
#ifndef HALL_HOURS_H
#define HALL_HOURS_H

/* 1 when MINUTE (of the local day, 0..1439) falls in one of the spans of
 * HOURS, 0 when not; "" or NULL means always.  -1 if HOURS is not well
 * formed. */
int hall_hours_contains (const char *hours, int minute);

/* The spans of HOURS as minutes of the day, FROM[i]..TO[i] (at most MAX
 * stored): their number, 0 for "" or NULL, -1 if not well formed. */
int hall_hours_spans (const char *hours, int *from, int *to, int max);

#endif
