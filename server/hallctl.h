/*  hallctl.h — what hallctl's command tables share.
 *
 *  Each command is a row: its verb, its arguments and summary (for
 *  --help), how many arguments it needs, its own options, and the function
 *  that runs it.  Every request goes through hallctl_request(), the one
 *  path: the first request of a run uses --req when it is given, and a
 *  refusal is printed the same way ("hallctl: CODE: message" on stderr,
 *  exit status 1).  The rows live with their commands: hallctl-hall.c
 *  (tickets, windows, the hall), hallctl-report.c (好差评, cases, reports),
 *  hallctl-keys.c (device keys, accounts, backups), hallctl-booking.c
 *  (appointments: "booking create" and the others, verbs of two words).
 */
#ifndef HALLCTL_H
#define HALLCTL_H

#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include "session.h"

#define HALLCTL_EXIT_REFUSED 1
#define HALLCTL_EXIT_USAGE   2

/* One run of hallctl. */
typedef struct {
    hall_session_t *session;      /* the connection; NULL for a command that needs none */
    int64_t         req;          /* --req for the next request, then 0 */
    bool            json;         /* --json: print the raw result */
    const char     *requests;     /* the request endpoint */
    const char     *events;       /* the event endpoint */
    hall_role_t     role;         /* the role acted as */
    int             role_window;  /* its window (counter, rating pad) */
    const char     *client;       /* --client, or NULL */
    int             timeout;      /* --timeout, --retries */
    int             retries;
    hall_error_t    error;        /* the last request's error (HALL_OK: none) */
} hallctl_t;

typedef enum {
    HALLCTL_CONNECT = 1 << 0,     /* runs over ctl->session (the default is none) */
    /* What a clerk does at a desk (call, recall, start, finish, no-show,
     * transfer, pause): asked as the window's desk — role counter at the
     * command's WINDOW — unless --role says otherwise, so the server's own
     * rule answers (`not_signed_in` while nobody is signed in there), not
     * the admin's licence to act at any window. */
    HALLCTL_DESK    = 1 << 1,
} hallctl_flags_t;

typedef struct {
    const char    *verb;          /* one word, or two for a group's ("booking list") */
    const char    *usage;         /* its arguments and options, for --help */
    const char    *summary;       /* what it does, for --help */
    int            args;          /* arguments it needs at least */
    unsigned       flags;         /* hallctl_flags_t */
    GOptionEntry  *options;       /* its own options, or NULL */
    /* ARGV[0] is the verb, ARGV[1..ARGC-1] its arguments; the exit status. */
    int          (*run) (hallctl_t *ctl, int argc, char **argv);
} hallctl_command_t;

/* The tables, each ended by a row with verb NULL. */
extern const hallctl_command_t hallctl_hall_commands[];
extern const hallctl_command_t hallctl_report_commands[];
extern const hallctl_command_t hallctl_keys_commands[];
extern const hallctl_command_t hallctl_booking_commands[];
extern const hallctl_command_t hallctl_journey_commands[];
extern const hallctl_command_t hallctl_case_commands[];
extern const hallctl_command_t hallctl_config_commands[];

/* Runs OP with ARGS (stolen, may be NULL): the result (new reference), or
 * NULL after printing the refusal. */
json_t     *hallctl_request (hallctl_t *ctl, hall_op_t op, json_t *args);
/* The same, but a refusal with error QUIET is not printed (the caller
 * says more); ctl->error tells which error it was. */
json_t     *hallctl_request_quiet (hallctl_t *ctl, hall_op_t op, json_t *args, hall_error_t quiet);
/* The usage error "hallctl: TEXT (try hallctl --help)"; returns 2. */
int         hallctl_usage (const char *fmt, ...) G_GNUC_PRINTF (1, 2);
/* A secret (a password, an ID number): at a terminal, asked for after
 * PROMPT with echo off (someone may stand behind the desk; echo comes
 * back whatever ends the prompt); else one line of stdin.  NULL when none
 * was given.  The caller wipes and frees it. */
char       *hallctl_read_secret (const char *prompt);
void        hallctl_print_json (json_t *json);

const char *hallctl_str (json_t *object, const char *key, const char *fallback);
json_int_t  hallctl_int (json_t *object, const char *key);
/* "a, b,c" as ["a","b","c"]. */
json_t     *hallctl_list (const char *text);
/* A window number 1..999, or 0 when TEXT is not one. */
int         hallctl_window_number (const char *text);
/* The estimate of an issue-like RESULT: "5–14 min", or that no window
 * serves it now.  g_free. */
char       *hallctl_wait_text (json_t *result);
/* GIVEN as a day of the hall: "today", "yesterday" and "tomorrow" from
 * HALL_DAY, the server's day (its zone, its clock), never this machine's
 * date; anything else as written (the server checks it).  NULL when GIVEN
 * is relative and HALL_DAY is not a day.  g_free. */
char       *hallctl_day (const char *given, const char *hall_day);
/* True for NULL, "today", "yesterday" and "tomorrow". */
bool        hallctl_day_is_relative (const char *day);
/* GIVEN (NULL: today) as a day, the server's day asked for with a snapshot
 * only when GIVEN is relative (--req is left for the command's own
 * request); NULL after printing why.  g_free. */
char       *hallctl_hall_day (hallctl_t *ctl, const char *given);

#endif
