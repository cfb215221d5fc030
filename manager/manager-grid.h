/*  manager-grid.h — the tables of the dashboard: a GtkGrid refilled from
 *  the model at each render (a hall has tens of rows, not thousands).
 */
#ifndef MANAGER_GRID_H
#define MANAGER_GRID_H

#include <gtk/gtk.h>

/* Removes every child of GRID. */
void       manager_grid_clear (GtkGrid *grid);
/* A label at (COL, ROW) with CSS class CSS (may be NULL) and widget name
 * NAME (may be NULL: tests find cells by name).  Returns it. */
GtkWidget *manager_grid_cell (GtkGrid *grid, int col, int row, const char *text,
                              const char *css, const char *name);
/* A header row of HEADERS (NULL-terminated) at row 0. */
void       manager_grid_header (GtkGrid *grid, const char *const *headers);

#endif
