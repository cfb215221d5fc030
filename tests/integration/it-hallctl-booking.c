/*  it-hallctl-booking.c — `hallctl booking …` against the real hall-server
 *  (test clock): a desk books for a visitor with the ID number typed at a
 *  prompt or piped into stdin — never on the command line, where `ps` and
 *  the shell's history would keep it — lists the day's bookings (masked),
 *  cancels one by its code, checks visitors in, and reads the places,
 *  check-ins and no-shows per slot.
 */
#define _GNU_SOURCE             /* posix_openpt, ptsname */
#include "harness.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MORNING ((gint64) 1795741200)     /* Friday 2026-11-27 09:00 Asia/Shanghai */

/* Category a books 09:00-10:00 and 14:00-15:00 in half hours of 3 places,
 * today and the next 2 working days (Monday 30 November is a holiday). */
static const char *s_hall =
    "[hall]\nname=测试大厅\ntimezone=Asia/Shanghai\nholidays=2026-11-30\n"
    "[category a]\nprefix=A\nname=企业开办\nbooking_hours=09:00-10:00,14:00-15:00\nbooking_slot=30\n"
    "booking_capacity=3\nbooking_days=2\nbooking_cutoff=10\nbooking_cancel=30\n"
    "[category b]\nprefix=B\nname=不动产登记\n"
    "[window 1]\nprimary=a;b\n"
    "[staff 1001]\nname=王芳\n";

static const char *S_ID = "11010519491231002X";        /* GB 11643's own example */
static const char *S_ID2 = "330102199001011234";

/* hallctl's argv against SERVER with ARGS (NULL-terminated). */
static GPtrArray *
s_argv (server_t *server, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (argv, harness_program ("hallctl"));
    g_ptr_array_add (argv, g_strdup_printf ("--server=%s", server->requests));
    g_ptr_array_add (argv, g_strdup_printf ("--events=%s", server->events));
    for (; *args; args++)
        g_ptr_array_add (argv, g_strdup (*args));
    g_ptr_array_add (argv, NULL);
    return argv;
}

/* What `ps` shows of process PID: its command line, NULs as spaces. */
static char *
s_cmdline (GPid pid)
{
    g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
    char *text = NULL;
    gsize length = 0;
    if (!g_file_get_contents (path, &text, &length, NULL))
        return g_strdup ("");
    for (gsize i = 0; i + 1 < length; i++)
        if (!text[i])
            text[i] = ' ';
    return text;
}

/* Runs hallctl with INPUT on its stdin (a pipe, not a terminal).  WAITS:
 * hallctl waits for the number (it got past its usage checks), and so
 * its command line (what `ps` shows) is checked, while it runs, to hold
 * no ID number.  Its stdout (g_free), its stderr in *ERR, exit status in
 * *STATUS. */
static char *
s_piped (server_t *server, bool waits, const char *input, char **err, int *status, const char *const *args)
{
    g_autoptr (GPtrArray) argv = s_argv (server, args);
    GPid pid = 0;
    int in_fd = -1, out_fd = -1, err_fd = -1;
    g_autoptr (GError) error = NULL;
    g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                             NULL, NULL, &pid, &in_fd, &out_fd, &err_fd, &error));
    g_assert_no_error (error);
    /* Once it runs hallctl (after the exec), its command line is what
     * anyone on the machine can read while it waits for the number. */
    g_autofree char *seen = NULL;
    for (int i = 0; waits && i < 5000; i++) {
        g_free (seen);
        seen = s_cmdline (pid);
        if (strstr (seen, "booking"))
            break;
        g_usleep (1000);                 /* until the exec: a few ms */
    }
    if (waits) {
        g_test_message ("ps: %s", seen);
        g_assert_nonnull (strstr (seen, "booking"));
        g_assert_null (strstr (seen, S_ID));
        g_assert_null (strstr (seen, S_ID2));
    }
    /* The number is one short line: the pipe takes it whole (or, from a
     * hallctl that ended before reading, refuses it: EPIPE). */
    ssize_t written = write (in_fd, input, strlen (input));
    if (waits)
        g_assert_cmpint (written, ==, (ssize_t) strlen (input));
    close (in_fd);
    GString *out = g_string_new (NULL), *errs = g_string_new (NULL);
    struct pollfd fds[2] = { { .fd = out_fd, .events = POLLIN }, { .fd = err_fd, .events = POLLIN } };
    GString *into[2] = { out, errs };
    int open_fds = 2;
    while (open_fds > 0) {
        g_assert_cmpint (poll (fds, 2, -1), >, 0);
        for (int f = 0; f < 2; f++) {
            if (fds[f].fd < 0 || !fds[f].revents)
                continue;
            char buffer[512];
            ssize_t n = read (fds[f].fd, buffer, sizeof buffer);
            if (n > 0)
                g_string_append_len (into[f], buffer, n);
            else {
                close (fds[f].fd);
                fds[f].fd = -1;
                open_fds--;
            }
        }
    }
    int wait_status = 0;
    g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
    g_spawn_close_pid (pid);
    *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
    *err = g_string_free (errs, FALSE);
    return g_string_free (out, FALSE);
}

/* hallctl with ARGS, must exit WANT: its stdout. */
static char *
s_run (server_t *server, int want, const char *const *args)
{
    g_autoptr (GPtrArray) argv = s_argv (server, args);
    char *out = NULL;
    g_autofree char *err = NULL;
    int wait_status = 0;
    g_autoptr (GError) error = NULL;
    g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
    g_assert_no_error (error);
    int status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
    if (status != want)
        g_error ("hallctl %s %s: exit %d, not %d: %s%s", args[0], args[1] ? args[1] : "", status, want, out, err);
    return out;
}

#define RUN(server, want, ...) s_run ((server), (want), (const char *const[]) { __VA_ARGS__, NULL })

/* Tab-separated fields of LINE (g_strfreev). */
static GStrv
s_fields (const char *line)
{
    g_autofree char *copy = g_strdup (line);
    char *newline = strchr (copy, '\n');
    if (newline)
        *newline = 0;
    return g_strsplit (copy, "\t", -1);
}

/* The ID number piped in; the booking printed with its code, masked; the
 * day's list; a cancel by the code; and the ID number nowhere in what
 * hallctl printed, nor in its command line while it ran. */
static void
test_create_list_cancel (void)
{
    server_t *server = server_start (s_hall, MORNING);
    int status = -1;
    g_autofree char *err = NULL;
    g_autofree char *line = s_piped (server, true, "11010519491231002X\n", &err, &status,
        (const char *const[]) { "booking", "create", "a", "2026-11-27", "14:00", "--name", "张三",
                                "--phone", "13800138000", NULL });
    g_test_message ("create: %s%s", line, err);
    g_assert_cmpint (status, ==, 0);
    g_auto (GStrv) booking = s_fields (line);
    g_assert_cmpuint (g_strv_length (booking), >=, 9);
    const char *code = booking[0];
    g_assert_cmpuint (strlen (code), ==, 8);
    g_assert_true (strspn (code, "0123456789") == 8);
    g_assert_cmpstr (booking[1], ==, "a");
    g_assert_cmpstr (booking[2], ==, "2026-11-27");
    g_assert_cmpstr (booking[3], ==, "14:00-14:30");
    g_assert_cmpstr (booking[4], ==, "booked");
    g_assert_cmpstr (booking[5], ==, "张*");
    g_assert_cmpstr (booking[6], ==, "110105********002X");
    g_assert_cmpstr (booking[7], ==, "138****8000");
    g_assert_cmpstr (booking[8], ==, "admin");
    g_assert_null (strstr (line, S_ID));
    g_assert_null (strstr (err, S_ID));
    g_autofree char *stored = db_query (server, "SELECT code FROM booking");
    g_assert_cmpstr (stored, ==, code);

    /* A second visitor, for an enterprise (its credit code), on the next
     * working day (Monday is a holiday). */
    g_autofree char *err2 = NULL;
    g_autofree char *line2 = s_piped (server, true, "330102199001011234\n", &err2, &status,
        (const char *const[]) { "booking", "create", "a", "2026-12-01", "09:00", "--name", "李四",
                                "--phone", "13900139000", "--credit-code", "91350100M000100Y43", NULL });
    g_assert_cmpint (status, ==, 0);
    g_auto (GStrv) second = s_fields (line2);
    g_assert_cmpstr (second[2], ==, "2026-12-01");
    g_assert_cmpstr (second[6], ==, "330102********1234");

    /* The day's list: the booking masked, without its code. */
    g_autofree char *list = RUN (server, 0, "booking", "list");
    g_test_message ("list:\n%s", list);
    g_auto (GStrv) listed = s_fields (list);
    g_assert_cmpstr (listed[1], ==, "a");
    g_assert_cmpstr (listed[3], ==, "14:00-14:30");
    g_assert_cmpstr (listed[4], ==, "booked");
    g_assert_cmpstr (listed[6], ==, "110105********002X");
    g_assert_null (strstr (list, code));
    g_assert_null (strstr (list, "2026-12-01"));          /* today's only */
    g_autofree char *later = RUN (server, 0, "booking", "list", "2026-12-01", "--category", "a");
    g_assert_nonnull (strstr (later, "330102********1234"));
    g_autofree char *other = RUN (server, 0, "booking", "list", "2026-12-01", "--category", "b");
    g_assert_cmpstr (other, ==, "");

    /* The slot has a place less; the same person cannot book a second
     * time that day (the server's refusal, as hallctl prints refusals). */
    g_autofree char *slots = RUN (server, 0, "booking", "slots", "a");
    g_assert_nonnull (strstr (slots, "2026-11-27\t14:00-14:30\t2\t3\n"));
    g_assert_nonnull (strstr (slots, "2026-11-27\t14:30-15:00\t3\t3\n"));
    g_assert_null (strstr (slots, "2026-11-30"));
    g_autofree char *err3 = NULL;
    g_autofree char *again = s_piped (server, true, S_ID, &err3, &status,
        (const char *const[]) { "booking", "create", "a", "today", "14:30", "--name", "张三",
                                "--phone", "13800138000", NULL });
    g_assert_cmpint (status, ==, 1);
    g_assert_true (g_str_has_prefix (err3, "hallctl: duplicate_person: "));

    /* Cancel by the code: the booking, now cancelled; its place is free. */
    g_autofree char *cancelled = RUN (server, 0, "booking", "cancel", code);
    g_auto (GStrv) gone = s_fields (cancelled);
    g_assert_cmpstr (gone[0], ==, code);
    g_assert_cmpstr (gone[4], ==, "cancelled");
    g_autofree char *after = RUN (server, 0, "booking", "list", "today");
    g_assert_nonnull (strstr (after, "\tcancelled\t"));
    g_autofree char *slots2 = RUN (server, 0, "booking", "slots", "a");
    g_assert_nonnull (strstr (slots2, "2026-11-27\t14:00-14:30\t3\t3\n"));
    g_autofree char *twice = RUN (server, 1, "booking", "cancel", code);
    server_free (server);
}

/* No ID number is taken from the command line: an --id-number option is a
 * usage error, no number at all is one too, and nothing is booked.  A
 * mistyped number is the server's refusal, which says what is wrong. */
static void
test_id_never_an_argument (void)
{
    server_t *server = server_start (s_hall, MORNING);
    g_autofree char *usage = RUN (server, 2, "booking", "create", "a", "today", "14:00", "--name", "张三",
                                  "--phone", "13800138000", "--id-number", S_ID);
    int status = -1;
    g_autofree char *err = NULL;
    g_autofree char *none = s_piped (server, true, "\n", &err, &status,
        (const char *const[]) { "booking", "create", "a", "today", "14:00", "--name", "张三",
                                "--phone", "13800138000", NULL });
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "no document number"));
    g_autofree char *err2 = NULL;
    g_autofree char *bad = s_piped (server, true, "110105194912310021\n", &err2, &status,
        (const char *const[]) { "booking", "create", "a", "today", "14:00", "--name", "张三",
                                "--phone", "13800138000", NULL });
    g_assert_cmpint (status, ==, 1);
    g_test_message ("%s", err2);
    g_assert_true (g_str_has_prefix (err2, "hallctl: bad_field: id_number: "));
    g_assert_null (strstr (err2, "110105194912310021"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking"), ==, 0);
    /* Without --name or --phone: a usage error before anything is read. */
    g_autofree char *err3 = NULL;
    g_autofree char *nameless = s_piped (server, false, S_ID, &err3, &status,
        (const char *const[]) { "booking", "create", "a", "today", "14:00", "--phone", "13800138000", NULL });
    g_assert_cmpint (status, ==, 2);
    server_free (server);
}

/* At a terminal the number is asked for and not echoed: what the terminal
 * shows after the prompt is the newline only, and the echo is back on
 * after hallctl ends. */
static void
test_prompt_does_not_echo (void)
{
    server_t *server = server_start (s_hall, MORNING);
    int master = posix_openpt (O_RDWR | O_NOCTTY);
    g_assert_cmpint (master, >=, 0);
    g_assert_cmpint (grantpt (master), ==, 0);
    g_assert_cmpint (unlockpt (master), ==, 0);
    int slave = open (ptsname (master), O_RDWR | O_NOCTTY);
    g_assert_cmpint (slave, >=, 0);
    g_autoptr (GPtrArray) argv = s_argv (server, (const char *const[]) {
        "booking", "create", "a", "today", "14:00", "--name", "张三", "--phone", "13800138000", NULL });
    GPid pid = 0;
    int out_fd = -1, err_fd = -1;
    g_autoptr (GError) error = NULL;
    g_assert_true (g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, NULL,
                                                     G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, slave, -1, -1,
                                                     NULL, NULL, 0, &pid, NULL, &out_fd, &err_fd, &error));
    g_assert_no_error (error);
    close (slave);
    /* The prompt comes on stderr once the echo is off. */
    GString *prompt = g_string_new (NULL);
    char buffer[256];
    while (!strstr (prompt->str, "(not shown): ")) {
        ssize_t n = read (err_fd, buffer, sizeof buffer);
        g_assert_cmpint (n, >, 0);
        g_string_append_len (prompt, buffer, n);
    }
    g_test_message ("prompt: %s", prompt->str);
    g_assert_true (g_str_has_prefix (prompt->str, "ID number"));
    g_string_free (prompt, TRUE);
    g_autofree char *typed = g_strdup_printf ("%s\n", S_ID);
    g_assert_cmpint (write (master, typed, strlen (typed)), ==, (ssize_t) strlen (typed));
    GString *out = g_string_new (NULL);
    ssize_t n;
    while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
        g_string_append_len (out, buffer, n);
    int wait_status = 0;
    g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
    g_spawn_close_pid (pid);
    g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
    g_test_message ("create: %s", out->str);
    g_assert_nonnull (strstr (out->str, "\t110105********002X\t"));
    /* What the terminal showed of the typing: only the line's end. */
    GString *shown = g_string_new (NULL);
    struct pollfd ready = { .fd = master, .events = POLLIN };
    while (poll (&ready, 1, 0) > 0 && (ready.revents & POLLIN) && (n = read (master, buffer, sizeof buffer)) > 0)
        g_string_append_len (shown, buffer, n);
    g_assert_null (strstr (shown->str, "1101"));
    g_assert_cmpstr (shown->str, ==, "\r\n");
    struct termios after;
    g_assert_cmpint (tcgetattr (master, &after), ==, 0);
    g_assert_true (after.c_lflag & ECHO);
    g_string_free (shown, TRUE);
    g_string_free (out, TRUE);
    close (out_fd);
    close (err_fd);
    close (master);
    server_free (server);
}

/* The code of a booking of today's SLOT made for ID through stdin. */
static char *
s_book (server_t *server, const char *id, const char *slot)
{
    int status = -1;
    g_autofree char *err = NULL;
    g_autofree char *input = g_strdup_printf ("%s\n", id);
    g_autofree char *line = s_piped (server, true, input, &err, &status,
        (const char *const[]) { "booking", "create", "a", "today", slot, "--name", "王五",
                                "--phone", "13700137000", NULL });
    if (status != 0)
        g_error ("booking create a today %s: exit %d: %s", slot, status, err);
    g_auto (GStrv) fields = s_fields (line);
    return g_strdup (fields[0]);
}

/* Check-in by the code: on time a ticket, early nothing but when; a
 * booking nobody came for is a no-show once its window closes; and the
 * summary counts each slot's places, check-ins, no-shows and cancels. */
static void
test_checkin_and_summary (void)
{
    server_t *server = server_start (s_hall, MORNING);
    g_autofree char *morning = s_book (server, S_ID2, "09:30");
    g_autofree char *afternoon = s_book (server, S_ID, "14:00");
    g_autofree char *dropped = s_book (server, "440524199001010018", "14:30");
    g_free (RUN (server, 0, "booking", "cancel", dropped));

    /* 09:00: the 09:30 slot's check-in is open (30 minutes before). */
    g_autofree char *on_time = RUN (server, 0, "booking", "checkin", morning);
    g_test_message ("checkin: %s", on_time);
    g_assert_true (g_str_has_prefix (on_time, "A001 on_time ahead 0 wait "));
    g_assert_nonnull (strstr (on_time, " slot 09:30-10:00\n"));
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM ticket WHERE number = 'A001'"), ==, 1);
    g_autofree char *twice = RUN (server, 1, "booking", "checkin", morning);
    g_autofree char *want_twice = g_strdup_printf ("%s checked_in ticket A001\n", morning);
    g_assert_cmpstr (twice, ==, want_twice);
    g_autofree char *early = RUN (server, 0, "booking", "checkin", afternoon);
    g_autofree char *want_early = g_strdup_printf ("%s early day 2026-11-27 checkin 13:30-14:30\n", afternoon);
    g_assert_cmpstr (early, ==, want_early);
    g_autofree char *unknown = RUN (server, 1, "booking", "checkin", "00000000");

    /* 14:31: nobody came for 14:00; the server's sweep marks it. */
    g_free (RUN (server, 0, "clock", "--advance", "19860"));
    for (int i = 0; i < 1000 && db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'") == 0; i++)
        g_usleep (10000);                    /* the server's next tick: within a second */
    g_assert_cmpint (db_int (server, "SELECT count(*) FROM booking WHERE state = 'noshow'"), ==, 1);

    g_autofree char *summary = RUN (server, 0, "booking", "summary");
    g_test_message ("summary:\n%s", summary);
    g_assert_nonnull (strstr (summary,
        "2026-11-27\ta\t09:00-09:30\tcapacity 3\tbooked 0\tchecked_in 0\tnoshow 0\tcancelled 0\n"));
    g_assert_nonnull (strstr (summary,
        "2026-11-27\ta\t09:30-10:00\tcapacity 3\tbooked 1\tchecked_in 1\tnoshow 0\tcancelled 0\n"));
    g_assert_nonnull (strstr (summary,
        "2026-11-27\ta\t14:00-14:30\tcapacity 3\tbooked 0\tchecked_in 0\tnoshow 1\tcancelled 0\n"));
    g_assert_nonnull (strstr (summary,
        "2026-11-27\ta\t14:30-15:00\tcapacity 3\tbooked 0\tchecked_in 0\tnoshow 0\tcancelled 1\n"));
    g_assert_null (strstr (summary, "\tb\t"));           /* b takes no bookings */
    g_assert_null (strstr (summary, "王"));                /* nothing personal */
    g_assert_null (strstr (summary, "1370"));
    /* From the next day on, five days: the weekend and the holiday have
     * no slots; Tuesday and Wednesday do. */
    g_autofree char *later = RUN (server, 0, "booking", "summary", "--from", "tomorrow", "--days", "5");
    g_assert_null (strstr (later, "2026-11-27"));
    g_assert_null (strstr (later, "2026-11-28"));
    g_assert_null (strstr (later, "2026-11-30"));
    g_assert_nonnull (strstr (later, "2026-12-01\ta\t09:00-09:30\tcapacity 3\tbooked 0"));
    g_assert_nonnull (strstr (later, "2026-12-02\ta\t14:30-15:00\t"));
    g_autofree char *bad = RUN (server, 2, "booking", "summary", "--days", "40");
    server_free (server);
}

/* The booking commands are in hallctl --help, and "hallctl booking"
 * alone lists them (a usage error: it needs one). */
static void
test_help (void)
{
    g_autofree char *program = harness_program ("hallctl");
    const char *argv[] = { program, "--help", NULL };
    g_autofree char *out = NULL;
    int status = -1;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    const char *commands[] = { "slots", "create", "list", "cancel", "checkin", "summary" };
    for (size_t i = 0; i < G_N_ELEMENTS (commands); i++) {
        g_autofree char *line = g_strdup_printf ("\n  booking %s ", commands[i]);
        if (!strstr (out, line))
            g_error ("hallctl --help does not list 'booking %s':\n%s", commands[i], out);
    }
    const char *group[] = { program, "booking", NULL };
    g_autofree char *err = NULL;
    g_assert_true (g_spawn_sync (NULL, (char **) group, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, NULL));
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 2);
    g_assert_nonnull (strstr (err, "\n  booking create "));
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    signal (SIGPIPE, SIG_IGN);
    g_test_add_func ("/hallctl-booking/create-list-cancel", test_create_list_cancel);
    g_test_add_func ("/hallctl-booking/id-never-an-argument", test_id_never_an_argument);
    g_test_add_func ("/hallctl-booking/prompt-does-not-echo", test_prompt_does_not_echo);
    g_test_add_func ("/hallctl-booking/checkin-and-summary", test_checkin_and_summary);
    g_test_add_func ("/hallctl-booking/help", test_help);
    return g_test_run ();
}
