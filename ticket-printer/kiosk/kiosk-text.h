/*  kiosk-text.h — the kiosk's two languages, switched live.
 *
 *  Source strings are Chinese (the hall's language).  English comes from
 *  the gettext catalogue po/hall-kiosk.en.po, compiled to hall-kiosk.mo.
 *  A kiosk switches language per visitor, in the middle of a running
 *  program, and gettext picks its catalogue from the process locale (and
 *  the C locale of a bare kiosk ignores LANGUAGE); so the kiosk reads the
 *  English .mo once (common/catalogue.h) and kiosk_tr() picks the language
 *  set last.  Mark strings with N_() so xgettext finds them.
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <glib.h>
#include "estimate.h"

#define KIOSK_DOMAIN "hall-kiosk"

typedef enum {
    KIOSK_LANG_ZH = 0,
    KIOSK_LANG_EN
} kiosk_lang_t;

//  Loads the English catalogue (ARGV0 helps find the build tree; may be
//  NULL).  Returns TRUE when it was found; without it English shows the
//  Chinese source strings.  May be called again (reloads).
gboolean     kiosk_text_init (const char *argv0);
//  Frees the catalogue.
void         kiosk_text_shutdown (void);

void         kiosk_text_set_language (kiosk_lang_t lang);
kiosk_lang_t kiosk_text_language (void);

//  MSGID (Chinese) in the current language.  Never NULL.
const char  *kiosk_tr (const char *msgid);

//  Sentences the kiosk shows, in the current language (g_free them):
//  "你前面还有 3 人在等待", "预计等待约 25 分钟" (rounded up, as on the
//  paper), "办理窗口：3号、5号", "等待 4 人 · 约 12 分钟".
char        *kiosk_text_ahead (int ahead);
char        *kiosk_text_wait (hall_estimate_t estimate);
char        *kiosk_text_windows (const int *windows, size_t count);
char        *kiosk_text_category_load (int waiting, hall_estimate_t estimate);

#ifndef N_
#define N_(text) (text)
#endif

#endif
