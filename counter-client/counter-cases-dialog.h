/*  counter-cases-dialog.h — 我的差评: the signed-in clerk's 差评 cases and
 *  their appeals (申诉).  A list first: per case the day and ticket, the
 *  category, the level and reasons, the visitor's words, the case's state
 *  and its appeal's (申诉中 / 申诉成立 / 申诉未成立) — never the visitor's
 *  number.  A case without an appeal offers 申诉…, which opens the form:
 *  the reason (required: 提交申诉 waits for it) and evidence files (PNG,
 *  JPEG, PDF, text, at most 2 MB each, checked as they are chosen).
 *
 *  The dialog renders and asks; the desk's window does the talking:
 *    "refresh" (gboolean all)     it wants the cases again (open, or ALL);
 *                                 answer with counter_cases_dialog_set_cases
 *    "appeal"  (gint64 case, const char *reason, gpointer files)
 *                                 file an appeal; FILES a GPtrArray of
 *                                 counter_evidence_t (borrowed); answer with
 *                                 _appeal_progress and _appeal_done
 *  Escape closes it.
 */
#ifndef COUNTER_CASES_DIALOG_H
#define COUNTER_CASES_DIALOG_H

#include <gtk/gtk.h>
#include <jansson.h>

G_BEGIN_DECLS

#define COUNTER_TYPE_CASES_DIALOG (counter_cases_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CounterCasesDialog, counter_cases_dialog, COUNTER, CASES_DIALOG, GtkWindow)

CounterCasesDialog *counter_cases_dialog_new (GtkWindow *parent);

/* Whether the list shows closed cases too ("refresh"'s ALL). */
gboolean counter_cases_dialog_all (CounterCasesDialog *self);
/* Lists CASES (the cases' result's array, borrowed: copied), named from
 * CATEGORIES (the mirror's) and REASONS (rating.reasons', or NULL). */
void     counter_cases_dialog_set_cases (CounterCasesDialog *self, json_t *cases,
                                         json_t *categories, json_t *reasons);
/* The list could not be had: MESSAGE in its place. */
void     counter_cases_dialog_set_error (CounterCasesDialog *self, const char *message);

/* Adds the file at PATH to the open appeal form, as the file chooser
 * does: FALSE (and said beside the files) when it cannot go. */
gboolean counter_cases_dialog_add_file (CounterCasesDialog *self, const char *path);
/* The appeal on its way: SENT of SIZE evidence bytes are in. */
void     counter_cases_dialog_appeal_progress (CounterCasesDialog *self, gint64 sent, gint64 size);
/* The appeal was filed (ERROR NULL: back to the list, which is asked
 * again), or refused: ERROR in the form, which stays filled. */
void     counter_cases_dialog_appeal_done (CounterCasesDialog *self, const char *error);

G_END_DECLS

#endif
