/*  manager-grid.c — see manager-grid.h. */
#include "manager-grid.h"

void
manager_grid_clear (GtkGrid *grid)
{
    GtkWidget *child;
    while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))))
        gtk_grid_remove (grid, child);
}

GtkWidget *
manager_grid_cell (GtkGrid *grid, int col, int row, const char *text, const char *css,
                   const char *name)
{
    GtkWidget *label = gtk_label_new (text ? text : "");
    gtk_label_set_xalign (GTK_LABEL (label), col == 0 ? 0.0f : 0.5f);
    gtk_widget_add_css_class (label, "cell");
    if (css)
        gtk_widget_add_css_class (label, css);
    if (name)
        gtk_widget_set_name (label, name);
    gtk_grid_attach (grid, label, col, row, 1, 1);
    return label;
}

void
manager_grid_header (GtkGrid *grid, const char *const *headers)
{
    for (int col = 0; headers[col]; col++)
        manager_grid_cell (grid, col, 0, headers[col], "head", NULL);
}
