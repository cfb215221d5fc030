/*  rating-contact-page.c — see rating-contact-page.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-contact-page.h"
#include "rating-resources.h"
#include "i18n.h"
#include "identity.h"

#include <string.h>

struct _RatingContactPage {
    GtkBox     parent_instance;
    GtkLabel  *consent_label;    /* what the number is for, how long it is kept */
    GtkLabel  *number_label;     /* the digits as typed, grouped 3-4-4, or a hint */
    GtkGrid   *keypad_grid;      /* 1–9, 清空 0 删除 */
    GtkWidget *submit_button;    /* sensitive with a whole number */
    char       digits[RATING_PHONE_DIGITS + 1];   /* typed so far, NUL-terminated */
};

G_DEFINE_FINAL_TYPE (RatingContactPage, rating_contact_page, GTK_TYPE_BOX)

enum { SIGNAL_SUBMIT, SIGNAL_SKIP, SIGNAL_BACK, SIGNAL_CHANGED, N_SIGNALS };
static guint s_signals[N_SIGNALS];

/* "138 0013 8000" as typed so far: the way a number is read out. */
static void
s_show_number (RatingContactPage *self)
{
    size_t n = strlen (self->digits);
    if (n == 0) {
        gtk_label_set_text (self->number_label, _("请用下方数字键输入手机号"));
        gtk_widget_add_css_class (GTK_WIDGET (self->number_label), "empty");
    } else {
        char shown[RATING_PHONE_DIGITS + 3];
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (i == 3 || i == 7)
                shown[k++] = ' ';
            shown[k++] = self->digits[i];
        }
        shown[k] = '\0';
        gtk_label_set_text (self->number_label, shown);
        gtk_widget_remove_css_class (GTK_WIDGET (self->number_label), "empty");
        memset (shown, 0, sizeof shown);
    }
    gtk_widget_set_sensitive (self->submit_button, rating_contact_page_complete (self));
}

static void
s_key (GtkButton *button, RatingContactPage *self)
{
    const char *key = g_object_get_data (G_OBJECT (button), "key");
    size_t n = strlen (self->digits);
    if (g_str_equal (key, "delete")) {
        if (n > 0)
            self->digits[n - 1] = '\0';
    } else if (g_str_equal (key, "clear"))
        memset (self->digits, 0, sizeof self->digits);
    else if (n < RATING_PHONE_DIGITS && !(n == 0 && key[0] != '1'))
        /* A mainland mobile starts with 1: another first digit is no number. */
        self->digits[n] = key[0];
    s_show_number (self);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
}

static void
s_submit (GtkButton *button, RatingContactPage *self)
{
    if (rating_contact_page_complete (self))
        g_signal_emit (self, s_signals[SIGNAL_SUBMIT], 0);
}

static void
s_skip (GtkButton *button, RatingContactPage *self)
{
    g_signal_emit (self, s_signals[SIGNAL_SKIP], 0);
}

static void
s_back (GtkButton *button, RatingContactPage *self)
{
    g_signal_emit (self, s_signals[SIGNAL_BACK], 0);
}

/* The keypad: a telephone's layout, keys as big as the level buttons. */
static void
s_build_keypad (RatingContactPage *self)
{
    static const char *const keys[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "delete" };
    for (int i = 0; i < (int) G_N_ELEMENTS (keys); i++) {
        const char *label = g_str_equal (keys[i], "clear") ? _("清空")
                          : g_str_equal (keys[i], "delete") ? _("删除") : keys[i];
        GtkWidget *button = gtk_button_new_with_label (label);
        g_autofree char *name = g_strdup_printf ("key-%s", keys[i]);
        gtk_widget_set_name (button, name);
        gtk_widget_add_css_class (button, "key-button");
        if (!g_ascii_isdigit (keys[i][0]))
            gtk_widget_add_css_class (button, "key-edit");
        gtk_widget_set_focus_on_click (button, FALSE);
        g_object_set_data (G_OBJECT (button), "key", (gpointer) keys[i]);
        g_signal_connect (button, "clicked", G_CALLBACK (s_key), self);
        gtk_grid_attach (self->keypad_grid, button, i % 3, i / 3, 1, 1);
    }
}

static void
rating_contact_page_dispose (GObject *object)
{
    RatingContactPage *self = RATING_CONTACT_PAGE (object);
    memset (self->digits, 0, sizeof self->digits);
    gtk_widget_dispose_template (GTK_WIDGET (self), RATING_TYPE_CONTACT_PAGE);
    G_OBJECT_CLASS (rating_contact_page_parent_class)->dispose (object);
}

static void
rating_contact_page_class_init (RatingContactPageClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = rating_contact_page_dispose;
    rating_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-contact-page.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingContactPage, consent_label);
    gtk_widget_class_bind_template_child (widget_class, RatingContactPage, number_label);
    gtk_widget_class_bind_template_child (widget_class, RatingContactPage, keypad_grid);
    gtk_widget_class_bind_template_child (widget_class, RatingContactPage, submit_button);
    gtk_widget_class_bind_template_callback_full (widget_class, "s_submit", G_CALLBACK (s_submit));
    gtk_widget_class_bind_template_callback_full (widget_class, "s_skip", G_CALLBACK (s_skip));
    gtk_widget_class_bind_template_callback_full (widget_class, "s_back", G_CALLBACK (s_back));
    s_signals[SIGNAL_SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_SKIP] = g_signal_new ("skip", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rating_contact_page_init (RatingContactPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    s_build_keypad (self);
    rating_contact_page_reset (self, 30);
}

void
rating_contact_page_reset (RatingContactPage *self, int days)
{
    g_autofree char *consent = g_strdup_printf (
        _("如需我们联系您处理，请留下手机号。号码仅用于本次差评的回访，结案后 %d 天删除。"), days);
    gtk_label_set_text (self->consent_label, consent);
    rating_contact_page_clear (self);
}

const char *
rating_contact_page_number (RatingContactPage *self)
{
    return self->digits;
}

gboolean
rating_contact_page_complete (RatingContactPage *self)
{
    return hall_id_mobile_ok (self->digits);
}

void
rating_contact_page_clear (RatingContactPage *self)
{
    memset (self->digits, 0, sizeof self->digits);
    s_show_number (self);
}
