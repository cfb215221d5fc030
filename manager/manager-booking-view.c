/*  manager-booking-view.c — see manager-booking-view.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-booking-view.h"
#include "manager-format.h"
#include "manager-grid.h"
#include "manager-resources.h"
#include "i18n.h"

struct _ManagerBookingView {
    GtkBox      parent_instance;
    GtkListBox *day_list;
    GtkLabel   *title_label;
    GtkLabel   *totals_label;
    GtkLabel   *empty_label;
    GtkLabel   *placeholder;  /* the day list's, while it is empty */
    GtkGrid    *grid;
    json_t     *summary;      /* the last booking.summary (a reference) */
    char       *today;        /* the hall's day it was rendered for */
    char       *day;          /* the day shown */
    GHashTable *names;        /* category code -> its name in the UI language */
    gboolean    filling;      /* the day list is being rebuilt: ignore its selection */
};

G_DEFINE_FINAL_TYPE (ManagerBookingView, manager_booking_view, GTK_TYPE_BOX)

/* A slot's (or a sum's) counts. */
typedef struct {
    int capacity, booked, checked_in, noshow, cancelled;
} counts_t;

static void
s_add (counts_t *sum, json_t *slot)
{
    sum->capacity += (int) json_integer_value (json_object_get (slot, "capacity"));
    sum->booked += (int) json_integer_value (json_object_get (slot, "booked"));
    sum->checked_in += (int) json_integer_value (json_object_get (slot, "checked_in"));
    sum->noshow += (int) json_integer_value (json_object_get (slot, "noshow"));
    sum->cancelled += (int) json_integer_value (json_object_get (slot, "cancelled"));
}

/* The day's counts over every category and slot. */
static counts_t
s_day_counts (json_t *day)
{
    counts_t sum = { 0 };
    size_t i, j;
    json_t *category, *slot;
    json_array_foreach (json_object_get (day, "categories"), i, category)
        json_array_foreach (json_object_get (category, "slots"), j, slot)
            s_add (&sum, slot);
    return sum;
}

static json_t *
s_find_day (ManagerBookingView *self, const char *day)
{
    size_t i;
    json_t *item;
    json_array_foreach (json_object_get (self->summary, "days"), i, item)
        if (g_strcmp0 (json_string_value (json_object_get (item, "day")), day) == 0)
            return item;
    return NULL;
}

/* "11-27 周五", and " 今天" for the hall's today.  g_free. */
static char *
s_day_text (ManagerBookingView *self, const char *day)
{
    static const char *const weekdays[] = { N_("周一"), N_("周二"), N_("周三"), N_("周四"), N_("周五"),
                                            N_("周六"), N_("周日") };
    int y, m, d;
    if (!day || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
        return g_strdup (day ? day : "");
    GDate date;
    g_date_clear (&date, 1);
    g_date_set_dmy (&date, d, m, y);
    const char *weekday = _(weekdays[g_date_get_weekday (&date) - 1]);
    if (g_strcmp0 (day, self->today) == 0)
        return g_strdup_printf ("%02d-%02d %s %s", m, d, weekday, _("今天"));
    return g_strdup_printf ("%02d-%02d %s", m, d, weekday);
}

/* One figure cell: named "booking-FIGURE-CODE[-START]". */
static void
s_figure (ManagerBookingView *self, int col, int row, int value, const char *css, const char *figure,
          const char *code, const char *start)
{
    g_autofree char *text = g_strdup_printf ("%d", value);
    g_autofree char *name = start ? g_strdup_printf ("booking-%s-%s-%s", figure, code, start)
                                  : g_strdup_printf ("booking-%s-%s", figure, code);
    manager_grid_cell (self->grid, col, row, text, css, name);
}

/* A row of COUNTS from column 2 on; a slot's when START is set, else the
 * category's subtotal. */
static void
s_counts_row (ManagerBookingView *self, int row, const counts_t *c, const char *code, const char *start)
{
    const char *css = start ? "figure" : "head";
    int free = MAX (c->capacity - c->booked, 0);
    s_figure (self, 2, row, c->capacity, start ? "dim" : css, "capacity", code, start);
    s_figure (self, 3, row, c->booked, css, "booked", code, start);
    s_figure (self, 4, row, free, start && c->capacity > 0 && free == 0 ? "bad" : css, "free", code, start);
    s_figure (self, 5, row, c->checked_in, css, "checked-in", code, start);
    s_figure (self, 6, row, c->noshow, start && c->noshow > 0 ? "bad" : css, "noshow", code, start);
    s_figure (self, 7, row, c->cancelled, css, "cancelled", code, start);
}

static void
s_show_day (ManagerBookingView *self)
{
    manager_grid_clear (self->grid);
    json_t *day = s_find_day (self, self->day);
    g_autofree char *title = day ? s_day_text (self, self->day) : g_strdup ("");
    gtk_label_set_text (self->title_label, title);
    if (!day) {
        gtk_label_set_text (self->totals_label, "");
        return;
    }
    counts_t all = s_day_counts (day);
    g_autofree char *totals = g_strdup_printf (_("名额 %d · 已约 %d · 已签到 %d · 未到 %d · 已取消 %d"),
                                               all.capacity, all.booked, all.checked_in, all.noshow,
                                               all.cancelled);
    gtk_label_set_text (self->totals_label, totals);
    const char *headers[] = { _("业务"), _("时段"), _("名额"), _("已约"), _("余位"), _("已签到"), _("未到"),
                              _("已取消"), NULL };
    manager_grid_header (self->grid, headers);
    int r = 1;
    size_t i, j;
    json_t *category, *slot;
    json_array_foreach (json_object_get (day, "categories"), i, category) {
        json_t *slots = json_object_get (category, "slots");
        if (json_array_size (slots) == 0)
            continue;
        const char *code = json_string_value (json_object_get (category, "category"));
        const char *name = g_hash_table_lookup (self->names, code ? code : "");
        if (!name)
            name = json_string_value (json_object_get (category, "name"));
        counts_t sum = { 0 };
        json_array_foreach (slots, j, slot) {
            counts_t one = { 0 };
            s_add (&one, slot);
            s_add (&sum, slot);
            const char *start = json_string_value (json_object_get (slot, "start"));
            g_autofree char *span = g_strdup_printf ("%s-%s", start ? start : "?",
                                                     json_string_value (json_object_get (slot, "end")) ?: "?");
            manager_grid_cell (self->grid, 0, r, j == 0 ? (name ? name : code) : "", "name", NULL);
            manager_grid_cell (self->grid, 1, r, span, "figure", NULL);
            s_counts_row (self, r++, &one, code, start ? start : "?");
        }
        manager_grid_cell (self->grid, 1, r, _("小计"), "head", NULL);
        s_counts_row (self, r++, &sum, code, NULL);
    }
}

static void
s_row_selected (GtkListBox *list, GtkListBoxRow *row, ManagerBookingView *self)
{
    if (self->filling || !row)
        return;
    const char *day = g_object_get_data (G_OBJECT (row), "day");
    if (g_strcmp0 (day, self->day) == 0)
        return;
    g_free (self->day);
    self->day = g_strdup (day);
    s_show_day (self);
}

/* The day list again, with the shown day selected. */
static void
s_fill_days (ManagerBookingView *self)
{
    self->filling = TRUE;
    GtkListBoxRow *old;
    while ((old = gtk_list_box_get_row_at_index (self->day_list, 0)))   /* the placeholder stays */
        gtk_list_box_remove (self->day_list, GTK_WIDGET (old));
    size_t i;
    json_t *day;
    json_array_foreach (json_object_get (self->summary, "days"), i, day) {
        const char *text = json_string_value (json_object_get (day, "day"));
        counts_t c = s_day_counts (day);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
        g_autofree char *label = s_day_text (self, text);
        GtkWidget *when = gtk_label_new (label);
        g_autofree char *when_name = g_strdup_printf ("booking-day-%s", text);
        gtk_widget_set_name (when, when_name);
        gtk_label_set_xalign (GTK_LABEL (when), 0.0f);
        gtk_widget_set_hexpand (when, TRUE);
        g_autofree char *count = g_strdup_printf (_("已约 %d/%d"), c.booked, c.capacity);
        GtkWidget *booked = gtk_label_new (count);
        g_autofree char *booked_name = g_strdup_printf ("booking-day-booked-%s", text);
        gtk_widget_set_name (booked, booked_name);
        gtk_widget_add_css_class (booked, c.capacity > 0 && c.booked >= c.capacity ? "bad" : "figure");
        gtk_box_append (GTK_BOX (box), when);
        gtk_box_append (GTK_BOX (box), booked);
        gtk_list_box_append (self->day_list, box);
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->day_list, (int) i);
        g_object_set_data_full (G_OBJECT (row), "day", g_strdup (text), g_free);
        gtk_widget_add_css_class (GTK_WIDGET (row), "booking-day");
        g_autofree char *row_text = g_strdup_printf ("%s %s", label, count);
        gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, row_text, -1);
        if (g_strcmp0 (text, self->day) == 0)
            gtk_list_box_select_row (self->day_list, row);
    }
    self->filling = FALSE;
}

void
manager_booking_view_render (ManagerBookingView *self, json_t *summary, hall_mirror_t *mirror)
{
    if (summary != self->summary) {
        json_decref (self->summary);
        self->summary = summary ? json_incref (summary) : NULL;
    }
    g_free (self->today);
    self->today = g_strdup (mirror ? hall_mirror_day (mirror) : NULL);
    g_hash_table_remove_all (self->names);
    size_t i;
    json_t *category;
    json_array_foreach (mirror ? hall_mirror_categories (mirror) : NULL, i, category) {
        const char *code = json_string_value (json_object_get (category, "code"));
        if (code)
            g_hash_table_insert (self->names, g_strdup (code), g_strdup (manager_category_name (category, code)));
    }
    /* The chosen day while it is shown; past midnight, or at first, today. */
    json_t *days = json_object_get (self->summary, "days");
    if (!s_find_day (self, self->day)) {
        g_free (self->day);
        self->day = g_strdup (json_string_value (json_object_get (json_array_get (days, 0), "day")));
    }
    gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->summary && json_array_size (days) == 0);
    gtk_label_set_text (self->placeholder, self->summary ? _("近期没有可预约的日子") : _("正在读取预约……"));
    s_fill_days (self);
    s_show_day (self);
}

void
manager_booking_view_select_day (ManagerBookingView *self, const char *day)
{
    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->day_list, i);
        if (!row)
            return;
        if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "day"), day) == 0) {
            gtk_list_box_select_row (self->day_list, row);
            return;
        }
    }
}

const char *
manager_booking_view_day (ManagerBookingView *self)
{
    return self->day;
}

/* ---- life cycle --------------------------------------------------------------- */

static void
manager_booking_view_finalize (GObject *object)
{
    ManagerBookingView *self = MANAGER_BOOKING_VIEW (object);
    json_decref (self->summary);
    g_free (self->today);
    g_free (self->day);
    g_hash_table_destroy (self->names);
    G_OBJECT_CLASS (manager_booking_view_parent_class)->finalize (object);
}

static void
manager_booking_view_class_init (ManagerBookingViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = manager_booking_view_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-booking-view.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerBookingView, day_list);
    gtk_widget_class_bind_template_child (widget_class, ManagerBookingView, title_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerBookingView, totals_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerBookingView, empty_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerBookingView, grid);
}

static void
manager_booking_view_init (ManagerBookingView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->placeholder = GTK_LABEL (gtk_label_new (_("正在读取预约……")));
    gtk_widget_add_css_class (GTK_WIDGET (self->placeholder), "dim");
    gtk_list_box_set_placeholder (self->day_list, GTK_WIDGET (self->placeholder));
    g_signal_connect (self->day_list, "row-selected", G_CALLBACK (s_row_selected), self);
}

GtkWidget *
manager_booking_view_new (void)
{
    return g_object_new (MANAGER_TYPE_BOOKING_VIEW, NULL);
}
