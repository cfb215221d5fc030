/*  board-window.c — see board-window.h. */
#define G_LOG_DOMAIN "hall-display"
#include "board-window.h"
#include "day.h"
#include "board-view.h"
#include "call-panel.h"
#include "display-style.h"
#include "i18n.h"
#include "notice-bar.h"
#include "paused-panel.h"
#include "recent-panel.h"
#include "waiting-panel.h"

/* Screens narrower or lower than this get the compact style. */
#define S_COMPACT_BELOW_WIDTH  1600
#define S_COMPACT_BELOW_HEIGHT 900

struct _HallBoardWindow {
    GtkWindow         parent_instance;
    GtkWidget        *offline_banner;
    GtkLabel         *hall_name;
    GtkLabel         *hall_name_en;
    GtkLabel         *clock;
    GtkLabel         *date;
    HallCallPanel    *call_panel;
    HallRecentPanel  *recent_panel;
    HallWaitingPanel *waiting_panel;
    HallPausedPanel  *paused_panel;
    HallNoticeBar    *notice_bar;
    char             *notice;           /* --notice, or NULL: the hall's */
    int               asked_width;      /* default size last asked for (0: none) */
    int               asked_height;
    guint             settle_id;        /* idle: ask again for the size asked */
};

G_DEFINE_FINAL_TYPE (HallBoardWindow, hall_board_window, GTK_TYPE_WINDOW)

static void
hall_board_window_dispose (GObject *object)
{
    HallBoardWindow *self = HALL_BOARD_WINDOW (object);
    g_clear_pointer (&self->notice, g_free);
    g_clear_handle_id (&self->settle_id, g_source_remove);
    G_OBJECT_CLASS (hall_board_window_parent_class)->dispose (object);
}

/* The compact style when the screen the board is for (the default size
 * asked, or its monitor when that is smaller: full screen) is small.  The
 * board's own allocation cannot tell: the large style's minimum would keep
 * it large. */
static void
s_follow_size (HallBoardWindow *self)
{
    int width = self->asked_width, height = self->asked_height;
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));
    GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
    GdkMonitor *monitor = surface ? gdk_display_get_monitor_at_surface (display, surface) : NULL;
    if (monitor) {
        GdkRectangle geometry;
        gdk_monitor_get_geometry (monitor, &geometry);
        width = width > 0 ? MIN (width, geometry.width) : geometry.width;
        height = height > 0 ? MIN (height, geometry.height) : geometry.height;
    }
    gboolean compact = (width > 0 && width < S_COMPACT_BELOW_WIDTH)
                    || (height > 0 && height < S_COMPACT_BELOW_HEIGHT);
    if (compact)
        gtk_widget_add_css_class (GTK_WIDGET (self), "compact");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "compact");
}

/* After GTK wrote the old style's minimum back as the default size (a
 * board made smaller, laid out once more in the large style): ask again
 * for the size asked, now in the new style. */
static gboolean
s_settle (gpointer data)
{
    HallBoardWindow *self = data;
    self->settle_id = 0;
    int width = 0, height = 0;
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
    if (width != self->asked_width || height != self->asked_height)
        gtk_window_set_default_size (GTK_WINDOW (self), self->asked_width, self->asked_height);
    return G_SOURCE_REMOVE;
}

/* A new default width or height is either asked (by the program, a test,
 * or s_settle) or GTK's write-back of the window's minimum in the style
 * last laid out, when the size asked was smaller.  A write-back is told by
 * being more than asked and that minimum (the layout measured before the
 * new style applies); it is answered by asking again (s_settle).  A size
 * asked that happens to equal the large style's minimum keeps the style
 * it has: both fit it. */
static void
s_size_changed (GObject *object, GParamSpec *pspec, gpointer data)
{
    HallBoardWindow *self = HALL_BOARD_WINDOW (object);
    int width = 0, height = 0;
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
    gboolean is_width = g_str_equal (pspec->name, "default-width");
    int value = is_width ? width : height;
    int asked = is_width ? self->asked_width : self->asked_height;
    int minimum = 0;
    if (asked > 0 && value > asked)
        gtk_widget_measure (GTK_WIDGET (self), is_width ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL,
                            -1, &minimum, NULL, NULL, NULL);
    if (asked > 0 && value > asked && value == minimum) {
        if (!self->settle_id)
            self->settle_id = g_idle_add (s_settle, self);
        return;
    }
    if (is_width)
        self->asked_width = value;
    else
        self->asked_height = value;
    s_follow_size (self);
}

static void
hall_board_window_realize (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (hall_board_window_parent_class)->realize (widget);
    s_follow_size (HALL_BOARD_WINDOW (widget));
}

static void
hall_board_window_class_init (HallBoardWindowClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = hall_board_window_dispose;
    widget_class->realize = hall_board_window_realize;
    g_type_ensure (HALL_TYPE_CALL_PANEL);
    g_type_ensure (HALL_TYPE_RECENT_PANEL);
    g_type_ensure (HALL_TYPE_WAITING_PANEL);
    g_type_ensure (HALL_TYPE_PAUSED_PANEL);
    g_type_ensure (HALL_TYPE_NOTICE_BAR);
    gtk_widget_class_set_template_from_resource (widget_class, "/org/hall/display/board-window.ui");
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, offline_banner);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, hall_name);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, hall_name_en);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, clock);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, date);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, call_panel);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, recent_panel);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, waiting_panel);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, paused_panel);
    gtk_widget_class_bind_template_child (widget_class, HallBoardWindow, notice_bar);
}

static void
hall_board_window_init (HallBoardWindow *self)
{
    hall_display_style_init ();
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_window_set_title (GTK_WINDOW (self), _("叫号显示屏"));
    gtk_label_set_text (GTK_LABEL (self->offline_banner),
                        _("与服务器的连接已中断，正在重新连接…"));
    gtk_label_set_text (self->hall_name, _("政务服务中心"));
    gtk_widget_set_visible (GTK_WIDGET (self->hall_name_en), FALSE);
    g_signal_connect (self, "notify::default-width", G_CALLBACK (s_size_changed), NULL);
    g_signal_connect (self, "notify::default-height", G_CALLBACK (s_size_changed), NULL);
    gtk_window_get_default_size (GTK_WINDOW (self), &self->asked_width, &self->asked_height);
    s_follow_size (self);
}

HallBoardWindow *
hall_board_window_new (void)
{
    return g_object_new (HALL_TYPE_BOARD_WINDOW, NULL);
}

void
hall_board_window_render (HallBoardWindow *self, hall_mirror_t *mirror)
{
    json_t *hall = hall_mirror_loaded (mirror) ? hall_mirror_hall (mirror) : NULL;
    const char *name = json_string_value (json_object_get (hall, "name"));
    const char *name_en = json_string_value (json_object_get (hall, "name_en"));
    gboolean bilingual = hall_view_bilingual ();
    if (!bilingual && name_en && *name_en)
        name = name_en;
    if (name)
        gtk_label_set_text (self->hall_name, name);
    gtk_label_set_text (self->hall_name_en, name_en ? name_en : "");
    gtk_widget_set_visible (GTK_WIDGET (self->hall_name_en), bilingual && name_en && *name_en);
    hall_call_panel_render (self->call_panel, mirror);
    hall_recent_panel_render (self->recent_panel, mirror);
    hall_waiting_panel_render (self->waiting_panel, mirror);
    hall_paused_panel_render (self->paused_panel, mirror);
    const char *notice = self->notice ? self->notice
                                      : json_string_value (json_object_get (hall, "notice"));
    hall_notice_bar_set_text (self->notice_bar, notice ? notice : "");
}

void
hall_board_window_flash (HallBoardWindow *self)
{
    hall_call_panel_flash (self->call_panel);
}

gboolean
hall_board_window_flashing (HallBoardWindow *self)
{
    return hall_call_panel_flashing (self->call_panel);
}

void
hall_board_window_set_notice (HallBoardWindow *self, const char *notice)
{
    g_free (self->notice);
    self->notice = g_strdup (notice);
    if (notice)
        hall_notice_bar_set_text (self->notice_bar, notice);
}

void
hall_board_window_set_online (HallBoardWindow *self, gboolean online)
{
    /* The banner takes the notice bar's place (and height). */
    gtk_widget_set_visible (self->offline_banner, !online);
    gtk_widget_set_visible (GTK_WIDGET (self->notice_bar), online);
}

void
hall_board_window_set_key_refused (HallBoardWindow *self, gboolean refused)
{
    gtk_label_set_text (GTK_LABEL (self->offline_banner),
                        refused ? _("服务器拒绝了本设备的密钥（未登记或已吊销），请联系管理员")
                                : _("与服务器的连接已中断，正在重新连接…"));
}

void
hall_board_window_set_time (HallBoardWindow *self, gint64 time, const char *timezone)
{
    g_autoptr (GDateTime) local = hall_day_local (time, timezone);
    static const char *weekdays[] = { "", N_("星期一"), N_("星期二"), N_("星期三"),
                                      N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日") };
    g_autofree char *clock = g_date_time_format (local, "%H:%M:%S");
    g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");
    g_autofree char *date = g_strdup_printf ("%s %s", day,
                                             _(weekdays[g_date_time_get_day_of_week (local)]));
    gtk_label_set_text (self->clock, clock);
    gtk_label_set_text (self->date, date);
}
