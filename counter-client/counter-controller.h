/*  counter-controller.h — the desk's link to the hall server.
 *
 *  Owns the common/ session of one window (role counter), attaches it to
 *  the default GLib main context, and turns the clerk's intents (call,
 *  start, transfer…) into requests.  The views read the session's mirror
 *  and listen to three signals; they never build a request themselves.
 *
 *  Signals:
 *    "changed"  (gpointer event)     an event was applied to the mirror, or
 *                                    NULL after a resync (redraw all)
 *    "online"   (gboolean online)    the session came online / went offline
 *    "failed"   (int code, const char *message)
 *                                    the server refused a request (code is a
 *                                    hall_error_t; message is already the
 *                                    clerk-facing Chinese text)
 *    "info"     (const char *message) a request succeeded with something to
 *                                    say (e.g. nobody is waiting)
 *    "signed-in" ()                  the server accepted a sign-in from this
 *                                    desk (a clerk's password confirmed)
 *    "busy"     (gboolean busy)      a request is on its way / all answered
 *    "found"    (gpointer result)    the reply to counter_controller_find():
 *                                    ticket.find's result (borrowed)
 *    "matter-added"   (const char *number)
 *                                    matter.add recorded NUMBER for the visit
 *    "matter-refused" (int code, const char *message)
 *                                    the server refused a 办件编号 (matter.add),
 *                                    or a finish for want of one
 *                                    (matter_required): MESSAGE is the reason
 *                                    alone, for beside the field ("failed"
 *                                    says it too, in the banner)
 *
 *    "cases"          (gpointer result)
 *                                    the reply to counter_controller_cases():
 *                                    the cases' result (borrowed)
 *    "cases-refused"  (int code, const char *message)
 *                                    the server refused it (MESSAGE for the
 *                                    clerk; not said in "failed")
 *    "cases-changed"  ()             a case of the clerk signed in here was
 *                                    opened or changed (case.opened,
 *                                    case.updated): ask again
 *    "appeal-progress" (gint64 sent, gint64 size)
 *                                    the appeal's evidence files moved on
 *    "appeal-done"    (int code, const char *message)
 *                                    the appeal was filed (code 0, MESSAGE
 *                                    NULL), or refused on the way: MESSAGE
 *                                    for the clerk, in the appeal form (not
 *                                    said in "failed")
 *
 *  A journey ticket whose step ends at this window (finish, skip, back:
 *  event ticket.stepped) leaves it for its next step's queue: "info"
 *  says where it went.
 */
#ifndef COUNTER_CONTROLLER_H
#define COUNTER_CONTROLLER_H

#include <glib-object.h>
#include "session.h"
#include "counter-format.h"

G_BEGIN_DECLS

#define COUNTER_TYPE_CONTROLLER (counter_controller_get_type ())
G_DECLARE_FINAL_TYPE (CounterController, counter_controller, COUNTER, CONTROLLER, GObject)

CounterController *counter_controller_new (const char *requests, const char *events, int window);

int             counter_controller_window (CounterController *self);
hall_session_t *counter_controller_session (CounterController *self);
hall_mirror_t  *counter_controller_mirror (CounterController *self);
gboolean        counter_controller_online (CounterController *self);
/* The server refuses this desk's key (not enrolled, or revoked). */
gboolean        counter_controller_key_refused (CounterController *self);
gboolean        counter_controller_busy (CounterController *self);
/* Server time (seconds), for waits and service times. */
gint64          counter_controller_now (CounterController *self);

/* The window's mean service time today (finished − started, over the
 * tickets and journey steps served there after a start: the server's
 * served_timed and service_time), and how many; FALSE when none. */
gboolean        counter_controller_average_service (CounterController *self, gint64 *seconds, int *count);

/* TICKET's latest call (server seconds) and its recalls since, for the
 * hall's no-show rule: from the calls this desk saw at its window; for a
 * ticket called before it was listening, from the hall's recent calls, or
 * else its first call and no recalls (FALSE then: a guess that errs
 * towards allowing; the server is the judge). */
gboolean        counter_controller_latest_call (CounterController *self, json_t *ticket,
                                                gint64 *time, int *recalls);

/* Signs STAFF in as soon as the session is online (now, if it is). */
void counter_controller_auto_signin (CounterController *self, const char *staff);

/* Intents.  Each sends one request for this window; the outcome comes
 * back through the mirror (events) and "failed"/"info". */
void counter_controller_call        (CounterController *self);
void counter_controller_recall      (CounterController *self);
void counter_controller_start       (CounterController *self);
void counter_controller_finish      (CounterController *self);
void counter_controller_noshow      (CounterController *self);
void counter_controller_transfer_to_category (CounterController *self, const char *code);
void counter_controller_transfer_to_window   (CounterController *self, int window);
void counter_controller_pause       (CounterController *self, const char *reason);
void counter_controller_resume      (CounterController *self);
void counter_controller_signin      (CounterController *self, const char *staff, const char *password);
void counter_controller_signout     (CounterController *self);
/* Looks up today's ticket NUMBER and its history (ticket.find): "found"
 * with the result, or "failed". */
void counter_controller_find        (CounterController *self, const char *number);

/* "一件事" journeys (docs/PROTOCOL.md, journey.start …).  The current
 * ticket goes on journey CODE; skips its optional step STEP (an index
 * into the journey's steps, -1: the current one); goes back to step STEP
 * (done or skipped); ends its journey here (REASON may be NULL). */
void counter_controller_journey_start (CounterController *self, const char *code);
void counter_controller_journey_skip  (CounterController *self, int step);
void counter_controller_journey_back  (CounterController *self, int step);
void counter_controller_journey_end   (CounterController *self, const char *reason);
/* The signed-in clerk accompanies (帮办) today's ticket NUMBER, or stops
 * accompanying it when RELEASE. */
void counter_controller_accompany     (CounterController *self, const char *number, gboolean release);

/* 好差评 by 办件 (docs/PROTOCOL.md, matter.add): the visit being served
 * here handles the matter with 办件编号 NUMBER (typed, or scanned); one
 * typed wrong comes off again.  "matter-added" or "matter-refused". */
void counter_controller_matter_add    (CounterController *self, const char *number);
void counter_controller_matter_remove (CounterController *self, const char *number);

/* 我的差评 (docs/PROTOCOL.md, cases, case.appeal): the cases of the clerk
 * signed in here — the open ones, or ALL — with the reason list
 * (rating.reasons, asked once) to name their reasons: "cases" or
 * "cases-refused".  The reason list, or NULL before the first reply. */
void    counter_controller_cases   (CounterController *self, gboolean all);
json_t *counter_controller_reasons (CounterController *self);
/* Files the signed-in clerk's appeal of case KASE with REASON: first each
 * of FILES (counter_evidence_t, borrowed: the controller keeps its own
 * reference to their data) in pieces (case.evidence.add), then
 * case.appeal with their ids; "appeal-progress", then "appeal-done".  One
 * appeal at a time: FALSE (nothing sent) while one is on its way. */
gboolean counter_controller_appeal (CounterController *self, gint64 kase, const char *reason,
                                    GPtrArray *files);

G_END_DECLS

#endif
