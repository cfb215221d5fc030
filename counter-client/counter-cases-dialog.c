/*  counter-cases-dialog.c — see counter-cases-dialog.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-cases-dialog.h"
#include "counter-format.h"
#include "counter-resources.h"
#include "i18n.h"

#include <string.h>

struct _CounterCasesDialog {
    GtkWindow       parent_instance;
    /* template children */
    GtkStack       *stack;          /* "list", "appeal" */
    GtkLabel       *heading;
    GtkCheckButton *all;            /* closed cases too */
    GtkLabel       *notice;         /* the list's refusal, or the appeal just filed */
    GtkListBox     *list;
    GtkLabel       *appeal_heading;
    GtkLabel       *appeal_case;    /* the case appealed, as listed */
    GtkTextView    *reason;
    GtkWidget      *add_file;
    GtkBox         *files_box;      /* a row per file chosen, and a refused one's reason */
    GtkLabel       *status;         /* the upload's progress, or the refusal */
    GtkWidget      *back;
    GtkWidget      *submit;

    json_t         *cases;          /* the cases listed (owned copy) */
    gint64          kase;           /* the case of the appeal form, 0: none */
    GPtrArray      *files;          /* counter_evidence_t chosen for it */
    gboolean        sending;        /* the appeal is on its way */
};

G_DEFINE_FINAL_TYPE (CounterCasesDialog, counter_cases_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_REFRESH, SIGNAL_APPEAL, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static GtkWidget *
s_label (const char *text, const char *name, const char *css)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_widget_set_name (label, name);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    if (css)
        gtk_widget_add_css_class (label, css);
    return label;
}

static void
s_notice (CounterCasesDialog *self, const char *text, gboolean error)
{
    gtk_label_set_text (self->notice, text ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->notice), text != NULL);
    gtk_widget_remove_css_class (GTK_WIDGET (self->notice), error ? "case-done" : "case-error");
    gtk_widget_add_css_class (GTK_WIDGET (self->notice), error ? "case-error" : "case-done");
}

static void
s_set_status (CounterCasesDialog *self, const char *text, gboolean error)
{
    gtk_label_set_text (self->status, text ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
    if (error)
        gtk_widget_add_css_class (GTK_WIDGET (self->status), "case-error");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self->status), "case-error");
}

static char *
s_reason_text (CounterCasesDialog *self)
{
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->reason);
    GtkTextIter start, end;
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* 提交申诉 waits for a reason (the server's rule: 1–1,000 bytes). */
static void
s_update (CounterCasesDialog *self)
{
    g_autofree char *reason = s_reason_text (self);
    size_t length = strlen (reason);
    gtk_widget_set_sensitive (self->submit, !self->sending && length > 0 && length <= 1000);
    gtk_widget_set_sensitive (self->add_file, !self->sending);
    gtk_widget_set_sensitive (self->back, !self->sending);
    gtk_text_view_set_editable (self->reason, !self->sending);
}

/* ---- the list ------------------------------------------------------------- */

static void s_open_appeal (GtkButton *button, CounterCasesDialog *self);

static GtkWidget *
s_case_row (json_t *kase, size_t index, json_t *categories, json_t *reasons)
{
    g_autofree char *title = NULL, *rating = NULL, *text = NULL, *state = NULL;
    counter_case_lines (kase, categories, reasons, &title, &rating, &text, &state);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class (row, "case-row");
    GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_set_hexpand (lines, TRUE);
    g_autofree char *name = g_strdup_printf ("case-%zu-title", index);
    gtk_box_append (GTK_BOX (lines), s_label (title, name, "case-title"));
    g_free (name);
    name = g_strdup_printf ("case-%zu-rating", index);
    gtk_box_append (GTK_BOX (lines), s_label (rating, name, "case-rating"));
    if (text) {
        g_free (name);
        name = g_strdup_printf ("case-%zu-text", index);
        gtk_box_append (GTK_BOX (lines), s_label (text, name, NULL));
    }
    g_free (name);
    name = g_strdup_printf ("case-%zu-state", index);
    gtk_box_append (GTK_BOX (lines), s_label (state, name, "case-state"));
    gtk_box_append (GTK_BOX (row), lines);
    return row;
}

static void
s_render_list (CounterCasesDialog *self, json_t *categories, json_t *reasons)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    size_t i;
    json_t *kase;
    json_array_foreach (self->cases, i, kase) {
        GtkWidget *row = s_case_row (kase, i, categories, reasons);
        if (counter_case_can_appeal (kase)) {
            GtkWidget *button = gtk_button_new_with_label (_("申诉…"));
            g_autofree char *name = g_strdup_printf ("case-%zu-appeal", i);
            gtk_widget_set_name (button, name);
            gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
            g_object_set_data (G_OBJECT (button), "case-index", GSIZE_TO_POINTER (i));
            g_signal_connect (button, "clicked", G_CALLBACK (s_open_appeal), self);
            gtk_box_append (GTK_BOX (row), button);
        }
        gtk_list_box_append (self->list, row);
    }
    if (json_array_size (self->cases) == 0) {
        GtkWidget *empty = s_label (gtk_check_button_get_active (self->all) ? _("没有差评") : _("没有未结案的差评"),
                                    "cases-empty", "case-state");
        gtk_widget_set_margin_top (empty, 12);
        gtk_widget_set_margin_bottom (empty, 12);
        gtk_widget_set_margin_start (empty, 12);
        gtk_list_box_append (self->list, empty);
    }
    g_autofree char *heading = g_strdup_printf (_("我的差评（%zu）"), json_array_size (self->cases));
    gtk_label_set_text (self->heading, heading);
}

static void
s_refresh (CounterCasesDialog *self)
{
    g_signal_emit (self, s_signals[SIGNAL_REFRESH], 0, gtk_check_button_get_active (self->all));
}

gboolean
counter_cases_dialog_all (CounterCasesDialog *self)
{
    return gtk_check_button_get_active (self->all);
}

void
counter_cases_dialog_set_cases (CounterCasesDialog *self, json_t *cases, json_t *categories, json_t *reasons)
{
    json_decref (self->cases);
    self->cases = json_is_array (cases) ? json_deep_copy (cases) : json_array ();
    if (gtk_widget_has_css_class (GTK_WIDGET (self->notice), "case-error"))
        s_notice (self, NULL, TRUE);                 /* an old refusal is over */
    s_render_list (self, categories, reasons);
}

void
counter_cases_dialog_set_error (CounterCasesDialog *self, const char *message)
{
    s_notice (self, message, TRUE);
}

/* ---- the appeal form ------------------------------------------------------ */

static void
s_clear_files (CounterCasesDialog *self)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->files_box))))
        gtk_box_remove (self->files_box, child);
    g_ptr_array_set_size (self->files, 0);
}

static void
s_open_appeal (GtkButton *button, CounterCasesDialog *self)
{
    size_t index = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "case-index"));
    json_t *kase = json_array_get (self->cases, index);
    if (!kase)
        return;
    self->kase = json_integer_value (json_object_get (kase, "id"));
    g_autofree char *heading = g_strdup_printf (_("申诉：%s %s"), json_string_value (json_object_get (kase, "day")) ?: "",
                                                json_string_value (json_object_get (kase, "number")) ?: "");
    gtk_label_set_text (self->appeal_heading, heading);
    /* The case as listed, above the form. */
    GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
    GString *text = g_string_new (NULL);
    for (GtkWidget *label = gtk_widget_get_first_child (gtk_widget_get_first_child (row)); label;
         label = gtk_widget_get_next_sibling (label))
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", gtk_label_get_text (GTK_LABEL (label)));
    gtk_label_set_text (self->appeal_case, text->str);
    g_string_free (text, TRUE);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->reason), "", -1);
    s_clear_files (self);
    s_set_status (self, NULL, FALSE);
    s_update (self);
    gtk_stack_set_visible_child_name (self->stack, "appeal");
    gtk_widget_grab_focus (GTK_WIDGET (self->reason));
}

static void
s_back (CounterCasesDialog *self)
{
    if (self->sending)
        return;
    self->kase = 0;
    s_clear_files (self);
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
s_remove_file (GtkButton *button, CounterCasesDialog *self)
{
    if (self->sending)
        return;
    GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));
    gpointer file = g_object_get_data (G_OBJECT (row), "evidence");
    g_ptr_array_remove (self->files, file);
    gtk_box_remove (self->files_box, row);
}

gboolean
counter_cases_dialog_add_file (CounterCasesDialog *self, const char *path)
{
    g_autofree char *why = NULL;
    counter_evidence_t *file = counter_evidence_read (path, &why);
    g_autofree char *base = g_path_get_basename (path);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    if (!file) {
        g_autofree char *text = g_strdup_printf (_("%s 不能上传：%s"), base, why);
        gtk_box_append (GTK_BOX (row), s_label (text, "appeal-file-refused", "case-error"));
        gtk_box_append (self->files_box, row);
        return FALSE;
    }
    g_autofree char *text = g_strdup_printf (_("%s（%.1f KB）"), file->name,
                                             g_bytes_get_size (file->data) / 1024.0);
    g_autofree char *name = g_strdup_printf ("appeal-file-%u", self->files->len + 1);
    GtkWidget *label = s_label (text, name, NULL);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_box_append (GTK_BOX (row), label);
    GtkWidget *remove = gtk_button_new_with_label (_("移除"));
    gtk_widget_add_css_class (remove, "flat");
    g_signal_connect (remove, "clicked", G_CALLBACK (s_remove_file), self);
    gtk_box_append (GTK_BOX (row), remove);
    g_object_set_data (G_OBJECT (row), "evidence", file);
    gtk_box_append (self->files_box, row);
    g_ptr_array_add (self->files, file);
    return TRUE;
}

static void
s_files_chosen (GtkNativeDialog *chooser, int response, CounterCasesDialog *self)
{
    if (response == GTK_RESPONSE_ACCEPT) {
        GListModel *files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
        for (guint i = 0; i < g_list_model_get_n_items (files); i++) {
            GFile *file = g_list_model_get_item (files, i);
            g_autofree char *path = g_file_get_path (file);
            if (path)
                counter_cases_dialog_add_file (self, path);
            g_object_unref (file);
        }
        g_object_unref (files);
    }
    g_object_unref (chooser);
}

static void
s_choose_files (CounterCasesDialog *self)
{
    GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("选择申诉证据"), GTK_WINDOW (self),
                                                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("添加"), _("取消"));
    gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
    GtkFileFilter *filter = gtk_file_filter_new ();
    gtk_file_filter_set_name (filter, _("图片、PDF、文本"));
    gtk_file_filter_add_mime_type (filter, "image/png");
    gtk_file_filter_add_mime_type (filter, "image/jpeg");
    gtk_file_filter_add_mime_type (filter, "application/pdf");
    gtk_file_filter_add_mime_type (filter, "text/plain");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    g_object_unref (filter);
    g_signal_connect (chooser, "response", G_CALLBACK (s_files_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
s_submit (CounterCasesDialog *self)
{
    g_autofree char *reason = s_reason_text (self);
    if (self->sending || !self->kase || !*reason)
        return;
    self->sending = TRUE;
    s_set_status (self, self->files->len ? _("正在上传证据…") : _("正在提交…"), FALSE);
    s_update (self);
    g_signal_emit (self, s_signals[SIGNAL_APPEAL], 0, self->kase, reason, (gpointer) self->files);
}

void
counter_cases_dialog_appeal_progress (CounterCasesDialog *self, gint64 sent, gint64 size)
{
    if (!self->sending)
        return;
    g_autofree char *text = sent < size ? g_strdup_printf (_("正在上传证据… %d%%"), (int) (sent * 100 / MAX (size, 1)))
                                        : g_strdup (_("证据已上传，正在提交…"));
    s_set_status (self, text, FALSE);
}

void
counter_cases_dialog_appeal_done (CounterCasesDialog *self, const char *error)
{
    if (!self->sending)
        return;
    self->sending = FALSE;
    if (error) {
        s_set_status (self, error, TRUE);
        s_update (self);
        return;
    }
    s_back (self);
    s_notice (self, _("申诉已提交，等待负责人裁决"), FALSE);
    s_refresh (self);
}

/* ---- life cycle ----------------------------------------------------------- */

static void
counter_cases_dialog_finalize (GObject *object)
{
    CounterCasesDialog *self = COUNTER_CASES_DIALOG (object);
    json_decref (self->cases);
    g_ptr_array_unref (self->files);
    G_OBJECT_CLASS (counter_cases_dialog_parent_class)->finalize (object);
}

static void
counter_cases_dialog_class_init (CounterCasesDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = counter_cases_dialog_finalize;
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-cases-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, stack);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, heading);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, all);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, notice);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, list);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, appeal_heading);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, appeal_case);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, reason);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, add_file);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, files_box);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, status);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, back);
    gtk_widget_class_bind_template_child (widget_class, CounterCasesDialog, submit);
    gtk_widget_class_bind_template_callback (widget_class, s_refresh);
    gtk_widget_class_bind_template_callback (widget_class, s_choose_files);
    gtk_widget_class_bind_template_callback (widget_class, s_back);
    gtk_widget_class_bind_template_callback (widget_class, s_submit);
    gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
    s_signals[SIGNAL_REFRESH] = g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_APPEAL] = g_signal_new ("appeal", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
        0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_POINTER);
}

static void
counter_cases_dialog_init (CounterCasesDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->files = g_ptr_array_new_with_free_func ((GDestroyNotify) counter_evidence_free);
    self->cases = json_array ();
    g_signal_connect_swapped (gtk_text_view_get_buffer (self->reason), "changed", G_CALLBACK (s_update), self);
}

CounterCasesDialog *
counter_cases_dialog_new (GtkWindow *parent)
{
    return g_object_new (COUNTER_TYPE_CASES_DIALOG, "transient-for", parent,
                         "destroy-with-parent", TRUE, NULL);
}
