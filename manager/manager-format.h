/*  manager-format.h — how the dashboard writes times, waits and rates. */
#ifndef MANAGER_FORMAT_H
#define MANAGER_FORMAT_H

#include <glib.h>
#include <jansson.h>

/* g_autoptr (json_t) in the manager's files. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

/* "12分05秒", "1小时03分", "45秒" (translated). */
char       *manager_duration (gint64 seconds);
/* A ratio 0..1 (JSON real, or null) as "93.5%", or "-" when null. */
char       *manager_percent (json_t *ratio);
/* Seconds (JSON number, or null) as a duration in manager_duration's words
 * ("12分18秒": one way for every time on the dashboard), or "-". */
char       *manager_minutes (json_t *seconds);
/* The category's name in the UI language, or CODE. */
const char *manager_category_name (json_t *category, const char *code);
/* The window's state in words: 空闲, 已呼叫, 办理中, 暂停, 未登录. */
const char *manager_window_state (const char *state);
/* "HH:MM:SS" of a unix time in the hall's time zone TZ (NULL: local). */
char       *manager_clock (gint64 time, const char *tz);
/* TIME in the hall's zone TZ with a g_date_time_format FORMAT. */
char       *manager_local_format (gint64 time, const char *tz, const char *format);

#endif
