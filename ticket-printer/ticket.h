/*  ticket.h — the printed ticket: one layout, rendered three ways.
 *
 *  A hall_ticket_print_t holds what a visitor reads on the paper ticket:
 *  the hall, the category, the number, how many people are ahead, the
 *  estimated wait, the windows that serve it, when it was issued, a QR code
 *  with the ticket's status URL, the hall's waiting / missed-number rule,
 *  for an appointment ticket (预约) its slot, "预约 09:00–09:30", and for
 *  a journey ticket (一件事) its theme, the step it is on ("第 1 步 / 共 4
 *  步：企业登记", common/journey.h) and the way through its steps.
 *
 *  From that one struct the renderers produce
 *    - ESC/POS bytes for 58 mm (384 dots, 32 columns) and 80 mm (576 dots,
 *      48 columns) thermal printers: Chinese in GB18030 with Chinese mode on,
 *      the number at quadruple size, the QR either native (GS ( k) or, for
 *      printers without it, as a raster image (GS v 0) from libqrencode;
 *    - a PNG, 576 px wide (the kiosk screen, docs, the folder back-end);
 *    - a PDF, 80 mm wide (office printers, archives).
 *  All three walk the same list of lines, so they never disagree.
 *
 *  The struct is plain data: set the fields directly, strings g_strdup'ed,
 *  and hall_ticket_print_destroy frees them.
 */
#ifndef HALL_TICKET_H
#define HALL_TICKET_H

#include <glib.h>
#include <cairo.h>
#include <jansson.h>
#include "estimate.h"
#include "ticket-text.h"
#include "journey.h"

#define HALL_TICKET_WINDOWS_MAX 32

typedef struct {
    char   *hall_name;          //  "城关镇便民服务中心"
    char   *category_zh;        //  "不动产登记"
    char   *category_en;        //  "Real estate registration"; may be NULL
    char   *number;             //  "A001"
    int     people_ahead;       //  waiting tickets ahead of this one
    hall_estimate_t wait;       //  the estimate (open == 0: no window serves it now)
    int     windows [HALL_TICKET_WINDOWS_MAX];  //  window numbers serving it
    size_t  window_count;       //  entries used in windows []
    gint64  issued_at;          //  issue time, Unix seconds
    char   *timezone;           //  the hall's zone, "Asia/Shanghai"; NULL means
                                //  Asia/Shanghai (never the machine's zone)
    char   *status_url;         //  encoded in the QR code
    char   *rule_text;          //  waiting / missed-number rule; may be NULL
    char   *green_reason;       //  green-channel reason; NULL if ordinary
    char   *appointment_start;  //  预约: the slot's start "09:00"; NULL for a walk-in
    char   *appointment_end;    //  and its end "09:30" (set with the start)
    json_t *journey;            //  一件事: the ticket's `journey` object (docs/PROTOCOL.md),
                                //  owned; NULL for any other ticket
    char   *step_zh [HALL_JOURNEY_MAX_STEPS];   //  the names of journey.steps[i]'s
    char   *step_en [HALL_JOURNEY_MAX_STEPS];   //  categories (en may be NULL)
    gint64  reprinted_at;       //  补打: when this slip was printed again; 0 for the first slip
    int     reprint_count;      //  and which reprint it is (1, 2, …)
} hall_ticket_print_t;

//  Paper widths the ESC/POS renderer knows.
typedef enum {
    HALL_TICKET_PAPER_58MM = 58,        //  384 dots, 32 ASCII columns
    HALL_TICKET_PAPER_80MM = 80         //  576 dots, 48 ASCII columns
} hall_ticket_paper_t;

//  When no base for the ticket's page is configured, the QR points under
//  this reserved name, so nobody mistakes it for a real page.
#define HALL_TICKET_URL_PLACEHOLDER "https://hall.example/t/"

//  A new, empty ticket (all fields zero / NULL).
hall_ticket_print_t *
    hall_ticket_print_new (void);

//  The ticket an `issue` reply RESULT prints (docs/PROTOCOL.md), with the
//  snapshot's HALL and the ticket's CATEGORY objects (either may be NULL):
//  number, people ahead, the estimate, the windows, the hall's rule, the
//  appointment (the ticket's `appointment`: a `booking.checkin` reply has
//  the same fields and prints the same way), and
//  a reprint's mark (a `ticket.reprint` reply's `reprint`), and
//  the QR: the page's base (STATUS_URL, else the hall's status_url, else
//  the placeholder) followed by the ticket's token — never its day and
//  number, which anyone could guess.  The kiosk and `hallctl issue --png`
//  print the same ticket from it.
hall_ticket_print_t *
    hall_ticket_print_from_issue (json_t *result, json_t *hall, json_t *category,
                                  const char *status_url);

//  Makes SELF a journey ticket: JOURNEY (a ticket's `journey` object,
//  copied; NULL or not an object: no journey) and its steps' names from
//  CATEGORIES (the snapshot's category objects; a step it lacks is named
//  by its code).  The kiosk calls it after hall_ticket_print_from_issue,
//  which names only the ticket's own category.  A slip printed again from
//  a later ticket object says the step it is on then.
void
    hall_ticket_print_set_journey (hall_ticket_print_t *self, json_t *journey,
                                   json_t *categories);

//  A deep copy of SELF (hall_ticket_print_destroy it).
hall_ticket_print_t *
    hall_ticket_print_copy (const hall_ticket_print_t *self);

//  Free the ticket and its strings, set *self_p to NULL. Safe on NULL.
void
    hall_ticket_print_destroy (hall_ticket_print_t **self_p);

//  Append a window number; returns 0, or -1 when the list is full.
int
    hall_ticket_print_add_window (hall_ticket_print_t *self, int window);

//  The ticket's sentences, as printed (newly allocated, g_free them), for
//  the kiosk's on-screen ticket:
//    "你前面还有 12 人在等待"
//    "预计等待约 25 分钟"
//    "办理窗口：3号、5号"
//    "2026年11月27日 09:30"  (issued_at in the ticket's timezone)
char *
    hall_ticket_print_ahead_text (const hall_ticket_print_t *self);
char *
    hall_ticket_print_wait_text (const hall_ticket_print_t *self);
char *
    hall_ticket_print_windows_text (const hall_ticket_print_t *self);
char *
    hall_ticket_print_time_text (const hall_ticket_print_t *self);
//  A reprinted slip's mark, "补打（第 1 次）2026年12月2日 10:15"; NULL for the
//  first slip.
char *
    hall_ticket_print_reprint_text (const hall_ticket_print_t *self);

//  An appointment ticket's line, "预约 09:00–09:30", said once for the
//  paper (TR NULL: Chinese) and the kiosk's screen (TR its translator);
//  NULL for a walk-in.  (Beside common/ticket-text.h's sentences in
//  spirit; here while only the ticket and the kiosk say it.)
char *
    hall_ticket_print_appointment_text (const char *start, const char *end,
                                        hall_text_tr_fn tr);

//  What heads the ticket under the hall's name: a journey's theme (the
//  visitor chose it), else the category; ENGLISH: its English name, or
//  NULL when it has none.  Borrowed.
const char *
    hall_ticket_print_title (const hall_ticket_print_t *self, gboolean english);

//  A journey ticket's step, "第 1 步 / 共 4 步：企业登记" (hall_journey_text,
//  ENGLISH: "Step 1 of 4: ..." with the step's English name); NULL for
//  any other ticket.
char *
    hall_ticket_print_journey_step_text (const hall_ticket_print_t *self, gboolean english);

//  The way through a journey's STEPS (an array of {category, stage,
//  optional, state?}: a ticket's journey.steps or a snapshot journey's)
//  named by NAMES [i] (NULL: the step's code): stages in order joined by
//  " → " (LINES: a line each, "→ " before all but the first), a stage's
//  steps by "、", "（可选）" after an optional step, and when the steps
//  have states "（已办）", "（已跳过）", "（当前）" or "（未办）" (dropped).
//  TR as for the appointment's text.  Said once for the kiosk's journey
//  button (one line), the ticket on screen and the paper (lines).
char *
    hall_ticket_print_route_text (json_t *steps, char *const *names, gboolean lines,
                                  hall_text_tr_fn tr);

//  Under the route of STEPS when a stage has several steps: "同一行的事项
//  不分先后" (TR as above; static); NULL when every stage has one.
const char *
    hall_ticket_print_route_note (json_t *steps, hall_text_tr_fn tr);

//  The hall's day of issue, "20261127" (issued_at in the ticket's
//  timezone): what the folder printer names its files with.
char *
    hall_ticket_print_day (const hall_ticket_print_t *self);

//  ESC/POS bytes for PAPER: ESC @, FS &, the lines (GB18030, ESC a
//  alignment, GS ! sizes), the QR (native GS ( k when NATIVE_QR, else a
//  GS v 0 raster), feed and GS V cut. NULL with ERROR set when a field is
//  missing, text is not valid UTF-8 or the URL does not fit a QR code.
GByteArray *
    hall_ticket_print_escpos (const hall_ticket_print_t *self,
                              hall_ticket_paper_t paper, gboolean native_qr,
                              GError **error);

//  The ticket as an RGB image 576 px wide, as tall as it needs to be.
//  NULL with ERROR set on the same faults as above. Caller destroys it.
cairo_surface_t *
    hall_ticket_print_surface (const hall_ticket_print_t *self, GError **error);

//  Write the ticket to PATH as PNG. FALSE with ERROR set on failure.
gboolean
    hall_ticket_print_png (const hall_ticket_print_t *self, const char *path,
                           GError **error);

//  Write the ticket to PATH as a one-page PDF, 80 mm wide, text kept as
//  text (searchable, pdftotext finds it). FALSE with ERROR set on failure.
gboolean
    hall_ticket_print_pdf (const hall_ticket_print_t *self, const char *path,
                           GError **error);

#endif
