/*  web-reply.c — see web-reply.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-reply.h"

#include <string.h>

static char *s_hall_name;           /* for error pages (a copy), set at each change */

void
web_reply_headers (SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers (msg);
    soup_message_headers_replace (h, "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    soup_message_headers_replace (h, "X-Frame-Options", "DENY");
    soup_message_headers_replace (h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace (h, "Referrer-Policy", "no-referrer");
    soup_message_headers_replace (h, "Cache-Control", "no-store");
}

void
web_reply_send (SoupServerMessage *msg, guint status, const char *type, char *body)
{
    web_reply_headers (msg);
    soup_server_message_set_status (msg, status, NULL);
    soup_server_message_set_response (msg, type, SOUP_MEMORY_TAKE, body, strlen (body));
}

void
web_reply_html (SoupServerMessage *msg, guint status, char *html)
{
    web_reply_send (msg, status, "text/html; charset=utf-8", html);
}

char *
web_reply_root (SoupServerMessage *msg)
{
    const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
    GString *root = g_string_new (NULL);
    for (const char *c = path && *path ? path + 1 : ""; *c; c++)
        if (*c == '/' && root->len < 3 * 16)
            g_string_append (root, "../");
    return g_string_free (root, FALSE);
}

void
web_reply_set_hall_name (const char *name)
{
    if (g_strcmp0 (name, s_hall_name) != 0) {
        g_free (s_hall_name);
        s_hall_name = g_strdup (name);
    }
}

void
web_reply_error (SoupServerMessage *msg, guint status, web_lang_t lang, const char *title, const char *detail)
{
    g_autofree char *root = web_reply_root (msg);
    web_reply_html (msg, status, web_page_error (lang, s_hall_name, root, title, detail));
}

GHashTable *
web_reply_form (SoupServerMessage *msg)
{
    SoupMessageBody *body = soup_server_message_get_request_body (msg);
    g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
    gsize size = 0;
    const char *data = g_bytes_get_data (bytes, &size);
    if (size > WEB_MAX_BODY)
        return NULL;
    g_autofree char *text = g_strndup (data ? data : "", size);
    return g_utf8_validate (text, -1, NULL) ? soup_form_decode (text) : NULL;
}

char *
web_reply_csrf (const guint8 *key, const char *binding)
{
    return g_compute_hmac_for_string (G_CHECKSUM_SHA256, key, 32, binding, -1);
}

static gboolean
s_same (const char *a, const char *b)
{
    size_t n = strlen (a);
    if (n != strlen (b))
        return FALSE;
    unsigned char diff = 0;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char) (a[i] ^ b[i]);
    return diff == 0;
}

gboolean
web_reply_forged (SoupServerMessage *msg, const guint8 *key, const char *binding, GHashTable *form)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
    const char *site = soup_message_headers_get_one (h, "Sec-Fetch-Site");
    if (site && strcmp (site, "same-origin") != 0 && strcmp (site, "none") != 0)
        return TRUE;
    const char *origin = soup_message_headers_get_one (h, "Origin");
    const char *host = soup_message_headers_get_one (h, "Host");
    if (origin && strcmp (origin, "null") != 0) {
        const char *sep = strstr (origin, "://");
        if (!host || !sep || strcmp (sep + 3, host) != 0)
            return TRUE;
    }
    const char *given = form ? g_hash_table_lookup (form, "csrf") : NULL;
    g_autofree char *wanted = web_reply_csrf (key, binding);
    return !given || !s_same (given, wanted);
}

int
web_reply_rating (GHashTable *form, json_t **reasons, const char **text)
{
    const char *level_text = g_hash_table_lookup (form, "level");
    int level = level_text && strlen (level_text) == 1 ? level_text[0] - '0' : 0;
    *text = g_hash_table_lookup (form, "text");
    if (*text && g_utf8_strlen (*text, -1) > 200)
        level = 0;
    *reasons = json_array ();
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, form);
    while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_has_prefix (key, "reason.") && strlen (key) < 64)
            json_array_append_new (*reasons, json_string ((const char *) key + 7));
    return level >= 1 && level <= 5 ? level : 0;
}
