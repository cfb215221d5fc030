/*  ticket-text.c — see ticket-text.h. */
#include "ticket-text.h"

#include <glib/gi18n.h>

static const char *
s_tr (hall_text_tr_fn tr, const char *msgid)
{
    return tr ? tr (msgid) : msgid;
}

int
hall_text_minutes (int64_t seconds)
{
    return (int) ((MAX (seconds, 0) + 59) / 60);
}

char *
hall_text_ahead (int ahead, hall_text_tr_fn tr)
{
    if (ahead <= 0)
        return g_strdup (s_tr (tr, N_("前面没有人在等待")));
    return g_strdup_printf (s_tr (tr, N_("你前面还有 %d 人在等待")), ahead);
}

char *
hall_text_wait (int64_t seconds, hall_text_tr_fn tr)
{
    int minutes = hall_text_minutes (seconds);
    if (minutes == 0)
        return g_strdup (s_tr (tr, N_("预计等待不到 1 分钟")));
    return g_strdup_printf (s_tr (tr, N_("预计等待约 %d 分钟")), minutes);
}

char *
hall_text_category_load (int waiting, int64_t seconds, hall_text_tr_fn tr)
{
    return g_strdup_printf (s_tr (tr, N_("等待 %d 人 · 约 %d 分钟")), waiting, hall_text_minutes (seconds));
}
