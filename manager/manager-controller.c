/*  manager-controller.c — see manager-controller.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-controller.h"
#include "manager-format.h"
#include "i18n.h"

#include <libnotify/notify.h>

/* What a reply is for.  One slot each inside the controller: nothing is
 * allocated per request, so nothing leaks when the session is destroyed
 * with requests still pending (it drops them without calling back). */
typedef enum { KIND_TODAY, KIND_CASES, KIND_REPORT, KIND_ACTION, KIND_REASONS, KIND__COUNT } kind_t;

typedef struct {
    ManagerController *owner;
    kind_t             kind;
} slot_t;

struct _ManagerController {
    GObject           parent_instance;
    hall_session_t   *session;      /* role manager */
    GSource          *source;       /* drives it from the default main context */
    manager_config_t *config;       /* thresholds (owned) */
    manager_alerts_t *alerts;       /* the alert engine */
    guint             tick_id;      /* 1-s timer */
    json_t           *today;        /* today's report, by category */
    json_t           *cases;        /* `cases` result */
    gboolean          today_busy;   /* a today/cases request is on its way */
    gint64            today_last;   /* monotonic µs of the last refresh */
    guint             today_timer;  /* a refresh scheduled for later */
    GHashTable       *report_tags;  /* req -> tag of a pending report */
    int               notified;     /* libnotify notifications shown */
    gboolean          reasons;      /* the reason list was asked for */
    slot_t            slots[KIND__COUNT];
};

G_DEFINE_FINAL_TYPE (ManagerController, manager_controller, G_TYPE_OBJECT)

enum { SIG_CHANGED, SIG_TICK, SIG_ONLINE, SIG_FIGURES, SIG_ALERT, SIG_REPORT, SIG_FAILED,
       SIG_DONE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *
s_error_text (hall_error_t code)
{
    switch (code) {
    case HALL_E_FORBIDDEN:        return _("没有权限进行此操作");
    case HALL_E_UNKNOWN_CATEGORY: return _("没有这个业务类别");
    case HALL_E_UNKNOWN_WINDOW:   return _("没有这个窗口");
    case HALL_E_BAD_STATE:        return _("当前状态下不能进行此操作");
    case HALL_E_WINDOW_BUSY:      return _("窗口正在呼叫或办理，不能暂停或签退");
    case HALL_E_BAD_FIELD:        return _("参数有误");
    case HALL_E_UNKNOWN_CASE:     return _("没有这个跟进案件");
    case HALL_E_STORAGE:          return _("服务器数据库写入失败，操作未生效，请重试");
    case HALL_E_TIMEOUT:          return _("服务器没有响应，操作可能未生效");
    default:                      return _("服务器拒绝了此操作");
    }
}

/* ---- today's figures ----------------------------------------------------- */

static void s_refresh_now (ManagerController *self);

static gboolean
s_refresh_later (gpointer data)
{
    ManagerController *self = data;
    self->today_timer = 0;
    s_refresh_now (self);
    return G_SOURCE_REMOVE;
}

/* At most one refresh per report_refresh seconds: a busy hall sends many
 * ticket events a second, and a report is recomputed from the log. */
static void
s_refresh_soon (ManagerController *self)
{
    if (self->today_timer)
        return;
    gint64 wait = self->today_last + (gint64) self->config->report_refresh * G_USEC_PER_SEC
                  - g_get_monotonic_time ();
    if (wait <= 0 && !self->today_busy)
        s_refresh_now (self);
    else
        self->today_timer = g_timeout_add (MAX (100, (guint) (wait / 1000)), s_refresh_later, self);
}

static void s_reply (hall_session_t *session, const hall_reply_t *reply, void *user);

static void
s_refresh_now (ManagerController *self)
{
    const char *day = hall_mirror_day (hall_session_mirror (self->session));
    if (!day || !hall_session_online (self->session))
        return;
    if (self->today_busy) {                  /* ask again when the answer is in */
        self->today_timer = g_timeout_add (500, s_refresh_later, self);
        return;
    }
    self->today_busy = TRUE;
    self->today_last = g_get_monotonic_time ();
    g_autoptr (json_t) today = json_pack ("{s:s, s:s, s:s}", "from", day, "to", day, "by", "category");
    hall_session_send (self->session, HALL_OP_REPORT, today, s_reply, &self->slots[KIND_TODAY]);
    g_autoptr (json_t) cases = json_pack ("{s:s}", "filter", "open");
    hall_session_send (self->session, HALL_OP_CASES, cases, s_reply, &self->slots[KIND_CASES]);
}

void
manager_controller_refresh (ManagerController *self)
{
    if (self->today_timer) {
        g_source_remove (self->today_timer);
        self->today_timer = 0;
    }
    s_refresh_now (self);
}

static void
s_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    slot_t *slot = user;
    ManagerController *self = slot->owner;
    switch (slot->kind) {
    case KIND_TODAY:
        if (reply->ok) {
            json_decref (self->today);
            self->today = json_incref (reply->result);
            g_signal_emit (self, s_signals[SIG_FIGURES], 0);
        } else
            g_message ("today's report refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_CASES:
        self->today_busy = FALSE;
        if (reply->ok) {
            json_decref (self->cases);
            self->cases = json_incref (reply->result);
            g_signal_emit (self, s_signals[SIG_FIGURES], 0);
        } else
            g_message ("cases refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_REPORT: {
        g_autofree char *tag = NULL;
        g_autofree gint64 *key = NULL;
        g_hash_table_steal_extended (self->report_tags, &reply->req, (gpointer *) &key, (gpointer *) &tag);
        if (!reply->ok) {
            g_autofree char *text = g_strdup_printf (_("报表查询失败：%s"), s_error_text (reply->error));
            g_signal_emit (self, s_signals[SIG_FAILED], 0, text);
        }
        g_signal_emit (self, s_signals[SIG_REPORT], 0, tag ? tag : "", reply->ok ? reply->result : NULL);
        break;
    }
    case KIND_REASONS:
        if (reply->ok)
            manager_alerts_set_reasons (self->alerts, reply->result);
        else
            self->reasons = FALSE;           /* ask again at the next resync */
        break;
    case KIND_ACTION:
        if (!reply->ok) {
            g_autofree char *text = g_strdup_printf (_("操作失败：%s（%s）"), s_error_text (reply->error),
                                                     reply->message);
            g_message ("action refused: %s (%s)", hall_error_name (reply->error), reply->message);
            g_signal_emit (self, s_signals[SIG_FAILED], 0, text);
        } else {
            g_signal_emit (self, s_signals[SIG_DONE], 0, _("操作已完成"));
            if (json_object_get (reply->result, "case"))
                manager_controller_refresh (self);
        }
        break;
    default:
        break;
    }
}

/* ---- alerts and notifications --------------------------------------------- */

static void
s_on_alert (const manager_alert_t *alert, void *user)
{
    ManagerController *self = user;
    if (self->config->notify) {
        NotifyNotification *note = notify_notification_new (alert->summary, alert->body,
            alert->urgency == MANAGER_URGENCY_CRITICAL ? "dialog-warning" : "dialog-information");
        notify_notification_set_urgency (note, alert->urgency == MANAGER_URGENCY_CRITICAL
                                               ? NOTIFY_URGENCY_CRITICAL
                                               : alert->urgency == MANAGER_URGENCY_LOW
                                               ? NOTIFY_URGENCY_LOW : NOTIFY_URGENCY_NORMAL);
        notify_notification_set_category (note, "hall.alert");
        notify_notification_set_hint (note, "x-hall-subject", g_variant_new_string (alert->subject));
        g_autoptr (GError) error = NULL;
        if (notify_notification_show (note, &error))
            self->notified++;
        else
            g_message ("notification not shown: %s", error ? error->message : "?");
        g_object_unref (note);
    }
    g_signal_emit (self, s_signals[SIG_ALERT], 0, (gpointer) alert);
}

static gboolean
s_tick (gpointer data)
{
    ManagerController *self = data;
    manager_alerts_tick (self->alerts, hall_session_mirror (self->session),
                         hall_session_server_time (self->session));
    g_signal_emit (self, s_signals[SIG_TICK], 0);
    return G_SOURCE_CONTINUE;
}

/* ---- session callbacks -------------------------------------------------- */

static void
s_on_event (hall_session_t *session, json_t *event, void *user)
{
    ManagerController *self = user;
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (event)
        manager_alerts_event (self->alerts, hall_session_mirror (session), event,
                              hall_session_server_time (session));
    if (!event && !self->reasons) {
        self->reasons = TRUE;
        hall_session_send (session, HALL_OP_RATING_REASONS, NULL, s_reply, &self->slots[KIND_REASONS]);
    }
    if (!event)
        manager_controller_refresh (self);
    else if (type && (g_str_has_prefix (type, "ticket.") || g_str_has_prefix (type, "rating.")
                      || g_str_has_prefix (type, "case.") || g_str_has_prefix (type, "clerk.")))
        s_refresh_soon (self);
    g_signal_emit (self, s_signals[SIG_CHANGED], 0, (gpointer) event);
}

static void
s_on_online (hall_session_t *session, bool online, void *user)
{
    g_signal_emit (user, s_signals[SIG_ONLINE], 0, (gboolean) online);
}

/* ---- life cycle ----------------------------------------------------------- */

static void
manager_controller_finalize (GObject *object)
{
    ManagerController *self = MANAGER_CONTROLLER (object);
    g_clear_handle_id (&self->tick_id, g_source_remove);
    g_clear_handle_id (&self->today_timer, g_source_remove);
    if (self->source) {
        g_source_destroy (self->source);
        g_source_unref (self->source);
    }
    hall_session_destroy (&self->session);
    manager_alerts_destroy (&self->alerts);
    manager_config_destroy (&self->config);
    json_decref (self->today);
    json_decref (self->cases);
    g_hash_table_destroy (self->report_tags);
    G_OBJECT_CLASS (manager_controller_parent_class)->finalize (object);
}

static void
manager_controller_class_init (ManagerControllerClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = manager_controller_finalize;
    GType type = G_TYPE_FROM_CLASS (klass);
    s_signals[SIG_CHANGED] = g_signal_new ("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIG_TICK] = g_signal_new ("tick", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
    s_signals[SIG_ONLINE] = g_signal_new ("online", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIG_FIGURES] = g_signal_new ("figures", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
    s_signals[SIG_ALERT] = g_signal_new ("alert", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIG_REPORT] = g_signal_new ("report", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
    s_signals[SIG_FAILED] = g_signal_new ("failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIG_DONE] = g_signal_new ("done", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
manager_controller_init (ManagerController *self)
{
    for (int kind = 0; kind < KIND__COUNT; kind++)
        self->slots[kind] = (slot_t) { self, (kind_t) kind };
    self->report_tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

ManagerController *
manager_controller_new (const char *requests, const char *events, const char *config_path)
{
    ManagerController *self = g_object_new (MANAGER_TYPE_CONTROLLER, NULL);
    self->config = manager_config_load (config_path);
    self->alerts = manager_alerts_new (self->config);
    manager_alerts_on_raise (self->alerts, s_on_alert, self);
    if (!notify_is_initted ())
        notify_init ("hall-manager");
    self->session = hall_session_new (requests ? requests : HALL_DEFAULT_REQUESTS,
                                      events ? events : HALL_DEFAULT_EVENTS,
                                      HALL_ROLE_MANAGER, 0, NULL);
    hall_session_on_event (self->session, s_on_event, self);
    hall_session_on_online (self->session, s_on_online, self);
    self->source = hall_session_source_new (self->session);
    g_source_attach (self->source, NULL);
    self->tick_id = g_timeout_add_seconds (1, s_tick, self);
    return self;
}

hall_session_t   *manager_controller_session (ManagerController *self) { return self->session; }
hall_mirror_t    *manager_controller_mirror (ManagerController *self) { return hall_session_mirror (self->session); }
manager_config_t *manager_controller_config (ManagerController *self) { return self->config; }
manager_alerts_t *manager_controller_alerts (ManagerController *self) { return self->alerts; }
gboolean          manager_controller_online (ManagerController *self) { return hall_session_online (self->session); }
gboolean          manager_controller_key_refused (ManagerController *self) { return hall_session_key_refused (self->session); }
gint64            manager_controller_now (ManagerController *self) { return hall_session_server_time (self->session); }
json_t           *manager_controller_today (ManagerController *self) { return self->today; }
json_t           *manager_controller_cases (ManagerController *self) { return self->cases; }
int               manager_controller_notifications (ManagerController *self) { return self->notified; }

gboolean
manager_controller_save_config (ManagerController *self, GError **error)
{
    gboolean ok = manager_config_save (self->config, error);
    s_tick (self);
    return ok;
}

/* ---- intents ---------------------------------------------------------------- */

static void
s_act (ManagerController *self, hall_op_t op, json_t *args)
{
    if (hall_session_send (self->session, op, args, s_reply, &self->slots[KIND_ACTION]) < 0)
        g_signal_emit (self, s_signals[SIG_FAILED], 0, s_error_text (HALL_E_BAD_FIELD));
    json_decref (args);
}

void
manager_controller_pause (ManagerController *self, int window, const char *reason)
{
    json_t *args = json_pack ("{s:i}", "window", window);
    if (reason && *reason)
        json_object_set_new (args, "reason", json_string (reason));
    s_act (self, HALL_OP_PAUSE, args);
}

void
manager_controller_resume (ManagerController *self, int window)
{
    s_act (self, HALL_OP_RESUME, json_pack ("{s:i}", "window", window));
}

static json_t *
s_codes (const char *const *codes)
{
    json_t *array = json_array ();
    for (; codes && *codes; codes++)
        json_array_append_new (array, json_string (*codes));
    return array;
}

void
manager_controller_map_window (ManagerController *self, int window,
                               const char *const *primary, const char *const *backup)
{
    s_act (self, HALL_OP_WINDOW_MAP, json_pack ("{s:i, s:o, s:o}", "window", window,
                                                "primary", s_codes (primary), "backup", s_codes (backup)));
}

void
manager_controller_open_category (ManagerController *self, const char *code, gboolean open)
{
    s_act (self, HALL_OP_CATEGORY_OPEN, json_pack ("{s:s, s:b}", "category", code, "open", open));
}

void
manager_controller_update_case (ManagerController *self, gint64 id, const char *action,
                                const char *note, const char *verdict, const char *reason)
{
    json_t *args = json_pack ("{s:I, s:s}", "case", (json_int_t) id, "action", action);
    if (note && *note)
        json_object_set_new (args, "note", json_string (note));
    if (verdict && *verdict)
        json_object_set_new (args, "verdict", json_string (verdict));
    if (reason && *reason)
        json_object_set_new (args, "reason", json_string (reason));
    s_act (self, HALL_OP_CASE_UPDATE, args);
}

void
manager_controller_report (ManagerController *self, const char *tag, const char *from,
                           const char *to, const char *by)
{
    g_autoptr (json_t) args = json_pack ("{s:s, s:s, s:s}", "from", from, "to", to, "by", by);
    int64_t req = hall_session_send (self->session, HALL_OP_REPORT, args, s_reply,
                                     &self->slots[KIND_REPORT]);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIG_FAILED], 0, s_error_text (HALL_E_BAD_FIELD));
        g_signal_emit (self, s_signals[SIG_REPORT], 0, tag, NULL);
        return;
    }
    gint64 *key = g_new (gint64, 1);
    *key = req;
    g_hash_table_insert (self->report_tags, key, g_strdup (tag));
}
