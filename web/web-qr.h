/*  web-qr.h — a QR code as inline SVG for a page (libqrencode): black
 *  modules on white with the standard's 4-module quiet zone, crisp at any
 *  zoom, no image request (the booking code never reaches a URL).
 */
#ifndef WEB_QR_H
#define WEB_QR_H

#include <glib.h>

/* TEXT as an <svg> element with id ID and the accessible name LABEL
 * (escaped here), or NULL when it cannot be encoded (g_free). */
char *web_qr_svg (const char *text, const char *id, const char *label);

#endif
