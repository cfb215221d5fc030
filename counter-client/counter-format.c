/*  counter-format.c — see counter-format.h. */
#include "counter-format.h"
#include "day.h"
#include "i18n.h"

#include <string.h>

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

/* What each step of a ticket's history is called on the desk. */
static const char *
s_step_name (const char *type)
{
    static const struct { const char *type; const char *name; } steps[] = {
        { "ticket.issued", N_("取号") },        { "ticket.called", N_("呼叫") },
        { "ticket.recalled", N_("再次呼叫") },      { "ticket.started", N_("开始办理") },
        { "ticket.finished", N_("办结") },      { "ticket.noshow", N_("过号") },
        { "ticket.requeued", N_("重新排队") },  { "ticket.transferred", N_("转出") },
        { "ticket.cancelled", N_("取消排队") },     { "ticket.expired", N_("当日未办，作废") },
        { "rating.given", N_("评价") },         { "rating.defaulted", N_("默认好评") },
        { "case.opened", N_("差评立案") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (steps); i++)
        if (g_strcmp0 (steps[i].type, type) == 0)
            return _(steps[i].name);
    return type;
}

static const char *
s_state_name (const char *state)
{
    static const struct { const char *state; const char *name; } states[] = {
        { "waiting", N_("等候中") }, { "called", N_("已呼叫") }, { "serving", N_("办理中") },
        { "finished", N_("已办结") }, { "noshow", N_("过号") }, { "cancelled", N_("已取消") },
        { "expired", N_("已作废") },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (states); i++)
        if (g_strcmp0 (states[i].state, state) == 0)
            return _(states[i].name);
    return state ? state : "?";
}

char *
counter_find_text (json_t *result, json_t *categories, const char *tzid)
{
    json_t *ticket = json_object_get (result, "ticket");
    const char *code = json_string_value (json_object_get (ticket, "category"));
    json_t *category = NULL;
    size_t i;
    json_t *item;
    json_array_foreach (categories, i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "code")), code) == 0)
            category = item;
    GString *text = g_string_new (NULL);
    g_string_append_printf (text, "%s · %s · %s\n",
                            json_string_value (json_object_get (ticket, "number")),
                            counter_category_name (category, code),
                            s_state_name (json_string_value (json_object_get (ticket, "state"))));
    g_autofree char *waited = counter_format_duration (json_integer_value (json_object_get (result, "waited")));
    g_string_append_printf (text, _("等候 %s"), waited);
    json_t *served = json_object_get (result, "served");
    if (json_is_integer (served)) {
        g_autofree char *took = counter_format_duration (json_integer_value (served));
        g_string_append (text, " · ");
        g_string_append_printf (text, _("办理 %s"), took);
    }
    json_array_foreach (json_object_get (result, "history"), i, item) {
        g_autofree char *at = hall_day_format (json_integer_value (json_object_get (item, "time")), tzid, "%H:%M");
        g_string_append_printf (text, "\n%s  %s", at,
                                s_step_name (json_string_value (json_object_get (item, "type"))));
        json_t *window = json_object_get (item, "window");
        if (json_is_integer (window))
            g_string_append_printf (text, _("  %d号窗口"), (int) json_integer_value (window));
        json_t *detail = json_object_get (item, "detail");
        json_t *to_window = json_object_get (detail, "to_window");
        const char *to_category = json_string_value (json_object_get (detail, "to_category"));
        if (json_is_integer (to_window))
            g_string_append_printf (text, _(" → %d号窗口"), (int) json_integer_value (to_window));
        else if (to_category) {
            json_t *target = NULL, *each;
            size_t j;
            json_array_foreach (categories, j, each)
                if (g_strcmp0 (json_string_value (json_object_get (each, "code")), to_category) == 0)
                    target = each;
            g_string_append_printf (text, " → %s", counter_category_name (target, to_category));
        }
    }
    return g_string_free (text, FALSE);
}
