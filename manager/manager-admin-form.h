/*  manager-admin-form.h — the fields of one settings group as a form: a
 *  label and an editor per key (a line of text, a choice, a yes/no, a set
 *  of categories), filled from `settings.get`'s groups and read back as
 *  the changes the manager made (manager-settings.h), key by key.
 *
 *  Each editor is named "field-KEY" (a set of categories: a box of check
 *  buttons "field-KEY-CODE"), so tests and the screens' own code find it.
 */
#ifndef MANAGER_ADMIN_FORM_H
#define MANAGER_ADMIN_FORM_H

#include <gtk/gtk.h>
#include <jansson.h>

typedef enum {
    MANAGER_FIELD_TEXT,      /* one line, as the file has it */
    MANAGER_FIELD_CHOICE,    /* one of CHOICES (the first when not set) */
    MANAGER_FIELD_BOOL,      /* true / false (false when not set) */
    MANAGER_FIELD_CODES,     /* categories, ";"-separated, in the hall's order */
} manager_field_kind_t;

typedef struct {
    const char           *key;
    const char           *label;      /* N_() */
    manager_field_kind_t  kind;
    const char *const    *choices;    /* CHOICE: the values, NULL-terminated */
    const char *const    *shown;      /* CHOICE: their names (N_()), as many */
    const char           *hint;       /* TEXT: the placeholder (N_()), or NULL */
} manager_field_t;

typedef struct _manager_form_t manager_form_t;

/* A form of the N FIELDS (borrowed: a static table). */
manager_form_t *manager_form_new (const manager_field_t *fields, gsize n);
void            manager_form_destroy (manager_form_t **self_p);
/* The grid of labels and editors (the form keeps a reference). */
GtkWidget      *manager_form_widget (manager_form_t *self);
/* Shows VALUES (a group of `groups`: key -> text; NULL: empty); GROUPS
 * gives the categories a CODES field offers.  With KEEP_EDITS (a reload
 * of the same group) a field the manager has typed over keeps the typing,
 * and Save still sends it against the values just shown. */
void            manager_form_fill (manager_form_t *self, json_t *values, json_t *groups,
                                   gboolean keep_edits);
/* Adds to CHANGES each key of GROUP whose editor differs from what was
 * filled in; a field left at its default where nothing was set is none. */
void            manager_form_changes (manager_form_t *self, const char *group, GPtrArray *changes);
void            manager_form_set_editable (manager_form_t *self, gboolean editable);
/* The text of field KEY as it stands (g_free), or NULL for no such field. */
char           *manager_form_value (manager_form_t *self, const char *key);

/* Shows TEXT on LABEL (hidden when NULL or empty), in red when BAD: the
 * line beside a form that says what the server answered. */
void            manager_admin_say (GtkLabel *label, const char *text, gboolean bad);
/* Such a line, hidden, wrapping, named NAME. */
GtkWidget      *manager_admin_message_new (const char *name);

#endif
