/*  reception-controller.c — the reception desk's link to the hall
 *  (reception-controller.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-controller.h"
#include "client.h"
#include "printer.h"
#include "ticket.h"

#include <glib/gi18n.h>

struct _ReceptionController {
    GObject             parent;
    char               *requests;    //  request endpoint
    char               *events;      //  event endpoint
    int                 timeout_ms;  //  per-try request timeout (0: default)
    int                 retries;     //  retries (< 0: default)
    HallClient         *client;      //  the link: owns the session (client.h)
    hall_session_t     *session;     //  borrowed from the client
    hall_printer_t     *printer;     //  the desk's own printer
    int                 paper;       //  58 or 80
    gboolean            native_qr;   //  the printer draws QR codes itself
    char               *status_url;  //  base of the QR, or NULL for the hall's
    gboolean            busy;        //  a request is pending
    reception_ticket_t *current;     //  the ticket last looked up, or NULL
    guint               rebuild_id;  //  idle source rebuilding the session
};

enum { SIGNAL_CHANGED, SIGNAL_FOUND, SIGNAL_DONE, SIGNAL_FAILED, SIGNAL_PRINTED, N_SIGNALS };
static guint s_signals[N_SIGNALS];
enum { PROP_0, PROP_BUSY, PROP_LAST };
static GParamSpec *s_props[PROP_LAST];

//  One slip at a time goes to the printer.
static GMutex s_print_lock;

G_DEFINE_FINAL_TYPE (ReceptionController, reception_controller, G_TYPE_OBJECT)

/* ---- session ------------------------------------------------------------- */

static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0);
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    g_message ("server %s", online ? "online" : "offline");
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0);
}

static gboolean
s_session_open (ReceptionController *self)
{
    self->client = hall_client_new (self->requests, self->events, HALL_ROLE_RECEPTION, 0, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    if (!self->session)
        return FALSE;
    hall_session_set_timeout (self->session, self->timeout_ms, self->retries);
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
    return TRUE;
}

static void
s_session_close (ReceptionController *self)
{
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
}

//  After a timeout: a new session (new client id, new sockets), so that a
//  request the old DEALER may still hold is never delivered to a server
//  that comes back — a re-queue or a ticket staff were told did not
//  happen.  Runs from an idle, never inside the session's callbacks.
static gboolean
s_session_rebuild (gpointer user)
{
    ReceptionController *self = user;
    self->rebuild_id = 0;
    s_session_close (self);
    if (!s_session_open (self))
        g_warning ("could not reopen the session to %s", self->requests);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
    return G_SOURCE_REMOVE;
}

/* ---- life cycle ---------------------------------------------------------- */

static void
reception_controller_finalize (GObject *object)
{
    ReceptionController *self = RECEPTION_CONTROLLER (object);
    g_clear_handle_id (&self->rebuild_id, g_source_remove);
    s_session_close (self);
    //  A print still running holds a reference: the printer outlives it.
    hall_printer_destroy (&self->printer);
    g_clear_pointer (&self->current, reception_ticket_free);
    g_free (self->requests);
    g_free (self->events);
    g_free (self->status_url);
    G_OBJECT_CLASS (reception_controller_parent_class)->finalize (object);
}

static void
reception_controller_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
    ReceptionController *self = RECEPTION_CONTROLLER (object);
    if (id == PROP_BUSY)
        g_value_set_boolean (value, self->busy);
    else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
}

static void
reception_controller_class_init (ReceptionControllerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->finalize = reception_controller_finalize;
    object_class->get_property = reception_controller_get_property;
    s_props[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, PROP_LAST, s_props);
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_FOUND] = g_signal_new ("found", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_PRINTED] = g_signal_new ("printed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
        G_TYPE_BOOLEAN, G_TYPE_STRING, G_TYPE_STRING);
}

static void
reception_controller_init (ReceptionController *self)
{
}

ReceptionController *
reception_controller_new (const reception_config_t *config, GError **error)
{
    g_return_val_if_fail (config && config->requests && config->printer, NULL);
    hall_printer_t *printer = hall_printer_new_from_spec (config->printer);
    if (!printer) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "bad printer spec '%s' (folder:DIR, tcp:HOST:PORT, file:DEVICE, cups:QUEUE)",
                     config->printer);
        return NULL;
    }
    ReceptionController *self = g_object_new (RECEPTION_TYPE_CONTROLLER, NULL);
    self->printer = printer;
    self->paper = config->paper == 58 ? 58 : 80;
    self->native_qr = config->native_qr;
    self->status_url = config->status_url && *config->status_url ? g_strdup (config->status_url) : NULL;
    self->requests = g_strdup (config->requests);
    self->events = g_strdup (config->events);
    self->timeout_ms = config->timeout_ms;
    self->retries = config->retries;
    if (!s_session_open (self)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot connect to %s / %s",
                     config->requests, config->events ? config->events : "(no events)");
        g_object_unref (self);
        return NULL;
    }
    return self;
}

hall_mirror_t *
reception_controller_mirror (ReceptionController *self)
{
    return hall_session_mirror (self->session);
}

gboolean
reception_controller_online (ReceptionController *self)
{
    return self->session && hall_session_online (self->session)
           && hall_mirror_loaded (hall_session_mirror (self->session));
}

gboolean
reception_controller_key_refused (ReceptionController *self)
{
    return self->session && hall_session_key_refused (self->session);
}

gboolean
reception_controller_busy (ReceptionController *self)
{
    return self->busy;
}

gint64
reception_controller_now (ReceptionController *self)
{
    gint64 now = self->session ? hall_session_server_time (self->session) : 0;
    return now > 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
}

const reception_ticket_t *
reception_controller_current (ReceptionController *self)
{
    return self->current;
}

/* ---- printing ------------------------------------------------------------ */

typedef struct {
    hall_printer_t      *printer;    //  borrowed: the controller is referenced
    hall_ticket_paper_t  paper;
    gboolean             native_qr;
    hall_ticket_print_t *ticket;     //  owned copy
} s_print_job_t;

static void
s_print_job_free (gpointer data)
{
    s_print_job_t *job = data;
    hall_ticket_print_destroy (&job->ticket);
    g_free (job);
}

//  Worker thread: render and send (the printer object is only used here).
static void
s_print_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    s_print_job_t *job = data;
    GError *error = NULL;
    g_mutex_lock (&s_print_lock);
    GByteArray *bytes = hall_ticket_print_escpos (job->ticket, job->paper, job->native_qr, &error);
    g_autofree char *day = hall_ticket_print_day (job->ticket);
    gboolean ok = bytes && hall_printer_print (job->printer, bytes, day, job->ticket->number, &error);
    g_mutex_unlock (&s_print_lock);
    if (bytes)
        g_byte_array_unref (bytes);
    if (ok)
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

static void
s_print_done (GObject *source, GAsyncResult *result, gpointer user)
{
    ReceptionController *self = RECEPTION_CONTROLLER (source);
    s_print_job_t *job = g_task_get_task_data (G_TASK (result));
    g_autoptr (GError) error = NULL;
    gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
    g_autofree char *text = NULL;
    if (ok)
        text = g_strdup_printf (_("%s 号票已打印"), job->ticket->number);
    else {
        g_warning ("slip %s not printed: %s", job->ticket->number, error->message);
        text = g_strdup_printf (_("%s 号票没有打印出来：%s"), job->ticket->number, error->message);
    }
    g_signal_emit (self, s_signals[SIGNAL_PRINTED], 0, ok, job->ticket->number, text);
}

//  The slip of an issue-shaped RESULT (issue, ticket.reprint), printed.
static void
s_print (ReceptionController *self, json_t *result)
{
    hall_mirror_t *mirror = reception_controller_mirror (self);
    const char *code = json_string_value (json_object_get (json_object_get (result, "ticket"), "category"));
    hall_ticket_print_t *ticket = hall_ticket_print_from_issue (
        result, hall_mirror_hall (mirror), code ? hall_mirror_category (mirror, code) : NULL,
        self->status_url);
    if (!ticket->issued_at)
        ticket->issued_at = reception_controller_now (self);
    if (ticket->journey)
        hall_ticket_print_set_journey (ticket, ticket->journey, hall_mirror_categories (mirror));
    s_print_job_t *job = g_new0 (s_print_job_t, 1);
    job->printer = self->printer;
    job->paper = self->paper == 58 ? HALL_TICKET_PAPER_58MM : HALL_TICKET_PAPER_80MM;
    job->native_qr = self->native_qr;
    job->ticket = ticket;
    GTask *task = g_task_new (self, NULL, s_print_done, NULL);
    g_task_set_task_data (task, job, s_print_job_free);
    g_task_run_in_thread (task, s_print_thread);
    g_object_unref (task);
}

/* ---- requests ------------------------------------------------------------ */

static void
s_set_busy (ReceptionController *self, gboolean busy)
{
    if (self->busy != busy) {
        self->busy = busy;
        g_object_notify_by_pspec (G_OBJECT (self), s_props[PROP_BUSY]);
        g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0);
    }
}

static void
s_fail (ReceptionController *self, reception_action_t action, int code, const char *message)
{
    g_autofree char *text = reception_error_text (code, message);
    g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) action, code, text);
}

//  A refused request: told, and after a timeout the session is rebuilt.
static void
s_refused (ReceptionController *self, reception_action_t action, const hall_reply_t *reply)
{
    g_message ("request refused: %s (%s)", hall_error_name (reply->error), reply->message);
    if (reply->error == HALL_E_TIMEOUT && !self->rebuild_id)
        self->rebuild_id = g_idle_add (s_session_rebuild, self);
    s_fail (self, action, reply->error, reply->message);
}

//  Sends OP with ARGS (stolen) for ACTION; FALSE (and "failed" when
//  offline) when nothing went out.
static gboolean
s_send (ReceptionController *self, reception_action_t action, hall_op_t op, json_t *args,
        hall_reply_fn fn)
{
    if (self->busy) {
        json_decref (args);
        return FALSE;
    }
    if (!reception_controller_online (self)) {
        json_decref (args);
        s_fail (self, action, reception_controller_key_refused (self) ? HALL_E_KEY_REFUSED : HALL_E_TIMEOUT,
                NULL);
        return FALSE;
    }
    s_set_busy (self, TRUE);
    hall_session_send (self->session, op, args, fn, self);
    json_decref (args);
    return TRUE;
}

static void
s_on_found (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ReceptionController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, RECEPTION_FIND, reply);
        return;
    }
    hall_mirror_t *mirror = reception_controller_mirror (self);
    g_clear_pointer (&self->current, reception_ticket_free);
    self->current = reception_ticket_new (reply->result, hall_mirror_hall (mirror),
                                          hall_mirror_categories (mirror), reception_controller_now (self));
    g_signal_emit (self, s_signals[SIGNAL_FOUND], 0, self->current);
}

gboolean
reception_controller_find (ReceptionController *self, const char *entered)
{
    const char *problem = NULL;
    g_autofree char *number = reception_number_parse (entered, &problem);
    if (!number) {
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) RECEPTION_FIND, (int) HALL_E_BAD_FIELD,
                       _(problem));
        return FALSE;
    }
    return s_send (self, RECEPTION_FIND, HALL_OP_TICKET_FIND, json_pack ("{s:s}", "number", number),
                   s_on_found);
}

//  After an action the desk shows the ticket where it stands now.
static void
s_find_again (ReceptionController *self, const char *number)
{
    if (number)
        s_send (self, RECEPTION_FIND, HALL_OP_TICKET_FIND, json_pack ("{s:s}", "number", number), s_on_found);
}

static void
s_on_requeued (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ReceptionController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, RECEPTION_REQUEUE, reply);
        return;
    }
    const char *number = json_string_value (json_object_get (json_object_get (reply->result, "ticket"), "number"));
    int ahead = (int) json_integer_value (json_object_get (reply->result, "ahead"));
    g_message ("re-queued %s (%d ahead)", number, ahead);
    g_autofree char *text = g_strdup_printf (_("%s 已重新排队，前面还有 %d 人"), number, ahead);
    g_autofree char *copy = g_strdup (number);
    g_signal_emit (self, s_signals[SIGNAL_DONE], 0, (int) RECEPTION_REQUEUE, copy, text);
    s_find_again (self, copy);
}

static void
s_on_reprinted (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ReceptionController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, RECEPTION_REPRINT, reply);
        return;
    }
    const char *number = json_string_value (json_object_get (json_object_get (reply->result, "ticket"), "number"));
    g_message ("re-printing %s", number);
    g_autofree char *text = g_strdup_printf (_("%s 正在补打"), number);
    g_signal_emit (self, s_signals[SIGNAL_DONE], 0, (int) RECEPTION_REPRINT, number, text);
    s_print (self, reply->result);
}

static void
s_on_cancelled (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ReceptionController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, RECEPTION_CANCEL, reply);
        return;
    }
    g_autofree char *number = g_strdup (self->current ? self->current->number : NULL);
    g_message ("cancelled %s", number);
    g_autofree char *text = g_strdup_printf (_("%s 已取消"), number);
    g_signal_emit (self, s_signals[SIGNAL_DONE], 0, (int) RECEPTION_CANCEL, number, text);
    s_find_again (self, number);
}

static gboolean
s_on_current (ReceptionController *self, reception_action_t action, hall_op_t op, hall_reply_fn fn)
{
    if (!self->current || !self->current->number)
        return FALSE;
    return s_send (self, action, op, json_pack ("{s:s}", "ticket", self->current->number), fn);
}

gboolean
reception_controller_requeue (ReceptionController *self)
{
    return s_on_current (self, RECEPTION_REQUEUE, HALL_OP_REQUEUE, s_on_requeued);
}

gboolean
reception_controller_reprint (ReceptionController *self)
{
    return s_on_current (self, RECEPTION_REPRINT, HALL_OP_TICKET_REPRINT, s_on_reprinted);
}

gboolean
reception_controller_cancel (ReceptionController *self)
{
    return s_on_current (self, RECEPTION_CANCEL, HALL_OP_CANCEL, s_on_cancelled);
}

static void
s_on_green (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ReceptionController *self = user;
    s_set_busy (self, FALSE);
    if (!reply->ok) {
        s_refused (self, RECEPTION_GREEN, reply);
        return;
    }
    json_t *ticket = json_object_get (reply->result, "ticket");
    const char *number = json_string_value (json_object_get (ticket, "number"));
    g_message ("green channel %s issued (%s, granted by %s)", number,
               json_string_value (json_object_get (ticket, "green")),
               json_string_value (json_object_get (ticket, "granted_by")));
    g_autofree char *text = g_strdup_printf (_("绿色通道 %s 已取号，正在打印"), number);
    g_signal_emit (self, s_signals[SIGNAL_DONE], 0, (int) RECEPTION_GREEN, number, text);
    s_print (self, reply->result);
}

gboolean
reception_controller_issue_green (ReceptionController *self, const char *category, const char *reason,
                                  const char *granter, const char *password)
{
    const char *missing = !category || !*category ? N_("请选择业务")
                        : !reason || !*reason ? N_("请选择或填写绿色通道原因")
                        : !granter || !*granter ? N_("请填写批准人的工号")
                        : !password || !*password ? N_("请批准人输入自己的密码") : NULL;
    if (missing) {
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) RECEPTION_GREEN, (int) HALL_E_BAD_FIELD,
                       _(missing));
        return FALSE;
    }
    //  The password goes into the request only: never logged, never kept.
    return s_send (self, RECEPTION_GREEN, HALL_OP_ISSUE,
                   json_pack ("{s:s, s:s, s:s, s:s}", "category", category, "green", reason,
                              "granted_by", granter, "password", password),
                   s_on_green);
}
