/*  rating-levels-page.c — see rating-levels-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-levels-page.h"
#include "rating-resources.h"
#include "i18n.h"

struct _RatingLevelsPage {
    GtkBox     parent_instance;
    GtkLabel  *number_label;     /* the ticket just served, large */
    GtkLabel  *service_label;    /* "社保业务 · 工作人员：张三" */
    GtkWidget *level_buttons[6]; /* [1] … [5]; [0] unused */
};

G_DEFINE_FINAL_TYPE (RatingLevelsPage, rating_levels_page, GTK_TYPE_BOX)

enum { SIGNAL_LEVEL_CHOSEN, N_SIGNALS };
static guint s_signals[N_SIGNALS];

const char *
rating_level_stars (int level)
{
    static const char *stars[] = { "", "★", "★★", "★★★", "★★★★", "★★★★★" };
    return level >= 1 && level <= 5 ? stars[level] : "";
}

const char *
rating_level_name (int level)
{
    switch (level) {
    case 5:  return _("非常满意");
    case 4:  return _("满意");
    case 3:  return _("基本满意");
    case 2:  return _("不满意");
    case 1:  return _("非常不满意");
    default: return "";
    }
}

static void
s_clicked (GtkButton *button, RatingLevelsPage *self)
{
    int level = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "level"));
    g_signal_emit (self, s_signals[SIGNAL_LEVEL_CHOSEN], 0, level);
}

static void
rating_levels_page_class_init (RatingLevelsPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-levels-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingLevelsPage, number_label);
    gtk_widget_class_bind_template_child (widget_class, RatingLevelsPage, service_label);
    gtk_widget_class_bind_template_child_full (widget_class, "level5", FALSE,
        G_STRUCT_OFFSET (RatingLevelsPage, level_buttons) + 5 * sizeof (GtkWidget *));
    gtk_widget_class_bind_template_child_full (widget_class, "level4", FALSE,
        G_STRUCT_OFFSET (RatingLevelsPage, level_buttons) + 4 * sizeof (GtkWidget *));
    gtk_widget_class_bind_template_child_full (widget_class, "level3", FALSE,
        G_STRUCT_OFFSET (RatingLevelsPage, level_buttons) + 3 * sizeof (GtkWidget *));
    gtk_widget_class_bind_template_child_full (widget_class, "level2", FALSE,
        G_STRUCT_OFFSET (RatingLevelsPage, level_buttons) + 2 * sizeof (GtkWidget *));
    gtk_widget_class_bind_template_child_full (widget_class, "level1", FALSE,
        G_STRUCT_OFFSET (RatingLevelsPage, level_buttons) + 1 * sizeof (GtkWidget *));
    s_signals[SIGNAL_LEVEL_CHOSEN] = g_signal_new ("level-chosen", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

/* Each button: the stars, then the level's name, left-aligned in columns. */
static void
rating_levels_page_init (RatingLevelsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    for (int level = 1; level <= 5; level++) {
        GtkWidget *button = self->level_buttons[level];
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
        GtkWidget *stars = gtk_label_new (rating_level_stars (level));
        GtkWidget *name = gtk_label_new (rating_level_name (level));
        gtk_label_set_xalign (GTK_LABEL (stars), 0);
        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_widget_add_css_class (stars, "level-stars");
        gtk_widget_add_css_class (name, "level-name");
        gtk_box_append (GTK_BOX (box), stars);
        gtk_box_append (GTK_BOX (box), name);
        gtk_button_set_child (GTK_BUTTON (button), box);
        /* GTK 4.8 does not read the labels in the box out (issue 18). */
        g_autofree char *said = g_strdup_printf (_("%d 星，%s"), level, rating_level_name (level));
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
        gtk_widget_add_css_class (button, level <= 2 ? "level-bad" : "level-good");
        g_object_set_data (G_OBJECT (button), "level", GINT_TO_POINTER (level));
        g_signal_connect (button, "clicked", G_CALLBACK (s_clicked), self);
    }
}

void
rating_levels_page_set_service (RatingLevelsPage *self, const char *number,
                                const char *clerk, const char *category)
{
    g_autofree char *title = g_strdup_printf (_("%s 号"), number ? number : "");
    gtk_label_set_text (self->number_label, title);
    GString *service = g_string_new (category && *category ? category : "");
    if (clerk && *clerk)
        g_string_append_printf (service, "%s%s%s", service->len ? " · " : "", _("工作人员："), clerk);
    gtk_label_set_text (self->service_label, service->str);
    g_string_free (service, TRUE);
}
