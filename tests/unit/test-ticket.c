/*  test-ticket.c — the ticket renderer (ESC/POS, PNG, PDF) and the
 *  printer back-ends (file, tcp, cups, folder).
 *
 *  ESC/POS output is split into commands by a small parser here and
 *  checked command by command; text is decoded back from GB18030 with
 *  iconv.  PNG and raster QR codes are decoded with zbarimg, the PDF read
 *  with pdftotext.  The TCP back-end prints to a listener on 127.0.0.1.
 *
 *  /ticket/screenshot writes ticket.png into $HALL_SCREENSHOTS (for
 *  docs/screenshots/) or else $HALL_BUILD/test-output/.
 */
#define _GNU_SOURCE             //  memmem
#include "ticket.h"
#include "printer.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <iconv.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <qrencode.h>
#include <string.h>
#include <time.h>

#define S_URL   "https://hall.example.gov.cn/t/20261127/A001?k=7f3a9c"
#define S_RULE  "请留意叫号。过号无效，请重新取号。本票当日有效，请勿遗失。"
#define S_HALL  "城关镇政务服务中心"

//  2026-11-27 09:30 in Asia/Shanghai.
#define S_ISSUED_AT G_GINT64_CONSTANT (1795743000)

/* An estimate whose band is one point (the older tickets' single figure). */
static hall_estimate_t
s_point (int64_t seconds)
{
    return (hall_estimate_t) { .open = 1, .wait = seconds, .low = seconds, .high = seconds };
}

static hall_ticket_print_t *
s_sample_ticket (void)
{
    hall_ticket_print_t *ticket = hall_ticket_print_new ();
    ticket->hall_name = g_strdup (S_HALL);
    ticket->category_zh = g_strdup ("不动产登记");
    ticket->category_en = g_strdup ("Real estate registration");
    ticket->number = g_strdup ("A001");
    ticket->people_ahead = 12;
    ticket->wait = s_point (1500);
    hall_ticket_print_add_window (ticket, 3);
    hall_ticket_print_add_window (ticket, 5);
    ticket->issued_at = S_ISSUED_AT;
    ticket->timezone = g_strdup ("Asia/Shanghai");
    ticket->status_url = g_strdup (S_URL);
    ticket->rule_text = g_strdup (S_RULE);
    return ticket;
}

//  ---------------------------------------------------------------------
//  Helpers: temp dirs, running tools

static char *
s_tmpdir (void)
{
    GError *error = NULL;
    char *dir = g_dir_make_tmp ("test-ticket-XXXXXX", &error);
    g_assert_no_error (error);
    return dir;
}

static void
s_rmtree (const char *path)
{
    GDir *dir = g_dir_open (path, 0, NULL);
    if (dir) {
        const char *name;
        while ((name = g_dir_read_name (dir))) {
            char *child = g_build_filename (path, name, NULL);
            s_rmtree (child);
            g_free (child);
        }
        g_dir_close (dir);
        g_rmdir (path);
    }
    else
        g_unlink (path);
}

//  Run ARGV; its stdout, or NULL (test failed) when it did not exit 0.
static char *
s_run (const char *const *argv)
{
    char *out = NULL, *err = NULL;
    int status = 0;
    GError *error = NULL;
    gboolean ok = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                                NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (ok);
    if (!g_spawn_check_wait_status (status, &error)) {
        g_test_message ("%s failed: %s\n%s", argv [0], error->message, err);
        g_clear_error (&error);
        g_free (out);
        out = NULL;
        g_test_fail ();
    }
    g_free (err);
    return out;
}

static char *
s_zbarimg (const char *path)
{
    const char *argv [] = { "zbarimg", "--raw", "-q", path, NULL };
    char *out = s_run (argv);
    return out ? g_strstrip (out) : NULL;
}

//  ---------------------------------------------------------------------
//  An ESC/POS parser: one string per command, text decoded to UTF-8.
//    "ESC @", "FS &", "ESC a 1", "GS ! 51", "LF", "TEXT A001",
//    "GS ( k 49 65 50 0", "QR STORE <data>", "GS v 0 0 31 248",
//    "GS V 66 0"; "BAD ..." where the stream makes no sense.

typedef struct {
    GPtrArray *commands;        //  strings as above
    const guint8 *raster;       //  the first GS v 0 image data, or NULL
    int raster_row_bytes;
    int raster_rows;
} s_parsed_t;

static char *
s_gb18030_to_utf8 (const guint8 *data, size_t size)
{
    iconv_t cd = iconv_open ("UTF-8", "GB18030");
    g_assert_true (cd != (iconv_t) -1);
    size_t out_size = size * 4 + 1;
    char *out = g_malloc0 (out_size);
    char *in = (char *) data, *put = out;
    size_t in_left = size, out_left = out_size - 1;
    size_t rc = iconv (cd, &in, &in_left, &put, &out_left);
    iconv_close (cd);
    if (rc == (size_t) -1) {
        g_free (out);
        return g_strdup ("(not GB18030)");
    }
    return out;
}

static void
s_parse (const GByteArray *bytes, s_parsed_t *parsed)
{
    const guint8 *data = bytes->data;
    size_t size = bytes->len, at = 0;
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
    memset (parsed, 0, sizeof *parsed);
    parsed->commands = out;
    while (at < size) {
        guint8 byte = data [at];
        size_t left = size - at;
        if (byte == 0x1B && left >= 2 && data [at + 1] == '@') {
            g_ptr_array_add (out, g_strdup ("ESC @"));
            at += 2;
        }
        else
        if (byte == 0x1B && left >= 3 && strchr ("aEdM", data [at + 1])) {
            g_ptr_array_add (out, g_strdup_printf ("ESC %c %d", data [at + 1], data [at + 2]));
            at += 3;
        }
        else
        if (byte == 0x1C && left >= 2 && data [at + 1] == '&') {
            g_ptr_array_add (out, g_strdup ("FS &"));
            at += 2;
        }
        else
        if (byte == 0x1D && left >= 3 && data [at + 1] == '!') {
            g_ptr_array_add (out, g_strdup_printf ("GS ! %d", data [at + 2]));
            at += 3;
        }
        else
        if (byte == 0x1D && left >= 4 && data [at + 1] == 'V'
        &&  (data [at + 2] == 65 || data [at + 2] == 66)) {
            g_ptr_array_add (out, g_strdup_printf ("GS V %d %d", data [at + 2], data [at + 3]));
            at += 4;
        }
        else
        if (byte == 0x1D && left >= 5 && data [at + 1] == '(' && data [at + 2] == 'k') {
            size_t length = data [at + 3] + 256 * data [at + 4];
            const guint8 *payload = data + at + 5;
            if (length < 3 || length > left - 5) {
                g_ptr_array_add (out, g_strdup ("BAD GS ( k length"));
                return;
            }
            if (payload [0] == 49 && payload [1] == 80 && payload [2] == 48)
                g_ptr_array_add (out, g_strdup_printf ("QR STORE %.*s",
                                 (int) length - 3, (const char *) payload + 3));
            else {
                GString *text = g_string_new ("GS ( k");
                for (size_t index = 0; index < length; index++)
                    g_string_append_printf (text, " %d", payload [index]);
                g_ptr_array_add (out, g_string_free (text, FALSE));
            }
            at += 5 + length;
        }
        else
        if (byte == 0x1D && left >= 8 && data [at + 1] == 'v' && data [at + 2] == '0') {
            int row_bytes = data [at + 4] + 256 * data [at + 5];
            int rows = data [at + 6] + 256 * data [at + 7];
            if ((size_t) row_bytes * rows > left - 8) {
                g_ptr_array_add (out, g_strdup ("BAD GS v 0 size"));
                return;
            }
            g_ptr_array_add (out, g_strdup_printf ("GS v 0 %d %d %d",
                             data [at + 3], row_bytes, rows));
            if (!parsed->raster) {
                parsed->raster = data + at + 8;
                parsed->raster_row_bytes = row_bytes;
                parsed->raster_rows = rows;
            }
            at += 8 + (size_t) row_bytes * rows;
        }
        else
        if (byte == '\n') {
            g_ptr_array_add (out, g_strdup ("LF"));
            at++;
        }
        else
        if (byte >= 0x20) {
            size_t end = at;
            while (end < size && data [end] >= 0x20)
                end++;
            char *text = s_gb18030_to_utf8 (data + at, end - at);
            g_ptr_array_add (out, g_strdup_printf ("TEXT %s", text));
            g_free (text);
            at = end;
        }
        else {
            g_ptr_array_add (out, g_strdup_printf ("BAD byte 0x%02X", byte));
            return;
        }
    }
}

static int
s_find (GPtrArray *commands, const char *command)
{
    for (guint index = 0; index < commands->len; index++)
        if (g_str_equal (g_ptr_array_index (commands, index), command))
            return index;
    return -1;
}

#define S_CMD(parsed, index) \
    ((const char *) g_ptr_array_index ((parsed).commands, (index)))

static void
s_dump (s_parsed_t *parsed)
{
    for (guint index = 0; index < parsed->commands->len; index++)
        g_test_message ("%3u %s", index, S_CMD (*parsed, index));
}

//  The line TEXT is there, with the given alignment, size and weight
//  commands right before it, and a LF right after.
static void
s_assert_line (s_parsed_t *parsed, const char *text, int align, int size, int bold)
{
    char *want = g_strdup_printf ("TEXT %s", text);
    int at = s_find (parsed->commands, want);
    if (at < 3)
        s_dump (parsed);
    g_assert_cmpint (at, >=, 3);
    char *command = g_strdup_printf ("ESC a %d", align);
    g_assert_cmpstr (S_CMD (*parsed, at - 3), ==, command);
    g_free (command);
    command = g_strdup_printf ("GS ! %d", size);
    g_assert_cmpstr (S_CMD (*parsed, at - 2), ==, command);
    g_free (command);
    command = g_strdup_printf ("ESC E %d", bold);
    g_assert_cmpstr (S_CMD (*parsed, at - 1), ==, command);
    g_free (command);
    g_assert_cmpstr (S_CMD (*parsed, at + 1), ==, "LF");
    g_free (want);
}

//  The rule text: every TEXT after the last separator, joined.  Each
//  line fits COLS columns (a Chinese character takes two).
static char *
s_rule_lines (s_parsed_t *parsed, int cols)
{
    GString *rule = g_string_new (NULL);
    int last = -1;
    for (guint index = 0; index < parsed->commands->len; index++) {
        const char *command = S_CMD (*parsed, index);
        if (g_str_has_prefix (command, "TEXT ---"))
            last = index;
    }
    g_assert_cmpint (last, >=, 0);
    g_assert_cmpint (strlen (S_CMD (*parsed, last)) - 5, ==, cols);
    for (guint index = last + 1; index < parsed->commands->len; index++) {
        const char *command = S_CMD (*parsed, index);
        if (!g_str_has_prefix (command, "TEXT "))
            continue;
        int width = 0;
        for (const char *p = command + 5; *p; p = g_utf8_next_char (p))
            width += g_utf8_get_char (p) < 0x80 ? 1 : 2;
        g_assert_cmpint (width, <=, cols);
        g_string_append (rule, command + 5);
    }
    return g_string_free (rule, FALSE);
}

//  The QR store command, checked on the raw bytes: pL pH = data + 3.
static void
s_assert_qr_store (const GByteArray *bytes, const char *url)
{
    size_t length = strlen (url) + 3;
    guint8 header [] = { 0x1D, 0x28, 0x6B, length & 0xFF, length >> 8, 49, 80, 48 };
    const guint8 *found = memmem (bytes->data, bytes->len, header, sizeof header);
    g_assert_nonnull (found);
    g_assert_cmpmem (found + sizeof header, strlen (url), url, strlen (url));
}

//  ---------------------------------------------------------------------
//  The texts

static void
test_texts (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    char *text = hall_ticket_print_ahead_text (ticket);
    g_assert_cmpstr (text, ==, "你前面还有 12 人在等待");
    g_free (text);
    text = hall_ticket_print_wait_text (ticket);
    g_assert_cmpstr (text, ==, "预计等待约 25 分钟");
    g_free (text);
    /* Nobody ahead: the paper says what the kiosk's screen says. */
    ticket->people_ahead = 0;
    text = hall_ticket_print_ahead_text (ticket);
    g_assert_cmpstr (text, ==, "前面没有人在等待");
    g_free (text);
    ticket->wait = s_point (61);
    text = hall_ticket_print_wait_text (ticket);
    g_assert_cmpstr (text, ==, "预计等待约 2 分钟");
    g_free (text);
    ticket->wait = s_point (0);
    text = hall_ticket_print_wait_text (ticket);
    g_assert_cmpstr (text, ==, "预计等待不到 1 分钟");
    g_free (text);
    /* A band, as the server gives it; and no window open: no promise. */
    ticket->wait = hall_estimate (2, 300, 2, 2);
    text = hall_ticket_print_wait_text (ticket);
    g_assert_cmpstr (text, ==, "预计等待约 3–15 分钟");
    g_free (text);
    ticket->wait = hall_estimate (3, 300, 0, 0);
    text = hall_ticket_print_wait_text (ticket);
    g_assert_cmpstr (text, ==, "当前暂无窗口办理此业务，请咨询服务台");
    g_free (text);
    ticket->wait = s_point (1500);
    text = hall_ticket_print_windows_text (ticket);
    g_assert_cmpstr (text, ==, "办理窗口：3号、5号");
    g_free (text);
    text = hall_ticket_print_time_text (ticket);
    g_assert_cmpstr (text, ==, "2026年11月27日 09:30");
    g_free (text);
    g_free (ticket->timezone);
    ticket->timezone = g_strdup ("UTC");
    text = hall_ticket_print_time_text (ticket);
    g_assert_cmpstr (text, ==, "2026年11月27日 01:30");
    g_free (text);
    //  No zone given: the hall's default (Asia/Shanghai), not this
    //  machine's (main () sets it to UTC).
    g_clear_pointer (&ticket->timezone, g_free);
    text = hall_ticket_print_time_text (ticket);
    g_assert_cmpstr (text, ==, "2026年11月27日 09:30");
    g_free (text);

    for (int window = 0; window < HALL_TICKET_WINDOWS_MAX; window++)
        hall_ticket_print_add_window (ticket, window);
    g_assert_cmpint (hall_ticket_print_add_window (ticket, 99), ==, -1);
    hall_ticket_print_destroy (&ticket);
    g_assert_null (ticket);
    hall_ticket_print_destroy (&ticket);
}

static void
test_missing_fields (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    g_clear_pointer (&ticket->number, g_free);
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_80MM,
                                                  TRUE, &error);
    g_assert_null (bytes);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "number"));
    g_clear_error (&error);
    g_assert_false (hall_ticket_print_png (ticket, "/nonexistent/t.png", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);

    ticket->number = g_strdup ("A\xff");
    g_assert_null (hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_80MM, TRUE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    hall_ticket_print_destroy (&ticket);
}

//  ---------------------------------------------------------------------
//  ESC/POS

static void
test_escpos_80mm_native (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    ticket->green_reason = g_strdup ("老年人");
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_80MM,
                                                  TRUE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (bytes);
    s_parsed_t parsed;
    s_parse (bytes, &parsed);
    guint count = parsed.commands->len;
    g_assert_cmpuint (count, >, 10);
    for (guint index = 0; index < count; index++)
        g_assert_false (g_str_has_prefix (S_CMD (parsed, index), "BAD"));

    //  Initialise, then Chinese mode, first thing.
    g_assert_cmpstr (S_CMD (parsed, 0), ==, "ESC @");
    g_assert_cmpstr (S_CMD (parsed, 1), ==, "FS &");

    //  The lines, each with its alignment (1 centre), size, weight.
    s_assert_line (&parsed, S_HALL, 1, 0x01, 1);
    s_assert_line (&parsed, "不动产登记", 1, 0x11, 1);
    s_assert_line (&parsed, "Real estate registration", 1, 0x00, 0);
    s_assert_line (&parsed, "绿色通道：老年人", 1, 0x00, 1);
    s_assert_line (&parsed, "A001", 1, 0x33, 1);
    s_assert_line (&parsed, "你前面还有 12 人在等待", 1, 0x00, 1);
    s_assert_line (&parsed, "预计等待约 25 分钟", 1, 0x00, 0);
    s_assert_line (&parsed, "办理窗口：3号、5号", 1, 0x00, 0);
    s_assert_line (&parsed, "2026年11月27日 09:30", 1, 0x00, 0);
    g_assert_cmpint (s_find (parsed.commands, "TEXT 扫码查看排队进度、评价服务"), >, 0);
    //  The number comes after the category, the sentences after it.
    g_assert_cmpint (s_find (parsed.commands, "TEXT 不动产登记"), <,
                     s_find (parsed.commands, "TEXT A001"));
    g_assert_cmpint (s_find (parsed.commands, "TEXT A001"), <,
                     s_find (parsed.commands, "TEXT 你前面还有 12 人在等待"));

    //  Native QR: model 2, module size, error correction M, store, print.
    int model = s_find (parsed.commands, "GS ( k 49 65 50 0");
    g_assert_cmpint (model, >, 0);
    g_assert_cmpstr (S_CMD (parsed, model - 1), ==, "ESC a 1");
    g_assert_true (g_str_has_prefix (S_CMD (parsed, model + 1), "GS ( k 49 67 "));
    int module_size = atoi (S_CMD (parsed, model + 1) + strlen ("GS ( k 49 67 "));
    g_assert_cmpint (module_size, >=, 3);
    g_assert_cmpint (module_size, <=, 16);
    g_assert_cmpstr (S_CMD (parsed, model + 2), ==, "GS ( k 49 69 49");
    g_assert_cmpstr (S_CMD (parsed, model + 3), ==, "QR STORE " S_URL);
    g_assert_cmpstr (S_CMD (parsed, model + 4), ==, "GS ( k 49 81 48");
    s_assert_qr_store (bytes, S_URL);
    g_assert_cmpint (s_find (parsed.commands, "GS v 0 0"), <, 0);

    //  The rule, wrapped to 48 columns, reads back whole.
    char *rule = s_rule_lines (&parsed, 48);
    g_assert_cmpstr (rule, ==, S_RULE);
    g_free (rule);

    //  Feed, then cut, last.
    g_assert_cmpstr (S_CMD (parsed, count - 2), ==, "ESC d 4");
    g_assert_cmpstr (S_CMD (parsed, count - 1), ==, "GS V 66 0");

    g_ptr_array_unref (parsed.commands);
    g_byte_array_unref (bytes);
    hall_ticket_print_destroy (&ticket);
}

//  A URL over 252 bytes puts a non-zero pH in the store command.
static void
test_escpos_long_url (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    g_free (ticket->status_url);
    char *padding = g_strnfill (300, 'x');
    ticket->status_url = g_strdup_printf ("https://hall.example.gov.cn/t/%s", padding);
    g_free (padding);
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_58MM,
                                                  TRUE, &error);
    g_assert_no_error (error);
    s_assert_qr_store (bytes, ticket->status_url);
    s_parsed_t parsed;
    s_parse (bytes, &parsed);
    char *store = g_strdup_printf ("QR STORE %s", ticket->status_url);
    g_assert_cmpint (s_find (parsed.commands, store), >, 0);
    g_free (store);
    g_assert_cmpstr (S_CMD (parsed, parsed.commands->len - 1), ==, "GS V 66 0");
    g_ptr_array_unref (parsed.commands);
    g_byte_array_unref (bytes);

    //  Too long for any QR code: an error, not a broken ticket.
    g_free (ticket->status_url);
    ticket->status_url = g_strnfill (4000, 'x');
    g_assert_null (hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_58MM, TRUE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);
    hall_ticket_print_destroy (&ticket);
}

//  58 mm with the raster fallback: GS v 0 with width and height bytes
//  matching a square image that fits 384 dots, and that image decodes.
static void
test_escpos_58mm_raster (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_58MM,
                                                  FALSE, &error);
    g_assert_no_error (error);
    s_parsed_t parsed;
    s_parse (bytes, &parsed);
    guint count = parsed.commands->len;
    g_assert_cmpstr (S_CMD (parsed, 0), ==, "ESC @");
    g_assert_cmpstr (S_CMD (parsed, 1), ==, "FS &");
    g_assert_cmpstr (S_CMD (parsed, count - 1), ==, "GS V 66 0");
    s_assert_line (&parsed, "A001", 1, 0x33, 1);
    s_assert_line (&parsed, "你前面还有 12 人在等待", 1, 0x00, 1);

    //  No native QR at all; one raster image, centred.
    for (guint index = 0; index < count; index++)
        g_assert_false (g_str_has_prefix (S_CMD (parsed, index), "GS ( k"));
    g_assert_nonnull (parsed.raster);
    int rows = parsed.raster_rows, row_bytes = parsed.raster_row_bytes;
    char *header = g_strdup_printf ("GS v 0 0 %d %d", row_bytes, rows);
    int at = s_find (parsed.commands, header);
    g_free (header);
    g_assert_cmpint (at, >, 0);
    g_assert_cmpstr (S_CMD (parsed, at - 1), ==, "ESC a 1");
    g_assert_cmpint (rows, <=, 384);
    g_assert_cmpint (row_bytes, ==, (rows + 7) / 8);
    QRcode *qr = QRcode_encodeString (S_URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    g_assert_cmpint (rows % (qr->width + 8), ==, 0);
    QRcode_free (qr);
    //  Raw check on the header bytes: GS v 0 m xL xH yL yH.
    guint8 raw [] = { 0x1D, 'v', '0', 0, row_bytes & 0xFF, row_bytes >> 8,
                      rows & 0xFF, rows >> 8 };
    g_assert_nonnull (memmem (bytes->data, bytes->len, raw, sizeof raw));

    //  The raster is MSB-first, 1 black: exactly PBM (P4).  Decode it.
    char *dir = s_tmpdir ();
    char *path = g_build_filename (dir, "qr.pbm", NULL);
    GString *pbm = g_string_new (NULL);
    g_string_printf (pbm, "P4\n%d %d\n", row_bytes * 8, rows);
    g_string_append_len (pbm, (const char *) parsed.raster, (gssize) row_bytes * rows);
    g_assert_true (g_file_set_contents (path, pbm->str, pbm->len, &error));
    g_assert_no_error (error);
    g_string_free (pbm, TRUE);
    char *decoded = s_zbarimg (path);
    g_assert_cmpstr (decoded, ==, S_URL);
    g_free (decoded);

    char *rule = s_rule_lines (&parsed, 32);
    g_assert_cmpstr (rule, ==, S_RULE);
    g_free (rule);

    s_rmtree (dir);
    g_free (path);
    g_free (dir);
    g_ptr_array_unref (parsed.commands);
    g_byte_array_unref (bytes);
    hall_ticket_print_destroy (&ticket);
}

//  English words are kept whole when the line wraps.
static void
test_escpos_wrap (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    g_free (ticket->rule_text);
    ticket->rule_text = g_strdup ("Please listen for your number; a missed number "
                                  "must take a new ticket. 过号无效，请重新取号。");
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_58MM,
                                                  TRUE, &error);
    g_assert_no_error (error);
    s_parsed_t parsed;
    s_parse (bytes, &parsed);
    //  Broken at spaces (dropped there), and after Chinese characters.
    char *rule = s_rule_lines (&parsed, 32);
    g_assert_cmpstr (rule, ==, "Please listen for your number; a"
                               "missed number must take a new "
                               "ticket. 过号无效，请重新取号。");
    g_free (rule);
    g_assert_cmpint (s_find (parsed.commands, "TEXT Please listen for your number; a"), >, 0);
    g_assert_cmpint (s_find (parsed.commands, "TEXT missed number must take a new "), >, 0);
    g_ptr_array_unref (parsed.commands);
    g_byte_array_unref (bytes);
    hall_ticket_print_destroy (&ticket);
}

//  ---------------------------------------------------------------------
//  PNG and PDF

static void
test_png_qr_decodes (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    char *dir = s_tmpdir ();
    char *path = g_build_filename (dir, "ticket.png", NULL);
    GError *error = NULL;
    g_assert_true (hall_ticket_print_png (ticket, path, &error));
    g_assert_no_error (error);

    cairo_surface_t *image = cairo_image_surface_create_from_png (path);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), ==, 576);
    g_assert_cmpint (cairo_image_surface_get_height (image), >, 800);
    cairo_surface_destroy (image);

    char *decoded = s_zbarimg (path);
    g_assert_cmpstr (decoded, ==, S_URL);
    g_free (decoded);

    //  An unwritable path is an error.
    g_assert_false (hall_ticket_print_png (ticket, "/nonexistent/dir/t.png", &error));
    g_assert_nonnull (error);
    g_clear_error (&error);

    s_rmtree (dir);
    g_free (path);
    g_free (dir);
    hall_ticket_print_destroy (&ticket);
}

static void
test_pdf_text (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    char *dir = s_tmpdir ();
    char *path = g_build_filename (dir, "ticket.pdf", NULL);
    GError *error = NULL;
    g_assert_true (hall_ticket_print_pdf (ticket, path, &error));
    g_assert_no_error (error);

    const char *text_argv [] = { "pdftotext", path, "-", NULL };
    char *text = s_run (text_argv);
    g_assert_nonnull (text);
    g_assert_nonnull (strstr (text, S_HALL));
    g_assert_nonnull (strstr (text, "A001"));
    g_assert_nonnull (strstr (text, "你前面还有"));
    g_assert_nonnull (strstr (text, "办理窗口"));
    g_free (text);

    //  It renders, and the page is 80 mm wide (227 pt).
    char *prefix = g_build_filename (dir, "page", NULL);
    const char *ppm_argv [] = { "pdftoppm", "-r", "72", "-png", "-singlefile",
                                path, prefix, NULL };
    g_free (s_run (ppm_argv));
    char *page = g_strconcat (prefix, ".png", NULL);
    cairo_surface_t *image = cairo_image_surface_create_from_png (page);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_image_surface_get_width (image), >=, 226);
    g_assert_cmpint (cairo_image_surface_get_width (image), <=, 228);
    cairo_surface_destroy (image);

    s_rmtree (dir);
    g_free (page);
    g_free (prefix);
    g_free (path);
    g_free (dir);
    hall_ticket_print_destroy (&ticket);
}

//  Writes $HALL_SCREENSHOTS/ticket.png, for docs/screenshots/.
static void
test_screenshot (void)
{
    const char *dir = g_getenv ("HALL_SCREENSHOTS");
    g_autofree char *fallback = NULL;
    if (!dir || !*dir) {
        const char *build = g_getenv ("HALL_BUILD");
        fallback = g_build_filename (build && *build ? build : "build", "test-output", NULL);
        dir = fallback;
    }
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    hall_ticket_print_t *ticket = s_sample_ticket ();
    char *path = g_build_filename (dir, "ticket.png", NULL);
    GError *error = NULL;
    g_assert_true (hall_ticket_print_png (ticket, path, &error));
    g_assert_no_error (error);
    g_test_message ("wrote %s", path);
    g_free (path);
    hall_ticket_print_destroy (&ticket);
}

//  ---------------------------------------------------------------------
//  Printer back-ends

static GByteArray *
s_sample_bytes (void)
{
    hall_ticket_print_t *ticket = s_sample_ticket ();
    GError *error = NULL;
    GByteArray *bytes = hall_ticket_print_escpos (ticket, HALL_TICKET_PAPER_80MM,
                                                  FALSE, &error);
    g_assert_no_error (error);
    hall_ticket_print_destroy (&ticket);
    return bytes;
}

static void
s_assert_file_is (const char *path, const GByteArray *bytes)
{
    char *contents = NULL;
    gsize length = 0;
    GError *error = NULL;
    g_assert_true (g_file_get_contents (path, &contents, &length, &error));
    g_assert_no_error (error);
    g_assert_cmpmem (contents, length, bytes->data, bytes->len);
    g_free (contents);
}

static void
test_printer_specs (void)
{
    const char *bad [] = {
        "", "lpt:/dev/lp0", "file:", "tcp:", "tcp:127.0.0.1:notaport",
        "cups:", "cups:-oraw", "cups:two words", "folder:", "/dev/usb/lp0",
    };
    for (size_t index = 0; index < G_N_ELEMENTS (bad); index++) {
        hall_printer_t *printer = hall_printer_new_from_spec (bad [index]);
        if (printer)
            g_test_message ("accepted bad spec '%s'", bad [index]);
        g_assert_null (printer);
    }
    g_assert_null (hall_printer_new_from_spec (NULL));

    const char *good [] = {
        "file:/dev/usb/lp0", "tcp:127.0.0.1:9100", "tcp:printer.local",
        "tcp:[::1]:9100", "cups:Kiosk_1", "folder:/tmp/tickets",
    };
    for (size_t index = 0; index < G_N_ELEMENTS (good); index++) {
        hall_printer_t *printer = hall_printer_new_from_spec (good [index]);
        g_assert_nonnull (printer);
        g_assert_cmpstr (hall_printer_spec (printer), ==, good [index]);
        hall_printer_destroy (&printer);
        g_assert_null (printer);
        hall_printer_destroy (&printer);
    }
}

static void
test_printer_file (void)
{
    GByteArray *bytes = s_sample_bytes ();
    char *dir = s_tmpdir ();
    char *path = g_build_filename (dir, "lp0", NULL);
    GError *error = NULL;
    g_assert_true (g_file_set_contents (path, "", 0, &error));
    char *spec = g_strconcat ("file:", path, NULL);
    hall_printer_t *printer = hall_printer_new_from_spec (spec);
    g_assert_true (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_no_error (error);
    s_assert_file_is (path, bytes);
    hall_printer_destroy (&printer);
    g_free (spec);

    //  A missing device is an error naming the printer, not a new file.
    char *missing = g_build_filename (dir, "no-such-lp", NULL);
    spec = g_strconcat ("file:", missing, NULL);
    printer = hall_printer_new_from_spec (spec);
    g_assert_false (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, spec));
    g_clear_error (&error);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    hall_printer_destroy (&printer);

    g_free (spec);
    g_free (missing);
    s_rmtree (dir);
    g_free (path);
    g_free (dir);
    g_byte_array_unref (bytes);
}

static void
test_printer_folder (void)
{
    GByteArray *bytes = s_sample_bytes ();
    GByteArray *other = g_byte_array_new ();
    g_byte_array_append (other, (const guint8 *) "\x1b@second", 8);
    char *dir = s_tmpdir ();
    char *folder = g_build_filename (dir, "spool", "kiosk1", NULL);
    char *spec = g_strconcat ("folder:", folder, NULL);
    hall_printer_t *printer = hall_printer_new_from_spec (spec);
    GError *error = NULL;
    //  Issued at 2027-12-31 16:30 UTC: already New Year's Day in the hall
    //  (Asia/Shanghai), and the file says so whatever this machine's zone.
    hall_ticket_print_t *ticket = hall_ticket_print_new ();
    ticket->issued_at = 1830270600;
    ticket->timezone = g_strdup ("Asia/Shanghai");
    char *date = hall_ticket_print_day (ticket);
    g_assert_cmpstr (date, ==, "20280101");
    g_assert_true (hall_printer_print (printer, bytes, date, "A001", &error));
    g_assert_true (hall_printer_print (printer, other, date, "A002", &error));
    g_assert_true (hall_printer_print (printer, other, date, "A001", &error));
    g_assert_true (hall_printer_print (printer, other, date, "../evil", &error));
    g_assert_no_error (error);
    hall_ticket_print_destroy (&ticket);

    const char *names [] = { "A001.bin", "A002.bin", "A001-2.bin", "___evil.bin" };
    for (size_t index = 0; index < G_N_ELEMENTS (names); index++) {
        char *name = g_strdup_printf ("%s-%s", date, names [index]);
        char *path = g_build_filename (folder, name, NULL);
        s_assert_file_is (path, index == 0 ? bytes : other);
        g_free (path);
        g_free (name);
    }
    //  Exactly one file per ticket, nothing else.
    GDir *listing = g_dir_open (folder, 0, &error);
    g_assert_no_error (error);
    int files = 0;
    while (g_dir_read_name (listing))
        files++;
    g_dir_close (listing);
    g_assert_cmpint (files, ==, 4);

    hall_printer_destroy (&printer);
    g_free (spec);
    g_free (date);
    g_free (folder);
    s_rmtree (dir);
    g_free (dir);
    g_byte_array_unref (other);
    g_byte_array_unref (bytes);
}

//  A printer on 127.0.0.1: accepts one connection, reads to EOF.
static gpointer
s_listener (gpointer data)
{
    GSocket *listener = data;
    GError *error = NULL;
    GSocket *peer = g_socket_accept (listener, NULL, &error);
    g_assert_no_error (error);
    GByteArray *received = g_byte_array_new ();
    guint8 buffer [4096];
    gssize size;
    while ((size = g_socket_receive (peer, (char *) buffer, sizeof buffer,
                                     NULL, &error)) > 0)
        g_byte_array_append (received, buffer, size);
    g_assert_no_error (error);
    g_object_unref (peer);
    return received;
}

//  A socket bound to 127.0.0.1 on an ephemeral port; *PORT set.
static GSocket *
s_bind_loopback (guint16 *port)
{
    GError *error = NULL;
    GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, &error);
    g_assert_no_error (error);
    GInetAddress *loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    GSocketAddress *address = g_inet_socket_address_new (loopback, 0);
    g_assert_true (g_socket_bind (socket, address, FALSE, &error));
    g_assert_no_error (error);
    g_object_unref (address);
    g_object_unref (loopback);
    GSocketAddress *bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    g_object_unref (bound);
    return socket;
}

static void
test_printer_tcp (void)
{
    GByteArray *bytes = s_sample_bytes ();
    guint16 port;
    GSocket *listener = s_bind_loopback (&port);
    GError *error = NULL;
    g_assert_true (g_socket_listen (listener, &error));
    GThread *thread = g_thread_new ("printer", s_listener, listener);

    char *spec = g_strdup_printf ("tcp:127.0.0.1:%u", port);
    hall_printer_t *printer = hall_printer_new_from_spec (spec);
    g_assert_true (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_no_error (error);
    GByteArray *received = g_thread_join (thread);
    g_assert_cmpmem (received->data, received->len, bytes->data, bytes->len);

    g_byte_array_unref (received);
    hall_printer_destroy (&printer);
    g_free (spec);
    g_object_unref (listener);
    g_byte_array_unref (bytes);
}

static void
test_printer_tcp_closed (void)
{
    GByteArray *bytes = s_sample_bytes ();
    //  Bind to learn a free port, then close it: nobody listens there.
    guint16 port;
    GSocket *socket = s_bind_loopback (&port);
    g_object_unref (socket);

    char *spec = g_strdup_printf ("tcp:127.0.0.1:%u", port);
    hall_printer_t *printer = hall_printer_new_from_spec (spec);
    GError *error = NULL;
    gint64 start = g_get_monotonic_time ();
    g_assert_false (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_nonnull (error);
    g_assert_true (error->domain == G_IO_ERROR);
    g_assert_nonnull (strstr (error->message, spec));
    g_test_message ("closed port: %s", error->message);
    g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
    g_clear_error (&error);

    hall_printer_destroy (&printer);
    g_free (spec);
    g_byte_array_unref (bytes);
}

//  CUPS: a stand-in `lp`, first on PATH (set in main, before any thread
//  starts), records its arguments and input; a failing one must be
//  reported with its message.
static char *s_fake_bin;

static void
test_printer_cups (void)
{
    GByteArray *bytes = s_sample_bytes ();
    char *lp = g_build_filename (s_fake_bin, "lp", NULL);
    char *args = g_build_filename (s_fake_bin, "args", NULL);
    char *input = g_build_filename (s_fake_bin, "input", NULL);
    char *script = g_strdup_printf (
        "#!/bin/sh\n"
        "if [ \"$2\" = Broken ]; then\n"
        "  echo 'lp: The printer or class does not exist.' >&2; exit 1\n"
        "fi\n"
        "echo \"$@\" > '%s'\n"
        "cat > '%s'\n", args, input);
    GError *error = NULL;
    g_assert_true (g_file_set_contents (lp, script, -1, &error));
    g_assert_cmpint (g_chmod (lp, 0755), ==, 0);

    hall_printer_t *printer = hall_printer_new_from_spec ("cups:Kiosk_1");
    g_assert_true (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_no_error (error);
    s_assert_file_is (input, bytes);
    char *recorded = NULL;
    g_assert_true (g_file_get_contents (args, &recorded, NULL, &error));
    g_assert_cmpstr (g_strstrip (recorded), ==, "-d Kiosk_1 -o raw");
    g_free (recorded);
    hall_printer_destroy (&printer);

    printer = hall_printer_new_from_spec ("cups:Broken");
    g_assert_false (hall_printer_print (printer, bytes, "20261127", "A001", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "cups:Broken"));
    g_assert_nonnull (strstr (error->message, "does not exist"));
    g_test_message ("failing lp: %s", error->message);
    g_clear_error (&error);
    hall_printer_destroy (&printer);

    g_free (script);
    g_free (input);
    g_free (args);
    g_free (lp);
    g_byte_array_unref (bytes);
}

#ifdef __SANITIZE_ADDRESS__
//  Leaks in the libraries, not ours: fontconfig's global configuration
//  (loaded once, by pango's font thread), and an array cairo 1.16 leaks
//  while finishing a PDF with embedded CJK fonts.  Matching them needs
//  whole stacks: the fast unwinder stops in libraries built without
//  frame pointers.
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
    return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
    return "leak:FcInitLoadConfigAndFonts\n"
           "leak:cairo_surface_finish\n";
}
#endif

int
main (int argc, char *argv [])
{
    g_test_init (&argc, &argv, NULL);
    //  This machine's zone is UTC, the hall's Asia/Shanghai: a date taken
    //  from the machine's zone instead of the hall's shows at once.
    g_setenv ("TZ", "UTC", TRUE);
    tzset ();
    s_fake_bin = s_tmpdir ();
    char *path = g_strconcat (s_fake_bin, ":", g_getenv ("PATH"), NULL);
    g_setenv ("PATH", path, TRUE);
    g_free (path);
    g_test_add_func ("/ticket/texts", test_texts);
    g_test_add_func ("/ticket/missing-fields", test_missing_fields);
    g_test_add_func ("/ticket/escpos/80mm-native-qr", test_escpos_80mm_native);
    g_test_add_func ("/ticket/escpos/long-url", test_escpos_long_url);
    g_test_add_func ("/ticket/escpos/58mm-raster-qr", test_escpos_58mm_raster);
    g_test_add_func ("/ticket/escpos/wrap", test_escpos_wrap);
    g_test_add_func ("/ticket/png/qr-decodes", test_png_qr_decodes);
    g_test_add_func ("/ticket/pdf/text", test_pdf_text);
    g_test_add_func ("/ticket/screenshot", test_screenshot);
    g_test_add_func ("/printer/specs", test_printer_specs);
    g_test_add_func ("/printer/file", test_printer_file);
    g_test_add_func ("/printer/folder", test_printer_folder);
    g_test_add_func ("/printer/tcp", test_printer_tcp);
    g_test_add_func ("/printer/tcp-closed", test_printer_tcp_closed);
    g_test_add_func ("/printer/cups", test_printer_cups);
    int rc = g_test_run ();
    s_rmtree (s_fake_bin);
    g_free (s_fake_bin);
    //  Drop pango's font map and its caches, so LeakSanitizer reports
    //  only real leaks (what is left is suppressed below).
    pango_cairo_font_map_set_default (NULL);
    return rc;
}
