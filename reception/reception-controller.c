/*  reception-controller.c — the reception desk's link to the hall
 *  (reception-controller.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-controller.h"
#include "device-link.h"
#include "print-job.h"

#include <glib/gi18n.h>

struct _ReceptionController {
    GObject             parent;
    hall_device_link_t *link;        //  the session, rebuilt after a timeout (device-link.h)
    hall_printer_t     *printer;     //  the desk's own printer
    int                 paper;       //  58 or 80
    gboolean            native_qr;   //  the printer draws QR codes itself
    char               *status_url;  //  base of the QR, or NULL for the hall's
    gboolean            busy;        //  a request is pending
    reception_ticket_t *current;     //  the ticket last looked up, or NULL
};

enum { SIGNAL_CHANGED, SIGNAL_FOUND, SIGNAL_DONE, SIGNAL_FAILED, SIGNAL_PRINTED, N_SIGNALS };
static guint s_signals[N_SIGNALS];
enum { PROP_0, PROP_BUSY, PROP_LAST };
static GParamSpec *s_props[PROP_LAST];

G_DEFINE_FINAL_TYPE (ReceptionController, reception_controller, G_TYPE_OBJECT)

/* ---- session ------------------------------------------------------------- */

//  An event, the server come or gone, a new session: the views read again.
static void
s_on_changed (void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0);
}

static const hall_device_link_hooks_t s_link_hooks = { .changed = s_on_changed };

/* ---- life cycle ---------------------------------------------------------- */

static void
reception_controller_finalize (GObject *object)
{
    ReceptionController *self = RECEPTION_CONTROLLER (object);
    hall_device_link_destroy (&self->link);
    //  A print still running holds a reference: the printer outlives it.
    hall_printer_destroy (&self->printer);
    g_clear_pointer (&self->current, reception_ticket_free);
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
    self->link = hall_device_link_new (config->requests, config->events, HALL_ROLE_RECEPTION,
                                       config->timeout_ms, config->retries, G_LOG_DOMAIN,
                                       &s_link_hooks, self, error);
    if (!self->link) {
        g_object_unref (self);
        return NULL;
    }
    return self;
}

hall_mirror_t *
reception_controller_mirror (ReceptionController *self)
{
    return hall_device_link_mirror (self->link);
}

gboolean
reception_controller_online (ReceptionController *self)
{
    return hall_device_link_online (self->link);
}

gboolean
reception_controller_key_refused (ReceptionController *self)
{
    return hall_device_link_key_refused (self->link);
}

gboolean
reception_controller_busy (ReceptionController *self)
{
    return self->busy;
}

gint64
reception_controller_now (ReceptionController *self)
{
    return hall_device_link_now (self->link);
}

const reception_ticket_t *
reception_controller_current (ReceptionController *self)
{
    return self->current;
}

/* ---- printing ------------------------------------------------------------ */

static void
s_print_done (GObject *source, GAsyncResult *result, gpointer user)
{
    ReceptionController *self = RECEPTION_CONTROLLER (source);
    const hall_ticket_print_t *ticket = NULL;
    g_autoptr (GError) error = NULL;
    gboolean ok = hall_print_job_finish (result, &ticket, &error);
    g_autofree char *text = NULL;
    if (ok)
        text = g_strdup_printf (_("%s 号票已打印"), ticket->number);
    else {
        g_warning ("slip %s not printed: %s", ticket->number, error->message);
        text = g_strdup_printf (_("%s 号票没有打印出来：%s"), ticket->number, error->message);
    }
    g_signal_emit (self, s_signals[SIGNAL_PRINTED], 0, ok, ticket->number, text);
}

//  The slip of an issue-shaped RESULT (issue, ticket.reprint), printed.
static void
s_print (ReceptionController *self, json_t *result)
{
    hall_print_job_start (self, self->printer,
                          self->paper == 58 ? HALL_TICKET_PAPER_58MM : HALL_TICKET_PAPER_80MM,
                          self->native_qr, hall_device_link_ticket (self->link, result, self->status_url),
                          s_print_done, NULL);
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
    hall_device_link_refused (self->link, "request", reply);
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
    hall_session_send (hall_device_link_session (self->link), op, args, fn, self);
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
