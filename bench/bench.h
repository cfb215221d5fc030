/*  bench.h — what the parts of hall-bench (`make bench`) share.
 *
 *  hall-bench measures the broker against its floors (raw ZeroMQ echo, raw
 *  SQLite commit) in one run, on one machine, and writes every figure into
 *  one JSON document (bench/results.json) and one table on stdout.  Each
 *  part is a function bench_PART (bench_t *) in a file of its own; the
 *  figures a later part needs (the floors) are read back from the JSON.
 *  See docs/BENCHMARKS.md for what each figure means.
 */
#ifndef HALL_BENCH_H
#define HALL_BENCH_H

#include <czmq.h>
#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "harness.h"

typedef struct {
    json_t    *results;         /* everything measured, by part */
    GPtrArray *rows;            /* table rows (row_t*), in order */
    char      *work;            /* scratch folder on the disk the servers use */
    bool       quick;           /* --quick: smaller counts, for trying it out */
} bench_t;

/* ---- time and samples ---------------------------------------------------- */

double  bench_now_us (void);                        /* monotonic, microseconds */
/* Percentile P (0..100) of SAMPLES (doubles, sorted in place). */
double  bench_pct (GArray *samples, double p);
/* {"p50", "p99", "mean", "n"} of SAMPLES in milliseconds (given in µs). */
json_t *bench_latency_json (GArray *samples);

/* ---- results and the table ----------------------------------------------- */

/* Sets results[PART][KEY] = VALUE (stolen). */
void    bench_set (bench_t *self, const char *part, const char *key, json_t *value);
double  bench_get (bench_t *self, const char *part, const char *key);
/* A table row: NAME, the measured VALUE (printf), and a TARGET with its
 * verdict (NULL: a plain figure, no target). */
void    bench_row (bench_t *self, const char *name, const char *target, int verdict,
                   const char *fmt, ...) G_GNUC_PRINTF (5, 6);
#define BENCH_NONE  (-1)        /* verdict: no target */
#define BENCH_MISS  0
#define BENCH_MET   1
void    bench_section (bench_t *self, const char *title);

/* ---- talking to the server: a raw DEALER client --------------------------- */

/* One client: its own DEALER socket, id and request numbers.  Requests are
 * formatted by hand and replies read with jansson, so the client costs
 * about what the echo floor's client costs. */
typedef struct {
    zsock_t *dealer;
    char     id[48];
    const char *role;
    int      window;            /* 0: none */
    int64_t  req;               /* last request number sent */
    double   sent_us;           /* when the outstanding request was sent */
    size_t   request_size;      /* bytes of the last request sent */
    size_t   reply_size;        /* bytes of the last reply received */
} client_t;

/* Makes SOCK (not yet connected) a CURVE client with the admin tool's key
 * ($HALL_KEY, set by the harness when the server made its keys); nothing
 * when there is none (a server without device keys). */
void      bench_secure (zsock_t *sock);
client_t *client_new (const char *endpoint, const char *role, int window);
void      client_destroy (client_t **self_p);
/* Sends OP with ARGS (a JSON object's text, "{}" when none). */
void      client_send (client_t *self, const char *op, const char *args);
/* Receives one reply (waits up to TIMEOUT_MS); NULL on timeout. */
json_t   *client_recv (client_t *self, int timeout_ms);
/* Send and receive; aborts the benchmark on a timeout or (if MUST_OK) a
 * refusal.  Returns the reply's "result" (new reference) or NULL. */
json_t   *client_call (client_t *self, const char *op, const char *args, bool must_ok);

/* Signs clerk sWINDOW in at the client's window. */
void      client_signin (client_t *self);

/* The server's peak and current resident memory, kB (VmHWM, VmRSS). */
long      bench_proc_kb (GPid pid, const char *field);

/* A hall configuration: CATEGORIES (≤ 26, cap 999, always open) and
 * WINDOWS that each serve CATS_PER_WINDOW of them as primary, spread;
 * clerk sN for window N. */
char     *bench_hall_config (int categories, int windows, int cats_per_window);

/* One simulated day at a server (clerks signed in at its WINDOWS): the
 * test clock on a minute at a time from *CLOCK, VISITORS issued evenly over
 * 8 hours across CATEGORIES (c0 …), each called, served 2-8 minutes and
 * finished, then the clock set to the next morning.  *REQUESTS counts what
 * was sent. */
void bench_simulate_day (client_t *admin, int windows, int categories, int visitors, gint64 *clock,
                         long *requests);

/* ---- the parts ------------------------------------------------------------ */

void bench_floors   (bench_t *self, size_t request_size, size_t reply_size);
/* The sizes of a real issue request and its reply, from a scratch server. */
void bench_message_sizes (size_t *request_size, size_t *reply_size);
void bench_broker   (bench_t *self);
void bench_fanout   (bench_t *self);
void bench_day      (bench_t *self);
void bench_history  (bench_t *self);
void bench_accuracy (bench_t *self);   /* the estimate against simulated days (accuracy.c) */
void bench_clients  (bench_t *self);
/* Call → the board's first frame painted after it (bench/clients.c). */
void bench_repaint  (bench_t *self);
/* The county's PostgreSQL: history, reports, catch-up, lag (bench/county.c). */
void bench_county   (bench_t *self);

#endif
