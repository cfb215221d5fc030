/*  printer.h — where ticket bytes go: one type, four back-ends.
 *
 *  A printer is made from a one-line spec, as written in the kiosk's
 *  configuration:
 *
 *    file:/dev/usb/lp0        write to a device file (it must exist: a
 *                             missing printer is an error, not a new file);
 *                             a regular file is appended to
 *    tcp:192.168.1.50:9100    connect (3 s timeout), write all, close; the
 *                             port defaults to 9100; IPv6 as tcp:[::1]:9100
 *    cups:QUEUE               pipe to `lp -d QUEUE -o raw`; lp's exit status
 *                             and message are reported (the first cups
 *                             print sets SIGPIPE to ignored, as GIO's
 *                             sockets already do)
 *    folder:/var/spool/hall   one file per ticket, named by date and number
 *                             (20261127-A001.bin; a reprint gets -2, -3 …);
 *                             for tests and halls without a printer
 *
 *  hall_printer_print never fails silently: every back-end returns FALSE
 *  with a GError (domain G_IO_ERROR) whose message names the printer spec
 *  and the cause.  It blocks until the bytes are handed over; call it off
 *  the GUI thread if a slow printer matters.
 */
#ifndef HALL_PRINTER_H
#define HALL_PRINTER_H

#include <glib.h>

typedef struct _hall_printer_t hall_printer_t;

//  A printer for SPEC, or NULL when SPEC is malformed (unknown scheme,
//  empty path, queue or host, bad port). Nothing is opened yet.
hall_printer_t *
    hall_printer_new_from_spec (const char *spec);

//  Destroy the printer, set *self_p to NULL. Safe on NULL.
void
    hall_printer_destroy (hall_printer_t **self_p);

//  The spec the printer was made from.
const char *
    hall_printer_spec (hall_printer_t *self);

//  TCP connect and write timeout in seconds (default 3; 0 means none).
void
    hall_printer_set_timeout (hall_printer_t *self, unsigned seconds);

//  Send BYTES (a whole ticket) to the printer.  DAY (the hall's date of
//  the ticket, "YYYYMMDD": hall_ticket_print_day) and TICKET_NUMBER name
//  the file in the folder back-end (characters other than letters, digits,
//  '-' and '_' become '_'; NULL gives "nodate" and "ticket"); the others
//  ignore them.  TRUE once every byte is accepted, FALSE with ERROR set
//  otherwise.
gboolean
    hall_printer_print (hall_printer_t *self, const GByteArray *bytes,
                        const char *day, const char *ticket_number, GError **error);

//  What a printer's trouble is, as device.trouble names it (PROTOCOL.md).
typedef enum {
    HALL_PRINTER_OK = 0,
    HALL_PRINTER_FAILED,        //  it answered and refused, or failed within
    HALL_PRINTER_UNREACHABLE,   //  nothing there: connection refused or timed
                                //  out, no such device, lp cannot be run
    HALL_PRINTER_PAPER_OUT      //  it says so (CUPS: media-empty, media-needed)
} hall_printer_state_t;

//  The wire name: "ok", "failed", "unreachable", "paper_out".
const char *
    hall_printer_state_name (hall_printer_state_t state);

//  The trouble ERROR (from hall_printer_print or hall_printer_probe) says:
//  G_IO_ERROR_CONNECTION_REFUSED, _TIMED_OUT, _HOST_UNREACHABLE,
//  _NETWORK_UNREACHABLE, _HOST_NOT_FOUND and _NOT_FOUND are unreachable; a
//  message naming media-empty or media-needed is paper out; any other
//  error failed; NULL is ok.
hall_printer_state_t
    hall_printer_error_state (const GError *error);

//  Is the printer there, without printing anything?  tcp: a connection
//  opened and closed (the timeout applies); file: the device opened for
//  writing; folder: the folder can be made and written; cups: `lpstat -p
//  QUEUE -l` answers and names neither paper out nor a disabled queue (a
//  machine without lpstat is taken as ok: nothing can be told).  TRUE
//  when it is, FALSE with ERROR set as hall_printer_print does.  Blocks
//  like a print: call it off the GUI thread.
gboolean
    hall_printer_probe (hall_printer_t *self, GError **error);

#endif
