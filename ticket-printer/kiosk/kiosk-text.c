/*  kiosk-text.c — the kiosk's two languages (kiosk-text.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-text.h"
#include "ticket-text.h"
#include "catalogue.h"

#include <string.h>

static hall_catalogue_t *s_english;                 //  the English catalogue, or NULL
static kiosk_lang_t      s_lang = KIOSK_LANG_ZH;    //  language shown now

gboolean
kiosk_text_init (const char *argv0)
{
    kiosk_text_shutdown ();
    s_english = hall_catalogue_load (KIOSK_DOMAIN, "en", argv0);
    return s_english != NULL;
}

void
kiosk_text_shutdown (void)
{
    g_clear_pointer (&s_english, hall_catalogue_free);
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
    return s_lang == KIOSK_LANG_EN ? hall_catalogue_tr (s_english, msgid) : msgid;
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
    return hall_text_windows (windows, count, s_lang == KIOSK_LANG_EN, kiosk_tr);
}

char *
kiosk_text_category_load (int waiting, hall_estimate_t estimate)
{
    return hall_text_category_load (waiting, estimate, kiosk_tr);
}
