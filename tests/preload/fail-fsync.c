/*  fail-fsync.c — LD_PRELOAD shim: a disk whose flush fails, on demand.
 *
 *  A failing fdatasync (an I/O error under the file system) cannot be made
 *  to happen here for real, so the tests put this in front of the server:
 *  while the file named by $HALL_FAIL_FSYNC exists, fdatasync() and fsync()
 *  fail with EIO without flushing; otherwise they are the real ones.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int
s_failing (void)
{
    const char *flag = getenv ("HALL_FAIL_FSYNC");
    return flag && access (flag, F_OK) == 0;
}

int
fdatasync (int fd)
{
    if (s_failing ()) {
        errno = EIO;
        return -1;
    }
    int (*real) (int) = (int (*) (int)) dlsym (RTLD_NEXT, "fdatasync");
    return real (fd);
}

int
fsync (int fd)
{
    if (s_failing ()) {
        errno = EIO;
        return -1;
    }
    int (*real) (int) = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
    return real (fd);
}
