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
/* ticket.find's RESULT as the desk shows it: number, category (named from
 * CATEGORIES, the mirror's), state, how long it waited and was served,
 * then one line per step at its local time in the hall's zone TZID. */
char       *counter_find_text (json_t *result, json_t *categories, const char *tzid);

#endif
