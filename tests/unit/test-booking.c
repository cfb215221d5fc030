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
    /* Missed, all three (the no-show sweep's work, done here by hand). */
    g_assert_cmpint (sqlite3_exec (hall_store_db (fx->store), "UPDATE booking SET state = 'noshow'", NULL, NULL,
                                   NULL), ==, SQLITE_OK);
    json_t *banned = s_book (fx, "2026-12-02", "09:00", S_ID1, NULL);
    g_assert_cmpstr (fx_error (banned), ==, "booking_banned");
    g_assert_nonnull (strstr (json_string_value (json_object_get (json_object_get (banned, "error"), "message")), "2026-12-31"));
    json_decref (banned);
    g_assert_cmpstr (s_book_error (fx, "2026-12-02", "09:00", S_ID2), ==, "ok");     /* others may */
    /* On 2026-12-31, thirty days after the last missed one, again. */
    fx_advance (fx, 34 * 86400 - 3600);          /* 2026-12-31 08:00 */
    g_assert_cmpstr (s_book_error (fx, "2026-12-31", "09:30", S_ID1), ==, "ok");
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
    return g_test_run ();
}
