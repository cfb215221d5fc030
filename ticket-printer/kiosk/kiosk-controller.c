/*  kiosk-controller.c — the kiosk's issue-and-print flow (kiosk-controller.h). */
#define G_LOG_DOMAIN "kiosk"
#include "hours.h"
#include "device-link.h"
#include "estimate.h"
#include "day.h"
#include "identity.h"
#include "journey.h"
#include "kiosk-controller.h"
#include "kiosk-text.h"
#include "print-job.h"
#include "printer.h"

#include <math.h>
#include <string.h>

struct _KioskController {
    GObject          parent;
    hall_device_link_t *link;       //  the session, rebuilt after a timeout (device-link.h)
    hall_printer_t  *printer;       //  where tickets go
    int              paper;         //  58 or 80
    gboolean         native_qr;     //  printer draws QR codes itself
    char            *status_url;    //  --status-url, or NULL for the hall's
    gboolean         busy;          //  an issue or check-in request is pending
    char            *printer_error; //  the printer's trouble in technical words, or NULL
    hall_printer_state_t trouble;   //  the printer's state as last found (print or probe)
    gboolean         staff_told;    //  the server accepted the report of this trouble
    gboolean         report_owed;   //  the server has not accepted the state found yet
    gboolean         report_pending;//  a device.trouble request is on its way ...
    hall_printer_state_t reported;  //  ... with this state
    gboolean         probing;       //  a probe runs in a worker thread
    gboolean         probed;        //  the first probe (once online) was made
    guint            probe_id;      //  timer probing the printer while in trouble
};

#define S_PROBE_EVERY   10      //  seconds between probes of a printer in trouble

enum { SIGNAL_CHANGED, SIGNAL_ISSUED, SIGNAL_ISSUE_FAILED, SIGNAL_CHECK_IN_OUTSIDE,
       SIGNAL_CHECK_IN_FAILED, SIGNAL_PRINTED, N_SIGNALS };
static guint s_signals[N_SIGNALS];
enum { PROP_0, PROP_BUSY, PROP_LAST };
static GParamSpec *s_props [PROP_LAST];

G_DEFINE_FINAL_TYPE (KioskController, kiosk_controller, G_TYPE_OBJECT)

/* ---- session ------------------------------------------------------------- */

//  An event, or a new session: the views read again.
static void
s_on_changed (void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0);
}

static void s_trouble_report (KioskController *self);
static void s_probe (KioskController *self);

static void
s_on_online (gboolean online, void *user)
{
    KioskController *self = user;
    if (online && !self->probed) {
        //  The printer checked once at start: staff hear of a dead
        //  printer before a visitor finds it.
        self->probed = TRUE;
        s_probe (self);
    }
    if (online)
        s_trouble_report (self);
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0);
}

//  The old session went with its requests: a device.trouble on its way
//  is sent again once online.
static void
s_on_dropped (void *user)
{
    KioskController *self = user;
    self->report_pending = FALSE;
}

static const hall_device_link_hooks_t s_link_hooks = {
    .changed = s_on_changed, .online = s_on_online, .dropped = s_on_dropped
};

/* ---- life cycle ---------------------------------------------------------- */

static void
kiosk_controller_finalize (GObject *object)
{
    KioskController *self = KIOSK_CONTROLLER (object);
    g_clear_handle_id (&self->probe_id, g_source_remove);
    hall_device_link_destroy (&self->link);
    hall_printer_destroy (&self->printer);
    g_free (self->status_url);
    g_free (self->printer_error);
    G_OBJECT_CLASS (kiosk_controller_parent_class)->finalize (object);
}

static void
kiosk_controller_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
    KioskController *self = KIOSK_CONTROLLER (object);
    if (id == PROP_BUSY)
        g_value_set_boolean (value, self->busy);
    else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
}

static void
kiosk_controller_class_init (KioskControllerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->finalize = kiosk_controller_finalize;
    object_class->get_property = kiosk_controller_get_property;
    s_props [PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, PROP_LAST, s_props);
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_ISSUED] = g_signal_new ("issued", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_ISSUE_FAILED] = g_signal_new ("issue-failed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_CHECK_IN_OUTSIDE] = g_signal_new ("check-in-outside", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_CHECK_IN_FAILED] = g_signal_new ("check-in-failed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_PRINTED] = g_signal_new ("printed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
        G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING);
}

static void
kiosk_controller_init (KioskController *self)
{
}

KioskController *
kiosk_controller_new (const kiosk_config_t *config, GError **error)
{
    g_return_val_if_fail (config && config->requests && config->printer, NULL);
    hall_printer_t *printer = hall_printer_new_from_spec (config->printer);
    if (!printer) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "bad printer spec '%s' (folder:DIR, tcp:HOST:PORT, file:DEVICE, cups:QUEUE)",
                     config->printer);
        return NULL;
    }
    KioskController *self = g_object_new (KIOSK_TYPE_CONTROLLER, NULL);
    self->printer = printer;
    self->paper = config->paper == 58 ? 58 : 80;
    self->native_qr = config->native_qr;
    self->status_url = config->status_url && *config->status_url
                     ? g_strdup (config->status_url) : NULL;
    self->link = hall_device_link_new (config->requests, config->events, HALL_ROLE_KIOSK,
                                       config->timeout_ms, config->retries, G_LOG_DOMAIN,
                                       &s_link_hooks, self, error);
    if (!self->link) {
        g_object_unref (self);
        return NULL;
    }
    return self;
}

hall_mirror_t *
kiosk_controller_mirror (KioskController *self)
{
    return hall_device_link_mirror (self->link);
}

gboolean
kiosk_controller_online (KioskController *self)
{
    return hall_device_link_online (self->link);
}

gboolean
kiosk_controller_key_refused (KioskController *self)
{
    return hall_device_link_key_refused (self->link);
}

gboolean
kiosk_controller_busy (KioskController *self)
{
    return self->busy;
}

gint64
kiosk_controller_now (KioskController *self)
{
    return hall_device_link_now (self->link);
}

const char *
kiosk_controller_printer_error (KioskController *self)
{
    return self->printer_error;
}

hall_printer_state_t
kiosk_controller_printer_state (KioskController *self)
{
    return self->trouble;
}

gboolean
kiosk_controller_staff_told (KioskController *self)
{
    return self->trouble != HALL_PRINTER_OK && self->staff_told;
}

const char *
kiosk_controller_printer_spec (KioskController *self)
{
    return hall_printer_spec (self->printer);
}

/* ---- categories ---------------------------------------------------------- */

kiosk_category_state_t
kiosk_controller_category_state (KioskController *self, json_t *category)
{
    if (!json_is_true (json_object_get (category, "open")))
        return KIOSK_CATEGORY_CLOSED;
    int cap = hall_daily_cap (json_integer_value (json_object_get (category, "daily_cap")));
    if (json_integer_value (json_object_get (category, "issued")) >= cap)
        return KIOSK_CATEGORY_FULL;
    const char *hours = json_string_value (json_object_get (category, "hours"));
    if (hours && *hours) {
        const char *tzid = json_string_value (json_object_get (
            hall_mirror_hall (kiosk_controller_mirror (self)), "timezone"));
        g_autoptr (GDateTime) local = hall_day_local (kiosk_controller_now (self), tzid);
        int minute = g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
        /* Hours the kiosk cannot read: the server decides (never hide a
         * category on a guess). */
        if (hall_hours_contains (hours, minute) == 0)
            return KIOSK_CATEGORY_OUTSIDE_HOURS;
    }
    return KIOSK_CATEGORY_OPEN;
}

hall_estimate_t
kiosk_controller_category_wait (KioskController *self, const char *code, int *waiting_p)
{
    hall_mirror_t *mirror = kiosk_controller_mirror (self);
    int waiting = hall_mirror_waiting (mirror, code);
    if (waiting_p)
        *waiting_p = waiting;
    /* The server's own rule (common/estimate.h), on the mirror's figures:
     * what the button says is what the ticket will print. */
    json_t *category = hall_mirror_category (mirror, code);
    return hall_estimate_for (category, hall_mirror_windows (mirror), waiting);
}

/* ---- journeys (一件事) ---------------------------------------------------- */

json_t *
kiosk_controller_journeys (KioskController *self)
{
    return hall_mirror_journeys (kiosk_controller_mirror (self));
}

json_t *
kiosk_controller_journey (KioskController *self, const char *code)
{
    size_t i;
    json_t *journey;
    json_array_foreach (kiosk_controller_journeys (self), i, journey)
        if (code && g_strcmp0 (json_string_value (json_object_get (journey, "code")), code) == 0)
            return journey;
    return NULL;
}

static int
s_waiting (const char *category, void *user)
{
    return hall_mirror_waiting (user, category);
}

const char *
kiosk_controller_journey_first (KioskController *self, json_t *journey)
{
    //  A journey not yet begun: every step pending, as a new ticket's.
    json_t *fresh = json_pack ("{s:[]}", "steps");
    json_t *steps = json_object_get (journey, "steps");
    size_t i;
    json_t *step;
    json_array_foreach (steps, i, step) {
        json_t *pending = json_copy (step);
        json_object_set_new (pending, "state", json_string ("pending"));
        json_array_append_new (json_object_get (fresh, "steps"), pending);
    }
    int first = hall_journey_next (fresh, s_waiting, kiosk_controller_mirror (self));
    json_decref (fresh);
    return first < 0 ? NULL : json_string_value (json_object_get (json_array_get (steps, first), "category"));
}

/* ---- printing ------------------------------------------------------------ */

gboolean
kiosk_print_now (const char *spec, int paper, gboolean native_qr,
                 const hall_ticket_print_t *ticket, GError **error)
{
    hall_printer_t *printer = hall_printer_new_from_spec (spec);
    if (!printer) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "bad printer spec '%s'", spec);
        return FALSE;
    }
    GByteArray *bytes = hall_ticket_print_escpos (ticket, paper == 58 ? HALL_TICKET_PAPER_58MM
                                                                      : HALL_TICKET_PAPER_80MM,
                                                  native_qr, error);
    g_autofree char *day = hall_ticket_print_day (ticket);
    gboolean ok = bytes && hall_printer_print (printer, bytes, day, ticket->number, error);
    if (bytes)
        g_byte_array_unref (bytes);
    hall_printer_destroy (&printer);
    return ok;
}

/* ---- the printer's trouble ---------------------------------------------- */

static void s_trouble_set (KioskController *self, const GError *error);

static void
s_trouble_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    KioskController *self = user;
    self->report_pending = FALSE;
    if (!reply->ok)
        g_message ("device.trouble %s refused: %s (%s)", hall_printer_state_name (self->reported),
                   hall_error_name (reply->error), reply->message);
    else
    if (self->reported == self->trouble) {
        self->report_owed = FALSE;
        self->staff_told = self->trouble != HALL_PRINTER_OK;
        g_message ("device.trouble %s accepted", hall_printer_state_name (self->reported));
    }
    //  The state changed while the report was on its way: tell the new one.
    s_trouble_report (self);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
}

//  Tells the server the printer's state if it does not know it yet; a
//  report that could not go (offline, refused) goes at the next probe or
//  when the server is back.
static void
s_trouble_report (KioskController *self)
{
    hall_session_t *session = hall_device_link_session (self->link);
    if (!self->report_owed || self->report_pending || !session || !hall_session_online (session)
        || hall_device_link_rebuilding (self->link))
        return;
    json_t *args = json_pack ("{s:s, s:s}", "part", "printer",
                              "state", hall_printer_state_name (self->trouble));
    if (self->printer_error)
        json_object_set_new (args, "detail", json_string (self->printer_error));
    self->reported = self->trouble;
    self->report_pending = hall_session_send (session, HALL_OP_DEVICE_TROUBLE, args,
                                              s_trouble_reply, self) >= 0;
    json_decref (args);
}

static gboolean
s_probe_tick (gpointer user)
{
    KioskController *self = user;
    s_probe (self);
    s_trouble_report (self);
    return G_SOURCE_CONTINUE;
}

//  The state a print or a probe found (ERROR NULL: the printer works).
static void
s_trouble_set (KioskController *self, const GError *error)
{
    hall_printer_state_t state = hall_printer_error_state (error);
    const char *detail = error ? error->message : NULL;
    if (state == self->trouble && g_strcmp0 (detail, self->printer_error) == 0)
        return;
    if (state != HALL_PRINTER_OK)
        g_message ("printer %s: %s", hall_printer_state_name (state), detail);
    else
        g_message ("printer %s works again", hall_printer_spec (self->printer));
    gboolean changed = state != self->trouble;
    self->trouble = state;
    g_free (self->printer_error);
    self->printer_error = g_strdup (detail);
    //  Only another state is news to staff; a new wording of the same
    //  trouble is not (the first report stands).
    if (changed) {
        self->staff_told = FALSE;
        self->report_owed = TRUE;
    }
    if (state != HALL_PRINTER_OK && !self->probe_id)
        self->probe_id = g_timeout_add_seconds (S_PROBE_EVERY, s_probe_tick, self);
    if (state == HALL_PRINTER_OK)
        g_clear_handle_id (&self->probe_id, g_source_remove);
    s_trouble_report (self);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
}

static void
s_probe_done (GObject *source, GAsyncResult *result, gpointer user)
{
    KioskController *self = KIOSK_CONTROLLER (source);
    g_autoptr (GError) error = NULL;
    self->probing = FALSE;
    hall_print_job_probe_finish (result, &error);
    s_trouble_set (self, error);
}

static void
s_probe (KioskController *self)
{
    if (self->probing)
        return;
    self->probing = TRUE;
    hall_print_job_probe (self, self->printer, s_probe_done, NULL);
}

/* ---- printing, done ------------------------------------------------------ */

static void
s_print_done (GObject *source, GAsyncResult *result, gpointer user)
{
    KioskController *self = KIOSK_CONTROLLER (source);
    const hall_ticket_print_t *ticket = NULL;
    g_autoptr (GError) error = NULL;
    gboolean ok = hall_print_job_finish (result, &ticket, &error);
    if (!ok)
        g_warning ("ticket %s not printed: %s", ticket->number, error->message);
    s_trouble_set (self, error);
    g_signal_emit (self, s_signals[SIGNAL_PRINTED], 0, ok, ticket->number,
                   ok ? NULL : error->message);
}

static void
s_print (KioskController *self, const hall_ticket_print_t *ticket)
{
    hall_print_job_start (self, self->printer,
                          self->paper == 58 ? HALL_TICKET_PAPER_58MM : HALL_TICKET_PAPER_80MM,
                          self->native_qr, hall_ticket_print_copy (ticket), s_print_done, NULL);
}

/* ---- issuing ------------------------------------------------------------- */

static void
s_set_busy (KioskController *self, gboolean busy)
{
    if (self->busy != busy) {
        self->busy = busy;
        g_object_notify_by_pspec (G_OBJECT (self), s_props [PROP_BUSY]);
    }
}

static hall_ticket_print_t *
s_ticket_from_result (KioskController *self, json_t *result)
{
    //  A journey's slip names every step, not only the ticket's own.
    return hall_device_link_ticket (self->link, result, self->status_url);
}

//  A refused request: after a timeout the session is rebuilt (see the
//  header).
static void
s_refused (KioskController *self, const char *what, const hall_reply_t *reply)
{
    hall_device_link_refused (self->link, what, reply);
}

//  A ticket came (issue, or a check-in on time): show it, print it.
static void
s_issued (KioskController *self, hall_ticket_print_t *ticket)
{
    const char *journey = json_string_value (json_object_get (ticket->journey, "code"));
    g_message ("issued %s (%d ahead)%s%s%s%s%s%s", ticket->number, ticket->people_ahead,
               ticket->green_reason ? ", green channel: " : "",
               ticket->green_reason ? ticket->green_reason : "",
               ticket->appointment_start ? ", appointment at " : "",
               ticket->appointment_start ? ticket->appointment_start : "",
               journey ? ", journey " : "", journey ? journey : "");
    g_signal_emit (self, s_signals[SIGNAL_ISSUED], 0, ticket);
    s_print (self, ticket);
}

static void
s_issue_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    KioskController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, "issue", reply);
        g_signal_emit (self, s_signals[SIGNAL_ISSUE_FAILED], 0, (int) reply->error, reply->message);
        return;
    }
    hall_ticket_print_t *ticket = s_ticket_from_result (self, reply->result);
    s_issued (self, ticket);
    hall_ticket_print_destroy (&ticket);
}

//  Sends OP (issue or journey.issue, both answered as an issue) with ARGS
//  (taken) for WHAT, the category or journey named in the log.
static gboolean
s_send_issue (KioskController *self, hall_op_t op, json_t *args, const char *what)
{
    if (self->busy) {
        json_decref (args);
        return FALSE;
    }
    if (!kiosk_controller_online (self) || hall_device_link_rebuilding (self->link)) {
        g_message ("%s %s refused: the server is offline", hall_op_name (op), what);
        json_decref (args);
        g_signal_emit (self, s_signals[SIGNAL_ISSUE_FAILED], 0, (int) HALL_E_TIMEOUT,
                       "the server is offline");
        return FALSE;
    }
    s_set_busy (self, TRUE);
    int64_t req = hall_session_send (hall_device_link_session (self->link), op, args, s_issue_reply, self);
    json_decref (args);
    if (req < 0) {
        s_set_busy (self, FALSE);
        g_signal_emit (self, s_signals[SIGNAL_ISSUE_FAILED], 0, (int) HALL_E_BAD_FIELD,
                       "the request could not be encoded");
        return FALSE;
    }
    return TRUE;
}

gboolean
kiosk_controller_issue (KioskController *self, const char *category,
                        const char *green, const char *granted_by)
{
    g_return_val_if_fail (KIOSK_IS_CONTROLLER (self) && category, FALSE);
    json_t *args = json_pack ("{s:s}", "category", category);
    if (green && *green)
        json_object_set_new (args, "green", json_string (green));
    if (green && *green && granted_by && *granted_by)
        json_object_set_new (args, "granted_by", json_string (granted_by));
    return s_send_issue (self, HALL_OP_ISSUE, args, category);
}

gboolean
kiosk_controller_issue_journey (KioskController *self, const char *code)
{
    g_return_val_if_fail (KIOSK_IS_CONTROLLER (self) && code, FALSE);
    return s_send_issue (self, HALL_OP_JOURNEY_ISSUE, json_pack ("{s:s}", "journey", code), code);
}

/* ---- appointment check-in ------------------------------------------------ */

kiosk_checkin_kind_t
kiosk_checkin_parse (const char *entered, char **normal_p, const char **problem_p)
{
    g_autofree char *text = g_strstrip (g_strdup (entered ? entered : ""));
    size_t length = strlen (text);
    gboolean digits = length > 0;
    for (size_t i = 0; i < length; i++)
        digits = digits && g_ascii_isdigit (text [i]);
    kiosk_checkin_kind_t kind = KIOSK_CHECKIN_BAD;
    const char *problem = NULL;
    if (length == 8 && digits)
        kind = KIOSK_CHECKIN_CODE;
    else
    if (length == 18) {
        text [17] = g_ascii_toupper (text [17]);
        hall_id_error_t error = hall_id_resident_check (text, NULL);
        if (error == HALL_ID_OK)
            kind = KIOSK_CHECKIN_ID_NUMBER;
        else
            problem = hall_id_error_text (error);
    }
    else
        problem = N_("请输入 8 位预约码，或 18 位身份证号码");
    if (problem_p)
        *problem_p = problem;
    if (normal_p)
        *normal_p = kind == KIOSK_CHECKIN_BAD ? NULL : g_steal_pointer (&text);
    return kind;
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

//  BOOKING (a booking object) came too early or too late: say when.
static void
s_outside (KioskController *self, json_t *booking, gboolean late)
{
    const char *today = hall_mirror_day (kiosk_controller_mirror (self));
    kiosk_booking_t shown = {
        .late = late,
        .today = today && g_strcmp0 (today, s_str (booking, "day")) == 0,
        .category = s_str (booking, "category"), .day = s_str (booking, "day"),
        .start = s_str (booking, "start"), .end = s_str (booking, "end"),
        .checkin_from = s_str (booking, "checkin_from"), .checkin_until = s_str (booking, "checkin_until")
    };
    g_message ("check-in %s: the booking of %s %s–%s checks in %s–%s", late ? "late" : "early",
               shown.day, shown.start, shown.end, shown.checkin_from, shown.checkin_until);
    g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_OUTSIDE], 0, &shown);
}

static void
s_check_in_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    KioskController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, "check-in", reply);
        g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_FAILED], 0, (int) reply->error, NULL, NULL);
        return;
    }
    const char *checkin = s_str (reply->result, "checkin");
    json_t *booking = json_object_get (reply->result, "booking");
    if (g_str_equal (checkin, "on_time")) {
        hall_ticket_print_t *ticket = s_ticket_from_result (self, reply->result);
        //  The ticket carries its appointment; a server that left it out
        //  still gets the booking's slot printed.
        if (!ticket->appointment_start && *s_str (booking, "start") && *s_str (booking, "end")) {
            ticket->appointment_start = g_strdup (s_str (booking, "start"));
            ticket->appointment_end = g_strdup (s_str (booking, "end"));
        }
        s_issued (self, ticket);
        hall_ticket_print_destroy (&ticket);
    }
    else
    if (g_str_equal (checkin, "early") || g_str_equal (checkin, "late"))
        s_outside (self, booking, g_str_equal (checkin, "late"));
    else
    if (g_str_equal (checkin, "checked_in") || g_str_equal (checkin, "cancelled")) {
        //  Nothing to do: the booking got its ticket already, or was
        //  cancelled (the window says which, with the ticket's number).
        const char *ticket = s_str (booking, "ticket");
        g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_FAILED], 0, (int) HALL_E_BAD_STATE, checkin,
                       *ticket ? ticket : NULL);
    }
    else {
        g_warning ("check-in: the server answered '%s'", checkin);
        g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_FAILED], 0, (int) HALL_E_INTERNAL, NULL, NULL);
    }
}

gboolean
kiosk_controller_check_in (KioskController *self, const char *entered)
{
    g_return_val_if_fail (KIOSK_IS_CONTROLLER (self), FALSE);
    g_autofree char *normal = NULL;
    kiosk_checkin_kind_t kind = kiosk_checkin_parse (entered, &normal, NULL);
    if (self->busy || kind == KIOSK_CHECKIN_BAD)
        return FALSE;
    //  The code is the booking's key and the ID number personal: neither
    //  goes to the log.
    const char *by = kind == KIOSK_CHECKIN_CODE ? "booking code" : "ID number";
    if (!kiosk_controller_online (self) || hall_device_link_rebuilding (self->link)) {
        g_message ("check-in by %s refused: the server is offline", by);
        g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_FAILED], 0, (int) HALL_E_TIMEOUT, NULL, NULL);
        return FALSE;
    }
    json_t *args = kind == KIOSK_CHECKIN_CODE
                 ? json_pack ("{s:s}", "code", normal)
                 : json_pack ("{s:s, s:s}", "id_number", normal, "document", "id");
    g_message ("check-in by %s", by);
    s_set_busy (self, TRUE);
    int64_t req = hall_session_send (hall_device_link_session (self->link), HALL_OP_BOOKING_CHECKIN,
                                     args, s_check_in_reply, self);
    json_decref (args);
    if (req < 0) {
        s_set_busy (self, FALSE);
        g_signal_emit (self, s_signals[SIGNAL_CHECK_IN_FAILED], 0, (int) HALL_E_BAD_FIELD, NULL, NULL);
        return FALSE;
    }
    return TRUE;
}

hall_ticket_print_t *
kiosk_controller_sample_ticket (const char *status_url)
{
    hall_ticket_print_t *ticket = hall_ticket_print_new ();
    ticket->hall_name = g_strdup ("示范县政务服务中心");
    ticket->category_zh = g_strdup ("企业开办");
    ticket->category_en = g_strdup ("Business Start-up");
    ticket->number = g_strdup ("A001");
    ticket->people_ahead = 3;
    ticket->wait = hall_estimate (3, 5 * 60, 1, 1.0);
    hall_ticket_print_add_window (ticket, 1);
    hall_ticket_print_add_window (ticket, 2);
    ticket->issued_at = g_get_real_time () / G_USEC_PER_SEC;
    ticket->timezone = g_strdup ("Asia/Shanghai");
    ticket->status_url = g_strdup_printf ("%sprint-test/A001",
                                          status_url && *status_url ? status_url
                                                                    : HALL_TICKET_URL_PLACEHOLDER);
    ticket->rule_text = g_strdup ("打印测试：请留意叫号，过号请到服务台重新排队。");
    return ticket;
}
