/*  manager-case-step-dialog.c — see manager-case-step-dialog.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-case-step-dialog.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

#include <glib/gstdio.h>
#include <stdio.h>

/* A file picked for the step: on its way, kept, or refused. */
typedef struct {
    gint64          upload;     /* the controller's number for it */
    gint64          evidence;   /* the server's id (0 before its first piece) */
    gboolean        complete;
    gboolean        failed;
    GtkProgressBar *bar;
    GtkLabel       *status;
} file_t;

struct _ManagerCaseStepDialog {
    GtkWindow          parent_instance;
    ManagerController *controller;   /* owned reference */
    manager_step_t     step;
    gint64             kase;         /* the case's id */
    char              *tz;           /* the hall's time zone */
    gint64             req;          /* the step's request on its way, or 0 */
    GPtrArray         *files;        /* file_t, in the order picked */
    GtkLabel          *title_label;
    GtkLabel          *subject_label;
    GtkWidget         *method_row;
    GtkCheckButton    *method_phone;
    GtkCheckButton    *method_sms;
    GtkCheckButton    *method_visit;
    GtkWidget         *at_row;
    GtkEditable       *date_entry;
    GtkEditable       *time_entry;
    GtkWidget         *called_row;
    GtkEditable       *called_entry;
    GtkWidget         *verdict_row;
    GtkWidget         *verdict_hint;
    GtkCheckButton    *verdict_good;
    GtkCheckButton    *verdict_fair;
    GtkCheckButton    *verdict_bad;
    GtkWidget         *decision_row;
    GtkCheckButton    *accept_check;
    GtkCheckButton    *reject_check;
    GtkWidget         *note_row;
    GtkLabel          *note_label;
    GtkTextView       *note_view;
    GtkWidget         *by_row;
    GtkEditable       *by_entry;
    GtkWidget         *evidence_row;
    GtkButton         *add_file_button;
    GtkBox            *files_box;
    GtkWidget         *staff_row;
    GtkWidget         *staff_hint;
    GtkEditable       *staff_entry;
    GtkEditable       *password_entry;
    GtkLabel          *error_label;
    GtkLabel          *hint_label;
    GtkButton         *ok_button;
    GtkButton         *cancel_button;
};

G_DEFINE_FINAL_TYPE (ManagerCaseStepDialog, manager_case_step_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_DONE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

/* ---- the record ----------------------------------------------------------- */

static char *
s_note (ManagerCaseStepDialog *self)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    char *text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    return g_strstrip (text);
}

static const char *
s_text (GtkEditable *entry)
{
    return gtk_editable_get_text (entry);
}

static gboolean
s_filled (GtkEditable *entry)
{
    g_autofree char *text = g_strstrip (g_strdup (s_text (entry)));
    return *text != '\0';
}

/* The `at` of the date and time fields in the hall's zone; -1 when they
 * do not read as a date and a time. */
static gint64
s_at (ManagerCaseStepDialog *self)
{
    int y, mo, d, h, mi;
    char tail;
    if (sscanf (s_text (self->date_entry), "%d-%d-%d%c", &y, &mo, &d, &tail) != 3
        || sscanf (s_text (self->time_entry), "%d:%d%c", &h, &mi, &tail) != 2
        || h < 0 || h > 23 || mi < 0 || mi > 59 || !g_date_valid_dmy (d, mo, y))
        return -1;
    g_autoptr (GTimeZone) zone = self->tz ? g_time_zone_new_identifier (self->tz) : NULL;
    g_autoptr (GDateTime) when = g_date_time_new (zone ? zone : g_time_zone_new_local (), y, mo, d, h, mi, 0);
    return when ? g_date_time_to_unix (when) : -1;
}

static const char *
s_method (ManagerCaseStepDialog *self)
{
    if (gtk_check_button_get_active (self->method_sms))
        return "sms";
    if (gtk_check_button_get_active (self->method_visit))
        return "visit";
    return "phone";
}

static const char *
s_verdict (ManagerCaseStepDialog *self)
{
    if (gtk_check_button_get_active (self->verdict_good)) return "满意";
    if (gtk_check_button_get_active (self->verdict_fair)) return "基本满意";
    if (gtk_check_button_get_active (self->verdict_bad))  return "不满意";
    return NULL;
}

int
manager_case_step_dialog_uploading (ManagerCaseStepDialog *self)
{
    int n = 0;
    for (guint i = 0; i < self->files->len; i++) {
        file_t *file = g_ptr_array_index (self->files, i);
        n += !file->complete && !file->failed;
    }
    return n;
}

/* What the record still lacks, in words; NULL when it is complete. */
static const char *
s_missing (ManagerCaseStepDialog *self)
{
    g_autofree char *note = s_note (self);
    gboolean timed = self->step == MANAGER_STEP_CONTACT || self->step == MANAGER_STEP_REVISIT;
    if (timed && s_at (self) < 0)
        return _("请填写日期和时间");
    switch (self->step) {
    case MANAGER_STEP_CONTACT:
        return *note ? NULL : _("请填写与访客约定的内容");
    case MANAGER_STEP_RECTIFY:
        if (!*note)
            return _("请填写整改内容");
        if (!s_filled (self->by_entry))
            return _("请填写整改人");
        return manager_case_step_dialog_uploading (self) ? _("文件上传中…") : NULL;
    case MANAGER_STEP_REVISIT:
        if (g_strcmp0 (s_method (self), "phone") == 0 && !s_filled (self->called_entry))
            return _("请填写回访拨打的号码");
        return s_verdict (self) ? NULL : _("请选择访客本人的评价");
    case MANAGER_STEP_CLOSE:
        return *note ? NULL : _("请填写结案小结");
    case MANAGER_STEP_DECIDE:
        if (!gtk_check_button_get_active (self->accept_check) && !gtk_check_button_get_active (self->reject_check))
            return _("请选择采纳或驳回");
        if (!*note)
            return _("请填写裁决理由");
        return s_filled (self->staff_entry) && *s_text (self->password_entry) ? NULL
               : _("请裁决人输入工号和密码");
    default:
        return NULL;
    }
}

static void
s_update (ManagerCaseStepDialog *self)
{
    const char *missing = s_missing (self);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), !missing && !self->req);
    gtk_label_set_text (self->hint_label, self->req ? _("正在提交…") : missing ? missing : "");
    gtk_widget_set_visible (GTK_WIDGET (self->called_row), self->step == MANAGER_STEP_REVISIT
                            && g_strcmp0 (s_method (self), "phone") == 0);
}

static void
s_changed (gpointer widget, ManagerCaseStepDialog *self)
{
    s_update (self);
}

/* ---- sending --------------------------------------------------------------- */

static void
s_ok (GtkButton *button, ManagerCaseStepDialog *self)
{
    if (s_missing (self) || self->req)
        return;
    g_autofree char *note = s_note (self);
    g_autoptr (json_t) record = json_object ();
    switch (self->step) {
    case MANAGER_STEP_CONTACT:
    case MANAGER_STEP_REVISIT:
        json_object_set_new (record, "method", json_string (s_method (self)));
        json_object_set_new (record, "at", json_integer (s_at (self)));
        if (*note)
            json_object_set_new (record, "note", json_string (note));
        if (self->step == MANAGER_STEP_REVISIT) {
            json_object_set_new (record, "verdict", json_string (s_verdict (self)));
            if (g_strcmp0 (s_method (self), "phone") == 0) {
                g_autofree char *called = g_strstrip (g_strdup (s_text (self->called_entry)));
                json_object_set_new (record, "called", json_string (called));
            }
        }
        break;
    case MANAGER_STEP_RECTIFY: {
        g_autofree char *by = g_strstrip (g_strdup (s_text (self->by_entry)));
        json_object_set_new (record, "note", json_string (note));
        json_object_set_new (record, "by", json_string (by));
        json_t *ids = json_array ();
        for (guint i = 0; i < self->files->len; i++) {
            file_t *file = g_ptr_array_index (self->files, i);
            if (file->complete)
                json_array_append_new (ids, json_integer (file->evidence));
        }
        if (json_array_size (ids))
            json_object_set_new (record, "evidence", ids);
        else
            json_decref (ids);
        break;
    }
    case MANAGER_STEP_CLOSE:
        json_object_set_new (record, "note", json_string (note));
        break;
    default:
        break;
    }
    if (self->step == MANAGER_STEP_DECIDE) {
        g_autofree char *staff = g_strstrip (g_strdup (s_text (self->staff_entry)));
        self->req = manager_controller_decide_appeal (self->controller, self->kase,
                                                      gtk_check_button_get_active (self->accept_check), note,
                                                      staff, s_text (self->password_entry));
    } else
        self->req = manager_controller_update_case (self->controller, self->kase,
                                                    manager_step_action (self->step), record);
    if (self->req < 0)
        self->req = 0;
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    s_update (self);
}

static void
s_case_reply (ManagerController *controller, gint64 req, gpointer result, const char *error,
              ManagerCaseStepDialog *self)
{
    if (req != self->req)
        return;
    self->req = 0;
    if (result) {
        g_signal_emit (self, s_signals[SIGNAL_DONE], 0, self->kase);
        gtk_window_destroy (GTK_WINDOW (self));
        return;
    }
    g_autofree char *text = g_strdup_printf (_("服务器未接受：%s"), error ? error : "?");
    gtk_label_set_text (self->error_label, text);
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    if (self->step == MANAGER_STEP_DECIDE)
        gtk_editable_set_text (self->password_entry, "");
    s_update (self);
}

static void
s_cancel (GtkButton *button, ManagerCaseStepDialog *self)
{
    gtk_window_destroy (GTK_WINDOW (self));
}

/* ---- evidence files ---------------------------------------------------------- */

static void
s_evidence (ManagerController *controller, gint64 upload, gint64 evidence, gint64 sent, gint64 size,
            const char *error, ManagerCaseStepDialog *self)
{
    for (guint i = 0; i < self->files->len; i++) {
        file_t *file = g_ptr_array_index (self->files, i);
        if (file->upload != upload)
            continue;
        file->evidence = evidence;
        gtk_progress_bar_set_fraction (file->bar, size ? (double) sent / (double) size : 1.0);
        if (error) {
            file->failed = TRUE;
            g_autofree char *text = g_strdup_printf (_("上传失败：%s"), error);
            gtk_label_set_text (file->status, text);
            gtk_widget_add_css_class (GTK_WIDGET (file->status), "bad");
        } else if (sent >= size) {
            file->complete = TRUE;
            gtk_label_set_text (file->status, _("已上传"));
        } else {
            g_autofree char *text = g_strdup_printf (_("%lld / %lld KB"), (long long) (sent / 1024),
                                                     (long long) ((size + 1023) / 1024));
            gtk_label_set_text (file->status, text);
        }
    }
    s_update (self);
}

/* A row for a file: its name, a progress bar and how far it is. */
static file_t *
s_file_row (ManagerCaseStepDialog *self, const char *name, const char *status)
{
    file_t *file = g_new0 (file_t, 1);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    g_autofree char *row_name = g_strdup_printf ("step-file-%u", self->files->len + 1);
    gtk_widget_set_name (row, row_name);
    GtkWidget *label = gtk_label_new (name);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_width_chars (GTK_LABEL (label), 14);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_box_append (GTK_BOX (row), label);
    file->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
    gtk_widget_set_valign (GTK_WIDGET (file->bar), GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (GTK_WIDGET (file->bar), 120, -1);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (file->bar));
    file->status = GTK_LABEL (gtk_label_new (status));
    gtk_label_set_width_chars (file->status, 14);
    gtk_label_set_wrap (file->status, TRUE);
    gtk_label_set_xalign (file->status, 0);
    g_autofree char *status_name = g_strdup_printf ("step-file-status-%u", self->files->len + 1);
    gtk_widget_set_name (GTK_WIDGET (file->status), status_name);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (file->status));
    gtk_box_append (self->files_box, row);
    g_ptr_array_add (self->files, file);
    return file;
}

gboolean
manager_case_step_dialog_add_file (ManagerCaseStepDialog *self, const char *path)
{
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *data = NULL;
    gsize size = 0;
    g_autoptr (GError) error = NULL;
    g_autofree char *why = NULL;
    const char *type = NULL;
    /* Checked before a byte is sent: a file too large is not even read. */
    GStatBuf st;
    if (g_stat (path, &st) == 0 && st.st_size > MANAGER_EVIDENCE_MAX)
        manager_evidence_type (name, NULL, (gsize) st.st_size, &why);
    else if (!g_file_get_contents (path, &data, &size, &error))
        why = g_strdup (error->message);
    else
        type = manager_evidence_type (name, (const guchar *) data, size, &why);
    if (!type) {
        file_t *file = s_file_row (self, name, "");
        file->failed = TRUE;
        gtk_widget_set_visible (GTK_WIDGET (file->bar), FALSE);
        gtk_widget_set_hexpand (GTK_WIDGET (file->status), TRUE);
        g_autofree char *text = g_strdup_printf (_("不能上传：%s"), why);
        gtk_label_set_text (file->status, text);
        gtk_widget_add_css_class (GTK_WIDGET (file->status), "bad");
        s_update (self);
        return FALSE;
    }
    file_t *file = s_file_row (self, name, _("上传中…"));
    g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), size);
    file->upload = manager_controller_add_evidence (self->controller, self->kase, name, type, bytes);
    s_update (self);
    return TRUE;
}

static void
s_chosen (GtkNativeDialog *chooser, int response, ManagerCaseStepDialog *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
        for (guint i = 0; i < g_list_model_get_n_items (files); i++) {
            g_autoptr (GFile) file = g_list_model_get_item (files, i);
            g_autofree char *path = g_file_get_path (file);
            if (path)
                manager_case_step_dialog_add_file (self, path);
        }
    }
    g_object_unref (chooser);
}

static void
s_add_file (GtkButton *button, ManagerCaseStepDialog *self)
{
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("选择整改证据"), GTK_WINDOW (self),
                                                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("上传"), _("取消"));
    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
    GtkFileFilter *filter = gtk_file_filter_new ();
    gtk_file_filter_set_name (filter, _("图片、PDF、文本"));
    gtk_file_filter_add_mime_type (filter, "image/png");
    gtk_file_filter_add_mime_type (filter, "image/jpeg");
    gtk_file_filter_add_mime_type (filter, "application/pdf");
    gtk_file_filter_add_mime_type (filter, "text/plain");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    g_object_unref (filter);
    g_signal_connect (chooser, "response", G_CALLBACK (s_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- life cycle --------------------------------------------------------------- */

static void
manager_case_step_dialog_dispose (GObject *object)
{
    ManagerCaseStepDialog *self = MANAGER_CASE_STEP_DIALOG (object);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->controller);
    G_OBJECT_CLASS (manager_case_step_dialog_parent_class)->dispose (object);
}

static void
manager_case_step_dialog_finalize (GObject *object)
{
    ManagerCaseStepDialog *self = MANAGER_CASE_STEP_DIALOG (object);
    g_ptr_array_unref (self->files);
    g_free (self->tz);
    G_OBJECT_CLASS (manager_case_step_dialog_parent_class)->finalize (object);
}

#define BIND(field) gtk_widget_class_bind_template_child (widget_class, ManagerCaseStepDialog, field)

static void
manager_case_step_dialog_class_init (ManagerCaseStepDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_case_step_dialog_dispose;
    G_OBJECT_CLASS (klass)->finalize = manager_case_step_dialog_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-case-step-dialog.ui");
    BIND (title_label); BIND (subject_label);
    BIND (method_row); BIND (method_phone); BIND (method_sms); BIND (method_visit);
    BIND (at_row); BIND (date_entry); BIND (time_entry);
    BIND (called_row); BIND (called_entry);
    BIND (verdict_row); BIND (verdict_hint); BIND (verdict_good); BIND (verdict_fair); BIND (verdict_bad);
    BIND (decision_row); BIND (accept_check); BIND (reject_check);
    BIND (note_row); BIND (note_label); BIND (note_view);
    BIND (by_row); BIND (by_entry);
    BIND (evidence_row); BIND (add_file_button); BIND (files_box);
    BIND (staff_row); BIND (staff_hint); BIND (staff_entry); BIND (password_entry);
    BIND (error_label); BIND (hint_label); BIND (ok_button); BIND (cancel_button);
    s_signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
manager_case_step_dialog_init (ManagerCaseStepDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->files = g_ptr_array_new_with_free_func (g_free);
    g_signal_connect (self->ok_button, "clicked", G_CALLBACK (s_ok), self);
    g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (s_cancel), self);
    g_signal_connect (self->add_file_button, "clicked", G_CALLBACK (s_add_file), self);
    GtkCheckButton *checks[] = { self->method_phone, self->method_sms, self->method_visit, self->verdict_good,
                                 self->verdict_fair, self->verdict_bad, self->accept_check, self->reject_check };
    for (size_t i = 0; i < G_N_ELEMENTS (checks); i++)
        g_signal_connect (checks[i], "toggled", G_CALLBACK (s_changed), self);
    GtkEditable *entries[] = { self->date_entry, self->time_entry, self->called_entry, self->by_entry,
                               self->staff_entry, self->password_entry };
    for (size_t i = 0; i < G_N_ELEMENTS (entries); i++)
        g_signal_connect (entries[i], "changed", G_CALLBACK (s_changed), self);
    g_signal_connect (gtk_text_view_get_buffer (self->note_view), "changed", G_CALLBACK (s_changed), self);
}

static const char *
s_title (manager_step_t step)
{
    switch (step) {
    case MANAGER_STEP_CONTACT: return _("联系访客");
    case MANAGER_STEP_RECTIFY: return _("整改");
    case MANAGER_STEP_REVISIT: return _("回访");
    case MANAGER_STEP_CLOSE:   return _("结案");
    case MANAGER_STEP_DECIDE:  return _("裁决申诉");
    default:                   return "";
    }
}

static const char *
s_note_title (manager_step_t step)
{
    switch (step) {
    case MANAGER_STEP_CONTACT: return _("与访客约定的内容（必填）");
    case MANAGER_STEP_RECTIFY: return _("整改内容：做了什么（必填）");
    case MANAGER_STEP_REVISIT: return _("回访备注（可选）");
    case MANAGER_STEP_CLOSE:   return _("结案小结（必填）");
    case MANAGER_STEP_DECIDE:  return _("裁决理由（必填）");
    default:                   return "";
    }
}

ManagerCaseStepDialog *
manager_case_step_dialog_new (GtkWindow *parent, ManagerController *controller, json_t *kase,
                              manager_step_t step, const char *phone)
{
    ManagerCaseStepDialog *self = g_object_new (MANAGER_TYPE_CASE_STEP_DIALOG, "transient-for", parent, NULL);
    self->controller = g_object_ref (controller);
    self->step = step;
    self->kase = json_integer_value (json_object_get (kase, "id"));
    self->tz = g_strdup (json_string_value (json_object_get (hall_mirror_hall (manager_controller_mirror (controller)),
                                                             "timezone")));
    g_signal_connect (controller, "case-reply", G_CALLBACK (s_case_reply), self);
    g_signal_connect (controller, "evidence", G_CALLBACK (s_evidence), self);

    g_autofree char *title = g_strdup_printf (_("%s：案件 %lld"), s_title (step), (long long) self->kase);
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_label_set_text (self->title_label, title);
    json_t *rating = json_object_get (kase, "rating");
    const char *level = json_string_value (json_object_get (rating, "level_name"));
    const char *phone_masked = json_string_value (json_object_get (kase, "phone"));
    g_autofree char *subject = g_strdup_printf (_("%s %s 号 · %d号窗口 · %s · 联系电话 %s"),
        json_string_value (json_object_get (kase, "day")) ?: "", json_string_value (json_object_get (kase, "number")) ?: "",
        (int) json_integer_value (json_object_get (kase, "window")), level ? level : _("办不成事反映"),
        phone_masked ? phone_masked : manager_case_contact_text (kase));
    gtk_label_set_text (self->subject_label, subject);
    gtk_label_set_text (self->note_label, s_note_title (step));

    gboolean timed = step == MANAGER_STEP_CONTACT || step == MANAGER_STEP_REVISIT;
    gtk_widget_set_visible (self->method_row, timed);
    gtk_widget_set_visible (GTK_WIDGET (self->method_sms), step == MANAGER_STEP_CONTACT);
    gtk_widget_set_visible (self->at_row, timed);
    gtk_widget_set_visible (self->verdict_row, step == MANAGER_STEP_REVISIT);
    gtk_widget_set_visible (self->verdict_hint, step == MANAGER_STEP_REVISIT);
    gtk_widget_set_visible (self->by_row, step == MANAGER_STEP_RECTIFY);
    gtk_widget_set_visible (self->evidence_row, step == MANAGER_STEP_RECTIFY);
    gtk_widget_set_visible (self->decision_row, step == MANAGER_STEP_DECIDE);
    gtk_widget_set_visible (self->staff_row, step == MANAGER_STEP_DECIDE);
    gtk_widget_set_visible (self->staff_hint, step == MANAGER_STEP_DECIDE);
    if (timed) {
        gint64 now = manager_controller_now (controller);
        g_autofree char *date = manager_local_format (now, self->tz, "%Y-%m-%d");
        g_autofree char *time = manager_local_format (now, self->tz, "%H:%M");
        gtk_editable_set_text (self->date_entry, date);
        gtk_editable_set_text (self->time_entry, time);
    }
    if (phone)
        gtk_editable_set_text (self->called_entry, phone);
    s_update (self);
    return self;
}

manager_step_t
manager_case_step_dialog_step (ManagerCaseStepDialog *self)
{
    return self->step;
}
