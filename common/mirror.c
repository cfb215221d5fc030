/*  mirror.c — a client's copy of the hall state (mirror.h).
 *
 *  The state is held as JSON arrays in the snapshot's own shape, kept
 *  sorted on every change, so a dump is a plain copy and compares equal to
 *  a fresh snapshot.  Halls hold tens of windows and hundreds of tickets:
 *  an upsert is a linear scan plus an insertion, O(N), which costs less
 *  than keeping an index in step.
 */
#include "mirror.h"
#include "protocol.h"
#include "queue.h"

#include <assert.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

struct _hall_mirror_t {
    bool     loaded;        /* a snapshot has been loaded since new/reset */
    int64_t  seq;           /* seq of the last event the state reflects */
    char    *day;           /* hall's local date "YYYY-MM-DD", or NULL */
    json_t  *hall;          /* hall settings object */
    json_t  *categories;    /* category objects, by position then code */
    json_t  *windows;       /* window objects, by number */
    json_t  *tickets;       /* active ticket objects, by id */
    json_t  *calls;         /* recent call objects, newest first */
    json_t  *journeys;      /* the hall's journeys (一件事), as the snapshot has them */
};

hall_mirror_t *
hall_mirror_new (void)
{
    hall_mirror_t *self = calloc (1, sizeof *self);
    assert (self);
    hall_mirror_reset (self);
    return self;
}

void
hall_mirror_destroy (hall_mirror_t **self_p)
{
    assert (self_p);
    hall_mirror_t *self = *self_p;
    if (self) {
        free (self->day);
        json_decref (self->hall);
        json_decref (self->categories);
        json_decref (self->windows);
        json_decref (self->tickets);
        json_decref (self->calls);
        json_decref (self->journeys);
        free (self);
        *self_p = NULL;
    }
}

void
hall_mirror_reset (hall_mirror_t *self)
{
    assert (self);
    free (self->day);
    json_decref (self->hall);
    json_decref (self->categories);
    json_decref (self->windows);
    json_decref (self->tickets);
    json_decref (self->calls);
    json_decref (self->journeys);
    self->loaded = false;
    self->seq = 0;
    self->day = NULL;
    self->hall = json_object ();
    self->categories = json_array ();
    self->windows = json_array ();
    self->tickets = json_array ();
    self->calls = json_array ();
    self->journeys = json_array ();
}

/* ---- ordering ------------------------------------------------------------ */

/* Orders two entities by one numeric field; 0 when equal or absent. */
static int
s_compare_field (json_t *a, json_t *b, const char *field)
{
    json_t *x = json_object_get (a, field);
    json_t *y = json_object_get (b, field);
    if (json_is_integer (x) && json_is_integer (y)) {
        json_int_t i = json_integer_value (x), j = json_integer_value (y);
        return (i > j) - (i < j);
    }
    double p = json_number_value (x), q = json_number_value (y);
    return (p > q) - (p < q);
}

static int
s_compare_category (json_t *a, json_t *b)
{
    int rc = s_compare_field (a, b, "position");
    if (rc)
        return rc;
    const char *x = json_string_value (json_object_get (a, "code"));
    const char *y = json_string_value (json_object_get (b, "code"));
    return strcmp (x ? x : "", y ? y : "");
}

static int
s_compare_window (json_t *a, json_t *b)
{
    return s_compare_field (a, b, "number");
}

static int
s_compare_ticket (json_t *a, json_t *b)
{
    return s_compare_field (a, b, "id");
}

typedef int (s_compare_fn) (json_t *a, json_t *b);

/* Sorts ARRAY in place (stable insertion sort: arrays are short and come
 * nearly sorted from the server). */
static void
s_sort (json_t *array, s_compare_fn *compare)
{
    size_t size = json_array_size (array);
    for (size_t i = 1; i < size; i++) {
        json_t *item = json_incref (json_array_get (array, i));
        size_t j = i;
        while (j > 0 && compare (json_array_get (array, j - 1), item) > 0)
            j--;
        if (j != i) {
            json_array_remove (array, i);
            json_array_insert (array, j, item);
        }
        json_decref (item);
    }
}

/* Index of the entity of ARRAY whose FIELD equals that of ENTITY, or -1. */
static int
s_find (json_t *array, json_t *entity, const char *field)
{
    json_t *key = json_object_get (entity, field);
    if (!key)
        return -1;
    size_t i;
    json_t *item;
    json_array_foreach (array, i, item)
        if (json_equal (json_object_get (item, field), key))
            return (int) i;
    return -1;
}

/* Removes the entity with ENTITY's identity FIELD, then, when KEEP, puts a
 * copy of ENTITY at its sorted place. */
static void
s_upsert (json_t *array, json_t *entity, const char *field, s_compare_fn *compare, bool keep)
{
    int index = s_find (array, entity, field);
    if (index >= 0)
        json_array_remove (array, (size_t) index);
    if (!keep)
        return;
    size_t size = json_array_size (array);
    size_t at = size;
    for (size_t i = 0; i < size; i++)
        if (compare (json_array_get (array, i), entity) > 0) {
            at = i;
            break;
        }
    json_array_insert_new (array, at, json_deep_copy (entity));
}

/* ---- load and apply ------------------------------------------------------ */

int
hall_mirror_load (hall_mirror_t *self, json_t *snapshot)
{
    assert (self);
    json_t *seq = json_object_get (snapshot, "seq");
    json_t *day = json_object_get (snapshot, "day");
    json_t *hall = json_object_get (snapshot, "hall");
    json_t *categories = json_object_get (snapshot, "categories");
    json_t *windows = json_object_get (snapshot, "windows");
    json_t *tickets = json_object_get (snapshot, "tickets");
    json_t *calls = json_object_get (snapshot, "calls");
    if (!json_is_integer (seq) || json_integer_value (seq) < 0
        || !json_is_string (day) || !json_is_object (hall)
        || !json_is_array (categories) || !json_is_array (windows)
        || !json_is_array (tickets) || !json_is_array (calls))
        return -1;

    hall_mirror_reset (self);
    self->seq = json_integer_value (seq);
    self->day = strdup (json_string_value (day));
    json_decref (self->hall);
    self->hall = json_deep_copy (hall);

    size_t i;
    json_t *item;
    json_array_foreach (categories, i, item)
        if (json_is_object (item))
            json_array_append_new (self->categories, json_deep_copy (item));
    json_array_foreach (windows, i, item)
        if (json_is_object (item))
            json_array_append_new (self->windows, json_deep_copy (item));
    json_array_foreach (tickets, i, item)
        if (json_is_object (item)
            && hall_ticket_state_active (json_string_value (json_object_get (item, "state"))))
            json_array_append_new (self->tickets, json_deep_copy (item));
    json_array_foreach (calls, i, item)
        if (json_is_object (item) && json_array_size (self->calls) < HALL_MIRROR_CALLS)
            json_array_append_new (self->calls, json_deep_copy (item));
    /* Journeys change only with the configuration (a restart): kept as
     * the snapshot has them.  An older server sends none. */
    json_t *journeys = json_object_get (snapshot, "journeys");
    if (json_is_array (journeys)) {
        json_decref (self->journeys);
        self->journeys = json_deep_copy (journeys);
    }
    s_sort (self->categories, s_compare_category);
    s_sort (self->windows, s_compare_window);
    s_sort (self->tickets, s_compare_ticket);
    self->loaded = true;
    return 0;
}

hall_mirror_result_t
hall_mirror_apply (hall_mirror_t *self, json_t *event)
{
    assert (self);
    json_t *jseq = json_object_get (event, "seq");
    if (!self->loaded || !json_is_integer (jseq))
        return HALL_MIRROR_GAP;
    int64_t seq = json_integer_value (jseq);
    if (seq <= self->seq)
        return HALL_MIRROR_STALE;
    if (seq != self->seq + 1)
        return HALL_MIRROR_GAP;

    /* The mirror is left as it was: the snapshot that follows replaces it. */
    const char *type = json_string_value (json_object_get (event, "type"));
    if (type && (strcmp (type, "day.changed") == 0 || strcmp (type, "config.changed") == 0))
        return HALL_MIRROR_RESYNC;

    json_t *category = json_object_get (event, "category");
    if (json_is_object (category))
        s_upsert (self->categories, category, "code", s_compare_category, true);
    json_t *window = json_object_get (event, "window");
    if (json_is_object (window))
        s_upsert (self->windows, window, "number", s_compare_window, true);
    json_t *ticket = json_object_get (event, "ticket");
    if (json_is_object (ticket)) {
        const char *state = json_string_value (json_object_get (ticket, "state"));
        s_upsert (self->tickets, ticket, "id", s_compare_ticket,
                  hall_ticket_state_active (state));
    }
    json_t *call = json_object_get (event, "call");
    if (json_is_object (call)) {
        json_array_insert_new (self->calls, 0, json_deep_copy (call));
        while (json_array_size (self->calls) > HALL_MIRROR_CALLS)
            json_array_remove (self->calls, json_array_size (self->calls) - 1);
    }
    self->seq = seq;
    return HALL_MIRROR_APPLIED;
}

/* ---- views --------------------------------------------------------------- */

bool
hall_mirror_loaded (hall_mirror_t *self)
{
    assert (self);
    return self->loaded;
}

int64_t
hall_mirror_seq (hall_mirror_t *self)
{
    assert (self);
    return self->seq;
}

const char *
hall_mirror_day (hall_mirror_t *self)
{
    assert (self);
    return self->day;
}

json_t *
hall_mirror_hall (hall_mirror_t *self)
{
    assert (self);
    return self->hall;
}

json_t *
hall_mirror_categories (hall_mirror_t *self)
{
    assert (self);
    return self->categories;
}

json_t *
hall_mirror_journeys (hall_mirror_t *self)
{
    assert (self);
    return self->journeys;
}

json_t *
hall_mirror_windows (hall_mirror_t *self)
{
    assert (self);
    return self->windows;
}

json_t *
hall_mirror_tickets (hall_mirror_t *self)
{
    assert (self);
    return self->tickets;
}

json_t *
hall_mirror_calls (hall_mirror_t *self)
{
    assert (self);
    return self->calls;
}

json_t *
hall_mirror_category (hall_mirror_t *self, const char *code)
{
    assert (self);
    size_t i;
    json_t *item;
    json_array_foreach (self->categories, i, item) {
        const char *c = json_string_value (json_object_get (item, "code"));
        if (code && c && strcmp (c, code) == 0)
            return item;
    }
    return NULL;
}

json_t *
hall_mirror_window (hall_mirror_t *self, int number)
{
    assert (self);
    size_t i;
    json_t *item;
    json_array_foreach (self->windows, i, item)
        if (json_integer_value (json_object_get (item, "number")) == number)
            return item;
    return NULL;
}

json_t *
hall_mirror_ticket (hall_mirror_t *self, int64_t id)
{
    assert (self);
    size_t i;
    json_t *item;
    json_array_foreach (self->tickets, i, item)
        if (json_integer_value (json_object_get (item, "id")) == id)
            return item;
    return NULL;
}

int
hall_mirror_waiting (hall_mirror_t *self, const char *code)
{
    assert (self);
    int count = 0;
    size_t i;
    json_t *item;
    json_array_foreach (self->tickets, i, item) {
        const char *c = json_string_value (json_object_get (item, "category"));
        const char *state = json_string_value (json_object_get (item, "state"));
        if (code && c && state && strcmp (c, code) == 0
            && strcmp (state, HALL_TICKET_WAITING) == 0)
            count++;
    }
    return count;
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

/* A waiting ticket's group in its category's line (mirror.h) and its
 * place in the group into *KEY: 0 green, 1 a due appointment (from the
 * later of its check-in and its slot's start), 2 the others (their queue
 * key: an appointment not yet due queues as a walk-in). */
static int
s_ahead_class (json_t *ticket, int64_t now, double *key)
{
    double queue_key = json_number_value (json_object_get (ticket, "queue_key"));
    json_t *at = json_object_get (json_object_get (ticket, "appointment"), "at");
    *key = queue_key;
    if (json_is_string (json_object_get (ticket, "green")))
        return 0;
    if (json_is_integer (at) && json_integer_value (at) <= now) {
        *key = fmax (queue_key, (double) json_integer_value (at));
        return 1;
    }
    return 2;
}

int
hall_mirror_ahead (hall_mirror_t *self, json_t *ticket, int64_t now)
{
    assert (self);
    if (strcmp (s_str (ticket, "state"), HALL_TICKET_WAITING) != 0)
        return 0;
    const char *code = s_str (ticket, "category");
    /* Green first, then due appointments, then the rest by key. */
    double key;
    int class = s_ahead_class (ticket, now, &key);
    json_int_t seq = json_integer_value (json_object_get (ticket, "queue_seq"));
    json_int_t id = json_integer_value (json_object_get (ticket, "id"));
    int ahead = 0;
    size_t i;
    json_t *other;
    json_array_foreach (self->tickets, i, other) {
        if (json_integer_value (json_object_get (other, "id")) == id
            || strcmp (s_str (other, "state"), HALL_TICKET_WAITING) != 0
            || strcmp (s_str (other, "category"), code) != 0
            || !json_is_null (json_object_get (other, "target_window")))
            continue;
        double other_key;
        int other_class = s_ahead_class (other, now, &other_key);
        json_int_t other_seq = json_integer_value (json_object_get (other, "queue_seq"));
        if (other_class < class
            || (other_class == class && (other_key < key || (other_key == key && other_seq < seq))))
            ahead++;
    }
    return ahead;
}

json_t *
hall_mirror_queue (hall_mirror_t *self, int number, int64_t now)
{
    assert (self);
    json_t *window = hall_mirror_window (self, number);
    if (!window)
        return json_array ();
    return hall_queue_order (self->tickets, window, self->categories, now);
}

json_t *
hall_mirror_dump (hall_mirror_t *self)
{
    assert (self);
    /* Deep copies: the caller may change the dump without touching us. */
    return json_pack ("{s:I, s:s?, s:o, s:o, s:o, s:o, s:o, s:o}",
                      "seq", (json_int_t) self->seq, "day", self->day,
                      "hall", json_deep_copy (self->hall),
                      "categories", json_deep_copy (self->categories),
                      "windows", json_deep_copy (self->windows),
                      "journeys", json_deep_copy (self->journeys),
                      "tickets", json_deep_copy (self->tickets),
                      "calls", json_deep_copy (self->calls));
}
