/*  counter-format.c — see counter-format.h. */
#include "counter-format.h"
#include "i18n.h"

char *
counter_format_duration (gint64 seconds)
{
    if (seconds < 0)
        return g_strdup ("—");
    if (seconds >= 3600)
        return g_strdup_printf (_("%d小时%02d分"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
    return g_strdup_printf (_("%d分%02d秒"), (int) (seconds / 60), (int) (seconds % 60));
}

const char *
counter_category_name (json_t *category, const char *code)
{
    /* The English catalogue translates this field name to "name_en". */
    const char *field = C_("category name field", "name");
    const char *name = json_string_value (json_object_get (category, field));
    if (!name || !*name)
        name = json_string_value (json_object_get (category, "name"));
    return name ? name : code ? code : "?";
}
