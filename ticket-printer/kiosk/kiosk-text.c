/*  kiosk-text.c — the kiosk's two languages (kiosk-text.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-text.h"
#include "ticket-text.h"

#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

#define S_MO_MAGIC      0x950412deU
#define S_MO_SWAPPED    0xde120495U

static GHashTable   *s_english;                 //  msgid -> English, or NULL
static GBytes       *s_english_bytes;           //  the .mo file both point into
static kiosk_lang_t  s_lang = KIOSK_LANG_ZH;    //  language shown now

static guint32
s_word (const guint8 *data, gsize offset, gboolean swapped)
{
    guint32 word;
    memcpy (&word, data + offset, 4);
    return swapped ? GUINT32_SWAP_LE_BE (word) : word;
}

//  Parses a GNU .mo file: magic, revision, count, offset of the original
//  strings' table, offset of the translations' table; each table a list of
//  (length, offset) pairs.  Every offset is checked against the size.
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
            continue;           //  the header (empty msgid) or a bad entry
        g_hash_table_insert (table, (char *) data + ooff, (char *) data + toff);
    }
    return table;
}

static char *
s_find_catalogue (const char *argv0)
{
    g_autofree char *name = g_strdup_printf ("%s.mo", KIOSK_DOMAIN);
    const char *env = g_getenv ("HALL_LOCALEDIR");
    g_autofree char *beside = NULL;
    if (argv0 && strchr (argv0, '/')) {
        g_autofree char *dir = g_path_get_dirname (argv0);
        beside = g_build_filename (dir, "locale", NULL);
    }
    const char *dirs [] = { env, beside, LOCALEDIR };
    for (size_t i = 0; i < G_N_ELEMENTS (dirs); i++) {
        if (!dirs [i] || !*dirs [i])
            continue;
        char *path = g_build_filename (dirs [i], "en", "LC_MESSAGES", name, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
            return path;
        g_free (path);
    }
    return NULL;
}

gboolean
kiosk_text_init (const char *argv0)
{
    kiosk_text_shutdown ();
    g_autofree char *path = s_find_catalogue (argv0);
    if (!path) {
        g_warning ("no English catalogue %s.mo found; English shows Chinese", KIOSK_DOMAIN);
        return FALSE;
    }
    g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
    if (!file)
        return FALSE;
    s_english_bytes = g_mapped_file_get_bytes (file);
    s_english = s_mo_parse (s_english_bytes);
    if (!s_english) {
        g_warning ("%s is not a gettext catalogue", path);
        g_clear_pointer (&s_english_bytes, g_bytes_unref);
        return FALSE;
    }
    return TRUE;
}

void
kiosk_text_shutdown (void)
{
    g_clear_pointer (&s_english, g_hash_table_destroy);
    g_clear_pointer (&s_english_bytes, g_bytes_unref);
}

void
kiosk_text_set_language (kiosk_lang_t lang)
{
    s_lang = lang;
}

kiosk_lang_t
kiosk_text_language (void)
{
    return s_lang;
}

const char *
kiosk_tr (const char *msgid)
{
    if (!msgid)
        return "";
    if (s_lang == KIOSK_LANG_EN && s_english) {
        const char *english = g_hash_table_lookup (s_english, msgid);
        if (english)
            return english;
    }
    return msgid;
}

char *
kiosk_text_ahead (int ahead)
{
    return hall_text_ahead (ahead, kiosk_tr);
}

char *
kiosk_text_wait (hall_estimate_t estimate)
{
    return hall_text_wait (estimate, kiosk_tr);
}

char *
kiosk_text_windows (const int *windows, size_t count)
{
    GString *list = g_string_new (NULL);
    gboolean english = s_lang == KIOSK_LANG_EN;
    for (size_t i = 0; i < count; i++)
        g_string_append_printf (list, english ? "%s%d" : "%s%d号",
                                i ? (english ? ", " : "、") : "", windows [i]);
    char *text = g_strdup_printf (kiosk_tr (N_("办理窗口：%s")), list->str);
    g_string_free (list, TRUE);
    return text;
}

char *
kiosk_text_category_load (int waiting, hall_estimate_t estimate)
{
    return hall_text_category_load (waiting, estimate, kiosk_tr);
}
