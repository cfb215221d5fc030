/*  manager-day-series.c — see manager-day-series.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-day-series.h"
#include "day.h"
#include "i18n.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct _manager_day_series_t {
    char    *day;         /* the hall day of the points ("YYYY-MM-DD"), or NULL */
    char    *tz;          /* the hall's time zone, for the caption's time */
    int64_t  origin;      /* unix seconds of the day's local midnight */
    json_t  *categories;  /* [{"code", "name", "target_wait"}], in the order first seen */
    json_t  *points;      /* [{"t", "waiting": [...], "longest": [...]}], oldest first */
    json_t  *hours;       /* 24 counts of tickets issued */
    json_t  *shown;       /* the last manager_day_series_json() (owned) */
    uint64_t version;
};

manager_day_series_t *
manager_day_series_new (void)
{
    manager_day_series_t *self = g_new0 (manager_day_series_t, 1);
    self->categories = json_array ();
    self->points = json_array ();
    self->hours = json_array ();
    for (int hour = 0; hour < 24; hour++)
        json_array_append_new (self->hours, json_integer (0));
    return self;
}

void
manager_day_series_destroy (manager_day_series_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    manager_day_series_t *self = *self_p;
    g_free (self->day);
    g_free (self->tz);
    json_decref (self->categories);
    json_decref (self->points);
    json_decref (self->hours);
    json_decref (self->shown);
    g_free (self);
    *self_p = NULL;
}

/* The series' place of category CODE, added at the end when new. */
static size_t
s_category_index (manager_day_series_t *self, json_t *category)
{
    const char *code = json_string_value (json_object_get (category, "code"));
    size_t i;
    json_t *item;
    json_array_foreach (self->categories, i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "code")), code) == 0)
            break;
    if (i == json_array_size (self->categories))
        json_array_append_new (self->categories, json_object ());
    item = json_array_get (self->categories, i);
    json_object_set_new (item, "code", json_string (code ? code : ""));
    json_object_set (item, "name", json_object_get (category, "name") ?: json_null ());
    json_object_set_new (item, "target_wait",
                         json_integer (json_integer_value (json_object_get (category, "target_wait"))));
    return i;
}

/* A point of MIRROR's state at NOW (never before the last point), in the
 * last point's place when that is of the same minute. */
static void
s_point (manager_day_series_t *self, hall_mirror_t *mirror, int64_t now)
{
    json_t *last = json_array_get (self->points, json_array_size (self->points) - 1);
    int64_t last_t = last ? json_integer_value (json_object_get (last, "t")) : 0;
    if (now < last_t)
        now = last_t;
    json_t *categories = hall_mirror_categories (mirror);
    size_t n = json_array_size (categories);
    size_t *index = g_new0 (size_t, n ? n : 1);
    size_t c;
    json_t *category;
    json_array_foreach (categories, c, category)
        index[c] = s_category_index (self, category);
    size_t width = json_array_size (self->categories);
    int *waiting = g_new0 (int, width ? width : 1);
    int64_t *oldest = g_new0 (int64_t, width ? width : 1);
    gboolean *present = g_new0 (gboolean, width ? width : 1);     /* the hall has it now */
    json_array_foreach (categories, c, category)
        present[index[c]] = TRUE;
    size_t i;
    json_t *ticket;
    json_array_foreach (hall_mirror_tickets (mirror), i, ticket) {
        if (g_strcmp0 (json_string_value (json_object_get (ticket, "state")), "waiting") != 0)
            continue;
        const char *code = json_string_value (json_object_get (ticket, "category"));
        json_array_foreach (categories, c, category)
            if (g_strcmp0 (json_string_value (json_object_get (category, "code")), code) == 0) {
                int64_t queued = json_integer_value (json_object_get (ticket, "queued_at"));
                size_t k = index[c];
                if (!waiting[k]++ || queued < oldest[k])
                    oldest[k] = queued;
                break;
            }
    }
    json_t *counts = json_array (), *longest = json_array ();
    for (size_t k = 0; k < width; k++) {
        /* A category the hall no longer has: no figure, the line breaks. */
        json_array_append_new (counts, present[k] ? json_integer (waiting[k]) : json_null ());
        json_array_append_new (longest, !present[k] ? json_null ()
                                        : json_integer (waiting[k] ? MAX (0, now - oldest[k]) : 0));
    }
    json_t *point = json_pack ("{s:I, s:o, s:o}", "t", (json_int_t) now, "waiting", counts, "longest", longest);
    if (last && now / MANAGER_DAY_SERIES_STEP == last_t / MANAGER_DAY_SERIES_STEP)
        json_array_set_new (self->points, json_array_size (self->points) - 1, point);
    else
        json_array_append_new (self->points, point);
    self->version++;
    g_free (index);
    g_free (waiting);
    g_free (oldest);
    g_free (present);
}

/* Unix seconds of DAY's local midnight in TZ. */
static int64_t
s_midnight (const char *day, const char *tz)
{
    int y, m, d;
    if (!day || sscanf (day, "%d-%d-%d", &y, &m, &d) != 3)
        return 0;
    GTimeZone *zone = hall_day_zone (tz);
    GDateTime *midnight = g_date_time_new (zone, y, m, d, 0, 0, 0);
    int64_t at = midnight ? g_date_time_to_unix (midnight) : 0;
    if (midnight)
        g_date_time_unref (midnight);
    g_time_zone_unref (zone);
    return at;
}

void
manager_day_series_load (manager_day_series_t *self, hall_mirror_t *mirror, int64_t now)
{
    const char *day = hall_mirror_day (mirror);
    if (!hall_mirror_loaded (mirror) || !day)
        return;
    const char *tz = json_string_value (json_object_get (hall_mirror_hall (mirror), "timezone"));
    if (g_strcmp0 (day, self->day) != 0) {
        g_free (self->day);
        self->day = g_strdup (day);
        json_array_clear (self->categories);
        json_array_clear (self->points);
        for (int hour = 0; hour < 24; hour++)
            json_array_set_new (self->hours, (size_t) hour, json_integer (0));
        self->version++;
    }
    g_free (self->tz);
    self->tz = g_strdup (tz);
    self->origin = s_midnight (day, tz);
    s_point (self, mirror, now);
}

bool
manager_day_series_event (manager_day_series_t *self, hall_mirror_t *mirror, json_t *event)
{
    const char *type = json_string_value (json_object_get (event, "type"));
    if (!self->day || g_strcmp0 (hall_mirror_day (mirror), self->day) != 0 || !type
        || !(g_str_has_prefix (type, "ticket.") || g_str_has_prefix (type, "journey.")))
        return false;
    s_point (self, mirror, json_integer_value (json_object_get (event, "time")));
    return true;
}

bool
manager_day_series_tick (manager_day_series_t *self, hall_mirror_t *mirror, int64_t now)
{
    json_t *last = json_array_get (self->points, json_array_size (self->points) - 1);
    if (!last || !hall_mirror_loaded (mirror) || g_strcmp0 (hall_mirror_day (mirror), self->day) != 0
        || now - json_integer_value (json_object_get (last, "t")) < MANAGER_DAY_SERIES_STEP)
        return false;
    s_point (self, mirror, now);
    return true;
}

bool
manager_day_series_set_hours (manager_day_series_t *self, json_t *hours)
{
    if (!self->day || g_strcmp0 (json_string_value (json_object_get (hours, "from")), self->day) != 0
        || g_strcmp0 (json_string_value (json_object_get (hours, "to")), self->day) != 0
        || g_strcmp0 (json_string_value (json_object_get (hours, "by")), "hour") != 0)
        return false;
    for (int hour = 0; hour < 24; hour++)
        json_array_set_new (self->hours, (size_t) hour, json_integer (0));
    size_t i;
    json_t *row;
    json_array_foreach (json_object_get (hours, "rows"), i, row) {
        const char *key = json_string_value (json_object_get (row, "key"));
        int hour = key && g_ascii_isdigit (key[0]) ? atoi (key) : -1;
        if (hour >= 0 && hour < 24)
            json_array_set_new (self->hours, (size_t) hour,
                                json_integer (json_integer_value (json_object_get (row, "issued"))));
    }
    self->version++;
    return true;
}

json_t *
manager_day_series_json (manager_day_series_t *self)
{
    json_decref (self->shown);
    int64_t since = manager_day_series_since (self);
    g_autofree char *from = since ? hall_day_format (since, self->tz, "%H:%M") : g_strdup ("—");
    g_autofree char *caption = g_strdup_printf (
        _("左：各类别此刻等候人数与最长等候（等候者中入队最久的时长），自本机 %s 打开起记录，"
          "每分钟至多一点；此前的逐时队列服务器未保存，不作推算。虚线为各类别目标等候。"
          "右：今日每小时取号数（服务器当日报表，按取号时间）。"), from);
    self->shown = json_pack ("{s:s?, s:I, s:I, s:O, s:O, s:O, s:s}", "day", self->day,
                             "origin", (json_int_t) self->origin, "since", (json_int_t) since,
                             "categories", self->categories, "points", self->points, "hours", self->hours,
                             "caption", caption);
    return self->shown;
}

int64_t
manager_day_series_since (manager_day_series_t *self)
{
    json_t *first = json_array_get (self->points, 0);
    return first ? json_integer_value (json_object_get (first, "t")) : 0;
}

uint64_t manager_day_series_version (manager_day_series_t *self) { return self->version; }
