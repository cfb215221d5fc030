/*  counter-transfer-dialog.c — see counter-transfer-dialog.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-transfer-dialog.h"
#include "counter-format.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterTransferDialog {
    GtkWindow   parent_instance;
    GtkLabel   *ticket_label;     /* "将 A001 转到：" */
    GtkListBox *category_list;    /* rows carry "code" and "summary" */
    GtkListBox *window_list;      /* rows carry "number" and "summary" */
    GtkLabel   *summary;          /* the target picked, what will happen; hidden before */
    GtkWidget  *cancel;
    GtkWidget  *confirm;          /* 确认转移: insensitive until a target is picked */
    char       *code;             /* the target picked: a category, */
    int         number;           /* or a window (0: none) */
};

G_DEFINE_FINAL_TYPE (CounterTransferDialog, counter_transfer_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_TO_CATEGORY, SIGNAL_TO_WINDOW, N_SIGNALS };
static guint s_signals[N_SIGNALS];

/* A target picked (clicked, or Enter on its row): say what will happen
 * and wait for 确认转移; the safe choice, 取消, has the focus. */
static void
s_pick (CounterTransferDialog *self, GtkListBoxRow *row, GtkListBox *other)
{
    const char *summary = g_object_get_data (G_OBJECT (row), "summary");
    if (!summary)
        return;
    gtk_list_box_unselect_all (other);
    g_free (self->code);
    self->code = g_strdup (g_object_get_data (G_OBJECT (row), "code"));
    self->number = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "number"));
    gtk_label_set_text (self->summary, summary);
    gtk_widget_set_visible (GTK_WIDGET (self->summary), TRUE);
    gtk_widget_set_sensitive (self->confirm, TRUE);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->confirm), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    summary, -1);
    gtk_widget_grab_focus (self->cancel);
}

static void
s_category_activated (CounterTransferDialog *self, GtkListBoxRow *row)
{
    s_pick (self, row, self->window_list);
}

static void
s_window_activated (CounterTransferDialog *self, GtkListBoxRow *row)
{
    s_pick (self, row, self->category_list);
}

static void
s_confirm_clicked (CounterTransferDialog *self)
{
    if (self->code)
        g_signal_emit (self, s_signals[SIGNAL_TO_CATEGORY], 0, self->code);
    else if (self->number)
        g_signal_emit (self, s_signals[SIGNAL_TO_WINDOW], 0, self->number);
    else
        return;
    gtk_window_close (GTK_WINDOW (self));
}

static void
counter_transfer_dialog_finalize (GObject *object)
{
    g_free (COUNTER_TRANSFER_DIALOG (object)->code);
    G_OBJECT_CLASS (counter_transfer_dialog_parent_class)->finalize (object);
}

static void
counter_transfer_dialog_class_init (CounterTransferDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = counter_transfer_dialog_finalize;
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-transfer-dialog.ui");
    gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_DIALOG);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, ticket_label);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, category_list);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, window_list);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, summary);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, cancel);
    gtk_widget_class_bind_template_child (widget_class, CounterTransferDialog, confirm);
    gtk_widget_class_bind_template_callback (widget_class, s_confirm_clicked);
    gtk_widget_class_bind_template_callback (widget_class, s_category_activated);
    gtk_widget_class_bind_template_callback (widget_class, s_window_activated);
    gtk_widget_class_bind_template_callback (widget_class, gtk_window_close);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
    s_signals[SIGNAL_TO_CATEGORY] = g_signal_new ("to-category", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_TO_WINDOW] = g_signal_new ("to-window", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
counter_transfer_dialog_init (CounterTransferDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
s_row (const char *title, const char *detail)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_margin_top (box, 8);
    gtk_widget_set_margin_bottom (box, 8);
    gtk_widget_set_margin_start (box, 10);
    gtk_widget_set_margin_end (box, 10);
    GtkWidget *name = gtk_label_new (title);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_box_append (GTK_BOX (box), name);
    GtkWidget *info = gtk_label_new (detail);
    gtk_widget_add_css_class (info, "dim-label");
    gtk_box_append (GTK_BOX (box), info);
    GtkWidget *row = gtk_list_box_row_new ();
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    return row;
}

static const char *
s_window_state_text (const char *state)
{
    if (g_strcmp0 (state, "idle") == 0)    return _("空闲");
    if (g_strcmp0 (state, "called") == 0)  return _("呼叫中");
    if (g_strcmp0 (state, "serving") == 0) return _("办理中");
    if (g_strcmp0 (state, "paused") == 0)  return _("暂停");
    return _("未开放");
}

/* The names of WINDOW's primary categories, "企业开办、简易注销", or NULL. */
static char *
s_window_business (hall_mirror_t *mirror, json_t *window)
{
    GString *names = g_string_new (NULL);
    size_t i;
    json_t *code;
    json_array_foreach (json_object_get (window, "primary"), i, code) {
        const char *c = json_string_value (code);
        if (!c)
            continue;
        g_string_append_printf (names, "%s%s", names->len ? _("、") : "",
                                counter_category_name (hall_mirror_category (mirror, c), c));
    }
    return g_string_free (names, names->len == 0);
}

CounterTransferDialog *
counter_transfer_dialog_new (GtkWindow *parent, hall_mirror_t *mirror, int window)
{
    CounterTransferDialog *self = g_object_new (COUNTER_TYPE_TRANSFER_DIALOG, "transient-for", parent,
                                                "destroy-with-parent", TRUE, NULL);
    json_t *current = hall_mirror_ticket (mirror,
        json_integer_value (json_object_get (hall_mirror_window (mirror, window), "ticket")));
    g_autofree char *title = g_strdup_printf (_("将 %s 转到："),
        current ? json_string_value (json_object_get (current, "number")) : "—");
    gtk_label_set_text (self->ticket_label, title);
    const char *ticket_number = current ? json_string_value (json_object_get (current, "number")) : "—";
    gboolean front = g_strcmp0 (json_string_value (json_object_get (hall_mirror_hall (mirror), "transfer_position")),
                                "front") == 0;
    const char *where = front ? _("排在队首") : _("排在队尾");

    size_t i;
    json_t *item;
    json_array_foreach (hall_mirror_categories (mirror), i, item) {
        const char *code = json_string_value (json_object_get (item, "code"));
        if (!code)
            continue;
        g_autofree char *title = g_strdup_printf ("%s  %s",
            json_string_value (json_object_get (item, "prefix")) ?: "",
            counter_category_name (item, code));
        g_autofree char *detail = g_strdup_printf (_("等待 %d 人"), hall_mirror_waiting (mirror, code));
        GtkWidget *row = s_row (title, detail);
        g_object_set_data_full (G_OBJECT (row), "code", g_strdup (code), g_free);
        g_object_set_data_full (G_OBJECT (row), "summary",
            g_strdup_printf (_("%s 将转到「%s」，%s"), ticket_number, counter_category_name (item, code), where), g_free);
        gtk_list_box_append (self->category_list, row);
    }
    json_array_foreach (hall_mirror_windows (mirror), i, item) {
        int number = (int) json_integer_value (json_object_get (item, "number"));
        if (number == window || number <= 0)
            continue;
        const char *name = json_string_value (json_object_get (item, "name"));
        g_autofree char *fallback = g_strdup_printf (_("%d号窗口"), number);
        GtkWidget *row = s_row (name ? name : fallback,
            s_window_state_text (json_string_value (json_object_get (item, "state"))));
        g_object_set_data (G_OBJECT (row), "number", GINT_TO_POINTER (number));
        g_autofree char *business = s_window_business (mirror, item);
        g_object_set_data_full (G_OBJECT (row), "summary", business
            ? g_strdup_printf (_("%s 将转到 %s（%s），%s"), ticket_number, name ? name : fallback, business, where)
            : g_strdup_printf (_("%s 将转到 %s，%s"), ticket_number, name ? name : fallback, where), g_free);
        gtk_list_box_append (self->window_list, row);
    }
    return self;
}
