/*  test-national.c — `report.national` (server/national.c, docs/METRICS.md
 *  "National form") against figures computed here from the raw rows.
 *
 *  A month is generated with the test clock: November 2026 and a day on
 *  each side of it (2026-10-31, 2026-12-01: outside the month), tickets of
 *  four categories in two departments with a credit code, one with a
 *  name only and one without a department, served at three windows by
 *  three clerks, some missed, some cancelled before a call; ratings at
 *  every level, defaults (the sweep, past rating_default_days), 差评 with
 *  and without the visitor's number (real-name and anonymous cases),
 *  cases rectified and revisited with the visitor's verdict (their link,
 *  a phone call, a visit), appeals pending, accepted and rejected, and
 *  second ratings.  Then each figure of every row and of the totals, by
 *  department, window and clerk, is counted again from the ticket, rating,
 *  service_case, case_appeal and category_item rows with this file's own
 *  code, and compared; the totals also against what the generator meant
 *  to make.
 */
#include "engine-fixture.h"
#include "store.h"
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#define CODE_MARKET "11330102MB1234567B"
#define CODE_TAX    "11330102MB76543218"

static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\narea_code=330102\n"
    "rating_default_days=7\ncase_owner=9001\n"
    "[category a]\nprefix=A\nname=企业登记\nitem_code=330102-001-XK-01\n"
    "department=市场监管所\ndepartment_code=" CODE_MARKET "\n"
    "[category b]\nprefix=B\nname=税务登记\nitem_code=330102-003-XK-01\n"
    "department=税务分局\ndepartment_code=" CODE_TAX "\n"
    "[category c]\nprefix=C\nname=综合咨询\n"
    "[category d]\nprefix=D\nname=户籍\ndepartment=公安窗口\n"
    "[window 1]\nprimary=a\n[window 2]\nprimary=b\n[window 3]\nprimary=c;d\n"
    "[staff 1001]\nname=王芳\n[staff 1002]\nname=李娜\n[staff 1003]\nname=赵强\n"
    "[staff 9001]\nname=周主任\nrole=manager\n[staff 9002]\nname=陈科长\nrole=manager\n";

static const char *s_categories[] = { "a", "b", "c", "d" };
static const int s_windows[] = { 1, 2, 3, 3 };

/* What the generator meant to make of the month's tickets: the totals. */
typedef struct {
    int visits, given, defaults, excluded, level[6];
    int bad_rectified, real_name, anonymous, revisited;
    int appeals, appeals_decided, appeals_accepted, second_ratings, second_good;
} intent_t;

static sqlite3 *
s_db (fixture_t *fx)
{
    return hall_store_db (fx->store);
}

static int64_t
s_sql_int (fixture_t *fx, const char *sql, int64_t arg)
{
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (s_db (fx), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, arg);
    int64_t value = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
    sqlite3_finalize (stmt);
    return value;
}

static void
s_sql (fixture_t *fx, const char *sql, int64_t a, int64_t b, const char *text)
{
    sqlite3_stmt *stmt;
    g_assert_cmpint (sqlite3_prepare_v2 (s_db (fx), sql, -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, a);
    sqlite3_bind_int64 (stmt, 2, b);
    if (text)
        sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
}

static json_t *
s_ok (json_t *reply)
{
    if (!json_is_true (json_object_get (reply, "ok")))
        g_error ("refused: %s", json_dumps (reply, JSON_COMPACT));
    json_t *result = json_incref (json_object_get (reply, "result"));
    json_decref (reply);
    return result;
}

static int64_t
s_now (fixture_t *fx)
{
    return hall_engine_now (fx->engine);
}

/* ---- the follow-up of a 差评 case -------------------------------------------- */

/* Contacted (a real-name case) and rectified, with their records. */
static void
s_rectify (fixture_t *fx, int64_t id)
{
    int64_t now = s_now (fx);
    s_sql (fx, "UPDATE service_case SET state = 'rectified', contacted_at = CASE WHEN anonymous THEN NULL ELSE ?2 END,"
               " rectified_at = ?2 WHERE id = ?1", id, now, NULL);
    s_sql (fx, "INSERT INTO case_action (service_case, time, action, note, by_whom) VALUES (?1, ?2, 'rectify', ?3, '王芳')",
           id, now, "重新核对材料并当场办结");
}

/* The visitor's verdict 满意, from SOURCE: visitor (their link), phone_call,
 * visit; NULL: a manager's verdict of before schema 15 (no source). */
static void
s_verdict (fixture_t *fx, int64_t id, const char *source)
{
    int64_t now = s_now (fx);
    s_sql (fx, "UPDATE service_case SET state = 'verdict', revisited_at = ?2, verdict = '满意', verdict_at = ?2,"
               " verdict_source = ?3 WHERE id = ?1", id, now, source);
}

/* The clerk's appeal, and a manager's decision: STATE pending, accepted
 * or rejected. */
static void
s_appeal (fixture_t *fx, int64_t id, const char *state)
{
    int64_t now = s_now (fx);
    s_sql (fx, "INSERT INTO case_appeal (service_case, filed_by, filed_at, reason) SELECT id, clerk, ?2, '恶意差评'"
               " FROM service_case WHERE id = ?1", id, now, NULL);
    if (strcmp (state, "pending") == 0)
        return;
    s_sql (fx, "UPDATE case_appeal SET state = ?3, decided_by = '9001', decided_at = ?2 WHERE service_case = ?1",
           id, now, state);
    if (strcmp (state, "accepted") == 0) {
        s_sql (fx, "UPDATE rating SET excluded = 1, excluded_reason = '恶意差评', excluded_at = ?2, excluded_by = '9001'"
                   " WHERE id = (SELECT rating FROM service_case WHERE id = ?1)", id, now, NULL);
        s_sql (fx, "UPDATE service_case SET appealed_at = ?2 WHERE id = ?1", id, now, NULL);
    }
}

/* The visitor's second rating after the verdict: round 2 of the same step. */
static void
s_second (fixture_t *fx, int64_t id, int level)
{
    g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, s_now (fx));
    s_sql (fx, "INSERT INTO rating (ticket, step, category, window, clerk, level, reasons, reasons_version,"
               " is_default, channel, time, round)"
               " SELECT r.ticket, r.step, r.category, r.window, r.clerk, ?2, '[]', r.reasons_version, 0, 'phone',"
               " CAST (?3 AS INTEGER), 2 FROM service_case c JOIN rating r ON r.id = c.rating WHERE c.id = ?1",
           id, level, now);
}

/* ---- the month ---------------------------------------------------------------- */

/* One visit: issued, called at its window, then missed, or served and
 * rated as RAND says.  IN_MONTH: counted in INTENT. */
static void
s_visit (fixture_t *fx, GRand *rand, bool in_month, intent_t *intent)
{
    int c = g_rand_int_range (rand, 0, 4);
    int window = s_windows[c];
    const char *number = fx_issue (fx, s_categories[c]);
    g_assert_true (number[0] != '!');
    char ticket[16];
    g_strlcpy (ticket, number, sizeof ticket);
    int fate = g_rand_int_range (rand, 0, 20);
    if (fate == 0) {                         /* cancelled before a call: no window, no clerk */
        json_decref (s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, "cancel", json_pack ("{s:s}", "ticket", ticket))));
        return;
    }
    g_assert_cmpstr (fx_call (fx, window), ==, ticket);
    fx_advance (fx, 30);
    if (fate == 1) {                         /* missed */
        g_assert_cmpstr (fx_do (fx, "noshow", window), ==, ticket);
        return;
    }
    g_assert_cmpstr (fx_do (fx, "start", window), ==, ticket);
    fx_advance (fx, 120);
    g_assert_cmpstr (fx_do (fx, "finish", window), ==, ticket);
    intent->visits += in_month;
    int choice = g_rand_int_range (rand, 0, 12);
    if (choice < 2) {                         /* not rated: the default, later */
        intent->defaults += in_month;
        return;
    }
    /* Every level, 差评 (1-2) more often than a hall would see them. */
    int level = choice < 4 ? 5 : choice < 6 ? 4 : choice < 7 ? 3 : choice < 9 ? 2 : 1;
    bool real_name = level <= 2 && g_rand_boolean (rand);
    json_t *args = json_pack ("{s:i, s:i}", "window", window, "level", level);
    if (level <= 2) {
        json_object_set_new (args, "reasons", json_pack ("[s]", "slow_handling"));
        if (real_name) {
            json_object_set_new (args, "contact_phone", json_string ("13800138000"));
            json_object_set_new (args, "consent", json_true ());
        }
    }
    json_t *result = s_ok (fixture_op (fx, HALL_ROLE_RATING_PAD, window, "rate", args));
    intent->given += in_month;
    json_t *kase = json_object_get (result, "case");
    if (level > 2) {
        g_assert_true (json_is_null (kase));
        intent->level[level] += in_month;
        json_decref (result);
        return;
    }
    int64_t id = json_integer_value (json_object_get (kase, "id"));
    json_decref (result);
    g_assert_cmpint (id, >, 0);
    /* Until rate keeps the number for the case (schema 15), a case left
     * without it is marked here as the server will. */
    if (!real_name)
        s_sql (fx, "UPDATE service_case SET anonymous = 1 WHERE id = ?1", id, 0, NULL);
    g_assert_cmpint (s_sql_int (fx, "SELECT anonymous FROM service_case WHERE id = ?1", id), ==, !real_name);

    /* The follow-up, as far as this case gets. */
    int appeal = g_rand_int_range (rand, 0, 8);      /* 0 pending, 1 accepted, 2 rejected, else none */
    bool rectified = g_rand_int_range (rand, 0, 10) < 6;
    /* 0-2 the visitor's verdict (their link, a phone call, a visit); 3 a
     * verdict of before schema 15, a manager's, with no source: not a
     * revisit the national form counts; 4 none yet. */
    int verdict = rectified && real_name ? g_rand_int_range (rand, 0, 5) : 4;
    bool second = verdict < 3 && g_rand_boolean (rand);
    int second_level = 1 + g_rand_int_range (rand, 0, 5);
    if (appeal <= 2) {
        static const char *states[] = { "pending", "accepted", "rejected" };
        s_appeal (fx, id, states[appeal]);
        intent->appeals += in_month;
        intent->appeals_decided += in_month && appeal > 0;
        intent->appeals_accepted += in_month && appeal == 1;
    }
    bool excluded = appeal == 1;
    intent->excluded += in_month && excluded;
    if (!excluded)
        intent->level[level] += in_month;
    if (rectified) {
        fx_advance (fx, 600);
        s_rectify (fx, id);
        intent->bad_rectified += in_month && !excluded;
    }
    if (!excluded) {
        intent->real_name += in_month && real_name;
        intent->anonymous += in_month && !real_name;
    }
    if (verdict < 4) {
        static const char *sources[] = { "visitor", "phone_call", "visit", NULL };
        fx_advance (fx, 600);
        s_verdict (fx, id, sources[verdict]);
        intent->revisited += in_month && !excluded && verdict < 3;
    }
    if (second) {
        s_second (fx, id, second_level);
        intent->second_ratings += in_month;
        intent->second_good += in_month && second_level >= 3;
    }
}

/* From 2026-10-31 to 2026-12-01, N visits a day; then a fortnight on, so
 * that every visit not rated has its default. */
static fixture_t *
s_month (intent_t *intent)
{
    /* 2026-10-31 09:00 in Shanghai: FX_MORNING (2026-11-27) less 27 days. */
    fixture_t *fx = fixture_new (s_hall, FX_MORNING - 27 * 86400);
    GRand *rand = g_rand_new_with_seed (17);
    memset (intent, 0, sizeof *intent);
    for (int day = 0; day < 32; day++) {
        for (int w = 1; w <= 3; w++) {
            char staff[8];
            g_snprintf (staff, sizeof staff, "100%d", w);
            json_decref (fixture_op (fx, HALL_ROLE_ADMIN, 0, "signin",
                                     json_pack ("{s:i, s:s}", "window", w, "staff", staff)));
        }
        bool in_month = day >= 1 && day <= 30;
        int visits = 8 + g_rand_int_range (rand, 0, 6);
        for (int v = 0; v < visits; v++)
            s_visit (fx, rand, in_month, intent);
        /* On to 09:00 the next day: the day change and the sweeps. */
        int64_t next = FX_MORNING - 27 * 86400 + (day + 1) * (int64_t) 86400;
        fx_advance (fx, next - s_now (fx));
        fx_tick (fx);
    }
    fx_advance (fx, 14 * 86400);
    fx_tick (fx);
    g_rand_free (rand);
    return fx;
}

/* ---- the figures from the raw rows ------------------------------------------------ */

enum {
    F_VISITS, F_GIVEN, F_DEFAULT, F_EXCLUDED, F_VALID, F_L5, F_L4, F_L3, F_L2, F_L1, F_GOOD, F_BAD,
    F_RECTIFIED, F_REAL_NAME, F_ANONYMOUS, F_REVISITED, F_APPEALS, F_DECIDED, F_ACCEPTED,
    F_SECOND, F_SECOND_GOOD, F_COUNT
};
static const char *s_fields[F_COUNT] = {
    "visits", "ratings_given", "ratings_default", "ratings_excluded", "ratings_valid",
    "level_5", "level_4", "level_3", "level_2", "level_1", "good", "bad",
    "bad_rectified", "real_name", "anonymous", "revisited", "appeals", "appeals_decided",
    "appeals_accepted", "second_ratings", "second_good",
};
/* The rates: name, numerator, denominator. */
static const struct { const char *name; int part, whole; } s_rates[] = {
    { "good_rate", F_GOOD, F_VALID }, { "bad_rate", F_BAD, F_VALID }, { "active_rate", F_GIVEN, F_VISITS },
    { "rectify_rate", F_RECTIFIED, F_BAD }, { "revisit_rate", F_REVISITED, F_REAL_NAME },
    { "appeal_accept_rate", F_ACCEPTED, F_DECIDED },
};

typedef struct {
    int   n[F_COUNT];
    char *name;            /* by department: the department's, or "(未设部门)" */
    char *code;            /* by department: its credit code, or NULL */
} expect_t;

static void
s_expect_free (gpointer data)
{
    expect_t *e = data;
    g_free (e->name);
    g_free (e->code);
    g_free (e);
}

static char *
s_text (sqlite3_stmt *stmt, int col)
{
    return sqlite3_column_type (stmt, col) == SQLITE_NULL ? NULL
         : g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* Every figure of BY's rows (key → expect_t) and into TOTAL, from the
 * raw rows: ticket by ticket, its ratings, its cases, their appeals. */
static GHashTable *
s_expected (fixture_t *fx, const char *by, expect_t *total)
{
    GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, s_expect_free);
    memset (total, 0, sizeof *total);
    sqlite3_stmt *tickets, *item, *ratings, *cases, *appeal;
    sqlite3 *db = s_db (fx);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT id, day, category, window, clerk, state, journey_current FROM ticket", -1, &tickets, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT department, department_code FROM category_item WHERE category = ?1", -1, &item, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT id, step, round, level, is_default, excluded FROM rating WHERE ticket = ?1", -1, &ratings, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT id, kind, rating, anonymous, rectified_at, verdict_source FROM service_case WHERE ticket = ?1"
        " ORDER BY id", -1, &cases, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db,
        "SELECT state FROM case_appeal WHERE service_case = ?1", -1, &appeal, NULL), ==, SQLITE_OK);
    while (sqlite3_step (tickets) == SQLITE_ROW) {
        const char *day = (const char *) sqlite3_column_text (tickets, 1);
        if (strncmp (day, "2026-11-", 8) != 0)
            continue;
        int64_t id = sqlite3_column_int64 (tickets, 0);
        g_autofree char *category = s_text (tickets, 2);
        g_autofree char *window = s_text (tickets, 3);
        g_autofree char *clerk = s_text (tickets, 4);
        bool finished = strcmp ((const char *) sqlite3_column_text (tickets, 5), "finished") == 0;
        bool journey = sqlite3_column_type (tickets, 6) != SQLITE_NULL;
        int current = sqlite3_column_int (tickets, 6);

        sqlite3_bind_text (item, 1, category, -1, SQLITE_TRANSIENT);
        g_autofree char *department = NULL, *code = NULL;
        if (sqlite3_step (item) == SQLITE_ROW) {
            department = s_text (item, 0);
            code = s_text (item, 1);
        }
        sqlite3_reset (item);
        const char *key = strcmp (by, "window") == 0 ? window : strcmp (by, "clerk") == 0 ? clerk
                        : code ? code : department;
        if (!key)
            key = "-";
        expect_t *row = g_hash_table_lookup (rows, key);
        if (!row) {
            row = g_new0 (expect_t, 1);
            if (strcmp (by, "department") == 0) {
                row->name = g_strdup (department ? department : "(未设部门)");
                row->code = g_strdup (code);
            }
            g_hash_table_insert (rows, g_strdup (key), row);
        }
        int n[F_COUNT] = { 0 };
        n[F_VISITS] = finished;
        /* The visit's first rating (its step's, for a journey) and its second. */
        int64_t first = 0;
        int level = 0, first_step = -1, second_level = 0;
        bool is_default = false, excluded = false, second = false;
        sqlite3_bind_int64 (ratings, 1, id);
        while (sqlite3_step (ratings) == SQLITE_ROW) {
            bool stepped = sqlite3_column_type (ratings, 1) != SQLITE_NULL;
            int step = sqlite3_column_int (ratings, 1);
            if (sqlite3_column_int (ratings, 2) == 1 && stepped == journey && (!journey || step == current)) {
                first = sqlite3_column_int64 (ratings, 0);
                level = sqlite3_column_int (ratings, 3);
                is_default = sqlite3_column_int (ratings, 4);
                excluded = sqlite3_column_int (ratings, 5);
                first_step = stepped ? step : -1;
            }
        }
        sqlite3_reset (ratings);
        sqlite3_bind_int64 (ratings, 1, id);
        while (first && sqlite3_step (ratings) == SQLITE_ROW) {
            int step = sqlite3_column_type (ratings, 1) == SQLITE_NULL ? -1 : sqlite3_column_int (ratings, 1);
            if (sqlite3_column_int (ratings, 2) == 2 && step == first_step && !sqlite3_column_int (ratings, 4)) {
                second = true;
                second_level = sqlite3_column_int (ratings, 3);
            }
        }
        sqlite3_reset (ratings);
        if (first && is_default)
            n[F_DEFAULT] = 1;
        else if (first) {
            n[F_GIVEN] = 1;
            n[F_EXCLUDED] = excluded;
            n[F_VALID] = !excluded;
            if (!excluded) {
                n[F_L5 + (5 - level)] = 1;
                n[F_GOOD] = level >= 3;
                n[F_BAD] = level <= 2;
            }
            /* The rating's case: its first of kind rating. */
            sqlite3_bind_int64 (cases, 1, id);
            while (sqlite3_step (cases) == SQLITE_ROW) {
                if (strcmp ((const char *) sqlite3_column_text (cases, 1), "rating") != 0
                    || sqlite3_column_int64 (cases, 2) != first)
                    continue;
                bool anonymous = sqlite3_column_int (cases, 3);
                const char *source = (const char *) sqlite3_column_text (cases, 5);
                if (n[F_BAD]) {
                    n[F_RECTIFIED] = sqlite3_column_type (cases, 4) != SQLITE_NULL;
                    n[F_ANONYMOUS] = anonymous;
                    n[F_REAL_NAME] = !anonymous;
                    n[F_REVISITED] = !anonymous && source
                                     && (!strcmp (source, "visitor") || !strcmp (source, "phone_call")
                                         || !strcmp (source, "visit"));
                }
                sqlite3_bind_int64 (appeal, 1, sqlite3_column_int64 (cases, 0));
                if (sqlite3_step (appeal) == SQLITE_ROW) {
                    const char *state = (const char *) sqlite3_column_text (appeal, 0);
                    n[F_APPEALS] = 1;
                    n[F_DECIDED] = strcmp (state, "pending") != 0;
                    n[F_ACCEPTED] = strcmp (state, "accepted") == 0;
                }
                sqlite3_reset (appeal);
                break;
            }
            sqlite3_reset (cases);
        }
        if (first && second) {
            n[F_SECOND] = 1;
            n[F_SECOND_GOOD] = second_level >= 3;
        }
        for (int f = 0; f < F_COUNT; f++) {
            row->n[f] += n[f];
            total->n[f] += n[f];
        }
    }
    sqlite3_finalize (tickets);
    sqlite3_finalize (item);
    sqlite3_finalize (ratings);
    sqlite3_finalize (cases);
    sqlite3_finalize (appeal);
    return rows;
}

/* ROW of the report carries every figure of EXPECT, counts and rates. */
static void
s_compare (const char *by, const char *key, json_t *row, const expect_t *expect)
{
    for (int f = 0; f < F_COUNT; f++) {
        json_t *value = json_object_get (row, s_fields[f]);
        if (!json_is_integer (value) || json_integer_value (value) != expect->n[f])
            g_error ("by %s, row %s: %s is %s, the raw rows say %d", by, key, s_fields[f],
                     value ? json_dumps (value, JSON_ENCODE_ANY) : "missing", expect->n[f]);
    }
    for (size_t i = 0; i < G_N_ELEMENTS (s_rates); i++) {
        json_t *value = json_object_get (row, s_rates[i].name);
        int whole = expect->n[s_rates[i].whole];
        if (whole == 0) {
            if (!json_is_null (value))
                g_error ("by %s, row %s: %s should be null", by, key, s_rates[i].name);
            continue;
        }
        double want = round ((double) expect->n[s_rates[i].part] / whole * 10000.0) / 10000.0;
        if (!json_is_number (value) || fabs (json_number_value (value) - want) > 1e-9)
            g_error ("by %s, row %s: %s is %s, the raw rows say %.4f", by, key, s_rates[i].name,
                     value ? json_dumps (value, JSON_ENCODE_ANY) : "missing", want);
    }
}

static json_t *
s_national (fixture_t *fx, const char *month, const char *by)
{
    json_t *args = json_pack ("{s:s}", "month", month);
    if (by)
        json_object_set_new (args, "by", json_string (by));
    return fixture_op (fx, HALL_ROLE_MANAGER, 0, "report.national", args);
}

/* The national form reads schema 15 (case_appeal, rating.round,
 * service_case.anonymous): on an older database the tests wait for it. */
static bool
s_schema_15 (fixture_t *fx)
{
    if (s_sql_int (fx, "PRAGMA user_version", 0) >= 15)
        return true;
    g_test_skip ("the database is not yet at schema 15");
    return false;
}

static void
test_national_from_raw_rows (void)
{
    fixture_t *probe = fixture_new (s_hall, FX_MORNING);
    bool ready = s_schema_15 (probe);
    fixture_free (probe);
    if (!ready)
        return;
    intent_t intent;
    fixture_t *fx = s_month (&intent);
    /* The month has what it should: every level, defaults, appeals of
     * each outcome, anonymous and real-name 差评, revisits, second ratings. */
    for (int level = 1; level <= 5; level++)
        g_assert_cmpint (intent.level[level], >, 0);
    g_assert_cmpint (intent.defaults, >, 0);
    g_assert_cmpint (intent.appeals_accepted, >, 0);
    g_assert_cmpint (intent.appeals_decided, >, intent.appeals_accepted);
    g_assert_cmpint (intent.appeals, >, intent.appeals_decided);
    g_assert_cmpint (intent.anonymous, >, 0);
    g_assert_cmpint (intent.real_name, >, intent.revisited);
    g_assert_cmpint (intent.revisited, >, 0);
    g_assert_cmpint (intent.second_ratings, >, intent.second_good);
    g_assert_cmpint (intent.second_good, >, 0);
    g_test_message ("month: %d visits, %d given, %d defaults, %d excluded, %d real-name and %d anonymous bad ratings",
                    intent.visits, intent.given, intent.defaults, intent.excluded, intent.real_name,
                    intent.anonymous);

    const char *bys[] = { "department", "window", "clerk" };
    for (size_t b = 0; b < G_N_ELEMENTS (bys); b++) {
        json_t *reply = s_national (fx, "2026-11", b == 0 ? NULL : bys[b]);
        json_t *report = s_ok (reply);
        g_assert_cmpstr (json_string_value (json_object_get (report, "month")), ==, "2026-11");
        g_assert_cmpstr (json_string_value (json_object_get (report, "by")), ==, bys[b]);
        expect_t total;
        GHashTable *expected = s_expected (fx, bys[b], &total);
        json_t *rows = json_object_get (report, "rows");
        g_assert_cmpuint (json_array_size (rows), ==, g_hash_table_size (expected));
        size_t i;
        json_t *row;
        json_array_foreach (rows, i, row) {
            const char *key = json_string_value (json_object_get (row, "key"));
            expect_t *expect = g_hash_table_lookup (expected, key);
            if (!expect)
                g_error ("by %s: a row %s the raw rows do not have", bys[b], key);
            s_compare (bys[b], key, row, expect);
            if (b == 0) {
                g_assert_cmpstr (json_string_value (json_object_get (row, "name")), ==, expect->name);
                g_assert_cmpstr (json_string_value (json_object_get (row, "code")), ==, expect->code);
            }
        }
        json_t *totals = json_object_get (report, "totals");
        s_compare (bys[b], "totals", totals, &total);
        /* The totals are what the generator made. */
        int meant[F_COUNT] = {
            intent.visits, intent.given, intent.defaults, intent.excluded, intent.given - intent.excluded,
            intent.level[5], intent.level[4], intent.level[3], intent.level[2], intent.level[1],
            intent.level[3] + intent.level[4] + intent.level[5], intent.level[1] + intent.level[2],
            intent.bad_rectified, intent.real_name, intent.anonymous, intent.revisited, intent.appeals,
            intent.appeals_decided, intent.appeals_accepted, intent.second_ratings, intent.second_good,
        };
        for (int f = 0; f < F_COUNT; f++)
            if (meant[f] != total.n[f])
                g_error ("totals: %s: the generator made %d, the raw rows say %d", s_fields[f], meant[f], total.n[f]);
        g_hash_table_destroy (expected);
        json_decref (report);
    }

    /* By department: the two with a code keyed by it, the one with a name
     * only by its name, the categories without one last as (未设部门). */
    json_t *report = s_ok (s_national (fx, "2026-11", "department"));
    json_t *rows = json_object_get (report, "rows");
    g_assert_cmpuint (json_array_size (rows), ==, 4);
    const char *keys[][2] = { { CODE_MARKET, "市场监管所" }, { CODE_TAX, "税务分局" }, { "公安窗口", "公安窗口" },
                              { "-", "(未设部门)" } };
    for (size_t i = 0; i < 4; i++) {
        json_t *row = json_array_get (rows, i);
        g_assert_cmpstr (json_string_value (json_object_get (row, "key")), ==, keys[i][0]);
        g_assert_cmpstr (json_string_value (json_object_get (row, "name")), ==, keys[i][1]);
    }
    json_decref (report);

    /* The figures it shares with `report` over the same days are the same. */
    json_t *hall = s_ok (fixture_op (fx, HALL_ROLE_MANAGER, 0, "report",
                                     json_pack ("{s:s, s:s, s:s}", "from", "2026-11-01", "to", "2026-11-30",
                                                "by", "window")));
    report = s_ok (s_national (fx, "2026-11", "window"));
    const char *shared[] = { "ratings_given", "ratings_default", "ratings_excluded", "ratings_valid",
                             "good_rate", "bad_rate", "active_rate" };
    json_t *a = json_object_get (hall, "totals"), *n = json_object_get (report, "totals");
    for (size_t i = 0; i < G_N_ELEMENTS (shared); i++)
        g_assert_true (json_equal (json_object_get (a, shared[i]), json_object_get (n, shared[i])));
    g_assert_true (json_equal (json_object_get (a, "served"), json_object_get (n, "visits")));
    json_decref (hall);
    json_decref (report);

    /* A month without tickets: no rows, zero counts, null rates. */
    report = s_ok (s_national (fx, "2026-09", NULL));
    g_assert_cmpuint (json_array_size (json_object_get (report, "rows")), ==, 0);
    g_assert_cmpint (json_integer_value (json_object_get (json_object_get (report, "totals"), "visits")), ==, 0);
    g_assert_true (json_is_null (json_object_get (json_object_get (report, "totals"), "good_rate")));
    json_decref (report);
    fixture_free (fx);
}

static void
test_national_bad_field (void)
{
    fixture_t *fx = fixture_new (s_hall, FX_MORNING);
    const char *months[] = { "2026-13", "2026-00", "2026-1", "202611", "2026-11-01", "26-11", "2026/11", "",
                             "2026-1x", "１０２６-11" };
    for (size_t i = 0; i < G_N_ELEMENTS (months); i++) {
        json_t *reply = s_national (fx, months[i], NULL);
        if (strcmp (fx_error (reply), "bad_field") != 0)
            g_error ("month '%s': %s", months[i], fx_error (reply));
        json_decref (reply);
    }
    json_t *reply = s_national (fx, "2026-11", "category");
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    reply = fixture_op (fx, HALL_ROLE_MANAGER, 0, "report.national", json_object ());
    g_assert_cmpstr (fx_error (reply), ==, "bad_field");
    json_decref (reply);
    /* Managers and admins only. */
    reply = fixture_op (fx, HALL_ROLE_KIOSK, 0, "report.national", json_pack ("{s:s}", "month", "2026-11"));
    g_assert_cmpstr (fx_error (reply), ==, "forbidden");
    json_decref (reply);
    fixture_free (fx);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/national/from-raw-rows", test_national_from_raw_rows);
    g_test_add_func ("/national/bad-field", test_national_bad_field);
    return g_test_run ();
}
