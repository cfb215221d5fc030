/*  call-panel.c — see call-panel.h. */
#define G_LOG_DOMAIN "hall-display"
#include "call-panel.h"
#include "board-view.h"
#include "i18n.h"
#include "journey.h"

#define S_FLASH_MS     400      /* half a blink */
#define S_FLASH_TIMES  16       /* blinks for about 6 s */

struct _HallCallPanel {
    GtkBox     parent_instance;
    GtkWidget *title;           /* "正在呼叫" */
    GtkWidget *title_en;        /* "Now calling" */
    GtkWidget *current;         /* the box that flashes */
    GtkLabel  *number;          /* "A001" */
    GtkLabel  *window;          /* "→ 3号窗口" */
    GtkLabel  *step;            /* a journey's (一件事): "第 2 步 / 共 4 步：印章刻制" */
    GtkLabel  *english;         /* "A001 → Window 3" */
    guint      flash_id;        /* blink timer, or 0 */
    int        flash_left;      /* half-blinks still to do */
};

G_DEFINE_FINAL_TYPE (HallCallPanel, hall_call_panel, GTK_TYPE_BOX)

static void
hall_call_panel_dispose (GObject *object)
{
    HallCallPanel *self = HALL_CALL_PANEL (object);
    g_clear_handle_id (&self->flash_id, g_source_remove);
    G_OBJECT_CLASS (hall_call_panel_parent_class)->dispose (object);
}

static void
hall_call_panel_class_init (HallCallPanelClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = hall_call_panel_dispose;
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/call-panel.ui");
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, title);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, title_en);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, current);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, number);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, window);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, step);
    gtk_widget_class_bind_template_child (widget_class, HallCallPanel, english);
}

static void
hall_call_panel_init (HallCallPanel *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_label_set_text (GTK_LABEL (self->title), _("正在呼叫"));
    gtk_widget_set_visible (self->title_en, hall_view_bilingual ());
}

void
hall_call_panel_render (HallCallPanel *self, hall_mirror_t *mirror)
{
    json_t *call = hall_view_current_call (mirror);
    if (!call) {
        g_clear_handle_id (&self->flash_id, g_source_remove);
        gtk_widget_remove_css_class (self->current, "flash");
        gtk_label_set_text (self->number, "—");
        gtk_label_set_text (self->window, _("请留意叫号"));
        gtk_label_set_text (self->english, hall_view_bilingual () ? "Please watch for your number" : "");
        gtk_widget_remove_css_class (self->current, "active");
        gtk_widget_set_visible (GTK_WIDGET (self->step), FALSE);
        return;
    }
    const char *number = json_string_value (json_object_get (call, "number"));
    int window = (int) json_integer_value (json_object_get (call, "window"));
    g_autofree char *label = hall_view_window_label (window);
    g_autofree char *arrow = g_strdup_printf ("→ %s", label);
    g_autofree char *label_en = hall_view_window_label_en (window);
    /* A journey ticket (一件事) is called for one of its steps: say which,
     * on its own line so the number and the window keep their size. */
    json_t *ticket = hall_view_window_ticket (mirror, window);
    json_t *journey = json_object_get (ticket, "journey");
    g_autofree char *step = NULL, *step_en = NULL;
    if (json_is_object (journey)) {
        json_t *category = hall_mirror_category (mirror, json_string_value (json_object_get (ticket, "category")));
        step = hall_journey_text (journey, hall_view_category_name (category), !hall_view_bilingual ());
        step_en = hall_journey_text (journey, NULL, TRUE);
    }
    gtk_widget_set_visible (GTK_WIDGET (self->step), step != NULL);
    gtk_label_set_text (self->step, step ? step : "");
    g_autofree char *english = step_en ? g_strdup_printf ("%s → %s · %s", number, label_en, step_en)
                                       : g_strdup_printf ("%s → %s", number, label_en);
    gtk_label_set_text (self->number, number);
    gtk_label_set_text (self->window, arrow);
    gtk_label_set_text (self->english, hall_view_bilingual () ? english : "");
    gtk_widget_set_visible (GTK_WIDGET (self->english), hall_view_bilingual ());
    gtk_widget_add_css_class (self->current, "active");
}

static gboolean
s_blink (gpointer data)
{
    HallCallPanel *self = data;
    if (--self->flash_left <= 0) {
        gtk_widget_remove_css_class (self->current, "flash");
        self->flash_id = 0;
        return G_SOURCE_REMOVE;
    }
    if (self->flash_left % 2)
        gtk_widget_remove_css_class (self->current, "flash");
    else
        gtk_widget_add_css_class (self->current, "flash");
    return G_SOURCE_CONTINUE;
}

void
hall_call_panel_flash (HallCallPanel *self)
{
    g_clear_handle_id (&self->flash_id, g_source_remove);
    self->flash_left = S_FLASH_TIMES;
    gtk_widget_add_css_class (self->current, "flash");
    self->flash_id = g_timeout_add (S_FLASH_MS, s_blink, self);
}

gboolean
hall_call_panel_flashing (HallCallPanel *self)
{
    return self->flash_id != 0;
}
