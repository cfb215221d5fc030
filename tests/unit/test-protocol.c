/*  test-protocol.c — the request validator on good and bad input. */
#include "protocol.h"
#include <glib.h>
#include <string.h>

static hall_error_t
s_parse (const char *text, hall_request_t *req)
{
    char errbuf[256];
    hall_error_t rc = hall_request_parse (text, strlen (text), req, errbuf, sizeof errbuf);
    if (rc != HALL_OK)
        g_assert_cmpuint (strlen (errbuf), >, 0);        /* always a message */
    return rc;
}

static void
s_expect (const char *text, hall_error_t code)
{
    hall_request_t req;
    hall_error_t rc = s_parse (text, &req);
    if (rc != code)
        g_error ("%s: expected %s, got %s", text, hall_error_name (code), hall_error_name (rc));
    hall_request_clear (&req);
}

static void
test_valid (void)
{
    hall_request_t req;
    g_assert_cmpint (s_parse ("{\"client\":\"k1\",\"req\":7,\"role\":\"kiosk\",\"op\":\"issue\","
                              "\"args\":{\"category\":\"A\",\"green\":\"老年人\"}}", &req), ==, HALL_OK);
    g_assert_cmpstr (req.client, ==, "k1");
    g_assert_cmpint (req.req, ==, 7);
    g_assert_cmpint (req.role, ==, HALL_ROLE_KIOSK);
    g_assert_cmpint (req.op, ==, HALL_OP_ISSUE);
    g_assert_cmpstr (json_string_value (json_object_get (req.args, "green")), ==, "老年人");
    hall_request_clear (&req);
    g_assert_cmpint (s_parse ("{\"client\":\"c3\",\"req\":1,\"role\":\"counter\",\"window\":3,"
                              "\"op\":\"call\",\"args\":{\"window\":3}}", &req), ==, HALL_OK);
    g_assert_cmpint (req.window, ==, 3);
    hall_request_clear (&req);
    /* args may be left out for operations without required fields. */
    s_expect ("{\"client\":\"d\",\"req\":1,\"role\":\"display\",\"op\":\"snapshot\"}", HALL_OK);
}

static void
test_round_trip (void)
{
    json_t *args = json_pack ("{s:i, s:s}", "window", 2, "reason", "午休");
    char *text = hall_request_encode ("desk-2", 99, HALL_ROLE_COUNTER, 2, HALL_OP_PAUSE, args);
    json_decref (args);
    hall_request_t req;
    g_assert_cmpint (s_parse (text, &req), ==, HALL_OK);
    g_assert_cmpint (req.op, ==, HALL_OP_PAUSE);
    g_assert_cmpint (req.window, ==, 2);
    hall_request_clear (&req);
    free (text);
    text = hall_reply_encode_error (99, HALL_E_DAILY_CAP, NULL);
    hall_reply_t reply;
    g_assert_cmpint (hall_reply_parse (text, strlen (text), &reply), ==, 0);
    g_assert_false (reply.ok);
    g_assert_cmpint (reply.error, ==, HALL_E_DAILY_CAP);
    g_assert_cmpint (reply.req, ==, 99);
    hall_reply_clear (&reply);
    free (text);
    for (int code = 0; code < HALL_E__COUNT; code++)
        g_assert_cmpint (hall_error_from_name (hall_error_name (code)), ==, code);
}

static void
test_bad_envelope (void)
{
    s_expect ("", HALL_E_MALFORMED);
    s_expect ("garbage", HALL_E_MALFORMED);
    s_expect ("[1,2]", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);     /* no req */
    s_expect ("{\"client\":\"c\",\"req\":0,\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":\"1\",\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    s_expect ("{\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);             /* no client */
    s_expect ("{\"client\":\"\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    /* The envelope is `malformed`, whichever field is wrong. */
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"boss\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"counter\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"kiosk\",\"window\":2,\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\",\"args\":[]}", HALL_E_MALFORMED);
    s_expect ("{\"v\":1,\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_OK);
    const char *versions[] = { "\"1\"", "2", "null", "1.5", "0", "true" };
    for (size_t i = 0; i < G_N_ELEMENTS (versions); i++) {
        g_autofree char *v = g_strdup_printf ("{\"v\":%s,\"client\":\"c\",\"req\":1,\"role\":\"admin\","
                                              "\"op\":\"snapshot\"}", versions[i]);
        s_expect (v, HALL_E_MALFORMED);
    }
    g_autofree char *long_op = g_strnfill (300, 'x');
    char *ops[] = { g_strdup ("\"\""), g_strdup_printf ("\"%s\"", long_op), g_strdup ("\"snap\\tshot\""),
                               g_strdup ("null") };
    for (size_t i = 0; i < G_N_ELEMENTS (ops); i++) {
        g_autofree char *op = g_strdup_printf ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":%s}", ops[i]);
        s_expect (op, HALL_E_MALFORMED);
        g_free (ops[i]);
    }
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"explode\"}", HALL_E_UNKNOWN_OP);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":7}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\",\"extra\":1}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"explode\",\"extra\":1}", HALL_E_MALFORMED);
    s_expect ("{\"client\":\"c\",\"req\":1,\"req\":2,\"role\":\"admin\",\"op\":\"snapshot\"}", HALL_E_MALFORMED);
    GString *big = g_string_new ("{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\",\"x\":\"");
    while (big->len <= HALL_MAX_MESSAGE)
        g_string_append (big, "xxxxxxxxxxxxxxxx");
    g_string_append (big, "\"}");
    s_expect (big->str, HALL_E_TOO_LARGE);
    g_string_free (big, TRUE);
    /* Refusals name their request wherever it can be read that far. */
    struct { const char *text; hall_error_t code; } named[] = {
        { "{\"client\":\"c\",\"req\":41,\"role\":\"kiosk\",\"op\":\"issue\",\"args\":{\"category\":\"A\\u0000B\"}}",
          HALL_E_MALFORMED },
        { "{\"client\":\"c\",\"req\":41,\"role\":\"kiosk\",\"op\":\"issue\",\"args\":{\"category\":\"A\",\"category\":\"B\"}}",
          HALL_E_MALFORMED },
        { "{\"client\":\"c\",\"req\":41,\"role\":\"boss\",\"op\":\"issue\"}", HALL_E_MALFORMED },
        { "{\"client\":\"c\",\"req\":41,\"role\":\"kiosk\",\"op\":\"issue\",\"args\":{\"category\":1}}",
          HALL_E_BAD_FIELD },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (named); i++) {
        hall_request_t req;
        g_assert_cmpint (s_parse (named[i].text, &req), ==, named[i].code);
        g_assert_cmpint (req.req, ==, 41);
        hall_request_clear (&req);
    }
    /* Deep nesting inside args: refused, and named — up to the JSON
     * parser's 2,048 levels; deeper, the frame cannot be read at all
     * (PROTOCOL.md: req 0). */
    for (int depth = 100; depth <= 3100; depth += 1500) {
        GString *deep = g_string_new ("{\"client\":\"c\",\"req\":42,\"role\":\"kiosk\",\"op\":\"issue\","
                                      "\"args\":{\"category\":");
        for (int i = 0; i < depth; i++)
            g_string_append_c (deep, '[');
        for (int i = 0; i < depth; i++)
            g_string_append_c (deep, ']');
        g_string_append (deep, "}}");
        hall_request_t req;
        hall_error_t rc = s_parse (deep->str, &req);
        g_test_message ("nesting %d deep: %s, req %" G_GINT64_FORMAT, depth, hall_error_name (rc), req.req);
        g_assert_cmpint (rc, ==, depth < 2048 ? HALL_E_BAD_FIELD : HALL_E_MALFORMED);
        g_assert_cmpint (req.req, ==, depth < 2048 ? 42 : 0);
        hall_request_clear (&req);
        g_string_free (deep, TRUE);
    }
    /* A large frame names its request too. */
    GString *large = g_string_new ("{\"client\":\"c\",\"req\":43,\"role\":\"admin\",\"op\":\"snapshot\"");
    while (large->len <= HALL_MAX_MESSAGE)
        g_string_append (large, "                ");
    g_string_append (large, "}");
    hall_request_t req;
    g_assert_cmpint (s_parse (large->str, &req), ==, HALL_E_TOO_LARGE);
    g_assert_cmpint (req.req, ==, 43);
    g_string_free (large, TRUE);
    char client[200];
    memset (client, 'c', sizeof client);
    client[sizeof client - 1] = 0;
    char *text = g_strdup_printf ("{\"client\":\"%s\",\"req\":1,\"role\":\"admin\",\"op\":\"snapshot\"}", client);
    s_expect (text, HALL_E_MALFORMED);
    g_free (text);
}

static void
test_bad_args (void)
{
#define REQ(op, args) "{\"client\":\"c\",\"req\":1,\"role\":\"admin\",\"op\":\"" op "\",\"args\":" args "}"
    s_expect (REQ ("issue", "{}"), HALL_E_BAD_FIELD);                        /* missing category */
    s_expect (REQ ("issue", "{\"category\":1}"), HALL_E_BAD_FIELD);          /* mistyped */
    s_expect (REQ ("issue", "{\"category\":\"\"}"), HALL_E_BAD_FIELD);       /* empty */
    s_expect (REQ ("issue", "{\"category\":\"A\",\"colour\":\"red\"}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("issue", "{\"category\":\"A\\u0000B\"}"), HALL_E_MALFORMED);   /* embedded NUL: jansson refuses it */
    s_expect (REQ ("issue", "{\"category\":\"A\\nB\"}"), HALL_E_BAD_FIELD);       /* control char */
    s_expect (REQ ("issue", "[]"), HALL_E_MALFORMED);                        /* args must be an object */
    s_expect (REQ ("call", "{\"window\":\"3\"}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("call", "{\"window\":0}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("call", "{\"window\":1000}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("call", "{\"window\":3.5}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("window.map", "{\"window\":3,\"primary\":\"a\"}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("window.map", "{\"window\":3,\"primary\":[1]}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("category.open", "{\"category\":\"a\",\"open\":1}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("clock", "{\"advance\":\"1\"}"), HALL_E_BAD_FIELD);
    s_expect (REQ ("transfer", "{\"window\":3,\"to_window\":-1}"), HALL_E_BAD_FIELD);
#undef REQ
}

/* Random bytes, truncations and mutations of valid requests: the parser
 * returns, with OK or a code, and never crashes (ASan watches). */
static void
test_random_input (void)
{
    const char *valid[] = {
        "{\"client\":\"k1\",\"req\":7,\"role\":\"kiosk\",\"op\":\"issue\",\"args\":{\"category\":\"A\"}}",
        "{\"client\":\"c3\",\"req\":1,\"role\":\"counter\",\"window\":3,\"op\":\"transfer\","
        "\"args\":{\"window\":3,\"to_category\":\"b\"}}",
        "{\"client\":\"m\",\"req\":5,\"role\":\"manager\",\"op\":\"window.map\","
        "\"args\":{\"window\":3,\"primary\":[\"a\",\"b\"],\"backup\":[]}}",
    };
    GRand *rand = g_rand_new_with_seed (20261127);
    int ok = 0, errors = 0;
    for (int round = 0; round < 20000; round++) {
        const char *base = valid[round % G_N_ELEMENTS (valid)];
        size_t len = strlen (base);
        guint8 buffer[512];
        size_t n;
        switch (round % 3) {
        case 0:                                       /* truncation */
            n = g_rand_int_range (rand, 0, (gint32) len);
            memcpy (buffer, base, n);
            break;
        case 1:                                       /* mutation */
            n = len;
            memcpy (buffer, base, n);
            for (int k = g_rand_int_range (rand, 1, 4); k > 0; k--)
                buffer[g_rand_int_range (rand, 0, (gint32) n)] = (guint8) g_rand_int_range (rand, 0, 256);
            break;
        default:                                      /* noise */
            n = g_rand_int_range (rand, 0, sizeof buffer);
            for (size_t i = 0; i < n; i++)
                buffer[i] = (guint8) g_rand_int_range (rand, 0, 256);
        }
        hall_request_t req;
        char errbuf[256];
        hall_error_t rc = hall_request_parse (buffer, n, &req, errbuf, sizeof errbuf);
        if (rc == HALL_OK) {
            g_assert_nonnull (req.args);
            g_assert_true (hall_args_validate (req.op, req.args, errbuf, sizeof errbuf) == HALL_OK);
            ok++;
        }
        else
            errors++;
        hall_request_clear (&req);
    }
    g_rand_free (rand);
    g_assert_cmpint (errors, >, 10000);
    g_test_message ("%d accepted, %d refused", ok, errors);
}

static void
test_role_table (void)
{
    g_assert_true (hall_op_allowed (HALL_OP_ISSUE, HALL_ROLE_KIOSK));
    g_assert_false (hall_op_allowed (HALL_OP_CALL, HALL_ROLE_KIOSK));
    g_assert_false (hall_op_allowed (HALL_OP_ISSUE, HALL_ROLE_DISPLAY));
    g_assert_false (hall_op_allowed (HALL_OP_WINDOW_MAP, HALL_ROLE_COUNTER));
    g_assert_true (hall_op_allowed (HALL_OP_SNAPSHOT, HALL_ROLE_DISPLAY));
    for (int op = 1; op < HALL_OP__COUNT; op++)
        g_assert_false (hall_op_allowed (op, HALL_ROLE_NONE));
}

/* A reply with a member given as already-encoded text reads back as the
 * same reply built whole. */
static void
test_reply_raw_member (void)
{
    const char *cases[][2] = { { "{\"ticket\":{\"number\":\"A001\"},\"ahead\":3}", "[1,2,4]" },
                               { "{}", "[]" } };
    for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
        json_t *result = json_loads (cases[i][0], 0, NULL);
        char *text = hall_reply_encode_ok_raw (7, json_incref (result), "windows", cases[i][1]);
        json_object_set_new (result, "windows", json_loads (cases[i][1], 0, NULL));
        char *whole = hall_reply_encode_ok (7, result);
        json_t *a = json_loads (text, 0, NULL), *b = json_loads (whole, 0, NULL);
        g_assert_nonnull (a);
        g_assert_true (json_equal (a, b));
        hall_reply_t reply;
        g_assert_cmpint (hall_reply_parse (text, strlen (text), &reply), ==, 0);
        g_assert_true (reply.ok);
        g_assert_cmpint (reply.req, ==, 7);
        hall_reply_clear (&reply);
        json_decref (a);
        json_decref (b);
        free (text);
        free (whole);
    }
}

/* Every operation's row has an example, and the validator takes it. */
static void
test_examples_valid (void)
{
    for (int op = HALL_OP_NONE + 1; op < HALL_OP__COUNT; op++) {
        const char *example = hall_op_example (op);
        g_assert_nonnull (example);
        json_t *args = json_loads (example, 0, NULL);
        g_assert_nonnull (args);
        char error[256] = "";
        if (hall_args_validate (op, args, error, sizeof error) != HALL_OK)
            g_error ("the example of %s is refused: %s", hall_op_name (op), error);
        json_decref (args);
    }
}

/* daily_cap 0 (or out of range) is the numbering's 999. */
static void
test_daily_cap (void)
{
    g_assert_cmpint (hall_daily_cap (0), ==, 999);
    g_assert_cmpint (hall_daily_cap (-3), ==, 999);
    g_assert_cmpint (hall_daily_cap (1000), ==, 999);
    g_assert_cmpint (hall_daily_cap (300), ==, 300);
    g_assert_cmpint (hall_daily_cap (1), ==, 1);
}

/* Every error code has a text for the staff, and the desk's and the
 * manager's English catalogues translate each one. */
static void
test_error_texts_translated (void)
{
    const char *source = g_getenv ("HALL_SOURCE") ? g_getenv ("HALL_SOURCE") : ".";
    const char *catalogues[] = { "hall-counter.en.po", "hall-manager.en.po" };
    for (size_t c = 0; c < G_N_ELEMENTS (catalogues); c++) {
        g_autofree char *path = g_build_filename (source, "po", catalogues[c], NULL);
        g_autofree char *po = NULL;
        g_assert_true (g_file_get_contents (path, &po, NULL, NULL));
        for (int code = HALL_OK; code < HALL_E__COUNT; code++) {
            const char *shown = hall_error_shown (code);      /* no catalogue bound here */
            g_assert_true (shown && *shown);
            g_autofree char *msgid = g_strdup_printf ("\nmsgid \"%s\"\n", shown);
            if (!strstr (po, msgid))
                g_error ("%s has no English for %s: %s", catalogues[c], hall_error_name (code), shown);
        }
    }
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/protocol/valid", test_valid);
    g_test_add_func ("/protocol/round-trip", test_round_trip);
    g_test_add_func ("/protocol/reply-raw-member", test_reply_raw_member);
    g_test_add_func ("/protocol/bad-envelope", test_bad_envelope);
    g_test_add_func ("/protocol/bad-args", test_bad_args);
    g_test_add_func ("/protocol/random-input", test_random_input);
    g_test_add_func ("/protocol/role-table", test_role_table);
    g_test_add_func ("/protocol/examples-valid", test_examples_valid);
    g_test_add_func ("/protocol/error-texts-translated", test_error_texts_translated);
    g_test_add_func ("/protocol/daily-cap", test_daily_cap);
    return g_test_run ();
}
