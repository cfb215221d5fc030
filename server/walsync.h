/*  walsync.h — the WAL's fsync, off the server's main thread.
 *
 *  Group commit makes the requests that arrive together share one commit,
 *  but with synchronous=FULL that commit's fsync stops the server: for the
 *  0.3–4 ms it takes, nothing else is parsed or run.  With a walsync the
 *  database commits with synchronous=NORMAL (no fsync at COMMIT), and the
 *  server asks the walsync to fdatasync the write-ahead log in a thread of
 *  its own while it runs the next batch.  The server holds every reply and
 *  event of a committed batch until a sync that started after that commit
 *  has finished: nothing is acknowledged or published before it is on
 *  disk, as with FULL, but the CPU and the disk work at the same time.
 *
 *  Checkpoints stay safe: with NORMAL, SQLite itself syncs the log before
 *  it copies it into the database and syncs the database after.
 *
 *  One sync at a time: hall_walsync_start() when none is running, then
 *  wait until hall_walsync_fd() is readable and collect the outcome with
 *  hall_walsync_finish().
 */
#ifndef HALL_WALSYNC_H
#define HALL_WALSYNC_H

#include <sqlite3.h>
#include <stddef.h>

typedef struct _hall_walsync_t hall_walsync_t;

/* Sets DB (opened on DB_PATH, in WAL mode) to synchronous=NORMAL and
 * starts the sync thread on DB_PATH's log.  NULL with a message in ERRBUF
 * when the log cannot be opened (the caller keeps synchronous=FULL). */
hall_walsync_t *hall_walsync_new (sqlite3 *db, const char *db_path, char *errbuf, size_t errlen);

/* Stops the thread (after the sync running, if any) and closes the log. */
void hall_walsync_destroy (hall_walsync_t **self_p);

/* Starts an fdatasync of the log: it covers every transaction committed
 * before this call.  Only when no sync is running. */
void hall_walsync_start (hall_walsync_t *self);

/* Readable (poll) when the sync started last has finished. */
int  hall_walsync_fd (hall_walsync_t *self);

/* The outcome of the finished sync: 0, or the errno of a failed one.
 * Blocks until it has finished. */
int  hall_walsync_finish (hall_walsync_t *self);

#endif
