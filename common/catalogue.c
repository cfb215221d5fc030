/*  catalogue.c — an English catalogue read once (catalogue.h). */
#include "catalogue.h"

#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define S_MO_MAGIC      0x950412deU
#define S_MO_SWAPPED    0xde120495U

struct _hall_catalogue_t {
    GHashTable *table;          /* msgid -> translation, pointing into bytes */
    GBytes     *bytes;          /* the .mo file */
};

static guint32
s_word (const guint8 *data, gsize offset, gboolean swapped)
{
    guint32 word;
    memcpy (&word, data + offset, 4);
    return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

/* Parses a GNU .mo file: magic, revision, count, offset of the original
 * strings' table, offset of the translations' table; each table a list of
 * (length, offset) pairs.  Every offset is checked against the size. */
static GHashTable *
s_mo_parse (GBytes *bytes)
{
    gsize size;
    const guint8 *data = g_bytes_get_data (bytes, &size);
    if (size < 20)
        return NULL;
    guint32 magic;
    memcpy (&magic, data, 4);
    gboolean swapped = magic == S_MO_SWAPPED;
    if (magic != S_MO_MAGIC && !swapped)
        return NULL;
    guint32 count = s_word (data, 8, swapped);
    guint32 originals = s_word (data, 12, swapped);
    guint32 translations = s_word (data, 16, swapped);
    if ((guint64) originals + (guint64) count * 8 > size
        || (guint64) translations + (guint64) count * 8 > size)
        return NULL;
    GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint32 i = 0; i < count; i++) {
        guint32 olen = s_word (data, originals + i * 8, swapped);
        guint32 ooff = s_word (data, originals + i * 8 + 4, swapped);
        guint32 tlen = s_word (data, translations + i * 8, swapped);
        guint32 toff = s_word (data, translations + i * 8 + 4, swapped);
        if ((guint64) ooff + olen >= size || (guint64) toff + tlen >= size
            || data [ooff + olen] || data [toff + tlen] || olen == 0 || tlen == 0)
            continue;           /* the header (empty msgid) or a bad entry */
        g_hash_table_insert (table, (char *) data + ooff, (char *) data + toff);
    }
    return table;
}

static char *
s_find (const char *domain, const char *lang, const char *argv0)
{
    g_autofree char *name = g_strdup_printf ("%s.mo", domain);
    const char *env = g_getenv ("HALL_LOCALEDIR");
    g_autofree char *beside = NULL;
    if (argv0 && strchr (argv0, '/')) {
        g_autofree char *dir = g_path_get_dirname (argv0);
        beside = g_build_filename (dir, "locale", NULL);
    }
    const char *dirs[] = { env, beside, LOCALEDIR };
    for (size_t i = 0; i < G_N_ELEMENTS (dirs); i++) {
        if (!dirs[i] || !*dirs[i])
            continue;
        char *path = g_build_filename (dirs[i], lang, "LC_MESSAGES", name, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return path;
        g_free (path);
    }
    return NULL;
}

hall_catalogue_t *
hall_catalogue_load (const char *domain, const char *lang, const char *argv0)
{
    g_autofree char *path = s_find (domain, lang, argv0);
    if (!path) {
        g_warning ("no %s catalogue %s.mo found; %s shows Chinese", lang, domain, lang);
        return NULL;
    }
    g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
    if (!file)
        return NULL;
    hall_catalogue_t *self = g_new0 (hall_catalogue_t, 1);
    self->bytes = g_mapped_file_get_bytes (file);
    self->table = s_mo_parse (self->bytes);
    if (!self->table) {
        g_warning ("%s is not a gettext catalogue", path);
        hall_catalogue_free (self);
        return NULL;
    }
    return self;
}

const char *
hall_catalogue_tr (const hall_catalogue_t *self, const char *msgid)
{
    if (!msgid)
        return "";
    const char *text = self ? g_hash_table_lookup (self->table, msgid) : NULL;
    return text ? text : msgid;
}

void
hall_catalogue_free (hall_catalogue_t *self)
{
    if (!self)
        return;
    if (self->table)
        g_hash_table_destroy (self->table);
    if (self->bytes)
        g_bytes_unref (self->bytes);
    g_free (self);
}
