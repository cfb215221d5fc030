/*  ticket-text.h — what a ticket tells its visitor, said once for paper
 *  and screen: the printed ticket (ticket-printer/ticket.c), the kiosk's
 *  ticket screen and its buttons (kiosk-text.c) and later the phone page
 *  all take their sentences from here, so they cannot drift apart.
 *
 *  Each function returns a new string (g_free).  TR translates a msgid
 *  (the Chinese source, marked N_()) into the screen's language; NULL
 *  keeps the Chinese, as the paper is printed.
 */
#ifndef HALL_TICKET_TEXT_H
#define HALL_TICKET_TEXT_H

#include <glib.h>
#include <stdint.h>
#include "estimate.h"

typedef const char *(*hall_text_tr_fn) (const char *msgid);

/* SECONDS as whole minutes, rounded up: a visitor told "0 minutes" after
 * 40 s feels misled; negative is 0. */
int   hall_text_minutes (int64_t seconds);

/* "前面没有人在等待", "你前面还有 3 人在等待". */
char *hall_text_ahead (int ahead, hall_text_tr_fn tr);
/* The estimate's band in minutes, rounded up, to fives above a quarter of
 * an hour: "12", "10–15"; NULL when no window is open. */
char *hall_text_band (hall_estimate_t estimate);
/* "预计等待不到 1 分钟", "预计等待约 25 分钟", "预计等待约 10–15 分钟";
 * with no window open "当前暂无窗口办理此业务，请咨询服务台". */
char *hall_text_wait (hall_estimate_t estimate, hall_text_tr_fn tr);
/* "办理窗口：3号、5号" ("Windows: 3, 5" when ENGLISH); "办理窗口：暂无"
 * when no window serves it now. */
char *hall_text_windows (const int *windows, size_t count, gboolean english, hall_text_tr_fn tr);
/* A category on the kiosk's button: "等待 4 人 · 约 10–15 分钟", "无需等待",
 * or "等待 4 人 · 暂无窗口办理". */
char *hall_text_category_load (int waiting, hall_estimate_t estimate, hall_text_tr_fn tr);

#endif
