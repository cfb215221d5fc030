/*  manager-booking-view.h — the 预约 page: appointments of today and the
 *  coming days, per business category and slot.
 *
 *  On the left the days (the hall's today first), each with its places
 *  taken of the day's places; on the right the chosen day: one row per
 *  slot with its places (名额), booked (已约: booked or checked in), free
 *  (余位), checked in (已签到), no-shows (未到) and cancelled (已取消), and
 *  a subtotal per category.  It renders the controller's `booking.summary`
 *  (counts only: nothing personal is in it, nor on this page).
 *
 *  Widgets are named for the tests: the day list "booking-days", a day's
 *  label "booking-day-DAY" and count "booking-day-booked-DAY", the chosen
 *  day "booking-title" and its totals "booking-totals", the table
 *  "booking-grid" with cells "booking-FIGURE-CODE-HH:MM" and subtotals
 *  "booking-FIGURE-CODE" (FIGURE: capacity, booked, free, checked-in,
 *  noshow, cancelled), and "booking-empty" when no category takes bookings.
 */
#ifndef MANAGER_BOOKING_VIEW_H
#define MANAGER_BOOKING_VIEW_H

#include <gtk/gtk.h>
#include "mirror.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_BOOKING_VIEW (manager_booking_view_get_type ())
G_DECLARE_FINAL_TYPE (ManagerBookingView, manager_booking_view, MANAGER, BOOKING_VIEW, GtkBox)

GtkWidget  *manager_booking_view_new (void);
/* SUMMARY: the `booking.summary` result (borrowed; NULL before the first);
 * MIRROR for the categories' names in the UI language and the hall's
 * today.  The chosen day stays chosen while it is shown, else today (the
 * first day) is. */
void        manager_booking_view_render (ManagerBookingView *self, json_t *summary, hall_mirror_t *mirror);
/* Shows DAY ("YYYY-MM-DD") if it is in the list (as a click on it does). */
void        manager_booking_view_select_day (ManagerBookingView *self, const char *day);
/* The day shown, or NULL. */
const char *manager_booking_view_day (ManagerBookingView *self);

G_END_DECLS

#endif
