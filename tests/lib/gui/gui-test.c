/*  gui-test.c — see gui-test.h. */
#include "gui-test.h"
#include <string.h>

//  Returns once WIDGET's frame clock has painted a frame (or after 1 s:
//  an unchanged window may draw none).
static void
s_counted (GdkFrameClock *clock, gpointer data)
{
    (*(int *) data)++;
}

static gboolean
s_painted (gpointer data)
{
    return *(int *) data > 0;
}

static void
s_next_frame (GtkWidget *widget)
{
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    if (!clock) {
        gui_spin (100);
        return;
    }
    int painted = 0;
    gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (s_counted), &painted);
    gtk_widget_queue_draw (widget);
    gui_wait_until (s_painted, &painted, 1000);
    g_signal_handler_disconnect (clock, handler);
}

//  WIDGET drawn as it stands now, or NULL while it has nothing to draw
//  (not yet laid out at its size).
static GskRenderNode *
s_widget_node (GtkWidget *widget, int width, int height)
{
    GdkPaintable *paintable = gtk_widget_paintable_new (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    g_object_unref (paintable);
    return gtk_snapshot_free_to_node (snapshot);
}

gboolean
gui_screenshot (GtkWidget *widget, const char *path)
{
    //  A window just resized or changed draws on its next frames: up to
    //  five of them are waited for before giving up.
    GskRenderNode *node = NULL;
    int width = 0, height = 0;
    for (int frame = 0; frame < 5 && !node; frame++) {
        s_next_frame (widget);
        width = gtk_widget_get_width (widget);
        height = gtk_widget_get_height (widget);
        if (width > 0 && height > 0)
            node = s_widget_node (widget, width, height);
    }
    if (!node)
        return FALSE;
    GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
    graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
    GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &bounds);
    gboolean ok = gdk_texture_save_to_png (texture, path);
    g_object_unref (texture);
    gsk_render_node_unref (node);
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
        //  Work while there is work (a D-Bus client's questions come one
        //  after the other); a short sleep only when the loop is idle.
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
    }
    return TRUE;
}

void
gui_spin (int ms)
{
    gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;
    while (g_get_monotonic_time () < until)
        if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (2000);
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

//  ---- gui_fit_problems ------------------------------------------------------

typedef struct {
    GtkWindow *window;
    int        width, height;
} s_size_wait_t;

static gboolean
s_allocated_at (gpointer data)
{
    s_size_wait_t *wait = data;
    GtkWidget *widget = GTK_WIDGET (wait->window);
    return gtk_widget_get_mapped (widget)
        && gtk_widget_get_width (widget) == wait->width
        && gtk_widget_get_height (widget) == wait->height;
}

static gboolean
s_is_control (GtkWidget *widget)
{
    return GTK_IS_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_PASSWORD_ENTRY (widget)
        || GTK_IS_SEARCH_ENTRY (widget) || GTK_IS_TEXT (widget) || GTK_IS_TEXT_VIEW (widget)
        || GTK_IS_DROP_DOWN (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_SWITCH (widget)
        || GTK_IS_SPIN_BUTTON (widget) || GTK_IS_SCALE (widget) || GTK_IS_LABEL (widget)
        || GTK_IS_PICTURE (widget) || GTK_IS_IMAGE (widget);
}

//  What to call WIDGET in a report: its name if one was given, else its
//  text, else nothing more than its type.
static const char *
s_widget_words (GtkWidget *widget)
{
    const char *name = gtk_widget_get_name (widget);
    if (name && g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
        return name;
    if (GTK_IS_LABEL (widget))
        return gtk_label_get_text (GTK_LABEL (widget));
    if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)))
        return gtk_button_get_label (GTK_BUTTON (widget));
    if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)))
        return gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
    return "";
}

static void
s_report (GString *problems, GtkWidget *widget, const graphene_rect_t *bounds, const char *what)
{
    g_autofree char *words = g_strdup (s_widget_words (widget));
    for (char *c = words; *c; c++)
        if (*c == '\n')
            *c = ' ';
    g_string_append_printf (problems, "%s \"%s\" at %.0f,%.0f %.0f×%.0f: %s\n",
                            G_OBJECT_TYPE_NAME (widget), words, bounds->origin.x, bounds->origin.y,
                            bounds->size.width, bounds->size.height, what);
}

//  Half a pixel of slack: bounds are floats from fractional scaling.
static gboolean
s_inside (const graphene_rect_t *inner, const graphene_rect_t *outer, gboolean check_x, gboolean check_y)
{
    const float slack = 0.5f;
    if (check_x && (inner->origin.x < outer->origin.x - slack
                    || inner->origin.x + inner->size.width > outer->origin.x + outer->size.width + slack))
        return FALSE;
    if (check_y && (inner->origin.y < outer->origin.y - slack
                    || inner->origin.y + inner->size.height > outer->origin.y + outer->size.height + slack))
        return FALSE;
    return TRUE;
}

//  LIMIT is the rectangle WIDGET must keep within along the axes CHECK_X
//  and CHECK_Y: the window's, or an enclosing scrolled window's.
static void
s_fit_walk (GtkWidget *widget, GtkWidget *window, const graphene_rect_t *limit,
            gboolean check_x, gboolean check_y, const char *outside, GString *problems)
{
    if (!gtk_widget_get_visible (widget) || !gtk_widget_get_mapped (widget))
        return;
    if (widget != window && GTK_IS_NATIVE (widget))
        return;                 //  a popover: its own surface
    graphene_rect_t bounds;
    if (!gtk_widget_compute_bounds (widget, window, &bounds))
        return;
    if (s_is_control (widget) || GTK_IS_SCROLLED_WINDOW (widget)) {
        if (!s_inside (&bounds, limit, check_x, check_y))
            s_report (problems, widget, &bounds, outside);
    }
    if (GTK_IS_LABEL (widget)) {
        GtkLabel *label = GTK_LABEL (widget);
        if (!gtk_label_get_wrap (label) && gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE) {
            int minimum = 0;
            gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
            int given = (int) (bounds.size.width + 0.5f)
                + gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
            if (given < minimum) {
                g_autofree char *what = g_strdup_printf ("narrower than its text (%d < %d)", given, minimum);
                s_report (problems, widget, &bounds, what);
            }
        }
    }
    graphene_rect_t inner = *limit;
    gboolean inner_x = check_x, inner_y = check_y;
    const char *inner_outside = outside;
    if (GTK_IS_SCROLLED_WINDOW (widget)) {
        GtkPolicyType hpolicy, vpolicy;
        gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (widget), &hpolicy, &vpolicy);
        inner = bounds;
        inner_x = hpolicy == GTK_POLICY_NEVER;
        inner_y = vpolicy == GTK_POLICY_NEVER;
        inner_outside = "outside its scrolled window";
    }
    else if (gtk_widget_has_css_class (widget, "ticker")) {
        inner = bounds;             //  its text moves through it, across
        inner_x = FALSE;
        inner_y = TRUE;
        inner_outside = "outside its ticker";
    }
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
         child = gtk_widget_get_next_sibling (child))
        s_fit_walk (child, window, &inner, inner_x, inner_y, inner_outside, problems);
}

//  One walk of the window as it is now laid out: the problems found.
static GString *
s_fit_check (GtkWidget *widget, int width, int height)
{
    GString *problems = g_string_new (NULL);
    int actual_width = gtk_widget_get_width (widget);
    int actual_height = gtk_widget_get_height (widget);
    if (actual_width > width || actual_height > height) {
        int min_width = 0, min_height = 0;
        gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
        gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
        g_string_append_printf (problems, "window is %d×%d, asked %d×%d: its minimum is %d×%d\n",
                                actual_width, actual_height, width, height, min_width, min_height);
    }
    else if (actual_width != width || actual_height != height)
        g_string_append_printf (problems, "window is %d×%d, asked %d×%d\n",
                                actual_width, actual_height, width, height);
    graphene_rect_t limit = GRAPHENE_RECT_INIT (0, 0, actual_width, actual_height);
    s_fit_walk (widget, widget, &limit, TRUE, TRUE, "outside the window", problems);
    return problems;
}

char *
gui_fit_problems (GtkWindow *window, int width, int height)
{
    GtkWidget *widget = GTK_WIDGET (window);
    gtk_window_set_default_size (window, width, height);
    GdkDisplay *display = gtk_widget_get_display (widget);
    GListModel *monitors = gdk_display_get_monitors (display);
    GdkMonitor *monitor = g_list_model_get_n_items (monitors) > 0
                        ? g_list_model_get_item (monitors, 0) : NULL;
    if (monitor) {
        GdkRectangle geometry;
        gdk_monitor_get_geometry (monitor, &geometry);
        if (width > geometry.width || height > geometry.height)
            gtk_widget_set_size_request (widget, width, height);
        g_object_unref (monitor);
    }
    if (!gtk_widget_get_visible (widget))
        gtk_window_present (window);
    s_size_wait_t wait = { window, width, height };
    gui_wait_until (s_allocated_at, &wait, 5000);
    //  What the new size (or the screen just shown) changes is laid out
    //  over the next frames, later on a busy machine: the window is walked
    //  after each frame it draws until it fits, for up to 5 s.
    GString *problems = NULL;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
    do {
        if (problems)
            g_string_free (problems, TRUE);
        s_next_frame (widget);
        problems = s_fit_check (widget, width, height);
    } while (problems->len > 0 && g_get_monotonic_time () < deadline);
    if (problems->len == 0) {
        g_string_free (problems, TRUE);
        return NULL;
    }
    return g_string_free (problems, FALSE);
}

//  ---- gui_foreign_fonts -------------------------------------------------------

static void
s_fonts_walk (GtkWidget *widget, GString *found)
{
    if (!gtk_widget_get_mapped (widget))
        return;
    if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget))) {
        const PangoFontDescription *font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
        const char *families = font ? pango_font_description_get_family (font) : NULL;
        g_auto (GStrv) list = g_strsplit (families ? families : "", ",", 2);
        const char *first = list[0] ? g_strstrip (list[0]) : "";
        if (strcmp (first, "Noto Sans CJK SC") != 0 && strcmp (first, "Noto Sans Mono CJK SC") != 0)
            g_string_append_printf (found, "\"%s\": %s\n", gtk_label_get_text (GTK_LABEL (widget)),
                                    families ? families : "(none)");
    }
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        s_fonts_walk (child, found);
}

char *
gui_foreign_fonts (GtkWidget *root)
{
    GString *found = g_string_new (NULL);
    s_fonts_walk (root, found);
    if (found->len == 0) {
        g_string_free (found, TRUE);
        return NULL;
    }
    return g_string_free (found, FALSE);
}
