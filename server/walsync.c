/*  walsync.c — the WAL's fsync, off the server's main thread (walsync.h). */
#define _GNU_SOURCE             /* pipe2 */
#define G_LOG_DOMAIN "hall-walsync"
#include "walsync.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STOP GINT_TO_POINTER (2)   /* the thread's orders: stop ... */
#define SYNC GINT_TO_POINTER (1)   /* ... or sync the log once */

struct _hall_walsync_t {
    int           log;            /* the -wal file, open read-only for fdatasync */
    int           done[2];        /* pipe: the thread writes each sync's outcome (int) */
    GAsyncQueue  *orders;         /* SYNC or STOP, to the thread */
    GThread      *thread;
    bool          running;        /* a sync was started and not yet finished */
};

static gpointer
s_thread (gpointer data)
{
    hall_walsync_t *self = data;
    while (g_async_queue_pop (self->orders) == SYNC) {
        /* fdatasync flushes the file, whichever descriptor wrote it. */
        int rc = fdatasync (self->log) == 0 ? 0 : errno;
        ssize_t n;
        do
            n = write (self->done[1], &rc, sizeof rc);
        while (n < 0 && errno == EINTR);
    }
    return NULL;
}

hall_walsync_t *
hall_walsync_new (sqlite3 *db, const char *db_path, char *errbuf, size_t errlen)
{
    char *path = g_strconcat (db_path, "-wal", NULL);
    int log = open (path, O_RDONLY | O_CLOEXEC);
    if (log < 0) {
        snprintf (errbuf, errlen, "cannot open %s: %s", path, g_strerror (errno));
        g_free (path);
        return NULL;
    }
    g_free (path);
    hall_walsync_t *self = calloc (1, sizeof *self);
    self->log = log;
    if (pipe2 (self->done, O_CLOEXEC) != 0
        || sqlite3_exec (db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        snprintf (errbuf, errlen, "cannot set up the log's sync: %s", g_strerror (errno));
        close (log);
        free (self);
        return NULL;
    }
    self->orders = g_async_queue_new ();
    self->thread = g_thread_new ("walsync", s_thread, self);
    return self;
}

void
hall_walsync_destroy (hall_walsync_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    hall_walsync_t *self = *self_p;
    g_async_queue_push (self->orders, STOP);
    g_thread_join (self->thread);
    g_async_queue_unref (self->orders);
    close (self->done[0]);
    close (self->done[1]);
    close (self->log);
    free (self);
    *self_p = NULL;
}

void
hall_walsync_start (hall_walsync_t *self)
{
    g_assert (!self->running);
    self->running = true;
    g_async_queue_push (self->orders, SYNC);
}

int
hall_walsync_fd (hall_walsync_t *self)
{
    return self->done[0];
}

int
hall_walsync_finish (hall_walsync_t *self)
{
    g_assert (self->running);
    int rc = 0;
    ssize_t n;
    do
        n = read (self->done[0], &rc, sizeof rc);
    while (n < 0 && errno == EINTR);
    self->running = false;
    return n == (ssize_t) sizeof rc ? rc : EIO;
}
