/*  queue.c — the dispatch policy (queue.h). */
#include "queue.h"
#include "protocol.h"

#include <stdlib.h>
#include <string.h>

static bool
s_in_list (json_t *list, const char *code)
{
    size_t i;
    json_t *item;
    json_array_foreach (list, i, item)
        if (json_is_string (item) && strcmp (json_string_value (item), code) == 0)
            return true;
    return false;
}

static json_int_t
s_target_wait (json_t *categories, const char *code)
{
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category) {
        const char *c = json_string_value (json_object_get (category, "code"));
        if (c && strcmp (c, code) == 0)
            return json_integer_value (json_object_get (category, "target_wait"));
    }
    return 0;
}

/* An appointment ticket's slot start, or -1 for a walk-in. */
static json_int_t
s_appointment_at (json_t *ticket)
{
    json_t *at = json_object_get (json_object_get (ticket, "appointment"), "at");
    return json_is_integer (at) ? json_integer_value (at) : -1;
}

/* When TICKET's wait started (queue.h): its queue key, or for a due
 * appointment ticket the later of that and its slot's start. */
static double
s_wait_start (json_t *ticket, int64_t now)
{
    double key = json_number_value (json_object_get (ticket, "queue_key"));
    json_int_t at = s_appointment_at (ticket);
    return at >= 0 && at <= now && (double) at > key ? (double) at : key;
}

int
hall_queue_rank (json_t *ticket, json_t *window, json_t *categories, int64_t now)
{
    const char *state = json_string_value (json_object_get (ticket, "state"));
    const char *code = json_string_value (json_object_get (ticket, "category"));
    if (!state || !code || strcmp (state, HALL_TICKET_WAITING) != 0)
        return -1;
    json_int_t number = json_integer_value (json_object_get (window, "number"));
    json_t *target = json_object_get (ticket, "target_window");
    if (json_is_integer (target))
        return json_integer_value (target) == number ? 0 : -1;

    bool primary = s_in_list (json_object_get (window, "primary"), code);
    bool backup = !primary && s_in_list (json_object_get (window, "backup"), code);
    bool green = json_is_string (json_object_get (ticket, "green"));
    bool green_window = json_is_true (json_object_get (window, "green"));
    if (green && (primary || backup || green_window))
        return 1;
    if (!primary && !backup)
        return -1;
    json_int_t target_wait = s_target_wait (categories, code);
    json_int_t since = json_integer_value (json_object_get (ticket, "queued_at"));
    json_int_t at = s_appointment_at (ticket);
    bool due = at >= 0 && at <= now;
    if (due && at > since)
        since = at;
    if (target_wait > 0 && now - since > target_wait)
        return 2;
    if (due)
        return primary ? 3 : 5;
    return primary ? 4 : 6;
}

typedef struct {
    json_t *ticket;
    int     rank;
    double  key;
    int64_t seq;
    int64_t id;
} ranked_t;

static int
s_compare (const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    if (x->seq != y->seq)
        return x->seq < y->seq ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

json_t *
hall_queue_order (json_t *tickets, json_t *window, json_t *categories, int64_t now)
{
    size_t count = json_array_size (tickets);
    ranked_t *ranked = calloc (count ? count : 1, sizeof *ranked);
    size_t used = 0;
    size_t i;
    json_t *ticket;
    json_array_foreach (tickets, i, ticket) {
        int rank = hall_queue_rank (ticket, window, categories, now);
        if (rank < 0)
            continue;
        ranked[used].ticket = ticket;
        ranked[used].rank = rank;
        ranked[used].key = s_wait_start (ticket, now);
        ranked[used].seq = json_integer_value (json_object_get (ticket, "queue_seq"));
        ranked[used].id = json_integer_value (json_object_get (ticket, "id"));
        used++;
    }
    qsort (ranked, used, sizeof *ranked, s_compare);
    json_t *order = json_array ();
    for (i = 0; i < used; i++)
        json_array_append (order, ranked[i].ticket);
    free (ranked);
    return order;
}
