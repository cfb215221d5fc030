/*  manager-case-step-dialog.h — one step of a 差评 follow-up with its
 *  record: 联系 (how, when, what was agreed), 整改 (what was done, by whom,
 *  evidence files), 回访 (how, when, the number called, the visitor's own
 *  verdict, a note), 结案 (the summary), 裁决申诉 (accept or reject, why,
 *  the deciding manager's staff id and password).
 *
 *  确定 stays insensitive until the step's record is filled (and no file
 *  is still on its way); the dialog then sends the step through the
 *  controller and stays open until the server answers: accepted, it
 *  emits "done" and closes; refused, the server's reason shows in the
 *  dialog (label "step-error") and nothing changed.  Whether a time is
 *  too early or too late is the server's to say, not the dialog's.
 *
 *  Signal "done" (gint64 case): the server took the step.
 */
#ifndef MANAGER_CASE_STEP_DIALOG_H
#define MANAGER_CASE_STEP_DIALOG_H

#include <gtk/gtk.h>
#include "manager-case.h"
#include "manager-controller.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_CASE_STEP_DIALOG (manager_case_step_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ManagerCaseStepDialog, manager_case_step_dialog, MANAGER, CASE_STEP_DIALOG, GtkWindow)

/* STEP one of contact, rectify, revisit, close, decide, for KASE (the
 * case object, borrowed).  PHONE: the visitor's number if the manager has
 * had it shown (it fills the revisit's number called), else NULL. */
ManagerCaseStepDialog *manager_case_step_dialog_new (GtkWindow *parent, ManagerController *controller,
                                                     json_t *kase, manager_step_t step, const char *phone);
manager_step_t manager_case_step_dialog_step (ManagerCaseStepDialog *self);
/* Checks the file at PATH (size, type) and sends it to the case as
 * evidence, shown with its progress (what the file chooser does for each
 * file picked).  FALSE when refused before sending (the reason shows). */
gboolean       manager_case_step_dialog_add_file (ManagerCaseStepDialog *self, const char *path);
/* Files still on their way. */
int            manager_case_step_dialog_uploading (ManagerCaseStepDialog *self);

G_END_DECLS

#endif
