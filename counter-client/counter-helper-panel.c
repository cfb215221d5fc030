/*  counter-helper-panel.c — see counter-helper-panel.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-helper-panel.h"
#include "counter-format.h"
#include "counter-resources.h"
#include "i18n.h"
#include "protocol.h"

struct _CounterHelperPanel {
    GtkBox      parent_instance;
    GtkLabel   *title;          /* "我帮办的群众（2）" */
    GtkListBox *list;           /* one row per accompanied ticket */
    int         rows;
};

G_DEFINE_FINAL_TYPE (CounterHelperPanel, counter_helper_panel, GTK_TYPE_BOX)

static void
counter_helper_panel_class_init (CounterHelperPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-helper-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterHelperPanel, title);
    gtk_widget_class_bind_template_child (widget_class, CounterHelperPanel, list);
}

static void
counter_helper_panel_init (CounterHelperPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

/* Where the ticket is now: waiting, or called / served at a window. */
static char *
s_where (json_t *ticket)
{
    const char *state = json_string_value (json_object_get (ticket, "state"));
    json_t *window = json_object_get (ticket, "window");
    if (g_strcmp0 (state, HALL_TICKET_WAITING) == 0 || !json_is_integer (window))
        return g_strdup (_("等候中"));
    int number = (int) json_integer_value (window);
    return g_strcmp0 (state, HALL_TICKET_SERVING) == 0 ? g_strdup_printf (_("%d号窗口办理中"), number)
                                                       : g_strdup_printf (_("%d号窗口呼叫中"), number);
}

static GtkWidget *
s_row (hall_mirror_t *mirror, json_t *ticket, int index)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class (box, "helper-row");
    const char *number = json_string_value (json_object_get (ticket, "number"));
    GtkWidget *num = gtk_label_new (number);
    gtk_widget_add_css_class (num, "queue-number");
    gtk_box_append (GTK_BOX (box), num);
    g_autofree char *step = counter_journey_text (ticket, hall_mirror_categories (mirror));
    g_autofree char *where = s_where (ticket);
    g_autofree char *text = g_strdup_printf ("%s · %s", step, where);
    GtkWidget *label = gtk_label_new (text);
    g_autofree char *name = g_strdup_printf ("helper-%d", index);
    gtk_widget_set_name (label, name);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_box_append (GTK_BOX (box), label);
    GtkWidget *release = gtk_button_new_with_label (_("结束帮办"));
    gtk_actionable_set_action_target (GTK_ACTIONABLE (release), "s", number);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (release), "win.release");
    gtk_box_append (GTK_BOX (box), release);
    return box;
}

void
counter_helper_panel_update (CounterHelperPanel *self, hall_mirror_t *mirror, const char *staff)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    self->rows = 0;
    size_t i;
    json_t *ticket;
    if (staff)
        json_array_foreach (hall_mirror_tickets (mirror), i, ticket) {
            json_t *helper = json_object_get (json_object_get (ticket, "journey"), "helper");
            if (g_strcmp0 (json_string_value (json_object_get (helper, "id")), staff) == 0)
                gtk_list_box_append (self->list, s_row (mirror, ticket, self->rows++));
        }
    g_autofree char *title = g_strdup_printf (_("我帮办的群众（%d）"), self->rows);
    gtk_label_set_text (self->title, title);
    gtk_widget_set_visible (GTK_WIDGET (self), self->rows > 0);
}

int
counter_helper_panel_count (CounterHelperPanel *self)
{
    return self->rows;
}
