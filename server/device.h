/*  device.h — the operations `device.enroll`, `device.list`,
 *  `device.revoke` (which main.c follows by cutting the revoked device's
 *  event connection) and `staff.password`.
 */
#ifndef HALL_DEVICE_H
#define HALL_DEVICE_H

#include "rules.h"

extern const hall_handler_t hall_device_handlers[];

#endif
