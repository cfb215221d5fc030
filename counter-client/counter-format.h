/*  counter-format.h — small text helpers shared by the desk's views:
 *  durations and category names in the UI language.
 */
#ifndef COUNTER_FORMAT_H
#define COUNTER_FORMAT_H

#include <glib.h>
#include <jansson.h>

/* "3分05秒", "1小时02分" (translated); "—" for a negative duration. */
char       *counter_format_duration (gint64 seconds);
/* The category's name in the UI language ("name" or "name_en"); its code
 * when the category is unknown (CATEGORY NULL). */
const char *counter_category_name (json_t *category, const char *code);
/* ticket.find's RESULT as the desk shows it: number, category (named from
 * CATEGORIES, the mirror's), state, how long it waited and was served,
 * then one line per step at its local time in the hall's zone TZID. */
char       *counter_find_text (json_t *result, json_t *categories, const char *tzid);

/* A journey ticket (一件事): the shared wording of where it stands,
 * "第 2 步 / 共 4 步：印章刻制" in the UI language (hall_journey_text),
 * its current step named from CATEGORIES (the mirror's).  NULL for a
 * ticket with no journey.  g_free. */
char       *counter_journey_text (json_t *ticket, json_t *categories);
/* "一件事 2/4": the queue's short mark.  NULL for no journey.  g_free. */
char       *counter_journey_mark (json_t *ticket);
/* The steps of JOURNEY (a ticket's, or one of the hall's, which has no
 * states) at a glance, as Pango markup: stages by " › ", a stage's steps
 * by " · ", done ✓, current ▶ in bold, skipped and dropped struck
 * through, optional ones marked.  NULL for no journey.  g_free. */
char       *counter_journey_steps_markup (json_t *journey, json_t *categories);
/* The name of step INDEX of TICKET's journey (its category's, in the UI
 * language).  Borrowed from CATEGORIES, or the code. */
const char *counter_journey_step_name (json_t *ticket, int index, json_t *categories);
/* The journey's 帮办 clerk "赵敏（1009）", or NULL.  g_free. */
char       *counter_journey_helper (json_t *ticket);

/* 好差评 by 办件: the 办件编号 recorded for TICKET's visit — of its
 * current step, for a journey ticket (a matter's "step" is the journey's
 * "current" then) — oldest first.  NULL-terminated, empty for none (TICKET
 * NULL included).  g_strfreev. */
char      **counter_visit_matters (json_t *ticket);
/* Whether TICKET may not finish for want of a 办件编号: its CATEGORY (the
 * mirror's; NULL: unknown, no) has matter_required and the visit none —
 * the server's rule for `finish` (matter_required), so that the desk
 * says so before the clerk tries. */
gboolean    counter_matter_missing (json_t *ticket, json_t *category);

/* ---- 我的差评: the clerk's cases and their appeals ---------------------- */

/* A case's state ("open" …) and its appeal's (the case's "appeal" object,
 * or NULL: "") in the desk's words: 待联系 …; 申诉中, 申诉成立, 申诉未成立. */
const char *counter_case_state_name  (const char *state);
const char *counter_case_appeal_name (json_t *appeal);
/* The lines of KASE as the desk lists it (g_free each): TITLE "2026-11-27
 * A001 · 企业开办" (the category named from CATEGORIES, the mirror's);
 * RATING "非常不满意 · 排队等候时间长、…" (the reasons named from REASONS,
 * rating.reasons' result; the code when unknown); TEXT the visitor's own
 * words, or NULL; STATE "待联系 · 申诉中".  The visitor's number is never
 * among them. */
void        counter_case_lines (json_t *kase, json_t *categories, json_t *reasons,
                                char **title, char **rating, char **text, char **state);
/* Whether the clerk may appeal KASE: a 差评 case, not closed, without an
 * appeal (the server's rule for case.appeal). */
gboolean    counter_case_can_appeal (json_t *kase);

/* An evidence file for an appeal (case.evidence.add): at most
 * COUNTER_EVIDENCE_MAX bytes of PNG, JPEG, PDF or UTF-8 text, the content
 * agreeing with the name's suffix. */
#define COUNTER_EVIDENCE_MAX   (2 * 1024 * 1024)
#define COUNTER_EVIDENCE_PIECE (32 * 1024)    /* decoded bytes per request */
typedef struct {
    char       *name;    /* the file's name, no folder */
    const char *type;    /* "image/png", "image/jpeg", "application/pdf", "text/plain" */
    GBytes     *data;    /* the whole file */
} counter_evidence_t;

/* Reads PATH and checks it (a file too large is not read): the evidence,
 * or NULL with *WHY (g_free) the clerk's reason. */
counter_evidence_t *counter_evidence_read (const char *path, char **why);
void                counter_evidence_free (counter_evidence_t *evidence);

/* ---- desk actions that forgive a slip ----------------------------------- */

/* The hall's no-show rule (docs/PROTOCOL.md, noshow; HALL the mirror's
 * hall: noshow_after, noshow_recalls) for a ticket last called at CALLED
 * (server seconds) and recalled RECALLS times since, at NOW: TRUE when a
 * no-show may be asked for (no rule, or the visitor had their time or
 * their recalls).  Else *WHY (g_free; may be NULL) says when it will be
 * possible: "叫号 90 秒后或重呼 1 次后可记过号（还需 45 秒）".  The server
 * holds the same rule (too_soon) and is the judge; the desk says it first. */
gboolean    counter_noshow_ready (json_t *hall, gint64 called, int recalls, gint64 now, char **why);
/* What a no-show of TICKET means for the visitor, by the hall's
 * missed_policy and requeue_max (HALL the mirror's):
 * "A003 将记为过号。访客可到服务台重新排队（今日还可 2 次）".  g_free. */
char       *counter_noshow_summary (json_t *hall, json_t *ticket);

#endif
