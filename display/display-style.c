/*  display-style.c — see display-style.h. */
#define G_LOG_DOMAIN "hall-display"
#include "display-style.h"
#include <gtk/gtk.h>

void
hall_display_style_init (void)
{
    static GtkCssProvider *provider;
    GdkDisplay *display = gdk_display_get_default ();
    if (provider || !display)
        return;
    provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (provider, "/org/hall/display/style.css");
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}
