/*  rating-controller.c — see rating-controller.h. */
#define G_LOG_DOMAIN "hall-counter"

#include "rating-controller.h"
#include "client.h"
#include "i18n.h"
#include "journey.h"

/* What a reply callback needs: the controller and the operation.  Slots
 * live inside the controller: nothing is allocated per request, nothing
 * leaks when the session drops its pending requests. */
typedef struct {
    RatingController *owner;
    hall_op_t         op;
} op_slot_t;

struct _RatingController {
    GObject         parent_instance;
    hall_session_t *session;       /* role rating_pad, bound to the window */
    HallClient     *client;        /* the link: owns the session, drives it (client.h) */
    int             window;        /* the window this pad faces */
    json_t         *reasons;       /* the reason list, or NULL until loaded */
    gboolean        reasons_asked; /* a rating.reasons request is on its way */
    char           *ticket;        /* the ticket its visitor may rate, or NULL */
    char           *day;           /* the hall day of that ticket */
    int             step;          /* the journey step of it to rate, or -1: the visit */
    char           *sent;          /* the ticket of the rating on its way, or NULL */
    int             level;         /* the level of the rating on its way, 0 if none */
    gboolean        contact;       /* that rating carries the visitor's number (never the number) */
    op_slot_t       rate_slot;
    op_slot_t       reasons_slot;
};

G_DEFINE_FINAL_TYPE (RatingController, rating_controller, G_TYPE_OBJECT)

enum { SIGNAL_SERVICE_FINISHED, SIGNAL_REASONS_CHANGED, SIGNAL_RATED, SIGNAL_FAILED,
       SIGNAL_ONLINE, SIGNAL_BUSY, SIGNAL_WINDOW_CHANGED, N_SIGNALS };
static guint s_signals[N_SIGNALS];

const char *
rating_name (json_t *object)
{
    /* The English catalogue translates this field name to "name_en". */
    const char *name = json_string_value (json_object_get (object, C_("category name field", "name")));
    if (!name || !*name)
        name = json_string_value (json_object_get (object, "name"));
    return name ? name : "";
}

const char *
rating_error_message (hall_error_t code)
{
    switch (code) {
    case HALL_E_ALREADY_RATED:   return _("本次服务已经评价过，不能重复评价");
    case HALL_E_REASON_REQUIRED: return _("请至少选择一项不满意的原因");
    case HALL_E_UNKNOWN_REASON:  return _("评价原因已更新，请重新选择");
    case HALL_E_UNKNOWN_TICKET:  return _("没有找到本次服务的记录");
    case HALL_E_BAD_STATE:       return _("本次服务已不能评价");
    case HALL_E_FORBIDDEN:       return _("本评价器无权评价此号码");
    case HALL_E_TIMEOUT:         return _("评价器与服务器连接中断，评价未能提交，请稍后再试");
    case HALL_E_STORAGE:         return _("评价未能保存，请再试一次");
    default:                     return _("评价未能提交，请联系窗口工作人员");
    }
}

static void
s_set_busy (RatingController *self, int level)
{
    gboolean was = self->level > 0;
    self->level = level;
    if (was != (level > 0))
        g_signal_emit (self, s_signals[SIGNAL_BUSY], 0, (gboolean) (level > 0));
}

static void s_ask_reasons (RatingController *self);

static void
s_reply (hall_session_t *session, const hall_reply_t *reply, void *user)
{
    op_slot_t *slot = user;
    RatingController *self = slot->owner;
    if (slot->op == HALL_OP_RATING_REASONS) {
        self->reasons_asked = FALSE;
        if (!reply->ok) {
            g_message ("rating.reasons refused: %s (%s)", hall_error_name (reply->error), reply->message);
            return;
        }
        json_decref (self->reasons);
        self->reasons = json_incref (reply->result);
        g_signal_emit (self, s_signals[SIGNAL_REASONS_CHANGED], 0);
        return;
    }
    int level = self->level;
    gboolean contact = self->contact;
    g_autofree char *sent = g_steal_pointer (&self->sent);
    s_set_busy (self, 0);
    if (g_strcmp0 (sent, self->ticket) != 0) {
        /* The next service finished meanwhile: the pad shows its visitor
         * now, who must not see the last one's outcome. */
        g_message ("rate %s: %s (the pad has moved on to %s)", sent,
                   reply->ok ? "stored" : hall_error_name (reply->error), self->ticket ? self->ticket : "-");
        return;
    }
    if (!reply->ok) {
        g_message ("rate %s refused: %s (%s)", self->ticket ? self->ticket : "-",
                   hall_error_name (reply->error), reply->message);
        /* A list newer than ours: fetch it again for the next try. */
        if (reply->error == HALL_E_UNKNOWN_REASON)
            s_ask_reasons (self);
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) reply->error,
                       rating_error_message (reply->error));
        return;
    }
    g_clear_pointer (&self->ticket, g_free);
    g_signal_emit (self, s_signals[SIGNAL_RATED], 0, level, contact);
}

static void
s_ask_reasons (RatingController *self)
{
    if (self->reasons_asked)
        return;
    if (hall_session_send (self->session, HALL_OP_RATING_REASONS, NULL, s_reply, &self->reasons_slot) >= 0)
        self->reasons_asked = TRUE;
}

/* "第 1 步 / 共 4 步：企业登记": the step of JOURNEY (a ticket's, just moved
 * on) that was done, named NAME.  The journey's "step" is the one the
 * visitor goes on to, one after it.  g_free. */
static char *
s_step_done_text (json_t *journey, const char *name)
{
    if (!json_is_object (journey))
        return g_strdup (name);
    json_t *done = json_copy (journey);
    json_object_set_new (done, "step", json_integer (json_integer_value (json_object_get (journey, "step")) - 1));
    /* The English catalogue translates this marker to "en". */
    gboolean english = g_strcmp0 (C_("journey text language", "zh"), "en") == 0;
    char *text = hall_journey_text (done, name, english);
    json_decref (done);
    return text;
}

/* A finished service at this window — or a journey's step done here
 * (ticket.stepped, where the hall rates steps: detail rate) — its visitor
 * is the one in front of the pad now.  A later finish replaces it (the
 * earlier visitor left). */
static void
s_on_event (HallClient *client, json_t *event, void *user)
{
    RatingController *self = user;
    /* Whom the visitor faces: any event (or a fresh snapshot) may change
     * the window's clerk or its pause. */
    g_signal_emit (self, s_signals[SIGNAL_WINDOW_CHANGED], 0);
    const char *type = event ? json_string_value (json_object_get (event, "type")) : NULL;
    json_t *detail = event ? json_object_get (event, "detail") : NULL;
    bool step = g_strcmp0 (type, "ticket.stepped") == 0 && json_is_true (json_object_get (detail, "rate"))
                && json_is_integer (json_object_get (detail, "done"));
    if (g_strcmp0 (type, "ticket.finished") != 0 && !step)
        return;
    json_t *ticket = json_object_get (event, "ticket");
    const char *number = json_string_value (json_object_get (ticket, "number"));
    /* A step's event names the window the ticket left. */
    json_t *at = step ? json_object_get (json_object_get (event, "window"), "number")
                      : json_object_get (ticket, "window");
    if (step && !at)
        at = json_object_get (event, "window");
    if (json_integer_value (at) != self->window || !number)
        return;
    g_free (self->ticket);
    g_free (self->day);
    self->ticket = g_strdup (number);
    self->step = step ? (int) json_integer_value (json_object_get (detail, "done")) : -1;
    self->day = g_strdup (hall_mirror_day (hall_session_mirror (self->session)));
    json_t *clerk = json_object_get (json_object_get (event, "window"), "clerk");
    const char *clerk_name = json_string_value (json_object_get (clerk, "name"));
    if (!clerk_name)
        clerk_name = json_string_value (json_object_get (ticket, "clerk"));
    const char *category = rating_name (json_object_get (event, "category"));
    g_autofree char *service = step ? s_step_done_text (json_object_get (ticket, "journey"), category)
                                    : g_strdup (category);
    g_signal_emit (self, s_signals[SIGNAL_SERVICE_FINISHED], 0, number, clerk_name ? clerk_name : "", service);
}

static void
s_on_online (HallClient *client, gboolean online, void *user)
{
    RatingController *self = user;
    if (online && !self->reasons)
        s_ask_reasons (self);
    g_signal_emit (self, s_signals[SIGNAL_ONLINE], 0, (gboolean) online);
}

static void
rating_controller_finalize (GObject *object)
{
    RatingController *self = RATING_CONTROLLER (object);
    if (self->client)
        g_signal_handlers_disconnect_by_data (self->client, self);
    g_clear_object (&self->client);
    self->session = NULL;
    json_decref (self->reasons);
    g_free (self->ticket);
    g_free (self->day);
    g_free (self->sent);
    G_OBJECT_CLASS (rating_controller_parent_class)->finalize (object);
}

static void
rating_controller_class_init (RatingControllerClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = rating_controller_finalize;
    s_signals[SIGNAL_SERVICE_FINISHED] = g_signal_new ("service-finished", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
    s_signals[SIGNAL_REASONS_CHANGED] = g_signal_new ("reasons-changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_RATED] = g_signal_new ("rated", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
    s_signals[SIGNAL_ONLINE] = g_signal_new ("online", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_BUSY] = g_signal_new ("busy", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_WINDOW_CHANGED] = g_signal_new ("window-changed", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rating_controller_init (RatingController *self)
{
    self->step = -1;
    self->rate_slot = (op_slot_t) { self, HALL_OP_RATE };
    self->reasons_slot = (op_slot_t) { self, HALL_OP_RATING_REASONS };
}

RatingController *
rating_controller_new (const char *requests, const char *events, int window)
{
    g_return_val_if_fail (window >= 1 && window <= 999, NULL);
    RatingController *self = g_object_new (RATING_TYPE_CONTROLLER, NULL);
    self->window = window;
    self->client = hall_client_new (requests ? requests : HALL_DEFAULT_REQUESTS,
                                    events ? events : HALL_DEFAULT_EVENTS,
                                    HALL_ROLE_RATING_PAD, window, NULL);
    self->session = self->client ? hall_client_session (self->client) : NULL;
    g_signal_connect (self->client, "event", G_CALLBACK (s_on_event), self);
    g_signal_connect (self->client, "online", G_CALLBACK (s_on_online), self);
    return self;
}

int             rating_controller_window (RatingController *self) { return self->window; }

json_t *
rating_controller_window_state (RatingController *self)
{
    return hall_mirror_window (hall_session_mirror (self->session), self->window);
}
gboolean        rating_controller_online (RatingController *self) { return hall_session_online (self->session); }
gboolean        rating_controller_busy (RatingController *self) { return self->level > 0; }
hall_session_t *rating_controller_session (RatingController *self) { return self->session; }
json_t         *rating_controller_reasons (RatingController *self) { return self->reasons; }
const char     *rating_controller_ticket (RatingController *self) { return self->ticket; }

int
rating_controller_case_phone_days (RatingController *self)
{
    json_t *days = json_object_get (hall_mirror_hall (hall_session_mirror (self->session)), "case_phone_days");
    return json_is_integer (days) && json_integer_value (days) > 0 ? (int) json_integer_value (days) : 30;
}

gboolean
rating_controller_rate (RatingController *self, int level, const char *const *reasons, const char *text,
                        const char *contact_phone)
{
    g_return_val_if_fail (level >= 1 && level <= 5, FALSE);
    if (!self->ticket || self->level > 0)
        return FALSE;
    json_t *args = json_pack ("{s:s, s:i}", "ticket", self->ticket, "level", level);
    if (self->day && *self->day)
        json_object_set_new (args, "day", json_string (self->day));
    if (self->step >= 0)
        json_object_set_new (args, "step", json_integer (self->step));
    if (reasons && reasons[0]) {
        json_t *codes = json_array ();
        for (int i = 0; reasons[i]; i++)
            json_array_append_new (codes, json_string (reasons[i]));
        json_object_set_new (args, "reasons", codes);
    }
    if (text && *text)
        json_object_set_new (args, "text", json_string (text));
    /* The visitor agreed to the consent text on the screen that took it. */
    self->contact = level <= 2 && contact_phone && *contact_phone;
    if (self->contact) {
        json_object_set_new (args, "contact_phone", json_string (contact_phone));
        json_object_set_new (args, "consent", json_true ());
    }
    self->sent = g_strdup (self->ticket);
    s_set_busy (self, level);
    int64_t req = hall_session_send (self->session, HALL_OP_RATE, args, s_reply, &self->rate_slot);
    json_decref (args);
    if (req < 0) {
        g_clear_pointer (&self->sent, g_free);
        s_set_busy (self, 0);
        g_signal_emit (self, s_signals[SIGNAL_FAILED], 0, (int) HALL_E_BAD_FIELD,
                       rating_error_message (HALL_E_BAD_FIELD));
    }
    return TRUE;
}

void
rating_controller_forget (RatingController *self)
{
    if (self->level == 0)
        g_clear_pointer (&self->ticket, g_free);
}
