/*  manager-admin-calendar.c — see manager-admin-calendar.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-calendar.h"
#include "manager-admin-form.h"
#include "manager-settings.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct _ManagerAdminCalendar {
    GtkBox          parent_instance;
    json_t         *settings;     /* the last render's (owned) */
    gboolean        editable;
    GtkSpinButton  *year;
    GtkBox         *lists[2];     /* holidays, workdays */
    GtkEntry       *day;
    GtkWidget      *add_buttons[2];
    GtkLabel       *message;
};

G_DEFINE_FINAL_TYPE (ManagerAdminCalendar, manager_admin_calendar, GTK_TYPE_BOX)

enum { SIGNAL_CHANGE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static const char *const s_keys[2] = { "holidays", "workdays" };
static const char *const s_titles[2] = { N_("节假日（休息）"), N_("调休上班日") };

/* The dates of KEY as kept, each stripped, empty ones dropped (g_strfreev). */
static char **
s_dates (ManagerAdminCalendar *self, const char *key)
{
    const char *text = json_string_value (json_object_get (json_object_get (json_object_get (self->settings,
                                                                                              "groups"),
                                                                             "hall"), key));
    g_auto (GStrv) parts = g_strsplit (text ? text : "", ";", -1);
    g_autoptr (GStrvBuilder) dates = g_strv_builder_new ();
    for (char **part = parts; *part; part++)
        if (*g_strstrip (*part))
            g_strv_builder_add (dates, *part);
    return g_strv_builder_end (dates);
}

static void
s_remove_clicked (GtkButton *button, ManagerAdminCalendar *self)
{
    manager_admin_calendar_remove (self, g_object_get_data (G_OBJECT (button), "key"),
                                   g_object_get_data (G_OBJECT (button), "day"));
}

static GtkWidget *
s_date_row (ManagerAdminCalendar *self, const char *key, const char *day)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *label = gtk_label_new (day);
    g_autofree char *name = g_strdup_printf ("%s-%s", key, day);
    gtk_widget_set_name (label, name);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_widget_add_css_class (label, "figure");
    GtkWidget *button = gtk_button_new_with_label (_("删除"));
    g_autofree char *button_name = g_strdup_printf ("remove-%s-%s", key, day);
    gtk_widget_set_name (button, button_name);
    g_object_set_data (G_OBJECT (button), "key", (gpointer) key);
    g_object_set_data_full (G_OBJECT (button), "day", g_strdup (day), g_free);
    gtk_widget_set_sensitive (button, self->editable);
    g_signal_connect (button, "clicked", G_CALLBACK (s_remove_clicked), self);
    gtk_box_append (GTK_BOX (row), label);
    gtk_box_append (GTK_BOX (row), button);
    return row;
}

static void
s_render_lists (ManagerAdminCalendar *self)
{
    g_autofree char *prefix = g_strdup_printf ("%04d-", gtk_spin_button_get_value_as_int (self->year));
    for (int k = 0; k < 2; k++) {
        GtkWidget *child;
        while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lists[k]))))
            gtk_box_remove (self->lists[k], child);
        g_auto (GStrv) dates = s_dates (self, s_keys[k]);
        int shown = 0;
        for (char **day = dates; *day; day++)
            if (g_str_has_prefix (*day, prefix)) {
                gtk_box_append (self->lists[k], s_date_row (self, s_keys[k], *day));
                shown++;
            }
        if (!shown) {
            GtkWidget *none = gtk_label_new (_("（无）"));
            gtk_widget_add_css_class (none, "dim");
            gtk_box_append (self->lists[k], none);
        }
    }
}

void
manager_admin_calendar_render (ManagerAdminCalendar *self, json_t *settings, gboolean editable)
{
    json_decref (self->settings);
    self->settings = json_incref (settings);
    self->editable = editable && settings;
    for (int k = 0; k < 2; k++)
        gtk_widget_set_sensitive (self->add_buttons[k], self->editable);
    s_render_lists (self);
}

void
manager_admin_calendar_set_year (ManagerAdminCalendar *self, int year)
{
    gtk_spin_button_set_value (self->year, year);
    s_render_lists (self);
}

/* ---- changes ------------------------------------------------------------------- */

static int
s_compare (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

/* KEY's dates with DAY added (ADD) or taken out, sorted, as "change". */
static void
s_change (ManagerAdminCalendar *self, const char *key, const char *day, gboolean add)
{
    g_auto (GStrv) dates = s_dates (self, key);
    g_autoptr (GPtrArray) kept = g_ptr_array_new ();
    for (char **d = dates; *d; d++)
        if (strcmp (*d, day) != 0)
            g_ptr_array_add (kept, *d);
    if (add)
        g_ptr_array_add (kept, (gpointer) day);
    g_ptr_array_sort (kept, s_compare);
    g_ptr_array_add (kept, NULL);
    g_autofree char *value = g_strjoinv (";", (char **) kept->pdata);
    g_autoptr (GPtrArray) changes = manager_changes_new ();
    manager_changes_add (changes, "hall", key, value);
    manager_admin_say (self->message, _("正在保存……"), FALSE);
    g_signal_emit (self, s_signals[SIGNAL_CHANGE], 0, changes, self->message);
}

/* Whether DAY is a real date written YYYY-MM-DD. */
static gboolean
s_is_date (const char *day)
{
    int y, m, d;
    char end;
    if (strlen (day) != 10 || sscanf (day, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
        return FALSE;
    return g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

void
manager_admin_calendar_add (ManagerAdminCalendar *self, const char *key, const char *day)
{
    if (!s_is_date (day)) {
        manager_admin_say (self->message, _("日期请写成 2027-01-01 的样子"), TRUE);
        return;
    }
    for (int k = 0; k < 2; k++) {
        g_auto (GStrv) dates = s_dates (self, s_keys[k]);
        if (g_strv_contains ((const char *const *) dates, day)) {
            g_autofree char *text = g_strdup_printf (_("%s 已在「%s」中"), day, _(s_titles[k]));
            manager_admin_say (self->message, text, TRUE);
            return;
        }
    }
    s_change (self, key, day, TRUE);
}

void
manager_admin_calendar_remove (ManagerAdminCalendar *self, const char *key, const char *day)
{
    s_change (self, key, day, FALSE);
}

static void
s_add_clicked (GtkButton *button, ManagerAdminCalendar *self)
{
    g_autofree char *day = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->day))));
    manager_admin_calendar_add (self, g_object_get_data (G_OBJECT (button), "key"), day);
}

static void
s_year_changed (GtkSpinButton *year, ManagerAdminCalendar *self)
{
    s_render_lists (self);
}

/* ---- life cycle ---------------------------------------------------------------- */

static void
manager_admin_calendar_dispose (GObject *object)
{
    ManagerAdminCalendar *self = MANAGER_ADMIN_CALENDAR (object);
    g_clear_pointer (&self->settings, json_decref);
    G_OBJECT_CLASS (manager_admin_calendar_parent_class)->dispose (object);
}

static void
manager_admin_calendar_class_init (ManagerAdminCalendarClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = manager_admin_calendar_dispose;
    s_signals[SIGNAL_CHANGE] = g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
}

/* The year's row: 年份 and the spin button. */
static GtkWidget *
s_year_row (ManagerAdminCalendar *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *label = gtk_label_new (_("年份"));
    gtk_box_append (GTK_BOX (row), label);
    self->year = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (2000, 2100, 1));
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->year), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
    gtk_widget_set_name (GTK_WIDGET (self->year), "calendar-year");
    gtk_spin_button_set_value (self->year, 2026);
    g_signal_connect (self->year, "value-changed", G_CALLBACK (s_year_changed), self);
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->year));
    return row;
}

static GtkWidget *
s_add_row (ManagerAdminCalendar *self)
{
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *label = gtk_label_new (_("日期"));
    gtk_box_append (GTK_BOX (row), label);
    self->day = GTK_ENTRY (gtk_entry_new ());
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->day), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
    gtk_widget_set_name (GTK_WIDGET (self->day), "calendar-date");
    gtk_entry_set_placeholder_text (self->day, "2027-01-01");
    gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->day));
    const char *labels[2] = { N_("加为节假日"), N_("加为调休上班日") };
    const char *names[2] = { "add-holiday", "add-workday" };
    for (int k = 0; k < 2; k++) {
        self->add_buttons[k] = gtk_button_new_with_label (_(labels[k]));
        gtk_widget_set_name (self->add_buttons[k], names[k]);
        g_object_set_data (G_OBJECT (self->add_buttons[k]), "key", (gpointer) s_keys[k]);
        g_signal_connect (self->add_buttons[k], "clicked", G_CALLBACK (s_add_clicked), self);
        gtk_box_append (GTK_BOX (row), self->add_buttons[k]);
    }
    return row;
}

static void
manager_admin_calendar_init (ManagerAdminCalendar *self)
{
    gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
    gtk_box_set_spacing (GTK_BOX (self), 10);
    gtk_box_append (GTK_BOX (self), s_year_row (self));
    GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 24);
    gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
    gtk_widget_set_vexpand (columns, TRUE);
    for (int k = 0; k < 2; k++) {
        GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
        GtkWidget *title = gtk_label_new (_(s_titles[k]));
        gtk_label_set_xalign (GTK_LABEL (title), 0);
        gtk_widget_add_css_class (title, "panel-title");
        gtk_box_append (GTK_BOX (column), title);
        GtkWidget *scroll = gtk_scrolled_window_new ();
        gtk_widget_set_vexpand (scroll, TRUE);
        self->lists[k] = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 2));
        gtk_widget_set_name (GTK_WIDGET (self->lists[k]), s_keys[k]);
        gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), GTK_WIDGET (self->lists[k]));
        gtk_box_append (GTK_BOX (column), scroll);
        gtk_box_append (GTK_BOX (columns), column);
    }
    gtk_box_append (GTK_BOX (self), columns);
    gtk_box_append (GTK_BOX (self), s_add_row (self));
    self->message = GTK_LABEL (manager_admin_message_new ("calendar-message"));
    gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->message));
}

GtkWidget *
manager_admin_calendar_new (void)
{
    return g_object_new (MANAGER_TYPE_ADMIN_CALENDAR, NULL);
}
