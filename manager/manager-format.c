/*  manager-format.c — see manager-format.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-format.h"
#include "day.h"
#include "i18n.h"

#include <math.h>
#include <string.h>

char *
manager_duration (gint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return g_strdup_printf (_("%d秒"), (int) seconds);
    if (seconds < 3600)
        return g_strdup_printf (_("%d分%02d秒"), (int) (seconds / 60), (int) (seconds % 60));
    return g_strdup_printf (_("%d小时%02d分"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
}

char *
manager_percent (json_t *ratio)
{
    if (!json_is_number (ratio))
        return g_strdup ("-");
    return g_strdup_printf ("%.1f%%", json_number_value (ratio) * 100.0);
}

char *
manager_minutes (json_t *seconds)
{
    if (!json_is_number (seconds))
        return g_strdup ("-");
    /* The same words as every other duration on the dashboard. */
    return manager_duration ((gint64) llround (json_number_value (seconds)));
}

const char *
manager_category_name (json_t *category, const char *code)
{
    const char *lang = g_getenv ("LANGUAGE");
    const char *name = NULL;
    if (lang && g_str_has_prefix (lang, "en"))
        name = json_string_value (json_object_get (category, "name_en"));
    if (!name || !*name)
        name = json_string_value (json_object_get (category, "name"));
    return name && *name ? name : (code ? code : "?");
}

const char *
manager_window_state (const char *state)
{
    if (g_strcmp0 (state, "idle") == 0)    return _("空闲");
    if (g_strcmp0 (state, "called") == 0)  return _("已呼叫");
    if (g_strcmp0 (state, "serving") == 0) return _("办理中");
    if (g_strcmp0 (state, "paused") == 0)  return _("暂停");
    return _("未登录");
}

char *
manager_clock (gint64 time, const char *tz)
{
    return manager_local_format (time, tz, "%H:%M:%S");
}

char *
manager_local_format (gint64 time, const char *tz, const char *format)
{
    return hall_day_format (time, tz, format);
}
