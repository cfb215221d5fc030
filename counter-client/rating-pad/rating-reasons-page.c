/*  rating-reasons-page.c — see rating-reasons-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-reasons-page.h"
#include "rating-controller.h"
#include "rating-levels-page.h"
#include "rating-resources.h"
#include "i18n.h"

struct _RatingReasonsPage {
    GtkBox     parent_instance;
    GtkLabel  *title_label;      /* "★★ 不满意" */
    GtkGrid   *reasons_grid;     /* one row per dimension: its name, its toggles */
    GtkWidget *loading_label;    /* shown until the list arrives */
    GtkEntry  *text_entry;       /* the visitor's own words */
    GtkWidget *back_button;
    GtkWidget *submit_button;    /* insensitive until a reason is chosen */
    GPtrArray *toggles;          /* GtkToggleButton, code in data "code", list order */
    char      *text;             /* trimmed copy of the entry, for _text */
    int        level;
};

G_DEFINE_FINAL_TYPE (RatingReasonsPage, rating_reasons_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, SIGNAL_BACK, SIGNAL_CHANGED, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static gboolean
s_any_chosen (RatingReasonsPage *self)
{
    for (guint i = 0; i < self->toggles->len; i++)
        if (gtk_toggle_button_get_active (g_ptr_array_index (self->toggles, i)))
            return TRUE;
    return FALSE;
}

static void
s_update (RatingReasonsPage *self)
{
    gtk_widget_set_sensitive (self->submit_button, s_any_chosen (self));
}

static void
s_toggled (GtkToggleButton *toggle, RatingReasonsPage *self)
{
    s_update (self);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
}

static void
s_text_changed (GtkEditable *editable, RatingReasonsPage *self)
{
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
}

static void
s_submit (GtkButton *button, RatingReasonsPage *self)
{
    if (s_any_chosen (self))
        g_signal_emit (self, s_signals[SIGNAL_SUBMIT], 0);
}

static void
s_back (GtkButton *button, RatingReasonsPage *self)
{
    g_signal_emit (self, s_signals[SIGNAL_BACK], 0);
}

static void
rating_reasons_page_dispose (GObject *object)
{
    RatingReasonsPage *self = RATING_REASONS_PAGE (object);
    gtk_widget_dispose_template (GTK_WIDGET (self), RATING_TYPE_REASONS_PAGE);
    G_OBJECT_CLASS (rating_reasons_page_parent_class)->dispose (object);
}

static void
rating_reasons_page_finalize (GObject *object)
{
    RatingReasonsPage *self = RATING_REASONS_PAGE (object);
    g_ptr_array_unref (self->toggles);
    g_free (self->text);
    G_OBJECT_CLASS (rating_reasons_page_parent_class)->finalize (object);
}

static void
rating_reasons_page_class_init (RatingReasonsPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = rating_reasons_page_dispose;
    G_OBJECT_CLASS (klass)->finalize = rating_reasons_page_finalize;
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-reasons-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, title_label);
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, reasons_grid);
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, loading_label);
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, text_entry);
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, back_button);
    gtk_widget_class_bind_template_child (widget_class, RatingReasonsPage, submit_button);
    gtk_widget_class_bind_template_callback_full (widget_class, "s_submit", G_CALLBACK (s_submit));
    gtk_widget_class_bind_template_callback_full (widget_class, "s_back", G_CALLBACK (s_back));
    gtk_widget_class_bind_template_callback_full (widget_class, "s_text_changed", G_CALLBACK (s_text_changed));
    s_signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rating_reasons_page_init (RatingReasonsPage *self)
{
    self->toggles = g_ptr_array_new ();
    gtk_widget_init_template (GTK_WIDGET (self));
    rating_reasons_page_reset (self, 2);
}

void
rating_reasons_page_set_reasons (RatingReasonsPage *self, json_t *list)
{
    g_auto (GStrv) chosen = rating_reasons_page_chosen (self);
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reasons_grid))))
        gtk_grid_remove (self->reasons_grid, child);
    g_ptr_array_set_size (self->toggles, 0);

    json_t *dimensions = json_object_get (list, "dimensions");
    size_t row;
    json_t *dimension;
    json_array_foreach (dimensions, row, dimension) {
        GtkWidget *name = gtk_label_new (rating_name (dimension));
        gtk_label_set_xalign (GTK_LABEL (name), 1);
        gtk_widget_set_valign (name, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (name, "reason-dimension");
        gtk_grid_attach (self->reasons_grid, name, 0, (int) row, 1, 1);
        GtkWidget *flow = gtk_flow_box_new ();
        gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
        gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
        gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
        gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
        gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 10);
        gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 10);
        gtk_widget_set_hexpand (flow, TRUE);
        gtk_grid_attach (self->reasons_grid, flow, 1, (int) row, 1, 1);
        size_t i;
        json_t *reason;
        json_array_foreach (json_object_get (dimension, "reasons"), i, reason) {
            const char *code = json_string_value (json_object_get (reason, "code"));
            if (!code)
                continue;
            GtkWidget *toggle = gtk_toggle_button_new_with_label (rating_name (reason));
            g_autofree char *widget_name = g_strdup_printf ("reason-%s", code);
            gtk_widget_set_name (toggle, widget_name);
            gtk_widget_add_css_class (toggle, "reason-button");
            gtk_widget_set_focus_on_click (toggle, FALSE);
            g_object_set_data_full (G_OBJECT (toggle), "code", g_strdup (code), g_free);
            if (chosen && g_strv_contains ((const char *const *) chosen, code))
                gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
            g_signal_connect (toggle, "toggled", G_CALLBACK (s_toggled), self);
            gtk_flow_box_append (GTK_FLOW_BOX (flow), toggle);
            g_ptr_array_add (self->toggles, toggle);
        }
    }
    gtk_widget_set_visible (self->loading_label, self->toggles->len == 0);
    s_update (self);
}

void
rating_reasons_page_reset (RatingReasonsPage *self, int level)
{
    self->level = level;
    g_autofree char *title = g_strdup_printf ("%s %s", rating_level_stars (level), rating_level_name (level));
    gtk_label_set_text (self->title_label, title);
    for (guint i = 0; i < self->toggles->len; i++)
        gtk_toggle_button_set_active (g_ptr_array_index (self->toggles, i), FALSE);
    gtk_editable_set_text (GTK_EDITABLE (self->text_entry), "");
    s_update (self);
}

int
rating_reasons_page_level (RatingReasonsPage *self)
{
    return self->level;
}

char **
rating_reasons_page_chosen (RatingReasonsPage *self)
{
    GStrvBuilder *builder = g_strv_builder_new ();
    for (guint i = 0; i < self->toggles->len; i++) {
        GtkToggleButton *toggle = g_ptr_array_index (self->toggles, i);
        if (gtk_toggle_button_get_active (toggle))
            g_strv_builder_add (builder, g_object_get_data (G_OBJECT (toggle), "code"));
    }
    char **chosen = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
    return chosen;
}

const char *
rating_reasons_page_text (RatingReasonsPage *self)
{
    g_free (self->text);
    self->text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry))));
    return self->text;
}
