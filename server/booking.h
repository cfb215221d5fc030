/*  booking.h — appointments (预约): slots as data and real-name bookings.
 *
 *  A category takes bookings when its [category CODE] group has
 *  booking_hours ("09:00-11:30,14:00-16:30"), cut into booking_slot-minute
 *  slots (default 30) of booking_capacity places (default 1), for today and
 *  the next booking_days working days (default 5, on the hall's calendar:
 *  holidays off, make-up working days on), until booking_cutoff minutes
 *  before a slot (default 0); a booking can be cancelled until
 *  booking_cancel minutes before its slot.  [hall] booking_ban_after (3)
 *  missed bookings within 30 days stop a person booking for
 *  booking_ban_days (30).  Operations `booking.slots`, `booking.create`,
 *  `booking.cancel`, `booking.list` (docs/PROTOCOL.md).
 *
 *  A booking keeps the person's document number only as a keyed hash (the
 *  hall's secret, made once) and masked (330102********1234); its name and
 *  phone are shown masked.
 */
#ifndef HALL_BOOKING_H
#define HALL_BOOKING_H

#include "rules.h"

bool hall_booking_config_check (GKeyFile *keys, const char *source, GError **error);
int  hall_booking_config_apply (GKeyFile *keys, hall_store_t *store);

/* Once a minute and at the day change: bookings still booked when their
 * check-in window closed become no-shows (event booking.noshow); names and
 * phone numbers past booking_retention_days go.  *NEXT is lowered to when
 * the next window closes today.  0, or -1 on a storage error. */
int  hall_booking_sweep (hall_engine_t *self, int64_t *next);

/* The reminders now owed (notify.owed): `booking_day` on the working
 * day before the slot's from booking_remind_at, `booking_hour` from an
 * hour before its start; only for bookings still booked, with a phone,
 * made before that moment.  0, or -1 on a storage error. */
int  hall_booking_remind (hall_engine_t *self);

extern const hall_handler_t hall_booking_handlers[];

#endif
