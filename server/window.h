/*  window.h — the window operations: `pause`, `resume`, `signin`,
 *  `signout`, `window.map`.  A failed sign-in is recorded after the
 *  rollback (the engine reads self->failed_signin): five within five
 *  minutes lock the staff id.
 */
#ifndef HALL_WINDOW_OPS_H
#define HALL_WINDOW_OPS_H

#include "rules.h"

extern const hall_handler_t hall_window_handlers[];

#define SIGNIN_MAX_FAILURES 5     /* failed sign-ins per staff id ... */
#define SIGNIN_WINDOW       300   /* ... within this many seconds lock it for as long */

/* Checks STAFF's PASSWORD against the staff member's hash, with the
 * sign-in lock: 0, or -1 with OUT failed (unknown_staff, locked, auth; a
 * failure is recorded after the rollback).  A staff member without a
 * hash passes with no password; TRUSTED (admin) passes without one even
 * when a password is given. */
int hall_staff_verify (hall_engine_t *self, const char *staff, const char *password, bool trusted,
                       hall_outcome_t *out);

#endif
