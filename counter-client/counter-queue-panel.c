/*  counter-queue-panel.c — see counter-queue-panel.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-queue-panel.h"
#include "counter-format.h"
#include "counter-resources.h"
#include "i18n.h"

struct _CounterQueuePanel {
    GtkBox      parent_instance;
    GtkLabel   *total_label;     /* "共 5 人" */
    GtkLabel   *counts_label;    /* "企业开办 3 · 简易注销 2" */
    GtkListBox *list;            /* one row per waiting ticket */
    int         rows;
};

G_DEFINE_FINAL_TYPE (CounterQueuePanel, counter_queue_panel, GTK_TYPE_BOX)

static void
counter_queue_panel_class_init (CounterQueuePanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    counter_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-queue-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterQueuePanel, total_label);
    gtk_widget_class_bind_template_child (widget_class, CounterQueuePanel, counts_label);
    gtk_widget_class_bind_template_child (widget_class, CounterQueuePanel, list);
}

static void
counter_queue_panel_init (CounterQueuePanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    GtkWidget *empty = gtk_label_new (_("没有等待的群众"));
    gtk_widget_add_css_class (empty, "queue-empty");
    gtk_list_box_set_placeholder (self->list, empty);
}

GtkWidget *
counter_queue_panel_new (void)
{
    return g_object_new (COUNTER_TYPE_QUEUE_PANEL, NULL);
}

static GtkWidget *
s_label (const char *text, const char *css, float xalign)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), xalign);
    if (css)
        gtk_widget_add_css_class (label, css);
    return label;
}

/* One row: position, number, category, marks, time waited so far (a
 * GtkListBoxRow, so that it can be named). */
static GtkWidget *
s_row (hall_mirror_t *mirror, int number, json_t *ticket, int position, gint64 now)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class (box, "queue-row");
    g_autofree char *pos = g_strdup_printf ("%d", position);
    gtk_box_append (GTK_BOX (box), s_label (pos, "queue-position", 1));
    const char *ticket_number = json_string_value (json_object_get (ticket, "number"));
    GtkWidget *num = s_label (ticket_number, "queue-number", 0);
    gtk_widget_set_name (num, "queue-number");
    gtk_box_append (GTK_BOX (box), num);
    const char *code = json_string_value (json_object_get (ticket, "category"));
    GtkWidget *cat = s_label (counter_category_name (hall_mirror_category (mirror, code), code),
                              "queue-category", 0);
    gtk_widget_set_hexpand (cat, TRUE);
    gtk_label_set_ellipsize (GTK_LABEL (cat), PANGO_ELLIPSIZE_END);
    gtk_box_append (GTK_BOX (box), cat);
    if (json_string_value (json_object_get (ticket, "green")))
        gtk_box_append (GTK_BOX (box), s_label (_("绿色通道"), "green-mark", 0.5));
    const char *slot = json_string_value (json_object_get (json_object_get (ticket, "appointment"), "start"));
    if (slot) {
        g_autofree char *mark = g_strdup_printf (_("预约 %s"), slot);
        GtkWidget *label = s_label (mark, "appointment-mark", 0.5);
        gtk_widget_set_name (label, "queue-appointment");
        gtk_box_append (GTK_BOX (box), label);
    }
    g_autofree char *journey = counter_journey_mark (ticket);
    if (journey) {
        GtkWidget *label = s_label (journey, "journey-mark", 0.5);
        gtk_widget_set_name (label, "queue-journey");
        gtk_box_append (GTK_BOX (box), label);
    }
    json_t *target = json_object_get (ticket, "target_window");
    if (json_is_integer (target) && json_integer_value (target) == number)
        gtk_box_append (GTK_BOX (box), s_label (_("转入本窗口"), "transfer-mark", 0.5));
    else if (json_integer_value (json_object_get (ticket, "transfers")) > 0)
        gtk_box_append (GTK_BOX (box), s_label (_("转入"), "transfer-mark", 0.5));
    if (json_integer_value (json_object_get (ticket, "requeues")) > 0)
        gtk_box_append (GTK_BOX (box), s_label (_("过号重排"), "requeue-mark", 0.5));
    json_t *queued = json_object_get (ticket, "issued_at");
    g_autofree char *waited = counter_format_duration (
        json_is_integer (queued) ? MAX (0, now - json_integer_value (queued)) : -1);
    GtkWidget *wait = s_label (waited, "queue-wait", 1);
    gtk_widget_set_size_request (wait, 110, -1);
    gtk_box_append (GTK_BOX (box), wait);
    /* GTK 4.8 does not read a row's labels out as its name: say the
     * position, number, category and time waited (issue 18). */
    GtkWidget *row = gtk_list_box_row_new ();
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
    g_autofree char *said = g_strdup_printf (_("第 %d 位 %s %s，已等 %s"), position, ticket_number,
        counter_category_name (hall_mirror_category (mirror, code), code), waited);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
    return row;
}

void
counter_queue_panel_update (CounterQueuePanel *self, hall_mirror_t *mirror, int number,
                            json_t *queue, gint64 now)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);

    /* Counts per category, in the hall's category order. */
    g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
    size_t i;
    json_t *ticket;
    json_array_foreach (queue, i, ticket) {
        const char *code = json_string_value (json_object_get (ticket, "category"));
        if (code)
            g_hash_table_insert (counts, (gpointer) code,
                GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, code)) + 1));
        gtk_list_box_append (self->list, s_row (mirror, number, ticket, (int) i + 1, now));
    }
    self->rows = (int) json_array_size (queue);
    g_autoptr (GString) text = g_string_new (NULL);
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        int n = code ? GPOINTER_TO_INT (g_hash_table_lookup (counts, code)) : 0;
        if (n == 0)
            continue;
        if (text->len)
            g_string_append (text, "  ·  ");
        g_string_append_printf (text, "%s %d", counter_category_name (category, code), n);
    }
    gtk_label_set_text (self->counts_label, text->str);
    g_autofree char *total = g_strdup_printf (_("共 %d 人"), self->rows);
    gtk_label_set_text (self->total_label, total);
}

int
counter_queue_panel_count (CounterQueuePanel *self)
{
    return self->rows;
}
