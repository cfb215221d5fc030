/*  board-view.c — see board-view.h. */
#define G_LOG_DOMAIN "hall-display"
#include "board-view.h"
#include "i18n.h"
#include "protocol.h"

#include <string.h>

json_t *
hall_view_window_ticket (hall_mirror_t *mirror, int number)
{
    json_t *window = hall_mirror_window (mirror, number);
    json_t *id = json_object_get (window, "ticket");
    if (!json_is_integer (id))
        return NULL;
    json_t *ticket = hall_mirror_ticket (mirror, json_integer_value (id));
    const char *state = json_string_value (json_object_get (ticket, "state"));
    if (!state || (strcmp (state, HALL_TICKET_CALLED) && strcmp (state, HALL_TICKET_SERVING)))
        return NULL;
    return ticket;
}

json_t *
hall_view_current_call (hall_mirror_t *mirror)
{
    if (!hall_mirror_loaded (mirror))
        return NULL;
    json_t *calls = hall_mirror_calls (mirror);
    size_t i;
    json_t *call;
    json_array_foreach (calls, i, call) {
        const char *number = json_string_value (json_object_get (call, "number"));
        int window = (int) json_integer_value (json_object_get (call, "window"));
        json_t *ticket = hall_view_window_ticket (mirror, window);
        if (number && ticket
            && g_strcmp0 (json_string_value (json_object_get (ticket, "number")), number) == 0)
            return call;
    }
    return NULL;
}

gboolean
hall_view_bilingual (void)
{
    /* The catalogue translates this marker only when English is chosen. */
    const char *marker = _("中文");
    return strcmp (marker, "中文") == 0;
}

char *
hall_view_window_label (int number)
{
    return g_strdup_printf (_("%d号窗口"), number);
}

char *
hall_view_window_label_en (int number)
{
    return g_strdup_printf ("Window %d", number);
}

const char *
hall_view_category_name (json_t *category)
{
    const char *zh = json_string_value (json_object_get (category, "name"));
    const char *en = json_string_value (json_object_get (category, "name_en"));
    if (!hall_view_bilingual () && en && *en)
        return en;
    return zh ? zh : json_string_value (json_object_get (category, "code"));
}
