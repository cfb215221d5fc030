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
 *  second ratings, all made with the hall's own operations (rate with
 *  and without contact_phone, case.update, case.appeal and case.decide,
 *  case.link and case.verdict, rate by case_token) but for the verdicts
 *  of before schema 15, which no operation makes any more.  Then each
 *  figure of every row and of the totals, by department, window and
 *  clerk, is counted again from the ticket, rating, service_case,
 *  case_appeal and category_item rows with this file's own code, and
 *  compared; the totals also against what the generator meant to make.
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

/* Made with the operations a hall uses (docs/PROTOCOL.md case.update,
 * case.appeal, case.decide, case.link, case.verdict, rate case_token),
 * each step with its record; only the verdicts of before schema 15 are
 * written as rows (s_old_verdict). */

/* case.update ACTION on case ID, by a manager, with RECORD (stolen). */
static void
s_step (fixture_t *fx, int64_t id, const char *action, json_t *record)
{
    json_object_set_new (record, "case", json_integer (id));
    json_object_set_new (record, "action", json_string (action));
    json_decref (s_ok (fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.update", record)));
}

/* A real-name case: the visitor called back on the number they left. */
static void
s_contact (fixture_t *fx, int64_t id)
{
    s_step (fx, id, "contact", json_pack ("{s:s, s:s}", "method", "phone", "note", "约定三个工作日内答复"));
}

static void
s_rectify (fixture_t *fx, int64_t id)
{
    s_step (fx, id, "rectify", json_pack ("{s:s, s:s}", "note", "重新核对材料并当场办结", "by", "王芳"));
}

/* The case's link for the visitor, sent to their number; its token. */
static char *
s_link (fixture_t *fx, int64_t id)
{
    json_t *result = s_ok (fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.link",
                                       json_pack ("{s:I, s:b}", "case", (json_int_t) id, "send", true)));
    char *token = g_strdup (json_string_value (json_object_get (result, "token")));
    json_decref (result);
    g_assert_nonnull (token);
    return token;
}

/* The visitor's verdict 满意 on a rectified real-name case, from SOURCE:
 * 0 the visitor by their link (case.verdict), 1 a phone call, 2 a visit
 * (case.update revisit).  Returns the link's token, or NULL. */
static char *
s_verdict (fixture_t *fx, int64_t id, int source)
{
    if (source == 0) {
        char *token = s_link (fx, id);
        json_decref (s_ok (fixture_op (fx, HALL_ROLE_WEB, 0, "case.verdict",
                                       json_pack ("{s:s, s:s, s:s}", "token", token, "verdict", "满意",
                                                  "text", "已经办好了"))));
        return token;
    }
    if (source == 1)
        s_step (fx, id, "revisit", json_pack ("{s:s, s:s, s:s, s:s}", "method", "phone", "called", "13800138000",
                                              "verdict", "满意", "note", "电话回访，访客表示满意"));
    else
        s_step (fx, id, "revisit", json_pack ("{s:s, s:s, s:s}", "method", "visit", "verdict", "满意",
                                              "note", "上门回访，访客满意"));
    return NULL;
}

/* A manager's verdict of before schema 15: no source, not the visitor's,
 * so not a revisit the national form counts.  No operation makes one any
 * more (case.update has no verdict action): it is old data, written here
 * as the rows a database migrated to schema 15 holds. */
static void
s_old_verdict (fixture_t *fx, int64_t id)
{
    int64_t now = s_now (fx);
    s_sql (fx, "UPDATE service_case SET state = 'verdict', revisited_at = ?2, verdict = '满意', verdict_at = ?2,"
               " verdict_source = NULL WHERE id = ?1", id, now, NULL);
}

/* The clerk's appeal, filed at their desk (counter at WINDOW) or, for
 * odd ids, by the admin in the name of CLERK. */
static void
s_appeal (fixture_t *fx, int64_t id, int window, const char *clerk)
{
    json_t *args = json_pack ("{s:I, s:s}", "case", (json_int_t) id, "reason", "恶意差评：未办理业务即评价");
    if (id % 2)
        json_object_set_new (args, "staff", json_string (clerk));
    json_decref (s_ok (fixture_op (fx, id % 2 ? HALL_ROLE_ADMIN : HALL_ROLE_COUNTER, id % 2 ? 0 : window,
                                   "case.appeal", args)));
}

/* A manager's decision of the appeal (accepted or rejected), with their
 * password: 9001 or 9002 by turns. */
static void
s_decide (fixture_t *fx, int64_t id, const char *decision)
{
    const char *staff = id % 2 ? "9001" : "9002";
    json_decref (s_ok (fixture_op (fx, HALL_ROLE_MANAGER, 0, "case.decide",
                                   json_pack ("{s:I, s:s, s:s, s:s, s:s}", "case", (json_int_t) id,
                                              "decision", decision, "note", "调取监控核实", "staff", staff,
                                              "password", id % 2 ? "zhou-9001" : "chen-9002"))));
}

/* The visitor's second rating by their case's link: LEVEL, round 2. */
static void
s_second (fixture_t *fx, const char *token, int level)
{
    json_t *args = json_pack ("{s:s, s:i}", "case_token", token, "level", level);
    if (level <= 2)
        json_object_set_new (args, "reasons", json_pack ("[s]", "slow_handling"));
    json_t *result = s_ok (fixture_op (fx, HALL_ROLE_WEB, 0, "rate", args));
    json_t *rating = json_object_get (result, "rating");
    g_assert_cmpint (json_integer_value (json_object_get (rating, "round")), ==, 2);
    g_assert_true (json_is_null (json_object_get (result, "case")));
    json_decref (result);
}

static void
s_close (fixture_t *fx, int64_t id)
{
    s_step (fx, id, "close", json_pack ("{s:s}", "note", "已整改并回访，结案"));
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
    g_autofree char *clerk = g_strdup (json_string_value (json_object_get (kase, "clerk")));
    json_decref (result);
    g_assert_cmpint (id, >, 0);
    /* Without the visitor's number the case is anonymous (rate's contact_phone). */
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
    /* The clerk appeals at once; the decision comes after the follow-up. */
    if (appeal <= 2) {
        s_appeal (fx, id, window, clerk);
        intent->appeals += in_month;
        intent->appeals_decided += in_month && appeal > 0;
        intent->appeals_accepted += in_month && appeal == 1;
    }
    bool excluded = appeal == 1;
    intent->excluded += in_month && excluded;
    if (!excluded)
        intent->level[level] += in_month;
    if (real_name) {
        fx_advance (fx, 300);
        s_contact (fx, id);
    }
    if (rectified) {
        fx_advance (fx, 600);
        s_rectify (fx, id);
        intent->bad_rectified += in_month && !excluded;
    }
    if (!excluded) {
        intent->real_name += in_month && real_name;
        intent->anonymous += in_month && !real_name;
    }
    g_autofree char *token = NULL;
    if (verdict < 4) {
        fx_advance (fx, 600);
        if (verdict < 3)
            token = s_verdict (fx, id, verdict);
        else
            s_old_verdict (fx, id);
        intent->revisited += in_month && !excluded && verdict < 3;
    }
    if (second) {
        if (!token)
            token = s_link (fx, id);
        s_second (fx, token, second_level);
        intent->second_ratings += in_month;
        intent->second_good += in_month && second_level >= 3;
    }
    if (appeal == 1 || appeal == 2)
        s_decide (fx, id, appeal == 1 ? "accepted" : "rejected");
    /* Closed when the follow-up is through: the visitor's verdict, an
     * anonymous case rectified, an appeal accepted; a pending appeal
     * waits for its decision. */
    if (appeal != 0 && (verdict < 3 || (!real_name && rectified) || excluded))
        s_close (fx, id);
}

/* From 2026-10-31 to 2026-12-01, N visits a day; then a fortnight on, so
 * that every visit not rated has its default. */
static fixture_t *
s_month (intent_t *intent)
{
    /* 2026-10-31 09:00 in Shanghai: FX_MORNING (2026-11-27) less 27 days. */
    fixture_t *fx = fixture_new (s_hall, FX_MORNING - 27 * 86400);
    /* The managers who decide appeals, each with their password. */
    json_decref (s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                   json_pack ("{s:s, s:s}", "staff", "9001", "password", "zhou-9001"))));
    json_decref (s_ok (fixture_op (fx, HALL_ROLE_ADMIN, 0, "staff.password",
                                   json_pack ("{s:s, s:s}", "staff", "9002", "password", "chen-9002"))));
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
    g_test_message ("follow-up: %d rectified, %d revisited, %d appeals (%d decided, %d accepted), "
                    "%d second ratings (%d good)", intent.bad_rectified, intent.revisited, intent.appeals,
                    intent.appeals_decided, intent.appeals_accepted, intent.second_ratings, intent.second_good);
    /* Made by the operations: each step in the cases' trails, the
     * verdicts from each source, the old ones without. */
    g_test_message ("trail: %" G_GINT64_FORMAT " contact, %" G_GINT64_FORMAT " rectify, %" G_GINT64_FORMAT
                    " revisit, %" G_GINT64_FORMAT " appeal, %" G_GINT64_FORMAT " decide, %" G_GINT64_FORMAT " close",
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'contact'", 0),
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'rectify'", 0),
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'revisit'", 0),
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'appeal'", 0),
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'decide'", 0),
                    s_sql_int (fx, "SELECT count(*) FROM case_action WHERE action = 'close'", 0));
    const char *sources[] = { "visitor", "phone_call", "visit" };
    for (size_t i = 0; i < G_N_ELEMENTS (sources); i++) {
        sqlite3_stmt *stmt;
        g_assert_cmpint (sqlite3_prepare_v2 (s_db (fx), "SELECT count(*) FROM service_case c JOIN case_action a"
                         " ON a.service_case = c.id AND a.action = 'revisit' AND a.source = ?1"
                         " WHERE c.verdict_source = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
        sqlite3_bind_text (stmt, 1, sources[i], -1, SQLITE_STATIC);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpint (sqlite3_column_int (stmt, 0), >, 0);
        sqlite3_finalize (stmt);
    }
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM service_case WHERE state = 'verdict'"
                                    " AND verdict_source IS NULL", 0), >, 0);
    g_assert_cmpint (s_sql_int (fx, "SELECT count(*) FROM rating WHERE round = 2 AND channel = 'phone'", 0),
                     >, 0);

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
