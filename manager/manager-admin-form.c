/*  manager-admin-form.c — see manager-admin-form.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "manager-admin-form.h"
#include "manager-settings.h"
#include "i18n.h"

#include <string.h>

struct _manager_form_t {
    const manager_field_t *fields;
    gsize                  n;
    GtkWidget             *grid;      /* our reference until packed */
    GtkWidget            **editors;   /* one per field */
    char                 **filled;    /* the text each field was filled with (NULL: not set) */
    char                 **codes;     /* the categories a CODES field offers, NULL-terminated */
};

static GtkWidget *
s_editor (const manager_field_t *field)
{
    GtkWidget *editor = NULL;
    switch (field->kind) {
    case MANAGER_FIELD_TEXT:
        editor = gtk_entry_new ();
        gtk_widget_set_hexpand (editor, TRUE);
        if (field->hint)
            gtk_entry_set_placeholder_text (GTK_ENTRY (editor), _(field->hint));
        break;
    case MANAGER_FIELD_CHOICE: {
        g_autoptr (GStrvBuilder) names = g_strv_builder_new ();
        for (gsize i = 0; field->choices[i]; i++)
            g_strv_builder_add (names, _(field->shown[i]));
        g_auto (GStrv) list = g_strv_builder_end (names);
        editor = gtk_drop_down_new_from_strings ((const char *const *) list);
        gtk_widget_set_halign (editor, GTK_ALIGN_START);
        break;
    }
    case MANAGER_FIELD_BOOL:
        editor = gtk_check_button_new ();
        break;
    case MANAGER_FIELD_CODES:
        editor = gtk_flow_box_new ();
        gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (editor), GTK_SELECTION_NONE);
        gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (editor), 4);
        gtk_widget_set_hexpand (editor, TRUE);
        break;
    }
    g_autofree char *name = g_strdup_printf ("field-%s", field->key);
    gtk_widget_set_name (editor, name);
    return editor;
}

manager_form_t *
manager_form_new (const manager_field_t *fields, gsize n)
{
    manager_form_t *self = g_new0 (manager_form_t, 1);
    self->fields = fields;
    self->n = n;
    self->editors = g_new0 (GtkWidget *, n);
    self->filled = g_new0 (char *, n);
    self->grid = g_object_ref_sink (gtk_grid_new ());
    gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
    gtk_grid_set_column_spacing (GTK_GRID (self->grid), 12);
    for (gsize i = 0; i < n; i++) {
        GtkWidget *label = gtk_label_new (_(fields[i].label));
        gtk_label_set_xalign (GTK_LABEL (label), 1);
        gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
        self->editors[i] = s_editor (&fields[i]);
        /* Its name for a screen reader: the label beside it. */
        gtk_accessible_update_relation (GTK_ACCESSIBLE (self->editors[i]), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        label, NULL, -1);
        gtk_grid_attach (GTK_GRID (self->grid), label, 0, (int) i, 1, 1);
        gtk_grid_attach (GTK_GRID (self->grid), self->editors[i], 1, (int) i, 1, 1);
    }
    return self;
}

void
manager_form_destroy (manager_form_t **self_p)
{
    manager_form_t *self = *self_p;
    if (!self)
        return;
    for (gsize i = 0; i < self->n; i++)
        g_free (self->filled[i]);
    g_free (self->filled);
    g_free (self->editors);
    g_strfreev (self->codes);
    g_object_unref (self->grid);
    g_free (self);
    *self_p = NULL;
}

GtkWidget *
manager_form_widget (manager_form_t *self)
{
    return self->grid;
}

/* The categories of GROUPS in their order: "category CODE" groups. */
static char **
s_category_codes (json_t *groups)
{
    g_autoptr (GStrvBuilder) codes = g_strv_builder_new ();
    const char *name;
    json_t *group;
    json_object_foreach (groups, name, group)
        if (g_str_has_prefix (name, "category "))
            g_strv_builder_add (codes, name + strlen ("category "));
    return g_strv_builder_end (codes);
}

static void
s_fill_codes (manager_form_t *self, GtkFlowBox *box, const manager_field_t *field, const char *value,
              json_t *groups)
{
    GtkWidget *old;
    while ((old = gtk_widget_get_first_child (GTK_WIDGET (box))))
        gtk_flow_box_remove (box, old);
    g_auto (GStrv) chosen = g_strsplit (value ? value : "", ";", -1);
    for (char **code = self->codes; code && *code; code++) {
        g_autofree char *group = g_strdup_printf ("category %s", *code);
        const char *shown = json_string_value (json_object_get (json_object_get (groups, group), "name"));
        g_autofree char *text = g_strdup_printf ("%s %s", *code, shown ? shown : "");
        GtkWidget *check = gtk_check_button_new_with_label (text);
        g_autofree char *name = g_strdup_printf ("field-%s-%s", field->key, *code);
        gtk_widget_set_name (check, name);
        for (char **c = chosen; *c; c++)
            if (strcmp (g_strstrip (*c), *code) == 0)
                gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
        gtk_flow_box_append (box, check);
    }
}

static guint
s_choice_index (const manager_field_t *field, const char *value)
{
    for (guint i = 0; value && field->choices[i]; i++)
        if (strcmp (field->choices[i], value) == 0)
            return i;
    return 0;
}

static gboolean s_same (const manager_field_t *field, const char *filled, const char *value);

void
manager_form_fill (manager_form_t *self, json_t *values, json_t *groups, gboolean keep_edits)
{
    /* What the manager has typed over the last filling, read before the
     * category list changes under the CODES fields. */
    g_autofree char **typed = g_new0 (char *, self->n);
    for (gsize i = 0; keep_edits && i < self->n; i++) {
        char *value = manager_form_value (self, self->fields[i].key);
        if (s_same (&self->fields[i], self->filled[i], value))
            g_free (value);
        else
            typed[i] = value;
    }
    g_strfreev (self->codes);
    self->codes = s_category_codes (groups);
    for (gsize i = 0; i < self->n; i++) {
        const manager_field_t *field = &self->fields[i];
        g_free (self->filled[i]);
        self->filled[i] = g_strdup (json_string_value (json_object_get (values, field->key)));
        const char *value = typed[i] ? typed[i] : self->filled[i];
        GtkWidget *editor = self->editors[i];
        switch (field->kind) {
        case MANAGER_FIELD_TEXT:
            gtk_editable_set_text (GTK_EDITABLE (editor), value ? value : "");
            break;
        case MANAGER_FIELD_CHOICE:
            gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), s_choice_index (field, value));
            break;
        case MANAGER_FIELD_BOOL:
            gtk_check_button_set_active (GTK_CHECK_BUTTON (editor), g_strcmp0 (value, "true") == 0);
            break;
        case MANAGER_FIELD_CODES:
            s_fill_codes (self, GTK_FLOW_BOX (editor), field, value, groups);
            break;
        }
        g_free (typed[i]);
    }
}

/* The codes checked in a CODES field, ";"-separated in the hall's order. */
static char *
s_codes_value (manager_form_t *self, const manager_field_t *field)
{
    g_autoptr (GString) text = g_string_new (NULL);
    for (char **code = self->codes; code && *code; code++) {
        g_autofree char *name = g_strdup_printf ("field-%s-%s", field->key, *code);
        GtkWidget *check = NULL;
        GtkWidget *editor = self->editors[field - self->fields];
        for (GtkWidget *child = gtk_widget_get_first_child (editor); child && !check;
             child = gtk_widget_get_next_sibling (child)) {
            GtkWidget *inner = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));
            if (g_strcmp0 (gtk_widget_get_name (inner), name) == 0)
                check = inner;
        }
        if (check && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
            g_string_append_printf (text, "%s%s", text->len ? ";" : "", *code);
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
manager_form_value (manager_form_t *self, const char *key)
{
    for (gsize i = 0; i < self->n; i++) {
        const manager_field_t *field = &self->fields[i];
        if (strcmp (field->key, key) != 0)
            continue;
        GtkWidget *editor = self->editors[i];
        switch (field->kind) {
        case MANAGER_FIELD_TEXT:
            return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor)));
        case MANAGER_FIELD_CHOICE:
            return g_strdup (field->choices[gtk_drop_down_get_selected (GTK_DROP_DOWN (editor))]);
        case MANAGER_FIELD_BOOL:
            return g_strdup (gtk_check_button_get_active (GTK_CHECK_BUTTON (editor)) ? "true" : "false");
        case MANAGER_FIELD_CODES:
            return s_codes_value (self, field);
        }
    }
    return NULL;
}

/* Whether VALUE says the same as FILLED for FIELD: an unset key reads as
 * its editor's default (empty, the first choice, false). */
static gboolean
s_same (const manager_field_t *field, const char *filled, const char *value)
{
    if (filled)
        return strcmp (filled, value) == 0;
    switch (field->kind) {
    case MANAGER_FIELD_CHOICE:
        return strcmp (value, field->choices[0]) == 0;
    case MANAGER_FIELD_BOOL:
        return strcmp (value, "false") == 0;
    default:
        return *value == '\0';
    }
}

void
manager_form_changes (manager_form_t *self, const char *group, GPtrArray *changes)
{
    for (gsize i = 0; i < self->n; i++) {
        g_autofree char *value = manager_form_value (self, self->fields[i].key);
        if (!s_same (&self->fields[i], self->filled[i], value))
            manager_changes_add (changes, group, self->fields[i].key, value);
    }
}

void
manager_form_set_editable (manager_form_t *self, gboolean editable)
{
    for (gsize i = 0; i < self->n; i++)
        gtk_widget_set_sensitive (self->editors[i], editable);
}

void
manager_admin_say (GtkLabel *label, const char *text, gboolean bad)
{
    gtk_label_set_text (label, text ? text : "");
    if (bad)
        gtk_widget_add_css_class (GTK_WIDGET (label), "bad");
    else
        gtk_widget_remove_css_class (GTK_WIDGET (label), "bad");
    gtk_widget_set_visible (GTK_WIDGET (label), text && *text);
}

GtkWidget *
manager_admin_message_new (const char *name)
{
    GtkWidget *label = gtk_label_new (NULL);
    gtk_widget_set_name (label, name);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    gtk_widget_add_css_class (label, "admin-message");
    gtk_widget_set_visible (label, FALSE);
    return label;
}

