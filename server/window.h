/*  window.h — the window operations: `pause`, `resume`, `signin`,
 *  `signout`, `window.map`.  A failed sign-in is recorded after the
 *  rollback (the engine reads self->failed_signin): five within five
 *  minutes lock the staff id.
 */
#ifndef HALL_WINDOW_OPS_H
#define HALL_WINDOW_OPS_H

#include "rules.h"

extern const hall_handler_t hall_window_handlers[];

#endif
