/*  announcer.h — the hall's voice: calls and pauses spoken in order.
 *
 *  Every announcement is a chime (a two-tone sine made here), then the
 *  phrase synthesised by espeak-ng — "请 A 零 零 一 号到 三 号窗口办理",
 *  said twice for a call, once for a pause.  Ticket digits are spelt one by
 *  one as Chinese numerals (零零一, never 一), window numbers read as numbers.
 *
 *  Announcements go into a queue served by one worker thread, so they never
 *  overlap and are never dropped, and the caller (the GTK main loop) never
 *  waits for synthesis or playback.  Each one is either written as a WAV
 *  file (16-bit mono at espeak's sample rate) into OUT_DIR with a line in
 *  OUT_DIR/announcements.log:
 *
 *      START_US <tab> END_US <tab> FILE <tab> SPOKEN TEXT
 *
 *  (monotonic microseconds), or, without OUT_DIR, piped to paplay or
 *  aplay -q when one is installed (best effort; logged once when none is).
 *  No GTK in here: the announcer is tested on its own.
 */
#ifndef HALL_ANNOUNCER_H
#define HALL_ANNOUNCER_H

#include <glib.h>
#include <jansson.h>

#define HALL_ANNOUNCER_VOICE        "cmn-latn-pinyin"
#define HALL_ANNOUNCER_CALL_PHRASE  "请 {number} 号到 {window} 号窗口办理"
#define HALL_ANNOUNCER_PAUSE_PHRASE "{window} 号窗口暂停服务"
#define HALL_ANNOUNCER_LOG          "announcements.log"

typedef struct _hall_announcer_t hall_announcer_t;

typedef struct {
    const char *voice;          /* espeak-ng voice; NULL: HALL_ANNOUNCER_VOICE */
    const char *call_phrase;    /* {number}, {window}; NULL: the default */
    const char *pause_phrase;   /* {window}; NULL: the default */
    const char *out_dir;        /* write WAV files here; NULL: play them */
    int         repeat;         /* times a call is said; 0: twice */
} hall_announcer_config_t;

/* Called in the main context the announcer was created in, after each
 * announcement has been written or played.  TEXT is borrowed. */
typedef void (*hall_announcer_done_fn) (const char *text, void *user);

/* CONFIG is copied.  Starts the worker thread. */
hall_announcer_t *hall_announcer_new (const hall_announcer_config_t *config);
/* Finishes the announcement in progress, drops what is still queued, stops
 * the worker.  Nulls *SELF_P; safe to call twice. */
void  hall_announcer_destroy (hall_announcer_t **self_p);

void  hall_announcer_on_done (hall_announcer_t *self, hall_announcer_done_fn fn, void *user);

/* Queue "call NUMBER to WINDOW" (a call or a recall sound the same). */
void  hall_announcer_call (hall_announcer_t *self, const char *number, int window);
/* Queue "WINDOW paused". */
void  hall_announcer_pause (hall_announcer_t *self, int window);
/* Queue what a hall event asks for: ticket.called and ticket.recalled
 * (its "call" object), window.paused (its "window").  Others are ignored.
 * Returns 1 when something was queued, else 0. */
int   hall_announcer_event (hall_announcer_t *self, json_t *event);

/* Announcements finished so far and still queued or in progress. */
guint hall_announcer_done (hall_announcer_t *self);
guint hall_announcer_pending (hall_announcer_t *self);

/* The spoken forms (new strings, g_free):
 *   hall_announcer_spell_number ("A001") -> "A 零 零 一"
 *   hall_announcer_say_integer (12)      -> "十二"
 *   hall_announcer_format (PHRASE, "A001", 3) -> PHRASE with {number} as
 *     "A 零 零 一" and {window} as "三". */
char *hall_announcer_spell_number (const char *number);
char *hall_announcer_say_integer (int n);
char *hall_announcer_format (const char *phrase, const char *number, int window);

#endif
