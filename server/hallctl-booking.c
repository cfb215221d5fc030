/*  hallctl-booking.c — hallctl's commands for appointments (预约), verbs of
 *  two words (hallctl.h): booking slots, booking create, booking list,
 *  booking cancel, booking checkin, booking summary.
 *
 *  A desk books on behalf of a visitor with "booking create": the ID
 *  number is personal data and is never an argument (the command line is
 *  in `ps`, in the shell's history and in audit logs): it is read from
 *  the terminal with echo off, or as one line of stdin when stdin is not a
 *  terminal (a script pipes it in).  What is printed of a booking is what
 *  the server sends: the name, the document number and the phone masked.
 *
 *  Output follows hallctl's rule: the first word of a line is the thing
 *  acted on (a booking's code, or its id where the server gives no code, a
 *  day for slots and the summary, a ticket for a check-in on time).
 */
#include "hallctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONNECT HALLCTL_CONNECT

/* ---- printing -------------------------------------------------------------- */

/* One booking: its code (or, from booking.list, its id), category, day,
 * slot, state, the masked name, document number and phone, the channel,
 * the check-in window and the ticket once checked in. */
static void
s_print_booking (json_t *booking)
{
    const char *code = hallctl_str (booking, "code", NULL);
    if (code)
        printf ("%s", code);
    else
        printf ("%" JSON_INTEGER_FORMAT, hallctl_int (booking, "id"));
    printf ("\t%s\t%s\t%s-%s\t%s\t%s\t%s\t%s\t%s", hallctl_str (booking, "category", "?"),
            hallctl_str (booking, "day", "?"), hallctl_str (booking, "start", "?"),
            hallctl_str (booking, "end", "?"), hallctl_str (booking, "state", "?"),
            hallctl_str (booking, "name", "-"), hallctl_str (booking, "person", "-"),
            hallctl_str (booking, "phone", "-"), hallctl_str (booking, "channel", "-"));
    if (json_is_string (json_object_get (booking, "checkin_from")))
        printf ("\tcheckin %s-%s", hallctl_str (booking, "checkin_from", "?"),
                hallctl_str (booking, "checkin_until", "?"));
    if (json_is_string (json_object_get (booking, "ticket")))
        printf ("\tticket %s", hallctl_str (booking, "ticket", "?"));
    printf ("\n");
}

/* A reply's {"booking"} printed, or the result as JSON. */
static int
s_print_result (hallctl_t *ctl, json_t *result)
{
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else
        s_print_booking (json_object_get (result, "booking"));
    json_decref (result);
    return 0;
}

/* ---- the commands ------------------------------------------------------------ */

static int
s_cmd_slots (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_BOOKING_SLOTS, json_pack ("{s:s}", "category", argv[1]));
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i, j;
        json_t *day, *slot;
        json_array_foreach (json_object_get (result, "days"), i, day)
            json_array_foreach (json_object_get (day, "slots"), j, slot)
                printf ("%s\t%s-%s\t%d\t%d\n", hallctl_str (day, "day", "?"), hallctl_str (slot, "start", "?"),
                        hallctl_str (slot, "end", "?"), (int) hallctl_int (slot, "free"),
                        (int) hallctl_int (slot, "capacity"));
    }
    json_decref (result);
    return 0;
}

static struct { char *name, *phone, *document, *credit_code; } s_create;
static GOptionEntry s_create_options[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &s_create.name, "The visitor's name", "NAME" },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &s_create.phone, "The visitor's mobile number (11 digits)", "PHONE" },
    { "document", 0, 0, G_OPTION_ARG_STRING, &s_create.document,
      "id (resident ID card, the default), passport, hk_macao, taiwan or other", "KIND" },
    { "credit-code", 0, 0, G_OPTION_ARG_STRING, &s_create.credit_code,
      "The enterprise's unified social credit code (统一社会信用代码), for its matter", "CODE" },
    { NULL }
};

/* booking create CATEGORY DAY SLOT: the document number from the terminal
 * or stdin (hallctl_read_secret), never from ARGV. */
static int
s_cmd_create (hallctl_t *ctl, int argc, char **argv)
{
    static const char *const documents[] = { "id", "passport", "hk_macao", "taiwan", "other" };
    const char *document = s_create.document ? s_create.document : "id";
    bool known = false;
    for (size_t i = 0; i < G_N_ELEMENTS (documents); i++)
        known |= strcmp (documents[i], document) == 0;
    if (!known)
        return hallctl_usage ("--document is id, passport, hk_macao, taiwan or other");
    if (!s_create.name || !s_create.phone)
        return hallctl_usage ("booking create needs --name and --phone");
    g_autofree char *prompt = g_strdup_printf ("%s number (not shown): ", strcmp (document, "id") == 0 ? "ID" : document);
    char *number = hallctl_read_secret (prompt);
    if (!number)
        return hallctl_usage ("no document number given (it is read from the terminal or stdin)");
    g_autofree char *day = hallctl_hall_day (ctl, argv[2]);
    if (!day) {
        explicit_bzero (number, strlen (number));
        g_free (number);
        return HALLCTL_EXIT_REFUSED;
    }
    json_t *args = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "category", argv[1], "day", day,
                              "slot", argv[3], "name", s_create.name, "document", document,
                              "id_number", number, "phone", s_create.phone);
    explicit_bzero (number, strlen (number));
    g_free (number);
    if (s_create.credit_code)
        json_object_set_new (args, "credit_code", json_string (s_create.credit_code));
    return s_print_result (ctl, hallctl_request (ctl, HALL_OP_BOOKING_CREATE, args));
}

static struct { char *category; } s_list;
static GOptionEntry s_list_options[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &s_list.category, "Only this category's bookings", "C" },
    { NULL }
};

static int
s_cmd_list (hallctl_t *ctl, int argc, char **argv)
{
    g_autofree char *day = hallctl_hall_day (ctl, argc > 1 ? argv[1] : NULL);
    if (!day)
        return HALLCTL_EXIT_REFUSED;
    json_t *args = json_pack ("{s:s}", "day", day);
    if (s_list.category)
        json_object_set_new (args, "category", json_string (s_list.category));
    json_t *result = hallctl_request (ctl, HALL_OP_BOOKING_LIST, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i;
        json_t *booking;
        json_array_foreach (json_object_get (result, "bookings"), i, booking)
            s_print_booking (booking);
    }
    json_decref (result);
    return 0;
}

static int
s_cmd_cancel (hallctl_t *ctl, int argc, char **argv)
{
    return s_print_result (ctl, hallctl_request (ctl, HALL_OP_BOOKING_CANCEL,
                                                 json_pack ("{s:s}", "code", argv[1])));
}

/* What booking.checkin answered: on time, the ticket (as issue prints
 * it); early or late, the booking unchanged with its check-in window;
 * already checked in (its ticket) or cancelled, exit 1. */
static int
s_cmd_checkin (hallctl_t *ctl, int argc, char **argv)
{
    json_t *result = hallctl_request (ctl, HALL_OP_BOOKING_CHECKIN, json_pack ("{s:s}", "code", argv[1]));
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    const char *checkin = hallctl_str (result, "checkin", "?");
    json_t *booking = json_object_get (result, "booking");
    if (ctl->json)
        hallctl_print_json (result);
    else if (strcmp (checkin, "on_time") == 0) {
        g_autofree char *wait = hallctl_wait_text (result);
        printf ("%s on_time ahead %d wait %s slot %s-%s\n",
                hallctl_str (json_object_get (result, "ticket"), "number", "?"), (int) hallctl_int (result, "ahead"),
                wait, hallctl_str (booking, "start", "?"), hallctl_str (booking, "end", "?"));
    }
    else if (strcmp (checkin, "checked_in") == 0 || strcmp (checkin, "cancelled") == 0) {
        /* Nothing done: already checked in (its ticket), or cancelled. */
        printf ("%s %s%s%s\n", argv[1], checkin, *hallctl_str (booking, "ticket", "") ? " ticket " : "",
                hallctl_str (booking, "ticket", ""));
        json_decref (result);
        return HALLCTL_EXIT_REFUSED;
    }
    else
        printf ("%s %s day %s checkin %s-%s\n", argv[1], checkin, hallctl_str (booking, "day", "?"),
                hallctl_str (booking, "checkin_from", "?"), hallctl_str (booking, "checkin_until", "?"));
    json_decref (result);
    return 0;
}

static struct { char *from; gint days; } s_summary = { NULL, G_MININT };
static GOptionEntry s_summary_options[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &s_summary.from, "First day (default: the hall's today)", "DAY" },
    { "days", 0, 0, G_OPTION_ARG_INT, &s_summary.days, "How many days from it, 1-31 (default 14)", "N" },
    { NULL }
};

/* Places per category and slot: one line each, nothing personal. */
static int
s_cmd_summary (hallctl_t *ctl, int argc, char **argv)
{
    if (s_summary.days != G_MININT && (s_summary.days < 1 || s_summary.days > 31))
        return hallctl_usage ("--days must be 1-31");
    g_autofree char *from = hallctl_hall_day (ctl, s_summary.from);
    if (!from)
        return HALLCTL_EXIT_REFUSED;
    json_t *args = json_pack ("{s:s}", "from", from);
    if (s_summary.days != G_MININT)
        json_object_set_new (args, "days", json_integer (s_summary.days));
    json_t *result = hallctl_request (ctl, HALL_OP_BOOKING_SUMMARY, args);
    if (!result)
        return HALLCTL_EXIT_REFUSED;
    if (ctl->json)
        hallctl_print_json (result);
    else {
        size_t i, j, k;
        json_t *day, *category, *slot;
        json_array_foreach (json_object_get (result, "days"), i, day)
            json_array_foreach (json_object_get (day, "categories"), j, category)
                json_array_foreach (json_object_get (category, "slots"), k, slot)
                    printf ("%s\t%s\t%s-%s\tcapacity %d\tbooked %d\tchecked_in %d\tnoshow %d\tcancelled %d\n",
                            hallctl_str (day, "day", "?"), hallctl_str (category, "category", "?"),
                            hallctl_str (slot, "start", "?"), hallctl_str (slot, "end", "?"),
                            (int) hallctl_int (slot, "capacity"), (int) hallctl_int (slot, "booked"),
                            (int) hallctl_int (slot, "checked_in"), (int) hallctl_int (slot, "noshow"),
                            (int) hallctl_int (slot, "cancelled"));
    }
    json_decref (result);
    return 0;
}

const hallctl_command_t hallctl_booking_commands[] = {
    { "booking slots", "CATEGORY", "bookable slots: day, time, free places, capacity", 1, CONNECT,
      NULL, s_cmd_slots },
    { "booking create", "CATEGORY DAY SLOT --name N --phone P [--document D] [--credit-code C]", "book for a visitor (the ID number from the terminal or stdin): prints the code",
      3, CONNECT, s_create_options, s_cmd_create },
    { "booking list", "[DAY] [--category C]", "a day's bookings: id, category, slot, state, masked person",
      0, CONNECT, s_list_options, s_cmd_list },
    { "booking cancel", "CODE", "cancel a booking", 1, CONNECT, NULL, s_cmd_cancel },
    { "booking checkin", "CODE", "check a visitor in (预约签到): on time, their ticket; early or late, when",
      1, CONNECT, NULL, s_cmd_checkin },
    { "booking summary", "[--from DAY] [--days N]",
      "places per category and slot: capacity, booked, checked in, no-shows, cancelled", 0, CONNECT,
      s_summary_options, s_cmd_summary },
    { NULL }
};
