/*  test-booking.c — appointments in the engine (server/booking.c), on an
 *  in-memory database with the test clock: the slots of the coming working
 *  days across a holiday and a make-up Saturday, the cut-off, real-name
 *  checks, capacity, one booking per person, category and day, cancelling,
 *  the ban after missed bookings, and what is stored of a person.
 */
#include "engine-fixture.h"
#include <string.h>

/* FX_MORNING: Friday 2026-11-27 09:00 in Asia/Shanghai.  Monday 30 is a
 * holiday, Saturday 28 a make-up working day. */
static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nholidays=2026-11-30\nworkdays=2026-11-28\n"
    "booking_ban_after=3\nbooking_ban_days=30\n"
    "[category a]\nprefix=A\nname=甲\nbooking_hours=09:00-10:00\nbooking_slot=30\nbooking_capacity=2\n"
    "booking_days=3\nbooking_cutoff=10\nbooking_cancel=30\n"
    "[category b]\nprefix=B\nname=乙\n"
    "[window 1]\nprimary=a;b\n"
    "[staff 1001]\nname=王芳\n";

static const char *S_ID1 = "11010519491231002X", *S_ID2 = "330102199001011234", *S_ID3 = "440524199001010018";

static json_t *
s_book (fixture_t *fx, const char *day, const char *slot, const char *id, const char *document)
{
    json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "category", "a", "day", day, "slot", slot,
                              "name", "张三", "id_number", id, "phone", "13800138000");
    if (document)
        json_object_set_new (args, "document", json_string (document));
    return fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create", args);
}

static const char *
s_book_error (fixture_t *fx, const char *day, const char *slot, const char *id)
{
    static char error[32];
    json_t *reply = s_book (fx, day, slot, id, NULL);
    g_strlcpy (error, fx_error (reply), sizeof error);
    json_decref (reply);
    return error;
}

static void
test_slots (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.slots", json_pack ("{s:s}", "category", "a"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *days = json_object_get (json_object_get (reply, "result"), "days");
    GString *seen = g_string_new (NULL);
    size_t i;
    json_t *day;
    json_array_foreach (days, i, day) {
        g_string_append_printf (seen, "%s%s:", i ? " " : "", json_string_value (json_object_get (day, "day")));
        size_t j;
        json_t *slot;
        json_array_foreach (json_object_get (day, "slots"), j, slot)
            g_string_append_printf (seen, "%s%s/%d", j ? "," : "", json_string_value (json_object_get (slot, "start")),
                                    (int) json_integer_value (json_object_get (slot, "free")));
    }
    /* Today only 09:30 (09:00 is past its 10-minute cut-off); the make-up
     * Saturday; Monday's holiday skipped; three working days ahead. */
    g_assert_cmpstr (seen->str, ==, "2026-11-27:09:30/2 2026-11-28:09:00/2,09:30/2 "
                                    "2026-12-01:09:00/2,09:30/2 2026-12-02:09:00/2,09:30/2");
    g_string_free (seen, TRUE);
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.slots", json_pack ("{s:s}", "category", "b"));
    g_assert_cmpstr (fx_error (reply), ==, "bad_state");                   /* b takes no bookings */
    json_decref (reply);
    fixture_free (fx);
}

static void
test_book_and_capacity (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_t *reply = s_book (fx, "2026-11-28", "09:00", S_ID1, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *booking = json_object_get (json_object_get (reply, "result"), "booking");
    const char *code = json_string_value (json_object_get (booking, "code"));
    g_assert_nonnull (code);
    g_assert_cmpuint (strlen (code), ==, 8);
    g_assert_cmpstr (json_string_value (json_object_get (booking, "person")), ==, "110105********002X");
    g_assert_cmpstr (json_string_value (json_object_get (booking, "name")), ==, "张*");
    g_assert_cmpstr (json_string_value (json_object_get (booking, "phone")), ==, "138****8000");
    g_assert_cmpstr (json_string_value (json_object_get (booking, "start")), ==, "09:00");
    g_assert_cmpstr (json_string_value (json_object_get (booking, "channel")), ==, "phone");
    /* Nothing stored says the number: only its keyed hash and the mask. */
    g_autofree char *dump = json_dumps (booking, 0);
    g_assert_null (strstr (dump, S_ID1));
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (hall_store_db (fx->store),
        "SELECT count(*) FROM booking WHERE instr (person_hash || person_masked || coalesce (name, ''), ?1) > 0",
        -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, S_ID1, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    json_decref (reply);
    /* One booking per person, category and day, also in another slot. */
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:30", S_ID1), ==, "duplicate_person");
    g_assert_cmpstr (s_book_error (fx, "2026-12-01", "09:30", S_ID1), ==, "ok");     /* another day */
    /* Capacity 2: the second place, then full. */
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID2), ==, "ok");
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID3), ==, "slot_full");
    /* Not a bookable day or slot; past the cut-off. */
    g_assert_cmpstr (s_book_error (fx, "2026-11-30", "09:00", S_ID3), ==, "bad_field");  /* the holiday */
    g_assert_cmpstr (s_book_error (fx, "2026-12-03", "09:00", S_ID3), ==, "bad_field");  /* beyond 3 days */
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:15", S_ID3), ==, "bad_field");  /* not a slot */
    g_assert_cmpstr (s_book_error (fx, "2026-11-27", "09:00", S_ID3), ==, "bad_state");  /* cut-off */
    /* A mistyped ID number says so; other documents are free text. */
    json_t *bad = s_book (fx, "2026-12-02", "09:00", "110105194912310021", NULL);
    g_assert_cmpstr (fx_error (bad), ==, "bad_field");
    g_assert_nonnull (strstr (json_string_value (json_object_get (json_object_get (bad, "error"), "message")), "校验不通过"));
    json_decref (bad);
    json_t *passport = s_book (fx, "2026-12-02", "09:00", "E12345678", "passport");
    g_assert_cmpstr (fx_error (passport), ==, "ok");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (json_object_get (passport, "result"),
                     "booking"), "person")), ==, "*********");
    json_decref (passport);
    json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", "a", "day", "2026-12-02",
                              "slot", "09:30", "name", "李四", "id_number", S_ID2, "phone", "13800138000",
                              "credit_code", "91350100M000100Y44");
    json_t *credit = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create", args);
    g_assert_cmpstr (fx_error (credit), ==, "bad_field");
    json_decref (credit);
    /* The manager's list: masked, and without the codes (a code checks in). */
    json_t *list = fixture_op (fx, HALL_ROLE_MANAGER, 0, "booking.list", json_pack ("{s:s}", "day", "2026-11-28"));
    g_assert_cmpstr (fx_error (list), ==, "ok");
    json_t *bookings = json_object_get (json_object_get (list, "result"), "bookings");
    g_assert_cmpuint (json_array_size (bookings), ==, 2);
    g_assert_null (json_object_get (json_array_get (bookings, 0), "code"));
    json_decref (list);
    fixture_free (fx);
}

static void
test_cancel (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_t *reply = s_book (fx, "2026-11-27", "09:30", S_ID1, NULL);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    char code[16];
    g_strlcpy (code, json_string_value (json_object_get (json_object_get (json_object_get (reply, "result"),
               "booking"), "code")), sizeof code);
    json_decref (reply);
    /* 09:00 now; cancelling closes 30 minutes before 09:30: too late. */
    json_t *late = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.cancel", json_pack ("{s:s}", "code", code));
    g_assert_cmpstr (fx_error (late), ==, "bad_state");
    json_decref (late);
    reply = s_book (fx, "2026-11-28", "09:00", S_ID2, NULL);
    g_strlcpy (code, json_string_value (json_object_get (json_object_get (json_object_get (reply, "result"),
               "booking"), "code")), sizeof code);
    json_decref (reply);
    json_t *done = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.cancel", json_pack ("{s:s}", "code", code));
    g_assert_cmpstr (fx_error (done), ==, "ok");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (json_object_get (done, "result"),
                     "booking"), "state")), ==, "cancelled");
    json_decref (done);
    json_t *again = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.cancel", json_pack ("{s:s}", "code", code));
    g_assert_cmpstr (fx_error (again), ==, "bad_state");
    json_decref (again);
    json_t *checkin = fixture_op (fx, HALL_ROLE_KIOSK, 0, "booking.checkin", json_pack ("{s:s}", "code", code));
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (checkin, "result"), "checkin")), ==,
                     "cancelled");
    json_decref (checkin);
    json_t *unknown = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.cancel", json_pack ("{s:s}", "code", "00000000"));
    g_assert_cmpstr (fx_error (unknown), ==, "booking_unknown");
    json_decref (unknown);
    /* The place is free again, and the person may book that day again. */
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID2), ==, "ok");
    fixture_free (fx);
}

static void
test_ban (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    const char *days[] = { "2026-11-27", "2026-11-28", "2026-12-01" };
    for (int i = 0; i < 3; i++)
        g_assert_cmpstr (s_book_error (fx, days[i], "09:30", S_ID1), ==, "ok");
    /* Missed, all three: Tuesday 12-01 10:00, the sweep has marked them. */
    fx_advance (fx, 4 * 86400 + 3600);
    fx_tick (fx);
    json_t *banned = s_book (fx, "2026-12-02", "09:00", S_ID1, NULL);
    g_assert_cmpstr (fx_error (banned), ==, "booking_banned");
    g_assert_nonnull (strstr (json_string_value (json_object_get (json_object_get (banned, "error"), "message")), "2026-12-31"));
    json_decref (banned);
    g_assert_cmpstr (s_book_error (fx, "2026-12-02", "09:00", S_ID2), ==, "ok");     /* others may */
    /* On 2026-12-31, thirty days after the last missed one, again. */
    fx_advance (fx, 29 * 86400);                 /* 2026-12-30 10:00: still banned */
    g_assert_cmpstr (s_book_error (fx, "2026-12-31", "09:30", S_ID1), ==, "booking_banned");
    fx_advance (fx, 86400 - 7200);               /* 2026-12-31 08:00 */
    g_assert_cmpstr (s_book_error (fx, "2026-12-31", "09:30", S_ID1), ==, "ok");
    fixture_free (fx);
}

static char *
s_code (json_t *reply)
{
    return g_strdup (json_string_value (json_object_get (json_object_get (json_object_get (reply, "result"),
                                                                          "booking"), "code")));
}

static json_t *
s_checkin (fixture_t *fx, const char *key, const char *value)
{
    return fixture_op (fx, HALL_ROLE_KIOSK, 0, "booking.checkin", json_pack ("{s:s}", key, value));
}

static const char *
s_str (json_t *reply, const char *a, const char *b)
{
    json_t *v = json_object_get (json_object_get (reply, "result"), a);
    return json_string_value (b ? json_object_get (v, b) : v);
}

static bool
s_has_event (fixture_t *fx, const char *type)
{
    for (guint i = 0; i < fx->last_events->len; i++)
        if (g_strcmp0 (json_string_value (json_object_get (g_ptr_array_index (fx->last_events, i), "type")), type) == 0)
            return true;
    return false;
}

/* Too early (another day), on time by code and by ID number, twice,
 * unknown, too late, and the no-show sweep at the window's close. */
static void
test_checkin (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);             /* Friday 09:00 */
    json_t *reply = s_book (fx, "2026-11-28", "09:00", S_ID1, NULL);
    g_autofree char *tomorrow = s_code (reply);
    json_decref (reply);
    reply = s_book (fx, "2026-11-27", "09:30", S_ID2, NULL);
    g_autofree char *today = s_code (reply);
    json_decref (reply);
    g_assert_cmpstr (s_book_error (fx, "2026-11-27", "09:30", S_ID3), ==, "ok");

    json_t *early = s_checkin (fx, "code", tomorrow);
    g_assert_cmpstr (fx_error (early), ==, "ok");
    g_assert_cmpstr (s_str (early, "checkin", NULL), ==, "early");
    g_assert_cmpstr (s_str (early, "booking", "day"), ==, "2026-11-28");
    g_assert_cmpstr (s_str (early, "booking", "checkin_from"), ==, "08:30");
    g_assert_cmpstr (s_str (early, "booking", "checkin_until"), ==, "09:30");
    g_assert_null (json_object_get (json_object_get (early, "result"), "ticket"));
    json_decref (early);

    /* 09:00 is 30 minutes before 09:30: the window is open. */
    json_t *on_time = s_checkin (fx, "code", today);
    g_assert_cmpstr (fx_error (on_time), ==, "ok");
    g_assert_cmpstr (s_str (on_time, "checkin", NULL), ==, "on_time");
    json_t *ticket = json_object_get (json_object_get (on_time, "result"), "ticket");
    g_assert_cmpstr (json_string_value (json_object_get (ticket, "number")), ==, "A001");
    json_t *appointment = json_object_get (ticket, "appointment");
    g_assert_cmpstr (json_string_value (json_object_get (appointment, "start")), ==, "09:30");
    g_assert_cmpstr (json_string_value (json_object_get (appointment, "end")), ==, "10:00");
    g_assert_cmpint (json_integer_value (json_object_get (appointment, "at")), ==, FX_MORNING + 1800);
    g_assert_nonnull (s_str (on_time, "token", NULL));
    g_assert_cmpstr (s_str (on_time, "booking", "state"), ==, "checked_in");
    g_assert_cmpstr (s_str (on_time, "booking", "ticket"), ==, "A001");
    g_assert_true (s_has_event (fx, "ticket.issued"));
    g_assert_true (s_has_event (fx, "booking.checked_in"));
    json_decref (on_time);
    json_t *again = s_checkin (fx, "code", today);
    g_assert_cmpstr (s_str (again, "checkin", NULL), ==, "checked_in");
    g_assert_cmpstr (s_str (again, "booking", "ticket"), ==, "A001");
    g_assert_null (json_object_get (json_object_get (again, "result"), "ticket"));
    json_decref (again);
    json_t *unknown = s_checkin (fx, "code", "00000000");
    g_assert_cmpstr (fx_error (unknown), ==, "booking_unknown");
    json_decref (unknown);
    /* By the ID number (lower-case x too): today's booking of that person. */
    json_t *by_id = s_checkin (fx, "id_number", S_ID3);
    g_assert_cmpstr (s_str (by_id, "checkin", NULL), ==, "on_time");
    g_assert_cmpstr (json_string_value (json_object_get (json_object_get (json_object_get (by_id, "result"), "ticket"),
                     "number")), ==, "A002");
    json_decref (by_id);
    json_t *nobody = s_checkin (fx, "id_number", S_ID1);              /* booked for tomorrow only */
    g_assert_cmpstr (fx_error (nobody), ==, "booking_unknown");
    json_decref (nobody);

    /* Saturday 09:31: tomorrow's window closed at 09:30. */
    fx_advance (fx, 86400 + 31 * 60);
    json_t *late = s_checkin (fx, "code", tomorrow);
    g_assert_cmpstr (s_str (late, "checkin", NULL), ==, "late");
    g_assert_null (json_object_get (json_object_get (late, "result"), "ticket"));
    json_decref (late);
    fx_tick (fx);
    g_assert_true (s_has_event (fx, "booking.noshow"));
    json_t *gone = s_checkin (fx, "code", tomorrow);                /* a no-show now: still late */
    g_assert_cmpstr (s_str (gone, "checkin", NULL), ==, "late");
    json_decref (gone);
    gone = s_checkin (fx, "id_number", S_ID1);                         /* the same by the ID number */
    g_assert_cmpstr (s_str (gone, "checkin", NULL), ==, "late");
    g_assert_cmpstr (s_str (gone, "booking", "state"), ==, "noshow");
    json_decref (gone);
    json_t *find = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.find", json_pack ("{s:s}", "code", tomorrow));
    g_assert_cmpstr (s_str (find, "booking", "state"), ==, "noshow");
    json_decref (find);
    fixture_free (fx);
}

/* The sweep marks a no-show at the very minute its window closes, not at
 * the next whole minute of sweeping. */
static void
test_noshow_at_close (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    g_assert_cmpstr (s_book_error (fx, "2026-11-27", "09:30", S_ID1), ==, "ok");
    fx_advance (fx, 59 * 60 + 59);                                 /* 09:59:59 */
    fx_tick (fx);
    g_assert_false (s_has_event (fx, "booking.noshow"));
    fx_advance (fx, 1);                                            /* 10:00:00 */
    g_assert_true (hall_engine_tick_due (fx->engine));
    fx_tick (fx);
    g_assert_true (s_has_event (fx, "booking.noshow"));
    fixture_free (fx);
}

static const char *s_priority_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\n"
    "[category a]\nprefix=A\nname=甲\ntarget_wait=%d\nbooking_hours=09:00-12:00\nbooking_slot=30\nbooking_capacity=4\n"
    "[category b]\nprefix=B\nname=乙\n"
    "[window 1]\nprimary=a\nbackup=b\n"
    "[staff 1001]\nname=王芳\n";

/* The calls at window 1 with TARGET minutes of target wait: walk-ins
 * A001 and A002 at 09:00, the appointment for 09:30 checked in at 09:05
 * (A003), a green-channel ticket at 09:20 (A004); calls at 09:10, 09:30,
 * 09:31 and 09:32. */
static char *
s_priority_calls (int target)
{
    g_autofree char *config = g_strdup_printf (s_priority_hall, target);
    fixture_t *fx = fixture_new (config, FX_MORNING);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A002");
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create",
        json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "category", "a", "day", "2026-11-27", "slot", "09:30",
                   "name", "张三", "id_number", S_ID1, "phone", "13800138000"));
    g_autofree char *code = s_code (reply);
    json_decref (reply);
    fx_advance (fx, 5 * 60);
    json_decref (s_checkin (fx, "code", code));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    GString *calls = g_string_new (NULL);
    int64_t at[] = { 10 * 60, 30 * 60, 31 * 60, 32 * 60 };
    int64_t now = 5 * 60;
    for (size_t i = 0; i < G_N_ELEMENTS (at); i++) {
        fx_advance (fx, at[i] - now);
        now = at[i];
        if (at[i] == 30 * 60) {
            reply = fixture_op (fx, HALL_ROLE_ADMIN, 0, "issue",
                                json_pack ("{s:s, s:s, s:s}", "category", "a", "green", "老年人", "granted_by", "咨询台"));
            json_decref (reply);
        }
        g_string_append_printf (calls, "%s%s", i ? " " : "", fx_call (fx, 1));
        fx_do (fx, "start", 1);
        fx_do (fx, "finish", 1);
    }
    fixture_free (fx);
    return g_string_free (calls, FALSE);
}

static void
test_appointment_priority (void)
{
    /* Target 60 minutes: at 09:10 the appointment is not due (a walk-in
     * comes first); from 09:30 it is called before the walk-in A002, and
     * after the green channel (A004, issued at 09:30). */
    g_autofree char *calm = s_priority_calls (60);
    g_assert_cmpstr (calm, ==, "A001 A004 A003 A002");
    /* Target 20 minutes: A002 has waited 30 by 09:30, so it is overdue and
     * goes before the appointment — an appointment never pushes a walk-in
     * past the target. */
    g_autofree char *busy = s_priority_calls (20);
    g_assert_cmpstr (busy, ==, "A001 A004 A002 A003");
}

static int
s_ahead (fixture_t *fx, const char *number)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "status", json_pack ("{s:s}", "ticket", number));
    int ahead = (int) json_integer_value (json_object_get (json_object_get (reply, "result"), "ahead"));
    json_decref (reply);
    return ahead;
}

/* People ahead follow the calls: an appointment not yet due queues as a
 * walk-in; from its slot's start it is ahead of the walk-ins. */
static void
test_appointment_ahead (void)
{
    g_autofree char *config = g_strdup_printf (s_priority_hall, 60);
    fixture_t *fx = fixture_new (config, FX_MORNING);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A001");
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "booking.create",
        json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s}", "category", "a", "day", "2026-11-27", "slot", "09:30",
                   "name", "张三", "id_number", S_ID1, "phone", "13800138000"));
    g_autofree char *code = s_code (reply);
    json_decref (reply);
    fx_advance (fx, 60);
    json_decref (s_checkin (fx, "code", code));                     /* A002, due at 09:30 */
    fx_advance (fx, 60);
    g_assert_cmpstr (fx_issue (fx, "a"), ==, "A003");
    g_assert_cmpint (s_ahead (fx, "A002"), ==, 1);                  /* 09:02: behind A001 */
    g_assert_cmpint (s_ahead (fx, "A003"), ==, 2);
    fx_advance (fx, 28 * 60);                                       /* 09:30 */
    g_assert_cmpint (s_ahead (fx, "A002"), ==, 0);
    g_assert_cmpint (s_ahead (fx, "A001"), ==, 1);
    g_assert_cmpint (s_ahead (fx, "A003"), ==, 2);
    fixture_free (fx);
}

/* Names and phones go booking_retention_days (180) after the slot's day;
 * the mask and the keyed hash stay (for the ban). */
static void
test_retention (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID1), ==, "ok");
    sqlite3 *db = hall_store_db (fx->store);
    const char *sql = "SELECT count(*) FROM booking WHERE name IS NOT NULL AND phone IS NOT NULL";
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
    /* 2027-05-27: 180 days after 2026-11-28, still kept. */
    fx_advance (fx, 181 * 86400);
    fx_tick (fx);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
    fx_advance (fx, 86400);                                        /* 2027-05-28 */
    fx_tick (fx);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM booking WHERE person_masked = '110105********002X'"
                                         " AND name IS NULL AND phone IS NULL AND state = 'noshow'", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    fixture_free (fx);
}

static int
s_owed (fixture_t *fx, const char *kind, json_int_t *id)
{
    json_t *reply = fixture_op (fx, HALL_ROLE_WEB, 0, "notify.owed", NULL);
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    int n = 0;
    size_t i;
    json_t *message;
    json_array_foreach (json_object_get (json_object_get (reply, "result"), "owed"), i, message)
        if (strcmp (json_string_value (json_object_get (message, "kind")), kind) == 0) {
            n++;
            if (id)
                *id = json_integer_value (json_object_get (message, "id"));
            g_assert_cmpstr (json_string_value (json_object_get (message, "phone")), ==, "13800138000");
            g_assert_true (json_is_null (json_object_get (message, "number")));
            g_assert_nonnull (json_string_value (json_object_get (json_object_get (message, "booking"), "start")));
        }
    json_decref (reply);
    return n;
}

/* The reminders: the working day before from 10:00, an hour before the
 * slot; once each; not for a booking made after that moment. */
static void
test_reminders (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);              /* Friday 09:00 */
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID1), ==, "ok");   /* Saturday, a working day */
    fx_advance (fx, 59 * 60);                                                      /* 09:59 */
    g_assert_cmpint (s_owed (fx, "booking_day", NULL), ==, 0);
    fx_advance (fx, 60);                                                           /* 10:00 */
    json_int_t id = 0;
    g_assert_cmpint (s_owed (fx, "booking_day", &id), ==, 1);
    g_assert_cmpint (s_owed (fx, "booking_day", NULL), ==, 1);                     /* still owed, once */
    json_decref (fixture_op (fx, HALL_ROLE_WEB, 0, "notify.sent", json_pack ("{s:I}", "id", id)));
    g_assert_cmpint (s_owed (fx, "booking_day", NULL), ==, 0);                     /* sent: never again */
    g_assert_cmpint (s_owed (fx, "booking_hour", NULL), ==, 0);
    /* Saturday 07:59, then 08:00: an hour before 09:00. */
    fx_advance (fx, 22 * 3600 - 60);
    g_assert_cmpint (s_owed (fx, "booking_hour", NULL), ==, 0);
    g_assert_cmpint (s_owed (fx, "booking_day", NULL), ==, 0);
    fx_advance (fx, 60);
    g_assert_cmpint (s_owed (fx, "booking_hour", NULL), ==, 1);
    /* Booked at 08:45 for 09:30: made less than an hour before, no reminder. */
    fx_advance (fx, 45 * 60);
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:30", S_ID2), ==, "ok");
    fx_advance (fx, 60);                                                           /* 08:46 */
    g_assert_cmpint (s_owed (fx, "booking_hour", NULL), ==, 1);                    /* the 09:00 one only */
    fixture_free (fx);
}

/* booking.summary: per day, category and slot; nothing personal. */
static void
test_summary (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    g_assert_cmpstr (s_book_error (fx, "2026-11-27", "09:30", S_ID1), ==, "ok");
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:00", S_ID2), ==, "ok");
    json_decref (s_checkin (fx, "id_number", S_ID1));
    json_t *reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "booking.summary", json_pack ("{s:i}", "days", 4));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    g_autofree char *text = json_dumps (json_object_get (reply, "result"), JSON_COMPACT);
    g_test_message ("%s", text);
    g_assert_null (strstr (text, "张"));
    json_t *days = json_object_get (json_object_get (reply, "result"), "days");
    /* Friday, the make-up Saturday, (Sunday no), Monday's holiday no. */
    g_assert_cmpuint (json_array_size (days), ==, 2);
    json_t *friday = json_array_get (json_object_get (json_array_get (json_object_get (json_array_get (days, 0),
                                     "categories"), 0), "slots"), 1);
    g_assert_cmpstr (json_string_value (json_object_get (friday, "start")), ==, "09:30");
    g_assert_cmpint (json_integer_value (json_object_get (friday, "booked")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (friday, "checked_in")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (friday, "capacity")), ==, 2);
    json_decref (reply);
    fixture_free (fx);
}

/* The report's appointment figures (METRICS.md): Friday's 09:30 slot with
 * one check-in called 10 minutes after its start, one no-show and one
 * cancelled booking. */
static void
test_report (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    json_t *reply = s_book (fx, "2026-11-28", "09:30", S_ID1, NULL);
    g_autofree char *kept = s_code (reply);
    json_decref (reply);
    g_assert_cmpstr (s_book_error (fx, "2026-11-28", "09:30", S_ID2), ==, "ok");
    reply = s_book (fx, "2026-11-28", "09:00", S_ID3, NULL);
    g_autofree char *dropped = s_code (reply);
    json_decref (reply);
    json_decref (fixture_op (fx, HALL_ROLE_WEB, 0, "booking.cancel", json_pack ("{s:s}", "code", dropped)));
    fx_advance (fx, 86400 + 5 * 60);                                /* Saturday 09:05: checks in */
    json_decref (s_checkin (fx, "code", kept));
    json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin", json_pack ("{s:i, s:s}", "window", 1, "staff", "1001")));
    fx_advance (fx, 35 * 60);                                       /* 09:40 */
    g_assert_cmpstr (fx_call (fx, 1), ==, "A001");
    fx_advance (fx, 3600);                                          /* 10:40: the other one missed */
    fx_tick (fx);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                        json_pack ("{s:s, s:s}", "from", "2026-11-28", "to", "2026-11-28"));
    g_assert_cmpstr (fx_error (reply), ==, "ok");
    json_t *totals = json_object_get (json_object_get (reply, "result"), "totals");
    g_assert_cmpint (json_integer_value (json_object_get (totals, "bookings")), ==, 3);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "bookings_cancelled")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "checkins")), ==, 1);
    g_assert_cmpint (json_integer_value (json_object_get (totals, "booking_noshows")), ==, 1);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "noshow_rate")), ==, 0.5);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "checkin_rate")), ==, 0.5);
    g_assert_cmpfloat (json_real_value (json_object_get (totals, "appointment_wait_avg")), ==, 600.0);
    json_t *row = json_array_get (json_object_get (json_object_get (reply, "result"), "rows"), 0);
    g_assert_cmpstr (json_string_value (json_object_get (row, "key")), ==, "a");
    g_assert_cmpint (json_integer_value (json_object_get (row, "bookings")), ==, 3);
    json_decref (reply);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/booking/slots-over-the-calendar", test_slots);
    g_test_add_func ("/booking/book-capacity-and-checks", test_book_and_capacity);
    g_test_add_func ("/booking/cancel", test_cancel);
    g_test_add_func ("/booking/ban-after-missed", test_ban);
    g_test_add_func ("/booking/checkin-early-on-time-late", test_checkin);
    g_test_add_func ("/booking/noshow-at-the-window-close", test_noshow_at_close);
    g_test_add_func ("/booking/appointment-priority", test_appointment_priority);
    g_test_add_func ("/booking/appointment-ahead", test_appointment_ahead);
    g_test_add_func ("/booking/retention", test_retention);
    g_test_add_func ("/booking/reminders", test_reminders);
    g_test_add_func ("/booking/summary", test_summary);
    g_test_add_func ("/booking/report-figures", test_report);
    return g_test_run ();
}
