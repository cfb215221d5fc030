/*  reporter.c — reports, off the server's main thread (reporter.h). */
#define _GNU_SOURCE             /* pipe2 */
#define G_LOG_DOMAIN "hall-reporter"
#include "reporter.h"
#include "clock.h"
#include "engine.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    hall_request_t req;           /* the request, moved in */
    int64_t        now;           /* the server's time when it came */
    void          *tag;           /* the caller's, returned with the reply */
    char          *reply;         /* once run */
} job_t;

struct _hall_reporter_t {
    hall_store_t  *store;         /* the thread's own connection */
    hall_clock_t  *clock;         /* set to each job's time (the server's may be a test clock) */
    hall_engine_t *engine;        /* the rules over that connection */
    GAsyncQueue   *jobs;          /* job_t*, to the thread; NULL ends it */
    GAsyncQueue   *done;          /* job_t*, back to the main thread */
    int            wake[2];       /* pipe: a byte per finished job */
    GThread       *thread;        /* NULL once stopped */
};

static void
s_job_free (job_t *job)
{
    hall_request_clear (&job->req);
    free (job->reply);
    g_free (job);
}

static gpointer
s_thread (gpointer data)
{
    hall_reporter_t *self = data;
    job_t *job;
    while ((job = g_async_queue_pop (self->jobs)) != (job_t *) self) {
        hall_clock_set (self->clock, job->now);
        GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
        job->reply = hall_engine_handle (self->engine, &job->req, events);
        g_ptr_array_free (events, TRUE);
        g_async_queue_push (self->done, job);
        char byte = 1;
        ssize_t n;
        do
            n = write (self->wake[1], &byte, 1);
        while (n < 0 && errno == EINTR);
    }
    return NULL;
}

hall_reporter_t *
hall_reporter_new (const char *db_path, const char *instance, char *errbuf, size_t errlen)
{
    hall_store_t *store = hall_store_open (db_path, false, errbuf, errlen);
    if (!store)
        return NULL;
    hall_reporter_t *self = calloc (1, sizeof *self);
    self->store = store;
    self->clock = hall_clock_new (true);
    self->engine = hall_engine_new (store, self->clock, instance);
    if (pipe2 (self->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        snprintf (errbuf, errlen, "cannot make a pipe: %s", g_strerror (errno));
        hall_engine_destroy (&self->engine);
        hall_clock_destroy (&self->clock);
        hall_store_destroy (&self->store);
        free (self);
        return NULL;
    }
    self->jobs = g_async_queue_new ();
    self->done = g_async_queue_new_full ((GDestroyNotify) s_job_free);
    self->thread = g_thread_new ("reporter", s_thread, self);
    return self;
}

void
hall_reporter_stop (hall_reporter_t *self)
{
    if (!self->thread)
        return;
    /* The reporter itself is the order to stop (after the jobs queued). */
    g_async_queue_push (self->jobs, self);
    g_thread_join (self->thread);
    self->thread = NULL;
}

void
hall_reporter_destroy (hall_reporter_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    hall_reporter_t *self = *self_p;
    hall_reporter_stop (self);
    g_async_queue_unref (self->jobs);
    g_async_queue_unref (self->done);
    close (self->wake[0]);
    close (self->wake[1]);
    hall_engine_destroy (&self->engine);
    hall_clock_destroy (&self->clock);
    hall_store_destroy (&self->store);
    free (self);
    *self_p = NULL;
}

void
hall_reporter_submit (hall_reporter_t *self, hall_request_t *req, int64_t now, void *tag)
{
    job_t *job = g_new0 (job_t, 1);
    job->req = *req;
    memset (req, 0, sizeof *req);
    job->now = now;
    job->tag = tag;
    g_async_queue_push (self->jobs, job);
}

int
hall_reporter_fd (hall_reporter_t *self)
{
    return self->wake[0];
}

bool
hall_reporter_take (hall_reporter_t *self, void **tag, char **reply)
{
    char bytes[64];
    while (read (self->wake[0], bytes, sizeof bytes) > 0)
        ;
    job_t *job = g_async_queue_try_pop (self->done);
    if (!job)
        return false;
    *tag = job->tag;
    *reply = job->reply;
    job->reply = NULL;
    s_job_free (job);
    return true;
}
