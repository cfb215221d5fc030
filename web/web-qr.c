/*  web-qr.c — see web-qr.h. */
#define G_LOG_DOMAIN "hall-web"
#include "web-qr.h"

#include <qrencode.h>

#define QUIET 4         /* modules of white around the code (ISO/IEC 18004) */

char *
web_qr_svg (const char *text, const char *id, const char *label)
{
    /* Level M, as on the printed ticket: a phone screen with a crack or
     * glare still scans. */
    QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return NULL;
    int n = qr->width, size = n + 2 * QUIET;
    g_autofree char *escaped = g_markup_escape_text (label, -1);
    GString *out = g_string_new (NULL);
    g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"%s\" class=\"qr\" role=\"img\""
                            " aria-label=\"%s\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
                            "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                            id, escaped, size, size, size, size);
    /* One run of dark modules per path segment: O(modules), a few KB. */
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n;) {
            if (!(qr->data[y * n + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < n && (qr->data[y * n + x + run] & 1))
                run++;
            g_string_append_printf (out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
            x += run;
        }
    g_string_append (out, "\"/></svg>");
    QRcode_free (qr);
    return g_string_free (out, FALSE);
}
