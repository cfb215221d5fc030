/*  booking.c — appointments (预约): slots as data, real-name bookings
 *  (booking.h).
 */
#define G_LOG_DOMAIN "hall-engine"
#include "booking.h"
#include "day.h"
#include "events.h"
#include "issue.h"
#include "phone.h"
#include "hours.h"
#include "identity.h"
#include "rows.h"
#include "cache.h"

#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#define MAX_SPANS 16

/* ---- configuration ------------------------------------------------------------ */

typedef struct {
    const char *key;
    int         fallback, min, max;
} s_int_key_t;

static const s_int_key_t s_category_keys[] = {
    { "booking_slot", 30, 5, 240 },          /* minutes */
    { "booking_capacity", 1, 1, 999 },
    { "booking_days", 5, 1, 60 },            /* working days ahead */
    { "booking_cutoff", 0, 0, 24 * 60 },     /* minutes before the slot */
    { "booking_cancel", 0, 0, 24 * 60 },
};

static const s_int_key_t s_hall_keys[] = {
    { "booking_ban_after", 3, 1, 100 },      /* missed bookings within 30 days ... */
    { "booking_ban_days", 30, 1, 365 },      /* ... stop booking for this long */
    { "booking_retention_days", 180, 1, 3650 },
    { "booking_checkin_before", 30, 0, 240 },  /* check-in opens this long before the slot ... */
    { "booking_checkin_grace", 0, 0, 240 },    /* ... and closes this long after its end */
};

static int
s_int (GKeyFile *keys, const char *group, const s_int_key_t *key, bool *ok)
{
    if (!g_key_file_has_key (keys, group, key->key, NULL))
        return key->fallback;
    GError *e = NULL;
    int value = g_key_file_get_integer (keys, group, key->key, &e);
    if (e || value < key->min || value > key->max) {
        g_clear_error (&e);
        *ok = false;
    }
    return value;
}

/* Minutes of "HH:MM" (00:00-23:59), or -1. */
static int
s_clock_minute (const char *text)
{
    int h, m;
    char end;
    if (!text || sscanf (text, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    return h * 60 + m;
}

bool
hall_booking_config_check (GKeyFile *keys, const char *source, GError **error)
{
    bool ok = true;
    for (size_t i = 0; ok && i < G_N_ELEMENTS (s_hall_keys); i++) {
        s_int (keys, "hall", &s_hall_keys[i], &ok);
        if (!ok)
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [hall] %s must be %d-%d",
                         source, s_hall_keys[i].key, s_hall_keys[i].min, s_hall_keys[i].max);
    }
    if (ok && g_key_file_has_key (keys, "hall", "booking_remind_at", NULL)) {
        g_autofree char *at = g_key_file_get_string (keys, "hall", "booking_remind_at", NULL);
        if (s_clock_minute (at) < 0) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [hall] booking_remind_at must be a time like 10:00", source);
            return false;
        }
    }
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; ok && g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "category ") || !g_key_file_has_key (keys, groups[g], "booking_hours", NULL))
            continue;
        g_autofree char *hours = g_key_file_get_string (keys, groups[g], "booking_hours", NULL);
        int from[MAX_SPANS], to[MAX_SPANS];
        int n = hall_hours_spans (g_strstrip (hours), from, to, MAX_SPANS);
        if (n <= 0 || n > MAX_SPANS) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [%s] booking_hours must be like 09:00-11:30,14:00-16:30", source, groups[g]);
            return false;
        }
        for (size_t i = 0; ok && i < G_N_ELEMENTS (s_category_keys); i++) {
            s_int (keys, groups[g], &s_category_keys[i], &ok);
            if (!ok)
                g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [%s] %s must be %d-%d",
                             source, groups[g], s_category_keys[i].key, s_category_keys[i].min,
                             s_category_keys[i].max);
        }
    }
    return ok;
}

int
hall_booking_config_apply (GKeyFile *keys, hall_store_t *store)
{
    bool ok = true;
    int rc = 0;
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_keys); i++) {
        char value[16], meta_key[64];
        g_snprintf (value, sizeof value, "%d", s_int (keys, "hall", &s_hall_keys[i], &ok));
        g_snprintf (meta_key, sizeof meta_key, "hall.%s", s_hall_keys[i].key);
        rc |= hall_store_meta_set (store, meta_key, value);
    }
    g_autofree char *remind = g_key_file_get_string (keys, "hall", "booking_remind_at", NULL);
    rc |= hall_store_meta_set (store, "hall.booking_remind_at", remind ? g_strstrip (remind) : "10:00");
    rc |= hall_stmt_done (hall_store_stmt (store, "DELETE FROM booking_rule"));
    gsize ngroups;
    g_auto (GStrv) groups = g_key_file_get_groups (keys, &ngroups);
    for (gsize g = 0; g < ngroups; g++) {
        if (!g_str_has_prefix (groups[g], "category ") || !g_key_file_has_key (keys, groups[g], "booking_hours", NULL))
            continue;
        g_autofree char *hours = g_key_file_get_string (keys, groups[g], "booking_hours", NULL);
        sqlite3_stmt *stmt = hall_store_stmt (store,
            "INSERT INTO booking_rule (category, hours, slot_minutes, capacity, days_ahead, cutoff, cancel_before)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        sqlite3_bind_text (stmt, 1, groups[g] + strlen ("category "), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 2, g_strstrip (hours), -1, SQLITE_TRANSIENT);
        for (size_t i = 0; i < G_N_ELEMENTS (s_category_keys); i++)
            sqlite3_bind_int (stmt, 3 + (int) i, s_int (keys, groups[g], &s_category_keys[i], &ok));
        rc |= hall_stmt_done (stmt);
    }
    return rc;
}

/* ---- the rule and the calendar -------------------------------------------------- */

typedef struct {
    char  hours[128];
    int   slot, capacity, days_ahead, cutoff, cancel_before;
} rule_t;

static int
s_rule (hall_engine_t *self, const char *code, rule_t *rule)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT hours, slot_minutes, capacity, days_ahead, cutoff, cancel_before FROM booking_rule"
        " WHERE category = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int rc = -1;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        g_strlcpy (rule->hours, (const char *) sqlite3_column_text (stmt, 0), sizeof rule->hours);
        rule->slot = sqlite3_column_int (stmt, 1);
        rule->capacity = sqlite3_column_int (stmt, 2);
        rule->days_ahead = sqlite3_column_int (stmt, 3);
        rule->cutoff = sqlite3_column_int (stmt, 4);
        rule->cancel_before = sqlite3_column_int (stmt, 5);
        rc = 0;
    }
    sqlite3_reset (stmt);
    return rc;
}

/* The slots of RULE's hours: each span cut into slot-long pieces (a piece
 * that would run past the span's end is not offered). */
static int
s_slots (const rule_t *rule, int *start, int *end, int max)
{
    int from[MAX_SPANS], to[MAX_SPANS];
    int spans = MIN (hall_hours_spans (rule->hours, from, to, MAX_SPANS), MAX_SPANS);
    int n = 0;
    for (int s = 0; s < spans; s++)
        for (int t = from[s]; t + rule->slot <= to[s] && n < max; t += rule->slot) {
            start[n] = t;
            end[n] = t + rule->slot;
            n++;
        }
    return n;
}

static char *
s_meta (hall_engine_t *self, const char *key)
{
    return hall_store_meta_get (hall_engine_store (self), key);
}

static void
s_date_text (const GDate *date, char out[16])
{
    g_snprintf (out, 16, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* The days a category books on, from today (if it is a working day) to the
 * DAYS_AHEAD-th working day after it. */
static GPtrArray *
s_days (hall_engine_t *self, const rule_t *rule)
{
    g_autofree char *holidays = s_meta (self, "hall.holidays");
    g_autofree char *workdays = s_meta (self, "hall.workdays");
    GPtrArray *days = g_ptr_array_new_with_free_func (g_free);
    const char *today = hall_engine_day (self);
    int y, m, d;
    if (sscanf (today, "%d-%d-%d", &y, &m, &d) != 3)
        return days;
    GDate *date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    char text[16];
    if (hall_day_is_working (date, holidays, workdays)) {
        s_date_text (date, text);
        g_ptr_array_add (days, g_strdup (text));
    }
    for (int i = 0; i < rule->days_ahead; i++) {
        hall_day_add_working (date, 1, holidays, workdays);
        s_date_text (date, text);
        g_ptr_array_add (days, g_strdup (text));
    }
    g_date_free (date);
    return days;
}

/* Minutes of the hall's day now. */
static int
s_minute_now (hall_engine_t *self)
{
    int minute = 0;
    char day[16];
    hall_engine_local (self, hall_engine_now (self), day, &minute);
    return minute;
}

static int
s_taken (hall_engine_t *self, const char *code, const char *day, int start)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*) FROM booking WHERE category = ?1 AND day = ?2 AND slot_start = ?3"
        " AND state IN ('booked', 'checked_in')");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, start);
    int taken = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return taken;
}

static char *
s_hhmm (int minute)
{
    return g_strdup_printf ("%02d:%02d", minute / 60, minute % 60);
}

static const char *
s_hhmm_text (int minute, char text[8])
{
    g_snprintf (text, 8, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

/* Whether a slot of DAY starting at START can still be booked now. */
static bool
s_bookable (hall_engine_t *self, const rule_t *rule, const char *day, int start)
{
    int cmp = strcmp (day, hall_engine_day (self));
    return cmp > 0 || (cmp == 0 && s_minute_now (self) < start - rule->cutoff);
}

/* The request's category (into CODE) and its booking rule; -1 with OUT
 * failed when there is no such category or it takes no bookings. */
static int
s_category_rule (hall_engine_t *self, const hall_request_t *req, char code[64], rule_t *rule, hall_outcome_t *out)
{
    if (!hall_category_code (self, hall_arg_str (req, "category"), code))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CATEGORY, "no category '%.32s'", hall_arg_str (req, "category"));
    if (s_rule (self, code, rule))
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "category %s takes no bookings", code);
    return 0;
}

/* ---- booking.slots ----------------------------------------------------------------- */

static int
s_op_slots (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    char code[64];
    rule_t rule;
    if (s_category_rule (self, req, code, &rule, out))
        return -1;
    int start[256], end[256];
    int n = s_slots (&rule, start, end, 256);
    g_autoptr (GPtrArray) days = s_days (self, &rule);
    json_t *list = json_array ();
    for (guint d = 0; d < days->len; d++) {
        const char *day = g_ptr_array_index (days, d);
        json_t *slots = json_array ();
        for (int i = 0; i < n; i++) {
            if (!s_bookable (self, &rule, day, start[i]))
                continue;
            g_autofree char *from = s_hhmm (start[i]), *to = s_hhmm (end[i]);
            int taken = s_taken (self, code, day, start[i]);
            json_array_append_new (slots, json_pack ("{s:s, s:s, s:i, s:i}", "start", from, "end", to,
                                                     "capacity", rule.capacity, "free", MAX (rule.capacity - taken, 0)));
        }
        json_array_append_new (list, json_pack ("{s:s, s:o}", "day", day, "slots", slots));
    }
    out->result = json_pack ("{s:s, s:o}", "category", code, "days", list);
    return 0;
}

/* ---- booking.create ---------------------------------------------------------------- */

/* The hall's key for the people's hashes: made once, kept in the store. */
static char *
s_secret (hall_engine_t *self)
{
    char *secret = s_meta (self, "booking.secret");
    if (secret && *secret)
        return secret;
    g_free (secret);
    guint8 bytes[32];
    if (getrandom (bytes, sizeof bytes, 0) != (ssize_t) sizeof bytes)
        return NULL;
    GString *hex = g_string_new (NULL);
    for (size_t i = 0; i < sizeof bytes; i++)
        g_string_append_printf (hex, "%02x", bytes[i]);
    if (hall_store_meta_set (hall_engine_store (self), "booking.secret", hex->str)) {
        g_string_free (hex, TRUE);
        return NULL;
    }
    return g_string_free (hex, FALSE);
}

static char *
s_person_hash (hall_engine_t *self, const char *document, const char *number)
{
    g_autofree char *secret = s_secret (self);
    if (!secret)
        return NULL;
    g_autofree char *upper = g_ascii_strup (number, -1);
    g_autofree char *text = g_strconcat (document, ":", upper, NULL);
    return g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret), text, -1);
}

static bool
s_document_ok (const char *document)
{
    const char *known[] = { "id", "passport", "hk_macao", "taiwan", "other" };
    for (size_t i = 0; i < G_N_ELEMENTS (known); i++)
        if (strcmp (document, known[i]) == 0)
            return true;
    return false;
}

static int
s_hall_int (hall_engine_t *self, const char *key)
{
    for (size_t i = 0; i < G_N_ELEMENTS (s_hall_keys); i++)
        if (strcmp (s_hall_keys[i].key, key) == 0) {
            char meta_key[64];
            g_snprintf (meta_key, sizeof meta_key, "hall.%s", key);
            return (int) hall_store_meta_int (hall_engine_store (self), meta_key, s_hall_keys[i].fallback);
        }
    g_return_val_if_reached (0);
}

/* The check-in window of a slot START-END (minutes of its day): from
 * booking_checkin_before minutes before its start to booking_checkin_grace
 * minutes after its end. */
static void
s_checkin_window (hall_engine_t *self, int start, int end, int *from, int *until)
{
    *from = MAX (start - s_hall_int (self, "booking_checkin_before"), 0);
    *until = MIN (end + s_hall_int (self, "booking_checkin_grace"), 24 * 60);
}

/* The booking ID as published: nothing personal but masked. */
static json_t *
s_booking_json (hall_engine_t *self, int64_t id, bool with_code)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT b.code, b.category, b.day, b.slot_start, b.slot_end, b.state, b.document, b.person_masked,"
        " b.name, b.phone, b.credit_code, b.channel, b.created_at, b.checked_in_at, t.number"
        " FROM booking b LEFT JOIN ticket t ON t.id = b.ticket WHERE b.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *booking = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        g_autofree char *from = s_hhmm (sqlite3_column_int (stmt, 3)), *to = s_hhmm (sqlite3_column_int (stmt, 4));
        const char *name = (const char *) sqlite3_column_text (stmt, 8);
        const char *phone = (const char *) sqlite3_column_text (stmt, 9);
        g_autofree char *name_masked = NULL;
        if (name && *name) {
            /* 张** : the family name's first character and stars. */
            const char *next = g_utf8_next_char (name);
            GString *masked = g_string_new_len (name, next - name);
            for (glong i = 1; i < g_utf8_strlen (name, -1); i++)
                g_string_append_c (masked, '*');
            name_masked = g_string_free (masked, FALSE);
        }
        g_autofree char *phone_masked = phone && strlen (phone) == 11
                                      ? g_strdup_printf ("%.3s****%.4s", phone, phone + 7) : NULL;
        booking = json_pack ("{s:I, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:s?, s:s?, s:b, s:o, s:I}",
            "id", (json_int_t) id, "code", hall_column_text (stmt, 0), "category", hall_column_text (stmt, 1),
            "day", hall_column_text (stmt, 2), "start", from, "end", to, "state", hall_column_text (stmt, 5),
            "document", hall_column_text (stmt, 6), "person", hall_column_text (stmt, 7),
            "name", name_masked, "phone", phone_masked,
            "enterprise", sqlite3_column_type (stmt, 10) != SQLITE_NULL,
            "channel", hall_column_text (stmt, 11), "created_at", (json_int_t) sqlite3_column_int64 (stmt, 12));
        int open_at, close_at;
        char text[8];
        s_checkin_window (self, sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 4), &open_at, &close_at);
        json_object_set_new (booking, "checkin_from", json_string_nocheck (s_hhmm_text (open_at, text)));
        json_object_set_new (booking, "checkin_until", json_string_nocheck (s_hhmm_text (close_at, text)));
        json_object_set_new (booking, "checked_in_at", hall_column_int (stmt, 13));
        json_object_set_new (booking, "ticket", hall_column_text (stmt, 14));
        if (!with_code)
            json_object_del (booking, "code");
    }
    sqlite3_reset (stmt);
    return booking;
}

/* Publishes booking event TYPE of booking ID: nothing personal, no code. */
static int
s_booking_event (hall_engine_t *self, const char *type, int64_t id)
{
    json_t *booking = s_booking_json (self, id, false);
    if (!booking)
        return -1;
    json_t *detail = json_pack ("{s:{s:O, s:O, s:O, s:O, s:O, s:O, s:O, s:O}}", "booking",
        "id", json_object_get (booking, "id"), "category", json_object_get (booking, "category"),
        "day", json_object_get (booking, "day"), "start", json_object_get (booking, "start"),
        "end", json_object_get (booking, "end"), "state", json_object_get (booking, "state"),
        "channel", json_object_get (booking, "channel"), "ticket", json_object_get (booking, "ticket"));
    char code[64];
    g_strlcpy (code, json_string_value (json_object_get (booking, "category")), sizeof code);
    json_decref (booking);
    return hall_engine_event (self, type, 0, 0, code, detail) ? 0 : -1;
}

/* The day PERSON may book again, into UNTIL, when a ban holds today:
 * BAN_AFTER missed bookings within 30 days start a ban of BAN_DAYS from the
 * day of the last of them (it runs its length even when the earlier
 * misses are more than 30 days old by then).  False when none holds. */
static bool s_day_after_ok (const char *day, int days, char out[16]);

static bool
s_banned_until (hall_engine_t *self, const char *person, int ban_after, int ban_days, char until[16])
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT day FROM booking WHERE person_hash = ?1 AND state = 'noshow'"
        " AND day >= date (?2, '-' || (?3 + 31) || ' days') ORDER BY day");
    sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 3, ban_days);
    GPtrArray *days = g_ptr_array_new_with_free_func (g_free);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (days, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_reset (stmt);
    bool banned = false;
    until[0] = 0;
    for (guint i = ban_after - 1; ban_after > 0 && i < days->len; i++) {
        char window_start[16], end[16];
        const char *last = g_ptr_array_index (days, i);
        /* The N-th miss counting back from this one lies within 30 days. */
        if (!s_day_after_ok (last, -30, window_start)
            || strcmp (g_ptr_array_index (days, i - (ban_after - 1)), window_start) < 0
            || !s_day_after_ok (last, ban_days, end))
            continue;
        if (strcmp (hall_engine_day (self), end) < 0 && strcmp (end, until) > 0) {
            g_strlcpy (until, end, 16);
            banned = true;
        }
    }
    g_ptr_array_unref (days);
    return banned;
}

/* The day DAYS (maybe negative) after DAY ("YYYY-MM-DD") into OUT; false
 * when DAY is no day. */
static bool
s_day_after_ok (const char *day, int days, char out[16])
{
    int y = 0, m = 0, d = 0;
    if (sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return false;
    GDate *date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    if (days >= 0)
        g_date_add_days (date, (guint) days);
    else
        g_date_subtract_days (date, (guint) -days);
    s_date_text (date, out);
    g_date_free (date);
    return true;
}

static const char *
s_channel (hall_role_t role)
{
    switch (role) {
    case HALL_ROLE_WEB:     return "phone";
    case HALL_ROLE_COUNTER: return "desk";
    case HALL_ROLE_MANAGER: return "manager";
    default:                return "admin";
    }
}

static int
s_op_create (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    char code[64];
    rule_t rule;
    if (s_category_rule (self, req, code, &rule, out))
        return -1;
    const char *day = hall_arg_str (req, "day"), *slot = hall_arg_str (req, "slot");
    const char *name = hall_arg_str (req, "name"), *number = hall_arg_str (req, "id_number");
    const char *phone = hall_arg_str (req, "phone"), *credit = hall_arg_str (req, "credit_code");
    const char *document = hall_arg_str (req, "document") ? hall_arg_str (req, "document") : "id";
    if (!s_document_ok (document))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'document' is id, passport, hk_macao, taiwan or other");
    if (g_utf8_strlen (name, -1) > 32)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'name' is at most 32 characters");
    if (strcmp (document, "id") == 0) {
        hall_id_error_t e = hall_id_resident_check (number, hall_engine_day (self));
        if (e != HALL_ID_OK)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "id_number: %s", hall_id_error_text (e));
    } else if (strlen (number) < 5 || strlen (number) > 32)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "id_number: 5 to 32 characters");
    if (credit) {
        hall_id_error_t e = hall_id_credit_code_check (credit);
        if (e != HALL_ID_OK)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "credit_code: %s", hall_id_error_text (e));
    }
    if (!hall_id_mobile_ok (phone))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'phone' is an 11-digit mobile number");
    /* The slot: one of the grid's, on a bookable day, not past its cut-off. */
    int start[256], end[256];
    int n = s_slots (&rule, start, end, 256), at = -1;
    for (int i = 0; i < n; i++) {
        g_autofree char *from = s_hhmm (start[i]);
        if (strcmp (from, slot) == 0)
            at = i;
    }
    g_autoptr (GPtrArray) days = s_days (self, &rule);
    bool day_ok = false;
    for (guint d = 0; d < days->len; d++)
        day_ok |= strcmp (g_ptr_array_index (days, d), day) == 0;
    if (at < 0 || !day_ok)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "%s takes no booking at %.16s %.8s", code, day, slot);
    if (!s_bookable (self, &rule, day, start[at]))
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the slot %s %s can no longer be booked", day, slot);
    g_autofree char *person = s_person_hash (self, document, number);
    if (!person)
        return hall_engine_storage_fail (self, out);
    /* Missed bookings: N within 30 days stop booking for the ban's length,
     * counted from the day of the last one. */
    int ban_after = (int) hall_store_meta_int (hall_engine_store (self), "hall.booking_ban_after", 3);
    int ban_days = (int) hall_store_meta_int (hall_engine_store (self), "hall.booking_ban_days", 30);
    int64_t now = hall_engine_now (self);
    char until[16];
    if (s_banned_until (self, person, ban_after, ban_days, until))
        return hall_outcome_fail (out, HALL_E_BOOKING_BANNED,
                                  "%d missed bookings within 30 days: booking again from %s", ban_after, until);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT count(*) FROM booking WHERE person_hash = ?1 AND category = ?2 AND day = ?3"
        " AND state IN ('booked', 'checked_in')");
    sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
    int mine = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
    sqlite3_reset (stmt);
    if (mine)
        return hall_outcome_fail (out, HALL_E_DUPLICATE_PERSON, "this person already has a booking for %s on %s",
                                  code, day);
    if (s_taken (self, code, day, start[at]) >= rule.capacity)
        return hall_outcome_fail (out, HALL_E_SLOT_FULL, "%s %s %s is fully booked", code, day, slot);
    /* An 8-digit code, unique among the hall's bookings. */
    char booking_code[16];
    for (int tries = 0;; tries++) {
        guint32 r;
        if (tries > 20 || getrandom (&r, sizeof r, 0) != (ssize_t) sizeof r)
            return hall_outcome_fail (out, HALL_E_INTERNAL, "no booking code could be made");
        g_snprintf (booking_code, sizeof booking_code, "%08u", r % 100000000u);
        stmt = hall_engine_stmt (self, "SELECT 1 FROM booking WHERE code = ?1");
        sqlite3_bind_text (stmt, 1, booking_code, -1, SQLITE_TRANSIENT);
        bool used = sqlite3_step (stmt) == SQLITE_ROW;
        sqlite3_reset (stmt);
        if (!used)
            break;
    }
    g_autofree char *masked = hall_id_mask (number);
    stmt = hall_engine_stmt (self,
        "INSERT INTO booking (code, category, day, slot_start, slot_end, state, document, person_hash,"
        " person_masked, name, phone, credit_code, channel, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, 'booked', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    sqlite3_bind_text (stmt, 1, booking_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, day, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 4, start[at]);
    sqlite3_bind_int (stmt, 5, end[at]);
    sqlite3_bind_text (stmt, 6, document, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 7, person, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 8, masked, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 9, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 10, phone, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 11, credit);
    sqlite3_bind_text (stmt, 12, s_channel (req->role), -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 13, now);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    int64_t id = sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
    json_t *booking = s_booking_json (self, id, true);
    if (!booking || s_booking_event (self, "booking.created", id)) {
        json_decref (booking);
        return hall_engine_storage_fail (self, out);
    }
    out->result = json_pack ("{s:o}", "booking", booking);
    return 0;
}

/* ---- booking.cancel, booking.list ------------------------------------------------- */

static int
s_op_cancel (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *code = hall_arg_str (req, "code");
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, category, day, slot_start, state FROM booking WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_BOOKING_UNKNOWN, "no booking with this code");
    }
    int64_t id = sqlite3_column_int64 (stmt, 0);
    char category[64], day[16], state[16];
    g_strlcpy (category, (const char *) sqlite3_column_text (stmt, 1), sizeof category);
    g_strlcpy (day, (const char *) sqlite3_column_text (stmt, 2), sizeof day);
    int start = sqlite3_column_int (stmt, 3);
    g_strlcpy (state, (const char *) sqlite3_column_text (stmt, 4), sizeof state);
    sqlite3_reset (stmt);
    if (strcmp (state, "booked") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the booking is %s", state);
    rule_t rule;
    int cancel_before = s_rule (self, category, &rule) ? 0 : rule.cancel_before;
    int cmp = strcmp (day, hall_engine_day (self));
    if (cmp < 0 || (cmp == 0 && s_minute_now (self) >= start - cancel_before))
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "too late to cancel this booking");
    stmt = hall_engine_stmt (self, "UPDATE booking SET state = 'cancelled', cancelled_at = ?2 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, hall_engine_now (self));
    if (hall_stmt_done (stmt) || s_booking_event (self, "booking.cancelled", id))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:o}", "booking", s_booking_json (self, id, true) ?: json_null ());
    return 0;
}

static int
s_op_list (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *day = hall_arg_str (req, "day") ? hall_arg_str (req, "day") : hall_engine_day (self);
    const char *category = hall_arg_str (req, "category");
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id FROM booking WHERE day = ?1 AND (?2 IS NULL OR category = ?2)"
        " ORDER BY category, slot_start, id");
    sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 2, category);
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
    }
    sqlite3_reset (stmt);
    json_t *list = json_array ();
    for (guint i = 0; i < ids->len; i++) {
        json_t *booking = s_booking_json (self, g_array_index (ids, int64_t, i), false);
        if (booking)
            json_array_append_new (list, booking);
    }
    g_array_free (ids, TRUE);
    out->result = json_pack ("{s:s, s:o}", "day", day, "bookings", list);
    return 0;
}

/* ---- booking.find, booking.summary -------------------------------------------- */

static int64_t
s_by_code (hall_engine_t *self, const char *code)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT id FROM booking WHERE code = ?1");
    sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
    int64_t id = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
    sqlite3_reset (stmt);
    return id;
}

static int
s_op_find (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int64_t id = s_by_code (self, hall_arg_str (req, "code"));
    json_t *booking = id ? s_booking_json (self, id, true) : NULL;
    if (!booking)
        return hall_outcome_fail (out, HALL_E_BOOKING_UNKNOWN, "no booking with this code");
    out->result = json_pack ("{s:o}", "booking", booking);
    return 0;
}

/* The slot object of SLOTS (an array) starting at START, made when new. */
static json_t *
s_summary_slot (json_t *slots, const char *start, const char *end, int capacity)
{
    size_t i;
    json_t *slot;
    json_array_foreach (slots, i, slot)
        if (strcmp (json_string_value (json_object_get (slot, "start")), start) == 0)
            return slot;
    slot = json_pack ("{s:s, s:s, s:i, s:i, s:i, s:i, s:i}", "start", start, "end", end, "capacity", capacity,
                      "booked", 0, "checked_in", 0, "noshow", 0, "cancelled", 0);
    json_array_append_new (slots, slot);
    return slot;
}

static int
s_by_start (const void *a, const void *b)
{
    return strcmp (json_string_value (json_object_get (*(json_t *const *) a, "start")),
                   json_string_value (json_object_get (*(json_t *const *) b, "start")));
}

/* Whether DAY is one of the days RULE books on now (today and the next
 * days_ahead working days). */
static bool
s_bookable_day (hall_engine_t *self, const rule_t *rule, const char *day)
{
    g_autoptr (GPtrArray) days = s_days (self, rule);
    for (guint i = 0; i < days->len; i++)
        if (strcmp (g_ptr_array_index (days, i), day) == 0)
            return true;
    return false;
}

static int
s_op_summary (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *from = hall_arg_str (req, "from") ? hall_arg_str (req, "from") : hall_engine_day (self);
    json_t *jdays = json_object_get (req->args, "days");
    int ndays = jdays ? (int) json_integer_value (jdays) : 14;
    int y = 0, m = 0, d = 0;
    if (sscanf (from, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'from' is a day, YYYY-MM-DD");
    if (ndays < 1 || ndays > 31)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'days' is 1 to 31");
    g_autofree char *holidays = s_meta (self, "hall.holidays");
    g_autofree char *workdays = s_meta (self, "hall.workdays");
    GDate *date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    json_t *list = json_array ();
    for (int i = 0; i < ndays; i++, g_date_add_days (date, 1)) {
        char day[16];
        s_date_text (date, day);
        bool working = hall_day_is_working (date, holidays, workdays);
        json_t *categories = json_array ();
        /* Every category with a rule (its grid, on working days) or with
         * bookings that day (a rule changed since keeps them visible). */
        sqlite3_stmt *stmt = hall_engine_stmt (self,
            "SELECT c.code, c.name, r.hours, r.slot_minutes, r.capacity FROM category c"
            " LEFT JOIN booking_rule r ON r.category = c.code"
            " WHERE r.category IS NOT NULL OR EXISTS (SELECT 1 FROM booking b WHERE b.category = c.code AND b.day = ?1)"
            " ORDER BY c.position, c.code");
        sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            json_t *slots = json_array ();
            int capacity = sqlite3_column_int (stmt, 4);
            rule_t rule;
            if (working && sqlite3_column_type (stmt, 2) != SQLITE_NULL
                && s_rule (self, (const char *) sqlite3_column_text (stmt, 0), &rule) == 0
                && s_bookable_day (self, &rule, day)) {
                int start[256], end[256];
                int n = s_slots (&rule, start, end, 256);
                for (int k = 0; k < n; k++) {
                    char a[8], b[8];
                    s_summary_slot (slots, s_hhmm_text (start[k], a), s_hhmm_text (end[k], b), capacity);
                }
            }
            json_array_append_new (categories, json_pack ("{s:o, s:o, s:o}", "category", hall_column_text (stmt, 0),
                                                          "name", hall_column_text (stmt, 1), "slots", slots));
        }
        sqlite3_reset (stmt);
        stmt = hall_engine_stmt (self,
            "SELECT category, slot_start, slot_end, state, count(*) FROM booking WHERE day = ?1"
            " GROUP BY category, slot_start, slot_end, state");
        sqlite3_bind_text (stmt, 1, day, -1, SQLITE_TRANSIENT);
        while (sqlite3_step (stmt) == SQLITE_ROW) {
            const char *code = (const char *) sqlite3_column_text (stmt, 0);
            const char *state = (const char *) sqlite3_column_text (stmt, 3);
            int count = sqlite3_column_int (stmt, 4);
            size_t k;
            json_t *category;
            json_array_foreach (categories, k, category) {
                if (strcmp (json_string_value (json_object_get (category, "category")), code) != 0)
                    continue;
                char a[8], b[8];
                json_t *slot = s_summary_slot (json_object_get (category, "slots"),
                                               s_hhmm_text (sqlite3_column_int (stmt, 1), a),
                                               s_hhmm_text (sqlite3_column_int (stmt, 2), b), 0);
                const char *field = strcmp (state, "booked") == 0 ? "booked" : state;
                json_object_set_new (slot, field, json_integer (json_integer_value (json_object_get (slot, field))
                                                                + count));
                if (strcmp (state, "checked_in") == 0)       /* a place taken, too */
                    json_object_set_new (slot, "booked", json_integer (json_integer_value (
                        json_object_get (slot, "booked")) + count));
            }
        }
        sqlite3_reset (stmt);
        size_t k;
        json_t *category;
        bool any = false;
        json_array_foreach (categories, k, category) {
            json_t *slots = json_object_get (category, "slots");
            /* jansson arrays cannot be sorted in place: rebuild in order. */
            size_t n = json_array_size (slots);
            json_t **items = g_new (json_t *, n ? n : 1);
            for (size_t j = 0; j < n; j++)
                items[j] = json_incref (json_array_get (slots, j));
            qsort (items, n, sizeof *items, s_by_start);
            json_array_clear (slots);
            for (size_t j = 0; j < n; j++)
                json_array_append_new (slots, items[j]);
            g_free (items);
            any |= n > 0;
        }
        if (any)
            json_array_append_new (list, json_pack ("{s:s, s:o}", "day", day, "categories", categories));
        else
            json_decref (categories);
    }
    g_date_free (date);
    out->result = json_pack ("{s:o}", "days", list);
    return 0;
}

/* ---- booking.checkin -------------------------------------------------------------- */

typedef enum { CHECKIN_EARLY, CHECKIN_ON_TIME, CHECKIN_LATE } checkin_t;

static const char *const s_checkin_names[] = { "early", "on_time", "late" };

/* Where now stands against the check-in window of a booking of DAY,
 * START-END. */
static checkin_t
s_checkin_when (hall_engine_t *self, const char *day, int start, int end)
{
    int cmp = strcmp (day, hall_engine_day (self));
    if (cmp != 0)
        return cmp > 0 ? CHECKIN_EARLY : CHECKIN_LATE;
    int from, until, minute = s_minute_now (self);
    s_checkin_window (self, start, end, &from, &until);
    return minute < from ? CHECKIN_EARLY : minute >= until ? CHECKIN_LATE : CHECKIN_ON_TIME;
}

/* Today's booking of the person with NUMBER still to check in: the first
 * whose check-in window is open, else the next to open, else the first
 * missed; 0 when none (into *CHECKED_IN a checked-in one's id). */
static int64_t
s_by_person (hall_engine_t *self, const char *document, const char *number, int64_t *checked_in)
{
    g_autofree char *person = s_person_hash (self, document, number);
    *checked_in = 0;
    if (!person)
        return 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, slot_start, slot_end, state FROM booking WHERE person_hash = ?1 AND day = ?2"
        " AND state IN ('booked', 'checked_in', 'noshow') ORDER BY slot_start, id");
    sqlite3_bind_text (stmt, 1, person, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, hall_engine_day (self), -1, SQLITE_TRANSIENT);
    int64_t best[3] = { 0, 0, 0 };
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        if (strcmp ((const char *) sqlite3_column_text (stmt, 3), "checked_in") == 0) {
            *checked_in = id;
            continue;
        }
        checkin_t when = strcmp ((const char *) sqlite3_column_text (stmt, 3), "noshow") == 0 ? CHECKIN_LATE
                       : s_checkin_when (self, hall_engine_day (self), sqlite3_column_int (stmt, 1),
                                         sqlite3_column_int (stmt, 2));
        if (!best[when])
            best[when] = id;
    }
    sqlite3_reset (stmt);
    return best[CHECKIN_ON_TIME] ? best[CHECKIN_ON_TIME] : best[CHECKIN_EARLY] ? best[CHECKIN_EARLY]
                                                                               : best[CHECKIN_LATE];
}

static int
s_op_checkin (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    const char *code = hall_arg_str (req, "code"), *number = hall_arg_str (req, "id_number");
    const char *document = hall_arg_str (req, "document") ? hall_arg_str (req, "document") : "id";
    if (!code == !number)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "give 'code' or 'id_number'");
    if (!s_document_ok (document))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'document' is id, passport, hk_macao, taiwan or other");
    int64_t id, checked_in = 0;
    if (code)
        id = s_by_code (self, code);
    else {
        id = s_by_person (self, document, number, &checked_in);
        if (!id && checked_in)
            id = checked_in;
    }
    if (!id)
        return hall_outcome_fail (out, HALL_E_BOOKING_UNKNOWN,
                                  code ? "no booking with this code" : "no booking today for this person");
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT b.category, b.day, b.slot_start, b.slot_end, b.state, t.number FROM booking b"
        " LEFT JOIN ticket t ON t.id = b.ticket WHERE b.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_engine_storage_fail (self, out);
    }
    char category_code[64], day[16], state[16], ticket[16];
    g_strlcpy (category_code, (const char *) sqlite3_column_text (stmt, 0), sizeof category_code);
    g_strlcpy (day, (const char *) sqlite3_column_text (stmt, 1), sizeof day);
    int start = sqlite3_column_int (stmt, 2), end = sqlite3_column_int (stmt, 3);
    g_strlcpy (state, (const char *) sqlite3_column_text (stmt, 4), sizeof state);
    g_strlcpy (ticket, sqlite3_column_text (stmt, 5) ? (const char *) sqlite3_column_text (stmt, 5) : "", sizeof ticket);
    sqlite3_reset (stmt);
    /* Nothing to do but say so: already checked in (the booking names its
     * ticket), cancelled, a no-show (its window closed: late), or outside
     * the window. */
    checkin_t when = s_checkin_when (self, day, start, end);
    const char *said = strcmp (state, "checked_in") == 0 ? "checked_in"
                     : strcmp (state, "cancelled") == 0 ? "cancelled"
                     : strcmp (state, "noshow") == 0 ? "late"
                     : when != CHECKIN_ON_TIME ? s_checkin_names[when] : NULL;
    if (said) {
        json_t *booking = s_booking_json (self, id, false);
        if (!booking)
            return hall_engine_storage_fail (self, out);
        out->result = json_pack ("{s:s, s:o}", "checkin", said, "booking", booking);
        return 0;
    }
    /* On time: a ticket of the category, whatever its cap, hours or
     * closing say (the place was promised), due from the slot's start. */
    hall_category_cache_t *category = hall_cache_get (self, category_code);
    if (!category)
        return hall_engine_storage_fail (self, out);
    int64_t now = hall_engine_now (self);
    char slot[16], a[8], b[8];
    g_snprintf (slot, sizeof slot, "%s-%s", s_hhmm_text (start, a), s_hhmm_text (end, b));
    hall_issue_t what = { .appointment_at = now - now % 60 + (int64_t) (start - s_minute_now (self)) * 60,
                          .appointment_slot = slot };
    if (hall_issue_ticket (self, category, &what, out))
        return -1;
    int64_t ticket_id = json_integer_value (json_object_get (json_object_get (out->result, "ticket"), "id"));
    stmt = hall_engine_stmt (self,
        "UPDATE booking SET state = 'checked_in', checked_in_at = ?2, ticket = ?3 WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_int64 (stmt, 3, ticket_id);
    json_t *booking = NULL;
    if (hall_stmt_done (stmt) || s_booking_event (self, "booking.checked_in", id)
        || !(booking = s_booking_json (self, id, false)))
        return hall_engine_storage_fail (self, out);
    json_object_set_new (out->result, "checkin", json_string ("on_time"));
    json_object_set_new (out->result, "booking", booking);
    return 0;
}

/* ---- the sweep: no-shows, and personal data past its time ------------------------- */

int
hall_booking_sweep (hall_engine_t *self, int64_t *next)
{
    /* No-shows: still booked when the check-in window closed (every
     * booking of an earlier day; today's by the clock). */
    int minute = s_minute_now (self);
    int grace = s_hall_int (self, "booking_checkin_grace");
    const char *today = hall_engine_day (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id FROM booking WHERE state = 'booked' AND (day < ?1 OR (day = ?1 AND min (slot_end + ?2, 1440) <= ?3))"
        " ORDER BY day, slot_end, id");
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, grace);
    sqlite3_bind_int (stmt, 3, minute);
    GArray *ids = g_array_new (FALSE, FALSE, sizeof (int64_t));
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        g_array_append_val (ids, id);
    }
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i < ids->len && rc == 0; i++) {
        int64_t id = g_array_index (ids, int64_t, i);
        stmt = hall_engine_stmt (self, "UPDATE booking SET state = 'noshow' WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, id);
        rc = hall_stmt_done (stmt) || s_booking_event (self, "booking.noshow", id);
    }
    g_array_free (ids, TRUE);
    if (rc)
        return -1;
    /* Names and phone numbers go booking_retention_days after the slot's
     * day (the masked document number and its hash stay for the ban). */
    stmt = hall_engine_stmt (self,
        "UPDATE booking SET name = NULL, phone = NULL WHERE (name IS NOT NULL OR phone IS NOT NULL)"
        " AND day < date (?1, '-' || ?2 || ' days')");
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, s_hall_int (self, "booking_retention_days"));
    if (hall_stmt_done (stmt))
        return -1;
    /* The next window to close today: the sweep comes back then. */
    stmt = hall_engine_stmt (self,
        "SELECT min (min (slot_end + ?2, 1440)) FROM booking WHERE state = 'booked' AND day = ?1");
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (stmt, 2, grace);
    if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL) {
        int64_t now = hall_engine_now (self);
        int64_t at = now - now % 60 + (int64_t) (sqlite3_column_int (stmt, 0) - minute) * 60;
        if (at > now && at < *next)
            *next = at;
    }
    sqlite3_reset (stmt);
    return 0;
}

/* ---- reminders -------------------------------------------------------------------- */

int
hall_booking_remind (hall_engine_t *self)
{
    const char *today = hall_engine_day (self);
    int minute = s_minute_now (self);
    g_autofree char *remind_text = s_meta (self, "hall.booking_remind_at");
    int remind_at = s_clock_minute (remind_text) >= 0 ? s_clock_minute (remind_text) : 10 * 60;
    /* The next working day after today, when today is one. */
    g_autofree char *holidays = s_meta (self, "hall.holidays");
    g_autofree char *workdays = s_meta (self, "hall.workdays");
    char next[16] = "";
    int y, m, d;
    if (sscanf (today, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y)) {
        GDate *date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
        if (hall_day_is_working (date, holidays, workdays)) {
            hall_day_add_working (date, 1, holidays, workdays);
            s_date_text (date, next);
        }
        g_date_free (date);
    }
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT id, day, slot_start, created_at FROM booking WHERE state = 'booked' AND phone IS NOT NULL"
        " AND day IN (?1, ?2)");
    sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, next, -1, SQLITE_TRANSIENT);
    GArray *owed = g_array_new (FALSE, FALSE, sizeof (int64_t));       /* id, then 0 (day) or 1 (hour) */
    while (sqlite3_step (stmt) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64 (stmt, 0);
        const char *day = (const char *) sqlite3_column_text (stmt, 1);
        int start = sqlite3_column_int (stmt, 2);
        char made_day[16];
        int made_minute = 0;
        hall_engine_local (self, sqlite3_column_int64 (stmt, 3), made_day, &made_minute);
        /* Made before (DAY, AT)? */
#define MADE_BEFORE(DAY, AT) (strcmp (made_day, (DAY)) < 0 || (strcmp (made_day, (DAY)) == 0 && made_minute < (AT)))
        int64_t kind = -1;
        if (strcmp (day, today) == 0 && minute >= start - 60 && minute < start && MADE_BEFORE (today, start - 60))
            kind = 1;
        else if (*next && strcmp (day, next) == 0 && minute >= remind_at && MADE_BEFORE (today, remind_at))
            kind = 0;
#undef MADE_BEFORE
        if (kind >= 0) {
            g_array_append_val (owed, id);
            g_array_append_val (owed, kind);
        }
    }
    sqlite3_reset (stmt);
    int rc = 0;
    for (guint i = 0; i + 1 < owed->len && rc == 0; i += 2)
        rc = hall_phone_owe_booking (self, g_array_index (owed, int64_t, i),
                                     g_array_index (owed, int64_t, i + 1) ? "booking_hour" : "booking_day");
    g_array_free (owed, TRUE);
    return rc;
}

const hall_handler_t hall_booking_handlers[] = {
    { HALL_OP_BOOKING_SLOTS, s_op_slots },
    { HALL_OP_BOOKING_CREATE, s_op_create },
    { HALL_OP_BOOKING_CANCEL, s_op_cancel },
    { HALL_OP_BOOKING_LIST, s_op_list },
    { HALL_OP_BOOKING_FIND, s_op_find },
    { HALL_OP_BOOKING_SUMMARY, s_op_summary },
    { HALL_OP_BOOKING_CHECKIN, s_op_checkin },
    { HALL_OP_NONE, NULL }
};
