/*  protocol.h — the hall protocol: operations, roles, error codes, and the
 *  codec that turns JSON frames into checked requests and back.
 *
 *  Every request is one ZeroMQ frame holding one JSON object:
 *
 *      {"client": "kiosk-1", "req": 17, "role": "kiosk",
 *       "op": "issue", "args": {"category": "A"}}
 *
 *  and every reply is one frame:
 *
 *      {"req": 17, "ok": true,  "result": {...}}
 *      {"req": 17, "ok": false, "error": {"code": "daily_cap", "message": "..."}}
 *
 *  Events go out on a PUB socket as two frames: a topic ("event" or
 *  "heartbeat") and a JSON object carrying "seq".  docs/PROTOCOL.md is the
 *  reference; this header is the single place the table of operations lives,
 *  and both the server and the clients validate with it.
 */
#ifndef HALL_PROTOCOL_H
#define HALL_PROTOCOL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#define HALL_PROTOCOL_VERSION 1
#define HALL_MAX_MESSAGE      65536      /* larger requests are answered too_large */
#define HALL_MAX_FRAME        (1024 * 1024) /* larger frames close the connection (ZMQ_MAXMSGSIZE) */
#define HALL_MAX_STRING       256        /* any string argument, in bytes */
#define HALL_MAX_TEXT         1000       /* a note or a reason (F_TEXT), in bytes */
#define HALL_MAX_BLOB         44000      /* a base64 piece: 32 KiB decoded */
#define HALL_MAX_CLIENT_ID    64
#define HALL_MAX_OP_NAME      64         /* longest operation name a request may carry */

#define HALL_DEFAULT_REQUESTS "tcp://127.0.0.1:5570"
#define HALL_DEFAULT_EVENTS   "tcp://127.0.0.1:5571"

/* Stable error codes.  The string form ("bad_state") is what goes on the
 * wire and what clients match on; never renumber or rename one. */
typedef enum {
    HALL_OK = 0,
    HALL_E_MALFORMED,          /* not JSON, not an object, missing envelope */
    HALL_E_BAD_FIELD,          /* argument missing, mistyped, out of range */
    HALL_E_UNKNOWN_OP,
    HALL_E_FORBIDDEN,          /* role may not perform this operation */
    HALL_E_UNKNOWN_CATEGORY,
    HALL_E_UNKNOWN_WINDOW,
    HALL_E_UNKNOWN_TICKET,
    HALL_E_UNKNOWN_STAFF,
    HALL_E_BAD_STATE,          /* transition not allowed from current state */
    HALL_E_CATEGORY_CLOSED,    /* closed for issuing by a manager */
    HALL_E_OUTSIDE_HOURS,      /* outside the category's issuing hours */
    HALL_E_DAILY_CAP,          /* the category's daily cap is reached */
    HALL_E_DUPLICATE_PERSON,   /* this person already waits in this category */
    HALL_E_WINDOW_PAUSED,
    HALL_E_WINDOW_BUSY,        /* window already has a called/serving ticket */
    HALL_E_REQUEUE_REFUSED,    /* strict missed-number policy */
    HALL_E_REQUEUE_LIMIT,      /* re-queued too often today */
    HALL_E_CLERK_ELSEWHERE,    /* clerk already signed in at another window */
    HALL_E_AUTH,               /* wrong password */
    HALL_E_TOO_LARGE,          /* message larger than HALL_MAX_MESSAGE */
    HALL_E_NO_TEST_CLOCK,      /* clock op on a server with the real clock */
    HALL_E_STORAGE,            /* the database refused the write; nothing changed */
    HALL_E_INTERNAL,
    HALL_E_TIMEOUT,            /* client side only: no reply after retries */
    HALL_E_ALREADY_RATED,      /* the ticket has a rating (given or default) */
    HALL_E_REASON_REQUIRED,    /* a 差评 (level 1-2) needs at least one reason */
    HALL_E_UNKNOWN_REASON,     /* a reason code not in the current reason list */
    HALL_E_UNKNOWN_CASE,       /* no such follow-up case */
    HALL_E_NOT_SIGNED_IN,      /* a desk acts with no clerk signed in at its window */
    HALL_E_LOCKED,             /* too many failed sign-ins: wait */
    HALL_E_REVOKED,            /* the device's key was revoked */
    HALL_E_KEY_REFUSED,        /* client side only: the server refused this key at the handshake */
    HALL_E_SLOT_FULL,          /* the appointment slot has no place left */
    HALL_E_BOOKING_BANNED,     /* too many missed appointments lately: no booking for a while */
    HALL_E_BOOKING_UNKNOWN,    /* no booking with this code, or none today for this person */
    HALL_E_DUPLICATE_MATTER,   /* this 办件编号 is recorded already */
    HALL_E_MATTER_REQUIRED,    /* the category needs a 办件编号 before finish */
    HALL_E_RECORD_REQUIRED,    /* a follow-up step without its record */
    HALL_E_TOO_SOON,           /* a no-show before the visitor had their time or recalls */
    HALL_E__COUNT
} hall_error_t;

const char  *hall_error_name (hall_error_t code);          /* "bad_state" */
hall_error_t hall_error_from_name (const char *name);      /* HALL_E_INTERNAL if unknown */
const char  *hall_error_text (hall_error_t code);          /* one-line English */
/* The code's text for the hall's staff (desk, manager): Chinese, translated
 * through the calling program's catalogue; every GUI takes it from here. */
const char  *hall_error_shown (hall_error_t code);

/* Roles.  The server decides the role (from the device key once keys
 * exist; from the envelope until then); the table below says what each
 * role may do. */
typedef enum {
    HALL_ROLE_NONE = 0,
    HALL_ROLE_KIOSK,
    HALL_ROLE_COUNTER,         /* bound to one window */
    HALL_ROLE_DISPLAY,
    HALL_ROLE_MANAGER,
    HALL_ROLE_ADMIN,           /* hallctl on the server itself */
    HALL_ROLE_RATING_PAD,      /* bound to one window */
    HALL_ROLE_WEB,             /* hall-web: the visitors' phone pages */
    HALL_ROLE_GOV_SYNC,        /* hall-gov-sync: 好差评 to the provincial platform */
    HALL_ROLE_RECEPTION,       /* 导服台: the staff at the hall's entrance */
    HALL_ROLE_UPLINK,          /* hall-uplink: the event log to the county */
    HALL_ROLE__COUNT
} hall_role_t;

const char  *hall_role_name (hall_role_t role);
hall_role_t  hall_role_from_name (const char *name);       /* NONE if unknown */

/* Operations. */
typedef enum {
    HALL_OP_NONE = 0,
    HALL_OP_SNAPSHOT,
    HALL_OP_STATUS,
    HALL_OP_ISSUE,
    HALL_OP_CALL,
    HALL_OP_RECALL,
    HALL_OP_START,
    HALL_OP_FINISH,
    HALL_OP_NOSHOW,
    HALL_OP_REQUEUE,
    HALL_OP_TRANSFER,
    HALL_OP_CANCEL,
    HALL_OP_PAUSE,
    HALL_OP_RESUME,
    HALL_OP_SIGNIN,
    HALL_OP_SIGNOUT,
    HALL_OP_WINDOW_MAP,
    HALL_OP_CATEGORY_OPEN,
    HALL_OP_CLOCK,
    HALL_OP_RATE,              /* 好差评: rate a finished ticket */
    HALL_OP_RATING_REASONS,    /* the versioned list of rating reasons */
    HALL_OP_CASE_UPDATE,       /* 差评 follow-up: contact, rectify, revisit, ... */
    HALL_OP_CASES,             /* open and overdue follow-up cases */
    HALL_OP_REPORT,            /* figures over a range of days (docs/METRICS.md) */
    HALL_OP_DEVICE_ENROLL,
    HALL_OP_DEVICE_LIST,
    HALL_OP_DEVICE_REVOKE,
    HALL_OP_STAFF_PASSWORD,
    HALL_OP_TICKET_FIND,
    HALL_OP_TICKET_VIEW,       /* the phone page: one ticket by its link's token */
    HALL_OP_NOTIFY_SUBSCRIBE,  /* a visitor's mobile number for near-turn and call SMS */
    HALL_OP_NOTIFY_OWED,       /* the SMS messages owed now (hall-web sends them) */
    HALL_OP_NOTIFY_SENT,       /* one owed message delivered (or a failed try) */
    HALL_OP_BOOKING_SLOTS,     /* 预约: a category's slots over the coming working days, with places left */
    HALL_OP_BOOKING_CREATE,    /* 预约: a real-name booking of one slot */
    HALL_OP_BOOKING_CANCEL,    /* 预约: cancel a booking by its code */
    HALL_OP_BOOKING_LIST,      /* 预约: the bookings of a day (masked), for managers */
    HALL_OP_BOOKING_FIND,      /* 预约: one booking by its code (the phone page's "my booking") */
    HALL_OP_BOOKING_SUMMARY,   /* 预约: places booked, check-ins and no-shows per category and slot */
    HALL_OP_BOOKING_CHECKIN,   /* 预约签到: check in by code or ID number; on time, a ticket */
    HALL_OP_JOURNEY_ISSUE,     /* 一件事: a ticket for a journey's first step */
    HALL_OP_JOURNEY_START,     /* 一件事: the window's ticket goes on a journey */
    HALL_OP_JOURNEY_SKIP,      /* 一件事: skip an optional step */
    HALL_OP_JOURNEY_BACK,      /* 一件事: back to a step done (materials missing) */
    HALL_OP_JOURNEY_END,       /* 一件事: end the journey at the window */
    HALL_OP_JOURNEY_ACCOMPANY, /* 帮办: a clerk accompanies a journey ticket */
    HALL_OP_JOURNEYS,          /* 一件事: today's active journey tickets (a helper's) */
    HALL_OP_TICKET_REPRINT,    /* the slip again (the ticket's own token), where it stands now */
    HALL_OP_MATTER_ADD,        /* 办件编号: the window's visit handles this case number */
    HALL_OP_MATTER_REMOVE,     /* 办件编号: one typed wrong, off the window's visit */
    HALL_OP_GOV_PENDING,       /* 好差评 records owed to the province, due now (hall-gov-sync) */
    HALL_OP_GOV_RESULT,        /* what the platform said of one */
    HALL_OP_GOV_HELD,          /* the records the platform refused, for a person */
    HALL_OP_CASE_GET,          /* one follow-up case's whole record */
    HALL_OP_CASE_EVIDENCE_ADD, /* a file kept with a case (in pieces) */
    HALL_OP_CASE_EVIDENCE_GET, /* a piece of a kept file */
    HALL_OP_CASE_APPEAL,       /* 申诉: the clerk appeals a 差评 */
    HALL_OP_CASE_DECIDE,       /* 申诉: another manager decides it */
    HALL_OP_CASE_LINK,         /* the visitor's link to their case on the phone page */
    HALL_OP_CASE_VIEW,         /* the phone page's case, by its link's token */
    HALL_OP_CASE_VERDICT,      /* the visitor's own verdict on the follow-up */
    HALL_OP_REPORT_NATIONAL,   /* 好差评 figures of a month in the national form */
    HALL_OP_DEVICE_TROUBLE,    /* a device reports its trouble (a kiosk's printer), or that it is over */
    HALL_OP_ALERT_RAISE,       /* a dashboard records an alert its rules raised */
    HALL_OP_ALERT_CLEAR,       /* ... and that its condition ended */
    HALL_OP_ALERTS,            /* the alerts of some days (today: the open ones and the day's) */
    HALL_OP_MANAGER_SIGNIN,    /* a manager signs in at the dashboard (settings need one) */
    HALL_OP_MANAGER_SIGNOUT,
    HALL_OP_SETTINGS_GET,      /* the hall's settings, as kept in the database */
    HALL_OP_SETTINGS_SET,      /* one setting changed (checked, applied at once, audited) */
    HALL_OP_SETTINGS_IMPORT,   /* the whole settings text, with its diff (dry_run: only the diff) */
    HALL_OP_SETTINGS_AUDIT,    /* who changed what, when, from which device */
    HALL_OP_EVENTS_READ,       /* the event log from a seq, with the rows it touched (hall-uplink) */
    HALL_OP__COUNT
} hall_op_t;

const char *hall_op_name (hall_op_t op);
hall_op_t   hall_op_from_name (const char *name);
/* True when ROLE may perform OP at all (window binding is checked apart). */
bool        hall_op_allowed (hall_op_t op, hall_role_t role);
/* What holds for an operation besides its roles and fields: one row of
 * common/protocol.c's table says all of it, and the server, the validator
 * and the tests read the same row. */
enum {
    HALL_OPF_WRITES        = 1 << 0,  /* changes state: logged, committed, published, its reply stored */
    HALL_OPF_CLERK         = 1 << 1,  /* from a desk, only with a clerk signed in at its window */
    HALL_OPF_REPORTER      = 1 << 2,  /* may take seconds: runs on the reports' thread */
    HALL_OPF_ISSUE_CACHE   = 1 << 3,  /* keeps the issue cache (every other write drops it) */
    HALL_OPF_MAPS_WINDOWS  = 1 << 4,  /* changes the windows' category lists (drops their cache) */
    HALL_OPF_REVOKES       = 1 << 5,  /* revokes a device: the events socket is made again */
};
/* Valid arguments of OP, as JSON text: an example for the docs and the
 * tests (the tests' halls have categories a and b, window 1, staff 1). */
const char *hall_op_example (hall_op_t op);
/* True when OP has every flag in FLAG. */
bool        hall_op_has (hall_op_t op, unsigned flag);
/* True when OP changes state (and so is logged, committed and published). */
bool        hall_op_writes (hall_op_t op);

/* A decoded, validated request.  ARGS is owned by the request. */
typedef struct {
    char         client[HALL_MAX_CLIENT_ID + 1];
    int64_t      req;          /* >= 1, unique per client */
    /* The authenticated device the request came over (its id from the
     * CURVE key the server accepted), set by the server after parsing;
     * "" without device keys.  Stored replies belong to it. */
    char         device[HALL_MAX_CLIENT_ID + 1];
    hall_role_t  role;
    int          window;       /* role's window for counter / rating pad, else 0 */
    hall_op_t    op;
    json_t      *args;         /* always an object after a successful parse */
} hall_request_t;

/* Parses and validates FRAME (LEN bytes, not NUL-terminated).  Returns
 * HALL_OK and fills REQ, or an error code with a message in ERRBUF.  On
 * error REQ->req holds the request number when one could be read (so the
 * reply can still be matched), else 0.  Never crashes on any input. */
hall_error_t hall_request_parse (const void *frame, size_t len, hall_request_t *req,
                                 char *errbuf, size_t errlen);
void         hall_request_clear (hall_request_t *req);

/* Validates ARGS of OP against the operation's schema: required fields,
 * types, ranges, no unknown fields. */
hall_error_t hall_args_validate (hall_op_t op, json_t *args, char *errbuf, size_t errlen);

/* Builders.  Return a newly allocated JSON string (free with free()). */
char *hall_request_encode (const char *client, int64_t req, hall_role_t role, int window,
                           hall_op_t op, json_t *args /* borrowed, may be NULL */);
char *hall_reply_encode_ok (int64_t req, json_t *result /* stolen, may be NULL */);
/* The same, with RAW (JSON text already encoded, e.g. kept from an earlier
 * reply) added to the result object as member KEY (plain ASCII). */
char *hall_reply_encode_ok_raw (int64_t req, json_t *result /* stolen, may be NULL */,
                                const char *key, const char *raw);
char *hall_reply_encode_error (int64_t req, hall_error_t code, const char *message);

/* A decoded reply. */
typedef struct {
    int64_t      req;
    bool         ok;
    json_t      *result;       /* owned; NULL on error */
    hall_error_t error;
    char         message[256];
} hall_reply_t;

int  hall_reply_parse (const void *frame, size_t len, hall_reply_t *reply);  /* 0 or -1 */
void hall_reply_clear (hall_reply_t *reply);

/* Ticket states as on the wire. */
#define HALL_TICKET_WAITING   "waiting"
#define HALL_TICKET_CALLED    "called"
#define HALL_TICKET_SERVING   "serving"
#define HALL_TICKET_FINISHED  "finished"
#define HALL_TICKET_NOSHOW    "noshow"
#define HALL_TICKET_CANCELLED "cancelled"
#define HALL_TICKET_EXPIRED   "expired"

bool hall_ticket_state_active (const char *state);  /* waiting, called, serving */

/* Tickets a category issues a day: its daily_cap, where 0 (or anything
 * outside 1..999) means 999, as many as three-digit numbers allow. */
#define HALL_MAX_DAILY 999
int  hall_daily_cap (int64_t daily_cap);

#endif
