/*  phone.h — the visitor's phone (hall-web's operations): `ticket.view`
 *  (the ticket page, by the link's token), `notify.subscribe`,
 *  `notify.owed` and `notify.sent` (the SMS the hall owes), and the token
 *  every ticket gets at issue.  docs/PROTOCOL.md has the wire side.
 */
#ifndef HALL_PHONE_H
#define HALL_PHONE_H

#include "rules.h"

#define HALL_PHONE_TOKEN_SIZE 23    /* 22 characters of base64url (128 bits) and the NUL */

/* A new random token into TOKEN; -1 when the system gives no randomness. */
int     hall_phone_token_new (char token[HALL_PHONE_TOKEN_SIZE]);
/* The ticket id of TOKEN; 0 with OUT failed (unknown_ticket, or bad_state
 * when the link has expired: its day is over and the ticket is done). */
int64_t hall_phone_ticket (hall_engine_t *self, const char *token, hall_outcome_t *out);
/* The day change: numbers left for SMS and messages still owed go. */
int     hall_phone_day_sweep (hall_engine_t *self);
/* "138****5678": how a number a visitor left is shown back (a new
 * reference; null for none). */
json_t *hall_phone_masked (const char *phone);

/* A reminder of KIND owed for BOOKING (booking.c decides when), once. */
int     hall_phone_owe_booking (hall_engine_t *self, int64_t booking, const char *kind);

extern const hall_handler_t hall_phone_handlers[];

#endif
