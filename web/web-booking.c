/*  web-booking.c — see web-booking.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-booking.h"
#include "web-booking-pages.h"
#include "web-qr.h"
#include "web-reply.h"
#include "identity.h"

#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

#define GUESSES_MAX    20                          /* codes that find nothing, per address ... */
#define GUESSES_US     (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)  /* ... within an hour */
#define LEARN_EVERY_S  600
#define S_TOO_MANY_REQUESTS 429

typedef struct {
    int     misses;
    gint64  since;              /* monotonic µs of the first miss counted */
} guesses_t;

struct _web_booking_t {
    web_hall_t  *hall;
    guint8       key[32];
    GHashTable  *bookable;      /* category code -> GINT_TO_POINTER (1) */
    GHashTable  *guesses;       /* client address -> guesses_t */
    guint        learn;
    gulong       event_handler;
};

/* One request waiting for the server, and what its answer shows. */
typedef struct {
    web_booking_t     *booking;
    SoupServerMessage *msg;
    web_lang_t         lang;
    gboolean           gone;        /* the client went away meanwhile */
    char              *address;
    char              *category;    /* book/CODE */
    char              *code;        /* the booking's (find, cancel) */
    /* The form shown again: what was chosen and typed, less the document
     * number and the phone. */
    char              *slot, *name, *document, *credit_code;
    gboolean           refused;     /* a cancel was refused: the booking's state says why */
    GHashTable        *errors;      /* field -> text in LANG */
    char              *message;     /* in LANG, or NULL */
    gboolean           message_bad;
    guint              status;
} ask_t;

/* ---- requests in flight ---------------------------------------------------------- */

static void
s_gone (SoupServerMessage *msg, ask_t *ask)
{
    ask->gone = TRUE;
}

static ask_t *
s_ask_new (web_booking_t *self, SoupServerMessage *msg, web_lang_t lang, const char *address)
{
    ask_t *ask = g_new0 (ask_t, 1);
    ask->booking = self;
    ask->msg = g_object_ref (msg);
    ask->lang = lang;
    ask->address = g_strdup (address);
    ask->errors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    ask->status = SOUP_STATUS_OK;
    g_signal_connect (msg, "finished", G_CALLBACK (s_gone), ask);
    g_signal_connect (msg, "disconnected", G_CALLBACK (s_gone), ask);
    soup_server_message_pause (msg);
    return ask;
}

static void
s_ask_done (ask_t *ask)
{
    if (!ask->gone)
        soup_server_message_unpause (ask->msg);
    g_signal_handlers_disconnect_by_data (ask->msg, ask);
    g_object_unref (ask->msg);
    g_free (ask->address);
    g_free (ask->category);
    if (ask->code)
        memset (ask->code, 0, strlen (ask->code));
    g_free (ask->code);
    g_free (ask->slot);
    g_free (ask->name);
    g_free (ask->document);
    g_free (ask->credit_code);
    g_hash_table_destroy (ask->errors);
    g_free (ask->message);
    g_free (ask);
}

static void
s_send (web_booking_t *self, hall_op_t op, json_t *args, hall_reply_fn fn, gpointer user)
{
    hall_session_send (hall_client_session (web_hall_client (self->hall)), op, args, fn, user);
    json_decref (args);
}

static void
s_error_text (ask_t *ask, const char *field, const char *msgid)
{
    g_hash_table_replace (ask->errors, (gpointer) field, g_strdup (web_tr (ask->lang, msgid)));
}

static void
s_message (ask_t *ask, guint status, gboolean bad, char *text)
{
    g_free (ask->message);
    ask->message = text;
    ask->message_bad = bad;
    ask->status = status;
}

/* ---- which categories take bookings ---------------------------------------------- */

typedef struct {
    web_booking_t *booking;
    char          *category;
} learn_t;

static void
s_learnt (web_booking_t *self, const char *category, const hall_reply_t *reply)
{
    if (reply->ok)
        g_hash_table_replace (self->bookable, g_strdup (category), GINT_TO_POINTER (1));
    else if (reply->error == HALL_E_BAD_STATE || reply->error == HALL_E_UNKNOWN_CATEGORY)
        g_hash_table_remove (self->bookable, category);
    /* a timeout tells nothing: what was known stays */
}

static void
s_learn_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    learn_t *learn = user;
    s_learnt (learn->booking, learn->category, reply);
    g_free (learn->category);
    g_free (learn);
}

static void
s_learn (web_booking_t *self)
{
    hall_mirror_t *mirror = web_hall_mirror (self->hall);
    if (!web_hall_online (self->hall) || !hall_mirror_loaded (mirror))
        return;
    /* Categories gone from the hall's configuration go from the links. */
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, self->bookable);
    while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!hall_mirror_category (mirror, key))
            g_hash_table_iter_remove (&iter);
    size_t i;
    json_t *category;
    json_array_foreach (hall_mirror_categories (mirror), i, category) {
        learn_t *learn = g_new0 (learn_t, 1);
        learn->booking = self;
        learn->category = g_strdup (json_string_value (json_object_get (category, "code")));
        s_send (self, HALL_OP_BOOKING_SLOTS, json_pack ("{s:s}", "category", learn->category), s_learn_reply, learn);
    }
}

static void
s_on_event (HallClient *client, gpointer event, web_booking_t *self)
{
    if (!event)                 /* the hall (re)loaded: its configuration may be new */
        s_learn (self);
}

static void
s_guesses_sweep (web_booking_t *self)
{
    gint64 now = g_get_monotonic_time ();
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init (&iter, self->guesses);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now - ((guesses_t *) value)->since > GUESSES_US)
            g_hash_table_iter_remove (&iter);
}

static gboolean
s_every (gpointer data)
{
    web_booking_t *self = data;
    s_learn (self);
    s_guesses_sweep (self);
    return G_SOURCE_CONTINUE;
}

/* ---- guessing codes ---------------------------------------------------------------- */

static guesses_t *
s_guesses (web_booking_t *self, const char *address)
{
    guesses_t *guesses = g_hash_table_lookup (self->guesses, address);
    gint64 now = g_get_monotonic_time ();
    if (guesses && now - guesses->since > GUESSES_US) {
        guesses->misses = 0;
        guesses->since = now;
    }
    return guesses;
}

static gboolean
s_guessing (web_booking_t *self, const char *address)
{
    guesses_t *guesses = s_guesses (self, address);
    return guesses && guesses->misses >= GUESSES_MAX;
}

static void
s_missed (web_booking_t *self, const char *address)
{
    guesses_t *guesses = s_guesses (self, address);
    if (!guesses) {
        guesses = g_new0 (guesses_t, 1);
        guesses->since = g_get_monotonic_time ();
        g_hash_table_insert (self->guesses, g_strdup (address), guesses);
    }
    guesses->misses++;
}

/* ---- the pages ------------------------------------------------------------------------ */

static web_booking_page_t
s_frame (ask_t *ask, const char *root, const char *csrf)
{
    hall_mirror_t *mirror = web_hall_mirror (ask->booking->hall);
    web_booking_page_t page = { .lang = ask->lang, .root = root, .hall = hall_mirror_hall (mirror),
                                .today = hall_mirror_day (mirror), .message = ask->message,
                                .message_bad = ask->message_bad, .csrf = csrf };
    return page;
}

static void
s_show_booking (ask_t *ask, json_t *booking)
{
    web_booking_t *self = ask->booking;
    const char *code = json_string_value (json_object_get (booking, "code"));
    g_autofree char *root = web_reply_root (ask->msg);
    g_autofree char *binding = g_strconcat ("cancel:", code ? code : "", NULL);
    g_autofree char *csrf = web_reply_csrf (self->key, binding);
    g_autofree char *qr = code ? web_qr_svg (code, "booking-qr", web_tr (ask->lang, N_("预约码二维码"))) : NULL;
    json_t *category = hall_mirror_category (web_hall_mirror (self->hall),
                                             json_string_value (json_object_get (booking, "category")));
    web_booking_page_t page = s_frame (ask, root, csrf);
    web_reply_html (ask->msg, ask->status, web_page_booking (&page, booking, category, qr));
}

static void
s_show_find (ask_t *ask, guint status, const char *error)
{
    g_autofree char *root = web_reply_root (ask->msg);
    g_autofree char *csrf = web_reply_csrf (ask->booking->key, "booking");
    web_booking_page_t page = s_frame (ask, root, csrf);
    web_reply_html (ask->msg, status, web_page_booking_find (&page, error ? web_tr (ask->lang, error) : NULL));
}

/* The form, after the slots as they are now. */
static void
s_form_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ask_t *ask = user;
    web_booking_t *self = ask->booking;
    s_learnt (self, ask->category, reply);
    if (ask->gone) {
        s_ask_done (ask);
        return;
    }
    json_t *category = hall_mirror_category (web_hall_mirror (self->hall), ask->category);
    if (reply->ok && category) {
        g_autofree char *root = web_reply_root (ask->msg);
        g_autofree char *binding = g_strconcat ("book:", ask->category, NULL);
        g_autofree char *csrf = web_reply_csrf (self->key, binding);
        web_booking_page_t page = s_frame (ask, root, csrf);
        web_booking_entry_t entry = { ask->slot, ask->name, ask->document, ask->credit_code };
        web_reply_html (ask->msg, ask->status,
                        web_page_booking_form (&page, category, json_object_get (reply->result, "days"), &entry,
                                               ask->errors));
    } else if (reply->error == HALL_E_BAD_STATE)
        web_reply_error (ask->msg, SOUP_STATUS_NOT_FOUND, ask->lang, N_("此业务暂不提供网上预约"),
                         N_("请到大厅现场取号办理。"));
    else if (reply->ok || reply->error == HALL_E_UNKNOWN_CATEGORY)
        web_reply_error (ask->msg, SOUP_STATUS_NOT_FOUND, ask->lang, N_("页面不存在"), N_("没有这项业务。"));
    else
        web_reply_error (ask->msg, SOUP_STATUS_SERVICE_UNAVAILABLE, ask->lang, N_("暂时无法查询"),
                         N_("与大厅的连接中断，请稍后再试。"));
    s_ask_done (ask);
}

static void
s_show_form (ask_t *ask)
{
    s_send (ask->booking, HALL_OP_BOOKING_SLOTS, json_pack ("{s:s}", "category", ask->category), s_form_reply, ask);
}

/* ---- booking ------------------------------------------------------------------------ */

/* The field a bad_field refusal names: "id_number: …", "'phone' is …",
 * "… needs the field 'name'", "… takes no booking at …" (docs/PROTOCOL.md). */
static const char *
s_field_of (const char *message)
{
    static const char *fields[] = { "id_number", "credit_code", "phone", "name", "document", "slot", "day" };
    for (size_t i = 0; i < G_N_ELEMENTS (fields); i++) {
        g_autofree char *quoted = g_strdup_printf ("'%s'", fields[i]);
        g_autofree char *prefix = g_strdup_printf ("%s:", fields[i]);
        if (g_str_has_prefix (message, prefix) || strstr (message, quoted))
            return strcmp (fields[i], "day") == 0 ? "slot" : fields[i];
    }
    return strstr (message, "takes no booking") ? "slot" : NULL;
}

/* What the server says is wrong with a number, when it is one of
 * common/identity.c's messages (the same rule as the kiosk's). */
static const char *
s_identity_text (const char *message)
{
    const char *colon = strstr (message, ": ");
    for (int e = HALL_ID_LENGTH; colon && e <= HALL_ID_CHECK; e++)
        if (strcmp (colon + 2, hall_id_error_text (e)) == 0)
            return hall_id_error_text (e);
    return NULL;
}

static void
s_bad_field (ask_t *ask, const char *message)
{
    const char *field = s_field_of (message);
    const char *identity = s_identity_text (message);
    if (!field)
        s_error_text (ask, "slot", N_("填写的信息有误，请核对"));
    else if (strcmp (field, "id_number") == 0)
        s_error_text (ask, field, identity ? identity
                                : strcmp (ask->document, "id") == 0 ? N_("请填写 18 位居民身份证号码")
                                : N_("证件号码应为 5 到 32 位"));
    else if (strcmp (field, "credit_code") == 0)
        s_error_text (ask, field, identity ? identity : N_("请填写 18 位统一社会信用代码"));
    else if (strcmp (field, "phone") == 0)
        s_error_text (ask, field, N_("请填写 11 位手机号码"));
    else if (strcmp (field, "name") == 0)
        s_error_text (ask, field, N_("请填写姓名（最多 32 个字）"));
    else if (strcmp (field, "document") == 0)
        s_error_text (ask, field, N_("请选择证件类型"));
    else
        s_error_text (ask, "slot", N_("请选择一个可预约的时段"));
    s_message (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, TRUE, g_strdup (web_tr (ask->lang, N_("请核对标出的信息"))));
}

/* The day in "… booking again from 2026-12-27". */
static char *
s_banned_until (web_lang_t lang, const char *message, const char *today)
{
    const char *from = strstr (message, "from ");
    if (!from || strlen (from + 5) < 10)
        return NULL;
    g_autofree char *day = g_strndup (from + 5, 10);
    return web_booking_day_text (lang, day, today);
}

static void
s_create_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ask_t *ask = user;
    web_lang_t lang = ask->lang;
    if (ask->gone) {
        s_ask_done (ask);
        return;
    }
    if (reply->ok && json_is_object (json_object_get (reply->result, "booking"))) {
        g_hash_table_replace (ask->booking->bookable, g_strdup (ask->category), GINT_TO_POINTER (1));
        s_message (ask, SOUP_STATUS_OK, FALSE, g_strdup (web_tr (lang, N_("预约成功！请记下预约码，按时到大厅签到。"))));
        s_show_booking (ask, json_object_get (reply->result, "booking"));
        s_ask_done (ask);
        return;
    }
    switch (reply->error) {
    case HALL_E_BAD_FIELD:
        s_bad_field (ask, reply->message);
        break;
    case HALL_E_SLOT_FULL:
        s_error_text (ask, "slot", N_("这个时段已约满，请另选一个时段"));
        s_message (ask, SOUP_STATUS_CONFLICT, TRUE, g_strdup (web_tr (lang, N_("您选的时段刚刚约满了，请另选一个时段"))));
        break;
    case HALL_E_DUPLICATE_PERSON:
        s_message (ask, SOUP_STATUS_CONFLICT, TRUE,
                   g_strdup (web_tr (lang, N_("您当天已预约过此业务，不能重复预约。可在“我的预约”中用预约码查看或取消。"))));
        break;
    case HALL_E_BOOKING_BANNED: {
        g_autofree char *until = s_banned_until (lang, reply->message, hall_mirror_day (web_hall_mirror (ask->booking->hall)));
        s_message (ask, SOUP_STATUS_FORBIDDEN, TRUE, until
                   ? g_strdup_printf (web_tr (lang, N_("您近期多次预约后未按时签到，暂停网上预约；%s 起可再次预约。")), until)
                   : g_strdup (web_tr (lang, N_("您近期多次预约后未按时签到，暂停网上预约。"))));
        break;
    }
    case HALL_E_BAD_STATE:
        /* Past the slot's cut-off; or the category stopped taking
         * bookings, which the form's own request then says. */
        s_error_text (ask, "slot", N_("这个时段已过预约截止时间，请另选一个时段"));
        s_message (ask, SOUP_STATUS_CONFLICT, TRUE, g_strdup (web_tr (lang, N_("这个时段已过预约截止时间，请另选一个时段"))));
        break;
    default:
        s_message (ask, SOUP_STATUS_SERVICE_UNAVAILABLE, TRUE, g_strdup (web_tr (lang, N_("暂时无法提交，请稍后再试"))));
        break;
    }
    s_show_form (ask);
}

/* Spaces (and dashes in a phone number) typed for legibility go; letters up. */
static char *
s_compact (const char *text, gboolean upper)
{
    GString *out = g_string_new (NULL);
    for (const char *c = text ? text : ""; *c; c++)
        if (*c != ' ' && *c != '-' && *c != '\t')
            g_string_append_c (out, upper ? g_ascii_toupper (*c) : *c);
    return g_string_free (out, FALSE);
}

static gboolean
s_slot_ok (const char *slot)
{
    /* "YYYY-MM-DD HH:MM" */
    static const char shape[] = "dddd-dd-dd dd:dd";
    if (!slot || strlen (slot) != sizeof shape - 1)
        return FALSE;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !g_ascii_isdigit (slot[i]) : slot[i] != shape[i])
            return FALSE;
    return TRUE;
}

static void
s_book (web_booking_t *self, SoupServerMessage *msg, const char *category, GHashTable *form, web_lang_t lang,
        const char *address)
{
    ask_t *ask = s_ask_new (self, msg, lang, address);
    ask->category = g_strdup (category);
    const char *slot = g_hash_table_lookup (form, "slot");
    ask->slot = s_slot_ok (slot) ? g_strdup (slot) : NULL;
    ask->name = g_strstrip (g_strdup (g_hash_table_lookup (form, "name") ?: ""));
    const char *document = g_hash_table_lookup (form, "document");
    ask->document = g_strdup (document && *document ? document : "id");
    ask->credit_code = s_compact (g_hash_table_lookup (form, "credit_code"), TRUE);
    g_autofree char *number = s_compact (g_hash_table_lookup (form, "id_number"), TRUE);
    g_autofree char *phone = s_compact (g_hash_table_lookup (form, "phone"), FALSE);
    if (!ask->slot)
        s_error_text (ask, "slot", N_("请选择预约时段"));
    if (!*ask->name)
        s_error_text (ask, "name", N_("请填写姓名"));
    if (!*number)
        s_error_text (ask, "id_number", N_("请填写证件号码"));
    if (!*phone)
        s_error_text (ask, "phone", N_("请填写手机号码"));
    if (g_hash_table_size (ask->errors) > 0) {
        s_message (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, TRUE, g_strdup (web_tr (lang, N_("请核对标出的信息"))));
        s_show_form (ask);
    } else {
        g_autofree char *day = g_strndup (ask->slot, 10);
        json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", category, "day", day,
                                  "slot", ask->slot + 11, "name", ask->name, "document", ask->document,
                                  "id_number", number, "phone", phone);
        if (*ask->credit_code)
            json_object_set_new (args, "credit_code", json_string (ask->credit_code));
        s_send (self, HALL_OP_BOOKING_CREATE, args, s_create_reply, ask);
    }
    memset (number, 0, strlen (number));
    memset (phone, 0, strlen (phone));
}

/* ---- my booking ---------------------------------------------------------------------- */

/* Why a cancel was refused, from the booking's state: cancelled, checked
 * in or missed; still booked means too late. */
static const char *
s_refusal_text (const char *state)
{
    return g_strcmp0 (state, "booked") == 0 ? N_("已过网上取消的时间，无法取消。如不能按时前来，请联系大厅。")
         : g_strcmp0 (state, "cancelled") == 0 ? N_("此预约已取消")
         : g_strcmp0 (state, "checked_in") == 0 ? N_("此预约已签到，不能取消")
         : N_("此预约已失约，不能取消");
}

static void
s_find_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ask_t *ask = user;
    json_t *booking = reply->ok ? json_object_get (reply->result, "booking") : NULL;
    gboolean unknown = !reply->ok && reply->error == HALL_E_BOOKING_UNKNOWN;
    if (unknown)
        s_missed (ask->booking, ask->address);
    if (!ask->gone && json_is_object (booking)) {
        if (ask->refused)
            s_message (ask, SOUP_STATUS_CONFLICT, TRUE, g_strdup (web_tr (ask->lang,
                       s_refusal_text (json_string_value (json_object_get (booking, "state"))))));
        s_show_booking (ask, booking);
    } else if (!ask->gone && unknown)
        s_show_find (ask, SOUP_STATUS_NOT_FOUND, N_("没有找到这个预约码，请核对后再输入"));
    else if (!ask->gone)
        s_show_find (ask, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("暂时无法查询，请稍后再试"));
    s_ask_done (ask);
}

static void
s_cancel_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    ask_t *ask = user;
    json_t *booking = reply->ok ? json_object_get (reply->result, "booking") : NULL;
    if (!reply->ok && reply->error == HALL_E_BAD_FIELD)
        s_missed (ask->booking, ask->address);      /* no booking has this code */
    if (ask->gone)
        s_ask_done (ask);
    else if (json_is_object (booking)) {
        s_message (ask, SOUP_STATUS_OK, FALSE, g_strdup (web_tr (ask->lang, N_("预约已取消"))));
        s_show_booking (ask, booking);
        s_ask_done (ask);
    } else if (!reply->ok && reply->error == HALL_E_BAD_STATE) {
        ask->refused = TRUE;
        s_send (ask->booking, HALL_OP_BOOKING_FIND, json_pack ("{s:s}", "code", ask->code), s_find_reply, ask);
    } else {
        if (!reply->ok && reply->error == HALL_E_BAD_FIELD)
            s_show_find (ask, SOUP_STATUS_NOT_FOUND, N_("没有找到这个预约码，请核对后再输入"));
        else
            s_show_find (ask, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("暂时无法提交，请稍后再试"));
        s_ask_done (ask);
    }
}

static gboolean
s_code_ok (const char *code)
{
    if (!code || strlen (code) != 8)
        return FALSE;
    for (int i = 0; i < 8; i++)
        if (!g_ascii_isdigit (code[i]))
            return FALSE;
    return TRUE;
}

/* POST /booking and /booking/cancel. */
static void
s_by_code (web_booking_t *self, SoupServerMessage *msg, gboolean cancel, GHashTable *form, web_lang_t lang,
           const char *address)
{
    g_autofree char *code = s_compact (form ? g_hash_table_lookup (form, "code") : NULL, FALSE);
    g_autofree char *binding = cancel ? g_strconcat ("cancel:", code, NULL) : g_strdup ("booking");
    if (web_reply_forged (msg, self->key, binding, form)) {
        g_message ("refused a booking %s without its form token or from another site (%s)",
                   cancel ? "cancel" : "lookup", address);
        web_reply_error (msg, SOUP_STATUS_FORBIDDEN, lang, N_("请求无效"), N_("请回到预约页面重新操作。"));
        return;
    }
    if (s_guessing (self, address)) {
        web_reply_error (msg, S_TOO_MANY_REQUESTS, lang, N_("尝试次数过多"),
                         N_("输错预约码的次数太多，请一小时后再试，或到大厅服务台查询。"));
        return;
    }
    ask_t *ask = s_ask_new (self, msg, lang, address);
    if (!s_code_ok (code)) {
        s_show_find (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("预约码是 8 位数字"));
        s_ask_done (ask);
        return;
    }
    ask->code = g_strdup (code);
    s_send (self, cancel ? HALL_OP_BOOKING_CANCEL : HALL_OP_BOOKING_FIND, json_pack ("{s:s}", "code", code),
            cancel ? s_cancel_reply : s_find_reply, ask);
    memset (code, 0, strlen (code));
}

/* ---- routing ------------------------------------------------------------------------- */

static gboolean
s_category_ok (const char *code)
{
    size_t n = strlen (code);
    if (n == 0 || n > 32)
        return FALSE;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum (code[i]) && code[i] != '_')
            return FALSE;
    return TRUE;
}

gboolean
web_booking_handle (web_booking_t *self, SoupServerMessage *msg, const char *path, web_lang_t lang,
                    const char *address)
{
    const char *method = soup_server_message_get_method (msg);
    gboolean post = strcmp (method, "POST") == 0;
    const char *category = g_str_has_prefix (path, "/book/") ? path + strlen ("/book/") : NULL;
    gboolean find = strcmp (path, "/booking") == 0, cancel = strcmp (path, "/booking/cancel") == 0;
    if (!category && !find && !cancel)
        return FALSE;
    if (cancel && !post) {
        web_reply_error (msg, SOUP_STATUS_NOT_FOUND, lang, N_("页面不存在"), NULL);
        return TRUE;
    }
    if (find || cancel) {
        if (!post) {
            ask_t *ask = s_ask_new (self, msg, lang, address);
            s_show_find (ask, SOUP_STATUS_OK, NULL);
            s_ask_done (ask);
            return TRUE;
        }
        GHashTable *form = web_reply_form (msg);
        s_by_code (self, msg, cancel, form, lang, address);
        if (form)
            g_hash_table_destroy (form);
        return TRUE;
    }
    hall_mirror_t *mirror = web_hall_mirror (self->hall);
    if (!s_category_ok (category) || (hall_mirror_loaded (mirror) && !hall_mirror_category (mirror, category))) {
        web_reply_error (msg, SOUP_STATUS_NOT_FOUND, lang, N_("页面不存在"), N_("没有这项业务。"));
        return TRUE;
    }
    if (!hall_mirror_loaded (mirror)) {
        web_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, lang, N_("暂时无法查询"),
                         N_("与大厅的连接中断，请稍后再试。"));
        return TRUE;
    }
    if (!post) {
        ask_t *ask = s_ask_new (self, msg, lang, address);
        ask->category = g_strdup (category);
        s_show_form (ask);
        return TRUE;
    }
    GHashTable *form = web_reply_form (msg);
    g_autofree char *binding = g_strconcat ("book:", category, NULL);
    if (web_reply_forged (msg, self->key, binding, form)) {
        g_message ("refused a booking without its form token or from another site (%s)", address);
        web_reply_error (msg, SOUP_STATUS_FORBIDDEN, lang, N_("请求无效"), N_("请回到预约页面重新操作。"));
    } else
        s_book (self, msg, category, form, lang, address);
    if (form)
        g_hash_table_destroy (form);
    return TRUE;
}

/* ---- life ------------------------------------------------------------------------------ */

web_booking_t *
web_booking_new (web_hall_t *hall, const guint8 *key)
{
    web_booking_t *self = g_new0 (web_booking_t, 1);
    self->hall = hall;
    memcpy (self->key, key, sizeof self->key);
    self->bookable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->guesses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->event_handler = g_signal_connect (web_hall_client (hall), "event", G_CALLBACK (s_on_event), self);
    self->learn = g_timeout_add_seconds (LEARN_EVERY_S, s_every, self);
    s_learn (self);
    return self;
}

void
web_booking_destroy (web_booking_t **self_p)
{
    web_booking_t *self = *self_p;
    if (!self)
        return;
    g_signal_handler_disconnect (web_hall_client (self->hall), self->event_handler);
    g_clear_handle_id (&self->learn, g_source_remove);
    g_hash_table_destroy (self->bookable);
    g_hash_table_destroy (self->guesses);
    memset (self->key, 0, sizeof self->key);
    g_free (self);
    *self_p = NULL;
}

GHashTable *
web_booking_categories (web_booking_t *self)
{
    return self->bookable;
}
