/*  manager-threshold-dialog.c — see manager-threshold-dialog.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-threshold-dialog.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerThresholdDialog {
    GtkWindow         parent_instance;
    GtkSpinButton    *quiet_spin;
    GtkSpinButton    *idle_spin;
    GtkSpinButton    *warn_spin;
    GtkCheckButton   *notify_check;
    GtkGrid          *category_grid;
    GtkButton        *save_button;
    GtkButton        *cancel_button;
    manager_config_t *config;       /* borrowed */
};

G_DEFINE_FINAL_TYPE (ManagerThresholdDialog, manager_threshold_dialog, GTK_TYPE_WINDOW)

enum { SIGNAL_SAVED, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_save (GtkButton *button, ManagerThresholdDialog *self)
{
    self->config->quiet_period = gtk_spin_button_get_value_as_int (self->quiet_spin) * 60;
    self->config->idle_minutes = gtk_spin_button_get_value_as_int (self->idle_spin);
    self->config->waiting_warn = gtk_spin_button_get_value_as_int (self->warn_spin);
    self->config->notify = gtk_check_button_get_active (self->notify_check);
    for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->category_grid)); child;
         child = gtk_widget_get_next_sibling (child)) {
        const char *code = g_object_get_data (G_OBJECT (child), "code");
        if (code && GTK_IS_SPIN_BUTTON (child))
            manager_config_set_category_warn (self->config, code,
                                              gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child)));
    }
    g_signal_emit (self, s_signals[SIGNAL_SAVED], 0);
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
s_cancel (GtkButton *button, ManagerThresholdDialog *self)
{
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
manager_threshold_dialog_class_init (ManagerThresholdDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 MANAGER_RESOURCE_PATH "/manager-threshold-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, quiet_spin);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, idle_spin);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, warn_spin);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, notify_check);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, category_grid);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, save_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerThresholdDialog, cancel_button);
    s_signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
manager_threshold_dialog_init (ManagerThresholdDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->save_button, "clicked", G_CALLBACK (s_save), self);
    g_signal_connect (self->cancel_button, "clicked", G_CALLBACK (s_cancel), self);
}

ManagerThresholdDialog *
manager_threshold_dialog_new (GtkWindow *parent, manager_config_t *config, hall_mirror_t *mirror)
{
    ManagerThresholdDialog *self = g_object_new (MANAGER_TYPE_THRESHOLD_DIALOG,
                                                 "transient-for", parent, NULL);
    self->config = config;
    gtk_spin_button_set_value (self->quiet_spin, config->quiet_period / 60);
    gtk_spin_button_set_value (self->idle_spin, config->idle_minutes);
    gtk_spin_button_set_value (self->warn_spin, config->waiting_warn);
    gtk_check_button_set_active (self->notify_check, config->notify);
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        GtkWidget *label = gtk_label_new (manager_category_name (category, code));
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_grid_attach (self->category_grid, label, 0, (int) i, 1, 1);
        GtkWidget *spin = gtk_spin_button_new_with_range (0, 9999, 1);
        gpointer own = g_hash_table_lookup (config->category_warn, code);
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), own ? GPOINTER_TO_INT (own) : 0);
        g_autofree char *name = g_strdup_printf ("warn-%s", code);
        gtk_widget_set_name (spin, name);
        g_object_set_data_full (G_OBJECT (spin), "code", g_strdup (code), g_free);
        gtk_grid_attach (self->category_grid, spin, 1, (int) i, 1, 1);
    }
    return self;
}
