/*  county-model.h — the county dashboard's model (hall-manager --county):
 *  one libpq connection to the county's PostgreSQL (docs/COUNTY.md) as a
 *  reader, LISTEN county, and the figures of every hall as plain structs.
 *
 *  Everything is asynchronous on the GLib main loop: the connection is
 *  made with PQconnectStart/PQconnectPoll, queries are sent with
 *  PQsendQueryParams and read when the socket is readable (g_unix_fd_add),
 *  so a county that does not answer never freezes the window.
 *
 *  A refresh is one statement for the table of halls (one row per
 *  county.hall, GROUP BY hall with FILTERs), then, when a hall's detail is
 *  open, one for its categories and one for its windows.  It runs on each
 *  NOTIFY county (the uplinks notify in each transaction; a burst gives at
 *  most one refresh per COUNTY_MODEL_COALESCE_MS), every
 *  COUNTY_MODEL_PERIOD_S seconds (the link ages move), and when the detail
 *  asked for changes.  A connection that drops is made again after 1, 2,
 *  4 … 30 s.
 *
 *  The conninfo may hold a password: it is kept only to connect and is
 *  never logged, shown or put in an error text.
 *
 *  Signals:
 *    "halls"       ()                 the table of halls was read again
 *    "detail"      ()                 the detail of the hall asked for was read
 *    "connection"  (gboolean up)      the connection came up or went
 */
#ifndef COUNTY_MODEL_H
#define COUNTY_MODEL_H

#include <glib-object.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define COUNTY_MODEL_COALESCE_MS 300
#define COUNTY_MODEL_PERIOD_S    5
#define COUNTY_MODEL_OFFLINE_S   60     /* default offline threshold */

/* One hall's row of the table (county.hall and its rows). */
typedef struct {
    char    *id;                /* county id */
    char    *name;              /* county.hall.name */
    char    *timezone;          /* the hall's zone, or NULL */
    gboolean online;            /* seen_at within the offline threshold */
    gint64   seen_at;           /* the county's clock when last seen (unix s), 0 never */
    gint64   hall_time;         /* the hall's clock then, 0 unknown */
    gint64   last_event_age;    /* hall_time − last_event_at (s), -1 none */
    int      waiting;           /* tickets waiting now */
    int      open_windows;      /* windows with a clerk, not paused */
    gint64   longest_wait;      /* hall_time − oldest waiting issued_at (s), -1 none */
    int      issued;            /* tickets of hall_day */
    int      served;            /* of them finished */
    int      ratings_valid;     /* today's: not default, not excluded, round 1 */
    int      ratings_good;      /* of them level ≥ 3 */
    int      cases_open;        /* cases not closed */
    int      cases_overdue;     /* of them past contact_due or rectify_due */
} county_hall_t;

/* One category of a hall's detail. */
typedef struct {
    char  *code;
    char  *name;
    int    waiting;
    gint64 longest_wait;        /* s, -1 none */
    int    issued;
    int    served;
} county_category_t;

/* One service window of a hall's detail. */
typedef struct {
    int      number;
    char    *name;
    char    *clerk;             /* the clerk's name (or id), NULL none signed in */
    gboolean paused;
} county_window_t;

/* A hall's detail: its row and its categories and windows. */
typedef struct {
    county_hall_t *hall;        /* borrowed from the table; NULL if the hall is gone */
    GPtrArray     *categories;  /* county_category_t */
    GPtrArray     *windows;     /* county_window_t */
} county_detail_t;

#define COUNTY_TYPE_MODEL (county_model_get_type ())
G_DECLARE_FINAL_TYPE (CountyModel, county_model, COUNTY, MODEL, GObject)

/* A model on CONNINFO (libpq's keywords or URI); halls are offline when
 * not seen for OFFLINE_AFTER seconds (≤ 0: COUNTY_MODEL_OFFLINE_S).  It
 * starts connecting at once. */
CountyModel     *county_model_new (const char *conninfo, int offline_after);
/* Whether the connection is up (LISTEN done). */
gboolean         county_model_connected (CountyModel *self);
/* The halls (county_hall_t, the model's own: valid until the next "halls")
 * in the order of attention that county_model_order says: people waiting
 * and no window open first, then offline halls, then by overdue cases,
 * then by longest wait, the longest first. */
GPtrArray       *county_model_halls (CountyModel *self);
/* The order of county_model_halls in words, for the view to show. */
const char      *county_model_order (void);
/* Asks for the detail of hall ID (NULL: none); read at once and at each
 * refresh after. */
void             county_model_set_detail (CountyModel *self, const char *id);
/* The detail last read of the hall asked for, or NULL (not read yet). */
county_detail_t *county_model_detail (CountyModel *self);
/* Asks for a refresh now (coalesced like a NOTIFY). */
void             county_model_refresh (CountyModel *self);
/* A connection of its own on the model's conninfo, made blocking, client
 * encoding UTF-8 (county_db_connect): for a worker thread (the reports of
 * county-report-model.h), never the main loop's.  Safe from any thread
 * while the model lives.  NULL with ERROR set, whose text never quotes the
 * password.  PQfinish(). */
PGconn          *county_model_connect_sync (CountyModel *self, GError **error);

G_END_DECLS

#endif
