/*  print-job.c — a slip printed off the main loop (print-job.h). */
#include "print-job.h"

//  One job at a time goes to a printer, whatever the thread.
static GMutex s_print_lock;

typedef struct {
    hall_printer_t      *printer;    //  borrowed: the task's source owns it
    hall_ticket_paper_t  paper;
    gboolean             native_qr;
    hall_ticket_print_t *ticket;     //  owned; NULL for a probe
} s_job_t;

static void
s_job_free (gpointer data)
{
    s_job_t *job = data;
    hall_ticket_print_destroy (&job->ticket);
    g_free (job);
}

static void
s_return (GTask *task, gboolean ok, GError *error)
{
    if (ok)
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

//  Worker thread: render and send.
static void
s_print_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    s_job_t *job = data;
    GError *error = NULL;
    g_mutex_lock (&s_print_lock);
    GByteArray *bytes = hall_ticket_print_escpos (job->ticket, job->paper, job->native_qr, &error);
    g_autofree char *day = hall_ticket_print_day (job->ticket);
    gboolean ok = bytes && hall_printer_print (job->printer, bytes, day, job->ticket->number, &error);
    g_mutex_unlock (&s_print_lock);
    if (bytes)
        g_byte_array_unref (bytes);
    s_return (task, ok, error);
}

static void
s_probe_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    s_job_t *job = data;
    GError *error = NULL;
    g_mutex_lock (&s_print_lock);
    gboolean ok = hall_printer_probe (job->printer, &error);
    g_mutex_unlock (&s_print_lock);
    s_return (task, ok, error);
}

static void
s_run (gpointer source, hall_printer_t *printer, hall_ticket_paper_t paper, gboolean native_qr,
       hall_ticket_print_t *ticket, GTaskThreadFunc thread, GAsyncReadyCallback callback,
       gpointer user)
{
    s_job_t *job = g_new0 (s_job_t, 1);
    job->printer = printer;
    job->paper = paper;
    job->native_qr = native_qr;
    job->ticket = ticket;
    GTask *task = g_task_new (source, NULL, callback, user);
    g_task_set_task_data (task, job, s_job_free);
    g_task_run_in_thread (task, thread);
    g_object_unref (task);
}

void
hall_print_job_start (gpointer source, hall_printer_t *printer, hall_ticket_paper_t paper,
                      gboolean native_qr, hall_ticket_print_t *ticket,
                      GAsyncReadyCallback callback, gpointer user)
{
    g_return_if_fail (printer && ticket);
    s_run (source, printer, paper, native_qr, ticket, s_print_thread, callback, user);
}

gboolean
hall_print_job_finish (GAsyncResult *result, const hall_ticket_print_t **ticket_p, GError **error)
{
    g_return_val_if_fail (G_IS_TASK (result), FALSE);
    if (ticket_p)
        *ticket_p = ((s_job_t *) g_task_get_task_data (G_TASK (result)))->ticket;
    return g_task_propagate_boolean (G_TASK (result), error);
}

void
hall_print_job_probe (gpointer source, hall_printer_t *printer,
                      GAsyncReadyCallback callback, gpointer user)
{
    g_return_if_fail (printer);
    s_run (source, printer, HALL_TICKET_PAPER_80MM, FALSE, NULL, s_probe_thread, callback, user);
}

gboolean
hall_print_job_probe_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (G_IS_TASK (result), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
