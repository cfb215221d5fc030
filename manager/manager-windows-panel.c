/*  manager-windows-panel.c — see manager-windows-panel.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-windows-panel.h"
#include "manager-format.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerWindowsPanel {
    GtkBox   parent_instance;
    GtkGrid *grid;
};

G_DEFINE_FINAL_TYPE (ManagerWindowsPanel, manager_windows_panel, GTK_TYPE_BOX)

enum { SIGNAL_PAUSE, SIGNAL_RESUME, SIGNAL_MAP, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
manager_windows_panel_class_init (ManagerWindowsPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-windows-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerWindowsPanel, grid);
    const char *names[] = { "pause", "resume", "remap" };
    for (int i = 0; i < N_SIGNALS; i++)
        s_signals[i] = g_signal_new (names[i], G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
manager_windows_panel_init (ManagerWindowsPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
manager_windows_panel_new (void)
{
    return g_object_new (MANAGER_TYPE_WINDOWS_PANEL, NULL);
}

static void
s_clicked (GtkButton *button, ManagerWindowsPanel *self)
{
    int signal = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "signal"));
    int window = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "window"));
    g_signal_emit (self, s_signals[signal], 0, window);
}

static GtkWidget *
s_button (ManagerWindowsPanel *self, const char *label, int signal, int window, const char *name)
{
    GtkWidget *button = gtk_button_new_with_label (label);
    gtk_widget_set_name (button, name);
    g_object_set_data (G_OBJECT (button), "signal", GINT_TO_POINTER (signal));
    g_object_set_data (G_OBJECT (button), "window", GINT_TO_POINTER (window));
    g_signal_connect (button, "clicked", G_CALLBACK (s_clicked), self);
    return button;
}

static char *
s_categories (hall_mirror_t *mirror, json_t *window)
{
    GString *text = g_string_new (NULL);
    const char *keys[] = { "primary", "backup" };
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *code;
        json_array_foreach (json_object_get (window, keys[k]), i, code) {
            const char *c = json_string_value (code);
            const char *name = manager_category_name (hall_mirror_category (mirror, c), c);
            g_string_append_printf (text, "%s%s%s", text->len ? "、" : "", name, k ? _("(备)") : "");
        }
    }
    return g_string_free (text, FALSE);
}

void
manager_windows_panel_render (ManagerWindowsPanel *self, hall_mirror_t *mirror, gint64 now)
{
    manager_grid_clear (self->grid);
    const char *headers[] = { _("窗口"), _("状态"), _("工作人员"), _("当前号码"), _("用时"),
                              _("今日办结"), _("办理业务"), "", "", NULL };
    manager_grid_header (self->grid, headers);
    size_t i;
    json_t *window;
    int r = 1;
    json_array_foreach (hall_mirror_windows (mirror), i, window) {
        int n = (int) json_integer_value (json_object_get (window, "number"));
        const char *state = json_string_value (json_object_get (window, "state"));
        json_t *clerk = json_object_get (window, "clerk");
        json_t *ticket = json_is_integer (json_object_get (window, "ticket"))
            ? hall_mirror_ticket (mirror, json_integer_value (json_object_get (window, "ticket"))) : NULL;
        g_autofree char *n_state = g_strdup_printf ("window-state-%d", n);
        g_autofree char *n_clerk = g_strdup_printf ("window-clerk-%d", n);
        g_autofree char *n_ticket = g_strdup_printf ("window-ticket-%d", n);
        g_autofree char *n_served = g_strdup_printf ("window-served-%d", n);
        g_autofree char *n_pause = g_strdup_printf ("pause-%d", n);
        g_autofree char *n_map = g_strdup_printf ("map-%d", n);
        const char *name = json_string_value (json_object_get (window, "name"));
        g_autofree char *clerk_text = json_is_object (clerk)
            ? g_strdup_printf ("%s %s", json_string_value (json_object_get (clerk, "name")),
                               json_string_value (json_object_get (clerk, "id")))
            : g_strdup ("-");
        g_autofree char *elapsed = NULL;
        if (ticket) {
            json_t *since = json_object_get (ticket, "started_at");
            if (!json_is_integer (since))
                since = json_object_get (ticket, "called_at");
            elapsed = manager_duration (now - json_integer_value (since));
        }
        g_autofree char *served = g_strdup_printf ("%d", (int) json_integer_value (json_object_get (window, "served")));
        g_autofree char *categories = s_categories (mirror, window);
        g_autofree char *state_css = g_strdup_printf ("state-%s", state ? state : "closed");
        manager_grid_cell (self->grid, 0, r, name, "name", NULL);
        manager_grid_cell (self->grid, 1, r, manager_window_state (state), state_css, n_state);
        manager_grid_cell (self->grid, 2, r, clerk_text, NULL, n_clerk);
        manager_grid_cell (self->grid, 3, r, ticket ? json_string_value (json_object_get (ticket, "number")) : "-",
                           "figure", n_ticket);
        manager_grid_cell (self->grid, 4, r, elapsed ? elapsed : "-", NULL, NULL);
        manager_grid_cell (self->grid, 5, r, served, "figure", n_served);
        GtkWidget *cats = manager_grid_cell (self->grid, 6, r, categories, "dim", NULL);
        gtk_label_set_xalign (GTK_LABEL (cats), 0);
        gtk_label_set_ellipsize (GTK_LABEL (cats), PANGO_ELLIPSIZE_END);
        gtk_label_set_max_width_chars (GTK_LABEL (cats), 22);
        gtk_widget_set_tooltip_text (cats, categories);
        gboolean paused = json_is_true (json_object_get (window, "paused"));
        gtk_grid_attach (self->grid, paused ? s_button (self, _("恢复"), SIGNAL_RESUME, n, n_pause)
                                            : s_button (self, _("暂停服务"), SIGNAL_PAUSE, n, n_pause), 7, r, 1, 1);
        gtk_grid_attach (self->grid, s_button (self, _("调整业务"), SIGNAL_MAP, n, n_map), 8, r, 1, 1);
        r++;
    }
}
