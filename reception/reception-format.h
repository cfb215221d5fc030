/*  reception-format.h — what the reception desk says about a ticket.
 *
 *  Plain functions over protocol objects (docs/PROTOCOL.md), no GTK: the
 *  controller builds a reception_ticket_t from a ticket.find result and
 *  the mirror's hall and categories, and the lookup view shows its
 *  strings and offers the actions it allows.  The rules of what may be
 *  done are the server's (requeue: a no-show, policy requeue, under
 *  requeue_max; ticket.reprint: waiting, called or serving; cancel:
 *  waiting); here they only decide which buttons are offered, and the
 *  server's refusal is still shown when the mirror was behind.
 */
#ifndef RECEPTION_FORMAT_H
#define RECEPTION_FORMAT_H

#include <glib.h>
#include <jansson.h>

typedef struct {
    char    *number;        //  "A003"
    char    *state;         //  the wire state, "noshow"
    char    *state_text;    //  "过号"
    char    *category_text; //  "企业开办"
    char    *green_text;    //  "绿色通道：老年人（王芳 1001 批准）", or NULL
    char    *window_text;   //  "1号窗口" or "—"
    char    *wait_text;     //  "已等 12 分钟"
    char    *calls_text;    //  "呼叫 2 次"
    char    *requeues_text; //  "还可重新排队 1 次" / "本厅过号无效" / "今日重新排队次数已满"
    gboolean can_requeue;
    gboolean can_reprint;
    gboolean can_cancel;
    char    *hint;          //  what staff can do, one sentence
} reception_ticket_t;

//  ENTERED as a ticket number: spaces dropped, the letter upper-cased,
//  the digits padded to three ("a3" is "A003").  NULL (and *PROBLEM, a
//  msgid, when PROBLEM is not NULL) for anything else — a scanned phone
//  link (the QR holds the link, not the number) is told as such.
char *reception_number_parse (const char *entered, const char **problem);

//  RESULT: ticket.find's result; HALL, CATEGORIES: the mirror's (either may
//  be NULL); NOW: the server's clock.  Strings in the desk's language.
reception_ticket_t *reception_ticket_new (json_t *result, json_t *hall, json_t *categories,
                                          gint64 now);
void reception_ticket_free (reception_ticket_t *ticket);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (reception_ticket_t, reception_ticket_free)

//  The name of CODE in CATEGORIES (the desk's language), else CODE.
const char *reception_category_name (json_t *categories, const char *code);

//  What staff are told for a refusal CODE (hall_error_t) of an action,
//  with the server's MESSAGE where no sentence of ours says more (new).
char *reception_error_text (int code, const char *message);

#endif
