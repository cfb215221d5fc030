/*  hallctl-keys.h — hallctl's commands for device keys, accounts and
 *  backups: enroll, devices, revoke, passwd, backup.
 */
#ifndef HALLCTL_KEYS_H
#define HALLCTL_KEYS_H

#include <stdbool.h>
#include "session.h"

typedef struct {
    const char *key;          /* --key: this tool's key file, or NULL */
    const char *out;          /* --out: where enroll writes the new key */
    const char *name;         /* --name: where the device stands */
    const char *db;           /* --db: the database to back up */
    const char *password;     /* --password */
    bool        json;
} hallctl_keys_options_t;

/* Points HALL_KEY at the tool's key: --key, else $HALL_KEY, else the
 * first of state/demo/keys/admin.key and state/keys/admin.key. */
void hallctl_keys_init (const hallctl_keys_options_t *options);

/* Runs backup (no server needed).  Returns the exit code, or -1 when
 * ARGV[1] is not "backup". */
int  hallctl_backup_command (const hallctl_keys_options_t *options, int argc, char **argv);

/* Runs enroll, devices, revoke, passwd over SESSION.  Returns the exit
 * code, or -1 when ARGV[1] is none of them. */
int  hallctl_keys_command (hall_session_t *session, const hallctl_keys_options_t *options,
                           int argc, char **argv);

#endif
