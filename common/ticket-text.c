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
hall_text_band (hall_estimate_t e)
{
    if (e.open < 1)
        return NULL;
    int low = hall_text_minutes (e.low), high = hall_text_minutes (e.high);
    if (high > 15) {
        low = low / 5 * 5;
        high = (high + 4) / 5 * 5;
    }
    if (low >= high)
        return g_strdup_printf ("%d", high);
    return g_strdup_printf ("%d–%d", low, high);
}

char *
hall_text_wait (hall_estimate_t e, hall_text_tr_fn tr)
{
    if (e.open < 1)
        return g_strdup (s_tr (tr, N_("当前暂无窗口办理此业务，请咨询服务台")));
    if (hall_text_minutes (e.high) == 0)
        return g_strdup (s_tr (tr, N_("预计等待不到 1 分钟")));
    g_autofree char *band = hall_text_band (e);
    return g_strdup_printf (s_tr (tr, N_("预计等待约 %s 分钟")), band);
}

char *
hall_text_category_load (int waiting, hall_estimate_t e, hall_text_tr_fn tr)
{
    if (e.open < 1)
        return g_strdup_printf (s_tr (tr, N_("等待 %d 人 · 暂无窗口办理")), MAX (waiting, 0));
    if (waiting <= 0)
        return g_strdup (s_tr (tr, N_("无需等待")));
    g_autofree char *band = hall_text_band (e);
    return g_strdup_printf (s_tr (tr, N_("等待 %d 人 · 约 %s 分钟")), waiting, band);
}

char *
hall_text_windows (const int *windows, size_t count, gboolean english, hall_text_tr_fn tr)
{
    if (count == 0)
        return g_strdup (s_tr (tr, N_("办理窗口：暂无")));
    GString *list = g_string_new (NULL);
    for (size_t i = 0; i < count; i++)
        g_string_append_printf (list, english ? "%s%d" : "%s%d号", i ? (english ? ", " : "、") : "", windows[i]);
    char *text = g_strdup_printf (s_tr (tr, N_("办理窗口：%s")), list->str);
    g_string_free (list, TRUE);
    return text;
}
