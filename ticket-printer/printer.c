/*  printer.c — where ticket bytes go: file, tcp, cups, folder.
 */
#include "printer.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

typedef enum {
    S_BACKEND_FILE,
    S_BACKEND_TCP,
    S_BACKEND_CUPS,
    S_BACKEND_FOLDER
} s_backend_t;

struct _hall_printer_t {
    s_backend_t backend;        //  which back-end the spec chose
    char *spec;                 //  the spec as given, for messages
    char *target;               //  device path, host:port, queue or folder
    unsigned timeout;           //  TCP timeout, seconds (0: none)
};

#define S_TCP_PORT      9100
#define S_TCP_TIMEOUT   3

hall_printer_t *
hall_printer_new_from_spec (const char *spec)
{
    if (!spec)
        return NULL;
    static const struct {
        const char *prefix;
        s_backend_t backend;
    } schemes [] = {
        { "file:",   S_BACKEND_FILE   },
        { "tcp:",    S_BACKEND_TCP    },
        { "cups:",   S_BACKEND_CUPS   },
        { "folder:", S_BACKEND_FOLDER },
    };
    for (size_t index = 0; index < G_N_ELEMENTS (schemes); index++) {
        if (!g_str_has_prefix (spec, schemes [index].prefix))
            continue;
        const char *target = spec + strlen (schemes [index].prefix);
        s_backend_t backend = schemes [index].backend;
        if (!*target)
            return NULL;
        //  A queue name starting with '-' would be read by lp as an option.
        if (backend == S_BACKEND_CUPS
        &&  (*target == '-' || strpbrk (target, " \t\n/")))
            return NULL;
        if (backend == S_BACKEND_TCP) {
            GSocketConnectable *address =
                g_network_address_parse (target, S_TCP_PORT, NULL);
            if (!address)
                return NULL;
            g_object_unref (address);
        }
        hall_printer_t *self = g_new0 (hall_printer_t, 1);
        self->backend = backend;
        self->spec = g_strdup (spec);
        self->target = g_strdup (target);
        self->timeout = S_TCP_TIMEOUT;
        return self;
    }
    return NULL;
}

void
hall_printer_destroy (hall_printer_t **self_p)
{
    g_assert (self_p);
    hall_printer_t *self = *self_p;
    if (!self)
        return;
    g_free (self->spec);
    g_free (self->target);
    g_free (self);
    *self_p = NULL;
}

const char *
hall_printer_spec (hall_printer_t *self)
{
    g_assert (self);
    return self->spec;
}

void
hall_printer_set_timeout (hall_printer_t *self, unsigned seconds)
{
    g_assert (self);
    self->timeout = seconds;
}

static gboolean
s_errno_error (GError **error, int errsv, const char *what, const char *path)
{
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 "cannot %s %s: %s", what, path, g_strerror (errsv));
    return FALSE;
}

//  Device file: no O_CREAT, so an unplugged printer is an error.
static gboolean
s_print_file (hall_printer_t *self, const GByteArray *bytes, GError **error)
{
    int fd = open (self->target, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return s_errno_error (error, errno, "open", self->target);
    size_t done = 0;
    while (done < bytes->len) {
        ssize_t written = write (fd, bytes->data + done, bytes->len - done);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            int errsv = written < 0 ? errno : EIO;
            close (fd);
            return s_errno_error (error, errsv, "write to", self->target);
        }
        done += written;
    }
    if (close (fd) < 0)
        return s_errno_error (error, errno, "close", self->target);
    return TRUE;
}

static gboolean
s_print_tcp (hall_printer_t *self, const GByteArray *bytes, GError **error)
{
    GSocketClient *client = g_socket_client_new ();
    g_socket_client_set_timeout (client, self->timeout);
    GSocketConnection *connection = g_socket_client_connect_to_host (
        client, self->target, S_TCP_PORT, NULL, error);
    g_object_unref (client);
    if (!connection)
        return FALSE;
    GOutputStream *stream = g_io_stream_get_output_stream (G_IO_STREAM (connection));
    gboolean ok = g_output_stream_write_all (stream, bytes->data, bytes->len,
                                             NULL, NULL, error);
    //  Close reports errors too (a reset while flushing); keep the first.
    gboolean closed = g_io_stream_close (G_IO_STREAM (connection), NULL,
                                         ok ? error : NULL);
    g_object_unref (connection);
    return ok && closed;
}

//  lp's stderr goes to a temp file rather than a pipe: when lp refuses
//  (no such queue) it exits before reading its input, our write fails
//  with EPIPE, and its message is still there to report.
static gboolean
s_print_cups (hall_printer_t *self, const GByteArray *bytes, GError **error)
{
    //  GIO ignores SIGPIPE once it makes a socket; a kiosk that printed
    //  before any socket existed would be killed by lp exiting early.
    static gsize sigpipe_ignored = 0;
    if (g_once_init_enter (&sigpipe_ignored)) {
        signal (SIGPIPE, SIG_IGN);
        g_once_init_leave (&sigpipe_ignored, 1);
    }
    char *log_path = NULL;
    int log_fd = g_file_open_tmp ("hall-lp-XXXXXX", &log_path, error);
    if (log_fd < 0)
        return FALSE;
    close (log_fd);

    GSubprocessLauncher *launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
    g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
    GSubprocess *lp = g_subprocess_launcher_spawn (
        launcher, error, "lp", "-d", self->target, "-o", "raw", NULL);
    g_object_unref (launcher);
    gboolean ok = FALSE;
    if (lp) {
        GBytes *input = g_bytes_new (bytes->data, bytes->len);
        GError *write_error = NULL;
        g_subprocess_communicate (lp, input, NULL, NULL, NULL, &write_error);
        g_bytes_unref (input);
        g_subprocess_wait (lp, NULL, NULL);
        gboolean exited = g_subprocess_get_if_exited (lp);
        int status = exited ? g_subprocess_get_exit_status (lp)
                            : g_subprocess_get_term_sig (lp);
        if (exited && status == 0 && !write_error)
            ok = TRUE;
        else
        if (exited && status == 0)
            g_propagate_error (error, g_steal_pointer (&write_error));
        else {
            char *message = NULL;
            if (!g_file_get_contents (log_path, &message, NULL, NULL))
                message = g_strdup ("");
            g_strstrip (message);
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "lp -d %s failed (%s %d)%s%s", self->target,
                         exited ? "exit status" : "signal", status,
                         *message ? ": " : "", message);
            g_free (message);
        }
        g_clear_error (&write_error);
        g_object_unref (lp);
    }
    g_unlink (log_path);
    g_free (log_path);
    return ok;
}

//  One new file per ticket: DATE-NUMBER.bin, never overwriting a
//  previous print of the same number (a reprint is evidence too).
//  The date is the hall's day of the ticket, from the caller: never this
//  machine's date, which is in another zone or UTC for part of every day.
static gboolean
s_print_folder (hall_printer_t *self, const GByteArray *bytes,
                const char *day, const char *ticket_number, GError **error)
{
    if (g_mkdir_with_parents (self->target, 0755) < 0)
        return s_errno_error (error, errno, "create folder", self->target);

    char *number = g_strdup (ticket_number && *ticket_number ? ticket_number : "ticket");
    g_strcanon (number, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_", '_');
    char *date = g_strdup (day && *day ? day : "nodate");
    g_strcanon (date, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_", '_');

    gboolean ok = FALSE;
    for (int copy = 1; copy < 1000; copy++) {
        char *name = copy == 1 ? g_strdup_printf ("%s-%s.bin", date, number)
                               : g_strdup_printf ("%s-%s-%d.bin", date, number, copy);
        char *path = g_build_filename (self->target, name, NULL);
        g_free (name);
        int fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno == EEXIST) {
            g_free (path);
            continue;
        }
        if (fd < 0)
            s_errno_error (error, errno, "create", path);
        else {
            close (fd);
            //  Written whole by rename, so a watcher never sees half a ticket.
            ok = g_file_set_contents (path, (const char *) bytes->data,
                                      bytes->len, error);
            if (!ok)
                unlink (path);
        }
        g_free (path);
        break;
    }
    if (!ok && error && !*error)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     "too many copies of ticket %s today in %s", number,
                     self->target);
    g_free (date);
    g_free (number);
    return ok;
}

const char *
hall_printer_state_name (hall_printer_state_t state)
{
    static const char *const names[] = {
        [HALL_PRINTER_OK] = "ok", [HALL_PRINTER_FAILED] = "failed",
        [HALL_PRINTER_UNREACHABLE] = "unreachable", [HALL_PRINTER_PAPER_OUT] = "paper_out",
    };
    return state < G_N_ELEMENTS (names) ? names [state] : "failed";
}

hall_printer_state_t
hall_printer_error_state (const GError *error)
{
    if (!error)
        return HALL_PRINTER_OK;
    if (strstr (error->message, "media-empty") || strstr (error->message, "media-needed"))
        return HALL_PRINTER_PAPER_OUT;
    static const int unreachable[] = {
        G_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_TIMED_OUT, G_IO_ERROR_HOST_UNREACHABLE,
        G_IO_ERROR_NETWORK_UNREACHABLE, G_IO_ERROR_HOST_NOT_FOUND, G_IO_ERROR_NOT_FOUND,
    };
    if (error->domain == G_IO_ERROR)
        for (size_t i = 0; i < G_N_ELEMENTS (unreachable); i++)
            if (error->code == unreachable [i])
                return HALL_PRINTER_UNREACHABLE;
    //  A name that does not resolve comes from GResolver.
    if (error->domain == G_RESOLVER_ERROR)
        return HALL_PRINTER_UNREACHABLE;
    return HALL_PRINTER_FAILED;
}

static gboolean
s_probe_tcp (hall_printer_t *self, GError **error)
{
    GSocketClient *client = g_socket_client_new ();
    g_socket_client_set_timeout (client, self->timeout);
    GSocketConnection *connection = g_socket_client_connect_to_host (
        client, self->target, S_TCP_PORT, NULL, error);
    g_object_unref (client);
    if (!connection)
        return FALSE;
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    g_object_unref (connection);
    return TRUE;
}

static gboolean
s_probe_file (hall_printer_t *self, GError **error)
{
    int fd = open (self->target, O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return s_errno_error (error, errno, "open", self->target);
    close (fd);
    return TRUE;
}

static gboolean
s_probe_folder (hall_printer_t *self, GError **error)
{
    if (g_mkdir_with_parents (self->target, 0755) < 0)
        return s_errno_error (error, errno, "create folder", self->target);
    if (access (self->target, W_OK) < 0)
        return s_errno_error (error, errno, "write to folder", self->target);
    return TRUE;
}

//  lpstat -l lists the queue's state reasons ("Alerts: media-empty-error").
static gboolean
s_probe_cups (hall_printer_t *self, GError **error)
{
    g_autofree char *out = NULL, *err = NULL;
    int status = 0;
    const char *argv[] = { "lpstat", "-p", self->target, "-l", NULL };
    g_autoptr (GError) spawn_error = NULL;
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       &out, &err, &status, &spawn_error))
        return TRUE;            //  no lpstat here: nothing can be told
    if (!g_spawn_check_wait_status (status, NULL)) {
        g_strstrip (err);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "lpstat -p %s failed%s%s",
                     self->target, *err ? ": " : "", err);
        return FALSE;
    }
    const char *reason = strstr (out, "media-empty") ? "media-empty"
                       : strstr (out, "media-needed") ? "media-needed" : NULL;
    if (reason || strstr (out, "disabled")) {
        g_strstrip (out);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "queue %s is %s: %s", self->target,
                     reason ? reason : "disabled", out);
        return FALSE;
    }
    return TRUE;
}

//  OK as the back-end said; a failure (LOCAL, taken) names the printer,
//  whatever the cause.
static gboolean
s_outcome (hall_printer_t *self, gboolean ok, GError *local, GError **error)
{
    if (ok)
        return TRUE;
    if (!local)
        local = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "unknown failure");
    g_prefix_error (&local, "printer %s: ", self->spec);
    g_propagate_error (error, local);
    return FALSE;
}

gboolean
hall_printer_probe (hall_printer_t *self, GError **error)
{
    g_assert (self);
    GError *local = NULL;
    gboolean ok = FALSE;
    switch (self->backend) {
        case S_BACKEND_FILE:
            ok = s_probe_file (self, &local);
            break;
        case S_BACKEND_TCP:
            ok = s_probe_tcp (self, &local);
            break;
        case S_BACKEND_CUPS:
            ok = s_probe_cups (self, &local);
            break;
        case S_BACKEND_FOLDER:
            ok = s_probe_folder (self, &local);
            break;
    }
    return s_outcome (self, ok, local, error);
}

gboolean
hall_printer_print (hall_printer_t *self, const GByteArray *bytes,
                    const char *day, const char *ticket_number, GError **error)
{
    g_assert (self);
    g_assert (bytes);
    GError *local = NULL;
    gboolean ok = FALSE;
    switch (self->backend) {
        case S_BACKEND_FILE:
            ok = s_print_file (self, bytes, &local);
            break;
        case S_BACKEND_TCP:
            ok = s_print_tcp (self, bytes, &local);
            break;
        case S_BACKEND_CUPS:
            ok = s_print_cups (self, bytes, &local);
            break;
        case S_BACKEND_FOLDER:
            ok = s_print_folder (self, bytes, day, ticket_number, &local);
            break;
    }
    return s_outcome (self, ok, local, error);
}
