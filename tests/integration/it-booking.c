/*  it-booking.c — appointments on the real hall-server over loopback with
 *  the test clock: 50 clients racing for the last places of one slot, one
 *  person's concurrent bookings, the week's slots over a holiday and a
 *  make-up Saturday, a check-in called before the walk-ins ahead of it,
 *  and the no-show sweep at the check-in window's close, kept across a
 *  restart.
 */
#include "harness.h"
#include "session.h"
#include <signal.h>
#include <string.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

static const char *s_hall =
    "[hall]\nname=预约大厅\ntimezone=Asia/Shanghai\nholidays=2026-11-30\nworkdays=2026-11-28\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=60\nbooking_hours=09:00-11:00\nbooking_slot=30\n"
    "booking_capacity=4\nbooking_days=5\n"
    "[category b]\nprefix=B\nname=乙\n"
    "[window 1]\nprimary=a\nbackup=b\n"
    "[staff 1001]\nname=王芳\n";

typedef struct {
    int replies, ok, full, duplicate, other;
} tally_t;

static void
s_tally (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    (void) session;
    tally_t *tally = user;
    tally->replies++;
    if (reply->ok)
        tally->ok++;
    else if (reply->error == HALL_E_SLOT_FULL)
        tally->full++;
    else if (reply->error == HALL_E_DUPLICATE_PERSON)
        tally->duplicate++;
    else {
        tally->other++;
        g_test_message ("refused: %s %s", hall_error_name (reply->error), reply->message);
    }
}

static json_t *
s_booking (const char *day, const char *slot, const char *person)
{
    return json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", "a", "day", day, "slot", slot,
                      "name", "张三", "document", "passport", "id_number", person, "phone", "13800138000");
}

/* N sessions each send ARGS_FOR (i) at once; every reply is tallied. */
static tally_t
s_race (server_t *server, int n, json_t *(*args_for) (int i))
{
    hall_session_t **clients = g_new0 (hall_session_t *, n);
    for (int i = 0; i < n; i++) {
        char id[32];
        g_snprintf (id, sizeof id, "racer-%d-%d", n, i);
        clients[i] = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, id);
        hall_session_set_timeout (clients[i], 5000, 5);
    }
    tally_t tally = { 0 };
    for (int i = 0; i < n; i++) {
        json_t *args = args_for (i);
        hall_session_send (clients[i], HALL_OP_BOOKING_CREATE, args, s_tally, &tally);
        json_decref (args);
    }
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    while (tally.replies < n && g_get_monotonic_time () < deadline)
        for (int i = 0; i < n; i++)
            hall_session_pump (clients[i], 1);
    for (int i = 0; i < n; i++)
        hall_session_destroy (&clients[i]);
    g_free (clients);
    g_assert_cmpint (tally.replies, ==, n);
    return tally;
}

static json_t *
s_stranger (int i)
{
    char person[16];
    g_snprintf (person, sizeof person, "E%08d", 1000 + i);
    return s_booking ("2026-11-28", "10:00", person);
}

static json_t *
s_same_person (int i)
{
    const char *slots[] = { "09:00", "09:30", "10:00", "10:30" };
    return s_booking ("2026-12-01", slots[i % 4], "E77777777");
}

static void
test_race (void)
{
    server_t *server = server_start (s_hall, MORNING);
    /* Two of the four places go first; then 50 clients at once for the
     * last two. */
    for (int i = 0; i < 2; i++) {
        char person[16];
        g_snprintf (person, sizeof person, "G%08d", i);
        hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
        hall_reply_t reply;
        json_t *args = s_booking ("2026-11-28", "10:00", person);
        g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_CREATE, args, &reply), ==, HALL_OK);
        json_decref (args);
        hall_reply_clear (&reply);
        hall_session_destroy (&admin);
    }
    tally_t race = s_race (server, 50, s_stranger);
    g_test_message ("50 clients: %d booked, %d slot_full, %d other", race.ok, race.full, race.other);
    g_assert_cmpint (race.ok, ==, 2);
    g_assert_cmpint (race.full, ==, 48);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE day = '2026-11-28' AND slot_start = 600"
                                      " AND state = 'booked'"), ==, 4);
    /* One person, twelve bookings at once for one category and day, in
     * four slots: exactly one stands. */
    tally_t same = s_race (server, 12, s_same_person);
    g_assert_cmpint (same.ok, ==, 1);
    g_assert_cmpint (same.duplicate, ==, 11);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE day = '2026-12-01'"), ==, 1);
    server_free (server);
}

/* The week's slots as the real server offers them. */
static void
test_week (void)
{
    server_t *server = server_start (s_hall, MORNING);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, NULL);
    hall_reply_t reply;
    json_t *args = json_pack ("{s:s}", "category", "a");
    g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_SLOTS, args, &reply), ==, HALL_OK);
    json_decref (args);
    GString *days = g_string_new (NULL);
    size_t i;
    json_t *day;
    json_array_foreach (json_object_get (reply.result, "days"), i, day)
        g_string_append_printf (days, "%s%s/%zu", i ? " " : "", json_string_value (json_object_get (day, "day")),
                                json_array_size (json_object_get (day, "slots")));
    /* Friday (09:00 has started: three slots left), the make-up Saturday,
     * then Tuesday to Friday: Sunday and Monday's holiday are off. */
    g_assert_cmpstr (days->str, ==, "2026-11-27/3 2026-11-28/4 2026-12-01/4 2026-12-02/4 2026-12-03/4 2026-12-04/4");
    g_string_free (days, TRUE);
    hall_reply_clear (&reply);
    hall_session_destroy (&admin);
    server_free (server);
}

static json_t *
s_do (hall_session_t *session, hall_op_t op, json_t *args)
{
    hall_reply_t reply;
    hall_error_t rc = hall_session_call (session, op, args, &reply);
    json_decref (args);
    if (rc != HALL_OK)
        g_error ("%s: %s %s", hall_op_name (op), hall_error_name (rc), reply.message);
    return reply.result;
}

static char *
s_number (json_t *result)
{
    char *number = g_strdup (json_string_value (json_object_get (json_object_get (result, "ticket"), "number")));
    json_decref (result);
    return number;
}

/* Walk-ins A001, A002 at 09:00; the 09:30 booking checked in at 09:05
 * (A003); at 09:30 the window calls A003 first.  The other booking of
 * 09:30 is never checked in: at 10:00 it is a no-show, by the server's
 * own sweep, and still one after a restart. */
static void
test_checkin_call_noshow (void)
{
    server_t *server = server_start (s_hall, MORNING);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "it-booking");
    json_t *booked = s_do (admin, HALL_OP_BOOKING_CREATE, s_booking ("2026-11-27", "09:30", "E10000001"));
    g_autofree char *code = g_strdup (json_string_value (json_object_get (json_object_get (booked, "booking"), "code")));
    json_decref (booked);
    json_decref (s_do (admin, HALL_OP_BOOKING_CREATE, s_booking ("2026-11-27", "09:30", "E10000002")));
    g_autofree char *a1 = s_number (s_do (admin, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "a")));
    g_autofree char *a2 = s_number (s_do (admin, HALL_OP_ISSUE, json_pack ("{s:s}", "category", "a")));
    g_free (hallctl_ok (server, "clock", "--advance", "300", NULL));
    json_t *checkin = s_do (admin, HALL_OP_BOOKING_CHECKIN, json_pack ("{s:s}", "code", code));
    g_assert_cmpstr (json_string_value (json_object_get (checkin, "checkin")), ==, "on_time");
    g_autofree char *a3 = s_number (checkin);
    g_assert_cmpstr (a3, ==, "A003");
    json_decref (s_do (admin, HALL_OP_SIGNIN, json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    g_free (hallctl_ok (server, "clock", "--advance", "1500", NULL));            /* 09:30 */
    g_autofree char *first = s_number (s_do (admin, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)));
    g_assert_cmpstr (first, ==, "A003");
    json_decref (s_do (admin, HALL_OP_START, json_pack ("{s:i}", "window", 1)));
    json_decref (s_do (admin, HALL_OP_FINISH, json_pack ("{s:i}", "window", 1)));
    g_autofree char *second = s_number (s_do (admin, HALL_OP_CALL, json_pack ("{s:i}", "window", 1)));
    g_assert_cmpstr (second, ==, "A001");
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'"), ==, 0);
    g_free (hallctl_ok (server, "clock", "--advance", "1800", NULL));            /* 10:00 */
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'") != 1
           && g_get_monotonic_time () < deadline)
        hall_session_pump (admin, 50);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'"), ==, 1);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM event WHERE type = 'booking.noshow'"), ==, 1);
    hall_session_destroy (&admin);
    server_kill (server, SIGKILL);
    server_restart (server);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'"), ==, 1);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'checked_in'"), ==, 1);
    server_free (server);
}

/* Three bookings missed on three working days (the server's own sweep
 * marks them) stop the person booking for booking_ban_days (30) from the
 * last of them; others may book meanwhile; on the 30th day they may again. */
static void
test_ban (void)
{
    server_t *server = server_start (s_hall, MORNING);
    hall_session_t *admin = hall_session_new (server->requests, NULL, HALL_ROLE_ADMIN, 0, "it-ban");
    const char *days[] = { "2026-11-27", "2026-11-28", "2026-12-01" };
    for (size_t i = 0; i < G_N_ELEMENTS (days); i++)
        json_decref (s_do (admin, HALL_OP_BOOKING_CREATE, s_booking (days[i], "10:30", "E20000001")));
    /* Tuesday 2026-12-01 11:00: all three windows have closed. */
    g_free (hallctl_ok (server, "clock", "--advance", "352800", NULL));      /* 4 days and 2 hours */
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    while (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'") != 3
           && g_get_monotonic_time () < deadline)
        hall_session_pump (admin, 50);
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'"), ==, 3);
    hall_reply_t reply;
    json_t *args = s_booking ("2026-12-02", "09:00", "E20000001");
    g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_CREATE, args, &reply), ==, HALL_E_BOOKING_BANNED);
    json_decref (args);
    g_test_message ("%s", reply.message);
    g_assert_nonnull (strstr (reply.message, "2026-12-31"));
    hall_reply_clear (&reply);
    json_decref (s_do (admin, HALL_OP_BOOKING_CREATE, s_booking ("2026-12-02", "09:00", "E20000002")));
    /* 2026-12-30 still banned; 2026-12-31 not. */
    g_free (hallctl_ok (server, "clock", "--advance", "2505600", NULL));      /* 12-30 11:00 */
    args = s_booking ("2026-12-31", "09:00", "E20000001");
    g_assert_cmpint (hall_session_call (admin, HALL_OP_BOOKING_CREATE, args, &reply), ==, HALL_E_BOOKING_BANNED);
    json_decref (args);
    hall_reply_clear (&reply);
    g_free (hallctl_ok (server, "clock", "--advance", "86400", NULL));        /* 12-31 11:00 */
    json_decref (s_do (admin, HALL_OP_BOOKING_CREATE, s_booking ("2027-01-04", "09:00", "E20000001")));
    hall_session_destroy (&admin);
    server_free (server);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/booking/race-for-the-last-places", test_race);
    g_test_add_func ("/booking/week-across-a-holiday", test_week);
    g_test_add_func ("/booking/checkin-called-first-and-noshow", test_checkin_call_noshow);
    g_test_add_func ("/booking/ban-starts-and-ends", test_ban);
    return g_test_run ();
}
