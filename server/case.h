/*  case.h — 差评 follow-up cases.
 *
 *  Every 差评 (rating level 1-2) and every ticket finished in a category
 *  with opens_case=true (办不成事反映) opens a case, owned by the serving
 *  clerk's supervisor ([staff ID] supervisor=) or else hall.case_owner.  A
 *  case runs open -> contacted -> rectified -> revisited -> verdict ->
 *  closed; a verdict of 不满意 allows another rectification.  Deadlines are
 *  in working days (hall.case_contact_days, 1; hall.case_rectify_days, 15)
 *  over a calendar of weekends, hall.holidays and make-up hall.workdays: the
 *  day a case opens does not count, and a deadline ends at 24:00 local time
 *  of its last working day.  An appeal marks the rating excluded (never
 *  deleted) and lets the case close.  The sweep announces each passed
 *  deadline once (case.overdue).
 */
#ifndef HALL_CASE_H
#define HALL_CASE_H

#include "rules.h"

/* The operation `cases` (case.c); the follow-up's steps, evidence,
 * appeals and the visitor's link (case-steps.c). */
extern const hall_handler_t hall_case_handlers[];
extern const hall_handler_t hall_case_step_handlers[];

/* A step's record, as case_action keeps it (every field may be NULL/0). */
typedef struct {
    const char *note, *verdict, *reason, *method, *by, *source;
    int64_t     at;
    json_t     *evidence;        /* ids, borrowed */
} hall_case_record_t;

/* Appends ACTION with RECORD (may be NULL) to case ID's trail: its id,
 * or 0 on a storage error. */
int64_t hall_case_action (hall_engine_t *self, int64_t id, const char *action,
                          const hall_case_record_t *record, const char *client);

/* Configuration ([hall] rating_default_days, case_owner, case_contact_days,
 * case_rectify_days, holidays, workdays; [category C] opens_case;
 * [staff ID] supervisor).  Check: false with ERROR naming SOURCE and the
 * key.  Apply: into STORE inside the caller's transaction, 0 or -1. */
bool    hall_case_config_check (GKeyFile *keys, const char *source, GError **error);
int     hall_case_config_apply (GKeyFile *keys, hall_store_t *store);

/* Opens a case of KIND ("rating" with RATING's id, or "complaint") about
 * TICKET and appends case.opened: the case as that event carries it
 * (borrowed from the event), or NULL on a storage error.  PHONE: the
 * visitor's consented number, or NULL (a rating case is then anonymous). */
json_t *hall_case_open (hall_engine_t *self, const char *kind, int64_t ticket, int64_t rating,
                        const char *phone);
/* The first rating a second one by the case link TOKEN is about; 0 with
 * OUT failed when there is none to give (unknown_case, bad_state,
 * already_rated). */
int64_t hall_case_second_rating_of (hall_engine_t *self, const char *token, hall_outcome_t *out);
/* A number a visitor may be heard on: a mainland mobile, or with
 * LANDLINE a fixed line of 7-12 digits too. */
bool    hall_case_phone_ok (const char *phone, bool landline);
/* After TICKET finished: opens a complaint case if its category says so. */
int     hall_case_finished (hall_engine_t *self, int64_t ticket);
/* Appends case.overdue once for each deadline passed since the last sweep,
 * and erases the visitors' numbers hall.case_phone_days after the close. */
int     hall_case_sweep (hall_engine_t *self);

/* The end (unix seconds) of the DAYS-th working day after the local day
 * of FROM in TZ.  HOLIDAYS and WORKDAYS: "YYYY-MM-DD;..." (may be NULL). */
int64_t hall_case_deadline (GTimeZone *tz, const char *holidays, const char *workdays,
                            int64_t from, int days);

/* Case ID as an object (new reference; with its actions when ACTIONS). */
json_t *hall_case_json (hall_engine_t *self, int64_t id, bool actions);

#endif
