/*  counter-format.h — small text helpers shared by the desk's views:
 *  durations and category names in the UI language.
 */
#ifndef COUNTER_FORMAT_H
#define COUNTER_FORMAT_H

#include <glib.h>
#include <jansson.h>

/* "3分05秒", "1小时02分" (translated); "—" for a negative duration. */
char       *counter_format_duration (gint64 seconds);
/* The category's name in the UI language ("name" or "name_en"); its code
 * when the category is unknown (CATEGORY NULL). */
const char *counter_category_name (json_t *category, const char *code);

#endif
