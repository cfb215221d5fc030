/*  rating-pad-window.c — see rating-pad-window.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-pad-window.h"
#include "rating-contact-page.h"
#include "rating-idle-page.h"
#include "rating-levels-page.h"
#include "rating-reasons-page.h"
#include "rating-resources.h"
#include "rating-thanks-page.h"
#include "i18n.h"

#define RATE_SECONDS   120     /* levels / reasons / contact untouched this long: idle */
#define THANKS_SECONDS 5       /* thanks shown this long */

struct _RatingPadWindow {
    GtkWindow          parent_instance;
    GtkWidget         *offline_banner;  /* shown while the session is offline */
    GtkLabel          *message_label;   /* a failed request, until the next screen */
    GtkStack          *stack;           /* idle, levels, reasons, contact, thanks */
    RatingIdlePage    *idle_page;
    RatingLevelsPage  *levels_page;
    RatingReasonsPage *reasons_page;
    RatingContactPage *contact_page;    /* a 差评's number, held only until sent */
    RatingThanksPage  *thanks_page;
    RatingController  *controller;      /* owned */
    guint              timer;           /* back to idle, or 0 */
    guint              rate_seconds;
    guint              thanks_seconds;
};

G_DEFINE_FINAL_TYPE (RatingPadWindow, rating_pad_window, GTK_TYPE_WINDOW)

/* ---- screens and the timer ---------------------------------------------- */

static void
s_message (RatingPadWindow *self, const char *text)
{
    gtk_label_set_text (self->message_label, text ? text : "");
    gtk_widget_set_visible (GTK_WIDGET (self->message_label), text && *text);
}

static void
s_disarm (RatingPadWindow *self)
{
    if (self->timer) {
        g_source_remove (self->timer);
        self->timer = 0;
    }
}

static void s_show (RatingPadWindow *self, const char *screen);

static gboolean
s_timeout (gpointer data)
{
    RatingPadWindow *self = data;
    self->timer = 0;
    /* Untouched levels / reasons / contact: the visitor left; the server defaults. */
    rating_controller_forget (self->controller);
    s_show (self, "idle");
    return G_SOURCE_REMOVE;
}

static void
s_arm (RatingPadWindow *self, guint seconds)
{
    s_disarm (self);
    self->timer = g_timeout_add_seconds (seconds, s_timeout, self);
}

/* The levels, reasons and contact screens take taps only online and when
 * no rating is on its way. */
static void
s_update_sensitive (RatingPadWindow *self)
{
    gboolean open = rating_controller_online (self->controller) && !rating_controller_busy (self->controller);
    gtk_widget_set_sensitive (GTK_WIDGET (self->levels_page), open);
    gtk_widget_set_sensitive (GTK_WIDGET (self->reasons_page), open);
    gtk_widget_set_sensitive (GTK_WIDGET (self->contact_page), open);
}

static void
s_show (RatingPadWindow *self, const char *screen)
{
    s_message (self, NULL);
    /* A number typed and not sent goes with the screen that took it. */
    if (!g_str_equal (screen, "contact"))
        rating_contact_page_clear (self->contact_page);
    gtk_stack_set_visible_child_name (self->stack, screen);
    if (g_str_equal (screen, "thanks"))
        s_arm (self, self->thanks_seconds);
    else if (g_str_equal (screen, "idle"))
        s_disarm (self);
    else
        s_arm (self, self->rate_seconds);
}

/* ---- the controller's news ---------------------------------------------- */

static void
s_on_service_finished (RatingController *controller, const char *number, const char *clerk,
                       const char *category, RatingPadWindow *self)
{
    rating_levels_page_set_service (self->levels_page, number, clerk, category);
    rating_reasons_page_reset (self->reasons_page, 2);
    s_show (self, "levels");
}

static void
s_on_reasons_changed (RatingController *controller, RatingPadWindow *self)
{
    rating_reasons_page_set_reasons (self->reasons_page, rating_controller_reasons (controller));
}

static void
s_on_rated (RatingController *controller, int level, gboolean contact, RatingPadWindow *self)
{
    rating_thanks_page_show_thanks (self->thanks_page, level, contact);
    s_show (self, "thanks");
}

static void
s_on_failed (RatingController *controller, int code, const char *message, RatingPadWindow *self)
{
    switch ((hall_error_t) code) {
    case HALL_E_ALREADY_RATED:
    case HALL_E_UNKNOWN_TICKET:
    case HALL_E_BAD_STATE:
    case HALL_E_FORBIDDEN:
        /* This ticket cannot be rated from here: say so, then idle. */
        rating_controller_forget (controller);
        rating_thanks_page_show_refusal (self->thanks_page, message);
        s_show (self, "thanks");
        break;
    case HALL_E_REASON_REQUIRED:
    case HALL_E_UNKNOWN_REASON:
        s_show (self, "reasons");
        s_message (self, message);
        break;
    default:
        /* Timeout, storage…: the visitor may try again. */
        s_message (self, message);
        break;
    }
}

static void
s_on_window_changed (RatingController *controller, RatingPadWindow *self)
{
    rating_idle_page_set_staff (self->idle_page, rating_controller_window_state (controller));
}

static void
s_on_online (RatingController *controller, gboolean online, RatingPadWindow *self)
{
    gtk_widget_set_visible (self->offline_banner, !online);
    s_update_sensitive (self);
}

static void
s_on_busy (RatingController *controller, gboolean busy, RatingPadWindow *self)
{
    s_update_sensitive (self);
}

/* ---- the visitor's taps ------------------------------------------------- */

static void
s_on_level_chosen (RatingLevelsPage *page, int level, RatingPadWindow *self)
{
    if (level <= 2) {
        /* 差评: a reason first. */
        rating_reasons_page_reset (self->reasons_page, level);
        s_show (self, "reasons");
        return;
    }
    s_message (self, NULL);
    s_arm (self, self->rate_seconds);
    rating_controller_rate (self->controller, level, NULL, NULL, NULL);
}

static void
s_on_reasons_submit (RatingReasonsPage *page, RatingPadWindow *self)
{
    /* 差评: the visitor may leave a number for the follow-up. */
    rating_contact_page_reset (self->contact_page, rating_controller_case_phone_days (self->controller));
    s_show (self, "contact");
}

/* The 差评 as chosen on the reasons screen, with CONTACT_PHONE or none;
 * the number is wiped from the screen as it goes. */
static void
s_rate_bad (RatingPadWindow *self, const char *contact_phone)
{
    g_auto (GStrv) reasons = rating_reasons_page_chosen (self->reasons_page);
    s_message (self, NULL);
    s_arm (self, self->rate_seconds);
    rating_controller_rate (self->controller, rating_reasons_page_level (self->reasons_page),
                            (const char *const *) reasons, rating_reasons_page_text (self->reasons_page),
                            contact_phone);
    rating_contact_page_clear (self->contact_page);
}

static void
s_on_contact_submit (RatingContactPage *page, RatingPadWindow *self)
{
    s_rate_bad (self, rating_contact_page_number (page));
}

static void
s_on_contact_skip (RatingContactPage *page, RatingPadWindow *self)
{
    s_rate_bad (self, NULL);
}

static void
s_on_contact_back (RatingContactPage *page, RatingPadWindow *self)
{
    s_show (self, "reasons");
}

static void
s_on_reasons_back (RatingReasonsPage *page, RatingPadWindow *self)
{
    s_show (self, "levels");
}

static void
s_on_reasons_touched (RatingReasonsPage *page, RatingPadWindow *self)
{
    s_arm (self, self->rate_seconds);
}

/* ---- life cycle --------------------------------------------------------- */

static void
s_load_css (void)
{
    static gboolean loaded = FALSE;
    GdkDisplay *display = gdk_display_get_default ();
    if (loaded || !display)
        return;
    loaded = TRUE;
    GtkCssProvider *css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, RATING_RESOURCE_PATH "/rating-pad.css");
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
}

static void
rating_pad_window_dispose (GObject *object)
{
    RatingPadWindow *self = RATING_PAD_WINDOW (object);
    s_disarm (self);
    if (self->controller) {
        g_signal_handlers_disconnect_by_data (self->controller, self);
        g_clear_object (&self->controller);
    }
    G_OBJECT_CLASS (rating_pad_window_parent_class)->dispose (object);
}

static void
rating_pad_window_class_init (RatingPadWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = rating_pad_window_dispose;
    rating_resources_ensure ();
    g_type_ensure (RATING_TYPE_IDLE_PAGE);
    g_type_ensure (RATING_TYPE_LEVELS_PAGE);
    g_type_ensure (RATING_TYPE_REASONS_PAGE);
    g_type_ensure (RATING_TYPE_CONTACT_PAGE);
    g_type_ensure (RATING_TYPE_THANKS_PAGE);
    gtk_widget_class_set_template_from_resource (widget_class, RATING_RESOURCE_PATH "/rating-pad-window.ui");
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, offline_banner);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, message_label);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, idle_page);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, levels_page);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, reasons_page);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, contact_page);
    gtk_widget_class_bind_template_child (widget_class, RatingPadWindow, thanks_page);
}

static void
rating_pad_window_init (RatingPadWindow *self)
{
    self->rate_seconds = RATE_SECONDS;
    self->thanks_seconds = THANKS_SECONDS;
    s_load_css ();
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->levels_page, "level-chosen", G_CALLBACK (s_on_level_chosen), self);
    g_signal_connect (self->reasons_page, "submit", G_CALLBACK (s_on_reasons_submit), self);
    g_signal_connect (self->reasons_page, "back", G_CALLBACK (s_on_reasons_back), self);
    g_signal_connect (self->reasons_page, "changed", G_CALLBACK (s_on_reasons_touched), self);
    g_signal_connect (self->contact_page, "submit", G_CALLBACK (s_on_contact_submit), self);
    g_signal_connect (self->contact_page, "skip", G_CALLBACK (s_on_contact_skip), self);
    g_signal_connect (self->contact_page, "back", G_CALLBACK (s_on_contact_back), self);
    g_signal_connect (self->contact_page, "changed", G_CALLBACK (s_on_reasons_touched), self);
}

RatingPadWindow *
rating_pad_window_new (GtkApplication *app, RatingController *controller)
{
    g_return_val_if_fail (RATING_IS_CONTROLLER (controller), NULL);
    RatingPadWindow *self = g_object_new (RATING_TYPE_PAD_WINDOW, "application", app, NULL);
    self->controller = g_object_ref (controller);
    g_autofree char *title = g_strdup_printf (_("%d号窗口 服务评价"), rating_controller_window (controller));
    gtk_window_set_title (GTK_WINDOW (self), title);
    rating_idle_page_set_window (self->idle_page, rating_controller_window (controller));
    if (rating_controller_reasons (controller))
        rating_reasons_page_set_reasons (self->reasons_page, rating_controller_reasons (controller));
    g_signal_connect (controller, "service-finished", G_CALLBACK (s_on_service_finished), self);
    g_signal_connect (controller, "reasons-changed", G_CALLBACK (s_on_reasons_changed), self);
    g_signal_connect (controller, "rated", G_CALLBACK (s_on_rated), self);
    g_signal_connect (controller, "failed", G_CALLBACK (s_on_failed), self);
    g_signal_connect (controller, "online", G_CALLBACK (s_on_online), self);
    g_signal_connect (controller, "busy", G_CALLBACK (s_on_busy), self);
    g_signal_connect (controller, "window-changed", G_CALLBACK (s_on_window_changed), self);
    s_on_online (controller, rating_controller_online (controller), self);
    return self;
}

void
rating_pad_window_set_timeouts (RatingPadWindow *self, guint rate_seconds, guint thanks_seconds)
{
    self->rate_seconds = MAX (1u, rate_seconds);
    self->thanks_seconds = MAX (1u, thanks_seconds);
}

const char *
rating_pad_window_screen (RatingPadWindow *self)
{
    return gtk_stack_get_visible_child_name (self->stack);
}
