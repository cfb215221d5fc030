/*  keyfile.c — device key files written whole (keyfile.h). */
#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <unistd.h>

/* fsync the file or folder at PATH. */
static int
s_sync_path (const char *path, int flags)
{
    int fd = open (path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync (fd);
    int saved = errno;
    close (fd);
    errno = saved;
    return rc;
}

int
hall_keyfile_save (zcert_t *cert, const char *path)
{
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
    /* mkstemp makes the file 0600, and writing into it keeps that mode:
     * the secret is never readable by others, not even for a moment. */
    int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    close (fd);
    errno = 0;
    /* zcert_save_secret opens the (existing, private) file with "w". */
    if (zcert_save_secret (cert, tmp) != 0
        || s_sync_path (tmp, O_RDONLY) != 0
        || g_rename (tmp, path) != 0) {
        int saved = errno ? errno : EIO;
        g_unlink (tmp);
        errno = saved;
        return -1;
    }
    /* The rename itself survives a power cut once the folder is synced;
     * a failure here leaves a whole key in place, so it is not an error. */
    s_sync_path (dir, O_RDONLY | O_DIRECTORY);
    return 0;
}
