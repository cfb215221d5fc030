/*  auth.h — device keys: CURVE on the server's sockets and the ZAP handler
 *  that lets in only enrolled, unrevoked devices.
 *
 *  The keys folder (0700) holds the server's certificate (server.key,
 *  secret, 0600) and the first admin tool's key (admin.key, 0600), both
 *  made at the first start.  Every other device is enrolled by an admin
 *  (`hallctl enroll`): its public key, role and window go into the device
 *  table.  The ZAP handler answers each CURVE handshake from that table and
 *  names the device as the connection's User-Id; the main loop then takes
 *  the role from the device, not from the message (an admin tool may act as
 *  any role).  Revoking a device refuses its new connections and, because
 *  every request is checked against the table, its open ones at once.
 *
 *  With `insecure` (a lab setting, loudly logged) nothing is encrypted and
 *  the role comes from the message.
 */
#ifndef HALL_AUTH_H
#define HALL_AUTH_H

#include <czmq.h>
#include <stdbool.h>
#include "protocol.h"
#include "store.h"

typedef struct _hall_auth_t hall_auth_t;

hall_auth_t *hall_auth_new (hall_store_t *store, const char *keys_dir, bool insecure,
                            char *errbuf, size_t errlen);
void         hall_auth_destroy (hall_auth_t **self_p);
bool         hall_auth_secure (hall_auth_t *self);

/* Makes SOCK a CURVE server with the server's key and the ZAP domain. */
void         hall_auth_apply (hall_auth_t *self, zsock_t *sock);

/* The ZAP handler's socket (to poll), and one round of it. */
void        *hall_auth_zap_socket (hall_auth_t *self);
void         hall_auth_handle_zap (hall_auth_t *self);

/* The role and window of the device named USER_ID.  False when it is
 * unknown or revoked.  ADMIN is set for the admin tool. */
bool         hall_auth_device (hall_auth_t *self, const char *user_id, hall_role_t *role,
                               int *window);

/* The server's public key (Z85). */
const char  *hall_auth_server_key (hall_auth_t *self);

#endif
