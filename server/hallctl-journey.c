/*  hallctl-journey.c — hallctl's "一件事" journey commands: issue a journey
 *  ticket, move a window's ticket on (skip, back, end, start), accompany
 *  one (帮办), list them (docs/PROTOCOL.md, `journey.issue` ...).
 */
#include "hallctl.h"
#include "journey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONNECT HALLCTL_CONNECT

/* "A001 kaiban 第 2 步 / 共 4 步 seal waiting": the ticket, its journey,
 * where it stands. */
static void
s_print_ticket (json_t *ticket)
{
    json_t *journey = json_object_get (ticket, "journey");
    g_autofree char *where = json_is_object (journey) ? hall_journey_text (journey, NULL, false) : g_strdup ("-");
    json_t *helper = json_object_get (journey, "helper");
    printf ("%s\t%s\t%s\t%s\t%s%s%s\n", hallctl_str (ticket, "number", "?"), hallctl_str (journey, "code", "-"), where,
            hallctl_str (ticket, "category", "?"), hallctl_str (ticket, "state", "?"),
            json_is_object (helper) ? "\t帮办 " : "", json_is_object (helper) ? hallctl_str (helper, "id", "") : "");
}

static int
s_print (hallctl_t *ctl, json_t *result)
{
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        s_print_ticket (json_object_get (result, "ticket"));
    json_decref (result);
    return 0;
}

static int
s_cmd_issue (hallctl_t *ctl, int argc, char **argv)
{
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_ISSUE, json_pack ("{s:s}", "journey", argv[1])));
}

static int
s_window (const char *text)
{
    return (int) strtol (text, NULL, 10);
}

static struct { gint step; } s_skip = { -1 };
static GOptionEntry s_skip_options[] = {
    { "step", 0, 0, G_OPTION_ARG_INT, &s_skip.step, "The step to skip, by its index (default the current one)", "N" },
    { NULL }
};

static int
s_cmd_skip (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = json_pack ("{s:i}", "window", s_window (argv[1]));
    if (s_skip.step >= 0)
        json_object_set_new (args, "step", json_integer (s_skip.step));
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_SKIP, args));
}

static int
s_cmd_back (hallctl_t *ctl, int argc, char **argv)
{
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_BACK,
                                          json_pack ("{s:i, s:i}", "window", s_window (argv[1]), "step",
                                                     (int) strtol (argv[2], NULL, 10))));
}

static int
s_cmd_end (hallctl_t *ctl, int argc, char **argv)
{
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_END, json_pack ("{s:i}", "window", s_window (argv[1]))));
}

static int
s_cmd_start (hallctl_t *ctl, int argc, char **argv)
{
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_START,
                                          json_pack ("{s:i, s:s}", "window", s_window (argv[1]), "journey", argv[2])));
}

static struct { char *staff; gboolean release; } s_accompany;
static GOptionEntry s_accompany_options[] = {
    { "staff", 0, 0, G_OPTION_ARG_STRING, &s_accompany.staff, "The 帮办 clerk", "ID" },
    { "release", 0, 0, G_OPTION_ARG_NONE, &s_accompany.release, "Stop accompanying", NULL },
    { NULL }
};

static int
s_cmd_accompany (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = json_pack ("{s:s, s:b}", "ticket", argv[1], "release", s_accompany.release);
    if (s_accompany.staff)
        json_object_set_new (args, "staff", json_string (s_accompany.staff));
    return s_print (ctl, hallctl_request (ctl, HALL_OP_JOURNEY_ACCOMPANY, args));
}

static struct { char *helper; } s_list;
static GOptionEntry s_list_options[] = {
    { "helper", 0, 0, G_OPTION_ARG_STRING, &s_list.helper, "Only the tickets this 帮办 clerk accompanies", "ID" },
    { NULL }
};

static int
s_cmd_list (hallctl_t *ctl, int argc, char **argv)
{
    json_t *args = s_list.helper ? json_pack ("{s:s}", "helper", s_list.helper) : json_object ();
    json_t *result = hallctl_request (ctl, HALL_OP_JOURNEYS, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i;
        json_t *ticket;
        json_array_foreach (json_object_get (result, "tickets"), i, ticket)
            s_print_ticket (ticket);
    }
    json_decref (result);
    return 0;
}

const hallctl_command_t hallctl_journey_commands[] = {
    { "journey issue", "JOURNEY", "take a ticket for a 一件事 journey (its first step)", 1, CONNECT, NULL, s_cmd_issue },
    { "journey skip", "WINDOW [--step N]", "skip the optional step of the window's journey ticket", 1, CONNECT,
      s_skip_options, s_cmd_skip },
    { "journey back", "WINDOW STEP", "send the window's journey ticket back to a step done (by its index)", 2,
      CONNECT, NULL, s_cmd_back },
    { "journey end", "WINDOW", "end the journey of the window's ticket", 1, CONNECT, NULL, s_cmd_end },
    { "journey start", "WINDOW JOURNEY", "put the window's ticket on a journey", 2, CONNECT, NULL, s_cmd_start },
    { "journey accompany", "TICKET [--staff ID] [--release]", "a 帮办 clerk accompanies a journey ticket", 1, CONNECT,
      s_accompany_options, s_cmd_accompany },
    { "journeys", "[--helper ID]", "today's journey tickets still active: where each stands", 0, CONNECT,
      s_list_options, s_cmd_list },
    { NULL }
};
