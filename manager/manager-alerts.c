/*  manager-alerts.c — see manager-alerts.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-alerts.h"
#include "manager-format.h"
#include "estimate.h"
#include "i18n.h"

#include <string.h>

#define MAX_LIST 100

typedef struct {
    gint64   last;        /* server time last raised */
    gboolean active;      /* the condition held at the last check */
    manager_alert_t *entry;   /* its entry in the list (borrowed), or NULL */
} subject_t;

struct _manager_alerts_t {
    const manager_config_t *config;
    GHashTable *subjects;        /* subject -> subject_t */
    GPtrArray  *list;            /* manager_alert_t, newest first */
    GHashTable *seen;            /* timed subjects found true in this tick */
    GHashTable *unserved;        /* code -> since (gint64 *): waiting, no window open */
    int         raised;
    GHashTable *reasons;         /* reason code -> name */
    manager_alert_fn fn;
    void       *user;
    manager_alert_end_fn end_fn;
    void       *end_user;
};

/* One row per kind: its wire name. */
static const struct {
    manager_alert_kind_t kind;
    const char          *name;      /* NULL: not kept by the server */
} s_kinds[] = {
    { MANAGER_ALERT_WAIT,         "wait" },
    { MANAGER_ALERT_CROWD,        "crowd" },
    { MANAGER_ALERT_IDLE,         "idle" },
    { MANAGER_ALERT_UNSERVED,     "unserved" },
    { MANAGER_ALERT_CLEARED,      NULL },
    { MANAGER_ALERT_BAD_RATING,   "rating" },
    { MANAGER_ALERT_CASE_OVERDUE, "case" },
    { MANAGER_ALERT_GOV_HELD,     "gov" },
    { MANAGER_ALERT_DEVICE,       "device" },
    { MANAGER_ALERT_OTHER,        "other" },
};

const char *
manager_alert_kind_name (manager_alert_kind_t kind)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_kinds); i++)
        if (s_kinds[i].kind == kind)
            return s_kinds[i].name;
    return "other";
}

const char *
manager_urgency_name (manager_urgency_t urgency)
{
    return urgency == MANAGER_URGENCY_CRITICAL ? "critical" : urgency == MANAGER_URGENCY_LOW ? "low" : "normal";
}

void
manager_alert_free (manager_alert_t *alert)
{
    if (!alert)
        return;
    g_free (alert->subject);
    g_free (alert->summary);
    g_free (alert->body);
    g_free (alert);
}

static void
s_alert_free (gpointer data)
{
    manager_alert_free (data);
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

/* The fields of the server's ALERT into ENTRY (its subject aside). */
static void
s_alert_fill (manager_alert_t *entry, json_t *alert)
{
    const char *kind = s_str (alert, "kind"), *urgency = s_str (alert, "urgency");
    entry->kind = MANAGER_ALERT_OTHER;
    for (size_t i = 0; i < G_N_ELEMENTS (s_kinds); i++)
        if (s_kinds[i].name && g_str_equal (s_kinds[i].name, kind))
            entry->kind = s_kinds[i].kind;
    entry->urgency = g_str_equal (urgency, "critical") ? MANAGER_URGENCY_CRITICAL
                   : g_str_equal (urgency, "low") ? MANAGER_URGENCY_LOW : MANAGER_URGENCY_NORMAL;
    g_free (entry->summary);
    g_free (entry->body);
    entry->summary = g_strdup (s_str (alert, "summary"));
    entry->body = g_strdup (s_str (alert, "body"));
    entry->time = json_integer_value (json_object_get (alert, "last_at"));
    entry->count = MAX (1, (int) json_integer_value (json_object_get (alert, "count")));
    entry->id = json_integer_value (json_object_get (alert, "id"));
    entry->cleared_at = json_integer_value (json_object_get (alert, "cleared_at"));
}

manager_alert_t *
manager_alert_from_json (json_t *alert)
{
    const char *subject = json_string_value (json_object_get (alert, "subject"));
    if (!subject)
        return NULL;
    manager_alert_t *entry = g_new0 (manager_alert_t, 1);
    entry->subject = g_strdup (subject);
    s_alert_fill (entry, alert);
    return entry;
}

manager_alerts_t *
manager_alerts_new (const manager_config_t *config)
{
    manager_alerts_t *self = g_new0 (manager_alerts_t, 1);
    self->config = config;
    self->subjects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->list = g_ptr_array_new_with_free_func (s_alert_free);
    self->seen = g_hash_table_new (g_direct_hash, g_direct_equal);     /* subject_t pointers */
    self->unserved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    return self;
}

void
manager_alerts_destroy (manager_alerts_t **self_p)
{
    manager_alerts_t *self = *self_p;
    if (!self)
        return;
    g_hash_table_destroy (self->subjects);
    g_hash_table_destroy (self->seen);
    g_hash_table_destroy (self->unserved);
    g_hash_table_destroy (self->reasons);
    g_ptr_array_unref (self->list);
    g_free (self);
    *self_p = NULL;
}

void
manager_alerts_on_raise (manager_alerts_t *self, manager_alert_fn fn, void *user)
{
    self->fn = fn;
    self->user = user;
}

void
manager_alerts_on_end (manager_alerts_t *self, manager_alert_end_fn fn, void *user)
{
    self->end_fn = fn;
    self->end_user = user;
}

void
manager_alerts_set_reasons (manager_alerts_t *self, json_t *reasons)
{
    const char *lang = g_getenv ("LANGUAGE");
    gboolean en = lang && g_str_has_prefix (lang, "en");
    size_t i, j;
    json_t *dimension, *reason;
    json_array_foreach (json_object_get (reasons, "dimensions"), i, dimension)
        json_array_foreach (json_object_get (dimension, "reasons"), j, reason) {
            const char *code = json_string_value (json_object_get (reason, "code"));
            const char *name = json_string_value (json_object_get (reason, en ? "name_en" : "name"));
            if (code && name)
                g_hash_table_insert (self->reasons, g_strdup (code), g_strdup (name));
        }
}

const char *
manager_alerts_reason_name (manager_alerts_t *self, const char *code)
{
    const char *name = code ? g_hash_table_lookup (self->reasons, code) : NULL;
    return name ? name : code;
}

GPtrArray *manager_alerts_list (manager_alerts_t *self)   { return self->list; }
int        manager_alerts_raised (manager_alerts_t *self) { return self->raised; }

/* At most MAX_LIST entries: the oldest go. */
static void
s_trim (manager_alerts_t *self)
{
    while (self->list->len > MAX_LIST) {
        manager_alert_t *old = g_ptr_array_index (self->list, self->list->len - 1);
        subject_t *gone = g_hash_table_lookup (self->subjects, old->subject);
        if (gone && gone->entry == old)
            gone->entry = NULL;
        g_ptr_array_remove_index (self->list, self->list->len - 1);
    }
}

/* The condition of SUBJECT ended: the server is told (once). */
static void
s_end (manager_alerts_t *self, const char *subject, subject_t *state)
{
    state->active = FALSE;
    if (state->entry && !state->entry->cleared_at && self->end_fn)
        self->end_fn (subject, self->end_user);
}

gboolean
manager_alerts_apply (manager_alerts_t *self, json_t *alert)
{
    const char *subject = json_string_value (json_object_get (alert, "subject"));
    gint64 id = json_integer_value (json_object_get (alert, "id"));
    if (!subject)
        return FALSE;
    manager_alert_t *entry = NULL;
    for (guint i = 0; i < self->list->len && !entry; i++) {
        manager_alert_t *candidate = g_ptr_array_index (self->list, i);
        if ((id && candidate->id == id)
            || (!candidate->id && !candidate->cleared_at && g_str_equal (candidate->subject, subject)))
            entry = candidate;
    }
    gboolean fresh = entry == NULL;
    if (fresh) {
        entry = manager_alert_from_json (alert);
        guint at = 0;      /* newest first, by last_at */
        while (at < self->list->len
               && ((manager_alert_t *) g_ptr_array_index (self->list, at))->time > entry->time)
            at++;
        g_ptr_array_insert (self->list, at, entry);
    } else
        s_alert_fill (entry, alert);
    /* An open alert of a rule here: raised at its last_at, for the quiet
     * period and for its end. */
    if (!entry->cleared_at && entry->kind != MANAGER_ALERT_DEVICE) {
        subject_t *state = g_hash_table_lookup (self->subjects, subject);
        if (!state) {
            state = g_new0 (subject_t, 1);
            g_hash_table_insert (self->subjects, g_strdup (subject), state);
        }
        if (fresh || !state->entry) {
            state->entry = entry;
            state->active = TRUE;
            state->last = MAX (state->last, entry->time);
        }
    }
    s_trim (self);
    return fresh;
}

/* The condition of SUBJECT holds now: raise it unless it is within its
 * quiet period.  SUMMARY and BODY are stolen. */
static void
s_raise (manager_alerts_t *self, const char *subject, manager_alert_kind_t kind,
         manager_urgency_t urgency, char *summary, char *body, gint64 now)
{
    subject_t *state = g_hash_table_lookup (self->subjects, subject);
    if (!state) {
        state = g_new0 (subject_t, 1);
        g_hash_table_insert (self->subjects, g_strdup (subject), state);
    } else if (now - state->last < self->config->quiet_period) {
        state->active = TRUE;
        g_free (summary);
        g_free (body);
        return;
    }
    gboolean reminder = state->active && state->entry && !state->entry->cleared_at;
    state->active = TRUE;
    state->last = now;
    manager_alert_t *alert = NULL;
    guint index;
    if (reminder && g_ptr_array_find (self->list, state->entry, &index))
        alert = g_ptr_array_steal_index (self->list, index);   /* the same entry, to the top */
    if (!alert) {
        alert = g_new0 (manager_alert_t, 1);
        alert->subject = g_strdup (subject);
    } else {
        g_free (alert->summary);
        g_free (alert->body);
    }
    alert->kind = kind;
    alert->urgency = urgency;
    alert->summary = summary;
    alert->body = body;
    alert->time = now;
    alert->count++;
    g_ptr_array_insert (self->list, 0, alert);
    state->entry = alert;
    s_trim (self);
    self->raised++;
    g_message ("alert %s: %s — %s", subject, alert->summary, alert->body);
    if (self->fn)
        self->fn (alert, self->user);
}

/* ---- timed rules ----------------------------------------------------------- */

static void
s_seen (manager_alerts_t *self, const char *subject)
{
    subject_t *state = g_hash_table_lookup (self->subjects, subject);
    if (state)
        g_hash_table_add (self->seen, state);
}

static void
s_check_categories (manager_alerts_t *self, hall_mirror_t *mirror, gint64 now)
{
    json_t *tickets = hall_mirror_tickets (mirror);
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        const char *name = manager_category_name (category, code);
        gint64 target = json_integer_value (json_object_get (category, "target_wait"));
        int waiting = 0, over = 0;
        json_t *oldest = NULL;
        size_t j;
        json_t *ticket;
        json_array_foreach (tickets, j, ticket) {
            if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") != 0
                || g_strcmp0 (json_string_value (json_object_get (ticket, "category")), code) != 0)
                continue;
            waiting++;
            gint64 queued = json_integer_value (json_object_get (ticket, "queued_at"));
            if (target > 0 && now - queued > target)
                over++;
            if (!oldest || queued < json_integer_value (json_object_get (oldest, "queued_at")))
                oldest = ticket;
        }
        if (over > 0) {
            g_autofree char *subject = g_strdup_printf ("wait:%s", code);
            gint64 longest = now - json_integer_value (json_object_get (oldest, "queued_at"));
            g_autofree char *waited = manager_duration (longest);
            g_autofree char *goal = manager_duration (target);
            char *summary = g_strdup_printf (_("%s：%s 等候超时"), name,
                                             json_string_value (json_object_get (oldest, "number")));
            char *body = g_strdup_printf (_("%s 已等待 %s（目标 %s），%d 人超时，共 %d 人等待。"),
                                          json_string_value (json_object_get (oldest, "number")),
                                          waited, goal, over, waiting);
            s_raise (self, subject, MANAGER_ALERT_WAIT,
                     longest > 2 * target ? MANAGER_URGENCY_CRITICAL : MANAGER_URGENCY_NORMAL,
                     summary, body, now);
            s_seen (self, subject);
        }
        int warn = manager_config_waiting_warn (self->config, code);
        if (waiting >= warn) {
            g_autofree char *subject = g_strdup_printf ("crowd:%s", code);
            char *summary = g_strdup_printf (_("%s：%d 人等待"), name, waiting);
            char *body = g_strdup_printf (_("%s 等待人数达到 %d 人（预警线 %d 人），请考虑增开窗口。"),
                                          name, waiting, warn);
            s_raise (self, subject, MANAGER_ALERT_CROWD, MANAGER_URGENCY_NORMAL, summary, body, now);
            s_seen (self, subject);
        }
    }
}

/* People wait in a category that no window can serve now.  Since when:
 * the later of the oldest waiting ticket's queue time and the last check
 * that saw the category served (or nobody waiting) — a dashboard started
 * meanwhile counts from the oldest ticket.  Once it has lasted
 * unserved_minutes, an alert; when it ends after an alert, one "cleared"
 * notice. */
typedef struct {
    gint64   served;        /* server time last seen served or empty; 0: never */
    gint64   since;         /* unserved since; 0: served now */
    gboolean alerted;
} unserved_t;

static unserved_t *
s_unserved_state (manager_alerts_t *self, const char *code)
{
    unserved_t *state = g_hash_table_lookup (self->unserved, code);
    if (!state) {
        state = g_new0 (unserved_t, 1);
        g_hash_table_insert (self->unserved, g_strdup (code), state);
    }
    return state;
}

static void
s_check_unserved (manager_alerts_t *self, hall_mirror_t *mirror, gint64 now)
{
    gint64 limit = (gint64) self->config->unserved_minutes * 60;
    json_t *tickets = hall_mirror_tickets (mirror);
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        if (!code)
            continue;
        int waiting = 0;
        gint64 oldest = now;
        size_t j;
        json_t *ticket;
        json_array_foreach (tickets, j, ticket)
            if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") == 0
                && g_strcmp0 (json_string_value (json_object_get (ticket, "category")), code) == 0) {
                waiting++;
                oldest = MIN (oldest, json_integer_value (json_object_get (ticket, "queued_at")));
            }
        unserved_t *state = s_unserved_state (self, code);
        const char *name = manager_category_name (category, code);
        if (waiting == 0 || hall_estimate_open_windows (hall_mirror_windows (mirror), code, NULL) > 0) {
            if (state->alerted) {
                g_autofree char *cleared = g_strdup_printf ("cleared:%s", code);
                char *summary = g_strdup_printf (_("%s：已恢复办理"), name);
                char *body = waiting > 0
                    ? g_strdup_printf (_("%s 已有窗口可以办理，%d 人等待。"), name, waiting)
                    : g_strdup_printf (_("%s 已无人等待。"), name);
                s_raise (self, cleared, MANAGER_ALERT_CLEARED, MANAGER_URGENCY_LOW, summary, body, now);
            }
            *state = (unserved_t) { .served = now };
            continue;
        }
        if (!state->since)
            state->since = MAX (oldest, state->served);
        if (now - state->since < limit)
            continue;
        g_autofree char *subject = g_strdup_printf ("unserved:%s", code);
        g_autofree char *lasted = manager_duration (now - state->since);
        char *summary = g_strdup_printf (_("%s：无窗口办理，%d 人等待"), name, waiting);
        char *body = g_strdup_printf (_("%s 已有 %s 没有可办理的窗口（无人登录或全部暂停），%d 人在等待。"
                                        "请安排窗口或引导群众。"), name, lasted, waiting);
        s_raise (self, subject, MANAGER_ALERT_UNSERVED, MANAGER_URGENCY_CRITICAL, summary, body, now);
        s_seen (self, subject);
        state->alerted = TRUE;
    }
}

static void
s_check_windows (manager_alerts_t *self, hall_mirror_t *mirror, gint64 now)
{
    gint64 limit = (gint64) self->config->idle_minutes * 60;
    size_t i;
    json_t *window;
    json_array_foreach (hall_mirror_windows (mirror), i, window) {
        json_t *clerk = json_object_get (window, "clerk");
        if (g_strcmp0 (json_string_value (json_object_get (window, "state")), "idle") != 0
            || !json_is_object (clerk))
            continue;
        int number = (int) json_integer_value (json_object_get (window, "number"));
        g_autoptr (json_t) queue = hall_mirror_queue (mirror, number, now);
        gint64 longest = -1;
        json_t *oldest = NULL;
        size_t j;
        json_t *ticket;
        json_array_foreach (queue, j, ticket) {
            gint64 waited = now - json_integer_value (json_object_get (ticket, "queued_at"));
            if (waited > longest) {
                longest = waited;
                oldest = ticket;
            }
        }
        if (!oldest || longest < limit)
            continue;
        g_autofree char *subject = g_strdup_printf ("idle:%d", number);
        g_autofree char *waited = manager_duration (longest);
        const char *name = json_string_value (json_object_get (window, "name"));
        const char *clerk_name = json_string_value (json_object_get (clerk, "name"));
        char *summary = g_strdup_printf (_("%d号窗口空闲，有群众在等"), number);
        char *body = g_strdup_printf (_("%s（%s）空闲，%s 已等待 %s，共 %d 人可叫。"),
                                      name ? name : "", clerk_name ? clerk_name : "",
                                      json_string_value (json_object_get (oldest, "number")),
                                      waited, (int) json_array_size (queue));
        s_raise (self, subject, MANAGER_ALERT_IDLE, MANAGER_URGENCY_NORMAL, summary, body, now);
        s_seen (self, subject);
    }
}

void
manager_alerts_tick (manager_alerts_t *self, hall_mirror_t *mirror, gint64 now)
{
    if (!hall_mirror_loaded (mirror))
        return;
    g_hash_table_remove_all (self->seen);
    s_check_categories (self, mirror, now);
    s_check_windows (self, mirror, now);
    s_check_unserved (self, mirror, now);
    /* Timed subjects whose condition ended: the server is told, and the
     * next time it holds (after the quiet period) it is a new alert, not a
     * reminder.  Collected first: the end callback may re-enter. */
    g_autoptr (GPtrArray) ended = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, self->subjects);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        const char *subject = key;
        if ((g_str_has_prefix (subject, "wait:") || g_str_has_prefix (subject, "crowd:")
             || g_str_has_prefix (subject, "idle:") || g_str_has_prefix (subject, "unserved:"))
            && ((subject_t *) value)->active && !g_hash_table_contains (self->seen, value))
            g_ptr_array_add (ended, key);
    }
    for (guint i = 0; i < ended->len; i++)
        s_end (self, ended->pdata[i], g_hash_table_lookup (self->subjects, ended->pdata[i]));
}

/* Case ID was closed: its 差评 (rating:RATING) and overdue alerts end. */
static void
s_case_closed (manager_alerts_t *self, gint64 id, gint64 rating)
{
    g_autofree char *prefix = g_strdup_printf ("case:%" G_GINT64_FORMAT ":", id);
    g_autofree char *bad = g_strdup_printf ("rating:%" G_GINT64_FORMAT, rating);
    g_autoptr (GPtrArray) ended = g_ptr_array_new ();
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, self->subjects);
    while (g_hash_table_iter_next (&iter, &key, &value))
        if (((subject_t *) value)->active
            && (g_str_has_prefix (key, prefix) || (rating && g_str_equal (key, bad))))
            g_ptr_array_add (ended, key);
    for (guint i = 0; i < ended->len; i++)
        s_end (self, ended->pdata[i], g_hash_table_lookup (self->subjects, ended->pdata[i]));
}

/* ---- event rules ------------------------------------------------------------ */

void
manager_alerts_event (manager_alerts_t *self, hall_mirror_t *mirror, json_t *event, gint64 now)
{
    const char *type = json_string_value (json_object_get (event, "type"));
    json_t *detail = json_object_get (event, "detail");
    json_t *category = json_object_get (event, "category");
    const char *code = json_string_value (json_object_get (category, "code"));
    if (g_strcmp0 (type, "case.updated") == 0) {
        json_t *kase = json_object_get (detail, "case");
        if (g_strcmp0 (json_string_value (json_object_get (kase, "state")), "closed") == 0)
            s_case_closed (self, json_integer_value (json_object_get (kase, "id")),
                           json_integer_value (json_object_get (json_object_get (kase, "rating"), "id")));
    } else if (g_strcmp0 (type, "case.opened") == 0) {
        /* A 差评 is the case it opened: the server decides what is bad,
         * and the case carries its rating. */
        json_t *kase = json_object_get (detail, "case");
        json_t *rating = json_object_get (kase, "rating");
        if (g_strcmp0 (json_string_value (json_object_get (kase, "kind")), "rating") != 0
            || !json_is_object (rating))
            return;
        g_autofree char *subject = g_strdup_printf ("rating:%" JSON_INTEGER_FORMAT,
                                                    json_integer_value (json_object_get (rating, "id")));
        const char *number = json_string_value (json_object_get (rating, "number"));
        int window = (int) json_integer_value (json_object_get (rating, "window"));
        const char *clerk = json_string_value (json_object_get (rating, "clerk"));
        const char *level_name = json_string_value (json_object_get (rating, "level_name"));
        const char *text = json_string_value (json_object_get (rating, "text"));
        g_autoptr (GString) reasons = g_string_new (NULL);
        size_t i;
        json_t *reason;
        json_array_foreach (json_object_get (rating, "reasons"), i, reason) {
            const char *name = g_hash_table_lookup (self->reasons, json_string_value (reason));
            g_string_append_printf (reasons, "%s%s", i ? "、" : "", name ? name : json_string_value (reason));
        }
        char *summary = g_strdup_printf (_("差评：%s 号，%d号窗口"), number ? number : "?", window);
        char *body = g_strdup_printf (_("%s（%s）%d号窗口 工号 %s 收到“%s”。原因：%s%s%s"),
                                      number ? number : "?",
                                      manager_category_name (category, code), window,
                                      clerk ? clerk : "-", level_name ? level_name : "",
                                      reasons->len ? reasons->str : "-",
                                      text && *text ? "；" : "", text ? text : "");
        s_raise (self, subject, MANAGER_ALERT_BAD_RATING, MANAGER_URGENCY_CRITICAL, summary, body, now);
    } else if (g_strcmp0 (type, "case.overdue") == 0) {
        json_t *kase = json_object_get (detail, "case");
        gint64 id = json_integer_value (json_object_get (kase, "id"));
        g_autoptr (GString) what = g_string_new (NULL);
        size_t i;
        json_t *deadline;
        json_array_foreach (json_object_get (detail, "deadlines"), i, deadline) {
            const char *name = json_string_value (deadline);
            g_string_append_printf (what, "%s%s", i ? "、" : "",
                                    g_strcmp0 (name, "contact") == 0 ? _("联系") : _("整改"));
        }
        g_autofree char *subject = g_strdup_printf ("case:%" G_GINT64_FORMAT ":%s", id, what->str);
        const char *number = json_string_value (json_object_get (kase, "number"));
        const char *owner = json_string_value (json_object_get (kase, "owner_name"));
        char *summary = g_strdup_printf (_("差评整改超期：案件 %lld"), (long long) id);
        char *body = g_strdup_printf (_("%s 号（%d号窗口）的跟进案件%s期限已过，责任人：%s。"),
                                      number ? number : "?",
                                      (int) json_integer_value (json_object_get (kase, "window")),
                                      what->str, owner ? owner : "-");
        s_raise (self, subject, MANAGER_ALERT_CASE_OVERDUE, MANAGER_URGENCY_CRITICAL, summary, body, now);
    } else if (g_strcmp0 (type, "gov.held") == 0) {
        json_t *record = json_object_get (detail, "record");
        gint64 id = json_integer_value (json_object_get (record, "id"));
        g_autofree char *subject = g_strdup_printf ("gov:%" G_GINT64_FORMAT, id);
        const char *kind = json_string_value (json_object_get (record, "kind"));
        const char *ticket = json_string_value (json_object_get (record, "ticket"));
        const char *matter = json_string_value (json_object_get (record, "matter"));
        const char *reason = json_string_value (json_object_get (record, "reason"));
        char *summary = g_strdup_printf (_("省平台退回%s：%s"),
                                         g_strcmp0 (kind, "case") == 0 ? _("差评案件") : _("评价"),
                                         ticket ? ticket : "?");
        char *body = g_strdup_printf (_("省好差评平台拒收记录 %s（办件编号 %s），原因：%s。该记录已暂停上报，请核对后处理。"),
                                      json_string_value (json_object_get (record, "key")) ?: "?",
                                      matter ? matter : "-", reason && *reason ? reason : "-");
        s_raise (self, subject, MANAGER_ALERT_GOV_HELD, MANAGER_URGENCY_NORMAL, summary, body, now);
    }
}
