/*  manager-map-dialog.c — see manager-map-dialog.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-map-dialog.h"
#include "manager-format.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerMapDialog {
    GtkWindow  parent_instance;
    GtkLabel  *title_label;
    GtkGrid   *grid;
    GtkButton *save_button;
    GtkButton *cancel_button;
    int        window;
};

G_DEFINE_FINAL_TYPE (ManagerMapDialog, manager_map_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_MAP, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_save (GtkButton *button, ManagerMapDialog *self)
{
    g_autoptr (GStrvBuilder) primary = g_strv_builder_new ();
    g_autoptr (GStrvBuilder) backup = g_strv_builder_new ();
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->grid)); child;
         child = gtk_widget_get_next_sibling (child)) {
        const char *code = g_object_get_data (G_OBJECT (child), "code");
        if (!code || !gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
            continue;
        g_strv_builder_add (g_object_get_data (G_OBJECT (child), "backup") ? backup : primary, code);
    }
    g_auto (GStrv) p = g_strv_builder_end (primary);
    g_auto (GStrv) b = g_strv_builder_end (backup);
    g_signal_emit (self, s_signals[SIGNAL_MAP], 0, self->window, p, b);
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
s_cancel (GtkButton *button, ManagerMapDialog *self)
{
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
manager_map_dialog_class_init (ManagerMapDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-map-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerMapDialog, title_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerMapDialog, grid);
    gtk_widget_class_bind_template_child (widget_class, ManagerMapDialog, save_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerMapDialog, cancel_button);
    s_signals[SIGNAL_MAP] = g_signal_new ("mapping", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRV,
                                       G_TYPE_STRV);
}

static void
manager_map_dialog_init (ManagerMapDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->save_button, "clicked", G_CALLBACK (s_save), self);
    g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (s_cancel), self);
}

static gboolean
s_listed (json_t *array, const char *code)
{
    size_t i;
    json_t *item;
    json_array_foreach (array, i, item)
        if (g_strcmp0 (json_string_value (item), code) == 0)
            return TRUE;
    return FALSE;
}

/* Primary and backup of one category exclude each other. */
static void
s_exclusive (GtkCheckButton *button, GtkCheckButton *other)
{
    if (gtk_check_button_get_active (button))
        gtk_check_button_set_active (other, FALSE);
}

ManagerMapDialog *
manager_map_dialog_new (GtkWindow *parent, hall_mirror_t *mirror, int window)
{
    ManagerMapDialog *self = g_object_new (MANAGER_TYPE_MAP_DIALOG, "transient-for", parent, NULL);
    self->window = window;
    json_t *w = hall_mirror_window (mirror, window);
    const char *name = json_string_value (json_object_get (w, "name"));
    g_autofree char *title = g_strdup_printf (_("%s：办理业务"), name ? name : "");
    gtk_label_set_text (self->title_label, title);
    gtk_window_set_title (GTK_WINDOW (self), title);
    const char *headers[] = { _("业务"), _("主办"), _("备办"), NULL };
    manager_grid_header (self->grid, headers);
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        manager_grid_cell (self->grid, 0, (int) i + 1, manager_category_name (category, code), NULL, NULL);
        GtkWidget *checks[2];
        for (int k = 0; k < 2; k++) {
            checks[k] = gtk_check_button_new ();
            g_autofree char *cname = g_strdup_printf ("%s-%s", k ? "backup" : "primary", code);
            gtk_widget_set_name (checks[k], cname);
            gtk_check_button_set_active (GTK_CHECK_BUTTON (checks[k]),
                                         s_listed (json_object_get (w, k ? "backup" : "primary"), code));
            g_object_set_data_full (G_OBJECT (checks[k]), "code", g_strdup (code), g_free);
            g_object_set_data (G_OBJECT (checks[k]), "backup", GINT_TO_POINTER (k));
            gtk_widget_set_halign (checks[k], GTK_ALIGN_CENTER);
            gtk_grid_attach (self->grid, checks[k], 1 + k, (int) i + 1, 1, 1);
        }
        g_signal_connect (checks[0], "toggled", G_CALLBACK (s_exclusive), checks[1]);
        g_signal_connect (checks[1], "toggled", G_CALLBACK (s_exclusive), checks[0]);
    }
    return self;
}
