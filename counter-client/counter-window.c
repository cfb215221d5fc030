/*  counter-window.c — see counter-window.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-window.h"
#include "day.h"
#include "counter-cases-dialog.h"
#include "counter-confirm-dialog.h"
#include "counter-format.h"
#include "counter-helper-panel.h"
#include "counter-journey-dialog.h"
#include "counter-notifier.h"
#include "counter-pause-dialog.h"
#include "counter-queue-panel.h"
#include "counter-resources.h"
#include "counter-signin-page.h"
#include "counter-ticket-panel.h"
#include "counter-transfer-dialog.h"
#include "i18n.h"

#include <stdlib.h>

#define MESSAGE_INFO_SECONDS   6     /* an info line goes away by itself */
#define MESSAGE_ERROR_SECONDS  30    /* an error stays longer (or until closed) */

struct _CounterWindow {
    GtkApplicationWindow parent_instance;

    /* template children */
    GtkWidget          *offline_banner;
    GtkLabel           *offline_label;
    GtkWidget          *message_bar;
    GtkLabel           *message_label;
    GtkLabel           *window_label;
    GtkLabel           *clerk_label;
    GtkLabel           *clock_label;
    GtkEditable        *find_entry;
    GtkPopover         *find_popover; /* under find_entry: what was found */
    GtkLabel           *find_label;
    GtkStack           *stack;
    CounterSigninPage  *signin_page;
    gboolean            identified;   /* whoever is signed in here signed in (or
                                       * confirmed) at this desk since it started,
                                       * or the window was empty when it looked */
    CounterTicketPanel *ticket_panel;
    CounterQueuePanel  *queue_panel;
    CounterHelperPanel *helper_panel; /* the visitors this clerk accompanies (帮办) */
    GtkWidget          *pause_button;
    GtkWidget          *resume_button;
    GtkWidget          *call_button;
    GtkWidget          *finish_button;
    GtkWidget          *noshow_button;
    GtkLabel           *action_hint;  /* under the actions: why one is off (no-show too soon, nobody waiting) */
    GtkLabel           *served_label;
    GtkLabel           *average_label;

    CounterController  *controller;   /* owned reference */
    counter_notifier_t *notifier;
    int                 number;       /* the window this desk is */
    guint               tick;         /* 1 s timer: clock and durations */
    guint               message_timeout;
    gint64              offline_since;/* monotonic µs when the link went, or 0 */
    GtkWindow          *dialog;       /* open pause/transfer/journey/cases dialog (weak) */
    GtkWidget          *find_accompany; /* in the find popover: 帮办 the ticket found */
};

G_DEFINE_FINAL_TYPE (CounterWindow, counter_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- messages ------------------------------------------------------------ */

static void
s_message_close (CounterWindow *self)
{
    gtk_widget_set_visible (self->message_bar, FALSE);
    g_clear_handle_id (&self->message_timeout, g_source_remove);
}

static gboolean
s_message_expired (gpointer data)
{
    CounterWindow *self = data;
    self->message_timeout = 0;
    gtk_widget_set_visible (self->message_bar, FALSE);
    return G_SOURCE_REMOVE;
}

static void
s_message_show (CounterWindow *self, const char *text, gboolean error)
{
    gtk_label_set_text (self->message_label, text);
    gtk_widget_remove_css_class (self->message_bar, error ? "info" : "error");
    gtk_widget_add_css_class (self->message_bar, error ? "error" : "info");
    gtk_widget_set_visible (self->message_bar, TRUE);
    g_clear_handle_id (&self->message_timeout, g_source_remove);
    self->message_timeout = g_timeout_add_seconds (error ? MESSAGE_ERROR_SECONDS : MESSAGE_INFO_SECONDS,
                                                   s_message_expired, self);
}

/* ---- rendering ----------------------------------------------------------- */

static void
s_enable (CounterWindow *self, const char *name, gboolean on)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), on);
}

/* The window's current ticket (called or serving), or NULL. */
static json_t *
s_current_ticket (CounterWindow *self)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    json_t *jid = json_object_get (hall_mirror_window (mirror, self->number), "ticket");
    return json_is_integer (jid) ? hall_mirror_ticket (mirror, json_integer_value (jid)) : NULL;
}

/* The current step of a ticket's JOURNEY, and its index (-1: none). */
static json_t *
s_journey_step (json_t *journey, int *index)
{
    json_t *current = json_object_get (journey, "current");
    *index = json_is_integer (current) ? (int) json_integer_value (current) : -1;
    return *index >= 0 ? json_array_get (json_object_get (journey, "steps"), (size_t) *index) : NULL;
}

/* Whether a step of JOURNEY is done or skipped: one to go back to. */
static gboolean
s_journey_has_done (json_t *journey)
{
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step) {
        const char *state = json_string_value (json_object_get (step, "state"));
        if (g_strcmp0 (state, "done") == 0 || g_strcmp0 (state, "skipped") == 0)
            return TRUE;
    }
    return FALSE;
}

static void
s_render_journey_actions (CounterWindow *self, gboolean base, json_t *ticket)
{
    json_t *journey = json_object_get (ticket, "journey");
    gboolean on_journey = base && json_is_object (journey);
    int index;
    json_t *step = s_journey_step (journey, &index);
    gboolean optional = on_journey && json_is_true (json_object_get (step, "optional"));
    gboolean done = on_journey && s_journey_has_done (journey);
    s_enable (self, "journey", base && ticket && !json_is_object (journey));
    s_enable (self, "journey-start", base && ticket && !json_is_object (journey));
    s_enable (self, "journey-skip", optional);
    s_enable (self, "journey-skip-step", optional);
    s_enable (self, "journey-back", done);
    s_enable (self, "journey-back-to", done);
    s_enable (self, "journey-end", on_journey);
    s_enable (self, "journey-end-with-reason", on_journey);
    s_enable (self, "accompany", base);
    s_enable (self, "release", base);
}

/* Whether the hall's no-show rule lets the window's called TICKET be
 * marked a no-show now; else *WHY says when (g_free). */
static gboolean
s_noshow_ready (CounterWindow *self, json_t *ticket, char **why)
{
    gint64 called;
    int recalls;
    counter_controller_latest_call (self->controller, ticket, &called, &recalls);
    return counter_noshow_ready (hall_mirror_hall (counter_controller_mirror (self->controller)), called,
                                 recalls, counter_controller_now (self->controller), why);
}

static void
s_render_actions (CounterWindow *self, json_t *window, json_t *queue)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    gboolean linked = counter_controller_online (self->controller) && hall_mirror_loaded (mirror)
                      && window && json_is_object (json_object_get (window, "clerk")) && self->identified;
    gboolean base = linked && !counter_controller_busy (self->controller);
    json_t *jid = json_object_get (window, "ticket");
    json_t *ticket = json_is_integer (jid) ? hall_mirror_ticket (mirror, json_integer_value (jid)) : NULL;
    gboolean current = json_is_integer (jid);
    const char *state = json_string_value (json_object_get (ticket, "state"));
    gboolean called = g_strcmp0 (state, HALL_TICKET_CALLED) == 0;
    gboolean serving = g_strcmp0 (state, HALL_TICKET_SERVING) == 0;
    gboolean paused = json_is_true (json_object_get (window, "paused"));
    /* 办结 waits for the 办件编号 where the category needs one; the
     * ticket panel says so too. */
    gboolean missing = serving && counter_matter_missing (ticket, hall_mirror_category (mirror,
                                     json_string_value (json_object_get (ticket, "category"))));

    s_enable (self, "call", base && !current && !paused && json_array_size (queue) > 0);
    s_enable (self, "recall", base && called);
    s_enable (self, "start", base && called);
    s_enable (self, "finish", base && serving && !missing);
    gtk_widget_set_tooltip_text (self->finish_button, missing ? _("本业务须录入办件编号后办结") : NULL);
    /* A scanner may send the next number before the last is answered:
     * 办件编号 do not wait for other requests (the server refuses a
     * number twice). */
    s_enable (self, "matter-add", linked && serving);
    s_enable (self, "matter-remove", linked && serving);
    counter_ticket_panel_set_matter_enabled (self->ticket_panel, linked);
    /* 过号 waits for the hall's rule (the server's too_soon): the desk
     * says why, counting down with the server's clock. */
    g_autofree char *too_soon = NULL;
    gboolean ready = called && s_noshow_ready (self, ticket, &too_soon);
    s_enable (self, "noshow", base && called && ready);
    s_enable (self, "noshow-confirmed", base && called);
    gtk_widget_set_tooltip_text (self->noshow_button, too_soon);
    /* 叫号 is off with nobody waiting for this window: say so. */
    const char *nobody = base && !current && !paused && json_array_size (queue) == 0
                       ? _("当前无人等候：有人取号后即可叫号") : NULL;
    gtk_widget_set_tooltip_text (self->call_button, nobody);
    const char *hint = too_soon ? too_soon : nobody;
    gtk_label_set_text (self->action_hint, hint ? hint : "");
    gtk_widget_set_visible (GTK_WIDGET (self->action_hint), hint != NULL);
    s_enable (self, "transfer", base && current);
    s_enable (self, "transfer-to-category", base && current);
    s_enable (self, "transfer-to-window", base && current);
    s_enable (self, "pause", base && !current && !paused);
    s_enable (self, "pause-with-reason", base && !current && !paused);
    s_enable (self, "resume", base && paused);
    s_enable (self, "signout", base && !current);
    s_enable (self, "signout-confirmed", base && !current);
    s_enable (self, "cases", linked);
    s_render_journey_actions (self, base, ticket);
    gtk_widget_set_visible (self->pause_button, !paused);
    gtk_widget_set_visible (self->resume_button, paused);
}

static void
s_render_clock (CounterWindow *self)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    const char *zone = json_string_value (json_object_get (hall_mirror_hall (mirror), "timezone"));
    g_autofree char *text = hall_day_format (counter_controller_now (self->controller), zone, "%H:%M:%S");
    gtk_label_set_text (self->clock_label, text ? text : "");
}

static void
s_render_offline (CounterWindow *self)
{
    gboolean online = counter_controller_online (self->controller);
    gtk_widget_set_visible (self->offline_banner, !online);
    if (online)
        return;
    g_autofree char *text = NULL;
    if (counter_controller_key_refused (self->controller))
        text = g_strdup (_("⚠ 服务器拒绝了本终端的密钥（未登记或已吊销）— 请联系管理员，所有操作已停用"));
    else if (self->offline_since) {
        int seconds = (int) ((g_get_monotonic_time () - self->offline_since) / G_USEC_PER_SEC);
        text = g_strdup_printf (_("⚠ 与叫号服务器的连接已断开（%d 秒）— 正在自动重连，所有操作已停用"), seconds);
    }
    else
        text = g_strdup (_("⚠ 正在连接叫号服务器… 连接前所有操作已停用"));
    gtk_label_set_text (self->offline_label, text);
}

/* Everything that depends on time only: clock, durations, waits. */
static void
s_render_times (CounterWindow *self, json_t *queue)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    gint64 now = counter_controller_now (self->controller);
    s_render_clock (self);
    s_render_offline (self);
    counter_ticket_panel_update (self->ticket_panel, mirror, self->number, now);
    counter_queue_panel_update (self->queue_panel, mirror, self->number, queue, now);
}

static void
s_render (CounterWindow *self, gboolean state_changed)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    json_t *window = hall_mirror_window (mirror, self->number);
    gint64 now = counter_controller_now (self->controller);
    json_t *queue = hall_mirror_queue (mirror, self->number, now);

    const char *name = json_string_value (json_object_get (window, "name"));
    g_autofree char *fallback = g_strdup_printf (_("%d号窗口"), self->number);
    gtk_label_set_text (self->window_label, name ? name : fallback);
    counter_signin_page_set_window (self->signin_page, name ? name : fallback);

    json_t *clerk = json_object_get (window, "clerk");
    if (json_is_object (clerk)) {
        g_autofree char *text = g_strdup_printf (_("工作人员：%s（%s）"),
            json_string_value (json_object_get (clerk, "name")) ?: "",
            json_string_value (json_object_get (clerk, "id")) ?: "");
        gtk_label_set_text (self->clerk_label, text);
    }
    else
        gtk_label_set_text (self->clerk_label, window ? _("未登录") : "");

    /* The sign-in page when the server says nobody is signed in here; a
     * desk (re)started while a clerk is signed in asks them to confirm
     * with their password first (it may be anybody at the keyboard now). */
    if (window && !json_is_object (clerk))
        self->identified = TRUE;
    gboolean confirm = window && json_is_object (clerk) && !self->identified;
    const char *page = window && (!json_is_object (clerk) || confirm) ? "signin" : "desk";
    if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0) {
        gtk_stack_set_visible_child_name (self->stack, page);
        if (g_str_equal (page, "signin")) {
            counter_signin_page_reset (self->signin_page);
            counter_signin_page_confirm (self->signin_page,
                                         confirm ? json_string_value (json_object_get (clerk, "id")) : NULL,
                                         json_string_value (json_object_get (clerk, "name")));
        }
        else if (gtk_widget_has_css_class (self->message_bar, "error"))
            s_message_close (self);     /* a failed sign-in's message: signed in now */
    }

    g_autofree char *served = g_strdup_printf (_("%d 件"),
        (int) json_integer_value (json_object_get (window, "served")));
    gtk_label_set_text (self->served_label, served);
    gint64 average;
    int seen;
    g_autofree char *average_text = NULL;
    if (counter_controller_average_service (self->controller, &average, &seen))
        average_text = counter_format_duration (average);
    else
        average_text = g_strdup (json_integer_value (json_object_get (window, "served")) > 0 ? "—"
                                 : _("—（今日尚无办结）"));
    gtk_label_set_text (self->average_label, average_text);

    s_render_times (self, queue);
    counter_helper_panel_update (self->helper_panel, mirror,
                                 json_string_value (json_object_get (clerk, "id")));
    s_render_actions (self, window, queue);
    if (state_changed)
        counter_notifier_update (self->notifier, mirror, queue);
    json_decref (queue);
}

static gboolean
s_tick (gpointer data)
{
    s_render (data, FALSE);
    return G_SOURCE_CONTINUE;
}

/* ---- controller signals -------------------------------------------------- */

static void
s_changed (CounterWindow *self, gpointer event)
{
    s_render (self, TRUE);
}

static void
s_online (CounterWindow *self, gboolean online)
{
    self->offline_since = online ? 0 : g_get_monotonic_time ();
    if (online && self->dialog == NULL)
        gtk_widget_set_visible (self->message_bar, FALSE);
    s_render (self, FALSE);
}

static void
s_failed (CounterWindow *self, int code, const char *message)
{
    s_message_show (self, message, TRUE);
}

static void
s_matter_added (CounterWindow *self, const char *number)
{
    counter_ticket_panel_matter_added (self->ticket_panel, number);
}

static void
s_matter_refused (CounterWindow *self, int code, const char *message)
{
    counter_ticket_panel_matter_refused (self->ticket_panel, message);
}

static void
s_info (CounterWindow *self, const char *message)
{
    s_message_show (self, message, FALSE);
}

static void
s_busy (CounterWindow *self, gboolean busy)
{
    s_render (self, FALSE);
}

static void
s_signin_submit (CounterWindow *self, const char *staff, const char *password)
{
    if (!counter_controller_online (self->controller)) {
        s_message_show (self, _("未连接到服务器，暂时无法登录"), TRUE);
        return;
    }
    counter_controller_signin (self->controller, staff, password);
}

/* The server took this desk's sign-in: whoever is signed in is here. */
static void
s_signed_in (CounterWindow *self)
{
    if (self->identified)
        return;
    self->identified = TRUE;
    s_render (self, TRUE);
}

/* Confirming after a restart, the one at the desk is not the clerk signed
 * in: sign them out (the server refuses while a ticket is still called or
 * served here, and the desk says so). */
static void
s_signin_signout (CounterWindow *self)
{
    counter_controller_signout (self->controller);
}

/* ---- actions ------------------------------------------------------------- */

static void
s_act_call (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_call (COUNTER_WINDOW (self)->controller);
}

static void
s_act_recall (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_recall (COUNTER_WINDOW (self)->controller);
}

static void
s_act_start (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_start (COUNTER_WINDOW (self)->controller);
}

static void
s_act_finish (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_finish (COUNTER_WINDOW (self)->controller);
}

static void s_present_dialog (CounterWindow *self, GtkWindow *dialog);

/* Confirmed: still the ticket the question named (the dialog's
 * "ticket"), or nothing happens. */
static void
s_noshow_confirmed (CounterWindow *self, GObject *dialog)
{
    json_t *ticket = s_current_ticket (self);
    gint64 asked = GPOINTER_TO_SIZE (g_object_get_data (dialog, "ticket"));
    if (!ticket || json_integer_value (json_object_get (ticket, "id")) != asked) {
        s_message_show (self, _("本窗口的当前号已变化，未记过号"), TRUE);
        return;
    }
    gtk_widget_activate_action (GTK_WIDGET (self), "win.noshow-confirmed", NULL);
}

/* 过号 asks first, saying what it means for the visitor. */
static void
s_act_noshow (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    json_t *ticket = s_current_ticket (self);
    if (!ticket)
        return;
    g_autofree char *heading = g_strdup_printf (_("将 %s 记为过号？"),
                                                json_string_value (json_object_get (ticket, "number")));
    g_autofree char *summary = counter_noshow_summary (hall_mirror_hall (counter_controller_mirror (self->controller)),
                                                       ticket);
    CounterConfirmDialog *dialog = counter_confirm_dialog_new (GTK_WINDOW (self), _("确认过号"), heading, summary,
                                                               _("确认过号"));
    g_object_set_data (G_OBJECT (dialog), "ticket",
                       GSIZE_TO_POINTER ((gsize) json_integer_value (json_object_get (ticket, "id"))));
    g_signal_connect_swapped (dialog, "confirmed", G_CALLBACK (s_noshow_confirmed), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_noshow_confirmed (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_noshow (COUNTER_WINDOW (self)->controller);
}

static void
s_act_transfer_to_category (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_transfer_to_category (COUNTER_WINDOW (self)->controller,
                                             g_variant_get_string (p, NULL));
}

static void
s_act_transfer_to_window (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_transfer_to_window (COUNTER_WINDOW (self)->controller, g_variant_get_int32 (p));
}

static void
s_transfer_category_chosen (CounterWindow *self, const char *code)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.transfer-to-category", "s", code);
}

static void
s_transfer_window_chosen (CounterWindow *self, int number)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.transfer-to-window", "i", number);
}

static void
s_present_dialog (CounterWindow *self, GtkWindow *dialog)
{
    if (self->dialog)
        gtk_window_destroy (self->dialog);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (dialog);
}

static void
s_act_transfer (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    CounterTransferDialog *dialog = counter_transfer_dialog_new (GTK_WINDOW (self),
        counter_controller_mirror (self->controller), self->number);
    g_signal_connect_swapped (dialog, "to-category", G_CALLBACK (s_transfer_category_chosen), self);
    g_signal_connect_swapped (dialog, "to-window", G_CALLBACK (s_transfer_window_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_pause_chosen (CounterWindow *self, const char *reason)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.pause-with-reason", "s", reason);
}

static void
s_act_pause (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    CounterPauseDialog *dialog = counter_pause_dialog_new (GTK_WINDOW (self));
    g_signal_connect_swapped (dialog, "pause", G_CALLBACK (s_pause_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_pause_with_reason (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_pause (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL));
}

static void
s_act_resume (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_resume (COUNTER_WINDOW (self)->controller);
}

static void
s_signout_confirmed (CounterWindow *self)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.signout-confirmed", NULL);
}

/* 签退 with people waiting for this window's business asks first; with
 * nobody waiting it signs out at once. */
static void
s_act_signout (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    json_t *queue = hall_mirror_queue (mirror, self->number, counter_controller_now (self->controller));
    int waiting = (int) json_array_size (queue);
    json_decref (queue);
    if (waiting == 0) {
        s_signout_confirmed (self);
        return;
    }
    g_autofree char *heading = g_strdup_printf (_("还有 %d 人在等候本窗口的业务，确定签退吗？"), waiting);
    CounterConfirmDialog *dialog = counter_confirm_dialog_new (GTK_WINDOW (self), _("确认签退"), heading,
        _("签退后本窗口不再叫号，等候的群众仍在队列中。"), _("签退"));
    g_signal_connect_swapped (dialog, "confirmed", G_CALLBACK (s_signout_confirmed), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_signout_confirmed (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_signout (COUNTER_WINDOW (self)->controller);
}

/* ---- 办件编号 (好差评 by 办件) ---------------------------------------------- */

static void
s_act_matter_add (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_matter_add (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL));
}

static void
s_act_matter_remove (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_matter_remove (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL));
}

static void
s_panel_matter_add (CounterWindow *self, const char *number)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.matter-add", "s", number);
}

static void
s_panel_matter_remove (CounterWindow *self, const char *number)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.matter-remove", "s", number);
}

/* ---- 我的差评 and 申诉 ------------------------------------------------------ */

/* The cases dialog, when it is the one open. */
static CounterCasesDialog *
s_cases_dialog (CounterWindow *self)
{
    return self->dialog && COUNTER_IS_CASES_DIALOG (self->dialog) ? COUNTER_CASES_DIALOG (self->dialog) : NULL;
}

static void
s_cases_refresh (CounterWindow *self, gboolean all)
{
    counter_controller_cases (self->controller, all);
}

static void
s_cases_appeal (CounterWindow *self, gint64 kase, const char *reason, gpointer files)
{
    if (!counter_controller_appeal (self->controller, kase, reason, files))
        counter_cases_dialog_appeal_done (s_cases_dialog (self), _("上一份申诉仍在提交中，请稍候"));
}

static void
s_act_cases (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    CounterCasesDialog *dialog = counter_cases_dialog_new (GTK_WINDOW (self));
    g_signal_connect_swapped (dialog, "refresh", G_CALLBACK (s_cases_refresh), self);
    g_signal_connect_swapped (dialog, "appeal", G_CALLBACK (s_cases_appeal), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
    counter_controller_cases (self->controller, FALSE);
}

static void
s_cases (CounterWindow *self, gpointer result)
{
    CounterCasesDialog *dialog = s_cases_dialog (self);
    if (dialog)
        counter_cases_dialog_set_cases (dialog, json_object_get (result, "cases"),
            hall_mirror_categories (counter_controller_mirror (self->controller)),
            counter_controller_reasons (self->controller));
}

static void
s_cases_refused (CounterWindow *self, int code, const char *message)
{
    CounterCasesDialog *dialog = s_cases_dialog (self);
    if (dialog)
        counter_cases_dialog_set_error (dialog, message);
}

static void
s_cases_changed (CounterWindow *self)
{
    CounterCasesDialog *dialog = s_cases_dialog (self);
    if (dialog)
        counter_controller_cases (self->controller, counter_cases_dialog_all (dialog));
}

static void
s_appeal_progress (CounterWindow *self, gint64 sent, gint64 size)
{
    CounterCasesDialog *dialog = s_cases_dialog (self);
    if (dialog)
        counter_cases_dialog_appeal_progress (dialog, sent, size);
}

static void
s_appeal_done (CounterWindow *self, int code, const char *message)
{
    CounterCasesDialog *dialog = s_cases_dialog (self);
    if (dialog)
        counter_cases_dialog_appeal_done (dialog, code ? message : NULL);
    else if (code)
        s_message_show (self, message, TRUE);
    else
        s_message_show (self, _("申诉已提交，等待负责人裁决"), FALSE);
}

/* ---- journeys (一件事) and 帮办 ------------------------------------------- */

static gboolean
s_journey_contains (json_t *journey, const char *code)
{
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step)
        if (g_strcmp0 (json_string_value (json_object_get (step, "category")), code) == 0)
            return TRUE;
    return FALSE;
}

static void
s_journey_chosen (CounterWindow *self, const char *code, const char *reason)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.journey-start", "s", code);
}

/* 转为一件事: the hall's journeys with the current ticket's category among
 * their steps, to pick from. */
static void
s_act_journey (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    json_t *ticket = s_current_ticket (self);
    if (!ticket)
        return;
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    json_t *journeys = hall_mirror_journeys (mirror);
    const char *code = json_string_value (json_object_get (ticket, "category"));
    const char *number = json_string_value (json_object_get (ticket, "number"));
    g_autofree char *heading = g_strdup_printf (_("将 %s 转为一件事，从「%s」这一步办起："), number,
                                                counter_category_name (hall_mirror_category (mirror, code), code));
    CounterJourneyDialog *dialog = counter_journey_dialog_new_pick (GTK_WINDOW (self), _("转为一件事"), heading);
    int shown = 0;
    size_t i;
    json_t *journey;
    json_array_foreach (journeys, i, journey) {
        const char *theme = json_string_value (json_object_get (journey, "code"));
        if (!theme || !s_journey_contains (journey, code))
            continue;
        g_autofree char *steps = counter_journey_steps_markup (journey, hall_mirror_categories (mirror));
        counter_journey_dialog_add (dialog, counter_category_name (journey, theme), steps, theme);
        shown++;
    }
    if (!shown) {
        gtk_window_destroy (GTK_WINDOW (dialog));
        g_autofree char *text = g_strdup_printf (_("没有包含「%s」的一件事主题"),
                                                 counter_category_name (hall_mirror_category (mirror, code), code));
        s_message_show (self, text, TRUE);
        return;
    }
    g_signal_connect_swapped (dialog, "chosen", G_CALLBACK (s_journey_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_journey_start (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_journey_start (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL));
}

static void
s_skip_chosen (CounterWindow *self, const char *value, const char *reason)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.journey-skip-step", "i", atoi (value));
}

/* 跳过此步 asks first: a skipped step is not done. */
static void
s_act_journey_skip (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    json_t *ticket = s_current_ticket (self);
    int index;
    if (!s_journey_step (json_object_get (ticket, "journey"), &index))
        return;
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    g_autofree char *heading = g_strdup_printf (_("%s 跳过「%s」这一步（可选）？跳过后去办下一步。"),
        json_string_value (json_object_get (ticket, "number")),
        counter_journey_step_name (ticket, index, hall_mirror_categories (mirror)));
    g_autofree char *value = g_strdup_printf ("%d", index);
    CounterJourneyDialog *dialog = counter_journey_dialog_new_confirm (GTK_WINDOW (self), _("跳过此步"), heading,
                                                                       _("跳过此步"), value, FALSE);
    g_signal_connect_swapped (dialog, "chosen", G_CALLBACK (s_skip_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_journey_skip_step (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_journey_skip (COUNTER_WINDOW (self)->controller, g_variant_get_int32 (p));
}

static void
s_back_chosen (CounterWindow *self, const char *value, const char *reason)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.journey-back-to", "i", atoi (value));
}

/* 退回: materials missing for a step done before — pick which. */
static void
s_act_journey_back (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    json_t *ticket = s_current_ticket (self);
    json_t *journey = json_object_get (ticket, "journey");
    if (!json_is_object (journey))
        return;
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    g_autofree char *heading = g_strdup_printf (_("%s 退回到哪一步重新办理？"),
                                                json_string_value (json_object_get (ticket, "number")));
    CounterJourneyDialog *dialog = counter_journey_dialog_new_pick (GTK_WINDOW (self), _("退回"), heading);
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step) {
        const char *state = json_string_value (json_object_get (step, "state"));
        gboolean skipped = g_strcmp0 (state, "skipped") == 0;
        if (!skipped && g_strcmp0 (state, "done") != 0)
            continue;
        g_autofree char *title = g_strdup_printf (_("第 %d 步 %s"), (int) i + 1,
            counter_journey_step_name (ticket, (int) i, hall_mirror_categories (mirror)));
        json_t *window = json_object_get (step, "window");
        g_autofree char *detail = skipped ? g_strdup (_("已跳过"))
            : json_is_integer (window) ? g_strdup_printf (_("已办结 · %d号窗口"), (int) json_integer_value (window))
            : g_strdup (_("已办结"));
        g_autofree char *value = g_strdup_printf ("%d", (int) i);
        counter_journey_dialog_add (dialog, title, detail, value);
    }
    g_signal_connect_swapped (dialog, "chosen", G_CALLBACK (s_back_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_journey_back_to (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_journey_back (COUNTER_WINDOW (self)->controller, g_variant_get_int32 (p));
}

static void
s_end_chosen (CounterWindow *self, const char *value, const char *reason)
{
    gtk_widget_activate_action (GTK_WIDGET (self), "win.journey-end-with-reason", "s", reason ? reason : "");
}

/* 结束一件事 asks first: the steps still to do are dropped. */
static void
s_act_journey_end (GSimpleAction *a, GVariant *p, gpointer data)
{
    CounterWindow *self = data;
    json_t *ticket = s_current_ticket (self);
    json_t *journey = json_object_get (ticket, "journey");
    if (!json_is_object (journey))
        return;
    int left = 0;
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (journey, "steps"), i, step)
        if (g_strcmp0 (json_string_value (json_object_get (step, "state")), "pending") == 0)
            left++;
    g_autofree char *heading = g_strdup_printf (_("在本窗口结束 %s 的一件事？本号就此办结，尚未办理的 %d 步不再办理。"),
                                                json_string_value (json_object_get (ticket, "number")), left);
    CounterJourneyDialog *dialog = counter_journey_dialog_new_confirm (GTK_WINDOW (self), _("结束一件事"), heading,
                                                                       _("结束一件事"), "end", TRUE);
    g_signal_connect_swapped (dialog, "chosen", G_CALLBACK (s_end_chosen), self);
    s_present_dialog (self, GTK_WINDOW (dialog));
}

static void
s_act_journey_end_with_reason (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_journey_end (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL));
}

static void
s_act_accompany (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_accompany (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL), FALSE);
}

static void
s_act_release (GSimpleAction *a, GVariant *p, gpointer self)
{
    counter_controller_accompany (COUNTER_WINDOW (self)->controller, g_variant_get_string (p, NULL), TRUE);
}

static const GActionEntry s_actions[] = {
    { .name = "call", .activate = s_act_call },
    { .name = "recall", .activate = s_act_recall },
    { .name = "start", .activate = s_act_start },
    { .name = "finish", .activate = s_act_finish },
    { .name = "noshow", .activate = s_act_noshow },
    { .name = "noshow-confirmed", .activate = s_act_noshow_confirmed },
    { .name = "transfer", .activate = s_act_transfer },
    { .name = "transfer-to-category", .activate = s_act_transfer_to_category, .parameter_type = "s" },
    { .name = "transfer-to-window", .activate = s_act_transfer_to_window, .parameter_type = "i" },
    { .name = "pause", .activate = s_act_pause },
    { .name = "pause-with-reason", .activate = s_act_pause_with_reason, .parameter_type = "s" },
    { .name = "resume", .activate = s_act_resume },
    { .name = "signout", .activate = s_act_signout },
    { .name = "signout-confirmed", .activate = s_act_signout_confirmed },
    { .name = "journey", .activate = s_act_journey },
    { .name = "journey-start", .activate = s_act_journey_start, .parameter_type = "s" },
    { .name = "journey-skip", .activate = s_act_journey_skip },
    { .name = "journey-skip-step", .activate = s_act_journey_skip_step, .parameter_type = "i" },
    { .name = "journey-back", .activate = s_act_journey_back },
    { .name = "journey-back-to", .activate = s_act_journey_back_to, .parameter_type = "i" },
    { .name = "journey-end", .activate = s_act_journey_end },
    { .name = "journey-end-with-reason", .activate = s_act_journey_end_with_reason, .parameter_type = "s" },
    { .name = "accompany", .activate = s_act_accompany, .parameter_type = "s" },
    { .name = "release", .activate = s_act_release, .parameter_type = "s" },
    { .name = "matter-add", .activate = s_act_matter_add, .parameter_type = "s" },
    { .name = "matter-remove", .activate = s_act_matter_remove, .parameter_type = "s" },
    { .name = "cases", .activate = s_act_cases },
};

/* F7 pauses or resumes, whichever the state allows. */
static gboolean
s_key_pause_resume (GtkWidget *widget, GVariant *args, gpointer user)
{
    GActionMap *map = G_ACTION_MAP (widget);
    const char *name = g_action_get_enabled (g_action_map_lookup_action (map, "resume")) ? "win.resume"
                                                                                        : "win.pause";
    return gtk_widget_activate_action (widget, name, NULL);
}

static void
s_add_shortcuts (CounterWindow *self)
{
    static const struct { guint key; const char *action; } keys[] = {
        { GDK_KEY_F1, "win.call" }, { GDK_KEY_F2, "win.recall" }, { GDK_KEY_F3, "win.start" },
        { GDK_KEY_F4, "win.finish" }, { GDK_KEY_F5, "win.noshow" }, { GDK_KEY_F6, "win.transfer" },
        { GDK_KEY_F8, "win.signout" },
    };
    GtkEventController *controller = gtk_shortcut_controller_new ();
    gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_LOCAL);
    for (size_t i = 0; i < G_N_ELEMENTS (keys); i++)
        gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
            gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, 0),
                              gtk_named_action_new (keys[i].action)));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F7, 0),
                          gtk_callback_action_new (s_key_pause_resume, NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ---- looking a ticket up (ticket.find) ----------------------------------- */

static void
s_find_activate (CounterWindow *self)
{
    g_autofree char *number = g_strstrip (g_strdup (gtk_editable_get_text (self->find_entry)));
    if (*number)
        counter_controller_find (self->controller, number);
}

static void
s_found (CounterWindow *self, gpointer result)
{
    hall_mirror_t *mirror = counter_controller_mirror (self->controller);
    const char *zone = json_string_value (json_object_get (hall_mirror_hall (mirror), "timezone"));
    g_autofree char *text = counter_find_text (result, hall_mirror_categories (mirror), zone);
    gtk_label_set_text (self->find_label, text);
    /* 帮办: the clerk may accompany a visitor still in the hall. */
    json_t *ticket = json_object_get (result, "ticket");
    const char *number = json_string_value (json_object_get (ticket, "number"));
    gboolean active = hall_ticket_state_active (json_string_value (json_object_get (ticket, "state")));
    gtk_widget_set_visible (self->find_accompany, number && active);
    if (number)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (self->find_accompany), "s", number);
    gtk_popover_popup (self->find_popover);
}

/* ---- life cycle ---------------------------------------------------------- */

static void
counter_window_dispose (GObject *object)
{
    CounterWindow *self = COUNTER_WINDOW (object);
    g_clear_handle_id (&self->tick, g_source_remove);
    g_clear_handle_id (&self->message_timeout, g_source_remove);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->controller);
    counter_notifier_destroy (&self->notifier);
    if (self->find_popover)
        gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->find_popover)));
    gtk_widget_dispose_template (GTK_WIDGET (self), COUNTER_TYPE_WINDOW);
    G_OBJECT_CLASS (counter_window_parent_class)->dispose (object);
}

static void
counter_window_class_init (CounterWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = counter_window_dispose;
    counter_resources_ensure ();
    g_type_ensure (COUNTER_TYPE_SIGNIN_PAGE);
    g_type_ensure (COUNTER_TYPE_TICKET_PANEL);
    g_type_ensure (COUNTER_TYPE_QUEUE_PANEL);
    g_type_ensure (COUNTER_TYPE_HELPER_PANEL);
    gtk_widget_class_set_template_from_resource (widget_class, COUNTER_RESOURCE_PATH "/counter-window.ui");
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, offline_banner);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, offline_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, message_bar);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, message_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, window_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, clerk_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, clock_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, find_entry);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, signin_page);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, ticket_panel);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, queue_panel);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, helper_panel);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, pause_button);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, resume_button);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, call_button);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, finish_button);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, noshow_button);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, action_hint);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, served_label);
    gtk_widget_class_bind_template_child (widget_class, CounterWindow, average_label);
    gtk_widget_class_bind_template_callback (widget_class, s_message_close);
    gtk_widget_class_bind_template_callback (widget_class, s_find_activate);
}

static void
s_load_css (void)
{
    static gboolean loaded = FALSE;
    GdkDisplay *display = gdk_display_get_default ();
    if (loaded || !display)
        return;
    GtkCssProvider *css = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (css, COUNTER_RESOURCE_PATH "/counter.css");
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (css);
    loaded = TRUE;
}

static void
counter_window_init (CounterWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    s_load_css ();
    g_action_map_add_action_entries (G_ACTION_MAP (self), s_actions, G_N_ELEMENTS (s_actions), self);
    s_add_shortcuts (self);
    self->find_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_widget_set_name (GTK_WIDGET (self->find_label), "desk-find-result");
    gtk_label_set_xalign (self->find_label, 0);
    gtk_widget_add_css_class (GTK_WIDGET (self->find_label), "desk-find-result");
    self->find_accompany = gtk_button_new_with_label (_("帮办：陪同此人办理"));
    gtk_widget_set_name (self->find_accompany, "find-accompany");
    gtk_widget_set_halign (self->find_accompany, GTK_ALIGN_END);
    gtk_widget_set_visible (self->find_accompany, FALSE);
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->find_accompany), "s", "");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->find_accompany), "win.accompany");
    GtkWidget *found = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
    gtk_box_append (GTK_BOX (found), GTK_WIDGET (self->find_label));
    gtk_box_append (GTK_BOX (found), self->find_accompany);
    self->find_popover = GTK_POPOVER (gtk_popover_new ());
    gtk_popover_set_child (self->find_popover, found);
    gtk_widget_set_parent (GTK_WIDGET (self->find_popover), GTK_WIDGET (self->find_entry));
    g_signal_connect_swapped (self->signin_page, "submit", G_CALLBACK (s_signin_submit), self);
    g_signal_connect_swapped (self->signin_page, "signout", G_CALLBACK (s_signin_signout), self);
    g_signal_connect_swapped (self->ticket_panel, "matter-add", G_CALLBACK (s_panel_matter_add), self);
    g_signal_connect_swapped (self->ticket_panel, "matter-remove", G_CALLBACK (s_panel_matter_remove), self);
}

CounterWindow *
counter_window_new (GtkApplication *app, CounterController *controller)
{
    CounterWindow *self = g_object_new (COUNTER_TYPE_WINDOW, "application", app, NULL);
    self->controller = g_object_ref (controller);
    self->number = counter_controller_window (controller);
    self->notifier = counter_notifier_new (self->number);
    g_signal_connect_swapped (controller, "changed", G_CALLBACK (s_changed), self);
    g_signal_connect_swapped (controller, "online", G_CALLBACK (s_online), self);
    g_signal_connect_swapped (controller, "failed", G_CALLBACK (s_failed), self);
    g_signal_connect_swapped (controller, "info", G_CALLBACK (s_info), self);
    g_signal_connect_swapped (controller, "signed-in", G_CALLBACK (s_signed_in), self);
    g_signal_connect_swapped (controller, "busy", G_CALLBACK (s_busy), self);
    g_signal_connect_swapped (controller, "found", G_CALLBACK (s_found), self);
    g_signal_connect_swapped (controller, "matter-added", G_CALLBACK (s_matter_added), self);
    g_signal_connect_swapped (controller, "matter-refused", G_CALLBACK (s_matter_refused), self);
    g_signal_connect_swapped (controller, "cases", G_CALLBACK (s_cases), self);
    g_signal_connect_swapped (controller, "cases-refused", G_CALLBACK (s_cases_refused), self);
    g_signal_connect_swapped (controller, "cases-changed", G_CALLBACK (s_cases_changed), self);
    g_signal_connect_swapped (controller, "appeal-progress", G_CALLBACK (s_appeal_progress), self);
    g_signal_connect_swapped (controller, "appeal-done", G_CALLBACK (s_appeal_done), self);
    g_autofree char *title = g_strdup_printf (_("窗口叫号终端 — %d号窗口"), self->number);
    gtk_window_set_title (GTK_WINDOW (self), title);
    self->tick = g_timeout_add (1000, s_tick, self);
    s_render (self, TRUE);
    return self;
}

void
counter_window_set_notify (CounterWindow *self, gboolean idle, gboolean green)
{
    counter_notifier_set_idle (self->notifier, idle);
    counter_notifier_set_green (self->notifier, green);
}

int
counter_window_notifications (CounterWindow *self)
{
    return counter_notifier_sent (self->notifier);
}
