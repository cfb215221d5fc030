/*  county-report-model.c — see county-report-model.h. */
#define G_LOG_DOMAIN "hall-manager"

#include "county-report-model.h"
#include "county-db.h"
#include "county-report.h"
#include "manager-format.h"
#include "report-figures.h"
#include "report-writer.h"
#include "i18n.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

/* The zone of a hall that has not said its own, and of the county. */
#define COUNTY_ZONE "Asia/Shanghai"

/* One report asked for: what the worker reads, and the title and zone of
 * its hall, taken from the live model when it was asked (main thread). */
typedef struct {
    char *from, *to, *by, *hall;
    char *title;
    char *tz;
} query_t;

struct _CountyReportModel {
    GObject      parent_instance;
    CountyModel *live;       /* owned reference: the conninfo, the halls */
    gboolean     busy;       /* a worker runs */
    json_t      *report;     /* the last report in, or NULL */
    char        *error;      /* why the last failed, or NULL */
    char        *title;      /* the last report's title */
    char        *tz;         /* and its zone */
};

G_DEFINE_FINAL_TYPE (CountyReportModel, county_report_model, G_TYPE_OBJECT)

enum { SIGNAL_BUSY, SIGNAL_REPORT, N_SIGNALS };
static guint s_signals[N_SIGNALS];

static void
s_query_free (gpointer data)
{
    query_t *query = data;
    g_free (query->from);
    g_free (query->to);
    g_free (query->by);
    g_free (query->hall);
    g_free (query->title);
    g_free (query->tz);
    g_free (query);
}

/* ---- the worker ------------------------------------------------------------ */

/* In the GTask's thread: the connection is this thread's alone, from its
 * making to PQfinish; the model's fields it reads (live) never change. */
static void
s_work (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
    CountyReportModel *self = source;
    query_t *query = data;
    GError *error = NULL;
    json_t *report = NULL;
    PGconn *db = county_model_connect_sync (self->live, &error);
    if (db && county_db_check_schema (db, &error))
        report = county_report (db, query->from, query->to, query->by, query->hall, &error);
    if (db)
        PQfinish (db);
    if (report)
        g_task_return_pointer (task, report, (GDestroyNotify) json_decref);
    else
        g_task_return_error (task, error);
}

static void
s_done (GObject *source, GAsyncResult *result, gpointer data)
{
    CountyReportModel *self = COUNTY_REPORT_MODEL (source);
    query_t *query = g_task_get_task_data (G_TASK (result));
    GError *error = NULL;
    json_t *report = g_task_propagate_pointer (G_TASK (result), &error);
    g_clear_pointer (&self->report, json_decref);
    g_clear_pointer (&self->error, g_free);
    if (report) {
        self->report = report;
        g_free (self->title);
        self->title = g_strdup (query->title);
        g_free (self->tz);
        self->tz = g_strdup (query->tz);
    } else {
        self->error = g_strdup (error ? error->message : "?");
        g_message ("county report failed: %s", self->error);
        g_clear_error (&error);
    }
    self->busy = FALSE;
    g_signal_emit (self, s_signals[SIGNAL_BUSY], 0, FALSE);
    g_signal_emit (self, s_signals[SIGNAL_REPORT], 0);
}

/* ---- the API ----------------------------------------------------------------- */

static const county_hall_t *
s_hall (CountyReportModel *self, const char *id)
{
    GPtrArray *halls = county_model_halls (self->live);
    for (guint i = 0; id && i < halls->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (halls, i);
        if (g_strcmp0 (hall->id, id) == 0)
            return hall;
    }
    return NULL;
}

gboolean
county_report_model_run (CountyReportModel *self, const char *from, const char *to, const char *by,
                         const char *hall)
{
    if (self->busy)
        return FALSE;
    query_t *query = g_new0 (query_t, 1);
    query->from = g_strdup (from);
    query->to = g_strdup (to);
    query->by = g_strdup (by);
    query->hall = g_strdup (hall);
    /* hall-county report --pdf's title and zone. */
    const county_hall_t *row = s_hall (self, hall);
    query->title = g_strdup (!hall ? _("全县各便民服务中心") : row ? row->name : hall);
    query->tz = g_strdup (row && row->timezone ? row->timezone : COUNTY_ZONE);
    self->busy = TRUE;
    g_signal_emit (self, s_signals[SIGNAL_BUSY], 0, TRUE);
    GTask *task = g_task_new (self, NULL, s_done, NULL);
    g_task_set_task_data (task, query, s_query_free);
    g_task_run_in_thread (task, s_work);
    g_object_unref (task);
    return TRUE;
}

gboolean
county_report_model_busy (CountyReportModel *self)
{
    return self->busy;
}

json_t *
county_report_model_report (CountyReportModel *self)
{
    return self->report;
}

const char *
county_report_model_error (CountyReportModel *self)
{
    return self->error;
}

const char *
county_report_model_title (CountyReportModel *self)
{
    return self->title;
}

char *
county_report_model_today (CountyReportModel *self)
{
    char *today = NULL;
    GPtrArray *halls = county_model_halls (self->live);
    for (guint i = 0; i < halls->len; i++) {
        const county_hall_t *hall = g_ptr_array_index (halls, i);
        if (hall->hall_time <= 0)
            continue;
        char *day = manager_local_format (hall->hall_time, hall->timezone ? hall->timezone : COUNTY_ZONE,
                                          "%Y-%m-%d");
        if (!today || g_strcmp0 (day, today) > 0) {
            g_free (today);
            today = day;
        } else
            g_free (day);
    }
    return today ? today : manager_local_format (g_get_real_time () / G_USEC_PER_SEC, COUNTY_ZONE, "%Y-%m-%d");
}

static gboolean
s_has_report (CountyReportModel *self, GError **error)
{
    if (self->report)
        return TRUE;
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", _("请先查询报表"));
    return FALSE;
}

gboolean
county_report_model_write_csv (CountyReportModel *self, const char *path, GError **error)
{
    return s_has_report (self, error) && report_write_csv (self->report, path, error);
}

gboolean
county_report_model_write_pdf (CountyReportModel *self, const char *path, GError **error)
{
    return s_has_report (self, error)
        && report_write_pdf (self->report, NULL, NULL, self->title, self->tz, path, error);
}

/* "2026-11" for a whole month, "2026" for a whole year, "2026-11-03" for a
 * day, else "FROM至TO". */
static char *
s_period (const char *from, const char *to)
{
    GDate first, last;
    if (!hall_report_day (from, &first) || !hall_report_day (to, &last))
        return g_strdup_printf ("%s至%s", from, to);
    if (g_date_compare (&first, &last) == 0)
        return g_strdup (from);
    GDateYear y = g_date_get_year (&first);
    GDateMonth m = g_date_get_month (&first);
    if (g_date_get_day (&first) == 1 && g_date_get_year (&last) == y) {
        if (g_date_get_month (&last) == m && g_date_get_day (&last) == g_date_get_days_in_month (m, y))
            return g_strndup (from, 7);
        if (m == G_DATE_JANUARY && g_date_get_month (&last) == G_DATE_DECEMBER && g_date_get_day (&last) == 31)
            return g_strndup (from, 4);
    }
    return g_strdup_printf ("%s至%s", from, to);
}

char *
county_report_model_file_name (CountyReportModel *self, const char *extension)
{
    if (!self->report)
        return NULL;
    const char *by = json_string_value (json_object_get (self->report, "by"));
    const char *hall = json_string_value (json_object_get (self->report, "hall"));
    static const char *const bys[][2] = { { "department", N_("按部门") }, { "category", N_("按类别") },
                                          { "month", N_("按月份") } };
    GString *name = g_string_new (_("县级报表"));
    g_autofree char *period = s_period (json_string_value (json_object_get (self->report, "from")),
                                        json_string_value (json_object_get (self->report, "to")));
    g_string_append_printf (name, "-%s", period);
    for (size_t i = 0; i < G_N_ELEMENTS (bys); i++)
        if (g_strcmp0 (by, bys[i][0]) == 0)
            g_string_append_printf (name, "-%s", _(bys[i][1]));
    if (hall && self->title) {
        g_autofree char *title = g_strdelimit (g_strdup (self->title), "/\\", '_');
        g_string_append_printf (name, "-%s", title);
    }
    g_string_append_printf (name, ".%s", extension);
    return g_string_free (name, FALSE);
}

/* ---- life cycle ------------------------------------------------------------- */

static void
county_report_model_dispose (GObject *object)
{
    CountyReportModel *self = COUNTY_REPORT_MODEL (object);
    g_clear_object (&self->live);
    G_OBJECT_CLASS (county_report_model_parent_class)->dispose (object);
}

static void
county_report_model_finalize (GObject *object)
{
    CountyReportModel *self = COUNTY_REPORT_MODEL (object);
    g_clear_pointer (&self->report, json_decref);
    g_free (self->error);
    g_free (self->title);
    g_free (self->tz);
    G_OBJECT_CLASS (county_report_model_parent_class)->finalize (object);
}

static void
county_report_model_class_init (CountyReportModelClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->dispose = county_report_model_dispose;
    object_class->finalize = county_report_model_finalize;
    s_signals[SIGNAL_BUSY] = g_signal_new ("busy", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                           NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
    s_signals[SIGNAL_REPORT] = g_signal_new ("report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 0);
}

static void
county_report_model_init (CountyReportModel *self)
{
}

CountyReportModel *
county_report_model_new (CountyModel *live)
{
    CountyReportModel *self = g_object_new (COUNTY_TYPE_REPORT_MODEL, NULL);
    self->live = g_object_ref (live);
    return self;
}
