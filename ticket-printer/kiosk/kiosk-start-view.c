/*  kiosk-start-view.c — the start screen (kiosk-start-view.h). */
#define G_LOG_DOMAIN "kiosk"
#include "kiosk-start-view.h"
#include "kiosk-text.h"
#include "kiosk-ui.h"
#include "ticket.h"

//  One category's button and the labels in it.
typedef struct {
    GtkWidget *button;
    GtkWidget *name;        //  name in the current language
    GtkWidget *sub;         //  name in the other language
    GtkWidget *load;        //  "等待 4 人 · 约 12 分钟" or why not
    GtkWidget *route;       //  a journey's steps, "企业登记 → 印章刻制 → …"; NULL for a category
} s_tile_t;

//  One group's title and buttons, from their making to their place in a band.
typedef struct {
    GtkWidget *title;
    GPtrArray *buttons;     //  GtkButton, in display order
} s_group_t;

struct _KioskStartView {
    GtkBox      parent;
    GtkWidget  *offline_label;
    GtkWidget  *prompt_label;
    GtkWidget  *groups_box;
    GtkWidget  *appointment_button;
    GtkWidget  *hint_label;
    GtkWidget  *staff_button;
    GHashTable *tiles;          //  code -> s_tile_t
    GHashTable *journey_tiles;  //  journey code -> s_tile_t
    GPtrArray  *group_titles;   //  GtkLabel, group name (zh) in "group" data
    char       *layout_key;     //  codes, groups and columns the buttons were laid out for
    int         columns;        //  buttons per row, in every band
    gboolean    large;          //  大字模式: no second language on the buttons
};

enum { SIGNAL_CATEGORY_CHOSEN, SIGNAL_JOURNEY_CHOSEN, SIGNAL_APPOINTMENT, SIGNAL_STAFF, N_SIGNALS };
static guint s_signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskStartView, kiosk_start_view, GTK_TYPE_BOX)

//  The groups halls use, in the order they are shown, and their names.
static const char *s_groups [] = { N_("办事"), N_("咨询"), N_("项目") };
//  The journeys' group, shown above the categories: a hall puts its
//  "一件事" themes first.
static const char *s_journey_group = N_("一件事");

static void
s_category_clicked (GtkButton *button, KioskStartView *self)
{
    const char *code = g_object_get_data (G_OBJECT (button), "code");
    g_signal_emit (self, s_signals[SIGNAL_CATEGORY_CHOSEN], 0, code);
}

static void
s_journey_clicked (GtkButton *button, KioskStartView *self)
{
    const char *code = g_object_get_data (G_OBJECT (button), "code");
    g_signal_emit (self, s_signals[SIGNAL_JOURNEY_CHOSEN], 0, code);
}

static void
s_appointment_clicked (GtkButton *button, KioskStartView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_APPOINTMENT], 0);
}

static void
s_staff_clicked (GtkButton *button, KioskStartView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_STAFF], 0);
}

static void
kiosk_start_view_dispose (GObject *object)
{
    KioskStartView *self = KIOSK_START_VIEW (object);
    g_clear_pointer (&self->tiles, g_hash_table_destroy);
    g_clear_pointer (&self->journey_tiles, g_hash_table_destroy);
    g_clear_pointer (&self->group_titles, g_ptr_array_unref);
    g_clear_pointer (&self->layout_key, g_free);
    gtk_widget_dispose_template (GTK_WIDGET (object), KIOSK_TYPE_START_VIEW);
    G_OBJECT_CLASS (kiosk_start_view_parent_class)->dispose (object);
}

static void
kiosk_start_view_class_init (KioskStartViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = kiosk_start_view_dispose;
    kiosk_ui_ensure_resources ();
    gtk_widget_class_set_template_from_resource (widget_class, KIOSK_UI_PATH "kiosk-start-view.ui");
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, offline_label);
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, prompt_label);
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, groups_box);
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, appointment_button);
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, hint_label);
    gtk_widget_class_bind_template_child (widget_class, KioskStartView, staff_button);
    s_signals[SIGNAL_CATEGORY_CHOSEN] = g_signal_new ("category-chosen", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_JOURNEY_CHOSEN] = g_signal_new ("journey-chosen", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    s_signals[SIGNAL_APPOINTMENT] = g_signal_new ("appointment", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_STAFF] = g_signal_new ("staff", G_TYPE_FROM_CLASS (klass),
        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
kiosk_start_view_init (KioskStartView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->journey_tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->group_titles = g_ptr_array_new ();
    self->columns = 4;
    g_signal_connect (self->appointment_button, "clicked", G_CALLBACK (s_appointment_clicked), self);
    g_signal_connect (self->staff_button, "clicked", G_CALLBACK (s_staff_clicked), self);
}

GtkWidget *
kiosk_start_view_new (void)
{
    return g_object_new (KIOSK_TYPE_START_VIEW, NULL);
}

void
kiosk_start_view_set_columns (KioskStartView *self, int columns)
{
    //  The layout key holds the columns: the next update lays out again.
    self->columns = CLAMP (columns, 1, 6);
}

//  Calls FUNC on every tile, categories' and journeys'.
static void
s_tiles_foreach (KioskStartView *self, void (*func) (s_tile_t *tile, gboolean on), gboolean on)
{
    GHashTable *all [] = { self->tiles, self->journey_tiles };
    for (size_t t = 0; t < G_N_ELEMENTS (all); t++) {
        GHashTableIter iter;
        gpointer value;
        g_hash_table_iter_init (&iter, all [t]);
        while (g_hash_table_iter_next (&iter, NULL, &value))
            func (value, on);
    }
}

static void
s_tile_show_sub (s_tile_t *tile, gboolean on)
{
    gtk_widget_set_visible (tile->sub, on);
}

static void
s_tile_set_sensitive (s_tile_t *tile, gboolean on)
{
    gtk_widget_set_sensitive (tile->button, on);
}

void
kiosk_start_view_set_large (KioskStartView *self, gboolean large)
{
    self->large = large;
    s_tiles_foreach (self, s_tile_show_sub, !large);
}

//  Index of GROUP among the known groups, or their count for another.
static guint
s_group_rank (const char *group)
{
    if (g_strcmp0 (group, s_journey_group) == 0)
        return 0;               //  translated, as the known groups are
    for (guint i = 0; i < G_N_ELEMENTS (s_groups); i++)
        if (g_strcmp0 (group, s_groups [i]) == 0)
            return i;
    return G_N_ELEMENTS (s_groups);
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

//  The categories in display order: known groups first, then the others
//  in the order met; within a group by position (the mirror's order).
static GPtrArray *
s_ordered_groups (json_t *categories)
{
    GPtrArray *names = g_ptr_array_new ();
    for (guint i = 0; i < G_N_ELEMENTS (s_groups); i++)
        g_ptr_array_add (names, (gpointer) s_groups [i]);
    size_t index;
    json_t *category;
    json_array_foreach (categories, index, category) {
        const char *group = s_str (category, "group");
        gboolean known = FALSE;
        for (guint i = 0; i < names->len; i++)
            known |= g_strcmp0 (g_ptr_array_index (names, i), group) == 0;
        if (!known)
            g_ptr_array_add (names, (gpointer) group);
    }
    return names;
}

static char *
s_layout_key (json_t *categories, json_t *journeys, int columns)
{
    GString *key = g_string_new (NULL);
    g_string_append_printf (key, "%d\x1c", columns);
    size_t index;
    json_t *item;
    json_array_foreach (journeys, index, item)
        g_string_append_printf (key, "%s\x1d", s_str (item, "code"));
    json_array_foreach (categories, index, item)
        g_string_append_printf (key, "%s\x1f%s\x1e", s_str (item, "code"), s_str (item, "group"));
    return g_string_free (key, FALSE);
}

static GtkWidget *
s_label (const char *css_class, const char *name)
{
    GtkWidget *label = gtk_label_new (NULL);
    gtk_widget_add_css_class (label, css_class);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    //  A word wider than the button breaks rather than widen every
    //  column: four columns of large print must fit a smaller screen.
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
    if (name)
        gtk_widget_set_name (label, name);
    return label;
}

//  A new group named NAME: its title, no buttons yet.
static s_group_t *
s_group_new (KioskStartView *self, const char *name)
{
    s_group_t *group = g_new0 (s_group_t, 1);
    group->title = s_label ("group-title", NULL);
    gtk_label_set_xalign (GTK_LABEL (group->title), 0);
    g_object_set_data_full (G_OBJECT (group->title), "group", g_strdup (name), g_free);
    g_ptr_array_add (self->group_titles, group->title);
    group->buttons = g_ptr_array_new ();
    return group;
}

static void
s_group_free (gpointer data)
{
    s_group_t *group = data;
    g_ptr_array_unref (group->buttons);
    g_free (group);
}

//  A button in GROUP named KIND-CODE ("category", "journey"), its labels
//  KIND-name-CODE and KIND-load-CODE (and KIND-route-CODE with ROUTE).
static s_tile_t *
s_add_tile (KioskStartView *self, s_group_t *group, const char *kind, const char *code,
            gboolean route, GCallback clicked)
{
    s_tile_t *tile = g_new0 (s_tile_t, 1);
    tile->button = gtk_button_new ();
    g_autofree char *name = g_strdup_printf ("%s-%s", kind, code);
    gtk_widget_set_name (tile->button, name);
    gtk_widget_add_css_class (tile->button, "category");
    if (route)
        gtk_widget_add_css_class (tile->button, "journey");
    g_object_set_data_full (G_OBJECT (tile->button), "code", g_strdup (code), g_free);
    //  Centred: a band's row is as tall as its tallest button.
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
    g_autofree char *name_id = g_strdup_printf ("%s-name-%s", kind, code);
    g_autofree char *load_id = g_strdup_printf ("%s-load-%s", kind, code);
    g_autofree char *route_id = g_strdup_printf ("%s-route-%s", kind, code);
    tile->name = s_label ("category-name", name_id);
    tile->sub = s_label ("category-sub", NULL);
    tile->load = s_label ("category-load", load_id);
    gtk_box_append (GTK_BOX (box), tile->name);
    gtk_box_append (GTK_BOX (box), tile->sub);
    gtk_widget_set_visible (tile->sub, !self->large);
    if (route) {
        tile->route = s_label ("journey-route", route_id);
        gtk_box_append (GTK_BOX (box), tile->route);
    }
    gtk_box_append (GTK_BOX (box), tile->load);
    gtk_button_set_child (GTK_BUTTON (tile->button), box);
    g_signal_connect (tile->button, "clicked", clicked, self);
    g_ptr_array_add (group->buttons, tile->button);
    return tile;
}

//  A new band, appended: a grid of equal columns, the titles of its
//  groups on its first row, their buttons under them.
static GtkGrid *
s_add_band (KioskStartView *self)
{
    GtkWidget *band = gtk_grid_new ();
    gtk_grid_set_column_homogeneous (GTK_GRID (band), TRUE);
    gtk_grid_set_column_spacing (GTK_GRID (band), 16);
    gtk_grid_set_row_spacing (GTK_GRID (band), 16);
    gtk_box_append (GTK_BOX (self->groups_box), band);
    return GTK_GRID (band);
}

//  BAND's columns from COLUMN on stay empty: an empty cell keeps them, or
//  the band's buttons would widen to fill the row.  With all its columns
//  in every band, a button is as wide in one band as in another.
static void
s_close_band (KioskStartView *self, GtkGrid *band, int column)
{
    if (band && column < self->columns)
        gtk_grid_attach (band, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0), column, 0,
                         self->columns - column, 1);
}

//  GROUPS in order, in bands of self->columns columns: groups share a
//  band while their buttons fit in the columns it has left; a group with
//  more buttons than columns has its band to itself, its buttons wrapping
//  onto more rows.  Side by side, groups take less of the screen's height
//  than one above another (the demo hall in 4 columns: 一件事 1 | 办事 3,
//  then 咨询 2 | 项目 2).
static void
s_lay_out (KioskStartView *self, GPtrArray *groups)
{
    GtkGrid *band = NULL;
    int column = 0;                 //  the band's first free column
    for (guint g = 0; g < groups->len; g++) {
        s_group_t *group = g_ptr_array_index (groups, g);
        int count = (int) group->buttons->len;
        int span = MIN (count, self->columns);
        if (!band || column + span > self->columns) {
            s_close_band (self, band, column);
            band = s_add_band (self);
            column = 0;
        }
        gtk_grid_attach (band, group->title, column, 0, span, 1);
        for (int i = 0; i < count; i++)
            gtk_grid_attach (band, g_ptr_array_index (group->buttons, i),
                             column + i % self->columns, 1 + i / self->columns, 1, 1);
        column += span;
    }
    s_close_band (self, band, column);
}

static void
s_rebuild (KioskStartView *self, json_t *categories, json_t *journeys)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (self->groups_box)))
        gtk_box_remove (GTK_BOX (self->groups_box), child);
    g_hash_table_remove_all (self->tiles);
    g_hash_table_remove_all (self->journey_tiles);
    g_ptr_array_set_size (self->group_titles, 0);
    g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (s_group_free);
    size_t index;
    json_t *journey;
    s_group_t *journey_group = NULL;
    json_array_foreach (journeys, index, journey) {
        const char *code = s_str (journey, "code");
        if (!journey_group) {
            journey_group = s_group_new (self, s_journey_group);
            g_ptr_array_add (shown, journey_group);
        }
        g_hash_table_insert (self->journey_tiles, g_strdup (code),
                             s_add_tile (self, journey_group, "journey", code, TRUE,
                                         G_CALLBACK (s_journey_clicked)));
    }
    g_autoptr (GPtrArray) names = s_ordered_groups (categories);
    for (guint g = 0; g < names->len; g++) {
        const char *name = g_ptr_array_index (names, g);
        s_group_t *group = NULL;
        json_t *category;
        json_array_foreach (categories, index, category) {
            if (g_strcmp0 (s_str (category, "group"), name) != 0)
                continue;
            if (!group) {
                group = s_group_new (self, name);
                g_ptr_array_add (shown, group);
            }
            const char *code = s_str (category, "code");
            g_hash_table_insert (self->tiles, g_strdup (code),
                                 s_add_tile (self, group, "category", code, FALSE,
                                             G_CALLBACK (s_category_clicked)));
        }
    }
    s_lay_out (self, shown);
}

//  What CATEGORY's button says under its name (or a journey's whose
//  first step it is), and whether it can be taken now.
static char *
s_load_text (KioskController *controller, json_t *category, kiosk_category_state_t *state_p)
{
    kiosk_category_state_t state = category ? kiosk_controller_category_state (controller, category)
                                            : KIOSK_CATEGORY_CLOSED;
    *state_p = state;
    switch (state) {
    case KIOSK_CATEGORY_CLOSED:
        return g_strdup (kiosk_tr (N_("暂停取号")));
    case KIOSK_CATEGORY_FULL:
        return g_strdup (kiosk_tr (N_("今日号已取完")));
    case KIOSK_CATEGORY_OUTSIDE_HOURS:
        return g_strdup_printf (kiosk_tr (N_("不在取号时间（%s）")), s_str (category, "hours"));
    default: {
        int waiting = 0;
        hall_estimate_t wait = kiosk_controller_category_wait (controller, s_str (category, "code"), &waiting);
        return kiosk_text_category_load (waiting, wait);
    }
    }
}

//  TILE shows NAMED's name and name_en (a category's or a journey's) and
//  the load of CATEGORY (a journey's first step); tappable when ENABLED
//  and the category can be taken now.
static void
s_show_tile (s_tile_t *tile, json_t *named, json_t *category, KioskController *controller,
             gboolean english, gboolean enabled)
{
    const char *zh = s_str (named, "name");
    const char *en = *s_str (named, "name_en") ? s_str (named, "name_en") : zh;
    gtk_label_set_text (GTK_LABEL (tile->name), english ? en : zh);
    gtk_label_set_text (GTK_LABEL (tile->sub), english ? zh : en);
    kiosk_category_state_t state;
    g_autofree char *load = s_load_text (controller, category, &state);
    gtk_label_set_text (GTK_LABEL (tile->load), load);
    //  Its labels are inside a box, which GTK 4.8 does not read out for the
    //  button: its accessible name says them (issue 18).
    g_autofree char *said = g_strdup_printf (english ? "%s, %s" : "%s，%s", english ? en : zh, load);
    gtk_accessible_update_property (GTK_ACCESSIBLE (tile->button), GTK_ACCESSIBLE_PROPERTY_LABEL, said, -1);
    if (state == KIOSK_CATEGORY_OPEN) {
        gtk_widget_remove_css_class (tile->load, "category-unavailable");
        gtk_widget_add_css_class (tile->load, "category-load");
    }
    else {
        gtk_widget_remove_css_class (tile->load, "category-load");
        gtk_widget_add_css_class (tile->load, "category-unavailable");
    }
    gtk_widget_set_sensitive (tile->button, enabled && state == KIOSK_CATEGORY_OPEN);
}

//  A journey's steps in the screen's language, "企业登记 → 印章刻制、社保登记
//  （可选） → 银行开户（可选）": the slip's route, on one line.
static char *
s_route_text (hall_mirror_t *mirror, json_t *journey, gboolean english)
{
    json_t *steps = json_object_get (journey, "steps");
    char *names [HALL_JOURNEY_MAX_STEPS] = { NULL };
    size_t i;
    json_t *step;
    json_array_foreach (steps, i, step) {
        if (i >= HALL_JOURNEY_MAX_STEPS)
            break;
        json_t *category = hall_mirror_category (mirror, s_str (step, "category"));
        const char *zh = s_str (category, "name");
        const char *en = s_str (category, "name_en");
        names [i] = (char *) (english && *en ? en : *zh ? zh : NULL);
    }
    return hall_ticket_print_route_text (steps, names, FALSE, kiosk_tr);
}

void
kiosk_start_view_update (KioskStartView *self, KioskController *controller)
{
    hall_mirror_t *mirror = kiosk_controller_mirror (controller);
    json_t *categories = hall_mirror_categories (mirror);
    json_t *journeys = kiosk_controller_journeys (controller);
    g_autofree char *key = s_layout_key (categories, journeys, self->columns);
    //  An empty mirror (a new session while the server is away) keeps
    //  the last buttons on screen, insensitive, under the offline banner.
    if (hall_mirror_loaded (mirror) && g_strcmp0 (key, self->layout_key) != 0) {
        s_rebuild (self, categories, journeys);
        g_free (self->layout_key);
        self->layout_key = g_steal_pointer (&key);
    }
    gboolean english = kiosk_text_language () == KIOSK_LANG_EN;
    gboolean online = kiosk_controller_online (controller);
    gboolean busy = kiosk_controller_busy (controller);
    gtk_label_set_text (GTK_LABEL (self->prompt_label),
                        busy ? kiosk_tr (N_("正在取号，请稍候……"))
                             : kiosk_tr (N_("请选择您要办理的业务")));
    gtk_label_set_text (GTK_LABEL (self->offline_label),
                        kiosk_tr (N_("暂时无法取号，请稍候或到服务台咨询")));
    gtk_widget_set_visible (self->offline_label, !online);
    gtk_button_set_label (GTK_BUTTON (self->appointment_button), kiosk_tr (N_("预约签到")));
    gtk_button_set_label (GTK_BUTTON (self->staff_button), kiosk_tr (N_("工作人员")));
    gtk_label_set_text (GTK_LABEL (self->hint_label),
                        kiosk_tr (N_("老年人、残疾人等请到服务台办理绿色通道")));
    for (guint i = 0; i < self->group_titles->len; i++) {
        GtkWidget *title = g_ptr_array_index (self->group_titles, i);
        const char *group = g_object_get_data (G_OBJECT (title), "group");
        gtk_label_set_text (GTK_LABEL (title),
                            s_group_rank (group) < G_N_ELEMENTS (s_groups) ? kiosk_tr (group) : group);
    }
    size_t index;
    json_t *journey;
    json_array_foreach (journeys, index, journey) {
        s_tile_t *tile = g_hash_table_lookup (self->journey_tiles, s_str (journey, "code"));
        if (!tile)
            continue;
        g_autofree char *route = s_route_text (mirror, journey, english);
        gtk_label_set_text (GTK_LABEL (tile->route), route ? route : "");
        //  The ticket is issued for the first step: its queue, its hours.
        const char *first = kiosk_controller_journey_first (controller, journey);
        s_show_tile (tile, journey, first ? hall_mirror_category (mirror, first) : NULL, controller,
                     english, online && !busy);
    }
    json_t *category;
    json_array_foreach (categories, index, category) {
        const char *code = s_str (category, "code");
        s_tile_t *tile = g_hash_table_lookup (self->tiles, code);
        if (!tile)
            continue;
        s_show_tile (tile, category, category, controller, english, online && !busy);
    }
    if (!online || busy)
        s_tiles_foreach (self, s_tile_set_sensitive, FALSE);
}
