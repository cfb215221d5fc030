/*  dispatch.h — the ticket operations of a window: `call`, `recall`,
 *  `start`, `finish`, `noshow`, `requeue`, `transfer`, `cancel`.
 */
#ifndef HALL_DISPATCH_H
#define HALL_DISPATCH_H

#include "rules.h"

extern const hall_handler_t hall_dispatch_handlers[];

#endif
