/*  web-case.c — see web-case.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-case.h"
#include "web-case-pages.h"
#include "web-reply.h"

#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

#define TOKEN_MIN 16            /* a link token: base64url, as the server makes them (22) */
#define TOKEN_MAX 64

struct _web_case_t {
    web_hall_t *hall;
    guint8      key[32];
};

/* One request waiting for the server, and what its answer shows. */
typedef struct {
    web_case_t        *owner;
    SoupServerMessage *msg;
    web_lang_t         lang;
    gboolean           gone;        /* the client went away meanwhile */
    char               token[TOKEN_MAX + 1];
    const char        *done;        /* the action's name for the redirect ("verdict", "rated") */
    const char        *message;     /* a msgid to show with the page, or NULL */
    gboolean           message_bad;
    guint              status;
} ask_t;

static void
s_gone (SoupServerMessage *msg, ask_t *ask)
{
    ask->gone = TRUE;
}

static ask_t *
s_ask_new (web_case_t *self, SoupServerMessage *msg, web_lang_t lang, const char *token)
{
    ask_t *ask = g_new0 (ask_t, 1);
    ask->owner = self;
    ask->msg = g_object_ref (msg);
    ask->lang = lang;
    ask->status = SOUP_STATUS_OK;
    g_strlcpy (ask->token, token, sizeof ask->token);
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
    g_free (ask);
}

static char *
s_binding (const char *token)
{
    return g_strconcat ("case:", token, NULL);
}

/* case.view failed: the link's own pages. */
static void
s_view_failed (SoupServerMessage *msg, hall_error_t error, web_lang_t lang)
{
    if (error == HALL_E_UNKNOWN_CASE || error == HALL_E_BAD_FIELD)
        web_reply_error (msg, SOUP_STATUS_NOT_FOUND, lang, N_("链接无效"),
                         N_("没有找到这个回访链接。请核对短信中的链接，如有疑问请联系大厅服务台。"));
    else if (error == HALL_E_BAD_STATE)
        web_reply_error (msg, SOUP_STATUS_GONE, lang, N_("回访链接已过期"),
                         N_("回访链接的有效期为 15 天。如对处理结果还有疑问，请联系大厅服务台。"));
    else
        web_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, lang, N_("暂时无法查询"),
                         N_("与大厅的连接中断，请稍后再试。"));
}

/* ---- the page ------------------------------------------------------------------ */

static void
s_viewed (web_hall_t *hall, const hall_reply_t *reply, gpointer user)
{
    ask_t *ask = user;
    if (!ask->gone) {
        if (!reply->ok)
            s_view_failed (ask->msg, reply->error, ask->lang);
        else {
            g_autofree char *binding = s_binding (ask->token);
            g_autofree char *csrf = web_reply_csrf (ask->owner->key, binding);
            web_case_page_t page = { .lang = ask->lang, .token = ask->token, .csrf = csrf,
                                     .hall = hall_mirror_hall (web_hall_mirror (hall)),
                                     .reasons = web_hall_reasons (hall), .message = ask->message,
                                     .message_bad = ask->message_bad };
            web_reply_html (ask->msg, ask->status, web_page_case (&page, reply->result));
        }
    }
    s_ask_done (ask);
}

static void
s_view (web_case_t *self, ask_t *ask)
{
    web_hall_request (self->hall, HALL_OP_CASE_VIEW, json_pack ("{s:s}", "token", ask->token), s_viewed, ask);
}

/* ---- the visitor's actions ------------------------------------------------------ */

static void
s_refuse (ask_t *ask, guint status, const char *message)
{
    ask->status = status;
    ask->message = message;
    ask->message_bad = TRUE;
    s_view (ask->owner, ask);
}

static void
s_acted (web_hall_t *hall, const hall_reply_t *reply, gpointer user)
{
    ask_t *ask = user;
    if (ask->gone) {
        s_ask_done (ask);
        return;
    }
    if (reply->ok) {
        /* From c/TOKEN/verdict back to c/TOKEN, relative: any prefix holds. */
        g_autofree char *location = g_strdup_printf ("../%s?done=%s%s", ask->token, ask->done,
                                                     ask->lang == WEB_EN ? "&lang=en" : "");
        web_reply_headers (ask->msg);
        soup_server_message_set_redirect (ask->msg, SOUP_STATUS_SEE_OTHER, location);
        s_ask_done (ask);
        return;
    }
    gboolean rate = strcmp (ask->done, "rated") == 0;
    switch (reply->error) {
    case HALL_E_UNKNOWN_CASE:
        s_view_failed (ask->msg, reply->error, ask->lang);
        s_ask_done (ask);
        break;
    case HALL_E_ALREADY_RATED:
        s_refuse (ask, SOUP_STATUS_CONFLICT, N_("已评价：整改后只能再评价一次"));
        break;
    case HALL_E_BAD_STATE:
        /* Given already (here or by a call), or the link is over: the
         * page says where the case stands now. */
        s_refuse (ask, SOUP_STATUS_CONFLICT, rate ? N_("现在不能再次评价") : N_("整改结果已经评价过"));
        break;
    case HALL_E_REASON_REQUIRED:
        s_refuse (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("选择“不满意”或“非常不满意”时，请至少选择一个原因"));
        break;
    case HALL_E_BAD_FIELD:
    case HALL_E_UNKNOWN_REASON:
        s_refuse (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, rate ? N_("评价内容有误，请重新选择") : N_("请选择满意、基本满意或不满意"));
        break;
    default:
        s_refuse (ask, SOUP_STATUS_SERVICE_UNAVAILABLE, N_("暂时无法提交，请稍后再试"));
        break;
    }
}

static void
s_post (web_case_t *self, SoupServerMessage *msg, const char *token, const char *action, web_lang_t lang)
{
    GHashTable *form = web_reply_form (msg);
    g_autofree char *binding = s_binding (token);
    if (web_reply_forged (msg, self->key, binding, form)) {
        g_message ("refused a case %s without its form token or from another site", action);
        web_reply_error (msg, SOUP_STATUS_FORBIDDEN, lang, N_("请求无效"), N_("请回到回访页面重新操作。"));
        if (form)
            g_hash_table_destroy (form);
        return;
    }
    ask_t *ask = s_ask_new (self, msg, lang, token);
    if (strcmp (action, "verdict") == 0) {
        ask->done = "verdict";
        const char *verdict = web_case_verdict (g_hash_table_lookup (form, "verdict"));
        char *text = g_hash_table_lookup (form, "text");
        if (!verdict)
            s_refuse (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("请选择满意、基本满意或不满意"));
        else if (text && g_utf8_strlen (text, -1) > 200)
            s_refuse (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("补充意见太长，请不超过 200 字"));
        else {
            json_t *args = json_pack ("{s:s, s:s}", "token", token, "verdict", verdict);
            if (text && *g_strstrip (text))
                json_object_set_new (args, "text", json_string (text));
            web_hall_request (self->hall, HALL_OP_CASE_VERDICT, args, s_acted, ask);
        }
    } else {
        ask->done = "rated";
        json_t *reasons;
        const char *text;
        int level = web_reply_rating (form, &reasons, &text);
        if (level == 0)
            s_refuse (ask, SOUP_STATUS_UNPROCESSABLE_ENTITY, N_("请选择满意程度"));
        else
            web_hall_rate_case (self->hall, token, level, reasons, text, s_acted, ask);
        json_decref (reasons);
    }
    g_hash_table_destroy (form);
}

/* ---- routing --------------------------------------------------------------------- */

static gboolean
s_token_ok (const char *token, size_t len)
{
    if (len < TOKEN_MIN || len > TOKEN_MAX)
        return FALSE;
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isalnum (token[i]) && token[i] != '-' && token[i] != '_')
            return FALSE;
    return TRUE;
}

static const char *
s_done_message (const char *done)
{
    if (g_strcmp0 (done, "verdict") == 0)
        return N_("感谢您的反馈！您的评价已记录。");
    if (g_strcmp0 (done, "rated") == 0)
        return N_("感谢您的评价！");
    return NULL;
}

gboolean
web_case_handle (web_case_t *self, SoupServerMessage *msg, const char *path, GHashTable *query, web_lang_t lang)
{
    if (!g_str_has_prefix (path, "/c/"))
        return FALSE;
    const char *rest = path + strlen ("/c/");
    const char *slash = strchr (rest, '/');
    size_t len = slash ? (size_t) (slash - rest) : strlen (rest);
    const char *action = slash ? slash + 1 : "";
    gboolean post = strcmp (soup_server_message_get_method (msg), "POST") == 0;
    if (!s_token_ok (rest, len)) {
        s_view_failed (msg, HALL_E_UNKNOWN_CASE, lang);
        return TRUE;
    }
    char token[TOKEN_MAX + 1];
    memcpy (token, rest, len);
    token[len] = '\0';
    if (post && (strcmp (action, "verdict") == 0 || strcmp (action, "rate") == 0)) {
        s_post (self, msg, token, action, lang);
        return TRUE;
    }
    if (post || *action) {
        web_reply_error (msg, post ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND, lang,
                         N_("页面不存在"), NULL);
        return TRUE;
    }
    ask_t *ask = s_ask_new (self, msg, lang, token);
    ask->message = s_done_message (query ? g_hash_table_lookup (query, "done") : NULL);
    s_view (self, ask);
    return TRUE;
}

/* ---- life ------------------------------------------------------------------------ */

web_case_t *
web_case_new (web_hall_t *hall, const guint8 *key)
{
    web_case_t *self = g_new0 (web_case_t, 1);
    self->hall = hall;
    memcpy (self->key, key, sizeof self->key);
    return self;
}

void
web_case_destroy (web_case_t **self_p)
{
    web_case_t *self = *self_p;
    if (!self)
        return;
    memset (self->key, 0, sizeof self->key);
    g_free (self);
    *self_p = NULL;
}
