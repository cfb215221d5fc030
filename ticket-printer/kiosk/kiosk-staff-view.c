/*  kiosk-staff-view.c — the staff-only green-channel screen (kiosk-staff-view.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-staff-view.h"
#include "kiosk-text.h"
#include "kiosk-ui.h"

//  The hall's list of green-channel reasons (DESIGN.md); the last one
//  takes free text.
static const char *s_reasons [] = {
    N_("老年人"), N_("残疾人"), N_("军人/退役军人"), N_("孕妇"),
    N_("重病患者"), N_("重点项目"), N_("其他")
};
#define S_REASON_OTHER (G_N_ELEMENTS (s_reasons) - 1)

struct _KioskStaffView {
    GtkBox         parent;
    GtkWidget     *stack;
    GtkWidget     *pin_title;
    GtkWidget     *pin_entry;
    GtkWidget     *pin_error;
    GtkWidget     *pin_keypad_box;
    GtkWidget     *pin_back;
    GtkWidget     *pin_ok;
    GtkWidget     *form_title;
    GtkWidget     *columns;
    GtkWidget     *category_title;
    GtkWidget     *category_dropdown;
    GtkWidget     *reason_title;
    GtkWidget     *reason_box;
    GtkWidget     *other_entry;
    GtkWidget     *staff_title;
    GtkWidget     *staff_entry;
    GtkWidget     *staff_keypad_box;
    GtkWidget     *form_error;
    GtkWidget     *printer_label;
    GtkWidget     *form_back;
    GtkWidget     *issue_button;
    GtkWidget     *reasons [G_N_ELEMENTS (s_reasons)];    //  toggle buttons
    GtkStringList *category_names;  //  shown in the drop-down
    GPtrArray     *category_codes;  //  char *, same order
    char          *categories_key;  //  what the list was built from
    char          *pin;             //  the staff PIN
    const char    *form_error_id;   //  msgid shown in form_error, or NULL
    const char    *pin_error_id;    //  msgid shown in pin_error, or NULL
};

enum { SIGNAL_GREEN_ISSUE, SIGNAL_BACK, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskStaffView, kiosk_staff_view, GTK_TYPE_BOX)

static void
s_show_errors (KioskStaffView *self)
{
    gtk_label_set_text (GTK_LABEL (self->pin_error), self->pin_error_id ? kiosk_tr (self->pin_error_id) : "");
    gtk_label_set_text (GTK_LABEL (self->form_error), self->form_error_id ? kiosk_tr (self->form_error_id) : "");
}

static void
s_pin_ok (GtkWidget *widget, KioskStaffView *self)
{
    const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->pin_entry));
    if (self->pin && g_strcmp0 (typed, self->pin) == 0) {
        self->pin_error_id = NULL;
        gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "form");
    }
    else {
        g_message ("green channel: wrong staff PIN");
        self->pin_error_id = N_("密码不正确");
    }
    gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
    s_show_errors (self);
}

static void
s_back (GtkWidget *widget, KioskStaffView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_BACK], 0);
}

static void
s_issue (GtkWidget *widget, KioskStaffView *self)
{
    guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
    const char *code = selected < self->category_codes->len
                     ? g_ptr_array_index (self->category_codes, selected) : NULL;
    int reason = -1;
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++)
        if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->reasons [i])))
            reason = (int) i;
    g_autofree char *other = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->other_entry))));
    g_autofree char *staff = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->staff_entry))));
    self->form_error_id = !code ? N_("请选择业务")
                        : reason < 0 ? N_("请选择绿色通道原因")
                        : reason == (int) S_REASON_OTHER && !*other ? N_("请填写其他原因")
                        : !*staff ? N_("请输入批准人的工号")
                        : NULL;
    s_show_errors (self);
    if (self->form_error_id)
        return;
    g_autofree char *text = reason == (int) S_REASON_OTHER
                          ? g_strdup_printf ("%s：%s", s_reasons [reason], other)
                          : g_strdup (s_reasons [reason]);
    g_signal_emit (self, s_signals[SIGNAL_GREEN_ISSUE], 0, code, text, staff);
}

static void
kiosk_staff_view_dispose (GObject *object)
{
    KioskStaffView *self = KIOSK_STAFF_VIEW (object);
    g_clear_pointer (&self->category_codes, g_ptr_array_unref);
    g_clear_pointer (&self->categories_key, g_free);
    g_clear_pointer (&self->pin, g_free);
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_STAFF_VIEW);
    G_OBJECT_CLASS (kiosk_staff_view_parent_class)->dispose (object);
}

static void
kiosk_staff_view_class_init (KioskStaffViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_staff_view_dispose;
    kiosk_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-staff-view.ui");
#define S_BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskStaffView, name)
    S_BIND (stack); S_BIND (pin_title); S_BIND (pin_entry); S_BIND (pin_error);
    S_BIND (pin_keypad_box); S_BIND (pin_back); S_BIND (pin_ok); S_BIND (form_title);
    S_BIND (columns); S_BIND (category_title); S_BIND (category_dropdown);
    S_BIND (reason_title); S_BIND (reason_box); S_BIND (other_entry); S_BIND (staff_title);
    S_BIND (staff_entry); S_BIND (staff_keypad_box); S_BIND (form_error);
    S_BIND (printer_label); S_BIND (form_back); S_BIND (issue_button);
#undef S_BIND
    s_signals[SIGNAL_GREEN_ISSUE] = g_signal_new ("green-issue", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
        G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_staff_view_init (KioskStaffView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->category_names = gtk_string_list_new (NULL);
    gtk_drop_down_set_model (GTK_DROP_DOWN (self->category_dropdown),
                             G_LIST_MODEL (self->category_names));
    g_object_unref (self->category_names);      //  the drop-down holds it
    self->category_codes = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++) {
        self->reasons [i] = gtk_toggle_button_new ();
        g_autofree char *name = g_strdup_printf ("green-reason-%u", i);
        gtk_widget_set_name (self->reasons [i], name);
        if (i > 0)
            gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->reasons [i]),
                                         GTK_TOGGLE_BUTTON (self->reasons [0]));
        gtk_flow_box_append (GTK_FLOW_BOX (self->reason_box), self->reasons [i]);
        gtk_widget_set_focusable (gtk_widget_get_parent (self->reasons [i]), FALSE);
    }
    gtk_box_append (GTK_BOX (self->pin_keypad_box), kiosk_keypad_new (self->pin_entry, "staff-pin"));
    gtk_box_append (GTK_BOX (self->staff_keypad_box), kiosk_keypad_new (self->staff_entry, "green-staff"));
    g_signal_connect (self->pin_ok, "clicked", G_CALLBACK (s_pin_ok), self);
    g_signal_connect (self->pin_entry, "activate", G_CALLBACK (s_pin_ok), self);
    g_signal_connect (self->pin_back, "clicked", G_CALLBACK (s_back), self);
    g_signal_connect (self->form_back, "clicked", G_CALLBACK (s_back), self);
    g_signal_connect (self->issue_button, "clicked", G_CALLBACK (s_issue), self);
}

GtkWidget *
kiosk_staff_view_new (void)
{
    return g_object_new (KIOSK_TYPE_STAFF_VIEW, NULL);
}

void
kiosk_staff_view_set_pin (KioskStaffView *self, const char *pin)
{
    g_free (self->pin);
    self->pin = g_strdup (pin);
}

gboolean
kiosk_staff_view_unlocked (KioskStaffView *self)
{
    return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "form") == 0;
}

void
kiosk_staff_view_reset (KioskStaffView *self)
{
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "pin");
    gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
    gtk_editable_set_text (GTK_EDITABLE (self->other_entry), "");
    gtk_editable_set_text (GTK_EDITABLE (self->staff_entry), "");
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->reasons [i]), FALSE);
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->category_dropdown), 0);
    self->pin_error_id = NULL;
    self->form_error_id = NULL;
    s_show_errors (self);
}

void
kiosk_staff_view_update (KioskStaffView *self, KioskController *controller)
{
    gboolean english = kiosk_text_language () == KIOSK_LANG_EN;
    json_t *categories = hall_mirror_categories (kiosk_controller_mirror (controller));
    GString *key = g_string_new (english ? "en" : "zh");
    size_t index;
    json_t *category;
    json_array_foreach (categories, index, category)
        g_string_append_printf (key, "\x1e%s\x1f%s", json_string_value (json_object_get (category, "code")),
                                json_string_value (json_object_get (category, "name")));
    if (hall_mirror_loaded (kiosk_controller_mirror (controller))
        && g_strcmp0 (key->str, self->categories_key) != 0) {
        guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->category_dropdown));
        g_autofree char *was = selected < self->category_codes->len
                             ? g_strdup (g_ptr_array_index (self->category_codes, selected)) : NULL;
        g_ptr_array_set_size (self->category_codes, 0);
        GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
        guint keep = 0;
        json_array_foreach (categories, index, category) {
            const char *code = json_string_value (json_object_get (category, "code"));
            const char *zh = json_string_value (json_object_get (category, "name"));
            const char *en = json_string_value (json_object_get (category, "name_en"));
            const char *prefix = json_string_value (json_object_get (category, "prefix"));
            g_ptr_array_add (names, g_strdup_printf ("%s  %s", prefix ? prefix : "",
                                                     english && en && *en ? en : zh ? zh : code));
            if (g_strcmp0 (code, was) == 0)
                keep = self->category_codes->len;
            g_ptr_array_add (self->category_codes, g_strdup (code));
        }
        g_ptr_array_add (names, NULL);
        gtk_string_list_splice (self->category_names, 0,
                                g_list_model_get_n_items (G_LIST_MODEL (self->category_names)),
                                (const char * const *) names->pdata);
        g_ptr_array_unref (names);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->category_dropdown), keep);
        g_free (self->categories_key);
        self->categories_key = g_string_free (key, FALSE);
    }
    else
        g_string_free (key, TRUE);

    gtk_label_set_text (GTK_LABEL (self->pin_title), kiosk_tr (N_("工作人员验证：请输入密码")));
    gtk_button_set_label (GTK_BUTTON (self->pin_back), kiosk_tr (N_("返回")));
    gtk_button_set_label (GTK_BUTTON (self->pin_ok), kiosk_tr (N_("确定")));
    gtk_label_set_text (GTK_LABEL (self->form_title), kiosk_tr (N_("绿色通道取号（工作人员）")));
    gtk_label_set_text (GTK_LABEL (self->category_title), kiosk_tr (N_("业务")));
    gtk_label_set_text (GTK_LABEL (self->reason_title), kiosk_tr (N_("原因")));
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->other_entry), kiosk_tr (N_("其他原因（选“其他”时填写）")));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->other_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    kiosk_tr (N_("其他原因")), -1);
    gtk_label_set_text (GTK_LABEL (self->staff_title), kiosk_tr (N_("批准人工号")));
    gtk_button_set_label (GTK_BUTTON (self->form_back), kiosk_tr (N_("返回")));
    gtk_button_set_label (GTK_BUTTON (self->issue_button), kiosk_tr (N_("发放绿色通道号")));
    for (guint i = 0; i < G_N_ELEMENTS (s_reasons); i++)
        gtk_button_set_label (GTK_BUTTON (self->reasons [i]), kiosk_tr (s_reasons [i]));
    gtk_widget_set_sensitive (self->issue_button,
                              kiosk_controller_online (controller) && !kiosk_controller_busy (controller));
    const char *failure = kiosk_controller_printer_error (controller);
    g_autofree char *printer = failure && kiosk_controller_staff_told (controller)
        ? g_strdup_printf (kiosk_tr (N_("打印机故障（已报告管理端）：%s")), failure)
        : failure
        ? g_strdup_printf (kiosk_tr (N_("打印机故障（尚未报告管理端）：%s")), failure)
        : g_strdup_printf (kiosk_tr (N_("打印机正常（%s）")), kiosk_controller_printer_spec (controller));
    gtk_label_set_text (GTK_LABEL (self->printer_label), printer);
    if (failure)
        gtk_widget_add_css_class (self->printer_label, "form-error");
    else
        gtk_widget_remove_css_class (self->printer_label, "form-error");
    s_show_errors (self);
}
