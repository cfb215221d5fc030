/*  counter-controller.c — see counter-controller.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "counter-controller.h"
#include "client.h"
#include "counter-format.h"
#include "i18n.h"

/* What a reply callback needs: the controller and the operation.  One slot
 * per operation lives inside the controller, so nothing is allocated per
 * request and nothing leaks when the session drops its pending requests. */
typedef struct {
    CounterController *owner;
    hall_op_t          op;
} op_slot_t;

/* An appeal on its way: its files one piece after the other, then
 * case.appeal with their ids. */
typedef struct {
    gint64     kase;
    char      *reason;
    GPtrArray *files;     /* counter_evidence_t (their own copies) */
    guint      file;      /* the one being sent */
    gint64     evidence;  /* its id once the first piece is in; 0 before */
    gint64     offset;    /* its bytes the server has */
    gint64     sent;      /* bytes of all files sent */
    gint64     size;      /* bytes of all files */
    json_t    *ids;       /* the ids of the files complete */
} appeal_t;

static void
s_appeal_free (appeal_t *appeal)
{
    if (!appeal)
        return;
    g_free (appeal->reason);
    g_ptr_array_unref (appeal->files);
    json_decref (appeal->ids);
    g_free (appeal);
}

struct _CounterController {
    GObject         parent_instance;
    hall_session_t *session;      /* the window's session (role counter) */
    HallClient     *client;       /* the link: owns the session, drives it (client.h) */
    int             window;       /* the window this desk is */
    int             pending;      /* requests sent and not yet answered */
    char           *auto_staff;   /* staff to sign in once online, or NULL */
    GQueue          matters_sent; /* the numbers of the matter.add requests not
                                   * yet answered, oldest first (the server
                                   * answers one session's requests in order) */
    json_t         *reasons;      /* rating.reasons' result, or NULL before it */
    appeal_t       *appeal;       /* the appeal on its way, or NULL */
    gint64          call_ticket;  /* the ticket this window called last (0: none seen) */
    gint64          call_time;    /* its latest call (ticket.called), server seconds */
    int             call_recalls; /* its recalls since (ticket.recalled) */
    op_slot_t       slots[HALL_OP__COUNT];
};

G_DEFINE_FINAL_TYPE (CounterController, counter_controller, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, SIGNAL_ONLINE, SIGNAL_FAILED, SIGNAL_INFO, SIGNAL_BUSY, SIGNAL_FOUND,
       SIGNAL_MATTER_ADDED, SIGNAL_MATTER_REFUSED, SIGNAL_CASES, SIGNAL_CASES_REFUSED,
       SIGNAL_CASES_CHANGED, SIGNAL_APPEAL_PROGRESS, SIGNAL_APPEAL_DONE, SIGNAL_SIGNED_IN, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *
s_op_text (hall_op_t op)
{
    switch (op) {
    case HALL_OP_CALL:     return _("叫号");
    case HALL_OP_RECALL:   return _("重呼");
    case HALL_OP_START:    return _("开始办理");
    case HALL_OP_FINISH:   return _("办结");
    case HALL_OP_NOSHOW:   return _("过号");
    case HALL_OP_TRANSFER: return _("转移");
    case HALL_OP_PAUSE:    return _("暂停服务");
    case HALL_OP_RESUME:   return _("恢复服务");
    case HALL_OP_SIGNIN:   return _("登录");
    case HALL_OP_TICKET_FIND: return _("查询");
    case HALL_OP_SIGNOUT:  return _("签退");
    case HALL_OP_JOURNEY_START: return _("转为一件事");
    case HALL_OP_JOURNEY_SKIP:  return _("跳过此步");
    case HALL_OP_JOURNEY_BACK:  return _("退回");
    case HALL_OP_JOURNEY_END:   return _("结束一件事");
    case HALL_OP_JOURNEY_ACCOMPANY: return _("帮办");
    case HALL_OP_MATTER_ADD:    return _("录入办件编号");
    case HALL_OP_MATTER_REMOVE: return _("删除办件编号");
    case HALL_OP_CASES:         return _("查询差评");
    case HALL_OP_CASE_EVIDENCE_ADD: return _("上传证据");
    case HALL_OP_CASE_APPEAL:   return _("申诉");
    default:               return hall_op_name (op);
    }
}

static void
s_set_pending (CounterController *self, int delta)
{
    gboolean was = self->pending > 0;
    self->pending += delta;
    if (was != (self->pending > 0))
        g_signal_emit (self, s_signals[SIGNAL_BUSY], 0, (gboolean) (self->pending > 0));
}

/* Why the server refused OP, for the clerk.  A malformed 办件编号 (a
 * scanner's misread) says what one looks like rather than "a field". */
static const char *
s_refusal_text (hall_op_t op, hall_error_t error)
{
    if (op == HALL_OP_MATTER_ADD && error == HALL_E_BAD_FIELD)
        return _("办件编号应为 4–64 位字母、数字或 - _ .");
    if (op == HALL_OP_CASE_APPEAL && error == HALL_E_BAD_STATE)
        return _("这条差评已经申诉过，或案件已结案");
    if (op == HALL_OP_CASE_APPEAL && error == HALL_E_FORBIDDEN)
        return _("只有被评价的工作人员本人可以申诉");
    if (op == HALL_OP_CASE_EVIDENCE_ADD && error == HALL_E_TOO_LARGE)
        return _("证据过多或过大：每个案件最多 10 个文件，每个最大 2 MB");
    if (op == HALL_OP_SIGNIN && error == HALL_E_FORBIDDEN)      /* the one refusal of signin's */
        return _("此工号已停用，请联系大厅管理员");
    return hall_error_shown (error);
}

/* A reply to matter.add (the oldest one sent), or a finish refused for
 * want of a 办件编号: tell the field beside which the clerk types. */
static void
s_reply_matter (CounterController *self, hall_op_t op, const hall_reply_t *reply)
{
    g_autofree char *number = op == HALL_OP_MATTER_ADD ? g_queue_pop_head (&self->matters_sent) : NULL;
    if (reply->ok && number)
        g_signal_emit (self, s_signals[SIGNAL_MATTER_ADDED], 0, number);
    else if (!reply->ok && (op == HALL_OP_MATTER_ADD || reply->error == HALL_E_MATTER_REQUIRED))
        g_signal_emit (self, s_signals[SIGNAL_MATTER_REFUSED], 0, (int) reply->error,
                       s_refusal_text (op, reply->error));
}

static void
s_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    op_slot_t *slot = user;
    CounterController *self = slot->owner;
    s_set_pending (self, -1);
    s_reply_matter (self, slot->op, reply);
    if (!reply->ok) {
        g_autofree char *text = g_strdup_printf (_("%s失败：%s"), s_op_text (slot->op),
                                                 s_refusal_text (slot->op, reply->error));
        g_message ("%s refused: %s (%s)", hall_op_name (slot->op),
                   hall_error_name (reply->error), reply->message);
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) reply->error, text);
        return;
    }
    if (slot->op == HALL_OP_SIGNIN) {
        g_signal_emit (self, s_signals[SIGNAL_SIGNED_IN], 0);
        return;
    }
    if (slot->op == HALL_OP_TICKET_FIND) {
        g_signal_emit (self, s_signals[SIGNAL_FOUND], 0, (gpointer) reply->result);
        return;
    }

    if (slot->op == HALL_OP_JOURNEY_ACCOMPANY) {
        json_t *ticket = json_object_get (reply->result, "ticket");
        json_t *helper = json_object_get (json_object_get (ticket, "journey"), "helper");
        const char *number = json_string_value (json_object_get (ticket, "number"));
        g_autofree char *text = json_is_object (helper) ? g_strdup_printf (_("已开始帮办 %s"), number ?: "")
                                                        : g_strdup_printf (_("已结束帮办 %s"), number ?: "");
        g_signal_emit (self, s_signals[SIGNAL_INFO], 0, text);
        return;
    }
    if (slot->op == HALL_OP_CALL && json_is_null (json_object_get (reply->result, "ticket")))
        g_signal_emit (self, s_signals[SIGNAL_INFO], 0, _("当前没有等待的群众"));
}

/* Sends OP with ARGS (stolen, may be NULL): 0, or -1 when it could not
 * be sent (said through "failed"). */
static int
s_send_args (CounterController *self, hall_op_t op, json_t *args)
{
    if (!args)
        args = json_object ();
    s_set_pending (self, +1);
    int rc = 0;
    if (hall_session_send (self->session, op, args, s_reply, &self->slots[op]) < 0) {
        s_set_pending (self, -1);
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) HALL_E_BAD_FIELD,
                       hall_error_shown (HALL_E_BAD_FIELD));
        rc = -1;
    }
    json_decref (args);
    return rc;
}

/* Sends OP for this window with ARGS (stolen, may be NULL) added. */
static int
s_send (CounterController *self, hall_op_t op, json_t *args)
{
    if (!args)
        args = json_object ();
    json_object_set_new (args, "window", json_integer (self->window));
    return s_send_args (self, op, args);
}

/* A journey ticket left this window for its next step (ticket.stepped):
 * say where it went, for the window's current ticket is gone. */
static void
s_tell_stepped (CounterController *self, json_t *event)
{
    if (!event || g_strcmp0 (json_string_value (json_object_get (event, "type")), "ticket.stepped") != 0)
        return;
    json_t *window = json_object_get (event, "window");
    json_int_t left = json_is_object (window) ? json_integer_value (json_object_get (window, "number"))
                                              : json_integer_value (window);
    if (left != self->window)
        return;
    json_t *ticket = json_object_get (event, "ticket");
    json_t *categories = hall_mirror_categories (hall_session_mirror (self->session));
    g_autofree char *where = counter_journey_text (ticket, categories);
    const char *action = json_string_value (json_object_get (json_object_get (event, "detail"), "action"));
    g_autofree char *text = g_strdup_printf (g_strcmp0 (action, "back") == 0 ? _("%s 已退回，去办 %s")
                                                                              : _("%s 本步已办结，去办 %s"),
        json_string_value (json_object_get (ticket, "number")) ?: "?", where ? where : "");
    g_signal_emit (self, s_signals[SIGNAL_INFO], 0, text);
}

/* The clerk here was disabled by a manager: the server signed them out
 * (clerk.signout, reason disabled), and the desk says why. */
static void
s_tell_disabled (CounterController *self, json_t *event)
{
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    json_t *window = json_object_get (event, "window");
    if (g_strcmp0 (type, "clerk.signout") != 0
        || json_integer_value (json_object_get (window, "number")) != self->window
        || g_strcmp0 (json_string_value (json_object_get (json_object_get (event, "detail"), "reason")),
                      "disabled") != 0)
        return;
    json_t *detail = json_object_get (event, "detail");
    const char *name = json_string_value (json_object_get (detail, "name"));
    const char *staff = json_string_value (json_object_get (detail, "staff"));
    g_autofree char *text = g_strdup_printf (_("%s（%s）的工号已被管理员停用，已退出登录"), name ? name : _("本窗口工作人员"),
                                             staff ? staff : "-");
    g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) HALL_E_FORBIDDEN, text);
}

/* A case of the clerk signed in here was opened or changed: the list of
 * 我的差评 is behind. */
static void
s_tell_cases (CounterController *self, json_t *event)
{
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (g_strcmp0 (type, "case.opened") != 0 && g_strcmp0 (type, "case.updated") != 0)
        return;
    json_t *window = hall_mirror_window (hall_session_mirror (self->session), self->window);
    const char *clerk = json_string_value (json_object_get (json_object_get (window, "clerk"), "id"));
    json_t *kase = json_object_get (json_object_get (event, "detail"), "case");
    if (clerk && g_strcmp0 (json_string_value (json_object_get (kase, "clerk")), clerk) == 0)
        g_signal_emit (self, s_signals[SIGNAL_CASES_CHANGED], 0);
}

/* The no-show rule counts from the ticket's latest call and its recalls
 * since: the snapshot does not carry them, so the desk keeps them from
 * the calls it sees (ticket.called, ticket.recalled at this window). */
static void
s_track_call (CounterController *self, json_t *event)
{
    json_t *call = json_object_get (event, "call");
    if (!json_is_object (call) || json_integer_value (json_object_get (call, "window")) != self->window)
        return;
    gint64 ticket = json_integer_value (json_object_get (json_object_get (event, "ticket"), "id"));
    if (json_is_true (json_object_get (call, "recall")) && ticket == self->call_ticket)
        self->call_recalls++;
    else if (!json_is_true (json_object_get (call, "recall"))) {
        self->call_ticket = ticket;
        self->call_time = json_integer_value (json_object_get (call, "time"));
        self->call_recalls = 0;
    }
}

static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    s_track_call (user, event);
    s_tell_stepped (user, event);
    s_tell_cases (user, event);
    g_signal_emit (user, s_signals[SIGNAL_CHANGED], 0, (gpointer) event);
    s_tell_disabled (user, event);
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    CounterController *self = user;
    if (online && self->auto_staff) {
        g_autofree char *staff = g_steal_pointer (&self->auto_staff);
        counter_controller_signin (self, staff, NULL);
    }
    g_signal_emit (self, s_signals[SIGNAL_ONLINE], 0, (gboolean) online);
}

static void
counter_controller_finalize (GObject *object)
{
    CounterController *self = COUNTER_CONTROLLER (object);
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
    g_free (self->auto_staff);
    g_queue_clear_full (&self->matters_sent, g_free);
    json_decref (self->reasons);
    s_appeal_free (self->appeal);
    G_OBJECT_CLASS (counter_controller_parent_class)->finalize (object);
}

static void
counter_controller_class_init (CounterControllerClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = counter_controller_finalize;
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_ONLINE] = g_signal_new ("online", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_INFO] = g_signal_new ("info", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_BUSY] = g_signal_new ("busy", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_FOUND] = g_signal_new ("found", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_MATTER_ADDED] = g_signal_new ("matter-added", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_MATTER_REFUSED] = g_signal_new ("matter-refused", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_CASES] = g_signal_new ("cases", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_CASES_REFUSED] = g_signal_new ("cases-refused", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_CASES_CHANGED] = g_signal_new ("cases-changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_APPEAL_PROGRESS] = g_signal_new ("appeal-progress", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
    s_signals[SIGNAL_APPEAL_DONE] = g_signal_new ("appeal-done", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
counter_controller_init (CounterController *self)
{
    g_queue_init (&self->matters_sent);
    for (int op = 0; op < HALL_OP__COUNT; op++)
        self->slots[op] = (op_slot_t) { self, (hall_op_t) op };
}

CounterController *
counter_controller_new (const char *requests, const char *events, int window)
{
    g_return_val_if_fail (window >= 1 && window <= 999, NULL);
    CounterController *self = g_object_new (COUNTER_TYPE_CONTROLLER, NULL);
    self->window = window;
    self->client = hall_client_new (requests ? requests : HALL_DEFAULT_REQUESTS,
                                    events ? events : HALL_DEFAULT_EVENTS,
                                    HALL_ROLE_COUNTER, window, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
    return self;
}

int             counter_controller_window (CounterController *self) { return self->window; }
hall_session_t *counter_controller_session (CounterController *self) { return self->session; }
hall_mirror_t  *counter_controller_mirror (CounterController *self) { return hall_session_mirror (self->session); }
gboolean        counter_controller_online (CounterController *self) { return hall_session_online (self->session); }
gboolean        counter_controller_key_refused (CounterController *self) { return hall_session_key_refused (self->session); }
gboolean        counter_controller_busy (CounterController *self) { return self->pending > 0; }
gint64          counter_controller_now (CounterController *self) { return hall_session_server_time (self->session); }

gboolean
counter_controller_average_service (CounterController *self, gint64 *seconds, int *count)
{
    json_t *window = hall_mirror_window (hall_session_mirror (self->session), self->window);
    json_int_t timed = json_integer_value (json_object_get (window, "served_timed"));
    json_int_t total = json_integer_value (json_object_get (window, "service_time"));
    *count = (int) timed;
    *seconds = timed > 0 ? total / timed : 0;
    return timed > 0;
}

gboolean
counter_controller_latest_call (CounterController *self, json_t *ticket, gint64 *time, int *recalls)
{
    gint64 id = json_integer_value (json_object_get (ticket, "id"));
    if (id && id == self->call_ticket) {
        *time = self->call_time;
        *recalls = self->call_recalls;
        return TRUE;
    }
    /* Called before this desk was listening (a restart, a resync): the
     * hall's recent calls, newest first, may still hold it; else its
     * first call, which is no later than its latest. */
    const char *number = json_string_value (json_object_get (ticket, "number"));
    *time = json_integer_value (json_object_get (ticket, "called_at"));
    *recalls = 0;
    size_t i;
    json_t *call;
    json_array_foreach (hall_mirror_calls (hall_session_mirror (self->session)), i, call) {
        if (g_strcmp0 (json_string_value (json_object_get (call, "number")), number) != 0
            || json_integer_value (json_object_get (call, "window")) != self->window)
            continue;
        if (!json_is_true (json_object_get (call, "recall"))) {
            *time = json_integer_value (json_object_get (call, "time"));
            return TRUE;
        }
        (*recalls)++;
    }
    return FALSE;
}

void
counter_controller_auto_signin (CounterController *self, const char *staff)
{
    if (!staff || !*staff)
        return;
    if (hall_session_online (self->session))
        counter_controller_signin (self, staff, NULL);
    else {
        g_free (self->auto_staff);
        self->auto_staff = g_strdup (staff);
    }
}

void counter_controller_call (CounterController *self)    { s_send (self, HALL_OP_CALL, NULL); }
void counter_controller_recall (CounterController *self)  { s_send (self, HALL_OP_RECALL, NULL); }
void counter_controller_start (CounterController *self)   { s_send (self, HALL_OP_START, NULL); }
void counter_controller_finish (CounterController *self)  { s_send (self, HALL_OP_FINISH, NULL); }
void counter_controller_noshow (CounterController *self)  { s_send (self, HALL_OP_NOSHOW, NULL); }
void counter_controller_resume (CounterController *self)  { s_send (self, HALL_OP_RESUME, NULL); }
void counter_controller_signout (CounterController *self) { s_send (self, HALL_OP_SIGNOUT, NULL); }

void
counter_controller_transfer_to_category (CounterController *self, const char *code)
{
    s_send (self, HALL_OP_TRANSFER, json_pack ("{s:s}", "to_category", code));
}

void
counter_controller_transfer_to_window (CounterController *self, int window)
{
    s_send (self, HALL_OP_TRANSFER, json_pack ("{s:i}", "to_window", window));
}

void
counter_controller_pause (CounterController *self, const char *reason)
{
    s_send (self, HALL_OP_PAUSE,
            reason && *reason ? json_pack ("{s:s}", "reason", reason) : NULL);
}

void
counter_controller_find (CounterController *self, const char *number)
{
    s_send_args (self, HALL_OP_TICKET_FIND, json_pack ("{s:s}", "number", number));
}

void
counter_controller_signin (CounterController *self, const char *staff, const char *password)
{
    json_t *args = json_pack ("{s:s}", "staff", staff);
    if (password && *password)
        json_object_set_new (args, "password", json_string (password));
    s_send (self, HALL_OP_SIGNIN, args);
}

/* ---- journeys (一件事) ----------------------------------------------------- */

void
counter_controller_journey_start (CounterController *self, const char *code)
{
    s_send (self, HALL_OP_JOURNEY_START, json_pack ("{s:s}", "journey", code));
}

void
counter_controller_journey_skip (CounterController *self, int step)
{
    s_send (self, HALL_OP_JOURNEY_SKIP, step >= 0 ? json_pack ("{s:i}", "step", step) : NULL);
}

void
counter_controller_journey_back (CounterController *self, int step)
{
    s_send (self, HALL_OP_JOURNEY_BACK, json_pack ("{s:i}", "step", step));
}

void
counter_controller_journey_end (CounterController *self, const char *reason)
{
    s_send (self, HALL_OP_JOURNEY_END,
            reason && *reason ? json_pack ("{s:s}", "reason", reason) : NULL);
}

void
counter_controller_accompany (CounterController *self, const char *number, gboolean release)
{
    json_t *args = json_pack ("{s:s}", "ticket", number);
    if (release)
        json_object_set_new (args, "release", json_true ());
    s_send_args (self, HALL_OP_JOURNEY_ACCOMPANY, args);
}

/* ---- 办件编号 (好差评 by 办件) ---------------------------------------------- */

void
counter_controller_matter_add (CounterController *self, const char *number)
{
    g_queue_push_tail (&self->matters_sent, g_strdup (number));
    if (s_send (self, HALL_OP_MATTER_ADD, json_pack ("{s:s}", "number", number)) < 0)
        g_free (g_queue_pop_tail (&self->matters_sent));
}

void
counter_controller_matter_remove (CounterController *self, const char *number)
{
    s_send (self, HALL_OP_MATTER_REMOVE, json_pack ("{s:s}", "number", number));
}

/* ---- 我的差评 and 申诉 ------------------------------------------------------ */

/* Replies to the case requests: they answer in the dialog, not in the
 * desk's banner, and do not hold the desk's actions (not "busy"). */
static void
s_reply_case (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    op_slot_t *slot = user;
    CounterController *self = slot->owner;
    if (!reply->ok)
        g_message ("%s refused: %s (%s)", hall_op_name (slot->op),
                   hall_error_name (reply->error), reply->message);
    if (slot->op == HALL_OP_RATING_REASONS) {
        if (reply->ok) {
            json_decref (self->reasons);
            self->reasons = json_incref (reply->result);
        }
        return;
    }
    if (reply->ok)
        g_signal_emit (self, s_signals[SIGNAL_CASES], 0, (gpointer) reply->result);
    else {
        g_autofree char *text = g_strdup_printf (_("%s失败：%s"), s_op_text (slot->op),
                                                 s_refusal_text (slot->op, reply->error));
        g_signal_emit (self, s_signals[SIGNAL_CASES_REFUSED], 0, (int) reply->error, text);
    }
}

void
counter_controller_cases (CounterController *self, gboolean all)
{
    /* The reasons come first: the session answers in order, so they are
     * there when the cases are. */
    if (!self->reasons) {
        json_t *none = json_object ();
        hall_session_send (self->session, HALL_OP_RATING_REASONS, none, s_reply_case,
                           &self->slots[HALL_OP_RATING_REASONS]);
        json_decref (none);
    }
    json_t *args = json_pack ("{s:s}", "filter", all ? "all" : "open");
    if (hall_session_send (self->session, HALL_OP_CASES, args, s_reply_case, &self->slots[HALL_OP_CASES]) < 0)
        g_signal_emit (self, s_signals[SIGNAL_CASES_REFUSED], 0, (int) HALL_E_BAD_FIELD,
                       hall_error_shown (HALL_E_BAD_FIELD));
    json_decref (args);
}

json_t *
counter_controller_reasons (CounterController *self)
{
    return self->reasons;
}

static void s_reply_appeal (hall_session_t *session, const hall_reply_t *reply, void *user);

/* The appeal's next request: a piece of its current file, or, with all
 * files in, case.appeal. */
static void
s_appeal_next (CounterController *self)
{
    appeal_t *appeal = self->appeal;
    json_t *args;
    hall_op_t op;
    if (appeal->file < appeal->files->len) {
        counter_evidence_t *file = g_ptr_array_index (appeal->files, appeal->file);
        gsize size;
        const guchar *bytes = g_bytes_get_data (file->data, &size);
        gsize piece = MIN ((gsize) COUNTER_EVIDENCE_PIECE, size - (gsize) appeal->offset);
        g_autofree char *data = g_base64_encode (bytes + appeal->offset, piece);
        args = json_pack ("{s:I, s:s}", "case", (json_int_t) appeal->kase, "data", data);
        if (appeal->evidence > 0) {
            json_object_set_new (args, "id", json_integer (appeal->evidence));
            json_object_set_new (args, "offset", json_integer (appeal->offset));
        }
        else {
            json_object_set_new (args, "name", json_string (file->name));
            json_object_set_new (args, "type", json_string (file->type));
            json_object_set_new (args, "size", json_integer ((json_int_t) size));
        }
        op = HALL_OP_CASE_EVIDENCE_ADD;
    }
    else {
        args = json_pack ("{s:I, s:s, s:O}", "case", (json_int_t) appeal->kase, "reason", appeal->reason,
                          "evidence", appeal->ids);
        op = HALL_OP_CASE_APPEAL;
    }
    int64_t sent = hall_session_send (self->session, op, args, s_reply_appeal, &self->slots[op]);
    json_decref (args);
    if (sent < 0) {
        g_clear_pointer (&self->appeal, s_appeal_free);
        g_signal_emit (self, s_signals[SIGNAL_APPEAL_DONE], 0, (int) HALL_E_BAD_FIELD,
                       hall_error_shown (HALL_E_BAD_FIELD));
    }
}

static void
s_reply_appeal (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    op_slot_t *slot = user;
    CounterController *self = slot->owner;
    appeal_t *appeal = self->appeal;
    if (!appeal)
        return;
    if (!reply->ok) {
        g_message ("%s refused: %s (%s)", hall_op_name (slot->op),
                   hall_error_name (reply->error), reply->message);
        g_clear_pointer (&self->appeal, s_appeal_free);
        g_autofree char *text = g_strdup_printf (_("%s失败：%s"), s_op_text (slot->op),
                                                 s_refusal_text (slot->op, reply->error));
        g_signal_emit (self, s_signals[SIGNAL_APPEAL_DONE], 0, (int) reply->error, text);
        return;
    }
    if (slot->op == HALL_OP_CASE_APPEAL) {
        g_clear_pointer (&self->appeal, s_appeal_free);
        g_signal_emit (self, s_signals[SIGNAL_APPEAL_DONE], 0, 0, NULL);
        return;
    }
    /* A piece is in: the server says how much of the file it has. */
    json_t *evidence = json_object_get (reply->result, "evidence");
    gint64 received = json_integer_value (json_object_get (evidence, "received"));
    if (received <= appeal->offset && !json_is_true (json_object_get (evidence, "complete"))) {
        g_clear_pointer (&self->appeal, s_appeal_free);       /* no progress: never loop */
        g_signal_emit (self, s_signals[SIGNAL_APPEAL_DONE], 0, (int) HALL_E_INTERNAL,
                       hall_error_shown (HALL_E_INTERNAL));
        return;
    }
    appeal->sent += received - appeal->offset;
    appeal->evidence = json_integer_value (json_object_get (evidence, "id"));
    appeal->offset = received;
    if (json_is_true (json_object_get (evidence, "complete"))) {
        json_array_append_new (appeal->ids, json_integer (appeal->evidence));
        appeal->file++;
        appeal->evidence = 0;
        appeal->offset = 0;
    }
    g_signal_emit (self, s_signals[SIGNAL_APPEAL_PROGRESS], 0, appeal->sent, appeal->size);
    s_appeal_next (self);
}

gboolean
counter_controller_appeal (CounterController *self, gint64 kase, const char *reason, GPtrArray *files)
{
    if (self->appeal)
        return FALSE;
    appeal_t *appeal = g_new0 (appeal_t, 1);
    appeal->kase = kase;
    appeal->reason = g_strdup (reason);
    appeal->files = g_ptr_array_new_with_free_func ((GDestroyNotify) counter_evidence_free);
    appeal->ids = json_array ();
    for (guint i = 0; files && i < files->len; i++) {
        counter_evidence_t *file = g_ptr_array_index (files, i);
        counter_evidence_t *copy = g_new0 (counter_evidence_t, 1);
        copy->name = g_strdup (file->name);
        copy->type = file->type;
        copy->data = g_bytes_ref (file->data);
        appeal->size += (gint64) g_bytes_get_size (file->data);
        g_ptr_array_add (appeal->files, copy);
    }
    self->appeal = appeal;
    s_appeal_next (self);
    return TRUE;
}
