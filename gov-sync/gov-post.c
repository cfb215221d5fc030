/*  gov-post.c — see gov-post.h. */
#define G_LOG_DOMAIN "hall-gov-sync"
#include "gov-post.h"

#include <libsoup/soup.h>
#include <string.h>

struct _gov_post_t {
    SoupSession *session;
    char  *url;               /* ratings (and cases, unless case_url) */
    char  *case_url;          /* case outcomes, or NULL */
    char  *idempotency_header;
    char  *token_header;      /* NULL: no token */
    char  *token;             /* the access token: never logged */
    char  *code_path;         /* [reply] code: where the body says what became of it */
    char **success;           /* values of it meaning accepted */
    char **invalid;           /* values of it meaning "invalid record" (refused) */
    char  *message_path;      /* [reply] message: the reason text */
    char  *id_path;           /* [reply] id: the platform's id of the record */
};

void
gov_reason_set (char dest[257], const char *text, const char *fallback)
{
    GString *clean = g_string_new (NULL);
    for (const char *p = text ? text : ""; *p; p++)
        g_string_append_c (clean, (unsigned char) *p < 0x20 || *p == 0x7f ? ' ' : *p);
    g_strstrip (clean->str);
    if (!g_utf8_validate (clean->str, -1, NULL) || !*clean->str) {
        g_string_assign (clean, fallback);
    }
    size_t len = strlen (clean->str);
    if (len > 256) {
        len = 256;
        while (len > 0 && ((unsigned char) clean->str[len] & 0xC0) == 0x80)
            len--;                              /* not inside a character */
    }
    memcpy (dest, clean->str, len);
    dest[len] = '\0';
    g_string_free (clean, TRUE);
}

static char *
s_get (GKeyFile *config, const char *group, const char *key, const char *fallback)
{
    char *value = g_key_file_get_string (config, group, key, NULL);
    if (value)
        return g_strstrip (value);
    return g_strdup (fallback);
}

static char **
s_list (GKeyFile *config, const char *group, const char *key, const char *fallback)
{
    g_autofree char *text = s_get (config, group, key, fallback);
    char **list = g_strsplit_set (text, ";,", -1);
    for (int i = 0; list[i]; i++)
        g_strstrip (list[i]);
    return list;
}

gov_post_t *
gov_post_new (GKeyFile *config, const char *path, GError **error)
{
    gov_post_t *self = g_new0 (gov_post_t, 1);
    self->url = s_get (config, "platform", "url", NULL);
    self->case_url = s_get (config, "platform", "case_url", NULL);
    const char *urls[] = { self->url, self->case_url };
    for (size_t i = 0; i < G_N_ELEMENTS (urls); i++) {
        if (!urls[i] && i == 1)
            continue;
        g_autoptr (GUri) uri = urls[i] ? g_uri_parse (urls[i], G_URI_FLAGS_NONE, NULL) : NULL;
        const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
        if (!scheme || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [platform] %s: %s", path, i ? "case_url" : "url",
                         urls[i] ? "not an http:// or https:// URL" : "missing (mode=http needs the platform's URL)");
            gov_post_destroy (&self);
            return NULL;
        }
    }
    GError *local = NULL;
    int timeout = g_key_file_get_integer (config, "platform", "timeout", &local);
    if (local && local->code == G_KEY_FILE_ERROR_KEY_NOT_FOUND)
        timeout = 10;
    if ((local && local->code != G_KEY_FILE_ERROR_KEY_NOT_FOUND) || timeout < 1 || timeout > 600) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [platform] timeout: seconds, 1-600", path);
        g_clear_error (&local);
        gov_post_destroy (&self);
        return NULL;
    }
    g_clear_error (&local);
    self->session = soup_session_new_with_options ("timeout", (guint) timeout, "idle-timeout", (guint) 60,
                                                   "user-agent", "hall-gov-sync/" GOV_SYNC_VERSION, NULL);
    g_autofree char *ca_file = s_get (config, "platform", "ca_file", NULL);
    if (ca_file) {
        GTlsDatabase *database = g_tls_file_database_new (ca_file, &local);
        if (!database) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [platform] ca_file: %s", path, local->message);
            g_clear_error (&local);
            gov_post_destroy (&self);
            return NULL;
        }
        soup_session_set_tls_database (self->session, database);
        g_object_unref (database);
    }
    self->idempotency_header = s_get (config, "platform", "idempotency_header", "Idempotency-Key");
    self->token_header = s_get (config, "platform", "token_header", NULL);
    g_autofree char *token_file = s_get (config, "platform", "token_file", NULL);
    if (!self->token_header != !token_file) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [platform] token_header and token_file go together", path);
        gov_post_destroy (&self);
        return NULL;
    }
    if (token_file) {
        if (!g_file_get_contents (token_file, &self->token, NULL, &local)) {
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: [platform] token_file: %s", path,
                         local->message);
            g_clear_error (&local);
            gov_post_destroy (&self);
            return NULL;
        }
        g_strstrip (self->token);
        if (!*self->token || strpbrk (self->token, "\r\n")) {
            g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                         "%s: [platform] token_file: %s holds no token (one line)", path, token_file);
            gov_post_destroy (&self);
            return NULL;
        }
    }
    self->code_path = s_get (config, "reply", "code", "code");
    self->success = s_list (config, "reply", "success", "0;200");
    self->invalid = s_list (config, "reply", "invalid", "");
    self->message_path = s_get (config, "reply", "message", "msg");
    self->id_path = s_get (config, "reply", "id", "data.id");
    return self;
}

void
gov_post_destroy (gov_post_t **self_p)
{
    gov_post_t *self = *self_p;
    if (!self)
        return;
    g_clear_object (&self->session);
    g_free (self->url);
    g_free (self->case_url);
    g_free (self->idempotency_header);
    g_free (self->token_header);
    if (self->token) {
        memset (self->token, 0, strlen (self->token));
        g_free (self->token);
    }
    g_free (self->code_path);
    g_strfreev (self->success);
    g_strfreev (self->invalid);
    g_free (self->message_path);
    g_free (self->id_path);
    g_free (self);
    *self_p = NULL;
}

/* The body's text at dotted PATH (a string or a number), or NULL. */
static char *
s_body_text (json_t *body, const char *path)
{
    if (!path || !*path)
        return NULL;
    g_auto (GStrv) steps = g_strsplit (path, ".", -1);
    json_t *value = body;
    for (int i = 0; steps[i] && value; i++)
        value = json_is_object (value) ? json_object_get (value, steps[i]) : NULL;
    if (json_is_string (value))
        return g_strdup (json_string_value (value));
    if (json_is_integer (value))
        return g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (value));
    if (json_is_boolean (value))
        return g_strdup (json_is_true (value) ? "true" : "false");
    return NULL;
}

static gboolean
s_in (char **list, const char *value)
{
    for (int i = 0; value && list[i]; i++)
        if (*list[i] && strcmp (list[i], value) == 0)
            return TRUE;
    return FALSE;
}

static void
s_retry (gov_verdict_t *verdict, gboolean unreachable, const char *reason)
{
    verdict->outcome = GOV_RETRY;
    verdict->unreachable = unreachable;
    gov_reason_set (verdict->reason, reason, "platform unreachable");
}

void
gov_post_deliver (gov_post_t *self, const char *kind, const char *key, json_t *body,
                  gov_verdict_t *verdict)
{
    memset (verdict, 0, sizeof *verdict);
    const char *url = g_strcmp0 (kind, "case") == 0 && self->case_url ? self->case_url : self->url;
    g_autofree char *text = json_dumps (body, JSON_COMPACT);
    g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
    /* A redirect would turn the POST into a GET and lose the record: a 3xx
     * is an answer to retry (and to fix the url). */
    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    GBytes *request = g_bytes_new (text, strlen (text));
    soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", request);
    g_bytes_unref (request);
    SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
    soup_message_headers_replace (headers, "Accept", "application/json");
    if (key && *self->idempotency_header)
        soup_message_headers_replace (headers, self->idempotency_header, key);
    if (self->token_header)
        soup_message_headers_replace (headers, self->token_header, self->token);

    GError *error = NULL;
    GBytes *reply = soup_session_send_and_read (self->session, msg, NULL, &error);
    if (!reply) {
        /* No answer: refused, reset, timed out, TLS. */
        g_autofree char *reason = g_strdup_printf ("no answer: %s", error->message);
        s_retry (verdict, TRUE, reason);
        g_error_free (error);
        return;
    }
    guint status = soup_message_get_status (msg);
    gsize size = 0;
    const char *data = g_bytes_get_data (reply, &size);
    json_t *answer = size ? json_loadb (data, size, JSON_REJECT_DUPLICATES, NULL) : NULL;
    g_autofree char *message = s_body_text (answer, self->message_path);
    g_autofree char *status_line = g_strdup_printf ("HTTP %u %s", status, soup_message_get_reason_phrase (msg) ?: "");
    if (status >= 200 && status < 300) {
        g_autofree char *code = s_body_text (answer, self->code_path);
        if (code && s_in (self->success, code)) {
            verdict->outcome = GOV_ACCEPTED;
            g_autofree char *id = s_body_text (answer, self->id_path);
            gov_reason_set (verdict->platform_id, id, "");
        }
        else if (code && s_in (self->invalid, code)) {
            verdict->outcome = GOV_REFUSED;
            gov_reason_set (verdict->reason, message, status_line);
        }
        else {
            /* A body we cannot read, or a code we do not know: never held
             * on a guess, tried again (and logged for a person). */
            g_autofree char *reason = g_strdup_printf ("%s: %s", status_line,
                                                       !answer ? "a body that is not JSON"
                                                       : code ? "an unknown code in the body" : "no code in the body");
            s_retry (verdict, FALSE, reason);
        }
    }
    else if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429) {
        verdict->outcome = GOV_REFUSED;
        gov_reason_set (verdict->reason, message, status_line);
    }
    else
        s_retry (verdict, status >= 500 || status == 408 || status == 429 || status == 401 || status == 403,
                 status_line);
    json_decref (answer);
    g_bytes_unref (reply);
}
