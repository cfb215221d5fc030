/*  manager-case-view.c — see manager-case-view.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-case-view.h"
#include "manager-case.h"
#include "manager-format.h"
#include "manager-resources.h"
#include "i18n.h"

#include <stdlib.h>

/* The columns: a header, a width in characters. */
static const struct { const char *title; int width; } s_columns[] = {
    { N_("号码 / 日期"), 16 }, { N_("业务"), 12 }, { N_("部门"), 12 }, { N_("窗口"), 5 }, { N_("工号"), 6 },
    { N_("等级"), 9 }, { N_("状态"), 13 }, { N_("实名"), 11 }, { N_("超期"), 5 }, { N_("申诉"), 9 },
};
#define N_COLUMNS G_N_ELEMENTS (s_columns)

struct _ManagerCaseView {
    GtkBox        parent_instance;
    GtkDropDown  *filter_drop;
    GtkEditable  *from_entry;
    GtkEditable  *to_entry;
    GtkEditable  *window_entry;
    GtkEditable  *clerk_entry;
    GtkEditable  *department_entry;
    GtkDropDown  *state_drop;
    GtkEditable  *matter_entry;
    GtkEditable  *number_entry;
    GtkButton    *search_button;
    GtkButton    *clear_button;
    GtkLabel     *total_label;
    GtkBox       *header;
    GtkListBox   *list;
    GtkSizeGroup *groups[N_COLUMNS];
    GArray       *ids;            /* gint64 per row shown */
};

G_DEFINE_FINAL_TYPE (ManagerCaseView, manager_case_view, GTK_TYPE_BOX)

enum { SIGNAL_SEARCH, SIGNAL_OPEN_CASE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *const s_filters[] = { "open", "overdue", "all" };

json_t *
manager_case_view_filter (ManagerCaseView *self)
{
    guint filter = gtk_drop_down_get_selected (self->filter_drop);
    json_t *args = json_pack ("{s:s}", "filter", s_filters[MIN (filter, 2u)]);
    struct { const char *key; GtkEditable *entry; } fields[] = {
        { "from", self->from_entry }, { "to", self->to_entry }, { "clerk", self->clerk_entry },
        { "department", self->department_entry }, { "matter", self->matter_entry },
        { "number", self->number_entry },
    };
    for (size_t i = 0; i < G_N_ELEMENTS (fields); i++) {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (fields[i].entry)));
        if (*text)
            json_object_set_new (args, fields[i].key, json_string (text));
    }
    const char *window = gtk_editable_get_text (self->window_entry);
    if (window && *window)
        json_object_set_new (args, "window", json_integer (atoi (window)));
    guint state = gtk_drop_down_get_selected (self->state_drop);
    const char *const *states = manager_case_states ();
    if (state > 0 && state <= g_strv_length ((char **) states))
        json_object_set_new (args, "state", json_string (states[state - 1]));
    json_object_set_new (args, "limit", json_integer (500));
    return args;
}

void
manager_case_view_set_filter (ManagerCaseView *self, int filter)
{
    gtk_drop_down_set_selected (self->filter_drop, (guint) CLAMP (filter, 0, 2));
}

GArray *
manager_case_view_ids (ManagerCaseView *self)
{
    return g_array_ref (self->ids);
}

/* ---- rendering ------------------------------------------------------------- */

static GtkWidget *
s_cell (ManagerCaseView *self, GtkBox *row, int col, const char *text, const char *name, const char *css)
{
    GtkWidget *label = gtk_label_new (text ? text : "");
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_width_chars (GTK_LABEL (label), s_columns[col].width);
    gtk_label_set_max_width_chars (GTK_LABEL (label), s_columns[col].width);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_add_css_class (label, "cell");
    if (css)
        gtk_widget_add_css_class (label, css);
    if (name)
        gtk_widget_set_name (label, name);
    gtk_size_group_add_widget (self->groups[col], label);
    gtk_box_append (row, label);
    return label;
}

static void
s_view_clicked (GtkButton *button, ManagerCaseView *self)
{
    gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (button), "case");
    g_signal_emit (self, s_signals[SIGNAL_OPEN_CASE], 0, id);
}

void
manager_case_view_render (ManagerCaseView *self, json_t *result, hall_mirror_t *mirror, const char *tz)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    g_array_set_size (self->ids, 0);
    if (!json_is_object (result)) {
        gtk_label_set_text (self->total_label, "");
        return;
    }
    json_t *cases = json_object_get (result, "cases");
    g_autofree char *total = g_strdup_printf (_("共找到 %d 件（显示 %d 件）· 全部未结 %d 件 · 超期 %d 件"),
        (int) json_integer_value (json_object_get (result, "total")), (int) json_array_size (cases),
        (int) json_integer_value (json_object_get (result, "open")),
        (int) json_integer_value (json_object_get (result, "overdue")));
    gtk_label_set_text (self->total_label, total);
    size_t i;
    json_t *kase;
    json_array_foreach (cases, i, kase) {
        gint64 id = json_integer_value (json_object_get (kase, "id"));
        g_array_append_val (self->ids, id);
        GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        g_autofree char *row_name = g_strdup_printf ("case-row-%" G_GINT64_FORMAT, id);
        gtk_widget_set_name (row, row_name);
        if (json_is_true (json_object_get (kase, "overdue")))
            gtk_widget_add_css_class (row, "alert-critical");
        json_t *rating = json_object_get (kase, "rating");
        const char *code = json_string_value (json_object_get (kase, "category"));
        g_autofree char *number = g_strdup_printf ("%s %s", json_string_value (json_object_get (kase, "number")) ?: "",
                                                   json_string_value (json_object_get (kase, "day")) ?: "");
        g_autofree char *window = g_strdup_printf ("%d", (int) json_integer_value (json_object_get (kase, "window")));
        const char *level = json_string_value (json_object_get (rating, "level_name"));
        const char *texts[N_COLUMNS] = {
            number, manager_category_name (hall_mirror_category (mirror, code), code),
            json_string_value (json_object_get (kase, "department")), window,
            json_string_value (json_object_get (kase, "clerk")), level ? level : _("办不成事反映"),
            manager_case_state_text (kase), manager_case_contact_text (kase),
            json_is_true (json_object_get (kase, "overdue")) ? _("已超期") : "", manager_case_appeal_text (kase),
        };
        static const char *const keys[N_COLUMNS] = { "number", "category", "department", "window", "clerk",
                                                      "level", "state", "contact", "overdue", "appeal" };
        for (size_t c = 0; c < N_COLUMNS; c++) {
            g_autofree char *name = g_strdup_printf ("case-%s-%" G_GINT64_FORMAT, keys[c], id);
            s_cell (self, GTK_BOX (row), (int) c, texts[c], name,
                    c == 8 && texts[c][0] ? "bad" : c == 7 && json_is_true (json_object_get (kase, "anonymous"))
                    ? "dim" : NULL);
        }
        GtkWidget *button = gtk_button_new_with_label (_("查看"));
        g_autofree char *button_name = g_strdup_printf ("case-view-%" G_GINT64_FORMAT, id);
        gtk_widget_set_name (button, button_name);
        gint64 *key = g_new (gint64, 1);
        *key = id;
        g_object_set_data_full (G_OBJECT (button), "case", key, g_free);
        g_signal_connect (button, "clicked", G_CALLBACK (s_view_clicked), self);
        gtk_box_append (GTK_BOX (row), button);
        gtk_list_box_append (self->list, row);
        g_autoptr (GString) row_text = g_string_new (NULL);
        for (size_t c = 0; c < N_COLUMNS; c++)
            if (texts[c] && *texts[c])
                g_string_append_printf (row_text, "%s%s", row_text->len ? " · " : "", texts[c]);
        gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, row_text->str, -1);
    }
    (void) tz;
}

/* ---- intents ------------------------------------------------------------------ */

static void
s_search (gpointer widget, ManagerCaseView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_SEARCH], 0);
}

static void
s_filter_chosen (GtkDropDown *drop, GParamSpec *pspec, ManagerCaseView *self)
{
    g_signal_emit (self, s_signals[SIGNAL_SEARCH], 0);
}

static void
s_clear (GtkButton *button, ManagerCaseView *self)
{
    GtkEditable *entries[] = { self->from_entry, self->to_entry, self->window_entry, self->clerk_entry,
                               self->department_entry, self->matter_entry, self->number_entry };
    for (size_t i = 0; i < G_N_ELEMENTS (entries); i++)
        gtk_editable_set_text (entries[i], "");
    gtk_drop_down_set_selected (self->state_drop, 0);
}

static void
s_activated (GtkListBox *list, GtkListBoxRow *row, ManagerCaseView *self)
{
    int index = gtk_list_box_row_get_index (row);
    if (index >= 0 && (guint) index < self->ids->len)
        g_signal_emit (self, s_signals[SIGNAL_OPEN_CASE], 0, g_array_index (self->ids, gint64, index));
}

static void
manager_case_view_finalize (GObject *object)
{
    ManagerCaseView *self = MANAGER_CASE_VIEW (object);
    for (size_t c = 0; c < N_COLUMNS; c++)
        g_clear_object (&self->groups[c]);
    g_array_unref (self->ids);
    G_OBJECT_CLASS (manager_case_view_parent_class)->finalize (object);
}

#define BIND(field) gtk_widget_class_bind_template_child (widget_class, ManagerCaseView, field)

static void
manager_case_view_class_init (ManagerCaseViewClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = manager_case_view_finalize;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-case-view.ui");
    BIND (filter_drop); BIND (from_entry); BIND (to_entry); BIND (window_entry); BIND (clerk_entry);
    BIND (department_entry); BIND (state_drop); BIND (matter_entry); BIND (number_entry);
    BIND (search_button); BIND (clear_button); BIND (total_label); BIND (header); BIND (list);
    s_signals[SIGNAL_SEARCH] = g_signal_new ("search", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 0);
    s_signals[SIGNAL_OPEN_CASE] = g_signal_new ("open-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
manager_case_view_init (ManagerCaseView *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr (GStrvBuilder) states = g_strv_builder_new ();
    g_strv_builder_add (states, _("全部状态"));
    for (const char *const *state = manager_case_states (); *state; state++)
        g_strv_builder_add (states, manager_case_state_name (*state));
    g_auto (GStrv) names = g_strv_builder_end (states);
    GtkStringList *model = gtk_string_list_new ((const char *const *) names);
    gtk_drop_down_set_model (self->state_drop, G_LIST_MODEL (model));
    g_object_unref (model);
    for (size_t c = 0; c < N_COLUMNS; c++) {
        self->groups[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
        s_cell (self, self->header, (int) c, _(s_columns[c].title), NULL, "head");
    }
    GtkWidget *empty = gtk_label_new (_("没有符合条件的案件"));
    gtk_widget_add_css_class (empty, "dim");
    gtk_list_box_set_placeholder (self->list, empty);
    g_signal_connect (self->search_button, "clicked", G_CALLBACK (s_search), self);
    g_signal_connect (self->clear_button, "clicked", G_CALLBACK (s_clear), self);
    g_signal_connect (self->filter_drop, "notify::selected", G_CALLBACK (s_filter_chosen), self);
    GtkEditable *entries[] = { self->from_entry, self->to_entry, self->window_entry, self->clerk_entry,
                               self->department_entry, self->matter_entry, self->number_entry };
    for (size_t i = 0; i < G_N_ELEMENTS (entries); i++)
        g_signal_connect (entries[i], "activate", G_CALLBACK (s_search), self);
    g_signal_connect (self->list, "row-activated", G_CALLBACK (s_activated), self);
}

GtkWidget *
manager_case_view_new (void)
{
    return g_object_new (MANAGER_TYPE_CASE_VIEW, NULL);
}
