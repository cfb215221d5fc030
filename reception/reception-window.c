/*  reception-window.c — hall-reception's toplevel (reception-window.h). */
#define G_LOG_DOMAIN "hall-reception"
#include "reception-window.h"
#include "reception-green-view.h"
#include "reception-lookup-view.h"
#include "reception-ui.h"

#include <glib/gi18n.h>

struct _ReceptionWindow {
    GtkApplicationWindow parent;
    ReceptionController *controller;
    GtkWidget *hall_label, *switcher, *online_label, *clock_label, *stack;
    GtkWidget *lookup_view, *green_view;
    guint      clock_id;     //  the status line's one-second tick
};

G_DEFINE_FINAL_TYPE (ReceptionWindow, reception_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- the status line ----------------------------------------------------- */

static void
s_update_clock (ReceptionWindow *self)
{
    json_t *hall = hall_mirror_hall (reception_controller_mirror (self->controller));
    const char *zone = json_string_value (json_object_get (hall, "timezone"));
    //  The hall's time on the server's clock, never this machine's zone.
    g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zone ? zone : "Asia/Shanghai");
    if (!tz)
        tz = g_time_zone_new_offset (8 * 3600);
    g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (reception_controller_now (self->controller));
    g_autoptr (GDateTime) local = now ? g_date_time_to_timezone (now, tz) : NULL;
    g_autofree char *text = local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
    gtk_label_set_text (GTK_LABEL (self->clock_label), text);
}

static gboolean
s_tick (gpointer user)
{
    s_update_clock (user);
    return G_SOURCE_CONTINUE;
}

static void
s_update_status (ReceptionWindow *self)
{
    ReceptionController *controller = self->controller;
    gboolean online = reception_controller_online (controller);
    const char *status = online ? _("已连接")
                       : reception_controller_key_refused (controller) ? _("设备密钥未登记")
                       : _("离线，正在重连");
    gtk_label_set_text (GTK_LABEL (self->online_label), status);
    if (online)
        gtk_widget_remove_css_class (self->online_label, "offline");
    else
        gtk_widget_add_css_class (self->online_label, "offline");
    hall_mirror_t *mirror = reception_controller_mirror (controller);
    json_t *hall = hall_mirror_hall (mirror);
    //  The English catalogue translates this field name to "name_en".
    const char *name = json_string_value (json_object_get (hall, C_("hall name field", "name")));
    if (!name || !*name)
        name = json_string_value (json_object_get (hall, "name"));
    g_autofree char *title = g_strdup_printf (_("%s · 导服台"), name ? name : _("政务服务中心"));
    gtk_label_set_text (GTK_LABEL (self->hall_label), title);
    s_update_clock (self);

    //  The categories: the keypad's letters and the green form's choice.
    json_t *categories = hall_mirror_categories (mirror);
    size_t count = json_array_size (categories);
    g_autoptr (GPtrArray) prefixes = g_ptr_array_new ();
    g_autoptr (GPtrArray) codes = g_ptr_array_new ();
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    for (size_t i = 0; i < count; i++) {
        json_t *category = json_array_get (categories, i);
        const char *prefix = json_string_value (json_object_get (category, "prefix"));
        const char *code = json_string_value (json_object_get (category, "code"));
        if (!code)
            continue;
        if (prefix)
            g_ptr_array_add (prefixes, (gpointer) prefix);
        g_ptr_array_add (codes, (gpointer) code);
        g_ptr_array_add (names, g_strdup_printf ("%s %s", prefix ? prefix : "",
                                                 reception_category_name (categories, code)));
    }
    g_ptr_array_add (prefixes, NULL);
    g_ptr_array_add (codes, NULL);
    g_ptr_array_add (names, NULL);
    if (count > 0) {
        reception_lookup_view_set_prefixes (RECEPTION_LOOKUP_VIEW (self->lookup_view),
                                            (const char *const *) prefixes->pdata);
        reception_green_view_set_categories (RECEPTION_GREEN_VIEW (self->green_view),
                                             (const char *const *) codes->pdata,
                                             (const char *const *) names->pdata);
    }
    gboolean busy = reception_controller_busy (controller);
    reception_lookup_view_set_busy (RECEPTION_LOOKUP_VIEW (self->lookup_view), busy);
    reception_green_view_set_busy (RECEPTION_GREEN_VIEW (self->green_view), busy);
}

/* ---- the controller's answers -------------------------------------------- */

static void
s_on_found (ReceptionController *controller, const reception_ticket_t *ticket, ReceptionWindow *self)
{
    reception_lookup_view_show_ticket (RECEPTION_LOOKUP_VIEW (self->lookup_view), ticket);
}

static void
s_on_done (ReceptionController *controller, int action, const char *number, const char *text,
           ReceptionWindow *self)
{
    if (action == RECEPTION_GREEN) {
        reception_green_view_say (RECEPTION_GREEN_VIEW (self->green_view), text, FALSE);
        reception_green_view_reset (RECEPTION_GREEN_VIEW (self->green_view));
    }
    else
        reception_lookup_view_say (RECEPTION_LOOKUP_VIEW (self->lookup_view), text, FALSE);
}

static void
s_on_failed (ReceptionController *controller, int action, int code, const char *text, ReceptionWindow *self)
{
    if (action == RECEPTION_GREEN)
        reception_green_view_say (RECEPTION_GREEN_VIEW (self->green_view), text, TRUE);
    else {
        if (action == RECEPTION_FIND)
            reception_lookup_view_show_ticket (RECEPTION_LOOKUP_VIEW (self->lookup_view), NULL);
        reception_lookup_view_say (RECEPTION_LOOKUP_VIEW (self->lookup_view), text, TRUE);
    }
}

static void
s_on_printed (ReceptionController *controller, gboolean ok, const char *number, const char *text,
              ReceptionWindow *self)
{
    if (g_str_equal (reception_window_page (self), "green"))
        reception_green_view_say (RECEPTION_GREEN_VIEW (self->green_view), text, !ok);
    else
        reception_lookup_view_say (RECEPTION_LOOKUP_VIEW (self->lookup_view), text, !ok);
}

/* ---- the views' intents -------------------------------------------------- */

static void
s_on_find (ReceptionWindow *self, const char *entered)
{
    reception_lookup_view_say (RECEPTION_LOOKUP_VIEW (self->lookup_view), NULL, FALSE);
    reception_controller_find (self->controller, entered);
}

static void
s_on_requeue (ReceptionWindow *self)
{
    reception_controller_requeue (self->controller);
}

static void
s_on_reprint (ReceptionWindow *self)
{
    reception_controller_reprint (self->controller);
}

static void
s_on_cancel (ReceptionWindow *self)
{
    reception_controller_cancel (self->controller);
}

static void
s_on_issue (ReceptionWindow *self, const char *category, const char *reason, const char *granter,
            const char *password)
{
    reception_green_view_say (RECEPTION_GREEN_VIEW (self->green_view), NULL, FALSE);
    reception_controller_issue_green (self->controller, category, reason, granter, password);
}

/* ---- life cycle ---------------------------------------------------------- */

static void
reception_window_dispose (GObject *object)
{
    ReceptionWindow *self = RECEPTION_WINDOW (object);
    g_clear_handle_id (&self->clock_id, g_source_remove);
    if (self->controller)
        g_signal_handlers_disconnect_by_data (self->controller, self);
    g_clear_object (&self->controller);
    gtk_widget_dispose_template (GTK_WIDGET (self), RECEPTION_TYPE_WINDOW);
    G_OBJECT_CLASS (reception_window_parent_class)->dispose (object);
}

static void
reception_window_class_init (ReceptionWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = reception_window_dispose;
    g_type_ensure (RECEPTION_TYPE_LOOKUP_VIEW);
    g_type_ensure (RECEPTION_TYPE_GREEN_VIEW);
    reception_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, RECEPTION_UI_PATH "reception-window.ui");
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, hall_label);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, switcher);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, online_label);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, clock_label);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, lookup_view);
    gtk_widget_class_bind_template_child (widget_class, ReceptionWindow, green_view);
}

static void
reception_window_init (ReceptionWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    reception_ui_load_css (gtk_widget_get_display (GTK_WIDGET (self)));
    g_signal_connect_swapped (self->lookup_view, "find", G_CALLBACK (s_on_find), self);
    g_signal_connect_swapped (self->lookup_view, "requeue", G_CALLBACK (s_on_requeue), self);
    g_signal_connect_swapped (self->lookup_view, "reprint", G_CALLBACK (s_on_reprint), self);
    g_signal_connect_swapped (self->lookup_view, "cancel", G_CALLBACK (s_on_cancel), self);
    g_signal_connect_swapped (self->green_view, "issue", G_CALLBACK (s_on_issue), self);
}

ReceptionWindow *
reception_window_new (GtkApplication *app, ReceptionController *controller)
{
    ReceptionWindow *self = g_object_new (RECEPTION_TYPE_WINDOW, "application", app, NULL);
    self->controller = g_object_ref (controller);
    g_signal_connect_swapped (controller, "changed", G_CALLBACK (s_update_status), self);
    g_signal_connect (controller, "found", G_CALLBACK (s_on_found), self);
    g_signal_connect (controller, "done", G_CALLBACK (s_on_done), self);
    g_signal_connect (controller, "failed", G_CALLBACK (s_on_failed), self);
    g_signal_connect (controller, "printed", G_CALLBACK (s_on_printed), self);
    self->clock_id = g_timeout_add_seconds (1, s_tick, self);
    s_update_status (self);
    return self;
}

void
reception_window_show_page (ReceptionWindow *self, const char *page)
{
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page);
}

const char *
reception_window_page (ReceptionWindow *self)
{
    const char *name = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));
    return name ? name : "";
}
