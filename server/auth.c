/*  auth.c — device keys and the ZAP handler (auth.h). */
#define G_LOG_DOMAIN "hall-auth"
#include "auth.h"
#include "keyfile.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct _hall_auth_t {
    hall_store_t *store;        /* the device table (not owned) */
    bool          insecure;     /* lab mode: no CURVE */
    zcert_t      *server_cert;  /* the server's key pair */
    zsock_t      *zap;          /* REP on inproc://zeromq.zap.01 */
};

static int
s_register (hall_auth_t *self, const char *id, const char *public_key, const char *role,
            int window, const char *name)
{
    sqlite3_stmt *stmt = hall_store_stmt (self->store,
        "INSERT INTO device (id, public_key, role, window, name, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, strftime ('%s', 'now'))");
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, public_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);
    if (window > 0)
        sqlite3_bind_int (stmt, 4, window);
    sqlite3_bind_text (stmt, 5, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    return rc == SQLITE_DONE ? 0 : -1;
}

hall_auth_t *
hall_auth_new (hall_store_t *store, const char *keys_dir, bool insecure, char *errbuf, size_t errlen)
{
    hall_auth_t *self = calloc (1, sizeof *self);
    self->store = store;
    self->insecure = insecure;
    if (insecure) {
        g_warning ("*** INSECURE LAB MODE: no device keys, no encryption; any program on the "
                   "network can act as any role.  Never run a hall like this. ***");
        return self;
    }
    if (!zsys_has_curve ()) {
        snprintf (errbuf, errlen, "this libzmq has no CURVE support");
        hall_auth_destroy (&self);
        return NULL;
    }
    if (g_mkdir_with_parents (keys_dir, 0700) != 0 || g_chmod (keys_dir, 0700) != 0) {
        snprintf (errbuf, errlen, "cannot create %s: %s", keys_dir, g_strerror (errno));
        hall_auth_destroy (&self);
        return NULL;
    }
    g_autofree char *server_path = g_build_filename (keys_dir, "server.key", NULL);
    if (g_file_test (server_path, G_FILE_TEST_EXISTS))
        self->server_cert = zcert_load (server_path);
    else {
        self->server_cert = zcert_new ();
        zcert_set_meta (self->server_cert, "name", "hall-server");
        if (hall_keyfile_save (self->server_cert, server_path) != 0) {
            snprintf (errbuf, errlen, "cannot write %s", server_path);
            hall_auth_destroy (&self);
            return NULL;
        }
        /* zcert_save_secret leaves no public-only file; write one for
         * installers who want to check the key. */
        g_autofree char *public_path = g_build_filename (keys_dir, "server.pub", NULL);
        zcert_save_public (self->server_cert, public_path);
        g_message ("made the server key %s", server_path);
    }
    if (!self->server_cert) {
        snprintf (errbuf, errlen, "cannot read the server key %s", server_path);
        hall_auth_destroy (&self);
        return NULL;
    }
    /* The first admin tool key, so that hallctl on this machine can enroll
     * everything else. */
    g_autofree char *admin_path = g_build_filename (keys_dir, "admin.key", NULL);
    sqlite3_stmt *stmt = hall_store_stmt (store,
        "SELECT count(*) FROM device WHERE id = 'admin' AND revoked_at IS NULL");
    bool registered = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    sqlite3_reset (stmt);
    if (!registered || !g_file_test (admin_path, G_FILE_TEST_EXISTS)) {
        zcert_t *admin = zcert_new ();
        zcert_set_meta (admin, "id", "admin");
        zcert_set_meta (admin, "role", "admin");
        zcert_set_meta (admin, "server-key", "%s", zcert_public_txt (self->server_cert));
        stmt = hall_store_stmt (store, "DELETE FROM device WHERE id = 'admin'");
        sqlite3_step (stmt);
        sqlite3_reset (stmt);
        if (s_register (self, "admin", zcert_public_txt (admin), "admin", 0, "hallctl on the server")
            || hall_keyfile_save (admin, admin_path) != 0) {
            snprintf (errbuf, errlen, "cannot make the admin key %s", admin_path);
            zcert_destroy (&admin);
            hall_auth_destroy (&self);
            return NULL;
        }
        zcert_destroy (&admin);
        g_message ("made the admin tool key %s", admin_path);
    }
    self->zap = zsock_new_rep ("inproc://zeromq.zap.01");
    if (!self->zap) {
        snprintf (errbuf, errlen, "cannot bind the ZAP handler");
        hall_auth_destroy (&self);
        return NULL;
    }
    return self;
}

void
hall_auth_destroy (hall_auth_t **self_p)
{
    if (self_p && *self_p) {
        hall_auth_t *self = *self_p;
        zsock_destroy (&self->zap);
        zcert_destroy (&self->server_cert);
        free (self);
        *self_p = NULL;
    }
}

bool
hall_auth_secure (hall_auth_t *self)
{
    return !self->insecure;
}

const char *
hall_auth_server_key (hall_auth_t *self)
{
    return self->server_cert ? zcert_public_txt (self->server_cert) : "";
}

void
hall_auth_apply (hall_auth_t *self, zsock_t *sock)
{
    if (self->insecure)
        return;
    zcert_apply (self->server_cert, sock);
    zsock_set_curve_server (sock, 1);
    zsock_set_zap_domain (sock, "hall");
}

void *
hall_auth_zap_socket (hall_auth_t *self)
{
    return self->zap ? zsock_resolve (self->zap) : NULL;
}

/* ZAP (RFC 27): version, request id, domain, address, routing id,
 * mechanism, credentials; the reply: version, request id, status code,
 * status text, user id, metadata. */
void
hall_auth_handle_zap (hall_auth_t *self)
{
    zmsg_t *request = zmsg_recv (self->zap);
    if (!request)
        return;
    char *version = zmsg_popstr (request);
    char *sequence = zmsg_popstr (request);
    char *domain = zmsg_popstr (request);
    char *address = zmsg_popstr (request);
    zframe_t *routing = zmsg_pop (request);
    char *mechanism = zmsg_popstr (request);
    zframe_t *key = zmsg_pop (request);
    const char *status = "400", *text = "No access";
    char user_id[128] = "";
    if (version && streq (version, "1.0") && mechanism && streq (mechanism, "CURVE")
        && key && zframe_size (key) == 32) {
        char public_txt[41];
        zmq_z85_encode (public_txt, zframe_data (key), 32);
        sqlite3_stmt *stmt = hall_store_stmt (self->store,
            "SELECT id FROM device WHERE public_key = ?1 AND revoked_at IS NULL");
        sqlite3_bind_text (stmt, 1, public_txt, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            snprintf (user_id, sizeof user_id, "%s", sqlite3_column_text (stmt, 0));
            status = "200";
            text = "OK";
        }
        sqlite3_reset (stmt);
        if (*user_id)
            g_debug ("device %s connected from %s", user_id, address ? address : "?");
        else
            g_message ("refused a connection from %s: unknown or revoked key %s",
                       address ? address : "?", public_txt);
    }
    else
        g_message ("refused a connection from %s: mechanism %s", address ? address : "?",
                   mechanism ? mechanism : "?");
    zmsg_t *reply = zmsg_new ();
    zmsg_addstr (reply, "1.0");
    zmsg_addstr (reply, sequence ? sequence : "");
    zmsg_addstr (reply, status);
    zmsg_addstr (reply, text);
    zmsg_addstr (reply, user_id);
    zmsg_addmem (reply, "", 0);
    zmsg_send (&reply, self->zap);
    zstr_free (&version);
    zstr_free (&sequence);
    zstr_free (&domain);
    zstr_free (&address);
    zstr_free (&mechanism);
    zframe_destroy (&routing);
    zframe_destroy (&key);
    zmsg_destroy (&request);
}

bool
hall_auth_device (hall_auth_t *self, const char *user_id, hall_role_t *role, int *window)
{
    if (!user_id || !*user_id)
        return false;
    sqlite3_stmt *stmt = hall_store_stmt (self->store,
        "SELECT role, coalesce (window, 0) FROM device WHERE id = ?1 AND revoked_at IS NULL");
    sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
    bool found = sqlite3_step (stmt) == SQLITE_ROW;
    if (found) {
        *role = hall_role_from_name ((const char *) sqlite3_column_text (stmt, 0));
        *window = sqlite3_column_int (stmt, 1);
    }
    sqlite3_reset (stmt);
    return found && *role != HALL_ROLE_NONE;
}
