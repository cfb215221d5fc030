/*  manager-category-panel.c — see manager-category-panel.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-category-panel.h"
#include "manager-format.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerCategoryPanel {
    GtkBox   parent_instance;
    GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (ManagerCategoryPanel, manager_category_panel, GTK_TYPE_BOX)

enum { SIGNAL_OPEN_CATEGORY, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
manager_category_panel_class_init (ManagerCategoryPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-category-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerCategoryPanel, grid);
    s_signals[SIGNAL_OPEN_CATEGORY] = g_signal_new ("open-category", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
manager_category_panel_init (ManagerCategoryPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
manager_category_panel_new (void)
{
    return g_object_new (MANAGER_TYPE_CATEGORY_PANEL, NULL);
}

static void
s_toggle (GtkButton *button, ManagerCategoryPanel *self)
{
    const char *code = g_object_get_data (G_OBJECT (button), "code");
    gboolean open = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "open"));
    g_signal_emit (self, s_signals[SIGNAL_OPEN_CATEGORY], 0, code, !open);
}

/* The report row of CODE in TODAY, or NULL. */
static json_t *
s_row (json_t *today, const char *code)
{
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (today, "rows"), i, row)
        if (g_strcmp0 (json_string_value (json_object_get (row, "key")), code) == 0)
            return row;
    return NULL;
}

void
manager_category_panel_render (ManagerCategoryPanel *self, hall_mirror_t *mirror, json_t *today,
                               const manager_config_t *config, gint64 now)
{
    manager_grid_clear (self->grid);
    const char *headers[] = { _("业务"), _("等待人数"), _("最长等待"), _("今日平均等待"),
                              _("今日达标率"), _("目标等候"), _("取号"), NULL };
    manager_grid_header (self->grid, headers);
    json_t *tickets = hall_mirror_tickets (mirror);
    size_t i;
    json_t *category;
    int r = 1;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        gint64 target = json_integer_value (json_object_get (category, "target_wait"));
        gint64 oldest = 0;
        int waiting = 0;
        size_t j;
        json_t *ticket;
        json_array_foreach (tickets, j, ticket) {
            if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") != 0
                || g_strcmp0 (json_string_value (json_object_get (ticket, "category")), code) != 0)
                continue;
            gint64 queued = json_integer_value (json_object_get (ticket, "queued_at"));
            if (!waiting++ || queued < oldest)
                oldest = queued;
        }
        gint64 longest = waiting ? now - oldest : 0;
        int warn = manager_config_waiting_warn (config, code);
        g_autofree char *name_waiting = g_strdup_printf ("waiting-%s", code);
        g_autofree char *name_longest = g_strdup_printf ("longest-%s", code);
        g_autofree char *name_avg = g_strdup_printf ("avg-%s", code);
        g_autofree char *name_level = g_strdup_printf ("level-%s", code);
        g_autofree char *count = g_strdup_printf ("%d", waiting);
        g_autofree char *wait = waiting ? manager_duration (longest) : g_strdup ("-");
        json_t *row = s_row (today, code);
        g_autofree char *avg = manager_minutes (json_object_get (row, "wait_avg"));
        g_autofree char *level = manager_percent (json_object_get (row, "service_level"));
        g_autofree char *goal = target > 0 ? manager_duration (target) : g_strdup ("-");
        manager_grid_cell (self->grid, 0, r, manager_category_name (category, code), "name", NULL);
        manager_grid_cell (self->grid, 1, r, count, waiting >= warn ? "bad" : "figure", name_waiting);
        manager_grid_cell (self->grid, 2, r, wait,
                           target > 0 && longest > target ? "bad" : "figure", name_longest);
        manager_grid_cell (self->grid, 3, r, avg, "figure", name_avg);
        manager_grid_cell (self->grid, 4, r, level, "figure", name_level);
        manager_grid_cell (self->grid, 5, r, goal, "dim", NULL);
        gboolean open = json_is_true (json_object_get (category, "open"));
        GtkWidget *button = gtk_button_new_with_label (open ? _("暂停取号") : _("恢复取号"));
        g_autofree char *button_name = g_strdup_printf ("open-%s", code);
        gtk_widget_set_name (button, button_name);
        if (!open)
            gtk_widget_add_css_class (button, "suggested-action");
        g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
        g_object_set_data (G_OBJECT (button), "open", GINT_TO_POINTER (open));
        g_signal_connect (button, "clicked", G_CALLBACK (s_toggle), self);
        gtk_grid_attach (self->grid, button, 6, r, 1, 1);
        r++;
    }
}
