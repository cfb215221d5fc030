/*  util.c — time, samples, results, the table and the raw client (bench.h). */
#include "bench.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double
bench_now_us (void)
{
    return (double) g_get_monotonic_time ();
}

static int
s_cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

double
bench_pct (GArray *samples, double p)
{
    if (samples->len == 0)
        return 0;
    qsort (samples->data, samples->len, sizeof (double), s_cmp_double);
    size_t i = (size_t) (p / 100.0 * (samples->len - 1) + 0.5);
    return g_array_index (samples, double, MIN (i, samples->len - 1));
}

json_t *
bench_latency_json (GArray *samples)
{
    double sum = 0;
    for (guint i = 0; i < samples->len; i++)
        sum += g_array_index (samples, double, i);
    return json_pack ("{s:f, s:f, s:f, s:i}",
                      "p50_ms", bench_pct (samples, 50) / 1000.0,
                      "p99_ms", bench_pct (samples, 99) / 1000.0,
                      "mean_ms", samples->len ? sum / samples->len / 1000.0 : 0.0,
                      "n", (int) samples->len);
}

void
bench_set (bench_t *self, const char *part, const char *key, json_t *value)
{
    json_t *obj = json_object_get (self->results, part);
    if (!obj) {
        obj = json_object ();
        json_object_set_new (self->results, part, obj);
    }
    json_object_set_new (obj, key, value);
}

double
bench_get (bench_t *self, const char *part, const char *key)
{
    return json_number_value (json_object_get (json_object_get (self->results, part), key));
}

typedef struct {
    char *name;
    char *value;
    char *target;       /* NULL for a section title or a plain figure */
    int   verdict;
} row_t;

static void
s_row_free (gpointer data)
{
    row_t *row = data;
    g_free (row->name);
    g_free (row->value);
    g_free (row->target);
    g_free (row);
}

void
bench_row (bench_t *self, const char *name, const char *target, int verdict, const char *fmt, ...)
{
    if (!self->rows)
        self->rows = g_ptr_array_new_with_free_func (s_row_free);
    row_t *row = g_new0 (row_t, 1);
    va_list args;
    va_start (args, fmt);
    row->value = g_strdup_vprintf (fmt, args);
    va_end (args);
    row->name = g_strdup (name);
    row->target = g_strdup (target);
    row->verdict = verdict;
    g_ptr_array_add (self->rows, row);
    const char *mark = verdict == BENCH_MET ? "met" : verdict == BENCH_MISS ? "MISSED" : "";
    printf ("| %-58s | %-22s | %-12s | %-6s |\n", name, row->value, target ? target : "", mark);
    fflush (stdout);
    json_t *table = json_object_get (self->results, "table");
    if (!table) {
        table = json_array ();
        json_object_set_new (self->results, "table", table);
    }
    json_array_append_new (table, json_pack ("{s:s, s:s, s:s?, s:s?}", "name", name,
                                             "value", row->value, "target", target,
                                             "verdict", verdict == BENCH_NONE ? NULL : mark));
}

void
bench_section (bench_t *self, const char *title)
{
    printf ("| **%s**%*s |                        |              |        |\n", title,
            (int) (54 - g_utf8_strlen (title, -1)), "");
    fflush (stdout);
}

/* ---- the raw client -------------------------------------------------------- */

void
bench_secure (zsock_t *sock)
{
    const char *path = g_getenv ("HALL_KEY");
    zcert_t *cert = path ? zcert_load (path) : NULL;
    if (!cert || !zcert_meta (cert, "server-key")) {
        zcert_destroy (&cert);
        return;
    }
    zcert_apply (cert, sock);
    zsock_set_curve_serverkey (sock, zcert_meta (cert, "server-key"));
    zcert_destroy (&cert);
}

client_t *
client_new (const char *endpoint, const char *role, int window)
{
    static int counter = 0;
    client_t *self = g_new0 (client_t, 1);
    self->dealer = zsock_new (ZMQ_DEALER);
    zsock_set_linger (self->dealer, 0);
    zsock_set_rcvhwm (self->dealer, 0);
    zsock_set_sndhwm (self->dealer, 0);
    /* The server takes CURVE connections with device keys: act as the
     * admin tool (which may take any role), as the harness does. */
    bench_secure (self->dealer);
    g_assert_cmpint (zsock_connect (self->dealer, "%s", endpoint), ==, 0);
    snprintf (self->id, sizeof self->id, "bench-%s-%d-%d-%08x", role, window, ++counter,
              g_random_int ());
    self->role = role;
    self->window = window;
    return self;
}

void
client_destroy (client_t **self_p)
{
    if (self_p && *self_p) {
        zsock_destroy (&(*self_p)->dealer);
        g_free (*self_p);
        *self_p = NULL;
    }
}

void
client_send (client_t *self, const char *op, const char *args)
{
    char text[1024];
    char window[32] = "";
    if (self->window)
        snprintf (window, sizeof window, ", \"window\": %d", self->window);
    int n = snprintf (text, sizeof text,
                      "{\"v\": 1, \"client\": \"%s\", \"req\": %" PRId64 ", \"role\": \"%s\"%s,"
                      " \"op\": \"%s\", \"args\": %s}",
                      self->id, ++self->req, self->role, window, op, args ? args : "{}");
    g_assert (n > 0 && (size_t) n < sizeof text);
    self->request_size = (size_t) n;
    self->sent_us = bench_now_us ();
    g_assert_cmpint (zmq_send (zsock_resolve (self->dealer), text, n, 0), ==, n);
}

json_t *
client_recv (client_t *self, int timeout_ms)
{
    zmq_pollitem_t item = { zsock_resolve (self->dealer), 0, ZMQ_POLLIN, 0 };
    if (zmq_poll (&item, 1, timeout_ms) <= 0)
        return NULL;
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    if (zmq_msg_recv (&msg, item.socket, 0) < 0) {
        zmq_msg_close (&msg);
        return NULL;
    }
    self->reply_size = zmq_msg_size (&msg);
    json_t *reply = json_loadb (zmq_msg_data (&msg), zmq_msg_size (&msg), 0, NULL);
    zmq_msg_close (&msg);
    return reply;
}

json_t *
client_call (client_t *self, const char *op, const char *args, bool must_ok)
{
    client_send (self, op, args);
    json_t *reply = client_recv (self, 60000);
    if (!reply)
        g_error ("%s %s: no reply within 60 s", op, args ? args : "");
    if (must_ok && !json_is_true (json_object_get (reply, "ok"))) {
        char *text = json_dumps (reply, JSON_COMPACT);
        g_error ("%s %s: %s", op, args ? args : "", text);
    }
    json_t *result = json_incref (json_object_get (reply, "result"));
    json_decref (reply);
    return result;
}

void
client_signin (client_t *self)
{
    char args[64];
    snprintf (args, sizeof args, "{\"window\": %d, \"staff\": \"s%d\"}", self->window,
              self->window);
    json_decref (client_call (self, "signin", args, true));
}

long
bench_proc_kb (GPid pid, const char *field)
{
    char path[64];
    snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    g_autofree char *text = NULL;
    if (!g_file_get_contents (path, &text, NULL, NULL))
        return -1;
    const char *line = strstr (text, field);
    return line ? strtol (line + strlen (field) + 1, NULL, 10) : -1;
}

char *
bench_hall_config (int categories, int windows, int cats_per_window)
{
    g_assert (categories >= 1 && categories <= 26);
    GString *text = g_string_new ("[hall]\nname=基准测试大厅\nname_en=Benchmark Hall\n"
                                  "timezone=Asia/Shanghai\nmissed_policy=requeue\n");
    for (int i = 0; i < categories; i++)
        g_string_append_printf (text, "[category c%d]\nprefix=%c\nname=类别%d\ndaily_cap=999\n"
                                "target_wait=20\nservice_minutes=5\n", i, 'A' + i, i);
    for (int w = 1; w <= windows; w++) {
        g_string_append_printf (text, "[window %d]\nprimary=", w);
        for (int k = 0; k < cats_per_window; k++)
            g_string_append_printf (text, "%sc%d", k ? ";" : "", (w - 1 + k) % categories);
        g_string_append (text, "\n");
    }
    /* One clerk per window, s1 for window 1 ...: desks sign in first. */
    for (int w = 1; w <= windows; w++)
        g_string_append_printf (text, "[staff s%d]\nname=职员%d\nrole=clerk\n", w, w);
    return g_string_free (text, FALSE);
}
