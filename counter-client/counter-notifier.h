/*  counter-notifier.h — desktop notifications (libnotify) for the clerk:
 *
 *    - green: a green-channel ticket waits that this window would call
 *      (on by default): one notification per ticket;
 *    - idle: the window is idle and a ticket arrives that it would call
 *      (off by default): one notification per update that brings new ones.
 *
 *  Each body holds the ticket number.  Notifications go to the session
 *  bus's org.freedesktop.Notifications; when there is none the failure is
 *  logged and the desk goes on.
 */
#ifndef COUNTER_NOTIFIER_H
#define COUNTER_NOTIFIER_H

#include <glib.h>
#include "mirror.h"

typedef struct _counter_notifier_t counter_notifier_t;

counter_notifier_t *counter_notifier_new (int window);
void counter_notifier_destroy (counter_notifier_t **self_p);

void counter_notifier_set_idle (counter_notifier_t *self, gboolean on);
void counter_notifier_set_green (counter_notifier_t *self, gboolean on);

/* Looks at QUEUE (the window's waiting tickets in dispatch order) and the
 * window's state in MIRROR; notifies about tickets not seen before.  The
 * first update only learns what already waits (except green tickets). */
void counter_notifier_update (counter_notifier_t *self, hall_mirror_t *mirror, json_t *queue);

/* How many notifications were shown (tests, logs). */
int  counter_notifier_sent (counter_notifier_t *self);

#endif
