/*  test-mirror.c — the client's hall-state mirror (common/mirror.h):
 *  snapshot load, in-order apply, stale and gap detection, resync events,
 *  the recent-call list, dump == snapshot, and the per-window queue.
 */
#include <glib.h>
#include <string.h>

#include "mirror.h"
#include "protocol.h"

#define NOW 1764200000

static json_t *
s_category (const char *code, int position, int target_wait)
{
    return json_pack ("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:b, s:i, s:i, s:i}",
                      "code", code, "prefix", code, "name", code, "name_en", code,
                      "group", "", "target_wait", target_wait, "daily_cap", 300,
                      "hours", "", "open", 1, "issued", 0, "service_mean", 600,
                      "position", position);
}

static json_t *
s_window (int number, const char *primary, const char *backup, bool green)
{
    json_t *jprimary = json_array ();
    json_t *jbackup = json_array ();
    gchar **codes = g_strsplit (primary, ",", -1);
    for (gchar **code = codes; *code; code++)
        if (**code)
            json_array_append_new (jprimary, json_string (*code));
    g_strfreev (codes);
    codes = g_strsplit (backup, ",", -1);
    for (gchar **code = codes; *code; code++)
        if (**code)
            json_array_append_new (jbackup, json_string (*code));
    g_strfreev (codes);
    return json_pack ("{s:i, s:s, s:o, s:o, s:b, s:b, s:n, s:n, s:n, s:i, s:s}",
                      "number", number, "name", "window", "primary", jprimary,
                      "backup", jbackup, "green", green, "paused", 0,
                      "pause_reason", "clerk", "ticket", "served", 0, "state", "idle");
}

/* A waiting ticket of CATEGORY that joined the queue at QUEUED_AT. */
static json_t *
s_ticket (int id, const char *category, int64_t queued_at)
{
    char number[16];
    g_snprintf (number, sizeof number, "%s%03d", category, id);
    return json_pack ("{s:i, s:s, s:s, s:s, s:n, s:n, s:I, s:I, s:f, s:n, s:n, s:n,"
                      " s:n, s:n, s:n, s:i, s:i, s:i}",
                      "id", id, "number", number, "category", category, "state", "waiting",
                      "green", "granted_by", "issued_at", (json_int_t) queued_at,
                      "queued_at", (json_int_t) queued_at, "queue_key", (double) queued_at,
                      "target_window", "window", "clerk", "called_at", "started_at",
                      "finished_at", "calls", 0, "requeues", 0, "transfers", 0);
}

/* A snapshot of a small hall: categories A (target 30 min) and B, windows
 * 1 (A primary, B backup) and 2 (B primary); tickets 1 (A) and 2 (B). */
static json_t *
s_snapshot (void)
{
    json_t *hall = json_pack ("{s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s}",
                              "name", "测试大厅", "name_en", "Test hall",
                              "timezone", "Asia/Shanghai", "missed_policy", "requeue",
                              "requeue_after", 3, "requeue_max", 2,
                              "transfer_position", "front", "notice", "");
    /* Out of order on purpose: the mirror sorts. */
    json_t *categories = json_pack ("[o, o]", s_category ("B", 2, 1800), s_category ("A", 1, 1800));
    json_t *windows = json_pack ("[o, o]", s_window (2, "B", "", false), s_window (1, "A", "B", false));
    json_t *tickets = json_pack ("[o, o]", s_ticket (2, "B", NOW - 60), s_ticket (1, "A", NOW - 120));
    json_t *journeys = json_pack ("[{s:s, s:s, s:s, s:i, s:[{s:s, s:i, s:b}]}]", "code", "kaiban",
                                  "name", "企业开办一件事", "name_en", "", "position", 0,
                                  "steps", "category", "A", "stage", 1, "optional", 0);
    return json_pack ("{s:i, s:s, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:[]}",
                      "seq", 10, "server", "abcd", "time", (json_int_t) NOW,
                      "day", "2026-11-27", "hall", hall, "categories", categories,
                      "windows", windows, "journeys", journeys, "tickets", tickets, "calls");
}

static json_t *
s_event (int seq, const char *type)
{
    return json_pack ("{s:i, s:I, s:s}", "seq", seq, "time", (json_int_t) NOW, "type", type);
}

static json_t *
s_call (int seq, const char *number, int window)
{
    return json_pack ("{s:i, s:I, s:s, s:s, s:i, s:b}", "seq", seq, "time", (json_int_t) NOW,
                      "number", number, "category", "A", "window", window, "recall", 0);
}

static void
s_sort_snapshot (json_t *snapshot)
{
    /* What a server sends: sorted; compare against that. */
    json_t *categories = json_object_get (snapshot, "categories");
    json_t *windows = json_object_get (snapshot, "windows");
    json_t *tickets = json_object_get (snapshot, "tickets");
    json_t *a = json_incref (json_array_get (categories, 0));
    json_array_remove (categories, 0);
    json_array_append_new (categories, a);
    json_t *w = json_incref (json_array_get (windows, 0));
    json_array_remove (windows, 0);
    json_array_append_new (windows, w);
    json_t *t = json_incref (json_array_get (tickets, 0));
    json_array_remove (tickets, 0);
    json_array_append_new (tickets, t);
}

static void
s_assert_dump_equals (hall_mirror_t *mirror, json_t *snapshot)
{
    json_t *expected = json_deep_copy (snapshot);
    json_object_del (expected, "time");
    json_object_del (expected, "server");
    json_t *dump = hall_mirror_dump (mirror);
    if (!json_equal (dump, expected)) {
        char *a = json_dumps (dump, JSON_SORT_KEYS | JSON_INDENT (1));
        char *b = json_dumps (expected, JSON_SORT_KEYS | JSON_INDENT (1));
        g_printerr ("dump:\n%s\nexpected:\n%s\n", a, b);
        free (a);
        free (b);
    }
    g_assert_true (json_equal (dump, expected));
    json_decref (dump);
    json_decref (expected);
}

static void
test_load (void)
{
    hall_mirror_t *mirror = hall_mirror_new ();
    g_assert_false (hall_mirror_loaded (mirror));
    json_t *bad = json_pack ("{s:i}", "seq", 1);
    g_assert_cmpint (hall_mirror_load (mirror, bad), ==, -1);
    g_assert_false (hall_mirror_loaded (mirror));
    json_decref (bad);

    json_t *snapshot = s_snapshot ();
    g_assert_cmpint (hall_mirror_load (mirror, snapshot), ==, 0);
    g_assert_true (hall_mirror_loaded (mirror));
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 10);
    g_assert_cmpstr (hall_mirror_day (mirror), ==, "2026-11-27");
    g_assert_cmpstr (json_string_value (json_object_get (hall_mirror_hall (mirror), "name")), ==, "测试大厅");
    /* Sorted by position, number, id. */
    json_t *categories = hall_mirror_categories (mirror);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (categories, 0), "code")), ==, "A");
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (hall_mirror_windows (mirror), 0), "number")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (hall_mirror_tickets (mirror), 0), "id")), ==, 1);
    g_assert_nonnull (hall_mirror_category (mirror, "B"));
    g_assert_null (hall_mirror_category (mirror, "Z"));
    g_assert_nonnull (hall_mirror_window (mirror, 2));
    g_assert_null (hall_mirror_window (mirror, 9));
    g_assert_nonnull (hall_mirror_ticket (mirror, 2));
    g_assert_null (hall_mirror_ticket (mirror, 3));
    g_assert_cmpint (hall_mirror_waiting (mirror, "A"), ==, 1);
    g_assert_cmpint (hall_mirror_waiting (mirror, "Z"), ==, 0);

    /* The mirror holds a copy: changing the snapshot changes nothing. */
    json_object_set_new (json_object_get (snapshot, "hall"), "name", json_string ("x"));
    g_assert_cmpstr (json_string_value (json_object_get (hall_mirror_hall (mirror), "name")), ==, "测试大厅");

    hall_mirror_reset (mirror);
    g_assert_false (hall_mirror_loaded (mirror));
    g_assert_cmpint (json_array_size (hall_mirror_tickets (mirror)), ==, 0);
    json_decref (snapshot);
    hall_mirror_destroy (&mirror);
    g_assert_null (mirror);
    hall_mirror_destroy (&mirror);
}

static void
test_apply (void)
{
    hall_mirror_t *mirror = hall_mirror_new ();
    json_t *snapshot = s_snapshot ();
    s_sort_snapshot (snapshot);

    /* Before a load, any event is a gap. */
    json_t *event = s_event (11, "ticket.issued");
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_GAP);
    json_decref (event);

    g_assert_cmpint (hall_mirror_load (mirror, snapshot), ==, 0);
    s_assert_dump_equals (mirror, snapshot);

    /* 11: a new ticket; the category's issued count changes with it. */
    json_t *ticket = s_ticket (3, "A", NOW);
    json_t *category = json_deep_copy (json_array_get (json_object_get (snapshot, "categories"), 0));
    json_object_set_new (category, "issued", json_integer (3));
    event = s_event (11, "ticket.issued");
    json_object_set (event, "ticket", ticket);
    json_object_set (event, "category", category);
    json_object_set_new (event, "ahead", json_integer (1));
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 11);
    json_array_append (json_object_get (snapshot, "tickets"), ticket);
    json_array_set (json_object_get (snapshot, "categories"), 0, category);
    json_object_set_new (snapshot, "seq", json_integer (11));
    s_assert_dump_equals (mirror, snapshot);
    g_assert_cmpint (hall_mirror_waiting (mirror, "A"), ==, 2);

    /* The same event again is stale and changes nothing. */
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_STALE);
    json_decref (event);
    event = s_event (5, "ticket.issued");
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_STALE);
    json_decref (event);
    s_assert_dump_equals (mirror, snapshot);

    /* 12: window 1 calls ticket 1 — ticket, window and a call. */
    json_t *called = json_deep_copy (json_array_get (json_object_get (snapshot, "tickets"), 0));
    json_object_set_new (called, "state", json_string ("called"));
    json_object_set_new (called, "window", json_integer (1));
    json_t *window = json_deep_copy (json_array_get (json_object_get (snapshot, "windows"), 0));
    json_object_set_new (window, "state", json_string ("called"));
    json_object_set_new (window, "ticket", json_integer (1));
    json_t *call = s_call (12, "A001", 1);
    event = s_event (12, "ticket.called");
    json_object_set (event, "ticket", called);
    json_object_set (event, "window", window);
    json_object_set (event, "call", call);
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
    json_decref (event);
    json_array_set (json_object_get (snapshot, "tickets"), 0, called);
    json_array_set (json_object_get (snapshot, "windows"), 0, window);
    json_array_insert (json_object_get (snapshot, "calls"), 0, call);
    json_object_set_new (snapshot, "seq", json_integer (12));
    s_assert_dump_equals (mirror, snapshot);
    g_assert_cmpint (hall_mirror_waiting (mirror, "A"), ==, 1);

    /* 13: ticket 1 finished — it leaves the mirror. */
    json_object_set_new (called, "state", json_string ("finished"));
    json_object_set_new (window, "state", json_string ("idle"));
    json_object_set_new (window, "ticket", json_null ());
    json_object_set_new (window, "served", json_integer (1));
    event = s_event (13, "ticket.finished");
    json_object_set (event, "ticket", called);
    json_object_set (event, "window", window);
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
    json_decref (event);
    g_assert_null (hall_mirror_ticket (mirror, 1));
    json_array_remove (json_object_get (snapshot, "tickets"), 0);
    json_array_set (json_object_get (snapshot, "windows"), 0, window);
    json_object_set_new (snapshot, "seq", json_integer (13));
    s_assert_dump_equals (mirror, snapshot);
    json_decref (called);
    json_decref (window);
    json_decref (call);
    json_decref (ticket);
    json_decref (category);

    /* 14..25: twelve calls; the mirror keeps the ten newest, newest first. */
    for (int seq = 14; seq <= 25; seq++) {
        char number[8];
        g_snprintf (number, sizeof number, "A%03d", seq);
        event = s_event (seq, "ticket.recalled");
        json_object_set_new (event, "call", s_call (seq, number, 2));
        g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
        json_decref (event);
    }
    json_t *calls = hall_mirror_calls (mirror);
    g_assert_cmpint (json_array_size (calls), ==, HALL_MIRROR_CALLS);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (calls, 0), "seq")), ==, 25);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (calls, 9), "seq")), ==, 16);

    /* A gap: 27 after 25.  Nothing changes. */
    event = s_event (27, "ticket.issued");
    json_object_set_new (event, "ticket", s_ticket (9, "A", NOW));
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_GAP);
    json_decref (event);
    g_assert_null (hall_mirror_ticket (mirror, 9));
    g_assert_cmpint (hall_mirror_seq (mirror), ==, 25);

    /* An event without a seq cannot be placed: resync. */
    event = json_pack ("{s:s}", "type", "ticket.issued");
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_GAP);
    json_decref (event);

    /* day.changed and config.changed ask for a resync. */
    event = s_event (26, "day.changed");
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_RESYNC);
    json_decref (event);
    event = s_event (26, "config.changed");
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_RESYNC);
    json_decref (event);

    json_decref (snapshot);
    hall_mirror_destroy (&mirror);
}

static void
test_upsert_order (void)
{
    hall_mirror_t *mirror = hall_mirror_new ();
    json_t *snapshot = s_snapshot ();
    g_assert_cmpint (hall_mirror_load (mirror, snapshot), ==, 0);
    json_decref (snapshot);

    /* A new category at position 0, a new window 0 < 1 < 2 < 5. */
    json_t *event = s_event (11, "window.mapped");
    json_object_set_new (event, "window", s_window (5, "C", "", false));
    json_object_set_new (event, "category", s_category ("C", 0, 600));
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
    json_decref (event);
    json_t *categories = hall_mirror_categories (mirror);
    g_assert_cmpint (json_array_size (categories), ==, 3);
    g_assert_cmpstr (json_string_value (json_object_get (json_array_get (categories, 0), "code")), ==, "C");
    json_t *windows = hall_mirror_windows (mirror);
    g_assert_cmpint (json_array_size (windows), ==, 3);
    g_assert_cmpint (json_integer_value (json_object_get (json_array_get (windows, 2), "number")), ==, 5);

    /* A window re-mapped keeps one entry. */
    event = s_event (12, "window.mapped");
    json_object_set_new (event, "window", s_window (1, "A,B", "", false));
    g_assert_cmpint (hall_mirror_apply (mirror, event), ==, HALL_MIRROR_APPLIED);
    json_decref (event);
    g_assert_cmpint (json_array_size (hall_mirror_windows (mirror)), ==, 3);
    g_assert_cmpint (json_array_size (json_object_get (hall_mirror_window (mirror, 1), "primary")), ==, 2);
    hall_mirror_destroy (&mirror);
}

static const char *
s_number_at (json_t *queue, size_t index)
{
    return json_string_value (json_object_get (json_array_get (queue, index), "number"));
}

static void
test_queue (void)
{
    hall_mirror_t *mirror = hall_mirror_new ();
    json_t *snapshot = s_snapshot ();
    json_t *tickets = json_array ();
    json_object_set_new (snapshot, "tickets", tickets);
    /* Window 1: A primary, B backup; window 2: B primary; window 3 green. */
    json_array_append_new (json_object_get (snapshot, "windows"), s_window (3, "", "", true));
    /* Target waits: A 30 min, B 30 min. */
    json_array_append_new (tickets, s_ticket (1, "B", NOW - 600));  /* backup, oldest */
    json_array_append_new (tickets, s_ticket (2, "A", NOW - 500));  /* primary */
    json_array_append_new (tickets, s_ticket (3, "A", NOW - 400));  /* primary */
    json_t *green = s_ticket (4, "A", NOW - 60);                    /* green */
    json_object_set_new (green, "green", json_string ("elderly"));
    json_object_set_new (green, "granted_by", json_string ("desk"));
    json_array_append_new (tickets, green);
    json_t *overdue = s_ticket (5, "B", NOW - 3600);                /* backup, overdue */
    json_array_append_new (tickets, overdue);
    json_t *moved = s_ticket (6, "B", NOW - 10);                    /* sent to window 1 */
    json_object_set_new (moved, "target_window", json_integer (1));
    json_array_append_new (tickets, moved);
    json_t *elsewhere = s_ticket (7, "A", NOW - 900);               /* sent to window 2 */
    json_object_set_new (elsewhere, "target_window", json_integer (2));
    json_array_append_new (tickets, elsewhere);
    json_t *called = s_ticket (8, "A", NOW - 1000);                 /* not waiting */
    json_object_set_new (called, "state", json_string ("called"));
    json_array_append_new (tickets, called);
    g_assert_cmpint (hall_mirror_load (mirror, snapshot), ==, 0);
    json_decref (snapshot);

    json_t *queue = hall_mirror_queue (mirror, 1, NOW);
    g_assert_cmpint (json_array_size (queue), ==, 6);
    g_assert_cmpstr (s_number_at (queue, 0), ==, "B006");   /* transferred here */
    g_assert_cmpstr (s_number_at (queue, 1), ==, "A004");   /* green */
    g_assert_cmpstr (s_number_at (queue, 2), ==, "B005");   /* overdue */
    g_assert_cmpstr (s_number_at (queue, 3), ==, "A002");   /* primary, longest wait */
    g_assert_cmpstr (s_number_at (queue, 4), ==, "A003");
    g_assert_cmpstr (s_number_at (queue, 5), ==, "B001");   /* backup */
    json_decref (queue);

    /* Window 2 serves B only: its transfer, then overdue B, then B. */
    queue = hall_mirror_queue (mirror, 2, NOW);
    g_assert_cmpint (json_array_size (queue), ==, 3);
    g_assert_cmpstr (s_number_at (queue, 0), ==, "A007");
    g_assert_cmpstr (s_number_at (queue, 1), ==, "B005");
    g_assert_cmpstr (s_number_at (queue, 2), ==, "B001");
    json_decref (queue);

    /* The green-channel window takes green tickets of any category. */
    queue = hall_mirror_queue (mirror, 3, NOW);
    g_assert_cmpint (json_array_size (queue), ==, 1);
    g_assert_cmpstr (s_number_at (queue, 0), ==, "A004");
    json_decref (queue);

    /* No such window: an empty queue. */
    queue = hall_mirror_queue (mirror, 42, NOW);
    g_assert_true (json_is_array (queue));
    g_assert_cmpint (json_array_size (queue), ==, 0);
    json_decref (queue);
    hall_mirror_destroy (&mirror);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/mirror/load", test_load);
    g_test_add_func ("/mirror/apply", test_apply);
    g_test_add_func ("/mirror/upsert-order", test_upsert_order);
    g_test_add_func ("/mirror/queue", test_queue);
    return g_test_run ();
}
