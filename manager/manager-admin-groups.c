/*  manager-admin-groups.c — see manager-admin-groups.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-groups.h"
#include "manager-resources.h"
#include "manager-settings.h"
#include "i18n.h"

#include <string.h>

struct _ManagerAdminGroups {
    GtkBox                        parent_instance;
    const manager_groups_kind_t  *kind;
    manager_form_t               *form;       /* the chosen group's */
    manager_form_t               *add_form;   /* a new group's keys */
    char                         *selected;   /* the chosen group's id, or NULL */
    char                         *adding;     /* the id just added: chosen once it is there */
    gboolean                      rendering;  /* the list is being rebuilt: no selection follows */
    json_t                       *settings;   /* the last render's (owned) */
    GtkWidget                    *list_scroll;
    GtkListBox                   *list;
    GtkLabel                     *title;
    GtkBox                       *form_box;
    GtkBox                       *extra_box;
    GtkButton                    *save_button;
    GtkLabel                     *form_message;
    GtkWidget                    *add_area;
    GtkBox                       *add_box;
    GtkLabel                     *id_label;
    GtkEntry                     *add_id;
    GtkButton                    *add_button;
    GtkLabel                     *add_message;
};

G_DEFINE_FINAL_TYPE (ManagerAdminGroups, manager_admin_groups, GTK_TYPE_BOX)

enum { SIGNAL_CHANGE, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static char *
s_group (ManagerAdminGroups *self, const char *id)
{
    return self->kind->prefix ? g_strconcat (self->kind->prefix, id, NULL) : g_strdup (self->kind->fixed);
}

static json_t *
s_values (ManagerAdminGroups *self, const char *id)
{
    g_autofree char *group = s_group (self, id);
    return json_object_get (json_object_get (self->settings, "groups"), group);
}

/* The chosen group in the form.  A reload of the same group (RELOAD) keeps
 * what is being typed and the last save's message; a new choice starts
 * afresh. */
static void
s_show_selected (ManagerAdminGroups *self, gboolean reload)
{
    json_t *groups = json_object_get (self->settings, "groups");
    json_t *values = self->selected || !self->kind->prefix ? s_values (self, self->selected) : NULL;
    manager_form_fill (self->form, values, groups, reload);
    g_autofree char *title = !self->kind->prefix ? g_strdup (_("大厅"))
                             : self->selected ? self->kind->row_text (self->selected, values, self->settings)
                             : g_strdup (_("请在左侧选择"));
    gtk_label_set_text (self->title, title);
    if (!reload)
        manager_admin_say (self->form_message, NULL, FALSE);
}

static void
s_row_selected (GtkListBox *list, GtkListBoxRow *row, ManagerAdminGroups *self)
{
    if (self->rendering || !row)
        return;
    const char *id = g_object_get_data (G_OBJECT (row), "id");
    if (g_strcmp0 (id, self->selected) == 0)
        return;
    g_free (self->selected);
    self->selected = g_strdup (id);
    s_show_selected (self, FALSE);
}

static GtkWidget *
s_row (ManagerAdminGroups *self, const char *id, json_t *values)
{
    g_autofree char *text = self->kind->row_text (id, values, self->settings);
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    GtkWidget *row = gtk_list_box_row_new ();
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    g_autofree char *name = g_strdup_printf ("row-%s", id);
    gtk_widget_set_name (row, name);
    g_object_set_data_full (G_OBJECT (row), "id", g_strdup (id), g_free);
    return row;
}

/* The list again; the chosen group stays chosen (the one just added
 * becomes it), else the first. */
static void
s_render_list (ManagerAdminGroups *self)
{
    self->rendering = TRUE;
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
        gtk_list_box_remove (self->list, child);
    if (self->adding && s_values (self, self->adding)) {
        g_free (self->selected);
        self->selected = g_steal_pointer (&self->adding);
        gtk_editable_set_text (GTK_EDITABLE (self->add_id), "");
        manager_form_fill (self->add_form, NULL, json_object_get (self->settings, "groups"), FALSE);
    }
    GtkWidget *chosen = NULL, *first = NULL;
    const char *name;
    json_t *values;
    json_object_foreach (json_object_get (self->settings, "groups"), name, values) {
        if (!g_str_has_prefix (name, self->kind->prefix))
            continue;
        const char *id = name + strlen (self->kind->prefix);
        GtkWidget *row = s_row (self, id, values);
        gtk_list_box_append (self->list, row);
        first = first ? first : row;
        if (g_strcmp0 (id, self->selected) == 0)
            chosen = row;
    }
    if (!chosen) {
        g_free (self->selected);
        self->selected = first ? g_strdup (g_object_get_data (G_OBJECT (first), "id")) : NULL;
        chosen = first;
    }
    if (chosen)
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (chosen));
    self->rendering = FALSE;
}

void
manager_admin_groups_render (ManagerAdminGroups *self, json_t *settings, gboolean editable)
{
    gboolean had = self->settings != NULL;
    g_autofree char *was = g_strdup (self->selected);
    json_decref (self->settings);
    self->settings = json_incref (settings);
    if (self->kind->prefix)
        s_render_list (self);
    s_show_selected (self, had && g_strcmp0 (was, self->selected) == 0);
    manager_form_set_editable (self->form, editable);
    if (self->add_form && settings)       /* the categories' names again; the typing stays */
        manager_form_fill (self->add_form, NULL, json_object_get (settings, "groups"), TRUE);
    if (self->add_form)
        manager_form_set_editable (self->add_form, editable);
    gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), editable && settings);
    gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), editable && settings);
    gtk_widget_set_sensitive (GTK_WIDGET (self->add_id), editable);
}

/* ---- intents ------------------------------------------------------------------- */

static void
s_save (GtkButton *button, ManagerAdminGroups *self)
{
    if (self->kind->prefix && !self->selected)
        return;
    g_autofree char *group = s_group (self, self->selected);
    g_autoptr (GPtrArray) changes = manager_changes_new ();
    manager_form_changes (self->form, group, changes);
    if (changes->len == 0) {
        manager_admin_say (self->form_message, _("没有改动"), FALSE);
        return;
    }
    manager_admin_say (self->form_message, _("正在保存……"), FALSE);
    g_signal_emit (self, s_signals[SIGNAL_CHANGE], 0, changes, self->form_message);
}

static void
s_add (GtkButton *button, ManagerAdminGroups *self)
{
    g_autofree char *id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->add_id))));
    if (!*id) {
        g_autofree char *text = g_strdup_printf (_("请填写%s"), _(self->kind->id_label));
        manager_admin_say (self->add_message, text, TRUE);
        return;
    }
    if (s_values (self, id)) {
        g_autofree char *text = g_strdup_printf (_("%s %s 已经有了"), _(self->kind->id_label), id);
        manager_admin_say (self->add_message, text, TRUE);
        return;
    }
    g_autofree char *group = s_group (self, id);
    g_autoptr (GPtrArray) changes = manager_changes_new ();
    for (gsize i = 0; i < self->kind->n_add; i++) {
        g_autofree char *value = manager_form_value (self->add_form, self->kind->add_fields[i].key);
        if (value && *value)
            manager_changes_add (changes, group, self->kind->add_fields[i].key, value);
    }
    if (changes->len == 0)
        manager_changes_add (changes, group, self->kind->add_fields[0].key, "");
    g_free (self->adding);
    self->adding = g_strdup (id);
    manager_admin_say (self->add_message, _("正在添加……"), FALSE);
    g_signal_emit (self, s_signals[SIGNAL_CHANGE], 0, changes, self->add_message);
}

/* ---- life cycle ---------------------------------------------------------------- */

static void
manager_admin_groups_dispose (GObject *object)
{
    ManagerAdminGroups *self = MANAGER_ADMIN_GROUPS (object);
    manager_form_destroy (&self->form);
    manager_form_destroy (&self->add_form);
    g_clear_pointer (&self->selected, g_free);
    g_clear_pointer (&self->adding, g_free);
    g_clear_pointer (&self->settings, json_decref);
    G_OBJECT_CLASS (manager_admin_groups_parent_class)->dispose (object);
}

static void
manager_admin_groups_class_init (ManagerAdminGroupsClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = manager_admin_groups_dispose;
    manager_resources_ensure ();
    gtk_widget_class_set_template_from_resource (widget_class, MANAGER_RESOURCE_PATH "/manager-admin-groups.ui");
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, list_scroll);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, list);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, title);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, form_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, extra_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, save_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, form_message);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, add_area);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, add_box);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, id_label);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, add_id);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, add_button);
    gtk_widget_class_bind_template_child (widget_class, ManagerAdminGroups, add_message);
    s_signals[SIGNAL_CHANGE] = g_signal_new ("change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
}

static void
manager_admin_groups_init (ManagerAdminGroups *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_signal_connect (self->list, "row-selected", G_CALLBACK (s_row_selected), self);
    g_signal_connect (self->save_button, "clicked", G_CALLBACK (s_save), self);
    g_signal_connect (self->add_button, "clicked", G_CALLBACK (s_add), self);
}

GtkWidget *
manager_admin_groups_new (const manager_groups_kind_t *kind)
{
    ManagerAdminGroups *self = g_object_new (MANAGER_TYPE_ADMIN_GROUPS, NULL);
    self->kind = kind;
    self->form = manager_form_new (kind->fields, kind->n_fields);
    gtk_box_append (self->form_box, manager_form_widget (self->form));
    gtk_widget_set_visible (self->list_scroll, kind->prefix != NULL);
    gtk_widget_set_visible (self->add_area, kind->prefix != NULL && kind->n_add > 0);
    if (kind->prefix && kind->n_add > 0) {
        self->add_form = manager_form_new (kind->add_fields, kind->n_add);
        gtk_box_append (self->add_box, manager_form_widget (self->add_form));
        gtk_label_set_text (self->id_label, _(kind->id_label));
        if (kind->id_hint)
            gtk_entry_set_placeholder_text (self->add_id, _(kind->id_hint));
        /* The add form's editors are named "add-KEY", apart from the form's. */
        for (gsize i = 0; i < kind->n_add; i++) {
            g_autofree char *from = g_strdup_printf ("field-%s", kind->add_fields[i].key);
            GtkWidget *editor = NULL;
            for (GtkWidget *child = gtk_widget_get_first_child (manager_form_widget (self->add_form)); child;
                 child = gtk_widget_get_next_sibling (child))
                if (g_strcmp0 (gtk_widget_get_name (child), from) == 0)
                    editor = child;
            if (editor) {
                g_autofree char *to = g_strdup_printf ("add-%s", kind->add_fields[i].key);
                gtk_widget_set_name (editor, to);
            }
        }
    }
    return GTK_WIDGET (self);
}

const char *
manager_admin_groups_selected (ManagerAdminGroups *self)
{
    return self->selected;
}

void
manager_admin_groups_select (ManagerAdminGroups *self, const char *id)
{
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
         row = gtk_widget_get_next_sibling (row))
        if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), id) == 0)
            gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
}

void
manager_admin_groups_add_extra (ManagerAdminGroups *self, GtkWidget *widget)
{
    gtk_box_append (self->extra_box, widget);
}

manager_form_t *
manager_admin_groups_form (ManagerAdminGroups *self)
{
    return self->form;
}
