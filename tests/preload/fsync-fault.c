/*  fsync-fault.c — LD_PRELOAD shim: a disk whose flush fails or is slow, on demand.
 *
 *  A failing fdatasync (an I/O error under the file system) cannot be made
 *  to happen here for real, nor a slow one, so the tests put this in front
 *  of the server: while the file named by $HALL_FAIL_FSYNC exists,
 *  fdatasync() and fsync() fail with EIO without flushing; with
 *  $HALL_SLOW_FSYNC_MS set they take that long more (a slow disk);
 *  otherwise they are the real ones.
 */
#define _GNU_SOURCE            /* RTLD_NEXT */
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int
s_fault (void)
{
    const char *flag = getenv ("HALL_FAIL_FSYNC");
    if (flag && access (flag, F_OK) == 0)
        return 1;
    const char *slow = getenv ("HALL_SLOW_FSYNC_MS");
    if (slow)
        usleep ((useconds_t) atoi (slow) * 1000);
    return 0;
}

int
fdatasync (int fd)
{
    if (s_fault ()) {
        errno = EIO;
        return -1;
    }
    int (*real) (int) = (int (*) (int)) dlsym (RTLD_NEXT, "fdatasync");
    return real (fd);
}

int
fsync (int fd)
{
    if (s_fault ()) {
        errno = EIO;
        return -1;
    }
    int (*real) (int) = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
    return real (fd);
}
