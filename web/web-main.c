/*  web-main.c — hall-web: the visitors' phone pages.
 *
 *    hall-web [--listen ADDR:PORT] [--server EP] [--events EP]
 *             [--webhook URL --webhook-secret-file FILE]
 *             [--rate N] [--burst N] [--max-streams N] [--trust-proxy]
 *
 *  A thin client like the others: its own device key (HALL_KEY, role
 *  web, `hallctl enroll web`), a mirror of the hall, no database.  It
 *  serves plain HTTP on a loopback or LAN address; the hall publishes it
 *  behind its HTTPS reverse proxy at the hall's status_url
 *  (docs/OPERATIONS.md).  It needs no root and refuses to run as root.
 */
#define G_LOG_DOMAIN "hall-web"
#include "client.h"
#include "i18n.h"
#include "web-hall.h"
#include "web-notify.h"
#include "web-pages.h"
#include "web-server.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

extern GResource *web_get_resource (void);

static gboolean
s_quit (gpointer loop)
{
    g_main_loop_quit (loop);
    return G_SOURCE_REMOVE;
}

static void
s_kick (gpointer notify)
{
    web_notify_kick (notify);
}

int
main (int argc, char *argv[])
{
    hall_i18n_init ("hall-web", argv[0]);
    char *listen = NULL, *server = NULL, *events = NULL, *webhook = NULL, *secret_file = NULL;
    double rate = 5.0;
    int burst = 40, max_streams = 8;
    gboolean trust_proxy = FALSE, allow_root = FALSE;
    GOptionEntry options[] = {
        { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Address to serve on (default 127.0.0.1:8080)", "ADDR:PORT" },
        { "server", 's', 0, G_OPTION_ARG_STRING, &server, "Request endpoint (default tcp://127.0.0.1:5570)", "EP" },
        { "events", 'e', 0, G_OPTION_ARG_STRING, &events, "Event endpoint (default tcp://127.0.0.1:5571)", "EP" },
        { "webhook", 0, 0, G_OPTION_ARG_STRING, &webhook, "Where the SMS messages go (the hall's notification webhook)", "URL" },
        { "webhook-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &secret_file, "File holding the webhook's HMAC secret", "FILE" },
        { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "Requests per second per client address (default 5)", "N" },
        { "burst", 0, 0, G_OPTION_ARG_INT, &burst, "Requests a client address may make at once (default 40)", "N" },
        { "max-streams", 0, 0, G_OPTION_ARG_INT, &max_streams, "Live pages per client address (default 8)", "N" },
        { "trust-proxy", 0, 0, G_OPTION_ARG_NONE, &trust_proxy, "Behind a reverse proxy on this machine: the client's address is X-Forwarded-For's last", NULL },
        { "allow-root", 0, 0, G_OPTION_ARG_NONE, &allow_root, "Run even as root (test machines and containers only)", NULL },
        { NULL }
    };
    g_autoptr (GOptionContext) context = g_option_context_new ("— the visitors' phone pages");
    g_option_context_add_main_entries (context, options, NULL);
    g_autoptr (GError) error = NULL;
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "hall-web: %s\n", error->message);
        return 2;
    }
    if (geteuid () == 0 && !allow_root) {
        fprintf (stderr, "hall-web: will not run as root: run it as an unprivileged user\n");
        return 2;
    }
    if (rate <= 0 || burst < 1 || max_streams < 1) {
        fprintf (stderr, "hall-web: --rate, --burst and --max-streams must be positive\n");
        return 2;
    }
    g_autofree char *secret = NULL;
    if (!webhook != !secret_file) {
        fprintf (stderr, "hall-web: --webhook and --webhook-secret-file go together\n");
        return 2;
    }
    if (secret_file) {
        if (!g_file_get_contents (secret_file, &secret, NULL, &error)) {
            fprintf (stderr, "hall-web: %s\n", error->message);
            return 2;
        }
        g_strstrip (secret);
        if (!*secret) {
            fprintf (stderr, "hall-web: %s holds no secret\n", secret_file);
            return 2;
        }
    }
    g_resources_register (web_get_resource ());
    web_text_init (argv[0]);
    HallClient *client = hall_client_new (server ? server : "tcp://127.0.0.1:5570",
                                          events ? events : "tcp://127.0.0.1:5571", HALL_ROLE_WEB, 0, NULL);
    if (!client) {
        fprintf (stderr, "hall-web: cannot reach the server's endpoints\n");
        return 1;
    }
    web_hall_t *hall = web_hall_new (client);
    web_server_config_t config = { .listen = listen ? listen : "127.0.0.1:8080", .rate = rate, .burst = burst,
                                   .max_streams = max_streams, .trust_proxy = trust_proxy, .sms = webhook != NULL };
    web_server_t *web = web_server_new (hall, &config, &error);
    if (!web) {
        fprintf (stderr, "hall-web: %s\n", error->message);
        return 1;
    }
    web_notify_t *notify = webhook ? web_notify_new (hall, webhook, secret) : NULL;
    if (notify)
        web_server_on_action (web, s_kick, notify);
    g_message ("serving the phone pages on http://%s/%s", config.listen,
               notify ? " (SMS through the webhook)" : "");
    GMainLoop *loop = g_main_loop_new (NULL, FALSE);
    g_unix_signal_add (SIGTERM, s_quit, loop);
    g_unix_signal_add (SIGINT, s_quit, loop);
    g_main_loop_run (loop);
    g_main_loop_unref (loop);
    web_notify_destroy (&notify);
    web_server_destroy (&web);
    web_hall_destroy (&hall);
    g_object_unref (client);
    web_text_shutdown ();
    if (secret)
        memset (secret, 0, strlen (secret));
    g_free (listen);
    g_free (server);
    g_free (events);
    g_free (webhook);
    g_free (secret_file);
    return 0;
}
