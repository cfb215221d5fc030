/*  ticket.c — the printed ticket: one layout, rendered three ways.
 *
 *  s_layout turns a ticket into a list of lines (text with a size, weight
 *  and alignment; a separator; the QR code).  The ESC/POS renderer and the
 *  cairo renderer (PNG, PDF) each walk that list, so a line added here
 *  appears everywhere.
 */
#include "ticket.h"
#include "ticket-text.h"
#include "day.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <cairo-pdf.h>
#include <math.h>
#include <string.h>

//  ---------------------------------------------------------------------
//  The layout

typedef enum {
    S_LINE_TEXT,
    S_LINE_SEPARATOR,
    S_LINE_QR
} s_kind_t;

typedef enum {
    S_SIZE_SMALL,               //  rule text, captions
    S_SIZE_NORMAL,              //  the sentences
    S_SIZE_TALL,                //  hall name: double height
    S_SIZE_LARGE,               //  category: double width and height
    S_SIZE_HUGE                 //  the number: quadruple
} s_size_t;

typedef struct {
    s_kind_t kind;
    s_size_t size;
    gboolean bold;
    gboolean center;
    char *text;                 //  owned; NULL for separator and QR
} s_line_t;

static void
s_line_clear (gpointer data)
{
    g_free (((s_line_t *) data)->text);
}

static void
s_add (GArray *lines, s_kind_t kind, s_size_t size, gboolean bold,
       gboolean center, char *text)
{
    s_line_t line = { kind, size, bold, center, text };
    g_array_append_val (lines, line);
}

static gboolean
s_check_text (const char *name, const char *value, gboolean required,
              GError **error)
{
    if (!value && !required)
        return TRUE;
    if (!value || !*value) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "ticket has no %s", name);
        return FALSE;
    }
    if (!g_utf8_validate (value, -1, NULL)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "ticket %s is not valid UTF-8", name);
        return FALSE;
    }
    return TRUE;
}

//  A journey's theme and step names are text the renderers can print.
static gboolean
s_check_journey (const hall_ticket_print_t *self, GError **error)
{
    if (!self->journey)
        return TRUE;
    //  A theme without a name still prints: the category heads the slip.
    if (!s_check_text ("journey name", json_string_value (json_object_get (self->journey, "name")),
                       FALSE, error)
    ||  !s_check_text ("journey English name",
                       json_string_value (json_object_get (self->journey, "name_en")), FALSE, error))
        return FALSE;
    for (size_t i = 0; i < HALL_JOURNEY_MAX_STEPS; i++)
        if (!s_check_text ("journey step", self->step_zh [i], FALSE, error)
        ||  !s_check_text ("journey step", self->step_en [i], FALSE, error))
            return FALSE;
    return TRUE;
}

//  The QR code of the status URL, error correction M (as the native
//  command asks for), or NULL with ERROR set.
static QRcode *
s_qr_encode (const char *url, GError **error)
{
    QRcode *qr = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "status URL does not fit a QR code (%zu bytes)",
                     strlen (url));
    return qr;
}

//  The lines of the ticket, top to bottom, and its QR code.
typedef struct {
    GArray *lines;              //  of s_line_t
    QRcode *qr;                 //  the status URL, error correction M
} s_layout_t;

static void
s_layout_destroy (s_layout_t **self_p)
{
    s_layout_t *self = *self_p;
    if (!self)
        return;
    g_array_unref (self->lines);
    QRcode_free (self->qr);
    g_free (self);
    *self_p = NULL;
}

static const char *
s_json_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value && *value ? value : NULL;
}

//  Some stage of STEPS has more than one step (done in any order).
static gboolean
s_stage_shared (json_t *steps)
{
    json_int_t last = -1;
    size_t i;
    json_t *step;
    json_array_foreach (steps, i, step) {
        json_int_t stage = json_integer_value (json_object_get (step, "stage"));
        if (stage == last)
            return TRUE;
        last = stage;
    }
    return FALSE;
}

//  The layout of the ticket, or NULL with ERROR set when a field is
//  missing or bad, or the URL does not fit a QR code.
static s_layout_t *
s_layout_new (const hall_ticket_print_t *self, GError **error)
{
    if (!s_check_text ("hall name", self->hall_name, TRUE, error)
    ||  !s_check_text ("category", self->category_zh, TRUE, error)
    ||  !s_check_text ("English category", self->category_en, FALSE, error)
    ||  !s_check_text ("number", self->number, TRUE, error)
    ||  !s_check_text ("status URL", self->status_url, TRUE, error)
    ||  !s_check_text ("rule text", self->rule_text, FALSE, error)
    ||  !s_check_text ("green-channel reason", self->green_reason, FALSE, error)
    ||  !s_check_text ("appointment start", self->appointment_start, FALSE, error)
    ||  !s_check_text ("appointment end", self->appointment_end, self->appointment_start != NULL, error)
    ||  !s_check_journey (self, error))
        return NULL;

    GArray *lines = g_array_new (FALSE, FALSE, sizeof (s_line_t));
    g_array_set_clear_func (lines, s_line_clear);

    s_add (lines, S_LINE_TEXT, S_SIZE_TALL, TRUE, TRUE, g_strdup (self->hall_name));
    s_add (lines, S_LINE_SEPARATOR, S_SIZE_NORMAL, FALSE, FALSE, NULL);
    //  A journey's theme heads the slip; the step line below names the
    //  category of the step.
    const char *title_en = hall_ticket_print_title (self, TRUE);
    s_add (lines, S_LINE_TEXT, S_SIZE_LARGE, TRUE, TRUE, g_strdup (hall_ticket_print_title (self, FALSE)));
    if (title_en && *title_en)
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, FALSE, TRUE, g_strdup (title_en));
    char *step = hall_ticket_print_journey_step_text (self, FALSE);
    if (step)
        s_add (lines, S_LINE_TEXT, S_SIZE_TALL, TRUE, TRUE, step);
    if (self->green_reason)
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, TRUE, TRUE,
               g_strdup_printf ("绿色通道：%s", self->green_reason));
    //  An appointment, as large as the hall's name: the window's clerk
    //  and the visitor both see at a glance that this one was booked.
    char *appointment = hall_ticket_print_appointment_text (self->appointment_start,
                                                            self->appointment_end, NULL);
    if (appointment)
        s_add (lines, S_LINE_TEXT, S_SIZE_TALL, TRUE, TRUE, appointment);
    s_add (lines, S_LINE_TEXT, S_SIZE_HUGE, TRUE, TRUE, g_strdup (self->number));
    char *reprint = hall_ticket_print_reprint_text (self);
    if (reprint)
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, TRUE, TRUE, reprint);
    s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, TRUE, TRUE,
           hall_ticket_print_ahead_text (self));
    s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, FALSE, TRUE,
           hall_ticket_print_wait_text (self));
    if (self->window_count > 0)
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, FALSE, TRUE,
               hall_ticket_print_windows_text (self));
    //  The way through the journey, so the visitor knows what comes next.
    char *route = self->journey
        ? hall_ticket_print_route_text (json_object_get (self->journey, "steps"), self->step_zh, TRUE, NULL)
        : NULL;
    if (route) {
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, TRUE, FALSE, g_strdup ("办理流程："));
        s_add (lines, S_LINE_TEXT, S_SIZE_NORMAL, FALSE, FALSE, route);
        const char *note = hall_ticket_print_route_note (json_object_get (self->journey, "steps"), NULL);
        if (note)
            s_add (lines, S_LINE_TEXT, S_SIZE_SMALL, FALSE, FALSE, g_strdup (note));
    }
    s_add (lines, S_LINE_TEXT, S_SIZE_SMALL, FALSE, TRUE,
           hall_ticket_print_time_text (self));
    s_add (lines, S_LINE_SEPARATOR, S_SIZE_NORMAL, FALSE, FALSE, NULL);
    s_add (lines, S_LINE_QR, S_SIZE_NORMAL, FALSE, TRUE, NULL);
    s_add (lines, S_LINE_TEXT, S_SIZE_SMALL, FALSE, TRUE,
           g_strdup ("扫码查看排队进度、评价服务"));
    if (self->rule_text && *self->rule_text) {
        s_add (lines, S_LINE_SEPARATOR, S_SIZE_NORMAL, FALSE, FALSE, NULL);
        s_add (lines, S_LINE_TEXT, S_SIZE_SMALL, FALSE, FALSE,
               g_strdup (self->rule_text));
    }
    QRcode *qr = s_qr_encode (self->status_url, error);
    if (!qr) {
        g_array_unref (lines);
        return NULL;
    }
    s_layout_t *layout = g_new0 (s_layout_t, 1);
    layout->lines = lines;
    layout->qr = qr;
    return layout;
}

//  ---------------------------------------------------------------------
//  The data struct

hall_ticket_print_t *
hall_ticket_print_new (void)
{
    return g_new0 (hall_ticket_print_t, 1);
}

void
hall_ticket_print_destroy (hall_ticket_print_t **self_p)
{
    g_assert (self_p);
    hall_ticket_print_t *self = *self_p;
    if (!self)
        return;
    g_free (self->hall_name);
    g_free (self->category_zh);
    g_free (self->category_en);
    g_free (self->number);
    g_free (self->timezone);
    g_free (self->status_url);
    g_free (self->rule_text);
    g_free (self->green_reason);
    g_free (self->appointment_start);
    g_free (self->appointment_end);
    hall_ticket_print_set_journey (self, NULL, NULL);
    g_free (self);
    *self_p = NULL;
}

hall_ticket_print_t *
hall_ticket_print_copy (const hall_ticket_print_t *self)
{
    g_assert (self);
    hall_ticket_print_t *copy = hall_ticket_print_new ();
    *copy = *self;
    copy->hall_name = g_strdup (self->hall_name);
    copy->category_zh = g_strdup (self->category_zh);
    copy->category_en = g_strdup (self->category_en);
    copy->number = g_strdup (self->number);
    copy->timezone = g_strdup (self->timezone);
    copy->status_url = g_strdup (self->status_url);
    copy->rule_text = g_strdup (self->rule_text);
    copy->green_reason = g_strdup (self->green_reason);
    copy->appointment_start = g_strdup (self->appointment_start);
    copy->appointment_end = g_strdup (self->appointment_end);
    copy->journey = self->journey ? json_deep_copy (self->journey) : NULL;
    for (size_t i = 0; i < HALL_JOURNEY_MAX_STEPS; i++) {
        copy->step_zh [i] = g_strdup (self->step_zh [i]);
        copy->step_en [i] = g_strdup (self->step_en [i]);
    }
    return copy;
}

//  The waiting / missed-number rule printed on the ticket: the hall's
//  notice, else a sentence for its missed-number policy.
static char *
s_rule_text (json_t *hall)
{
    const char *notice = s_json_str (hall, "notice");
    if (notice)
        return g_strdup (notice);
    if (g_strcmp0 (s_json_str (hall, "missed_policy"), "strict") == 0)
        return g_strdup ("请留意叫号，过号无效，请重新取号。");
    return g_strdup ("请留意叫号，过号请到服务台重新排队。");
}

hall_ticket_print_t *
hall_ticket_print_from_issue (json_t *result, json_t *hall, json_t *category, const char *status_url)
{
    json_t *ticket = json_object_get (result, "ticket");
    const char *code = s_json_str (ticket, "category");
    hall_ticket_print_t *print = hall_ticket_print_new ();
    print->hall_name = g_strdup (s_json_str (hall, "name") ? s_json_str (hall, "name") : "政务服务中心");
    print->category_zh = g_strdup (s_json_str (category, "name") ? s_json_str (category, "name")
                                                                 : code ? code : "");
    print->category_en = g_strdup (s_json_str (category, "name_en"));
    print->number = g_strdup (s_json_str (ticket, "number") ? s_json_str (ticket, "number") : "?");
    print->people_ahead = (int) json_integer_value (json_object_get (result, "ahead"));
    print->wait = hall_estimate_get (result);
    size_t i;
    json_t *window;
    json_array_foreach (json_object_get (result, "windows"), i, window)
        hall_ticket_print_add_window (print, (int) json_integer_value (window));
    print->issued_at = json_integer_value (json_object_get (ticket, "issued_at"));
    print->timezone = g_strdup (s_json_str (hall, "timezone"));
    const char *base = status_url && *status_url ? status_url : s_json_str (hall, "status_url");
    if (!base)
        base = HALL_TICKET_URL_PLACEHOLDER;
    const char *token = s_json_str (result, "token");
    print->status_url = g_strdup_printf ("%s%s%s", base, g_str_has_suffix (base, "/") ? "" : "/",
                                         token ? token : "");
    print->rule_text = s_rule_text (hall);
    print->green_reason = g_strdup (s_json_str (ticket, "green"));
    json_t *appointment = json_object_get (ticket, "appointment");
    if (s_json_str (appointment, "start") && s_json_str (appointment, "end")) {
        print->appointment_start = g_strdup (s_json_str (appointment, "start"));
        print->appointment_end = g_strdup (s_json_str (appointment, "end"));
    }
    json_t *reprint = json_object_get (result, "reprint");
    print->reprinted_at = json_integer_value (json_object_get (reprint, "time"));
    print->reprint_count = (int) json_integer_value (json_object_get (reprint, "count"));
    json_t *own = category ? json_pack ("[O]", category) : NULL;
    hall_ticket_print_set_journey (print, json_object_get (ticket, "journey"), own);
    json_decref (own);
    return print;
}

//  The category object of CODE in CATEGORIES, or NULL.
static json_t *
s_category (json_t *categories, const char *code)
{
    size_t i;
    json_t *category;
    json_array_foreach (categories, i, category)
        if (code && g_strcmp0 (s_json_str (category, "code"), code) == 0)
            return category;
    return NULL;
}

void
hall_ticket_print_set_journey (hall_ticket_print_t *self, json_t *journey, json_t *categories)
{
    g_assert (self);
    //  JOURNEY may be (a part of) SELF's own: hold it while the old goes.
    json_t *held = json_is_object (journey) ? json_deep_copy (journey) : NULL;
    json_decref (self->journey);
    self->journey = held;
    for (size_t i = 0; i < HALL_JOURNEY_MAX_STEPS; i++) {
        g_clear_pointer (&self->step_zh [i], g_free);
        g_clear_pointer (&self->step_en [i], g_free);
    }
    size_t i;
    json_t *step;
    json_array_foreach (json_object_get (self->journey, "steps"), i, step) {
        if (i >= HALL_JOURNEY_MAX_STEPS)
            break;
        const char *code = s_json_str (step, "category");
        json_t *category = s_category (categories, code);
        const char *zh = s_json_str (category, "name");
        self->step_zh [i] = g_strdup (zh ? zh : code ? code : "?");
        self->step_en [i] = g_strdup (s_json_str (category, "name_en"));
    }
}

const char *
hall_ticket_print_title (const hall_ticket_print_t *self, gboolean english)
{
    const char *theme = s_json_str (self->journey, "name");
    if (!theme)
        return english ? self->category_en : self->category_zh;
    return english ? s_json_str (self->journey, "name_en") : theme;
}

char *
hall_ticket_print_journey_step_text (const hall_ticket_print_t *self, gboolean english)
{
    if (!self->journey)
        return NULL;
    json_int_t current = json_integer_value (json_object_get (self->journey, "current"));
    const char *name = NULL;
    if (current >= 0 && current < HALL_JOURNEY_MAX_STEPS)
        name = english && self->step_en [current] ? self->step_en [current] : self->step_zh [current];
    return hall_journey_text (self->journey, name, english);
}

const char *
hall_ticket_print_route_note (json_t *steps, hall_text_tr_fn tr)
{
    if (!s_stage_shared (steps))
        return NULL;
    const char *note = N_("同一行的事项不分先后");
    return tr ? tr (note) : note;
}

char *
hall_ticket_print_route_text (json_t *steps, char *const *names, gboolean lines, hall_text_tr_fn tr)
{
    if (!json_array_size (steps))
        return NULL;
    static const struct { const char *state, *mark; } marks [] = {
        { "done", N_("（已办）") }, { "skipped", N_("（已跳过）") },
        { "current", N_("（当前）") }, { "dropped", N_("（未办）") }
    };
    GString *out = g_string_new (NULL);
    json_int_t stage = 0;
    size_t i;
    json_t *step;
    json_array_foreach (steps, i, step) {
        json_int_t this_stage = json_integer_value (json_object_get (step, "stage"));
        if (i > 0)
            g_string_append (out, this_stage == stage ? (tr ? tr (N_("、")) : "、")
                                : lines ? "\n→ " : " → ");
        stage = this_stage;
        const char *name = names && i < HALL_JOURNEY_MAX_STEPS && names [i] ? names [i]
                         : s_json_str (step, "category") ? s_json_str (step, "category") : "?";
        g_string_append (out, name);
        if (json_is_true (json_object_get (step, "optional")))
            g_string_append (out, tr ? tr (N_("（可选）")) : "（可选）");
        const char *state = s_json_str (step, "state");
        for (size_t m = 0; state && m < G_N_ELEMENTS (marks); m++)
            if (g_str_equal (state, marks [m].state))
                g_string_append (out, tr ? tr (marks [m].mark) : marks [m].mark);
    }
    return g_string_free (out, FALSE);
}

int
hall_ticket_print_add_window (hall_ticket_print_t *self, int window)
{
    g_assert (self);
    if (self->window_count >= HALL_TICKET_WINDOWS_MAX)
        return -1;
    self->windows [self->window_count++] = window;
    return 0;
}

char *
hall_ticket_print_appointment_text (const char *start, const char *end, hall_text_tr_fn tr)
{
    if (!start || !end)
        return NULL;
    const char *format = N_("预约 %s–%s");
    return g_strdup_printf (tr ? tr (format) : format, start, end);
}

char *
hall_ticket_print_ahead_text (const hall_ticket_print_t *self)
{
    return hall_text_ahead (self->people_ahead, NULL);
}

char *
hall_ticket_print_wait_text (const hall_ticket_print_t *self)
{
    return hall_text_wait (self->wait, NULL);
}

char *
hall_ticket_print_windows_text (const hall_ticket_print_t *self)
{
    return hall_text_windows (self->windows, self->window_count, FALSE, NULL);
}

char *
hall_ticket_print_time_text (const hall_ticket_print_t *self)
{
    char *text = hall_day_format (self->issued_at, self->timezone, "%Y年%-m月%-d日 %H:%M");
    return text ? text : g_strdup ("");
}

char *
hall_ticket_print_reprint_text (const hall_ticket_print_t *self)
{
    if (self->reprinted_at <= 0)
        return NULL;
    g_autofree char *when = hall_day_format (self->reprinted_at, self->timezone, "%Y年%-m月%-d日 %H:%M");
    return g_strdup_printf ("补打（第 %d 次）%s", MAX (self->reprint_count, 1), when ? when : "");
}

char *
hall_ticket_print_day (const hall_ticket_print_t *self)
{
    return hall_day_format (self->issued_at, self->timezone, "%Y%m%d");
}

//  ---------------------------------------------------------------------
//  ESC/POS

#define S_ESC 0x1B
#define S_FS  0x1C
#define S_GS  0x1D

static void
s_put (GByteArray *out, size_t size, const guint8 *bytes)
{
    g_byte_array_append (out, bytes, size);
}
#define S_PUT(out, ...) \
    s_put ((out), sizeof ((guint8 []) { __VA_ARGS__ }), (guint8 []) { __VA_ARGS__ })

//  GS ! value and the width multiplier it implies, per line size.
static guint8
s_escpos_size (s_size_t size, int *width_times)
{
    switch (size) {
        case S_SIZE_TALL:  *width_times = 1; return 0x01;
        case S_SIZE_LARGE: *width_times = 2; return 0x11;
        case S_SIZE_HUGE:  *width_times = 4; return 0x33;
        default:           *width_times = 1; return 0x00;
    }
}

//  TEXT broken into lines of at most COLS columns, a Chinese character
//  taking two.  Breaks after a space or a Chinese character, so English
//  words stay whole (the space at a break is dropped); a word longer
//  than a line is cut.
static char *
s_wrap (const char *text, int cols)
{
    GString *out = g_string_new (NULL);
    const char *line = text;    //  start of the current line
    const char *brk = NULL;     //  last place the line may end
    int width = 0;              //  columns used by the current line
    int width_at_brk = 0;
    for (const char *p = text; *p; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);
        if (c == '\n') {
            g_string_append_len (out, line, p - line + 1);
            line = p + 1;
            brk = NULL;
            width = 0;
            continue;
        }
        int w = c < 0x80 ? 1 : 2;
        if (width + w > cols && c == ' ') {
            //  A space where the line is full becomes the line break.
            g_string_append_len (out, line, p - line);
            g_string_append_c (out, '\n');
            line = p + 1;
            brk = NULL;
            width = 0;
            continue;
        }
        if (width + w > cols && p > line) {
            const char *cut = (brk && c < 0x80) ? brk : p;
            g_string_append_len (out, line, cut - line);
            g_string_append_c (out, '\n');
            width = cut == p ? 0 : width - width_at_brk;
            line = cut;
            brk = NULL;
        }
        width += w;
        if (c == ' ' || w == 2) {
            brk = g_utf8_next_char (p);
            width_at_brk = width;
        }
    }
    g_string_append (out, line);
    return g_string_free (out, FALSE);
}

static gboolean
s_escpos_text (GByteArray *out, const s_line_t *line, int cols, GError **error)
{
    int width_times;
    guint8 size = s_escpos_size (line->size, &width_times);
    S_PUT (out, S_ESC, 'a', line->center ? 1 : 0);
    S_PUT (out, S_GS, '!', size);
    S_PUT (out, S_ESC, 'E', line->bold ? 1 : 0);

    char *wrapped = s_wrap (line->text, cols / width_times);
    gsize length = 0;
    char *gb = g_convert (wrapped, -1, "GB18030", "UTF-8", NULL, &length, error);
    g_free (wrapped);
    if (!gb)
        return FALSE;
    g_byte_array_append (out, (guint8 *) gb, length);
    g_free (gb);
    S_PUT (out, '\n');
    return TRUE;
}

//  Native QR: model 2, module size, error correction M, store, print.
static void
s_escpos_qr_native (GByteArray *out, const char *url, int modules, int dots)
{
    guint8 module_size = CLAMP (dots / modules, 3, 8);
    size_t store_length = strlen (url) + 3;     //  cn fn m + data
    S_PUT (out, S_GS, '(', 'k', 4, 0, 49, 65, 50, 0);
    S_PUT (out, S_GS, '(', 'k', 3, 0, 49, 67, module_size);
    S_PUT (out, S_GS, '(', 'k', 3, 0, 49, 69, 49);
    S_PUT (out, S_GS, '(', 'k', store_length & 0xFF, store_length >> 8,
           49, 80, 48);
    g_byte_array_append (out, (const guint8 *) url, strlen (url));
    S_PUT (out, S_GS, '(', 'k', 3, 0, 49, 81, 48);
}

//  Raster QR (GS v 0), with a four-module quiet zone, for printers
//  without the native command.  Bit 7 is the leftmost dot, 1 is black.
static void
s_escpos_qr_raster (GByteArray *out, const QRcode *qr, int dots)
{
    int total = qr->width + 8;
    int scale = CLAMP (dots / total, 1, 8);
    int pixels = total * scale;
    int row_bytes = (pixels + 7) / 8;
    S_PUT (out, S_GS, 'v', '0', 0, row_bytes & 0xFF, row_bytes >> 8,
           pixels & 0xFF, pixels >> 8);
    guint8 *row = g_malloc (row_bytes);
    for (int y = 0; y < pixels; y++) {
        memset (row, 0, row_bytes);
        int qy = y / scale - 4;
        for (int x = 0; x < pixels; x++) {
            int qx = x / scale - 4;
            if (qx >= 0 && qx < qr->width && qy >= 0 && qy < qr->width
            &&  (qr->data [qy * qr->width + qx] & 1))
                row [x / 8] |= 0x80 >> (x % 8);
        }
        g_byte_array_append (out, row, row_bytes);
    }
    g_free (row);
}

GByteArray *
hall_ticket_print_escpos (const hall_ticket_print_t *self,
                          hall_ticket_paper_t paper, gboolean native_qr,
                          GError **error)
{
    g_assert (self);
    g_assert (paper == HALL_TICKET_PAPER_58MM || paper == HALL_TICKET_PAPER_80MM);
    int cols = paper == HALL_TICKET_PAPER_58MM ? 32 : 48;
    //  The QR takes a bit over half the paper width: easy to scan, and
    //  leaves the number the biggest thing on the ticket.
    int qr_dots = paper == HALL_TICKET_PAPER_58MM ? 240 : 320;

    s_layout_t *layout = s_layout_new (self, error);
    if (!layout)
        return NULL;
    GArray *lines = layout->lines;
    GByteArray *out = g_byte_array_new ();
    S_PUT (out, S_ESC, '@');                    //  initialise
    S_PUT (out, S_FS, '&');                     //  Chinese mode on
    gboolean ok = TRUE;
    for (guint index = 0; ok && index < lines->len; index++) {
        const s_line_t *line = &g_array_index (lines, s_line_t, index);
        if (line->kind == S_LINE_TEXT)
            ok = s_escpos_text (out, line, cols, error);
        else
        if (line->kind == S_LINE_SEPARATOR) {
            S_PUT (out, S_ESC, 'a', 0);
            S_PUT (out, S_GS, '!', 0);
            S_PUT (out, S_ESC, 'E', 0);
            for (int col = 0; col < cols; col++)
                S_PUT (out, '-');
            S_PUT (out, '\n');
        }
        else {
            S_PUT (out, S_ESC, 'a', 1);
            if (native_qr)
                s_escpos_qr_native (out, self->status_url,
                                    layout->qr->width, qr_dots);
            else
                s_escpos_qr_raster (out, layout->qr, qr_dots);
            S_PUT (out, '\n');
        }
    }
    S_PUT (out, S_ESC, 'a', 0);
    S_PUT (out, S_GS, '!', 0);
    S_PUT (out, S_ESC, 'd', 4);                 //  feed past the cutter
    S_PUT (out, S_GS, 'V', 66, 0);              //  feed and partial cut
    s_layout_destroy (&layout);
    if (!ok) {
        g_byte_array_unref (out);
        return NULL;
    }
    return out;
}

//  ---------------------------------------------------------------------
//  Cairo: PNG and PDF
//
//  The ticket is drawn in units of 576 (the 80 mm printer's dots): once
//  on a scratch surface to learn its height, then on the real surface,
//  1:1 for the PNG, scaled to 80 mm for the PDF.  Text stays text in the
//  PDF.  (Replaying a recording surface into the PDF would draw once, but
//  cairo 1.16 leaks doing it.)

#define S_WIDTH         576.0
#define S_MARGIN        32.0
#define S_PAPER_INSET   6.0
#define S_FONT          "Noto Sans CJK SC"
#define S_PDF_WIDTH     (80.0 / 25.4 * 72.0)    //  80 mm in points

static double
s_font_px (s_size_t size)
{
    switch (size) {
        case S_SIZE_SMALL: return 20;
        case S_SIZE_TALL:  return 32;
        case S_SIZE_LARGE: return 44;
        case S_SIZE_HUGE:  return 150;
        default:           return 26;
    }
}

static double
s_draw_text (cairo_t *cr, const s_line_t *line, double y)
{
    PangoLayout *layout = pango_cairo_create_layout (cr);
    //  No hinted metrics: the same layout at 1:1 and scaled to the PDF.
    cairo_font_options_t *options = cairo_font_options_create ();
    cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
    cairo_font_options_destroy (options);
    pango_layout_context_changed (layout);

    PangoFontDescription *font = pango_font_description_from_string (S_FONT);
    pango_font_description_set_absolute_size (font, s_font_px (line->size) * PANGO_SCALE);
    pango_font_description_set_weight (font, line->bold ? PANGO_WEIGHT_BOLD
                                                        : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
    pango_layout_set_width (layout, (S_WIDTH - 2 * S_MARGIN) * PANGO_SCALE);
    pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment (layout, line->center ? PANGO_ALIGN_CENTER
                                                     : PANGO_ALIGN_LEFT);
    pango_layout_set_text (layout, line->text, -1);

    int width, height;
    pango_layout_get_pixel_size (layout, &width, &height);
    cairo_set_source_rgb (cr, 0, 0, 0);
    cairo_move_to (cr, S_MARGIN, y);
    pango_cairo_show_layout (cr, layout);
    g_object_unref (layout);
    return y + height + (line->size == S_SIZE_HUGE ? 0 : 8);
}

//  A dashed tear line with a notch on either edge of the paper.
static double
s_draw_separator (cairo_t *cr, double y)
{
    y += 14;
    cairo_save (cr);
    cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
    cairo_set_line_width (cr, 2);
    double dash [] = { 8, 6 };
    cairo_set_dash (cr, dash, 2, 0);
    cairo_move_to (cr, S_MARGIN, y);
    cairo_line_to (cr, S_WIDTH - S_MARGIN, y);
    cairo_stroke (cr);
    cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
    cairo_arc (cr, S_PAPER_INSET, y, 12, -G_PI / 2, G_PI / 2);
    cairo_fill (cr);
    cairo_arc (cr, S_WIDTH - S_PAPER_INSET, y, 12, G_PI / 2, 3 * G_PI / 2);
    cairo_fill (cr);
    cairo_restore (cr);
    return y + 16;
}

//  The QR with a four-module quiet zone (white paper), whole pixels per
//  module so the PNG stays sharp for scanners.
static double
s_draw_qr (cairo_t *cr, const QRcode *qr, double y)
{
    int total = qr->width + 8;
    int module = MAX (320 / total, 4);
    double left = floor ((S_WIDTH - total * module) / 2) + 4 * module;
    double top = y + 4 * module;
    cairo_save (cr);
    cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
    cairo_set_source_rgb (cr, 0, 0, 0);
    for (int qy = 0; qy < qr->width; qy++)
        for (int qx = 0; qx < qr->width; qx++)
            if (qr->data [qy * qr->width + qx] & 1)
                cairo_rectangle (cr, left + qx * module, top + qy * module,
                                 module, module);
    cairo_fill (cr);
    cairo_restore (cr);
    return y + total * module;
}

//  Draw the lines from the top; returns the height used.
static double
s_draw (cairo_t *cr, const s_layout_t *layout)
{
    double y = S_MARGIN;
    for (guint index = 0; index < layout->lines->len; index++) {
        const s_line_t *line = &g_array_index (layout->lines, s_line_t, index);
        if (line->kind == S_LINE_TEXT)
            y = s_draw_text (cr, line, y);
        else
        if (line->kind == S_LINE_SEPARATOR)
            y = s_draw_separator (cr, y);
        else
            y = s_draw_qr (cr, layout->qr, y);
    }
    return ceil (y + S_MARGIN);
}

//  Grey table, then white paper with rounded corners.
static void
s_draw_paper (cairo_t *cr, double height)
{
    cairo_set_source_rgb (cr, 0.85, 0.85, 0.85);
    cairo_paint (cr);
    double inset = S_PAPER_INSET, radius = 14;
    double right = S_WIDTH - inset, bottom = height - inset;
    cairo_new_sub_path (cr);
    cairo_arc (cr, right - radius, inset + radius, radius, -G_PI / 2, 0);
    cairo_arc (cr, right - radius, bottom - radius, radius, 0, G_PI / 2);
    cairo_arc (cr, inset + radius, bottom - radius, radius, G_PI / 2, G_PI);
    cairo_arc (cr, inset + radius, inset + radius, radius, G_PI, 3 * G_PI / 2);
    cairo_close_path (cr);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_fill (cr);
}

static gboolean
s_cairo_ok (cairo_status_t status, const char *what, GError **error)
{
    if (status == CAIRO_STATUS_SUCCESS)
        return TRUE;
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
                 cairo_status_to_string (status));
    return FALSE;
}

//  Makes the surface for a ticket HEIGHT units tall; sets *SCALE.
typedef cairo_surface_t *(s_make_fn) (const char *path, double height,
                                      double *scale);

static cairo_surface_t *
s_make_image (const char *path, double height, double *scale)
{
    *scale = 1;
    return cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) S_WIDTH, (int) height);
}

static cairo_surface_t *
s_make_pdf (const char *path, double height, double *scale)
{
    *scale = S_PDF_WIDTH / S_WIDTH;
    return cairo_pdf_surface_create (path, S_PDF_WIDTH, height * *scale);
}

//  The ticket drawn on a surface from MAKE, or NULL with ERROR set.
static cairo_surface_t *
s_render (const hall_ticket_print_t *self, s_make_fn *make, const char *path,
          GError **error)
{
    s_layout_t *layout = s_layout_new (self, error);
    if (!layout)
        return NULL;
    cairo_surface_t *scratch =
        cairo_recording_surface_create (CAIRO_CONTENT_COLOR, NULL);
    cairo_t *cr = cairo_create (scratch);
    double height = s_draw (cr, layout);
    cairo_destroy (cr);
    cairo_surface_destroy (scratch);

    double scale;
    cairo_surface_t *surface = make (path, height, &scale);
    cr = cairo_create (surface);
    cairo_scale (cr, scale, scale);
    s_draw_paper (cr, height);
    s_draw (cr, layout);
    cairo_show_page (cr);
    cairo_status_t status = cairo_status (cr);
    cairo_destroy (cr);
    s_layout_destroy (&layout);
    if (!s_cairo_ok (status, path ? path : "cannot draw the ticket", error)) {
        cairo_surface_destroy (surface);
        return NULL;
    }
    return surface;
}

cairo_surface_t *
hall_ticket_print_surface (const hall_ticket_print_t *self, GError **error)
{
    g_assert (self);
    return s_render (self, s_make_image, NULL, error);
}

gboolean
hall_ticket_print_png (const hall_ticket_print_t *self, const char *path,
                       GError **error)
{
    g_assert (path);
    cairo_surface_t *image = hall_ticket_print_surface (self, error);
    if (!image)
        return FALSE;
    cairo_status_t status = cairo_surface_write_to_png (image, path);
    cairo_surface_destroy (image);
    return s_cairo_ok (status, path, error);
}

gboolean
hall_ticket_print_pdf (const hall_ticket_print_t *self, const char *path,
                       GError **error)
{
    g_assert (self);
    g_assert (path);
    cairo_surface_t *pdf = s_render (self, s_make_pdf, path, error);
    if (!pdf)
        return FALSE;
    cairo_surface_finish (pdf);
    cairo_status_t status = cairo_surface_status (pdf);
    cairo_surface_destroy (pdf);
    return s_cairo_ok (status, path, error);
}
