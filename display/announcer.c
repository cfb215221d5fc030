/*  announcer.c — see announcer.h. */
#define G_LOG_DOMAIN "hall-announcer"
#include "announcer.h"

#include <errno.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define S_WORKER_NICE 10        /* the worker's nice value: after the board */

struct _hall_announcer_t {
    char          *voice;           /* espeak-ng voice name */
    char          *call_phrase;     /* with {number} and {window} */
    char          *pause_phrase;    /* with {window} */
    char          *out_dir;         /* WAV files and the log, or NULL: play */
    int            repeat;          /* times a call is said */
    GAsyncQueue   *jobs;            /* s_job_t *, served by the worker */
    GThread       *worker;
    GMainContext  *context;         /* where done callbacks run */
    hall_announcer_done_fn done_fn;
    void          *done_user;
    gint           done;            /* finished announcements (atomic) */
    gint           pending;         /* queued or in progress (atomic) */
    guint          sequence;        /* file numbering, worker only */
    gboolean       warned;          /* "no player" logged, worker only */
};

/* One announcement: the text to speak and how often. STOP ends the worker. */
typedef struct {
    char     *text;
    int       times;
    gboolean  stop;
} s_job_t;

static void
s_job_free (s_job_t *job)
{
    g_free (job->text);
    g_free (job);
}

/* ---- spoken forms -------------------------------------------------------- */

static const char *s_digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

char *
hall_announcer_spell_number (const char *number)
{
    GString *out = g_string_new (NULL);
    for (const char *p = number ? number : ""; *p; p++) {
        if (out->len)
            g_string_append_c (out, ' ');
        if (*p >= '0' && *p <= '9')
            g_string_append (out, s_digits[*p - '0']);
        else
            g_string_append_c (out, *p);
    }
    return g_string_free (out, FALSE);
}

char *
hall_announcer_say_integer (int n)
{
    if (n < 0 || n > 99) {
        g_autofree char *digits = g_strdup_printf ("%d", n);
        return hall_announcer_spell_number (digits);
    }
    if (n < 10)
        return g_strdup (s_digits[n]);
    return g_strdup_printf ("%s十%s", n >= 20 ? s_digits[n / 10] : "",
                            n % 10 ? s_digits[n % 10] : "");
}

static char *
s_replace (const char *text, const char *key, const char *value)
{
    g_auto (GStrv) parts = g_strsplit (text, key, -1);
    return g_strjoinv (value, parts);
}

char *
hall_announcer_format (const char *phrase, const char *number, int window)
{
    g_autofree char *spelt = hall_announcer_spell_number (number);
    g_autofree char *said = hall_announcer_say_integer (window);
    g_autofree char *step = s_replace (phrase, "{number}", spelt);
    return s_replace (step, "{window}", said);
}

/* ---- sound --------------------------------------------------------------- */

/* espeak-ng is one global engine: one synthesis at a time in the process,
 * initialised by the first announcer and shut down by the last. */
static GMutex s_engine_lock;
static int    s_engine_users;
static int    s_engine_rate;

static int
s_collect (short *wav, int count, espeak_EVENT *events)
{
    GArray *samples = events ? events->user_data : NULL;
    if (wav && count > 0 && samples)
        g_array_append_vals (samples, wav, count);
    return 0;
}

static void
s_engine_acquire (void)
{
    g_mutex_lock (&s_engine_lock);
    if (s_engine_users++ == 0) {
        espeak_ng_InitializePath (NULL);
        espeak_ng_STATUS status = espeak_ng_Initialize (NULL);
        if (status == ENS_OK)
            status = espeak_ng_InitializeOutput (ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
        if (status != ENS_OK) {
            g_warning ("espeak-ng could not start (status %d): announcements will be chimes only",
                       (int) status);
            s_engine_rate = 0;
        } else {
            s_engine_rate = espeak_ng_GetSampleRate ();
            espeak_SetSynthCallback (s_collect);
        }
    }
    g_mutex_unlock (&s_engine_lock);
}

static void
s_engine_release (void)
{
    g_mutex_lock (&s_engine_lock);
    if (--s_engine_users == 0 && s_engine_rate > 0) {
        espeak_ng_Terminate ();
        s_engine_rate = 0;
    }
    g_mutex_unlock (&s_engine_lock);
}

static int
s_rate (void)
{
    return s_engine_rate > 0 ? s_engine_rate : 22050;
}

/* Appends TEXT spoken in VOICE to SAMPLES. */
static void
s_speak (GArray *samples, const char *voice, const char *text)
{
    g_mutex_lock (&s_engine_lock);
    if (s_engine_rate > 0) {
        if (espeak_SetVoiceByName (voice) != EE_OK)
            g_warning ("espeak-ng has no voice \"%s\"", voice);
        espeak_Synth (text, strlen (text) + 1, 0, POS_CHARACTER, 0,
                      espeakCHARS_UTF8, NULL, samples);
        espeak_Synchronize ();
    }
    g_mutex_unlock (&s_engine_lock);
}

static void
s_silence (GArray *samples, int ms)
{
    guint count = (guint) s_rate () * ms / 1000;
    guint at = samples->len;
    g_array_set_size (samples, at + count);
    memset (&g_array_index (samples, short, at), 0, count * sizeof (short));
}

/* The chime: two tones, high then low ("ding-dong"), each faded in and out
 * so there is no click. */
static void
s_chime (GArray *samples)
{
    static const double tones[] = { 880.0, 659.25 };
    int rate = s_rate ();
    int count = rate * 35 / 100;
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < count; i++) {
            double env = MIN (1.0, MIN (i, count - i) / (rate * 0.02));
            double decay = exp (-2.5 * i / count);
            short v = (short) (0.45 * 32767 * env * decay * sin (2 * G_PI * tones[t] * i / rate));
            g_array_append_val (samples, v);
        }
    }
}

static GBytes *
s_wav (GArray *samples)
{
    int rate = s_rate ();
    guint32 data = samples->len * 2;
    GByteArray *out = g_byte_array_sized_new (44 + data);
    guint8 header[44];
    memcpy (header, "RIFF", 4);
    guint32 v32; guint16 v16;
    v32 = GUINT32_TO_LE (36 + data); memcpy (header + 4, &v32, 4);
    memcpy (header + 8, "WAVEfmt ", 8);
    v32 = GUINT32_TO_LE (16); memcpy (header + 16, &v32, 4);
    v16 = GUINT16_TO_LE (1); memcpy (header + 20, &v16, 2);           /* PCM */
    v16 = GUINT16_TO_LE (1); memcpy (header + 22, &v16, 2);           /* mono */
    v32 = GUINT32_TO_LE (rate); memcpy (header + 24, &v32, 4);
    v32 = GUINT32_TO_LE (rate * 2); memcpy (header + 28, &v32, 4);    /* bytes/s */
    v16 = GUINT16_TO_LE (2); memcpy (header + 32, &v16, 2);           /* block */
    v16 = GUINT16_TO_LE (16); memcpy (header + 34, &v16, 2);          /* bits */
    memcpy (header + 36, "data", 4);
    v32 = GUINT32_TO_LE (data); memcpy (header + 40, &v32, 4);
    g_byte_array_append (out, header, sizeof header);
    for (guint i = 0; i < samples->len; i++) {
        gint16 s = GINT16_TO_LE (g_array_index (samples, short, i));
        g_byte_array_append (out, (guint8 *) &s, 2);
    }
    return g_byte_array_free_to_bytes (out);
}

/* Plays WAV through paplay or aplay, waiting until it has been played. */
static void
s_play (hall_announcer_t *self, GBytes *wav)
{
    g_autofree char *player = g_find_program_in_path ("paplay");
    const char *argv[] = { NULL, NULL, NULL };
    if (player)
        argv[0] = player;
    else if ((player = g_find_program_in_path ("aplay"))) {
        argv[0] = player;
        argv[1] = "-q";
    }
    if (!player) {
        if (!self->warned)
            g_message ("no paplay or aplay: announcements are not played (use --voice-out DIR)");
        self->warned = TRUE;
        return;
    }
    GPid pid;
    int in = -1;
    g_autoptr (GError) error = NULL;
    if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL, NULL, &pid, &in, NULL, NULL, &error)) {
        g_message ("cannot start %s: %s", player, error->message);
        return;
    }
    gsize size;
    const guint8 *bytes = g_bytes_get_data (wav, &size);
    while (size > 0) {
        ssize_t n = write (in, bytes, size);
        if (n <= 0)
            break;
        bytes += n;
        size -= n;
    }
    close (in);
    waitpid (pid, NULL, 0);
    g_spawn_close_pid (pid);
}

/* Writes WAV as the next numbered file and appends the log line. */
static void
s_write (hall_announcer_t *self, GBytes *wav, const char *text, gint64 start)
{
    g_autofree char *name = g_strdup_printf ("announcement-%04u.wav", ++self->sequence);
    g_autofree char *path = g_build_filename (self->out_dir, name, NULL);
    g_autoptr (GError) error = NULL;
    gsize size;
    const void *bytes = g_bytes_get_data (wav, &size);
    if (!g_file_set_contents (path, bytes, size, &error))
        g_warning ("cannot write %s: %s", path, error->message);
    g_autofree char *log = g_build_filename (self->out_dir, HALL_ANNOUNCER_LOG, NULL);
    FILE *file = fopen (log, "a");
    if (!file) {
        g_warning ("cannot append to %s", log);
        return;
    }
    fprintf (file, "%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%s\t%s\n",
             start, g_get_monotonic_time (), name, text);
    fclose (file);
}

typedef struct {
    hall_announcer_done_fn fn;
    void *user;
    char *text;
} s_done_t;

static gboolean
s_done_dispatch (gpointer data)
{
    s_done_t *done = data;
    done->fn (done->text, done->user);
    return G_SOURCE_REMOVE;
}

static void
s_done_free (gpointer data)
{
    s_done_t *done = data;
    g_free (done->text);
    g_free (done);
}

static void
s_announce (hall_announcer_t *self, s_job_t *job)
{
    gint64 start = g_get_monotonic_time ();
    GArray *samples = g_array_new (FALSE, FALSE, sizeof (short));
    s_chime (samples);
    s_silence (samples, 300);
    for (int i = 0; i < job->times; i++) {
        if (i)
            s_silence (samples, 700);
        s_speak (samples, self->voice, job->text);
    }
    s_silence (samples, 300);
    GBytes *wav = s_wav (samples);
    g_array_unref (samples);
    if (self->out_dir)
        s_write (self, wav, job->text, start);
    else
        s_play (self, wav);
    g_bytes_unref (wav);
}

static gpointer
s_worker (gpointer data)
{
    hall_announcer_t *self = data;
    /* Synthesising a call takes 10–80 ms (median 16) and starts while
     * the board repaints that call: on two cores, with the voice on, a few
     * calls in fifty reached the screen after 30–75 ms instead of ≤ 21 ms
     * (hall-bench).  A lower priority for this thread (on Linux the nice
     * value is per thread; the player it spawns inherits it) lets the
     * picture go first; the voice starts a few milliseconds later. */
    if (setpriority (PRIO_PROCESS, 0, S_WORKER_NICE) != 0)
        g_debug ("could not lower the announcer's priority: %s", g_strerror (errno));
    s_engine_acquire ();
    for (;;) {
        s_job_t *job = g_async_queue_pop (self->jobs);
        if (job->stop) {
            s_job_free (job);
            break;
        }
        s_announce (self, job);
        g_atomic_int_inc (&self->done);
        g_atomic_int_add (&self->pending, -1);
        if (self->done_fn) {
            s_done_t *done = g_new0 (s_done_t, 1);
            done->fn = self->done_fn;
            done->user = self->done_user;
            done->text = g_strdup (job->text);
            g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT,
                                        s_done_dispatch, done, s_done_free);
        }
        s_job_free (job);
    }
    s_engine_release ();
    return NULL;
}

/* ---- API ----------------------------------------------------------------- */

hall_announcer_t *
hall_announcer_new (const hall_announcer_config_t *config)
{
    hall_announcer_t *self = g_new0 (hall_announcer_t, 1);
    self->voice = g_strdup (config && config->voice ? config->voice : HALL_ANNOUNCER_VOICE);
    self->call_phrase = g_strdup (config && config->call_phrase
                                  ? config->call_phrase : HALL_ANNOUNCER_CALL_PHRASE);
    self->pause_phrase = g_strdup (config && config->pause_phrase
                                   ? config->pause_phrase : HALL_ANNOUNCER_PAUSE_PHRASE);
    self->out_dir = config && config->out_dir ? g_strdup (config->out_dir) : NULL;
    self->repeat = config && config->repeat > 0 ? config->repeat : 2;
    if (self->out_dir)
        g_mkdir_with_parents (self->out_dir, 0755);
    self->context = g_main_context_ref_thread_default ();
    self->jobs = g_async_queue_new_full ((GDestroyNotify) s_job_free);
    self->worker = g_thread_new ("hall-announcer", s_worker, self);
    return self;
}

void
hall_announcer_destroy (hall_announcer_t **self_p)
{
    hall_announcer_t *self = *self_p;
    if (!self)
        return;
    *self_p = NULL;
    /* Drop what is queued, then stop after the one in progress. */
    g_async_queue_lock (self->jobs);
    s_job_t *job;
    while ((job = g_async_queue_try_pop_unlocked (self->jobs)))
        s_job_free (job);
    job = g_new0 (s_job_t, 1);
    job->stop = TRUE;
    g_async_queue_push_unlocked (self->jobs, job);
    g_async_queue_unlock (self->jobs);
    g_thread_join (self->worker);
    g_async_queue_unref (self->jobs);
    g_main_context_unref (self->context);
    g_free (self->voice);
    g_free (self->call_phrase);
    g_free (self->pause_phrase);
    g_free (self->out_dir);
    g_free (self);
}

void
hall_announcer_on_done (hall_announcer_t *self, hall_announcer_done_fn fn, void *user)
{
    self->done_fn = fn;
    self->done_user = user;
}

static void
s_queue (hall_announcer_t *self, char *text, int times)
{
    s_job_t *job = g_new0 (s_job_t, 1);
    job->text = text;
    job->times = times;
    g_atomic_int_inc (&self->pending);
    g_async_queue_push (self->jobs, job);
}

void
hall_announcer_call (hall_announcer_t *self, const char *number, int window)
{
    s_queue (self, hall_announcer_format (self->call_phrase, number, window), self->repeat);
}

void
hall_announcer_pause (hall_announcer_t *self, int window)
{
    s_queue (self, hall_announcer_format (self->pause_phrase, "", window), 1);
}

int
hall_announcer_event (hall_announcer_t *self, json_t *event)
{
    const char *type = json_string_value (json_object_get (event, "type"));
    if (!type)
        return 0;
    if (!strcmp (type, "ticket.called") || !strcmp (type, "ticket.recalled")) {
        json_t *call = json_object_get (event, "call");
        const char *number = json_string_value (json_object_get (call, "number"));
        json_int_t window = json_integer_value (json_object_get (call, "window"));
        if (!number || window <= 0)
            return 0;
        hall_announcer_call (self, number, (int) window);
        return 1;
    }
    if (!strcmp (type, "window.paused")) {
        json_int_t window = json_integer_value (json_object_get (json_object_get (event, "window"),
                                                                "number"));
        if (window <= 0)
            return 0;
        hall_announcer_pause (self, (int) window);
        return 1;
    }
    return 0;
}

guint
hall_announcer_done (hall_announcer_t *self)
{
    return (guint) g_atomic_int_get (&self->done);
}

guint
hall_announcer_pending (hall_announcer_t *self)
{
    return (guint) g_atomic_int_get (&self->pending);
}
