/*  keyfile.h — writing a device key file so that no reader ever sees half
 *  of it.
 *
 *  zcert_save_secret() writes the file in place: a program that opens the
 *  key while the server or hallctl is still writing it reads a truncated
 *  certificate (no server-key) and refuses to start.  It happened to a
 *  test that waits for the server's first admin key; an installer copying
 *  keys while hallctl runs could hit it just the same, and a power cut in
 *  the middle would leave a broken key behind.
 *
 *  hall_keyfile_save() writes the secret certificate to a private (0600)
 *  temporary file in the same folder, flushes it to disk, and renames it
 *  over PATH: a reader sees either no file, the old one, or the whole new
 *  one.  Returns 0, or -1 with errno set and no file left behind.
 */
#ifndef HALL_KEYFILE_H
#define HALL_KEYFILE_H

#include <czmq.h>

int
    hall_keyfile_save (zcert_t *cert, const char *path);

#endif
