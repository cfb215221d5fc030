/*  gov-file.c — see gov-file.h. */
#define G_LOG_DOMAIN "hall-gov-sync"
#include "gov-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define S_BOM "\xEF\xBB\xBF"

/* One of a day's two files. */
typedef struct {
    char       *path;
    int         fd;            /* open for appending */
    GHashTable *keys;          /* the record keys it holds */
} s_file_t;

/* A hall day's files. */
typedef struct {
    s_file_t csv, jsonl;
} s_day_t;

struct _gov_file_t {
    char       *dir;
    gov_map_t  *map;           /* borrowed */
    const char *key_field;     /* the mapping's field holding the record's key */
    GHashTable *days;          /* "YYYY-MM-DD" → s_day_t, opened as records come */
};

static void
s_file_close (s_file_t *file)
{
    if (file->fd >= 0)
        close (file->fd);
    file->fd = -1;
    g_clear_pointer (&file->keys, g_hash_table_destroy);
    g_clear_pointer (&file->path, g_free);
}

static void
s_day_free (gpointer data)
{
    s_day_t *day = data;
    s_file_close (&day->csv);
    s_file_close (&day->jsonl);
    g_free (day);
}

gov_file_t *
gov_file_new (const char *dir, gov_map_t *map, GError **error)
{
    const char *key_field = gov_map_key_field (map);
    if (!key_field) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                     "file mode needs a field mapped from the record's key in [fields] (e.g. requestId=key):"
                     " it is how a restart knows what the files hold");
        return NULL;
    }
    if (g_mkdir_with_parents (dir, 0750) != 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot make %s: %s", dir,
                     g_strerror (errno));
        return NULL;
    }
    gov_file_t *self = g_new0 (gov_file_t, 1);
    self->dir = g_strdup (dir);
    self->map = map;
    self->key_field = key_field;
    self->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, s_day_free);
    return self;
}

void
gov_file_destroy (gov_file_t **self_p)
{
    gov_file_t *self = *self_p;
    if (!self)
        return;
    g_hash_table_destroy (self->days);
    g_free (self->dir);
    g_free (self);
    *self_p = NULL;
}

static gboolean
s_write_all (int fd, const char *data, size_t len, const char *path, GError **error)
{
    while (len > 0) {
        ssize_t n = write (fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot write %s: %s", path,
                         g_strerror (errno));
            return FALSE;
        }
        data += n;
        len -= (size_t) n;
    }
    if (fsync (fd) != 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot sync %s: %s", path,
                     g_strerror (errno));
        return FALSE;
    }
    return TRUE;
}

/* Reads the CSV DATA: its header's column KEY_FIELD and each complete
 * row's key into KEYS.  Returns the length of the complete rows (0 when
 * not even the header is whole), or -1 when the header has no such column. */
static gssize
s_csv_scan (const char *data, gsize len, const char *key_field, GHashTable *keys)
{
    gsize start = len >= 3 && memcmp (data, S_BOM, 3) == 0 ? 3 : 0;
    GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
    GString *cell = g_string_new (NULL);
    gboolean quoted = FALSE, header = TRUE;
    int key_column = -1;
    gssize good = 0;
    for (gsize i = start; i < len; i++) {
        char c = data[i];
        if (quoted) {
            if (c == '"' && i + 1 < len && data[i + 1] == '"')
                g_string_append_c (cell, data[++i]);
            else if (c == '"')
                quoted = FALSE;
            else
                g_string_append_c (cell, c);
        }
        else if (c == '"')
            quoted = TRUE;
        else if (c == ',' || c == '\n') {
            g_ptr_array_add (cells, g_string_free (cell, FALSE));
            cell = g_string_new (NULL);
            if (c == '\n') {
                if (header) {
                    for (guint k = 0; k < cells->len; k++)
                        if (strcmp (g_ptr_array_index (cells, k), key_field) == 0)
                            key_column = (int) k;
                    if (key_column < 0) {
                        good = -1;
                        break;
                    }
                    header = FALSE;
                }
                else if ((guint) key_column < cells->len) {
                    const char *key = g_ptr_array_index (cells, key_column);
                    g_hash_table_add (keys, g_strdup (key[0] == '\'' ? key + 1 : key));
                }
                g_ptr_array_set_size (cells, 0);
                good = (gssize) i + 1;
            }
        }
        else if (c != '\r')
            g_string_append_c (cell, c);
    }
    g_string_free (cell, TRUE);
    g_ptr_array_free (cells, TRUE);
    return good;
}

/* Reads the JSONL DATA's keys (member KEY_FIELD of each line) into KEYS;
 * returns the length of its complete lines. */
static gssize
s_jsonl_scan (const char *data, gsize len, const char *key_field, GHashTable *keys)
{
    gsize line = 0;
    gssize good = 0;
    for (gsize i = 0; i < len; i++)
        if (data[i] == '\n') {
            json_t *object = json_loadb (data + line, i - line, 0, NULL);
            const char *key = json_string_value (json_object_get (object, key_field));
            if (key)
                g_hash_table_add (keys, g_strdup (key));
            json_decref (object);
            line = i + 1;
            good = (gssize) i + 1;
        }
    return good;
}

/* Opens PATH for appending, learns its keys and cuts a torn tail; a new
 * (or empty) CSV gets its BOM and header. */
static gboolean
s_file_open (gov_file_t *self, s_file_t *file, const char *path, gboolean csv, GError **error)
{
    gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);
    file->path = g_strdup (path);
    file->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    file->fd = open (path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (file->fd < 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot open %s: %s", path,
                     g_strerror (errno));
        return FALSE;
    }
    g_autofree char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents (path, &data, &len, error))
        return FALSE;
    gssize good = csv ? s_csv_scan (data, len, self->key_field, file->keys)
                      : s_jsonl_scan (data, len, self->key_field, file->keys);
    if (good < 0) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                     "%s: its header has no column %s (the mapping changed since it was written?): "
                     "move it away and start again", path, self->key_field);
        return FALSE;
    }
    if ((gsize) good < len) {
        g_warning ("%s: cut a torn last row (%" G_GSIZE_FORMAT " bytes) left by a crash", path, len - (gsize) good);
        if (ftruncate (file->fd, good) != 0 || fsync (file->fd) != 0) {
            g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot cut %s: %s", path,
                         g_strerror (errno));
            return FALSE;
        }
    }
    if (csv && good == 0) {
        GString *head = g_string_new (S_BOM);
        for (size_t i = 0; i < gov_map_size (self->map); i++)
            g_string_append_printf (head, "%s%s", i ? "," : "", gov_map_field (self->map, i));
        g_string_append (head, "\r\n");
        gboolean ok = s_write_all (file->fd, head->str, head->len, path, error);
        g_string_free (head, TRUE);
        if (!ok)
            return FALSE;
    }
    if (!existed) {
        /* The new name itself must survive a power cut. */
        int dir = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dir >= 0) {
            fsync (dir);
            close (dir);
        }
    }
    return TRUE;
}

static s_day_t *
s_day (gov_file_t *self, const char *day, GError **error)
{
    s_day_t *files = g_hash_table_lookup (self->days, day);
    if (files)
        return files;
    files = g_new0 (s_day_t, 1);
    files->csv.fd = files->jsonl.fd = -1;
    g_autofree char *name = g_strdup_printf ("gov-%s.csv", day);
    g_autofree char *csv = g_build_filename (self->dir, name, NULL);
    g_autofree char *jsonl = g_strconcat (self->dir, G_DIR_SEPARATOR_S, "gov-", day, ".jsonl", NULL);
    if (!s_file_open (self, &files->csv, csv, TRUE, error) || !s_file_open (self, &files->jsonl, jsonl, FALSE, error)) {
        s_day_free (files);
        return NULL;
    }
    g_hash_table_insert (self->days, g_strdup (day), files);
    return files;
}

/* VALUE as one CSV cell onto ROW. */
static void
s_cell (GString *row, json_t *value)
{
    g_autofree char *number = NULL;
    const char *text = "";
    gboolean formula = FALSE;
    if (json_is_string (value)) {
        text = json_string_value (value);
        formula = strchr ("=+-@\t\r", text[0]) != NULL && text[0];
    }
    else if (json_is_integer (value))
        text = number = g_strdup_printf ("%" JSON_INTEGER_FORMAT, json_integer_value (value));
    else if (json_is_real (value))
        text = number = g_strdup_printf ("%g", json_real_value (value));
    else if (json_is_boolean (value))
        text = json_is_true (value) ? "true" : "false";
    if (!formula && !strpbrk (text, ",\"\r\n")) {
        g_string_append (row, text);
        return;
    }
    g_string_append_c (row, '"');
    if (formula)
        g_string_append_c (row, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            g_string_append_c (row, '"');
        g_string_append_c (row, *p);
    }
    g_string_append_c (row, '"');
}

gboolean
gov_file_write (gov_file_t *self, json_t *record, json_t *mapped, GError **error)
{
    const char *key = json_string_value (json_object_get (record, "key"));
    json_t *created = json_object_get (record, "created_at");
    if (!key || !json_is_integer (created)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "a record without key or created_at");
        return FALSE;
    }
    g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (json_integer_value (created));
    g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, gov_map_timezone (self->map));
    g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
    s_day_t *files = s_day (self, day, error);
    if (!files)
        return FALSE;
    if (!g_hash_table_contains (files->csv.keys, key)) {
        GString *row = g_string_new (NULL);
        for (size_t i = 0; i < gov_map_size (self->map); i++) {
            if (i)
                g_string_append_c (row, ',');
            s_cell (row, json_object_get (mapped, gov_map_field (self->map, i)));
        }
        g_string_append (row, "\r\n");
        gboolean ok = s_write_all (files->csv.fd, row->str, row->len, files->csv.path, error);
        g_string_free (row, TRUE);
        if (!ok)
            return FALSE;
        g_hash_table_add (files->csv.keys, g_strdup (key));
    }
    if (!g_hash_table_contains (files->jsonl.keys, key)) {
        g_autofree char *line = json_dumps (mapped, JSON_COMPACT);
        g_autofree char *text = g_strconcat (line, "\n", NULL);
        if (!s_write_all (files->jsonl.fd, text, strlen (text), files->jsonl.path, error))
            return FALSE;
        g_hash_table_add (files->jsonl.keys, g_strdup (key));
    }
    return TRUE;
}
