/*  county-window.h — hall-manager --county: the county's window.  Two
 *  pages, switched at the top: 各大厅 · 实时, one row per hall of the
 *  county (状态, 等候, 开放窗口, 最长等候, 今日取号/办结, 好评率, 未结/超期
 *  案件) in the order of attention, and a hall's detail (its categories and
 *  windows) in its place, reached by activating the hall's name, left with
 *  the back button; and 报表, the county's reports (county-report-view.h,
 *  on a CountyReportModel of the window's own).  A banner says when the
 *  county's database is out of reach.
 *
 *  It renders the CountyModel's structs and asks it for a detail; it holds
 *  no SQL.  Cells are named for tests: row-N (the name of the Nth hall),
 *  open-ID (its button), status-ID, last-event-ID, waiting-ID, windows-ID,
 *  longest-ID, issued-ID, served-ID, good-ID, cases-ID, overdue-ID; in the
 *  detail cat-waiting-CODE, cat-longest-CODE, cat-issued-CODE,
 *  cat-served-CODE, window-clerk-N, window-state-N.
 */
#ifndef COUNTY_WINDOW_H
#define COUNTY_WINDOW_H

#include <gtk/gtk.h>
#include "county-model.h"

G_BEGIN_DECLS

#define COUNTY_TYPE_WINDOW (county_window_get_type ())
G_DECLARE_FINAL_TYPE (CountyWindow, county_window, COUNTY, WINDOW, GtkApplicationWindow)

/* The window on MODEL (a reference is taken); APP may be NULL. */
CountyWindow *county_window_new (GtkApplication *app, CountyModel *model);
/* Shows the detail of hall ID (what activating its row does). */
void          county_window_open_hall (CountyWindow *self, const char *id);
/* Back to the table of halls. */
void          county_window_show_halls (CountyWindow *self);
/* The 报表 page. */
void          county_window_show_reports (CountyWindow *self);

G_END_DECLS

#endif
