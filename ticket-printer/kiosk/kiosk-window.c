/*  kiosk-window.c — the kiosk's window (kiosk-window.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-window.h"
#include "day.h"
#include "kiosk-appointment-view.h"
#include "kiosk-message-view.h"
#include "kiosk-staff-view.h"
#include "kiosk-start-view.h"
#include "kiosk-text.h"
#include "kiosk-ticket-view.h"
#include "kiosk-ui.h"

#define S_REFRESH_EVERY 30      //  seconds: issuing hours open and close
#define S_SHORT_BELOW   900     //  pixels high: the "short" style (1280×720, 1366×768)

struct _KioskWindow {
    GtkApplicationWindow  parent;
    GtkWidget            *hall_label;
    GtkWidget            *clock_label;
    GtkWidget            *language_button;
    GtkWidget            *large_button;
    GtkWidget            *stack;
    KioskStartView       *start_view;
    KioskTicketView      *ticket_view;
    KioskAppointmentView *appointment_view;
    KioskStaffView       *staff_view;
    KioskMessageView     *message_view;
    GtkWidget            *status_label;
    KioskController      *controller;
    int                   idle_timeout;     //  seconds
    gboolean              default_english;  //  language after an idle timeout
    gint64                touched_at;       //  monotonic µs of the last input
    guint                 tick_id;          //  one-second timer
    guint                 ticks;            //  seconds since start
    char                 *asked;            //  category (or journey) the visitor is asked about, or NULL
    gboolean              asked_walk_in;    //  asked: a late appointment's normal ticket
    gboolean              asked_journey;    //  asked: a journey's ticket (asked is its code)
    int                   columns;          //  of the start screen's buttons, for the size
    guint                 adapt_id;         //  idle: fit the window's new size
};

G_DEFINE_FINAL_TYPE (KioskWindow, kiosk_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- rendering ----------------------------------------------------------- */

static void s_refresh_status (KioskWindow *self);
static void s_adapt_later (KioskWindow *self);

static void
s_refresh_clock (KioskWindow *self)
{
    //  Offline the server's clock is unknown: keep the last time shown.
    if (!kiosk_controller_online (self->controller)) {
        s_refresh_status (self);        /* the status line says why */
        return;
    }
    json_t *hall = hall_mirror_hall (kiosk_controller_mirror (self->controller));
    const char *tzid = json_string_value (json_object_get (hall, "timezone"));
    g_autofree char *text = hall_day_format (kiosk_controller_now (self->controller), tzid,
                                             "%Y-%m-%d  %H:%M");
    gtk_label_set_text (GTK_LABEL (self->clock_label), text);
}

//  The status line: server and printer, in the hall's words (visitors
//  read it: the printer's address and error are on the staff screen).
static void
s_refresh_status (KioskWindow *self)
{
    gboolean failure = kiosk_controller_printer_state (self->controller) != HALL_PRINTER_OK;
    gboolean online = kiosk_controller_online (self->controller);
    const char *text;
    if (!online && kiosk_controller_key_refused (self->controller))
        text = N_("服务器拒绝了本机的密钥（未登记或已吊销），请联系管理员");
    else if (!online)
        text = N_("服务器连接中断，暂停取号");
    else if (failure && kiosk_controller_staff_told (self->controller))
        text = N_("打印机暂时无法使用，工作人员已收到提示");
    else if (failure)
        text = N_("打印机暂时无法使用，请联系工作人员");
    else
        text = N_("设备正常");
    gtk_label_set_text (GTK_LABEL (self->status_label), kiosk_tr (text));
    if (!online || failure)
        gtk_widget_add_css_class (self->status_label, "error");
    else
        gtk_widget_remove_css_class (self->status_label, "error");
}

static void
s_refresh (KioskWindow *self)
{
    gboolean english = kiosk_text_language () == KIOSK_LANG_EN;
    hall_mirror_t *mirror = kiosk_controller_mirror (self->controller);
    json_t *hall = hall_mirror_hall (mirror);
    const char *zh = json_string_value (json_object_get (hall, "name"));
    const char *en = json_string_value (json_object_get (hall, "name_en"));
    //  Without a mirror (server away) the last name stays.
    if (hall_mirror_loaded (mirror) || !*gtk_label_get_text (GTK_LABEL (self->hall_label)))
        gtk_label_set_text (GTK_LABEL (self->hall_label),
                            english && en && *en ? en : zh && *zh ? zh : kiosk_tr (N_("政务服务中心")));
    //  The toggle names the other language, in that language.
    gtk_button_set_label (GTK_BUTTON (self->language_button), english ? "中文" : "English");
    gtk_button_set_label (GTK_BUTTON (self->large_button), kiosk_tr (N_("大字模式")));
    gtk_window_set_title (GTK_WINDOW (self), kiosk_tr (N_("取号机")));
    kiosk_start_view_update (self->start_view, self->controller);
    kiosk_staff_view_update (self->staff_view, self->controller);
    kiosk_ticket_view_set_staff_told (self->ticket_view, kiosk_controller_staff_told (self->controller));
    kiosk_ticket_view_refresh (self->ticket_view);
    kiosk_appointment_view_set_busy (self->appointment_view, kiosk_controller_busy (self->controller));
    kiosk_message_view_refresh (self->message_view);
    s_refresh_clock (self);
    s_refresh_status (self);
}

/* ---- screens ------------------------------------------------------------- */

const char *
kiosk_window_screen (KioskWindow *self)
{
    return gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
}

void
kiosk_window_show_screen (KioskWindow *self, const char *name)
{
    if (g_str_equal (name, "staff"))
        kiosk_staff_view_reset (self->staff_view);
    //  What a visitor typed to check in (maybe an ID number) never
    //  outlives the screen.
    if (!g_str_equal (name, "appointment")
        || g_strcmp0 (kiosk_window_screen (self), "appointment") != 0)
        kiosk_appointment_view_reset (self->appointment_view);
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), name);
}

void
kiosk_window_set_english (KioskWindow *self, gboolean english)
{
    kiosk_text_set_language (english ? KIOSK_LANG_EN : KIOSK_LANG_ZH);
    s_refresh (self);
}

void
kiosk_window_set_large (KioskWindow *self, gboolean large)
{
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->large_button)) != large)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->large_button), large);
    if (large)
        gtk_widget_add_css_class (GTK_WIDGET (self), "large");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "large");
    kiosk_start_view_set_large (self->start_view, large);
    s_adapt_later (self);      //  larger buttons, fewer to a row
}

static void
s_show_message (KioskWindow *self, const char *title, const char *detail)
{
    kiosk_message_view_show (self->message_view, title, detail);
    kiosk_window_show_screen (self, "message");
}

/* ---- controller ---------------------------------------------------------- */

static void
s_controller_changed (KioskController *controller, KioskWindow *self)
{
    s_refresh (self);
}

static void
s_busy_changed (GObject *object, GParamSpec *pspec, KioskWindow *self)
{
    s_refresh (self);
}

static void
s_issued (KioskController *controller, const hall_ticket_print_t *ticket, KioskWindow *self)
{
    kiosk_ticket_view_show (self->ticket_view, ticket);
    kiosk_window_show_screen (self, "ticket");
}

static void
s_issue_failed (KioskController *controller, int code, const char *message, KioskWindow *self)
{
    const char *title, *detail = NULL;
    switch ((hall_error_t) code) {
    case HALL_E_CATEGORY_CLOSED:
        title = N_("该业务暂停取号");
        detail = N_("请选择其他业务或到服务台咨询");
        break;
    case HALL_E_OUTSIDE_HOURS:
        title = N_("该业务现在不在取号时间");
        detail = N_("请在取号时间内再来，或到服务台咨询");
        break;
    case HALL_E_DAILY_CAP:
        title = N_("该业务今日号已取完");
        detail = N_("请明天再来，或到服务台咨询");
        break;
    case HALL_E_DUPLICATE_PERSON:
        title = N_("您已在该业务排队");
        detail = N_("请留意叫号，无需重复取号");
        break;
    case HALL_E_TIMEOUT:
    case HALL_E_STORAGE:
        title = N_("暂时无法取号，请稍候或到服务台咨询");
        detail = N_("未发出号票");
        break;
    default:
        title = N_("取号失败");
        detail = N_("请到服务台咨询");
        break;
    }
    s_show_message (self, title, detail);
}

static void
s_printed (KioskController *controller, gboolean ok, const char *number, const char *error,
           KioskWindow *self)
{
    if (g_strcmp0 (kiosk_ticket_view_number (self->ticket_view), number) == 0)
        kiosk_ticket_view_set_print_state (self->ticket_view, ok ? KIOSK_PRINT_DONE : KIOSK_PRINT_FAILED);
    kiosk_ticket_view_set_staff_told (self->ticket_view, kiosk_controller_staff_told (self->controller));
    s_refresh_status (self);
    kiosk_staff_view_update (self->staff_view, self->controller);
}

/* An appointment too early or too late.  Late, the visitor is offered a
 * normal ticket of the booking's category when it is issuing now. */
static void
s_check_in_outside (KioskController *controller, const kiosk_booking_t *booking, KioskWindow *self)
{
    if (!booking->late && booking->today)
        kiosk_message_view_tell (self->message_view, N_("还没到签到时间"), NULL,
                                 N_("签到时间为 %s–%s，请届时再来"),
                                 booking->checkin_from, booking->checkin_until, NULL);
    else
    if (!booking->late)
        kiosk_message_view_tell (self->message_view, N_("还没到签到时间"), NULL,
                                 N_("您预约的是 %s %s–%s，签到时间为当天 %s–%s，请届时再来"),
                                 booking->day, booking->start, booking->end,
                                 booking->checkin_from, booking->checkin_until, NULL);
    else {
        json_t *category = hall_mirror_category (kiosk_controller_mirror (controller), booking->category);
        gboolean issuing = category
            && kiosk_controller_category_state (controller, category) == KIOSK_CATEGORY_OPEN;
        g_clear_pointer (&self->asked, g_free);
        if (issuing) {
            self->asked = g_strdup (booking->category);
            self->asked_walk_in = TRUE;
            self->asked_journey = FALSE;
        }
        kiosk_message_view_tell (self->message_view, N_("签到时间已过"),
                                 issuing ? N_("取普通号") : NULL,
                                 issuing ? N_("您预约的 %s–%s 已于 %s 截止签到。\n您可以取一张普通号排队。")
                                         : N_("您预约的 %s–%s 已于 %s 截止签到。\n请到服务台咨询。"),
                                 booking->start, booking->end, booking->checkin_until, NULL);
    }
    kiosk_window_show_screen (self, "message");
}

static void
s_check_in_failed (KioskController *controller, int code, const char *state, const char *ticket,
                   KioskWindow *self)
{
    const char *title, *detail;
    if (g_strcmp0 (state, "checked_in") == 0 && ticket) {
        kiosk_message_view_tell (self->message_view, N_("该预约已经签到"), NULL,
                                 N_("您的号码是 %s，请留意叫号；号票遗失请到服务台咨询"), ticket, NULL);
        kiosk_window_show_screen (self, "message");
        return;
    }
    switch ((hall_error_t) code) {
    case HALL_E_BOOKING_UNKNOWN:
        title = N_("未找到该预约，请核对预约码或身份证号");
        detail = N_("身份证号码只能查到今天的预约；如有疑问，请到服务台咨询");
        break;
    case HALL_E_BAD_STATE:
        title = g_strcmp0 (state, "checked_in") == 0 ? N_("该预约已经签到")
              : g_strcmp0 (state, "cancelled") == 0 ? N_("该预约已取消")
              : N_("该预约不能再签到");
        detail = N_("如有疑问，请到服务台咨询");
        break;
    case HALL_E_BAD_FIELD:
        title = N_("预约码或身份证号码有误");
        detail = N_("请核对后重新输入");
        break;
    case HALL_E_TIMEOUT:
    case HALL_E_STORAGE:
        title = N_("暂时无法签到，请稍候或到服务台咨询");
        detail = N_("未签到，未发出号票");
        break;
    default:
        title = N_("签到失败");
        detail = N_("请到服务台咨询");
        break;
    }
    s_show_message (self, title, detail);
}

/* ---- views' intents ------------------------------------------------------ */

/* Asks before issuing CODE (a category, or a JOURNEY) whose queue no
 * window serves now. */
static void
s_ask_no_window (KioskWindow *self, const char *code, gboolean journey)
{
    g_free (self->asked);
    self->asked = g_strdup (code);
    self->asked_walk_in = FALSE;
    self->asked_journey = journey;
    kiosk_message_view_ask (self->message_view, N_("当前暂无窗口办理此业务"),
                            N_("现在取号，要等有窗口开始办理后才会叫号。您可以先咨询服务台，或仍然取号。"),
                            N_("仍要取号"));
    kiosk_window_show_screen (self, "message");
}

/* A category no window can serve now: the kiosk promises no wait and asks
 * before it issues (the ticket would wait until a window opens). */
static void
s_category_chosen (KioskStartView *view, const char *code, KioskWindow *self)
{
    if (kiosk_controller_online (self->controller)
        && kiosk_controller_category_wait (self->controller, code, NULL).open == 0) {
        s_ask_no_window (self, code, FALSE);
        return;
    }
    kiosk_controller_issue (self->controller, code, NULL, NULL);
}

/* A journey: asked as its first step's category would be, then
 * journey.issue. */
static void
s_journey_chosen (KioskStartView *view, const char *code, KioskWindow *self)
{
    json_t *journey = kiosk_controller_journey (self->controller, code);
    const char *first = kiosk_controller_journey_first (self->controller, journey);
    if (kiosk_controller_online (self->controller) && first
        && kiosk_controller_category_wait (self->controller, first, NULL).open == 0) {
        s_ask_no_window (self, code, TRUE);
        return;
    }
    kiosk_controller_issue_journey (self->controller, code);
}

/* Yes to the question asked: issue anyway; or, for a late appointment,
 * take the normal ticket as if the category were tapped (which may ask
 * in turn when no window serves it now). */
static void
s_confirmed (KioskMessageView *view, KioskWindow *self)
{
    g_autofree char *code = g_steal_pointer (&self->asked);
    if (code && self->asked_walk_in)
        s_category_chosen (self->start_view, code, self);
    else
    if (code && self->asked_journey)
        kiosk_controller_issue_journey (self->controller, code);
    else
    if (code)
        kiosk_controller_issue (self->controller, code, NULL, NULL);
}

static void
s_green_issue (KioskStaffView *view, const char *code, const char *reason, const char *staff,
               KioskWindow *self)
{
    kiosk_controller_issue (self->controller, code, reason, staff);
}

static void
s_check_in (KioskAppointmentView *view, const char *entered, KioskWindow *self)
{
    kiosk_controller_check_in (self->controller, entered);
}

static void
s_go_start (GtkWidget *view, KioskWindow *self)
{
    kiosk_window_show_screen (self, "start");
}

static void
s_go_appointment (KioskStartView *view, KioskWindow *self)
{
    kiosk_window_show_screen (self, "appointment");
}

static void
s_go_staff (KioskStartView *view, KioskWindow *self)
{
    kiosk_window_show_screen (self, "staff");
}

static void
s_language_clicked (GtkButton *button, KioskWindow *self)
{
    kiosk_window_set_english (self, kiosk_text_language () != KIOSK_LANG_EN);
}

static void
s_large_toggled (GtkToggleButton *button, KioskWindow *self)
{
    kiosk_window_set_large (self, gtk_toggle_button_get_active (button));
}

/* ---- idle ---------------------------------------------------------------- */

static gboolean
s_input (GtkEventControllerLegacy *legacy, GdkEvent *event, KioskWindow *self)
{
    self->touched_at = g_get_monotonic_time ();
    return FALSE;
}

static gboolean
s_tick (gpointer user)
{
    KioskWindow *self = user;
    self->ticks++;
    s_refresh_clock (self);
    if (self->ticks % S_REFRESH_EVERY == 0)
        kiosk_start_view_update (self->start_view, self->controller);
    gint64 idle = (g_get_monotonic_time () - self->touched_at) / G_USEC_PER_SEC;
    if (idle < self->idle_timeout || kiosk_controller_busy (self->controller))
        return G_SOURCE_CONTINUE;
    gboolean english = kiosk_text_language () == KIOSK_LANG_EN;
    gboolean large = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->large_button));
    if (g_strcmp0 (kiosk_window_screen (self), "start") != 0 || english != self->default_english || large) {
        //  The next visitor starts afresh.
        kiosk_window_show_screen (self, "start");
        kiosk_window_set_large (self, FALSE);
        kiosk_window_set_english (self, self->default_english);
    }
    return G_SOURCE_CONTINUE;
}

/* ---- size ---------------------------------------------------------------- */

/* Buttons per row on the start screen for a window WIDTH wide: as many as
 * keep a button about 300 pixels wide (400 in large print), 2 to 4. */
static int
s_columns_for (int width, gboolean large)
{
    return CLAMP (width / (large ? 400 : 300), 2, 4);
}

/* After a new size: the start screen's columns and, on a short screen,
 * the "short" style (a smaller ticket number, closer keys).  In an idle,
 * as a style change inside an allocation would come a frame late. */
static gboolean
s_adapt (gpointer user)
{
    KioskWindow *self = user;
    self->adapt_id = 0;
    int width = gtk_widget_get_width (GTK_WIDGET (self));
    int height = gtk_widget_get_height (GTK_WIDGET (self));
    if (height > 0 && height < S_SHORT_BELOW)
        gtk_widget_add_css_class (GTK_WIDGET (self), "short");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "short");
    int columns = s_columns_for (width, gtk_widget_has_css_class (GTK_WIDGET (self), "large"));
    if (width > 0 && columns != self->columns) {
        self->columns = columns;
        kiosk_start_view_set_columns (self->start_view, columns);
        kiosk_start_view_update (self->start_view, self->controller);
    }
    return G_SOURCE_REMOVE;
}

static void
s_adapt_later (KioskWindow *self)
{
    if (!self->adapt_id && self->controller)
        self->adapt_id = g_idle_add (s_adapt, self);
}

static void
kiosk_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
    GTK_WIDGET_CLASS (kiosk_window_parent_class)->size_allocate (widget, width, height, baseline);
    KioskWindow *self = KIOSK_WINDOW (widget);
    gboolean large = gtk_widget_has_css_class (widget, "large");
    if (s_columns_for (width, large) != self->columns
        || (height < S_SHORT_BELOW) != gtk_widget_has_css_class (widget, "short"))
        s_adapt_later (self);
}

/* ---- life cycle ---------------------------------------------------------- */

static void
kiosk_window_dispose (GObject *object)
{
    KioskWindow *self = KIOSK_WINDOW (object);
    g_clear_handle_id (&self->tick_id, g_source_remove);
    g_clear_handle_id (&self->adapt_id, g_source_remove);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->controller);
    g_clear_pointer (&self->asked, g_free);
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_WINDOW);
    G_OBJECT_CLASS (kiosk_window_parent_class)->dispose (object);
}

static void
kiosk_window_class_init (KioskWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_window_dispose;
    widget_class->size_allocate = kiosk_window_size_allocate;
    kiosk_ui_ensure_resources ();
    g_type_ensure (KIOSK_TYPE_START_VIEW);
    g_type_ensure (KIOSK_TYPE_TICKET_VIEW);
    g_type_ensure (KIOSK_TYPE_APPOINTMENT_VIEW);
    g_type_ensure (KIOSK_TYPE_STAFF_VIEW);
    g_type_ensure (KIOSK_TYPE_MESSAGE_VIEW);
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-window.ui");
#define S_BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskWindow, name)
    S_BIND (hall_label); S_BIND (clock_label); S_BIND (language_button); S_BIND (large_button);
    S_BIND (stack); S_BIND (start_view); S_BIND (ticket_view); S_BIND (appointment_view);
    S_BIND (staff_view); S_BIND (message_view); S_BIND (status_label);
#undef S_BIND
}

static void
kiosk_window_init (KioskWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    kiosk_ui_load_css (gtk_widget_get_display (GTK_WIDGET (self)));
    g_signal_connect (self->start_view, "category-chosen", G_CALLBACK (s_category_chosen), self);
    g_signal_connect (self->start_view, "journey-chosen", G_CALLBACK (s_journey_chosen), self);
    g_signal_connect (self->start_view, "appointment", G_CALLBACK (s_go_appointment), self);
    g_signal_connect (self->start_view, "staff", G_CALLBACK (s_go_staff), self);
    g_signal_connect (self->ticket_view, "done", G_CALLBACK (s_go_start), self);
    g_signal_connect (self->message_view, "back", G_CALLBACK (s_go_start), self);
    g_signal_connect (self->message_view, "confirm", G_CALLBACK (s_confirmed), self);
    g_signal_connect (self->appointment_view, "back", G_CALLBACK (s_go_start), self);
    g_signal_connect (self->appointment_view, "check-in", G_CALLBACK (s_check_in), self);
    g_signal_connect (self->staff_view, "back", G_CALLBACK (s_go_start), self);
    g_signal_connect (self->staff_view, "green-issue", G_CALLBACK (s_green_issue), self);
    g_signal_connect (self->language_button, "clicked", G_CALLBACK (s_language_clicked), self);
    g_signal_connect (self->large_button, "toggled", G_CALLBACK (s_large_toggled), self);
    GtkEventController *legacy = gtk_event_controller_legacy_new ();
    gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
    g_signal_connect (legacy, "event", G_CALLBACK (s_input), self);
    gtk_widget_add_controller (GTK_WIDGET (self), legacy);
    self->touched_at = g_get_monotonic_time ();
}

KioskWindow *
kiosk_window_new (GtkApplication *app, KioskController *controller,
                  const kiosk_window_options_t *options)
{
    g_return_val_if_fail (KIOSK_IS_CONTROLLER (controller) && options, NULL);
    KioskWindow *self = g_object_new (KIOSK_TYPE_WINDOW, "application", app, NULL);
    self->controller = g_object_ref (controller);
    self->idle_timeout = options->idle_timeout > 0 ? options->idle_timeout : 30;
    self->default_english = options->english;
    kiosk_staff_view_set_pin (self->staff_view, options->staff_pin ? options->staff_pin : "0000");
    self->columns = s_columns_for (options->portrait ? 1080 : 1920, FALSE);
    kiosk_start_view_set_columns (self->start_view, self->columns);
    if (options->portrait)
        gtk_window_set_default_size (GTK_WINDOW (self), 1080, 1920);
    else
        gtk_window_set_default_size (GTK_WINDOW (self), 1920, 1080);
    if (options->fullscreen)
        gtk_window_fullscreen (GTK_WINDOW (self));
    g_signal_connect (controller, "changed", G_CALLBACK (s_controller_changed), self);
    g_signal_connect (controller, "notify::busy", G_CALLBACK (s_busy_changed), self);
    g_signal_connect (controller, "issued", G_CALLBACK (s_issued), self);
    g_signal_connect (controller, "issue-failed", G_CALLBACK (s_issue_failed), self);
    g_signal_connect (controller, "check-in-outside", G_CALLBACK (s_check_in_outside), self);
    g_signal_connect (controller, "check-in-failed", G_CALLBACK (s_check_in_failed), self);
    g_signal_connect (controller, "printed", G_CALLBACK (s_printed), self);
    kiosk_text_set_language (options->english ? KIOSK_LANG_EN : KIOSK_LANG_ZH);
    s_refresh (self);
    self->tick_id = g_timeout_add_seconds (1, s_tick, self);
    return self;
}
