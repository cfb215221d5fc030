/*  gov-map.c — see gov-map.h. */
#define G_LOG_DOMAIN "hall-gov-sync"
#include "gov-map.h"

#include <string.h>

typedef enum { S_PLAIN, S_TIME, S_JOIN, S_MAP, S_BOOL01, S_STRING } s_transform_t;

typedef struct {
    char         *field;       /* the province's field name */
    char         *path;        /* dotted path into the record, or NULL for a constant */
    char         *constant;    /* the constant's text ("const:…"), or NULL */
    s_transform_t transform;
    char         *section;     /* map: the config group of the value map */
} s_row_t;

struct _gov_map_t {
    GPtrArray  *rows;          /* s_row_t, in the order the fields go out */
    GKeyFile   *config;        /* borrowed reference: the value maps' groups */
    GHashTable *maps;          /* "section\nvalue" → code: built-in value maps */
    char       *time_format;   /* for g_date_time_format, or "unix" */
    GTimeZone  *timezone;
};

/* The Zhejiang-style table: province field, record path | transform.
 * docs/OPERATIONS.md has the meaning of each. */
static const char *s_zhejiang[][2] = {
    { "requestId",       "key" },                     /* idempotency key: one record at the platform */
    { "dataType",        "kind|map:kinds" },          /* 1 rating, 2 差评 case outcome */
    { "areaCode",        "area_code" },               /* 行政区划代码 */
    { "hallName",        "hall" },
    { "deptCode",        "department_code" },         /* 部门统一社会信用代码 */
    { "deptName",        "department" },
    { "taskCode",        "item_code" },               /* 事项编码 */
    { "projectNo",       "matter" },                  /* 办件编号 */
    { "windowNo",        "window" },
    { "ticketNo",        "ticket" },
    { "userId",          "clerk.id" },
    { "userName",        "clerk.name" },
    { "pf",              "rating.channel|map:channels" },   /* 评价渠道 */
    { "alternate",       "rating.level" },            /* 满意度 1–5 */
    { "appraisetype",    "rating.reasons|join" },     /* 差评原因代码 */
    { "writingAppraise", "rating.text" },             /* 文字评价 */
    { "assessTime",      "rating.time|time" },
    { "assessNumber",    "rating.round" },            /* 1 first rating, 2 after a revisit */
    { "isDefault",       "rating.is_default|bool01" },/* 系统默认评价 */
    { "caseId",          "case.id" },
    { "contactTime",     "case.contacted_at|time" },
    { "rectifyTime",     "case.rectified_at|time" },
    { "revisitTime",     "case.revisited_at|time" },
    { "revisitResult",   "case.verdict" },            /* 满意, 基本满意, 不满意 */
    { "closeTime",       "case.closed_at|time" },
    { "appealed",        "case.appealed|bool01" },
};

/* Built-in value maps, overridden key by key by the config's group. */
static const char *s_builtin_maps[][3] = {
    { "channels", "pad",     "4" },     /* 政务大厅平板电脑 (窗口评价器) */
    { "channels", "phone",   "3" },     /* 二维码 (the ticket's QR, the phone page) */
    { "channels", "admin",   "5" },     /* 政务大厅其他终端 (entered at the hall) */
    { "channels", "default", "0" },     /* 系统默认评价 */
    { "kinds",    "rating",  "1" },
    { "kinds",    "case",    "2" },
};

static void
s_row_free (gpointer data)
{
    s_row_t *row = data;
    g_free (row->field);
    g_free (row->path);
    g_free (row->constant);
    g_free (row->section);
    g_free (row);
}

/* ROW from "path|transform"; FALSE for a transform it does not know. */
static gboolean
s_row_parse (s_row_t *row, const char *spec)
{
    g_auto (GStrv) parts = g_strsplit (spec, "|", 2);
    char *path = g_strstrip (parts[0]);
    if (g_str_has_prefix (path, "const:"))
        row->constant = g_strdup (path + 6);
    else
        row->path = g_strdup (path);
    const char *transform = parts[1] ? g_strstrip (parts[1]) : "";
    if (!*transform)
        row->transform = S_PLAIN;
    else if (strcmp (transform, "time") == 0)
        row->transform = S_TIME;
    else if (strcmp (transform, "join") == 0)
        row->transform = S_JOIN;
    else if (strcmp (transform, "bool01") == 0)
        row->transform = S_BOOL01;
    else if (strcmp (transform, "string") == 0)
        row->transform = S_STRING;
    else if (g_str_has_prefix (transform, "map:") && transform[4]) {
        row->transform = S_MAP;
        row->section = g_strdup (transform + 4);
    }
    else
        return FALSE;
    return row->constant || *row->path;
}

static s_row_t *
s_find (gov_map_t *self, const char *field)
{
    for (guint i = 0; i < self->rows->len; i++) {
        s_row_t *row = g_ptr_array_index (self->rows, i);
        if (strcmp (row->field, field) == 0)
            return row;
    }
    return NULL;
}

/* yyyy-MM-dd HH:mm:ss (the platforms' Java-style pattern) as a
 * g_date_time_format string; other letters are kept as they are. */
static char *
s_time_format (const char *pattern)
{
    static const char *tokens[][2] = {
        { "yyyy", "%Y" }, { "MM", "%m" }, { "dd", "%d" }, { "HH", "%H" }, { "mm", "%M" }, { "ss", "%S" },
    };
    GString *out = g_string_new (NULL);
    for (const char *p = pattern; *p;) {
        gboolean done = FALSE;
        for (size_t i = 0; i < G_N_ELEMENTS (tokens) && !done; i++)
            if (strncmp (p, tokens[i][0], strlen (tokens[i][0])) == 0) {
                g_string_append (out, tokens[i][1]);
                p += strlen (tokens[i][0]);
                done = TRUE;
            }
        if (!done) {
            if (*p == '%')
                g_string_append_c (out, '%');
            g_string_append_c (out, *p++);
        }
    }
    return g_string_free (out, FALSE);
}

gov_map_t *
gov_map_new (GKeyFile *config, const char *path, GError **error)
{
    gov_map_t *self = g_new0 (gov_map_t, 1);
    self->rows = g_ptr_array_new_with_free_func (s_row_free);
    self->config = g_key_file_ref (config);
    self->maps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS (s_builtin_maps); i++)
        g_hash_table_insert (self->maps, g_strdup_printf ("%s\n%s", s_builtin_maps[i][0], s_builtin_maps[i][1]),
                             g_strdup (s_builtin_maps[i][2]));
    g_autofree char *defaults = g_key_file_get_string (config, "format", "defaults", NULL);
    if (defaults && strcmp (defaults, "zhejiang") != 0 && strcmp (defaults, "none") != 0) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [format] defaults is zhejiang or none, not '%s'", path, defaults);
        gov_map_destroy (&self);
        return NULL;
    }
    if (!defaults || strcmp (defaults, "zhejiang") == 0)
        for (size_t i = 0; i < G_N_ELEMENTS (s_zhejiang); i++) {
            s_row_t *row = g_new0 (s_row_t, 1);
            row->field = g_strdup (s_zhejiang[i][0]);
            gboolean parsed = s_row_parse (row, s_zhejiang[i][1]);
            g_assert (parsed);
            (void) parsed;
            g_ptr_array_add (self->rows, row);
        }
    g_auto (GStrv) keys = g_key_file_get_keys (config, "fields", NULL, NULL);
    for (int i = 0; keys && keys[i]; i++) {
        g_autofree char *spec = g_key_file_get_string (config, "fields", keys[i], NULL);
        g_strstrip (spec);
        s_row_t *old = s_find (self, keys[i]);
        if (!*spec) {                              /* "field=": not sent */
            if (old)
                g_ptr_array_remove (self->rows, old);
            continue;
        }
        s_row_t *row = g_new0 (s_row_t, 1);
        row->field = g_strdup (keys[i]);
        if (!s_row_parse (row, spec)) {
            g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                         "%s: [fields] %s: '%s' is not PATH[|time|join|map:SECTION|bool01|string]",
                         path, keys[i], spec);
            s_row_free (row);
            gov_map_destroy (&self);
            return NULL;
        }
        if (old) {
            guint at;
            g_ptr_array_find (self->rows, old, &at);
            g_ptr_array_index (self->rows, at) = row;
            s_row_free (old);
        }
        else
            g_ptr_array_add (self->rows, row);
    }
    if (self->rows->len == 0) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [fields] maps no field at all", path);
        gov_map_destroy (&self);
        return NULL;
    }
    g_autofree char *pattern = g_key_file_get_string (config, "format", "time", NULL);
    self->time_format = pattern && strcmp (pattern, "unix") == 0 ? g_strdup ("unix")
                      : s_time_format (pattern ? pattern : "yyyy-MM-dd HH:mm:ss");
    g_autofree char *zone = g_key_file_get_string (config, "format", "timezone", NULL);
    self->timezone = g_time_zone_new_identifier (zone ? zone : "Asia/Shanghai");
    if (!self->timezone) {
        g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     "%s: [format] timezone: no time zone '%s' on this machine (tzdata)", path,
                     zone ? zone : "Asia/Shanghai");
        gov_map_destroy (&self);
        return NULL;
    }
    return self;
}

void
gov_map_destroy (gov_map_t **self_p)
{
    gov_map_t *self = *self_p;
    if (!self)
        return;
    g_ptr_array_free (self->rows, TRUE);
    g_key_file_unref (self->config);
    g_hash_table_destroy (self->maps);
    g_free (self->time_format);
    if (self->timezone)
        g_time_zone_unref (self->timezone);
    g_free (self);
    *self_p = NULL;
}

/* The record's value at the dotted PATH (borrowed), or NULL. */
static json_t *
s_lookup (json_t *record, const char *path)
{
    g_auto (GStrv) steps = g_strsplit (path, ".", -1);
    json_t *value = record;
    for (int i = 0; steps[i] && value; i++)
        value = json_is_object (value) ? json_object_get (value, steps[i]) : NULL;
    return json_is_null (value) ? NULL : value;
}

/* VALUE (borrowed) as text, or NULL for a composite. */
static char *
s_text (json_t *value)
{
    if (json_is_string (value))
        return g_strdup (json_string_value (value));
    if (json_is_integer (value))
        return g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (value));
    if (json_is_real (value))
        return g_strdup_printf ("%g", json_real_value (value));
    if (json_is_boolean (value))
        return g_strdup (json_is_true (value) ? "true" : "false");
    return NULL;
}

/* ROW's value for RECORD: a new reference, or NULL for "no field". */
static json_t *
s_value (gov_map_t *self, s_row_t *row, json_t *record)
{
    if (row->constant)
        return json_string (row->constant);
    json_t *value = s_lookup (record, row->path);
    if (!value)
        return NULL;
    switch (row->transform) {
    case S_PLAIN:
        return json_incref (value);
    case S_STRING: {
        g_autofree char *text = s_text (value);
        return text ? json_string (text) : NULL;
    }
    case S_BOOL01:
        return json_is_boolean (value) ? json_integer (json_is_true (value)) : NULL;
    case S_JOIN: {
        if (!json_is_array (value))
            return json_incref (value);
        GString *joined = g_string_new (NULL);
        size_t i;
        json_t *item;
        json_array_foreach (value, i, item) {
            g_autofree char *text = s_text (item);
            if (text)
                g_string_append_printf (joined, "%s%s", joined->len ? "," : "", text);
        }
        json_t *out = json_string (joined->str);
        g_string_free (joined, TRUE);
        return out;
    }
    case S_TIME: {
        if (!json_is_integer (value))
            return NULL;
        if (strcmp (self->time_format, "unix") == 0)
            return json_incref (value);
        g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (json_integer_value (value));
        g_autoptr (GDateTime) local = utc ? g_date_time_to_timezone (utc, self->timezone) : NULL;
        g_autofree char *text = local ? g_date_time_format (local, self->time_format) : NULL;
        return text ? json_string (text) : NULL;
    }
    case S_MAP: {
        g_autofree char *text = s_text (value);
        if (!text)
            return NULL;
        /* The config's group first, then the built-in map; a value in
         * neither goes out as it is (never a code made up). */
        g_autofree char *code = g_key_file_get_string (self->config, row->section, text, NULL);
        if (code)
            return json_string (g_strstrip (code));
        g_autofree char *builtin = g_strdup_printf ("%s\n%s", row->section, text);
        const char *known = g_hash_table_lookup (self->maps, builtin);
        return json_string (known ? known : text);
    }
    }
    return NULL;
}

json_t *
gov_map_apply (gov_map_t *self, json_t *record)
{
    json_t *out = json_object ();
    for (guint i = 0; i < self->rows->len; i++) {
        s_row_t *row = g_ptr_array_index (self->rows, i);
        json_t *value = s_value (self, row, record);
        if (value)
            json_object_set_new (out, row->field, value);
    }
    return out;
}

size_t
gov_map_size (gov_map_t *self)
{
    return self->rows->len;
}

const char *
gov_map_field (gov_map_t *self, size_t index)
{
    s_row_t *row = g_ptr_array_index (self->rows, index);
    return row->field;
}

const char *
gov_map_key_field (gov_map_t *self)
{
    for (guint i = 0; i < self->rows->len; i++) {
        s_row_t *row = g_ptr_array_index (self->rows, i);
        if (row->path && strcmp (row->path, "key") == 0
            && (row->transform == S_PLAIN || row->transform == S_STRING))
            return row->field;
    }
    return NULL;
}

GTimeZone *
gov_map_timezone (gov_map_t *self)
{
    return self->timezone;
}
