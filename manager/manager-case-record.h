/*  manager-case-record.h — the whole record of one 差评 follow-up case
 *  (case.get): the rating (level, reasons, text, channel, the 办件编号,
 *  事项 and department), the visitor's contact number masked with a
 *  显示号码 button (case.get reveal: the server records who saw it), every
 *  step as a timeline with its record (method, when, what was agreed or
 *  done, by whom, the evidence files — each opened or saved in pieces),
 *  the visitor's verdict and where it came from, the second rating, the
 *  appeal; and the steps the case offers now, each opening its dialog
 *  (manager-case-step-dialog.h).  An anonymous case says so and offers no
 *  contact nor revisit.
 *
 *  It asks again whenever a case event names its case, so a step taken
 *  anywhere shows at once.
 */
#ifndef MANAGER_CASE_RECORD_H
#define MANAGER_CASE_RECORD_H

#include <gtk/gtk.h>
#include "manager-case.h"
#include "manager-case-step-dialog.h"
#include "manager-controller.h"

G_BEGIN_DECLS

#define MANAGER_TYPE_CASE_RECORD (manager_case_record_get_type ())
G_DECLARE_FINAL_TYPE (ManagerCaseRecord, manager_case_record, MANAGER, CASE_RECORD, GtkWindow)

ManagerCaseRecord *manager_case_record_new (GtkWindow *parent, ManagerController *controller, gint64 id);
gint64             manager_case_record_id (ManagerCaseRecord *self);
/* The last case.get result shown (borrowed), or NULL before it came. */
json_t            *manager_case_record_result (ManagerCaseRecord *self);
/* What the buttons do: open the dialog of STEP (NULL for a step the case
 * does not offer now; the link is sent without one), show the number,
 * save a kept file to PATH. */
ManagerCaseStepDialog *manager_case_record_step (ManagerCaseRecord *self, manager_step_t step);
void               manager_case_record_reveal (ManagerCaseRecord *self);
void               manager_case_record_save_evidence (ManagerCaseRecord *self, gint64 evidence, const char *path);

G_END_DECLS

#endif
