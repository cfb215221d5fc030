/*  manager-case-panel.c — see manager-case-panel.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-case-panel.h"
#include "manager-case.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerCasePanel {
    GtkBox      parent_instance;
    GtkLabel   *count_label;
    GtkListBox *list;
    GtkButton  *find_button;
};

G_DEFINE_FINAL_TYPE (ManagerCasePanel, manager_case_panel, GTK_TYPE_BOX)

enum { SIGNAL_OPEN_CASE, SIGNAL_CASE_STEP, SIGNAL_FIND, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
manager_case_panel_class_init (ManagerCasePanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-case-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerCasePanel, count_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerCasePanel, list);
    gtk_widget_class_bind_template_child (widget_class, ManagerCasePanel, find_button);
    s_signals[SIGNAL_OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
    s_signals[SIGNAL_CASE_STEP] = g_signal_new ("case-step", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_UINT);
    s_signals[SIGNAL_FIND] = g_signal_new ("find", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
s_find (ManagerCasePanel *self)
{
    g_signal_emit (self, s_signals[SIGNAL_FIND], 0);
}

static void
manager_case_panel_init (ManagerCasePanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    GtkWidget *empty = gtk_label_new (_("没有待跟进的案件"));
    gtk_widget_add_css_class (empty, "dim");
    gtk_list_box_set_placeholder (self->list, empty);
    g_signal_connect_swapped (self->find_button, "clicked", G_CALLBACK (s_find), self);
}

GtkWidget *
manager_case_panel_new (void)
{
    return g_object_new (MANAGER_TYPE_CASE_PANEL, NULL);
}

static void
s_clicked (GtkButton *button, ManagerCasePanel *self)
{
    gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "case");
    guint step = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
    if (step)
        g_signal_emit (self, s_signals[SIGNAL_CASE_STEP], 0, id, step);
    else
        g_signal_emit (self, s_signals[SIGNAL_OPEN_CASE], 0, id);
}

/* A button of row ID: STEP 0 is 查看 (the record). */
static void
s_button (ManagerCasePanel *self, GtkBox *box, gint64 id, const char *label, const char *what, guint step)
{
    GtkWidget *button = gtk_button_new_with_label (label);
    g_autofree char *name = g_strdup_printf ("case-%" G_GINT64_FORMAT "-%s", id, what);
    gtk_widget_set_name (button, name);
    gint64 *key = g_new (gint64, 1);
    *key = id;
    g_object_set_data_full (G_OBJECT (button), "case", key, g_free);
    g_object_set_data (G_OBJECT (button), "step", GUINT_TO_POINTER (step));
    g_signal_connect (button, "clicked", G_CALLBACK (s_clicked), self);
    gtk_box_append (box, button);
}

void
manager_case_panel_render (ManagerCasePanel *self, json_t *cases, const char *tz)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    if (!json_is_object (cases)) {
        gtk_label_set_text (self->count_label, "");
        return;
    }
    g_autofree char *counts = g_strdup_printf (_("未结 %d 件 · 超期 %d 件"),
                                               (int) json_integer_value (json_object_get (cases, "open")),
                                               (int) json_integer_value (json_object_get (cases, "overdue")));
    gtk_label_set_text (self->count_label, counts);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->count_label), counts);   /* when cut short */
    size_t i;
    json_t *kase;
    json_array_foreach (json_object_get (cases, "cases"), i, kase) {
        gint64 id = json_integer_value (json_object_get (kase, "id"));
        const char *state = json_string_value (json_object_get (kase, "state"));
        gboolean overdue = json_is_true (json_object_get (kase, "overdue"));
        json_t *rating = json_object_get (kase, "rating");
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
        gtk_widget_add_css_class (row, "case-row");
        if (overdue)
            gtk_widget_add_css_class (row, "alert-critical");
        const char *level = json_string_value (json_object_get (rating, "level_name"));
        const char *owner = json_string_value (json_object_get (kase, "owner_name"));
        gint64 due = json_integer_value (json_object_get (kase, g_strcmp0 (state, "open") == 0
                                                                ? "contact_due" : "rectify_due"));
        g_autofree char *due_text = manager_local_format (due - 1, tz, "%m-%d");
        const char *appeal = manager_case_appeal_text (kase);
        g_autofree char *line = g_strdup_printf (_("#%lld %s 号 · %d号窗口 · %s · %s · 责任人 %s · 期限 %s%s%s%s%s"),
            (long long) id, json_string_value (json_object_get (kase, "number")),
            (int) json_integer_value (json_object_get (kase, "window")),
            level ? level : _("办不成事反映"), manager_case_state_text (kase), owner ? owner : "-", due_text,
            overdue ? _(" · 已超期") : "",
            json_is_true (json_object_get (kase, "anonymous")) ? _(" · 匿名：无法联系") : "",
            *appeal ? " · " : "", appeal);
        GtkWidget *label = gtk_label_new (line);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_box_append (GTK_BOX (row), label);
        GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        s_button (self, GTK_BOX (buttons), id, _("查看"), "view", 0);
        unsigned steps = manager_case_steps (kase);
        for (unsigned step = 1; step <= MANAGER_STEP_DECIDE; step <<= 1)
            if ((steps & step) && step != MANAGER_STEP_LINK)
                s_button (self, GTK_BOX (buttons), id, manager_step_label ((manager_step_t) step),
                          manager_step_action ((manager_step_t) step) ?: "decide", step);
        gtk_box_append (GTK_BOX (row), buttons);
        gtk_list_box_append (self->list, row);
        gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, line, -1);
    }
}
