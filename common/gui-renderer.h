/*  gui-renderer.h — how the hall's GTK programs draw (header only: common/
 *  is linked into the server, which has no GTK).
 *
 *  hall_gui_prefer_cairo(), before gtk_init: draw with cairo and never open
 *  OpenGL, unless the operator chose otherwise (GSK_RENDERER, GDK_DEBUG or
 *  GDK_DISABLE set).  GTK 4.8 on X11 opens a GL context at start-up to pick
 *  its visual even for the cairo renderer: on a PC without a GPU driver
 *  (Mesa llvmpipe) that maps libLLVM and the DRI driver and starts
 *  llvmpipe threads — about 55 MB of a board's, desk's or kiosk's 103–110 MB
 *  resident under Xvfb; with GTK's default GL renderer they took 190–220
 *  MB.  They redraw a few labels at a time, which cairo does on the CPU
 *  well within a frame (docs/BENCHMARKS.md: event → board repaint).
 */
#ifndef HALL_GUI_RENDERER_H
#define HALL_GUI_RENDERER_H

#include <gtk/gtk.h>

static inline void
hall_gui_prefer_cairo (void)
{
    if (!g_getenv ("GSK_RENDERER"))
        g_setenv ("GSK_RENDERER", "cairo", TRUE);
    if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0
        || g_getenv ("GDK_DEBUG") || g_getenv ("GDK_DISABLE"))
        return;
    if (gtk_get_minor_version () < 16)
        g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
    else
        g_setenv ("GDK_DISABLE", "gl", TRUE);
}

#endif
