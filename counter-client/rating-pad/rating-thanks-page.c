/*  rating-thanks-page.c — see rating-thanks-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-thanks-page.h"
#include "rating-levels-page.h"
#include "rating-resources.h"
#include "i18n.h"

struct _RatingThanksPage {
    GtkBox     parent_instance;
    GtkLabel  *title_label;      /* 感谢您的评价！ / 未能评价 */
    GtkLabel  *detail_label;     /* the level given, or why refused */
};

G_DEFINE_FINAL_TYPE (RatingThanksPage, rating_thanks_page, GTK_TYPE_BOX)

static void
rating_thanks_page_class_init (RatingThanksPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-thanks-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingThanksPage, title_label);
    gtk_widget_class_bind_template_child (widget_class, RatingThanksPage, detail_label);
}

static void
rating_thanks_page_init (RatingThanksPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

void
rating_thanks_page_show_thanks (RatingThanksPage *self, int level, gboolean contact)
{
    gtk_label_set_text (self->title_label, _("感谢您的评价！"));
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "refused");
    g_autofree char *detail = level <= 2 && contact
        ? g_strdup_printf (_("您的评价：%s %s。大厅负责人会跟进处理，并按您留下的手机号与您联系。"),
                           rating_level_stars (level), rating_level_name (level))
        : level <= 2
        ? g_strdup_printf (_("您的评价：%s %s。大厅负责人会跟进处理。"),
                           rating_level_stars (level), rating_level_name (level))
        : g_strdup_printf (_("您的评价：%s %s"), rating_level_stars (level), rating_level_name (level));
    gtk_label_set_text (self->detail_label, detail);
}

void
rating_thanks_page_show_refusal (RatingThanksPage *self, const char *message)
{
    gtk_label_set_text (self->title_label, _("未能评价"));
    gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "refused");
    gtk_label_set_text (self->detail_label, message);
}
