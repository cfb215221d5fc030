/*  gui-test.c — see gui-test.h. */
#include "gui-test.h"
#include <string.h>

gboolean
gui_screenshot (GtkWidget *widget, const char *path)
{
    int width = gtk_widget_get_width (widget);
    int height = gtk_widget_get_height (widget);
    if (width <= 0 || height <= 0)
        return FALSE;
    GdkPaintable *paintable = gtk_widget_paintable_new (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
    gboolean ok = FALSE;
    if (node) {
        GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
        graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
        GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &bounds);
        ok = gdk_texture_save_to_png (texture, path);
        g_object_unref (texture);
        gsk_render_node_unref (node);
    }
    g_object_unref (paintable);
    return ok;
}

void
gui_screenshot_named (GtkWidget *widget, const char *name)
{
    const char *dir = g_getenv ("HALL_SCREENSHOTS");
    g_autofree char *fallback = NULL;
    if (!dir || !*dir) {
        const char *build = g_getenv ("HALL_BUILD");
        fallback = g_build_filename (build && *build ? build : "build", "test-output", NULL);
        dir = fallback;
    }
    g_mkdir_with_parents (dir, 0755);
    g_autofree char *file = g_strdup_printf ("%s.png", name);
    g_autofree char *path = g_build_filename (dir, file, NULL);
    if (!gui_screenshot (widget, path))
        g_test_message ("could not save %s", path);
    else
        g_test_message ("screenshot %s", path);
}

gboolean
gui_wait_until (gboolean (*predicate) (gpointer data), gpointer data, int timeout_ms)
{
    gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    while (!predicate (data)) {
        if (g_get_monotonic_time () > until)
            return predicate (data);
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
    }
    return TRUE;
}

void
gui_spin (int ms)
{
    gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
    while (g_get_monotonic_time () < until) {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (2000);
    }
}

GtkWidget *
gui_find (GtkWidget *root, const char *name)
{
    if (!root)
        return NULL;
    if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
        return root;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = gui_find (child, name);
        if (found)
            return found;
    }
    return NULL;
}

const char *
gui_label_text (GtkWidget *root, const char *name)
{
    GtkWidget *widget = gui_find (root, name);
    if (widget && GTK_IS_LABEL (widget))
        return gtk_label_get_text (GTK_LABEL (widget));
    return NULL;
}

typedef struct {
    GtkWidget  *root;
    const char *name;
    const char *text;
} s_label_wait_t;

static gboolean
s_label_reads (gpointer data)
{
    s_label_wait_t *wait = data;
    return g_strcmp0 (gui_label_text (wait->root, wait->name), wait->text) == 0;
}

gboolean
gui_wait_label (GtkWidget *root, const char *name, const char *text, int timeout_ms)
{
    s_label_wait_t wait = { root, name, text };
    return gui_wait_until (s_label_reads, &wait, timeout_ms);
}
