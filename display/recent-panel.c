/*  recent-panel.c — see recent-panel.h. */
#define G_LOG_DOMAIN "hall-display"
#include "recent-panel.h"
#include "board-view.h"
#include "i18n.h"

struct _HallRecentPanel {
    GtkBox     parent_instance;
    GtkWidget *title;                       /* "最近叫号" */
    GtkWidget *title_en;                    /* "Recent calls" */
    GtkWidget *rows;                        /* box of HALL_BOARD_RECENT rows */
    GtkLabel  *number[HALL_BOARD_RECENT];   /* "recent-I-number" */
    GtkLabel  *window[HALL_BOARD_RECENT];   /* "recent-I-window" */
};

G_DEFINE_FINAL_TYPE (HallRecentPanel, hall_recent_panel, GTK_TYPE_BOX)

static void
hall_recent_panel_class_init (HallRecentPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/recent-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, HallRecentPanel, title);
    gtk_widget_class_bind_template_child (widget_class, HallRecentPanel, title_en);
    gtk_widget_class_bind_template_child (widget_class, HallRecentPanel, rows);
}

static void
hall_recent_panel_init (HallRecentPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_label_set_text (GTK_LABEL (self->title), _("最近叫号"));
    gtk_widget_set_visible (self->title_en, hall_view_bilingual ());
    for (int i = 0; i < HALL_BOARD_RECENT; i++) {
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
        gtk_widget_add_css_class (row, "recent-row");
        GtkWidget *number = gtk_label_new ("");
        GtkWidget *window = gtk_label_new ("");
        g_autofree char *number_name = g_strdup_printf ("recent-%d-number", i);
        g_autofree char *window_name = g_strdup_printf ("recent-%d-window", i);
        gtk_widget_set_name (number, number_name);
        gtk_widget_set_name (window, window_name);
        gtk_widget_add_css_class (number, "recent-number");
        gtk_widget_add_css_class (window, "recent-window");
        gtk_label_set_xalign (GTK_LABEL (number), 0);
        gtk_label_set_xalign (GTK_LABEL (window), 0);
        gtk_widget_set_hexpand (window, TRUE);
        gtk_box_append (GTK_BOX (row), number);
        gtk_box_append (GTK_BOX (row), window);
        gtk_box_append (GTK_BOX (self->rows), row);
        self->number[i] = GTK_LABEL (number);
        self->window[i] = GTK_LABEL (window);
    }
}

/* Whether NUMBER is an active ticket waiting again (transferred or
 * re-queued since that call): its old window is not where to go. */
static gboolean
s_waiting_again (hall_mirror_t *mirror, const char *number)
{
    size_t i;
    json_t *ticket;
    json_array_foreach (hall_mirror_tickets (mirror), i, ticket)
        if (g_strcmp0 (json_string_value (json_object_get (ticket, "number")), number) == 0)
            return g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") == 0;
    return FALSE;
}

void
hall_recent_panel_render (HallRecentPanel *self, hall_mirror_t *mirror)
{
    json_t *calls = hall_mirror_loaded (mirror) ? hall_mirror_calls (mirror) : NULL;
    json_t *current = hall_view_current_call (mirror);
    /* The current call is shown large beside this list; list the others,
     * each number once (a recall is its latest call), and not those
     * waiting again since (a transfer, a re-queue). */
    g_autoptr (GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
    if (current && json_string_value (json_object_get (current, "number")))
        g_hash_table_add (shown, (gpointer) json_string_value (json_object_get (current, "number")));
    size_t next = 0;
    for (int i = 0; i < HALL_BOARD_RECENT; i++) {
        json_t *call = NULL;
        while (!call && next < json_array_size (calls)) {
            json_t *candidate = json_array_get (calls, next++);
            const char *number = json_string_value (json_object_get (candidate, "number"));
            if (!number || g_hash_table_contains (shown, number) || s_waiting_again (mirror, number))
                continue;
            g_hash_table_add (shown, (gpointer) number);
            call = candidate;
        }
        if (!call) {
            gtk_label_set_text (self->number[i], "");
            gtk_label_set_text (self->window[i], "");
            continue;
        }
        int window = (int) json_integer_value (json_object_get (call, "window"));
        g_autofree char *label = hall_view_window_label (window);
        g_autofree char *arrow = g_strdup_printf ("→ %s", label);
        gtk_label_set_text (self->number[i], json_string_value (json_object_get (call, "number")));
        gtk_label_set_text (self->window[i], arrow);
    }
}
