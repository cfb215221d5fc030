/*  snapshot.h — the operations `snapshot`, `status` and `ticket.find`; the snapshot
 *  itself is hall_engine_snapshot() (engine.h).
 */
#ifndef HALL_SNAPSHOT_H
#define HALL_SNAPSHOT_H

#include "rules.h"

extern const hall_handler_t hall_snapshot_handlers[];

#endif
