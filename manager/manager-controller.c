/*  manager-controller.c — see manager-controller.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-controller.h"
#include "client.h"
#include "manager-case.h"
#include "manager-day-series.h"
#include "manager-format.h"
#include "i18n.h"

#include <libnotify/notify.h>
#include <string.h>

/* What a reply is for.  One slot each inside the controller: nothing is
 * allocated per request, so nothing leaks when the session is destroyed
 * with requests still pending (it drops them without calling back). */
typedef enum { KIND_TODAY, KIND_CASES, KIND_REPORT, KIND_ACTION, KIND_REASONS, KIND_BOOKINGS, KIND_HORIZON,
               KIND_CASE, KIND_UPLOAD, KIND_DOWNLOAD, KIND_GOV_HELD, KIND_ALERTS, KIND_HISTORY, KIND_KEPT,
               KIND_HOURS, KIND__COUNT } kind_t;

/* The calendar days from today that the 预约 page covers.  booking.summary
 * counts calendar days while bookings run booking_days (5) *working* days
 * ahead: two weekends, or a weekend and a short holiday, fit in 14. */
#define S_BOOKING_DAYS 14

typedef struct {
    ManagerController *owner;
    kind_t             kind;
} slot_t;

/* A file on its way to a case (case.evidence.add), one piece at a time. */
typedef struct {
    gint64  upload;      /* its number for "evidence" */
    gint64  kase;
    char   *name;
    char   *type;
    GBytes *data;
    gint64  offset;      /* bytes the server has */
    gint64  evidence;    /* the server's id, after the first piece; 0 before */
} upload_t;

/* A kept file on its way to a local file (case.evidence.get). */
typedef struct {
    gint64  evidence;
    char   *path;
    FILE   *out;
    gint64  offset;      /* bytes written */
} download_t;

static void
s_upload_free (gpointer data)
{
    upload_t *upload = data;
    g_free (upload->name);
    g_free (upload->type);
    g_bytes_unref (upload->data);
    g_free (upload);
}

static void
s_download_free (gpointer data)
{
    download_t *download = data;
    if (download->out)
        fclose (download->out);
    g_free (download->path);
    g_free (download);
}

struct _ManagerController {
    GObject           parent_instance;
    hall_session_t   *session;      /* role manager */
    HallClient       *client;       /* the link: owns the session, drives it (client.h) */
    manager_config_t *config;       /* thresholds (owned) */
    manager_alerts_t *alerts;       /* the alert engine */
    guint             tick_id;      /* 1-s timer */
    json_t           *today;        /* today's report, by category */
    json_t           *cases;        /* `cases` result */
    gboolean          today_busy;   /* today's report request is on its way */
    int               cases_applied;/* case.* events applied to the list */
    gint64            today_last;   /* monotonic µs of the last refresh */
    guint             today_timer;  /* a refresh scheduled for later */
    GHashTable       *report_tags;  /* req -> tag of a pending report */
    int               notified;     /* libnotify notifications shown */
    gboolean          reasons;      /* the reason list was asked for */
    json_t           *summary;      /* `booking.summary` from today, or NULL */
    json_t           *bookings;     /* the same within each category's booking days */
    gboolean          bookings_busy;  /* its request is on its way ... */
    gboolean          bookings_again; /* ... and a booking changed since it left */
    GHashTable       *horizons;     /* category -> last day it takes bookings for ("": none;
                                       NULL value: asked); for today, emptied at each (re)load */
    GHashTable       *horizon_reqs; /* req -> category of a pending booking.slots */
    GHashTable       *case_reqs;    /* req of a pending case request (a set) */
    GHashTable       *uploads;      /* req -> upload_t of its pending piece (owned) */
    GHashTable       *downloads;    /* req -> download_t of its pending piece (owned) */
    gint64            next_upload;  /* the last upload's number */
    int               gov_held;     /* held gov records; -1 before the first count */
    GHashTable       *history_reqs; /* req -> day of a pending `alerts` for the history */
    manager_day_series_t *day;      /* today's waits and load through the day (the day chart) */
    slot_t            slots[KIND__COUNT];
};

G_DEFINE_FINAL_TYPE (ManagerController, manager_controller, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, SIGNAL_TICK, SIGNAL_ONLINE, SIGNAL_FIGURES, SIGNAL_ALERT, SIGNAL_REPORT, SIGNAL_FAILED,
       SIGNAL_DONE, SIGNAL_BOOKINGS, SIGNAL_CASE_REPLY, SIGNAL_EVIDENCE, SIGNAL_EVIDENCE_SAVED,
       SIGNAL_ALERT_HISTORY, N_SIGNALS };
static guint s_signals[N_SIGNALS];

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
static void s_upload_next (ManagerController *self, upload_t *upload);
static void s_download_next (ManagerController *self, download_t *download);

/* A refusal in words: the code's text and the server's message. */
static char *
s_refusal (const hall_reply_t *reply)
{
    if (*reply->message)
        return g_strdup_printf (_("%s（%s）"), hall_error_shown (reply->error), reply->message);
    return g_strdup (hall_error_shown (reply->error));
}

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
    /* The day chart's hour-of-day load, with the same throttle: a second
     * report of the same day. */
    g_autoptr (json_t) hours = json_pack ("{s:s, s:s, s:s}", "from", day, "to", day, "by", "hour");
    hall_session_send (self->session, HALL_OP_REPORT, hours, s_reply, &self->slots[KIND_HOURS]);
}

/* The open cases, asked for once per (re)load: after that the case.*
 * events carry each case whole, and s_cases_apply() keeps the list. */
static void
s_cases_fetch (ManagerController *self)
{
    if (!hall_session_online (self->session))
        return;
    g_autoptr (json_t) cases = json_pack ("{s:s}", "filter", "open");
    hall_session_send (self->session, HALL_OP_CASES, cases, s_reply, &self->slots[KIND_CASES]);
}

/* A case.opened, case.updated or case.overdue EVENT applied to the open
 * cases: the case replaces its row (a closed one leaves the list), a new
 * one comes first (newest first, as `cases` orders them), and the counts
 * follow. */
static void
s_cases_apply (ManagerController *self, json_t *event)
{
    json_t *kase = json_object_get (json_object_get (event, "detail"), "case");
    json_t *list = json_object_get (self->cases, "cases");
    if (!json_is_object (kase) || !json_is_array (list))
        return;
    json_int_t id = json_integer_value (json_object_get (kase, "id"));
    bool closed = g_strcmp0 (json_string_value (json_object_get (kase, "state")), "closed") == 0;
    size_t i, at = json_array_size (list);
    json_t *item;
    json_array_foreach (list, i, item)
        if (json_integer_value (json_object_get (item, "id")) == id)
            at = i;
    if (at < json_array_size (list) && closed)
        json_array_remove (list, at);
    else if (at < json_array_size (list))
        json_array_set (list, at, kase);
    else if (!closed)
        json_array_insert (list, 0, kase);
    int overdue = 0;
    json_array_foreach (list, i, item)
        overdue += json_is_true (json_object_get (item, "overdue"));
    json_object_set_new (self->cases, "open", json_integer ((json_int_t) json_array_size (list)));
    json_object_set_new (self->cases, "overdue", json_integer (overdue));
    self->cases_applied++;
}

/* The count of held gov records, asked for at each (re)load and at each
 * gov.held event (a refusal is rare: one request each is cheap). */
static void
s_gov_fetch (ManagerController *self)
{
    if (hall_session_online (self->session))
        hall_session_send (self->session, HALL_OP_GOV_HELD, NULL, s_reply, &self->slots[KIND_GOV_HELD]);
}

/* Whether any booking (kept, cancelled or missed) is in SLOTS. */
static gboolean
s_any_booking (json_t *slots)
{
    size_t i;
    json_t *slot;
    json_array_foreach (slots, i, slot)
        if (json_integer_value (json_object_get (slot, "booked")) || json_integer_value (json_object_get (slot, "cancelled"))
            || json_integer_value (json_object_get (slot, "noshow")))
            return TRUE;
    return FALSE;
}

/* The summary within each category's booking days.  booking.summary gives
 * a category's slots on every working day it covers, bookable or not; the
 * page shows a day beyond a category's booking_days only for its bookings
 * (a rule shortened since), not as places nobody can book yet. */
static void
s_bookings_trim (ManagerController *self)
{
    json_t *days = json_array ();
    size_t i, j;
    json_t *day, *category;
    json_array_foreach (json_object_get (self->summary, "days"), i, day) {
        const char *date = json_string_value (json_object_get (day, "day"));
        json_t *shown = json_array ();
        json_array_foreach (json_object_get (day, "categories"), j, category) {
            json_t *slots = json_object_get (category, "slots");
            const char *last = g_hash_table_lookup (self->horizons,
                                                    json_string_value (json_object_get (category, "category")) ?: "");
            if (json_array_size (slots) == 0
                || (last && date && strcmp (date, last) > 0 && !s_any_booking (slots)))
                continue;
            json_array_append (shown, category);
        }
        if (json_array_size (shown))
            json_array_append_new (days, json_pack ("{s:s?, s:o}", "day", date, "categories", shown));
        else
            json_decref (shown);
    }
    json_decref (self->bookings);
    self->bookings = json_pack ("{s:o}", "days", days);
}

/* The last bookable day of each category in the summary not asked yet:
 * the last day `booking.slots` lists (once per category and hall day). */
static void
s_horizons_fetch (ManagerController *self)
{
    size_t i, j;
    json_t *day, *category;
    json_array_foreach (json_object_get (self->summary, "days"), i, day)
        json_array_foreach (json_object_get (day, "categories"), j, category) {
            const char *code = json_string_value (json_object_get (category, "category"));
            if (!code || g_hash_table_contains (self->horizons, code))
                continue;
            g_autoptr (json_t) args = json_pack ("{s:s}", "category", code);
            int64_t req = hall_session_send (self->session, HALL_OP_BOOKING_SLOTS, args, s_reply,
                                             &self->slots[KIND_HORIZON]);
            if (req < 0)
                continue;
            g_hash_table_insert (self->horizons, g_strdup (code), NULL);
            gint64 *key = g_new (gint64, 1);
            *key = req;
            g_hash_table_insert (self->horizon_reqs, key, g_strdup (code));
        }
}

/* The bookings of today and the coming days, asked for at each (re)load
 * (the day change is one) and at each booking.* event.  Bookings change
 * a few times a minute at most, so each change is asked for at once; one
 * request at a time, and one more if a booking changed meanwhile. */
static void
s_bookings_fetch (ManagerController *self)
{
    const char *day = hall_mirror_day (hall_session_mirror (self->session));
    if (!day || !hall_session_online (self->session))
        return;
    if (self->bookings_busy) {
        self->bookings_again = TRUE;
        return;
    }
    g_autoptr (json_t) args = json_pack ("{s:s, s:i}", "from", day, "days", S_BOOKING_DAYS);
    self->bookings_busy = hall_session_send (self->session, HALL_OP_BOOKING_SUMMARY, args, s_reply,
                                             &self->slots[KIND_BOOKINGS]) >= 0;
    self->bookings_again = FALSE;
}

void
manager_controller_refresh (ManagerController *self)
{
    if (self->today_timer) {
        g_source_remove (self->today_timer);
        self->today_timer = 0;
    }
    s_refresh_now (self);
    s_cases_fetch (self);
    s_bookings_fetch (self);
    s_gov_fetch (self);
}

static void
s_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    slot_t *slot = user;
    ManagerController *self = slot->owner;
    switch (slot->kind) {
    case KIND_TODAY:
        self->today_busy = FALSE;
        if (reply->ok) {
            json_decref (self->today);
            self->today = json_incref (reply->result);
            g_signal_emit (self, s_signals[SIGNAL_FIGURES], 0);
        } else
            g_message ("today's report refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_HOURS:
        if (reply->ok && manager_day_series_set_hours (self->day, reply->result))
            g_signal_emit (self, s_signals[SIGNAL_FIGURES], 0);
        else if (!reply->ok)
            g_message ("today's report by hour refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_CASES:
        if (reply->ok) {
            json_decref (self->cases);
            self->cases = json_incref (reply->result);
            g_signal_emit (self, s_signals[SIGNAL_FIGURES], 0);
        } else
            g_message ("cases refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_REPORT: {
        g_autofree char *tag = NULL;
        g_autofree gint64 *key = NULL;
        g_hash_table_steal_extended (self->report_tags, &reply->req, (gpointer *) &key, (gpointer *) &tag);
        if (!reply->ok) {
            g_autofree char *text = g_strdup_printf (_("报表查询失败：%s"), hall_error_shown (reply->error));
            g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, text);
        }
        g_signal_emit (self, s_signals[SIGNAL_REPORT], 0, tag ? tag : "", reply->ok ? reply->result : NULL);
        break;
    }
    case KIND_BOOKINGS:
        self->bookings_busy = FALSE;
        if (reply->ok) {
            json_decref (self->summary);
            self->summary = json_incref (reply->result);
            s_bookings_trim (self);
            s_horizons_fetch (self);
            g_signal_emit (self, s_signals[SIGNAL_BOOKINGS], 0);
        } else
            g_message ("booking summary refused: %s (%s)", hall_error_name (reply->error), reply->message);
        if (self->bookings_again)
            s_bookings_fetch (self);
        break;
    case KIND_HORIZON: {
        g_autofree char *code = NULL;
        g_autofree gint64 *key = NULL;
        if (!g_hash_table_steal_extended (self->horizon_reqs, &reply->req, (gpointer *) &key, (gpointer *) &code))
            break;                           /* asked before a (re)load: of another day */
        json_t *days = json_object_get (reply->result, "days");
        const char *last = json_string_value (json_object_get (json_array_get (days, json_array_size (days) - 1),
                                                               "day"));
        if (reply->ok || reply->error == HALL_E_BAD_STATE)      /* bad_state: it takes none now */
            g_hash_table_insert (self->horizons, g_strdup (code), g_strdup (last ? last : ""));
        else
            g_hash_table_remove (self->horizons, code);            /* ask again with the next summary */
        s_bookings_trim (self);
        g_signal_emit (self, s_signals[SIGNAL_BOOKINGS], 0);
        break;
    }
    case KIND_REASONS:
        if (reply->ok)
            manager_alerts_set_reasons (self->alerts, reply->result);
        else
            self->reasons = FALSE;           /* ask again at the next resync */
        break;
    case KIND_CASE: {
        if (!g_hash_table_remove (self->case_reqs, &reply->req))
            break;
        g_autofree char *text = reply->ok ? NULL : s_refusal (reply);
        if (!reply->ok)
            g_message ("case request refused: %s (%s)", hall_error_name (reply->error), reply->message);
        g_signal_emit (self, s_signals[SIGNAL_CASE_REPLY], 0, (gint64) reply->req,
                       reply->ok ? reply->result : NULL, text);
        break;
    }
    case KIND_UPLOAD: {
        upload_t *upload = NULL;
        gint64 *key = NULL;
        if (!g_hash_table_steal_extended (self->uploads, &reply->req, (gpointer *) &key, (gpointer *) &upload))
            break;
        g_free (key);
        gint64 size = (gint64) g_bytes_get_size (upload->data);
        if (!reply->ok) {
            g_autofree char *text = s_refusal (reply);
            g_signal_emit (self, s_signals[SIGNAL_EVIDENCE], 0, upload->upload, upload->evidence,
                           upload->offset, size, text);
            s_upload_free (upload);
            break;
        }
        json_t *evidence = json_object_get (reply->result, "evidence");
        upload->evidence = json_integer_value (json_object_get (evidence, "id"));
        upload->offset = json_integer_value (json_object_get (evidence, "received"));
        g_signal_emit (self, s_signals[SIGNAL_EVIDENCE], 0, upload->upload, upload->evidence,
                       upload->offset, size, NULL);
        if (upload->offset < size && upload->evidence > 0)
            s_upload_next (self, upload);
        else
            s_upload_free (upload);
        break;
    }
    case KIND_DOWNLOAD: {
        download_t *download = NULL;
        gint64 *key = NULL;
        if (!g_hash_table_steal_extended (self->downloads, &reply->req, (gpointer *) &key, (gpointer *) &download))
            break;
        g_free (key);
        g_autofree char *error = NULL;
        gsize length = 0;
        g_autofree guchar *data = NULL;
        if (!reply->ok)
            error = s_refusal (reply);
        else {
            const char *text = json_string_value (json_object_get (reply->result, "data"));
            gint64 size = json_integer_value (json_object_get (json_object_get (reply->result, "evidence"), "size"));
            if (text && *text)
                data = g_base64_decode (text, &length);
            if (length && fwrite (data, 1, length, download->out) != length)
                error = g_strdup_printf (_("无法写入 %s"), download->path);
            download->offset += (gint64) length;
            if (!error && length > 0 && download->offset < size) {
                s_download_next (self, download);
                break;
            }
            if (!error && download->offset != size)      /* the end came early: never a short file as whole */
                error = g_strdup_printf (_("文件不完整（收到 %lld / %lld 字节）"), (long long) download->offset,
                                         (long long) size);
            if (!error && fclose (download->out) != 0)
                error = g_strdup_printf (_("无法写入 %s"), download->path);
            download->out = NULL;
        }
        g_signal_emit (self, s_signals[SIGNAL_EVIDENCE_SAVED], 0, download->evidence, download->path, error);
        s_download_free (download);
        break;
    }
    case KIND_ALERTS: {
        if (!reply->ok) {
            g_message ("alerts refused: %s (%s)", hall_error_name (reply->error), reply->message);
            break;
        }
        /* Oldest first, so each goes in at its time; nothing is notified
         * again: they were when they came. */
        json_t *alerts = json_object_get (reply->result, "alerts");
        for (size_t i = json_array_size (alerts); i > 0; i--)
            manager_alerts_apply (self->alerts, json_array_get (alerts, i - 1));
        g_message ("%zu alerts of today and open ones loaded", json_array_size (alerts));
        g_signal_emit (self, s_signals[SIGNAL_ALERT], 0, NULL);
        break;
    }
    case KIND_HISTORY: {
        g_autofree char *day = NULL;
        g_autofree gint64 *key = NULL;
        if (!g_hash_table_steal_extended (self->history_reqs, &reply->req, (gpointer *) &key, (gpointer *) &day))
            break;
        if (!reply->ok) {
            g_autofree char *text = g_strdup_printf (_("提醒记录查询失败：%s"), hall_error_shown (reply->error));
            g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, text);
            g_signal_emit (self, s_signals[SIGNAL_ALERT_HISTORY], 0, day, NULL);
            break;
        }
        /* The day's own: the server adds every open one of other days. */
        g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) manager_alert_free);
        size_t i;
        json_t *alert;
        json_array_foreach (json_object_get (reply->result, "alerts"), i, alert)
            if (g_strcmp0 (json_string_value (json_object_get (alert, "day")), day) == 0)
                g_ptr_array_add (list, manager_alert_from_json (alert));
        g_signal_emit (self, s_signals[SIGNAL_ALERT_HISTORY], 0, day, list);
        break;
    }
    case KIND_KEPT:
        if (!reply->ok)
            g_message ("alert not kept by the server: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_GOV_HELD:
        if (reply->ok) {
            self->gov_held = (int) json_array_size (json_object_get (reply->result, "records"));
            g_signal_emit (self, s_signals[SIGNAL_FIGURES], 0);
        } else
            g_message ("gov.held refused: %s (%s)", hall_error_name (reply->error), reply->message);
        break;
    case KIND_ACTION:
        if (!reply->ok) {
            g_autofree char *text = g_strdup_printf (_("操作失败：%s（%s）"), hall_error_shown (reply->error),
                                                     reply->message);
            g_message ("action refused: %s (%s)", hall_error_name (reply->error), reply->message);
            g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, text);
        } else {
            g_signal_emit (self, s_signals[SIGNAL_DONE], 0, _("操作已完成"));
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
s_notify (ManagerController *self, const manager_alert_t *alert)
{
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
}

/* A rule raised ALERT: shown, and kept by the server (its echo,
 * alert.raised, then merges into the same entry). */
static void
s_on_alert (const manager_alert_t *alert, void *user)
{
    ManagerController *self = user;
    s_notify (self, alert);
    const char *kind = manager_alert_kind_name (alert->kind);
    if (kind && self->session && hall_session_online (self->session)) {
        json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s}", "subject", alert->subject, "kind", kind,
                                  "urgency", manager_urgency_name (alert->urgency),
                                  "summary", alert->summary, "body", alert->body ? alert->body : "");
        hall_session_send (self->session, HALL_OP_ALERT_RAISE, args, s_reply, &self->slots[KIND_KEPT]);
        json_decref (args);
    }
    g_signal_emit (self, s_signals[SIGNAL_ALERT], 0, (gpointer) alert);
}

/* A rule's condition ended.  Offline the clear is lost, but the alert
 * comes back open at the next load and the next tick ends it again. */
static void
s_on_end (const char *subject, void *user)
{
    ManagerController *self = user;
    if (!self->session || !hall_session_online (self->session))
        return;
    json_t *args = json_pack ("{s:s}", "subject", subject);
    hall_session_send (self->session, HALL_OP_ALERT_CLEAR, args, s_reply, &self->slots[KIND_KEPT]);
    json_decref (args);
}

/* alert.raised / alert.cleared: merged; one new here (a device's, or
 * another dashboard's) is notified. */
static void
s_alert_event (ManagerController *self, json_t *event)
{
    json_t *alert = json_object_get (json_object_get (event, "detail"), "alert");
    gboolean fresh = manager_alerts_apply (self->alerts, alert);
    manager_alert_t *entry = NULL;
    GPtrArray *list = manager_alerts_list (self->alerts);
    for (guint i = 0; i < list->len && !entry; i++)
        if (((manager_alert_t *) list->pdata[i])->id == json_integer_value (json_object_get (alert, "id")))
            entry = list->pdata[i];
    if (fresh && entry && !entry->cleared_at)
        s_notify (self, entry);
    g_signal_emit (self, s_signals[SIGNAL_ALERT], 0, (gpointer) entry);
}

static gboolean
s_tick (gpointer data)
{
    ManagerController *self = data;
    manager_alerts_tick (self->alerts, hall_session_mirror (self->session),
                         hall_session_server_time (self->session));
    if (self->session && hall_session_online (self->session))      /* offline the mirror is stale */
        manager_day_series_tick (self->day, hall_session_mirror (self->session),
                                 hall_session_server_time (self->session));
    g_signal_emit (self, s_signals[SIGNAL_TICK], 0);
    return G_SOURCE_CONTINUE;
}

/* ---- session callbacks -------------------------------------------------- */

static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    hall_session_t *session = hall_client_session (client);
    ManagerController *self = user;
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    if (event)
        manager_alerts_event (self->alerts, hall_session_mirror (session), event,
                              hall_session_server_time (session));
    if (event)
        manager_day_series_event (self->day, hall_session_mirror (session), event);
    else
        manager_day_series_load (self->day, hall_session_mirror (session), hall_session_server_time (session));
    if (!event && !self->reasons) {
        self->reasons = TRUE;
        hall_session_send (session, HALL_OP_RATING_REASONS, NULL, s_reply, &self->slots[KIND_REASONS]);
    }
    if (!event)      /* today's alerts and the open ones, kept by the server */
        hall_session_send (session, HALL_OP_ALERTS, NULL, s_reply, &self->slots[KIND_ALERTS]);
    if (!event) {
        /* A (re)load, the day change among them: the booking days are
         * counted from today again. */
        g_hash_table_remove_all (self->horizons);
        g_hash_table_remove_all (self->horizon_reqs);
        manager_controller_refresh (self);
    }
    else if (type && g_str_has_prefix (type, "case.")) {
        s_cases_apply (self, event);
        g_signal_emit (self, s_signals[SIGNAL_FIGURES], 0);
    }
    else if (type && g_str_has_prefix (type, "booking."))
        s_bookings_fetch (self);
    else if (g_strcmp0 (type, "gov.held") == 0)
        s_gov_fetch (self);
    else if (g_strcmp0 (type, "alert.raised") == 0 || g_strcmp0 (type, "alert.cleared") == 0)
        s_alert_event (self, event);
    else if (type && (g_str_has_prefix (type, "ticket.") || g_str_has_prefix (type, "rating.")
                      || g_str_has_prefix (type, "clerk.")))
        s_refresh_soon (self);
    g_signal_emit (self, s_signals[SIGNAL_CHANGED], 0, (gpointer) event);
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    g_signal_emit (user, s_signals[SIGNAL_ONLINE], 0, (gboolean) online);
}

/* ---- life cycle ----------------------------------------------------------- */

static void
manager_controller_finalize (GObject *object)
{
    ManagerController *self = MANAGER_CONTROLLER (object);
    g_clear_handle_id (&self->tick_id, g_source_remove);
    g_clear_handle_id (&self->today_timer, g_source_remove);
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
    manager_alerts_destroy (&self->alerts);
    manager_config_destroy (&self->config);
    json_decref (self->today);
    json_decref (self->cases);
    json_decref (self->summary);
    json_decref (self->bookings);
    g_hash_table_destroy (self->horizons);
    g_hash_table_destroy (self->horizon_reqs);
    g_hash_table_destroy (self->report_tags);
    g_hash_table_destroy (self->case_reqs);
    g_hash_table_destroy (self->uploads);
    g_hash_table_destroy (self->downloads);
    g_hash_table_destroy (self->history_reqs);
    manager_day_series_destroy (&self->day);
    G_OBJECT_CLASS (manager_controller_parent_class)->finalize (object);
}

static void
manager_controller_class_init (ManagerControllerClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = manager_controller_finalize;
    GType type = G_TYPE_FROM_CLASS (klass);
    s_signals[SIGNAL_CHANGED] = g_signal_new ("changed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_TICK] = g_signal_new ("tick", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
    s_signals[SIGNAL_ONLINE] = g_signal_new ("online", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_FIGURES] = g_signal_new ("figures", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
    s_signals[SIGNAL_ALERT] = g_signal_new ("alert", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_POINTER);
    s_signals[SIGNAL_REPORT] = g_signal_new ("report", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
    s_signals[SIGNAL_FAILED] = g_signal_new ("failed", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_DONE] = g_signal_new ("done", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_BOOKINGS] = g_signal_new ("bookings", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
    s_signals[SIGNAL_CASE_REPLY] = g_signal_new ("case-reply", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_POINTER, G_TYPE_STRING);
    s_signals[SIGNAL_EVIDENCE] = g_signal_new ("evidence", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 5, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_INT64,
                                            G_TYPE_INT64, G_TYPE_STRING);
    s_signals[SIGNAL_EVIDENCE_SAVED] = g_signal_new ("evidence-saved", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                                  NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING,
                                                  G_TYPE_STRING);
    s_signals[SIGNAL_ALERT_HISTORY] = g_signal_new ("alert-history", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                                 NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);
}

static void
manager_controller_init (ManagerController *self)
{
    for (int kind = 0; kind < KIND__COUNT; kind++)
        self->slots[kind] = (slot_t) { self, (kind_t) kind };
    self->report_tags = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    self->horizons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->horizon_reqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    self->case_reqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    self->uploads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, s_upload_free);
    self->downloads = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, s_download_free);
    self->gov_held = -1;
    self->history_reqs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    self->day = manager_day_series_new ();
}

ManagerController *
manager_controller_new (const char *requests, const char *events, const char *config_path)
{
    ManagerController *self = g_object_new (MANAGER_TYPE_CONTROLLER, NULL);
    self->config = manager_config_load (config_path);
    self->alerts = manager_alerts_new (self->config);
    manager_alerts_on_raise (self->alerts, s_on_alert, self);
    manager_alerts_on_end (self->alerts, s_on_end, self);
    if (!notify_is_initted ())
        notify_init ("hall-manager");
    self->client = hall_client_new (requests ? requests : HALL_DEFAULT_REQUESTS,
                                    events ? events : HALL_DEFAULT_EVENTS,
                                    HALL_ROLE_MANAGER, 0, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
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
json_t           *manager_controller_bookings (ManagerController *self) { return self->bookings; }
int               manager_controller_cases_applied (ManagerController *self) { return self->cases_applied; }
int               manager_controller_notifications (ManagerController *self) { return self->notified; }
int               manager_controller_gov_held (ManagerController *self) { return self->gov_held; }
manager_day_series_t *manager_controller_day_series (ManagerController *self) { return self->day; }

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
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, hall_error_shown (HALL_E_BAD_FIELD));
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

/* A case request whose answer goes to "case-reply"; ARGS borrowed. */
static gint64
s_case_send (ManagerController *self, hall_op_t op, json_t *args)
{
    int64_t req = hall_session_send (self->session, op, args, s_reply, &self->slots[KIND_CASE]);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, hall_error_shown (HALL_E_BAD_FIELD));
        return -1;
    }
    gint64 *key = g_new (gint64, 1);
    *key = req;
    g_hash_table_add (self->case_reqs, key);
    return req;
}

gint64
manager_controller_update_case (ManagerController *self, gint64 id, const char *action, json_t *record)
{
    g_autoptr (json_t) args = json_is_object (record) ? json_deep_copy (record) : json_object ();
    json_object_set_new (args, "case", json_integer (id));
    json_object_set_new (args, "action", json_string (action));
    return s_case_send (self, HALL_OP_CASE_UPDATE, args);
}

gint64
manager_controller_get_case (ManagerController *self, gint64 id, gboolean reveal)
{
    g_autoptr (json_t) args = json_pack ("{s:I}", "case", (json_int_t) id);
    if (reveal)
        json_object_set_new (args, "reveal", json_true ());
    return s_case_send (self, HALL_OP_CASE_GET, args);
}

gint64
manager_controller_find_cases (ManagerController *self, json_t *filter)
{
    return s_case_send (self, HALL_OP_CASES, filter);
}

gint64
manager_controller_case_link (ManagerController *self, gint64 id, gboolean send)
{
    g_autoptr (json_t) args = json_pack ("{s:I, s:b}", "case", (json_int_t) id, "send", send);
    return s_case_send (self, HALL_OP_CASE_LINK, args);
}

gint64
manager_controller_decide_appeal (ManagerController *self, gint64 id, gboolean accept, const char *note,
                                  const char *staff, const char *password)
{
    g_autoptr (json_t) args = json_pack ("{s:I, s:s, s:s, s:s, s:s}", "case", (json_int_t) id,
                                         "decision", accept ? "accepted" : "rejected", "note", note ? note : "",
                                         "staff", staff ? staff : "", "password", password ? password : "");
    return s_case_send (self, HALL_OP_CASE_DECIDE, args);
}

/* The next piece of UPLOAD from its offset: the first carries the file's
 * name, type and size and makes it; the next ones name it by id. */
static void
s_upload_next (ManagerController *self, upload_t *upload)
{
    gsize size = 0;
    const guchar *bytes = g_bytes_get_data (upload->data, &size);
    gsize piece = MIN ((gsize) MANAGER_EVIDENCE_PIECE, size - (gsize) upload->offset);
    g_autofree char *data = g_base64_encode (bytes + upload->offset, piece);
    g_autoptr (json_t) args = json_pack ("{s:I, s:s}", "case", (json_int_t) upload->kase, "data", data);
    if (upload->evidence > 0) {
        json_object_set_new (args, "id", json_integer (upload->evidence));
        json_object_set_new (args, "offset", json_integer (upload->offset));
    } else {
        json_object_set_new (args, "name", json_string (upload->name));
        json_object_set_new (args, "type", json_string (upload->type));
        json_object_set_new (args, "size", json_integer ((json_int_t) size));
    }
    int64_t req = hall_session_send (self->session, HALL_OP_CASE_EVIDENCE_ADD, args, s_reply,
                                     &self->slots[KIND_UPLOAD]);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIGNAL_EVIDENCE], 0, upload->upload, upload->evidence, upload->offset,
                       (gint64) size, hall_error_shown (HALL_E_BAD_FIELD));
        s_upload_free (upload);
        return;
    }
    gint64 *key = g_new (gint64, 1);
    *key = req;
    g_hash_table_insert (self->uploads, key, upload);
}

gint64
manager_controller_add_evidence (ManagerController *self, gint64 id, const char *name, const char *type,
                                 GBytes *data)
{
    upload_t *upload = g_new0 (upload_t, 1);
    upload->upload = ++self->next_upload;
    upload->kase = id;
    upload->name = g_strdup (name);
    upload->type = g_strdup (type);
    upload->data = g_bytes_ref (data);
    gint64 number = upload->upload;
    s_upload_next (self, upload);
    return number;
}

static void
s_download_next (ManagerController *self, download_t *download)
{
    g_autoptr (json_t) args = json_pack ("{s:I, s:I}", "id", (json_int_t) download->evidence,
                                         "offset", (json_int_t) download->offset);
    int64_t req = hall_session_send (self->session, HALL_OP_CASE_EVIDENCE_GET, args, s_reply,
                                     &self->slots[KIND_DOWNLOAD]);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIGNAL_EVIDENCE_SAVED], 0, download->evidence, download->path,
                       hall_error_shown (HALL_E_BAD_FIELD));
        s_download_free (download);
        return;
    }
    gint64 *key = g_new (gint64, 1);
    *key = req;
    g_hash_table_insert (self->downloads, key, download);
}

void
manager_controller_save_evidence (ManagerController *self, gint64 evidence, const char *path)
{
    FILE *out = fopen (path, "wb");
    if (!out) {
        g_autofree char *text = g_strdup_printf (_("无法写入 %s"), path);
        g_signal_emit (self, s_signals[SIGNAL_EVIDENCE_SAVED], 0, evidence, path, text);
        return;
    }
    download_t *download = g_new0 (download_t, 1);
    download->evidence = evidence;
    download->path = g_strdup (path);
    download->out = out;
    s_download_next (self, download);
}

/* A report request (OP with ARGS, borrowed) whose answer goes out as
 * "report" with TAG. */
static void
s_report_send (ManagerController *self, const char *tag, hall_op_t op, json_t *args)
{
    GHashTableIter iter;
    gpointer key_p, tag_p;
    g_hash_table_iter_init (&iter, self->report_tags);
    while (g_hash_table_iter_next (&iter, &key_p, &tag_p))
        if (g_strcmp0 (tag_p, tag) == 0) {          /* superseded: its late answer is not this one */
            hall_session_forget (self->session, *(gint64 *) key_p);
            g_hash_table_iter_remove (&iter);
        }
    int64_t req = hall_session_send (self->session, op, args, s_reply, &self->slots[KIND_REPORT]);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, hall_error_shown (HALL_E_BAD_FIELD));
        g_signal_emit (self, s_signals[SIGNAL_REPORT], 0, tag, NULL);
        return;
    }
    gint64 *key = g_new (gint64, 1);
    *key = req;
    g_hash_table_insert (self->report_tags, key, g_strdup (tag));
}

void
manager_controller_report (ManagerController *self, const char *tag, const char *from,
                           const char *to, const char *by)
{
    g_autoptr (json_t) args = json_pack ("{s:s, s:s, s:s}", "from", from, "to", to, "by", by);
    s_report_send (self, tag, HALL_OP_REPORT, args);
}

void
manager_controller_report_national (ManagerController *self, const char *tag, const char *month,
                                    const char *by)
{
    g_autoptr (json_t) args = json_pack ("{s:s, s:s}", "month", month, "by", by ? by : "department");
    s_report_send (self, tag, HALL_OP_REPORT_NATIONAL, args);
}

/* Client-side only: the session forgets the requests, so a late reply
 * (or the timeout of one never answered) reaches nobody.  The server is
 * not told: its reporter thread (server/reporter.h) runs one report at a
 * time to the end and has no way to stop one; a cancelled year's report
 * costs the server that second or so all the same, which the manager's
 * next report waits behind. */
void
manager_controller_report_cancel (ManagerController *self)
{
    GHashTableIter iter;
    gpointer key_p;
    g_hash_table_iter_init (&iter, self->report_tags);
    while (g_hash_table_iter_next (&iter, &key_p, NULL)) {
        hall_session_forget (self->session, *(gint64 *) key_p);
        g_hash_table_iter_remove (&iter);
    }
}

void
manager_controller_alert_history (ManagerController *self, const char *day)
{
    json_t *args = json_pack ("{s:s, s:s}", "from", day, "to", day);
    gint64 req = hall_session_send (self->session, HALL_OP_ALERTS, args, s_reply, &self->slots[KIND_HISTORY]);
    json_decref (args);
    if (req < 0) {
        g_signal_emit (self, s_signals[SIGNAL_ALERT_HISTORY], 0, day, NULL);
        return;
    }
    g_hash_table_insert (self->history_reqs, g_memdup2 (&req, sizeof req), g_strdup (day));
}
