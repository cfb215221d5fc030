/*  waiting-panel.c — see waiting-panel.h. */
#define G_LOG_DOMAIN "hall-display"
#include "waiting-panel.h"
#include "board-view.h"
#include "i18n.h"

#define S_COLUMNS 4

struct _HallWaitingPanel {
    GtkBox      parent_instance;
    GtkWidget  *title;          /* "等候人数" */
    GtkWidget  *title_en;       /* "Waiting" */
    GtkGrid    *grid;           /* one cell per category */
    char       *codes;          /* "A,B,..." the cells were built for */
    GHashTable *counts;         /* code -> GtkLabel of its count (borrowed) */
};

G_DEFINE_FINAL_TYPE (HallWaitingPanel, hall_waiting_panel, GTK_TYPE_BOX)

static void
hall_waiting_panel_finalize (GObject *object)
{
    HallWaitingPanel *self = HALL_WAITING_PANEL (object);
    g_free (self->codes);
    g_hash_table_unref (self->counts);
    G_OBJECT_CLASS (hall_waiting_panel_parent_class)->finalize (object);
}

static void
hall_waiting_panel_class_init (HallWaitingPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = hall_waiting_panel_finalize;
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/waiting-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, HallWaitingPanel, title);
    gtk_widget_class_bind_template_child (widget_class, HallWaitingPanel, title_en);
    gtk_widget_class_bind_template_child (widget_class, HallWaitingPanel, grid);
}

static void
hall_waiting_panel_init (HallWaitingPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    gtk_label_set_text (GTK_LABEL (self->title), _("等候人数"));
    gtk_widget_set_visible (self->title_en, hall_view_bilingual ());
}

static GtkWidget *
s_label (const char *text, const char *css, const char *name)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_widget_add_css_class (label, css);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    if (name)
        gtk_widget_set_name (label, name);
    return label;
}

/* Builds one cell per category, in the hall's order. */
static void
s_build (HallWaitingPanel *self, json_t *categories)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
        gtk_grid_remove (self->grid, child);
    g_hash_table_remove_all (self->counts);
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        const char *prefix = json_string_value (json_object_get (category, "prefix"));
        const char *name_en = json_string_value (json_object_get (category, "name_en"));
        /* [name / English name]   [count] */
        GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
        gtk_widget_add_css_class (cell, "waiting-cell");
        gtk_widget_set_hexpand (cell, TRUE);
        GtkWidget *names = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
        gtk_widget_set_hexpand (names, TRUE);
        gtk_widget_set_valign (names, GTK_ALIGN_CENTER);
        g_autofree char *name = g_strdup_printf ("%s %s", prefix ? prefix : "",
                                                 hall_view_category_name (category));
        gtk_box_append (GTK_BOX (names), s_label (name, "waiting-name", NULL));
        if (hall_view_bilingual () && name_en)
            gtk_box_append (GTK_BOX (names), s_label (name_en, "waiting-name-en", NULL));
        gtk_box_append (GTK_BOX (cell), names);
        g_autofree char *id = g_strdup_printf ("waiting-%s", code);
        GtkWidget *count = s_label ("0", "waiting-count", id);
        gtk_label_set_ellipsize (GTK_LABEL (count), PANGO_ELLIPSIZE_NONE);
        gtk_label_set_xalign (GTK_LABEL (count), 1);
        gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
        gtk_box_append (GTK_BOX (cell), count);
        gtk_grid_attach (self->grid, cell, (int) (i % S_COLUMNS), (int) (i / S_COLUMNS), 1, 1);
        g_hash_table_insert (self->counts, g_strdup (code), count);
    }
}

void
hall_waiting_panel_render (HallWaitingPanel *self, hall_mirror_t *mirror)
{
    if (!hall_mirror_loaded (mirror))
        return;
    json_t *categories = hall_mirror_categories (mirror);
    GString *codes = g_string_new (NULL);
    size_t i;
    json_t *category;
    /* Built again when a category comes or goes, or is renamed (the
     * manager's administration: config.changed). */
    json_array_foreach (categories, i, category) {
        const char *prefix = json_string_value (json_object_get (category, "prefix"));
        const char *name_en = json_string_value (json_object_get (category, "name_en"));
        g_string_append_printf (codes, "%s %s %s %s\n", json_string_value (json_object_get (category, "code")),
                                prefix ? prefix : "", hall_view_category_name (category), name_en ? name_en : "");
    }
    if (g_strcmp0 (codes->str, self->codes) != 0) {
        g_free (self->codes);
        self->codes = g_strdup (codes->str);
        s_build (self, categories);
    }
    g_string_free (codes, TRUE);
    json_array_foreach (categories, i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        GtkLabel *count = g_hash_table_lookup (self->counts, code);
        g_autofree char *text = g_strdup_printf ("%d", hall_mirror_waiting (mirror, code));
        if (count)
            gtk_label_set_text (count, text);
    }
}
