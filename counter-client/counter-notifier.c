/*  counter-notifier.c — see counter-notifier.h. */
#define G_LOG_DOMAIN "hall-counter"

#include <libnotify/notify.h>
#include "counter-notifier.h"
#include "counter-format.h"
#include "i18n.h"

struct _counter_notifier_t {
    int         window;      /* this desk's window */
    gboolean    idle;        /* notify arrivals while idle */
    gboolean    green;       /* notify waiting green-channel tickets */
    gboolean    primed;      /* the first update has been seen */
    GHashTable *seen;        /* ticket ids already in the queue once */
    GHashTable *green_told;  /* green ticket ids already notified */
    int         sent;        /* notifications shown */
};

counter_notifier_t *
counter_notifier_new (int window)
{
    counter_notifier_t *self = g_new0 (counter_notifier_t, 1);
    self->window = window;
    self->green = TRUE;
    self->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    self->green_told = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    if (!notify_is_initted ())
        notify_init ("hall-counter");
    return self;
}

void
counter_notifier_destroy (counter_notifier_t **self_p)
{
    counter_notifier_t *self = *self_p;
    if (!self)
        return;
    g_hash_table_destroy (self->seen);
    g_hash_table_destroy (self->green_told);
    g_free (self);
    *self_p = NULL;
}

void counter_notifier_set_idle (counter_notifier_t *self, gboolean on)  { self->idle = on; }
void counter_notifier_set_green (counter_notifier_t *self, gboolean on) { self->green = on; }
int  counter_notifier_sent (counter_notifier_t *self) { return self->sent; }

static void
s_show (counter_notifier_t *self, const char *summary, const char *body, NotifyUrgency urgency)
{
    NotifyNotification *note = notify_notification_new (summary, body, "dialog-information");
    notify_notification_set_urgency (note, urgency);
    notify_notification_set_category (note, "hall.queue");
    g_autoptr (GError) error = NULL;
    if (notify_notification_show (note, &error))
        self->sent++;
    else
        g_message ("notification not shown: %s", error ? error->message : "?");
    g_object_unref (note);
}

static gboolean
s_insert (GHashTable *set, gint64 id)
{
    if (g_hash_table_contains (set, &id))
        return FALSE;
    gint64 *key = g_new (gint64, 1);
    *key = id;
    g_hash_table_add (set, key);
    return TRUE;
}

void
counter_notifier_update (counter_notifier_t *self, hall_mirror_t *mirror, json_t *queue)
{
    json_t *window = hall_mirror_window (mirror, self->window);
    if (!window || !hall_mirror_loaded (mirror))
        return;
    gboolean idle = g_strcmp0 (json_string_value (json_object_get (window, "state")), "idle") == 0;
    g_autoptr (GString) arrivals = g_string_new (NULL);
    int arrived = 0;
    size_t i;
    json_t *ticket;
    json_array_foreach (queue, i, ticket) {
        gint64 id = json_integer_value (json_object_get (ticket, "id"));
        const char *number = json_string_value (json_object_get (ticket, "number"));
        const char *code = json_string_value (json_object_get (ticket, "category"));
        const char *green = json_string_value (json_object_get (ticket, "green"));
        const char *category = counter_category_name (hall_mirror_category (mirror, code), code);
        gboolean is_new = s_insert (self->seen, id);
        if (green && self->green && s_insert (self->green_told, id)) {
            g_autofree char *summary = g_strdup_printf (_("绿色通道：%s 等待办理"), number);
            g_autofree char *body = g_strdup_printf (_("%s（%s），原因：%s。请优先叫号。"),
                                                     number, category, green);
            s_show (self, summary, body, NOTIFY_URGENCY_CRITICAL);
            continue;
        }
        if (is_new && self->primed && !green) {
            if (arrived++ < 3)
                g_string_append_printf (arrivals, "%s%s（%s）", arrivals->len ? "、" : "",
                                        number, category);
        }
    }
    if (arrived && idle && self->idle) {
        g_autofree char *summary = g_strdup_printf (_("%d号窗口：有群众等待办理"), self->window);
        g_autofree char *body = arrived > 3
            ? g_strdup_printf (_("%s 等 %d 人，请叫号。"), arrivals->str, arrived)
            : g_strdup_printf (_("%s，请叫号。"), arrivals->str);
        s_show (self, summary, body, NOTIFY_URGENCY_NORMAL);
    }
    self->primed = TRUE;
}
