/*  print-job.h — print a slip on a worker thread and call back on the
 *  main context.
 *
 *  Rendering (ESC/POS with its QR) and a slow printer (a TCP connect
 *  waits up to 3 s, lp forks) must not freeze the screen, so the kiosk and
 *  the reception desk hand each slip to a GTask.  One job at a time
 *  touches a printer, whatever the thread: prints and probes share one
 *  lock, so a probe never interleaves its bytes with a slip's.
 *
 *  SOURCE (the controller) owns PRINTER; the task holds a reference to
 *  SOURCE until CALLBACK has run, so the printer outlives the job.  The
 *  printer is used only on the worker thread while a job runs.
 */
#ifndef HALL_PRINT_JOB_H
#define HALL_PRINT_JOB_H

#include <gio/gio.h>
#include "printer.h"
#include "ticket.h"

//  Renders TICKET (taken) for PAPER, the QR drawn by the printer when
//  NATIVE_QR, and sends it to PRINTER on a worker thread; CALLBACK (USER)
//  runs on the calling thread's main context with SOURCE as its source.
void
    hall_print_job_start (gpointer source, hall_printer_t *printer, hall_ticket_paper_t paper,
                          gboolean native_qr, hall_ticket_print_t *ticket,
                          GAsyncReadyCallback callback, gpointer user);

//  In CALLBACK: TRUE when every byte went to the printer, FALSE with
//  ERROR set (the printer's error, hall_printer_error_state reads it).
//  *TICKET_P, if given, is the slip (owned by the result).
gboolean
    hall_print_job_finish (GAsyncResult *result, const hall_ticket_print_t **ticket_p,
                           GError **error);

//  Checks PRINTER (hall_printer_probe) on a worker thread, under the
//  same lock; CALLBACK as above.
void
    hall_print_job_probe (gpointer source, hall_printer_t *printer,
                          GAsyncReadyCallback callback, gpointer user);

//  In CALLBACK: TRUE when the printer answered, FALSE with ERROR set.
gboolean
    hall_print_job_probe_finish (GAsyncResult *result, GError **error);

#endif
