/*  kiosk-masked-buffer.c — an entry's text that never shows an ID number
 *  (kiosk-masked-buffer.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-masked-buffer.h"

#include <string.h>

#define S_CODE_LENGTH 8         //  a booking code; longer is an ID number
#define S_SHOWN_HEAD  6         //  an ID number's characters shown before the stars
#define S_HIDDEN      8         //  and how many stars follow (hall_id_mask)

struct _KioskMaskedBuffer {
    GtkEntryBuffer  parent;
    char           *shown;      //  what the entry shows, kept after each change
};

G_DEFINE_FINAL_TYPE (KioskMaskedBuffer, kiosk_masked_buffer, GTK_TYPE_ENTRY_BUFFER)

static const char *
s_typed (GtkEntryBuffer *buffer, gsize *n_bytes)
{
    return GTK_ENTRY_BUFFER_CLASS (kiosk_masked_buffer_parent_class)->get_text (buffer, n_bytes);
}

//  The text shown, made again after each change: the inserted-text
//  signal runs this first (the entry hears of it after), deleted-text
//  right after the deletion.
static void
s_update (KioskMaskedBuffer *self)
{
    gsize length = 0;
    const char *typed = s_typed (GTK_ENTRY_BUFFER (self), &length);
    g_free (self->shown);
    self->shown = g_strndup (typed, length);
    if (length > S_CODE_LENGTH)
        for (gsize i = S_SHOWN_HEAD; i < length && i < S_SHOWN_HEAD + S_HIDDEN; i++)
            self->shown [i] = '*';
}

static const char *
s_get_text (GtkEntryBuffer *buffer, gsize *n_bytes)
{
    KioskMaskedBuffer *self = KIOSK_MASKED_BUFFER (buffer);
    if (!self->shown)
        s_update (self);
    if (n_bytes)
        *n_bytes = strlen (self->shown);
    return self->shown;
}

//  Only single-byte characters: a star stands for exactly one of them.
static guint
s_insert_text (GtkEntryBuffer *buffer, guint position, const char *chars, guint n_chars)
{
    g_autoptr (GString) plain = g_string_new (NULL);
    const char *p = chars;
    for (guint i = 0; i < n_chars && *p; i++, p = g_utf8_next_char (p))
        if ((guchar) *p < 0x80 && g_ascii_isgraph (*p))
            g_string_append_c (plain, *p);
    if (plain->len == 0)
        return 0;
    return GTK_ENTRY_BUFFER_CLASS (kiosk_masked_buffer_parent_class)->insert_text (
        buffer, position, plain->str, (guint) plain->len);
}

static void
s_inserted_text (GtkEntryBuffer *buffer, guint position, const char *chars, guint n_chars)
{
    s_update (KIOSK_MASKED_BUFFER (buffer));
    GTK_ENTRY_BUFFER_CLASS (kiosk_masked_buffer_parent_class)->inserted_text (buffer, position, chars, n_chars);
}

//  GTK 4 deletes in the signal's default handler (handlers that run before
//  it still see the text): update after it.
static void
s_deleted_text (GtkEntryBuffer *buffer, guint position, guint n_chars)
{
    GTK_ENTRY_BUFFER_CLASS (kiosk_masked_buffer_parent_class)->deleted_text (buffer, position, n_chars);
    s_update (KIOSK_MASKED_BUFFER (buffer));
}

static void
kiosk_masked_buffer_finalize (GObject *object)
{
    g_free (KIOSK_MASKED_BUFFER (object)->shown);
    G_OBJECT_CLASS (kiosk_masked_buffer_parent_class)->finalize (object);
}

static void
kiosk_masked_buffer_class_init (KioskMaskedBufferClass *klass)
{
    GtkEntryBufferClass *buffer_class = GTK_ENTRY_BUFFER_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = kiosk_masked_buffer_finalize;
    buffer_class->get_text = s_get_text;
    buffer_class->insert_text = s_insert_text;
    buffer_class->inserted_text = s_inserted_text;
    buffer_class->deleted_text = s_deleted_text;
}

static void
kiosk_masked_buffer_init (KioskMaskedBuffer *self)
{
}

GtkEntryBuffer *
kiosk_masked_buffer_new (void)
{
    return g_object_new (KIOSK_TYPE_MASKED_BUFFER, NULL);
}

const char *
kiosk_masked_buffer_get_typed (KioskMaskedBuffer *self)
{
    g_return_val_if_fail (KIOSK_IS_MASKED_BUFFER (self), "");
    return s_typed (GTK_ENTRY_BUFFER (self), NULL);
}
