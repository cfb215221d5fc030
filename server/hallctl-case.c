/*  hallctl-case.c — hallctl's commands for 差评 follow-up (hallctl.h):
 *  cases (search), case show, case ACTION with its record, case appeal,
 *  case decide, case link, case evidence.
 *
 *  A decision needs the deciding manager's password: read from standard
 *  input (one line), never taken as an argument, so it is not in `ps`.
 */
#include "hallctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
s_print_case (json_t *kase)
{
    json_t *appeal = json_object_get (kase, "appeal");
    printf ("%d\t%s\t%s %s\t%s\towner %s%s%s%s\n", (int) json_integer_value (json_object_get (kase, "id")),
            hallctl_str (kase, "kind", "?"), hallctl_str (kase, "day", "?"), hallctl_str (kase, "number", "?"),
            hallctl_str (kase, "state", "?"), hallctl_str (kase, "owner", "-"),
            json_is_true (json_object_get (kase, "anonymous")) ? "\tanonymous" : "",
            json_is_true (json_object_get (kase, "overdue")) ? "\toverdue" : "",
            json_is_object (appeal) ? (strcmp (hallctl_str (appeal, "state", ""), "pending") == 0
                                       ? "\tappeal pending" : "\tappeal decided") : "");
}

/* Prints RESULT's case (or, with --json, RESULT) and frees it: the exit
 * status (refused when RESULT is NULL: hallctl said why). */
static int
s_case_reply (hallctl_t *ctl, json_t *result)
{
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        s_print_case (json_object_get (result, "case"));
    json_decref (result);
    return 0;
}

/* A positive case id from TEXT, or 0 (after the usage message). */
static long
s_case_id (const char *text)
{
    char *end = NULL;
    long id = strtol (text, &end, 10);
    if (*end || id < 1) {
        hallctl_usage ("a case id is a positive number");
        return 0;
    }
    return id;
}

/* ---- cases ------------------------------------------------------------------------- */

static struct {
    char *filter, *from, *to, *clerk, *department, *category, *state, *matter, *number, *appeal;
    int window, limit;
    gboolean anonymous;
} s_cases_opt;
static GOptionEntry s_cases_options[] = {
    { "filter", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.filter, "open (default), overdue or all", "F" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.from, "opened on or after this day", "DAY" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.to, "opened on or before this day", "DAY" },
    { "window", 0, 0, G_OPTION_ARG_INT, &s_cases_opt.window, "the window that served", "N" },
    { "clerk", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.clerk, "the clerk's staff id", "ID" },
    { "department", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.department, "the department's name or code", "D" },
    { "category", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.category, "the category", "C" },
    { "state", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.state, "open, contacted, rectified, verdict or closed", "S" },
    { "matter", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.matter, "a 办件编号", "NO" },
    { "number", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.number, "the ticket (A001)", "T" },
    { "anonymous", 0, 0, G_OPTION_ARG_NONE, &s_cases_opt.anonymous, "anonymous 差评 only", NULL },
    { "appeal", 0, 0, G_OPTION_ARG_STRING, &s_cases_opt.appeal, "pending, accepted or rejected", "A" },
    { "limit", 0, 0, G_OPTION_ARG_INT, &s_cases_opt.limit, "at most this many (default 200)", "N" },
    { NULL }
};

static int
s_cases (hallctl_t *ctl, int argc, char **argv)
{
    __typeof__ (s_cases_opt) *o = &s_cases_opt;
    json_t *args = json_object ();
    struct { const char *key; const char *value; } texts[] = {
        { "filter", o->filter }, { "from", o->from }, { "to", o->to }, { "clerk", o->clerk },
        { "department", o->department }, { "category", o->category }, { "state", o->state },
        { "matter", o->matter }, { "number", o->number }, { "appeal", o->appeal },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (texts); i++)
        if (texts[i].value)
            json_object_set_new (args, texts[i].key, json_string (texts[i].value));
    if (o->window)
        json_object_set_new (args, "window", json_integer (o->window));
    if (o->limit)
        json_object_set_new (args, "limit", json_integer (o->limit));
    if (o->anonymous)
        json_object_set_new (args, "anonymous", json_true ());
    json_t *result = hallctl_request (ctl, HALL_OP_CASES, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i;
        json_t *kase;
        json_array_foreach (json_object_get (result, "cases"), i, kase)
            s_print_case (kase);
    }
    json_decref (result);
    return 0;
}

/* ---- case show ----------------------------------------------------------------------- */

static int
s_case_show (hallctl_t *ctl, int argc, char **argv)
{
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    json_t *result = hallctl_request (ctl, HALL_OP_CASE_GET, json_pack ("{s:i}", "case", (int) id));
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    json_t *kase = json_object_get (result, "case");
    if (ctl->json)
        hallctl_print_json (result);
    else {
        s_print_case (kase);
        /* The trail: one line per action, its record after it. */
        size_t i;
        json_t *action;
        json_array_foreach (json_object_get (kase, "actions"), i, action)
            printf ("%d\t%" JSON_INTEGER_FORMAT "\t%s\t%s%s%s%s%s\n", (int) id,
                    json_integer_value (json_object_get (action, "time")), hallctl_str (action, "action", "?"),
                    hallctl_str (action, "note", ""),
                    json_is_string (json_object_get (action, "method")) ? "\tmethod " : "",
                    hallctl_str (action, "method", ""),
                    json_is_string (json_object_get (action, "verdict")) ? "\tverdict " : "",
                    hallctl_str (action, "verdict", ""));
        json_t *file;
        json_array_foreach (json_object_get (kase, "evidence"), i, file)
            printf ("%d\tfile %" JSON_INTEGER_FORMAT "\t%s\t%" JSON_INTEGER_FORMAT " bytes\t%s\n", (int) id,
                    json_integer_value (json_object_get (file, "id")), hallctl_str (file, "name", "?"),
                    json_integer_value (json_object_get (file, "size")), hallctl_str (file, "sha256", "incomplete"));
    }
    json_decref (result);
    return 0;
}

/* ---- case evidence: a file to the server, in pieces -------------------------------------- */

static const char *
s_type_of (const char *path)
{
    const char *dot = strrchr (path, '.');
    if (!dot)
        return "text/plain";
    if (g_ascii_strcasecmp (dot, ".png") == 0)
        return "image/png";
    if (g_ascii_strcasecmp (dot, ".jpg") == 0 || g_ascii_strcasecmp (dot, ".jpeg") == 0)
        return "image/jpeg";
    if (g_ascii_strcasecmp (dot, ".pdf") == 0)
        return "application/pdf";
    return "text/plain";
}

/* Sends the file PATH to case ID: the file's id, or 0 (after a message). */
static json_int_t
s_upload (hallctl_t *ctl, long id, const char *path)
{
    enum { PIECE = 32 * 1024 };
    gchar *data = NULL;
    gsize len = 0;
    GError *error = NULL;
    if (!g_file_get_contents (path, &data, &len, &error)) {
        fprintf (stderr, "hallctl: %s\n", error->message);
        g_error_free (error);
        return 0;
    }
    json_int_t file = 0;
    g_autofree char *name = g_path_get_basename (path);
    for (gsize offset = 0; offset < len || offset == 0; offset += PIECE) {
        g_autofree char *piece = g_base64_encode ((const guchar *) data + offset, MIN (PIECE, len - offset));
        json_t *args = file
            ? json_pack ("{s:i, s:I, s:I, s:s}", "case", (int) id, "id", file, "offset", (json_int_t) offset, "data", piece)
            : json_pack ("{s:i, s:s, s:s, s:I, s:s}", "case", (int) id, "name", name, "type", s_type_of (path),
                         "size", (json_int_t) len, "data", piece);
        json_t *result = hallctl_request (ctl, HALL_OP_CASE_EVIDENCE_ADD, args);
        if (!result) {
            g_free (data);
            return 0;
        }
        file = json_integer_value (json_object_get (json_object_get (result, "evidence"), "id"));
        json_decref (result);
        if (len == 0)
            break;
    }
    g_free (data);
    return file;
}

static int
s_case_evidence (hallctl_t *ctl, int argc, char **argv)
{
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    json_int_t file = s_upload (ctl, id, argv[2]);
    if (!file)
        return HALLCTL_EXIT_REFUSED;
    printf ("%" JSON_INTEGER_FORMAT "\tfile of case %ld\t%s\n", file, id, argv[2]);
    return 0;
}

/* ---- case ID ACTION ------------------------------------------------------------------------ */

static struct { char *note, *method, *at, *by, *verdict, *called; char **evidence; } s_case_opt;
static GOptionEntry s_case_options[] = {
    { "note", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.note, "the record: what was agreed, done or said", "T" },
    { "method", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.method, "contact: phone, sms, visit; revisit: phone, visit", "M" },
    { "at", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.at, "when it happened (2026-11-27T10:30, local; default now)", "TIME" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.by, "rectify: who did it", "WHO" },
    { "verdict", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.verdict, "revisit: the visitor's 满意, 基本满意 or 不满意", "V" },
    { "called", 0, 0, G_OPTION_ARG_STRING, &s_case_opt.called, "revisit by phone: the number the visitor was heard on", "NO" },
    { "evidence", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &s_case_opt.evidence, "rectify: a file to keep with it (again for more)", "FILE" },
    { NULL }
};

static int
s_case (hallctl_t *ctl, int argc, char **argv)
{
    __typeof__ (s_case_opt) *o = &s_case_opt;
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    json_t *args = json_pack ("{s:i, s:s}", "case", (int) id, "action", argv[2]);
    struct { const char *key; const char *value; } texts[] = {
        { "note", o->note }, { "method", o->method }, { "by", o->by }, { "verdict", o->verdict }, { "called", o->called },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (texts); i++)
        if (texts[i].value)
            json_object_set_new (args, texts[i].key, json_string (texts[i].value));
    if (o->at) {
        GTimeZone *local = g_time_zone_new_local ();
        GDateTime *at = g_date_time_new_from_iso8601 (o->at, local);
        g_time_zone_unref (local);
        if (!at) {
            json_decref (args);
            return hallctl_usage ("--at is a time like 2026-11-27T10:30:00");
        }
        json_object_set_new (args, "at", json_integer (g_date_time_to_unix (at)));
        g_date_time_unref (at);
    }
    if (o->evidence) {
        json_t *ids = json_array ();
        for (char **path = o->evidence; *path; path++) {
            json_int_t file = s_upload (ctl, id, *path);
            if (!file) {
                json_decref (ids);
                json_decref (args);
                return HALLCTL_EXIT_REFUSED;
            }
            json_array_append_new (ids, json_integer (file));
        }
        json_object_set_new (args, "evidence", ids);
    }
    json_t *result = hallctl_request (ctl, HALL_OP_CASE_UPDATE, args);
    return s_case_reply (ctl, result);
}

/* ---- 申诉 -------------------------------------------------------------------------------- */

static struct { char *reason, *staff, *note; } s_appeal_opt;
static GOptionEntry s_appeal_options[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &s_appeal_opt.reason, "appeal: why the rating should not count", "R" },
    { "staff", 0, 0, G_OPTION_ARG_STRING, &s_appeal_opt.staff, "appeal: the clerk; decide: the deciding manager", "ID" },
    { "note", 0, 0, G_OPTION_ARG_STRING, &s_appeal_opt.note, "decide: why", "T" },
    { NULL }
};

static int
s_case_appeal (hallctl_t *ctl, int argc, char **argv)
{
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    if (!s_appeal_opt.reason || !s_appeal_opt.staff)
        return hallctl_usage ("case appeal needs --reason and --staff (the clerk)");
    json_t *result = hallctl_request (ctl, HALL_OP_CASE_APPEAL, json_pack ("{s:i, s:s, s:s}", "case", (int) id,
                                      "reason", s_appeal_opt.reason, "staff", s_appeal_opt.staff));
    return s_case_reply (ctl, result);
}

static int
s_case_decide (hallctl_t *ctl, int argc, char **argv)
{
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    if (!s_appeal_opt.note || !s_appeal_opt.staff)
        return hallctl_usage ("case decide needs --note and --staff (the deciding manager); "
                              "the password comes on standard input");
    char password[256];
    if (!fgets (password, sizeof password, stdin))
        return hallctl_usage ("the deciding manager's password comes on standard input");
    password[strcspn (password, "\r\n")] = 0;
    json_t *result = hallctl_request (ctl, HALL_OP_CASE_DECIDE, json_pack ("{s:i, s:s, s:s, s:s, s:s}",
                                      "case", (int) id, "decision", argv[2], "note", s_appeal_opt.note,
                                      "staff", s_appeal_opt.staff, "password", password));
    memset (password, 0, sizeof password);
    return s_case_reply (ctl, result);
}

/* ---- case link ------------------------------------------------------------------------------ */

static gboolean s_link_send;
static GOptionEntry s_link_options[] = {
    { "send", 0, 0, G_OPTION_ARG_NONE, &s_link_send, "send it to the visitor by SMS", NULL },
    { NULL }
};

static int
s_case_link (hallctl_t *ctl, int argc, char **argv)
{
    long id = s_case_id (argv[1]);
    if (!id)
        return HALLCTL_EXIT_USAGE;
    json_t *result = hallctl_request (ctl, HALL_OP_CASE_LINK, json_pack ("{s:i, s:b}", "case", (int) id,
                                                                         "send", s_link_send));
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        printf ("%ld\t%s\t%s\n", id, hallctl_str (result, "path", "?"), s_link_send ? "sent" : "not sent");
    json_decref (result);
    return 0;
}

const hallctl_command_t hallctl_case_commands[] = {
    { "cases", "[--filter open|overdue|all] [--from DAY] [--to DAY] [--window N] [--clerk ID] [--department D]"
      " [--state S] [--matter NO] [--number T] [--anonymous] [--appeal A]",
      "find 差评 follow-up cases", 0, HALLCTL_CONNECT, s_cases_options, s_cases },
    { "case show", "ID", "a case's whole record", 1, HALLCTL_CONNECT, NULL, s_case_show },
    { "case appeal", "ID --reason R --staff CLERK", "申诉: the clerk appeals a 差评", 1, HALLCTL_CONNECT,
      s_appeal_options, s_case_appeal },
    { "case decide", "ID accepted|rejected --note T --staff MANAGER < password",
      "申诉: another manager decides", 2, HALLCTL_CONNECT, s_appeal_options, s_case_decide },
    { "case link", "ID [--send]", "the visitor's link to their case (revisit)", 1, HALLCTL_CONNECT,
      s_link_options, s_case_link },
    { "case evidence", "ID FILE", "keep a file with a case", 2, HALLCTL_CONNECT, NULL, s_case_evidence },
    { "case", "ID contact|rectify|revisit|close --note T [--method M] [--at TIME] [--by WHO] [--verdict V]"
      " [--called NO] [--evidence FILE]",
      "a follow-up step with its record", 2, HALLCTL_CONNECT, s_case_options, s_case },
    { NULL }
};
