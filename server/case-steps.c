/*  case-steps.c — the follow-up's steps, each with its record; the files
 *  kept with a case; appeals (申诉) decided by another manager; and the
 *  visitor's own link to their case (case.h, docs/PROTOCOL.md).
 */
#define G_LOG_DOMAIN "hall-case"
#include "case.h"
#include "events.h"
#include "rows.h"
#include "gov.h"
#include "phone.h"
#include "window.h"
#include "identity.h"
#include "rating.h"

#include <stdlib.h>
#include <string.h>

#define EVIDENCE_MAX_SIZE   (2 * 1024 * 1024)   /* one file */
#define EVIDENCE_MAX_FILES  10                  /* one case */
#define EVIDENCE_PIECE      (32 * 1024)         /* one request's piece, decoded */
#define LINK_DAYS           15                  /* the visitor's link is good this long */

/* A case as the steps need it. */
typedef struct {
    int64_t id, ticket, rating, opened_at, link_expires;
    char    state[16], kind[16], verdict[32], clerk[32], appeal[16], phone[16];
    bool    anonymous, excluded;  /* excluded: an appeal was accepted */
} case_t;

#define STEP_COLUMNS \
    "c.id, c.ticket, coalesce (c.rating, 0), c.opened_at, c.state, c.kind, coalesce (c.verdict, '')," \
    " coalesce (c.clerk, ''), c.anonymous, c.appealed_at IS NOT NULL, coalesce (a.state, '')," \
    " coalesce (c.phone, ''), coalesce (c.link_expires, 0)" \
    " FROM service_case c LEFT JOIN case_appeal a ON a.service_case = c.id"

static int
s_load (sqlite3_stmt *stmt, case_t *kase)
{
    int rc = sqlite3_step (stmt) == SQLITE_ROW ? 0 : -1;
    if (rc == 0) {
        memset (kase, 0, sizeof *kase);
        kase->id = sqlite3_column_int64 (stmt, 0);
        kase->ticket = sqlite3_column_int64 (stmt, 1);
        kase->rating = sqlite3_column_int64 (stmt, 2);
        kase->opened_at = sqlite3_column_int64 (stmt, 3);
        g_snprintf (kase->state, sizeof kase->state, "%s", sqlite3_column_text (stmt, 4));
        g_snprintf (kase->kind, sizeof kase->kind, "%s", sqlite3_column_text (stmt, 5));
        g_snprintf (kase->verdict, sizeof kase->verdict, "%s", sqlite3_column_text (stmt, 6));
        g_snprintf (kase->clerk, sizeof kase->clerk, "%s", sqlite3_column_text (stmt, 7));
        kase->anonymous = sqlite3_column_int (stmt, 8);
        kase->excluded = sqlite3_column_int (stmt, 9);
        g_snprintf (kase->appeal, sizeof kase->appeal, "%s", sqlite3_column_text (stmt, 10));
        g_snprintf (kase->phone, sizeof kase->phone, "%s", sqlite3_column_text (stmt, 11));
        kase->link_expires = sqlite3_column_int64 (stmt, 12);
    }
    sqlite3_reset (stmt);
    return rc;
}

static int
s_case_get (hall_engine_t *self, int64_t id, case_t *kase, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " STEP_COLUMNS " WHERE c.id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    if (s_load (stmt, kase))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CASE, "no case %" G_GINT64_FORMAT, id);
    return 0;
}

/* The case of a visitor's link: 0, or -1 with OUT failed (unknown_case;
 * bad_state once the link has expired). */
static int
s_case_by_token (hall_engine_t *self, const char *token, case_t *kase, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " STEP_COLUMNS " WHERE c.link_token = ?1");
    sqlite3_bind_text (stmt, 1, token ? token : "", -1, SQLITE_TRANSIENT);
    if (s_load (stmt, kase))
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CASE, "no case has this link");
    if (hall_engine_now (self) >= kase->link_expires)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the link to this case has expired");
    return 0;
}

/* A desk acts on the cases of the clerk signed in at its window only. */
static int
s_desk_may (hall_engine_t *self, const hall_request_t *req, const case_t *kase, hall_outcome_t *out)
{
    if (req->role != HALL_ROLE_COUNTER)
        return 0;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT coalesce (clerk, '') FROM service_window WHERE number = ?1");
    sqlite3_bind_int (stmt, 1, req->window);
    char clerk[32] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        g_snprintf (clerk, sizeof clerk, "%s", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    if (!*clerk)
        return hall_outcome_fail (out, HALL_E_NOT_SIGNED_IN, "no clerk is signed in at window %d", req->window);
    if (strcmp (clerk, kase->clerk) != 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "case %" G_GINT64_FORMAT " is not about staff %s's "
                                  "service", kase->id, clerk);
    return 0;
}

/* The case again, as the reply and as case.updated. */
static int
s_publish (hall_engine_t *self, int64_t id, const char *action, hall_outcome_t *out)
{
    json_t *updated = hall_case_json (self, id, true);
    if (!updated)
        return hall_engine_storage_fail (self, out);
    json_t *published = json_deep_copy (updated);
    json_object_del (published, "actions");
    if (!hall_engine_event (self, "case.updated", json_integer_value (json_object_get (updated, "ticket")),
                            0, NULL, json_pack ("{s:o, s:s}", "case", published, "action", action))) {
        json_decref (updated);
        return hall_engine_storage_fail (self, out);
    }
    out->result = json_pack ("{s:o}", "case", updated);
    return 0;
}

bool
hall_case_phone_ok (const char *phone, bool landline)
{
    if (hall_id_mobile_ok (phone))
        return true;
    size_t len = phone ? strlen (phone) : 0;
    if (!landline || len < 7 || len > 12)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!g_ascii_isdigit (phone[i]))
            return false;
    return true;
}

static bool
s_verdict_ok (const char *verdict)
{
    return verdict && (strcmp (verdict, "满意") == 0 || strcmp (verdict, "基本满意") == 0
                       || strcmp (verdict, "不满意") == 0);
}

/* A text a record needs: given, and not only blanks. */
static bool
s_given (const char *text)
{
    for (const char *p = text; p && *p; p++)
        if (!g_ascii_isspace (*p))
            return true;
    return false;
}

/* Attaches the files IDS (of case CASE, complete, not yet with a step) to
 * ACTION: 0, or -1 with OUT failed. */
static int
s_attach (hall_engine_t *self, int64_t kase, json_t *ids, int64_t action, hall_outcome_t *out)
{
    size_t i;
    json_t *id;
    json_array_foreach (ids, i, id) {
        sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE case_evidence SET action = ?3"
            " WHERE id = ?1 AND service_case = ?2 AND action IS NULL AND received = size");
        sqlite3_bind_int64 (stmt, 1, json_integer_value (id));
        sqlite3_bind_int64 (stmt, 2, kase);
        sqlite3_bind_int64 (stmt, 3, action);
        if (hall_stmt_done (stmt))
            return hall_engine_storage_fail (self, out);
        if (sqlite3_changes (hall_store_db (hall_engine_store (self))) != 1)
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "file %" JSON_INTEGER_FORMAT " is not a complete "
                                      "file of this case free to go with a step", json_integer_value (id));
    }
    return 0;
}

/* ---- case.update: the steps and their records -------------------------------------- */

static int
s_op_update (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out))
        return -1;
    const char *action = hall_arg_str (req, "action");
    hall_case_record_t record = {
        .note = hall_arg_str (req, "note"), .verdict = hall_arg_str (req, "verdict"),
        .method = hall_arg_str (req, "method"), .by = hall_arg_str (req, "by"),
        .evidence = json_object_get (req->args, "evidence"),
    };
    const char *called = hall_arg_str (req, "called");
    if (strcmp (action, "verdict") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "the visitor's verdict is recorded with the "
                                  "revisit (action revisit), or by the visitor through their link");
    if (strcmp (action, "appeal") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "an appeal is filed by the clerk with case.appeal");
    bool contact = strcmp (action, "contact") == 0, rectify = strcmp (action, "rectify") == 0;
    bool revisit = strcmp (action, "revisit") == 0, close = strcmp (action, "close") == 0;
    if (!contact && !rectify && !revisit && !close)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'action' is one of contact, rectify, revisit, close");
    if (json_object_get (req->args, "reason"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'reason' goes with case.appeal");
    if (record.verdict && !revisit)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'verdict' goes with the action revisit");
    if (record.method && !contact && !revisit)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'method' goes with contact and revisit");
    if ((record.by || record.evidence) && !rectify)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'by' and 'evidence' go with rectify");
    if (called && !revisit)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'called' goes with revisit");
    if (strcmp (kase.state, "closed") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is closed", kase.id);

    /* Where the step may follow. */
    const char *s = kase.state;
    bool allowed = false;
    const char *to = NULL;
    if (contact) {
        if (kase.anonymous)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is anonymous: no contact "
                                      "possible (the visitor left no number)", kase.id);
        allowed = strcmp (s, "open") == 0;
        to = "contacted";
    }
    else if (rectify) {
        allowed = strcmp (s, "contacted") == 0
                  || (strcmp (s, "verdict") == 0 && strcmp (kase.verdict, "不满意") == 0)
                  || (strcmp (s, "open") == 0 && kase.anonymous);
        to = "rectified";
    }
    else if (revisit) {
        if (kase.anonymous)
            return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is anonymous: no revisit "
                                      "possible", kase.id);
        allowed = strcmp (s, "rectified") == 0 || strcmp (s, "revisited") == 0;
        to = "verdict";
    }
    else {
        allowed = strcmp (s, "verdict") == 0 || (strcmp (s, "rectified") == 0 && kase.anonymous) || kase.excluded;
        to = "closed";
    }
    if (!allowed)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is %s: cannot %s",
                                  kase.id, s, action);

    /* Its record. */
    int64_t now = hall_engine_now (self);
    json_t *jat = json_object_get (req->args, "at");
    record.at = jat ? json_integer_value (jat) : now;
    if ((contact || revisit) && (record.at < kase.opened_at || record.at > now))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'at' (when it happened) is between the case's "
                                  "opening and now");
    if (jat && !contact && !revisit)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'at' goes with contact and revisit");
    if (contact && !record.method)
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "a contact needs 'method': phone, sms or visit");
    if (contact && strcmp (record.method, "phone") && strcmp (record.method, "sms") && strcmp (record.method, "visit"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'method' of a contact is phone, sms or visit");
    if (revisit && !record.method)
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "a revisit needs 'method': phone or visit "
                                  "(the visitor's own answer by their link needs no revisit)");
    if (revisit && strcmp (record.method, "phone") && strcmp (record.method, "visit"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'method' of a revisit is phone or visit");
    if (!s_given (record.note))
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "%s needs 'note': %s", action,
                                  contact ? "what was agreed with the visitor" : rectify ? "what was done"
                                  : revisit ? "what the visitor said" : "the case's summary");
    if (rectify && !s_given (record.by))
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "rectify needs 'by': who did it");
    if (rectify && strlen (record.by) > 64)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'by' is at most 64 bytes");
    if (revisit && !record.verdict)
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "a revisit needs the visitor's 'verdict'");
    if (revisit && !s_verdict_ok (record.verdict))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'verdict' is 满意, 基本满意 or 不满意");
    bool by_phone = revisit && strcmp (record.method, "phone") == 0;
    if (by_phone && !called)
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "a revisit by phone needs 'called': the number "
                                  "the visitor was heard on");
    if (by_phone && !hall_case_phone_ok (called, true))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'called' is a mobile (11 digits) or a fixed line "
                                  "(7-12 digits)");
    json_t *masked = by_phone ? hall_phone_masked (called) : NULL;
    char heard[64] = "";
    if (by_phone)
        g_snprintf (heard, sizeof heard, "%s", json_is_string (masked) ? json_string_value (masked) : "****");
    json_decref (masked);
    record.source = revisit ? (by_phone ? "phone_call" : "visit") : NULL;

    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "UPDATE service_case SET state = ?2,"
        " contacted_at = CASE ?4 WHEN 'contact' THEN ?3 ELSE contacted_at END,"
        " rectified_at = CASE ?4 WHEN 'rectify' THEN ?3 ELSE rectified_at END,"
        " revisited_at = CASE ?4 WHEN 'revisit' THEN ?3 ELSE revisited_at END,"
        " verdict = CASE ?4 WHEN 'revisit' THEN ?5 ELSE verdict END,"
        " verdict_at = CASE ?4 WHEN 'revisit' THEN ?3 ELSE verdict_at END,"
        " verdict_source = CASE ?4 WHEN 'revisit' THEN ?6 ELSE verdict_source END,"
        " verdict_phone = CASE ?4 WHEN 'revisit' THEN ?7 ELSE verdict_phone END,"
        " closed_at = CASE ?4 WHEN 'close' THEN ?3 ELSE closed_at END WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (stmt, 3, now);
    sqlite3_bind_text (stmt, 4, action, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 5, record.verdict);
    hall_bind_text (stmt, 6, record.source);
    hall_bind_text (stmt, 7, *heard ? heard : NULL);
    if (hall_stmt_done (stmt))
        return hall_engine_storage_fail (self, out);
    /* The trail keeps a phone-call verdict as heard on the masked number. */
    g_autofree char *note = by_phone ? g_strdup_printf ("%s（电话回访记录，号码 %s）", record.note, heard) : NULL;
    if (note)
        record.note = note;
    int64_t action_id = hall_case_action (self, kase.id, action, &record, req->client);
    if (!action_id)
        return hall_engine_storage_fail (self, out);
    if (record.evidence && s_attach (self, kase.id, record.evidence, action_id, out))
        return -1;
    /* A 差评 case's outcome is owed to the province. */
    if (close && strcmp (kase.kind, "rating") == 0 && hall_gov_case_owed (self, kase.id))
        return hall_engine_storage_fail (self, out);
    return s_publish (self, kase.id, action, out);
}

/* ---- case.get ------------------------------------------------------------------------ */

static json_t *
s_evidence_json (sqlite3_stmt *stmt)
{
    return json_pack ("{s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o}",
        "id", hall_column_int (stmt, 0), "name", hall_column_text (stmt, 1), "type", hall_column_text (stmt, 2),
        "size", hall_column_int (stmt, 3), "received", hall_column_int (stmt, 4),
        "complete", sqlite3_column_int64 (stmt, 3) == sqlite3_column_int64 (stmt, 4),
        "sha256", hall_column_text (stmt, 5), "added_at", hall_column_int (stmt, 6),
        "added_by", hall_column_text (stmt, 7), "action", hall_column_int (stmt, 8));
}

#define EVIDENCE_COLUMNS "id, name, type, size, received, sha256, added_at, added_by, action, service_case"

static int
s_op_get (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out)
        || s_desk_may (self, req, &kase, out))
        return -1;
    bool reveal = json_is_true (json_object_get (req->args, "reveal"));
    if (reveal && req->role == HALL_ROLE_COUNTER)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "only a manager sees the visitor's number");
    if (reveal) {
        /* Who saw the number, and when: kept with the case. */
        hall_case_record_t record = { .note = "查看联系电话" };
        if (!hall_case_action (self, kase.id, "phone_viewed", &record, req->client))
            return hall_engine_storage_fail (self, out);
    }
    json_t *full = hall_case_json (self, kase.id, true);
    if (!full)
        return hall_engine_storage_fail (self, out);
    json_t *files = json_array ();
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " EVIDENCE_COLUMNS " FROM case_evidence"
                                           " WHERE service_case = ?1 ORDER BY id");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    while (sqlite3_step (stmt) == SQLITE_ROW)
        json_array_append_new (files, s_evidence_json (stmt));
    sqlite3_reset (stmt);
    json_object_set_new (full, "evidence", files);
    if (reveal)
        json_object_set_new (full, "phone_number", *kase.phone ? json_string (kase.phone) : json_null ());
    out->result = json_pack ("{s:o}", "case", full);
    return 0;
}

/* ---- case.evidence.add, case.evidence.get --------------------------------------------- */

static bool
s_name_ok (const char *name)
{
    return name && *name && strlen (name) <= 128 && !strchr (name, '/') && g_utf8_validate (name, -1, NULL);
}

static int
s_op_evidence_add (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out)
        || s_desk_may (self, req, &kase, out))
        return -1;
    gsize len = 0;
    const char *b64 = hall_arg_str (req, "data");
    guchar *data = g_base64_decode (b64, &len);
    /* g_base64_decode takes anything: re-encoding tells real base64. */
    g_autofree char *again = g_base64_encode (data, len);
    if (strcmp (again, b64) != 0 || len > EVIDENCE_PIECE) {
        g_free (data);
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'data' is a piece of at most 32 KiB in base64");
    }
    json_t *jid = json_object_get (req->args, "id");
    int64_t id = 0;
    int rc = 0;
    if (!jid) {
        const char *name = hall_arg_str (req, "name"), *type = hall_arg_str (req, "type");
        json_int_t size = json_integer_value (json_object_get (req->args, "size"));
        static const char *types[] = { "image/png", "image/jpeg", "application/pdf", "text/plain" };
        bool type_ok = false;
        for (size_t i = 0; type && i < G_N_ELEMENTS (types); i++)
            type_ok |= strcmp (type, types[i]) == 0;
        if (!s_name_ok (name) || !type_ok || json_object_get (req->args, "offset")) {
            g_free (data);
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a new file needs 'name' (1-128 bytes, no /), 'type' "
                                      "(image/png, image/jpeg, application/pdf, text/plain) and 'size'; no 'offset'");
        }
        if (size < 1 || size > EVIDENCE_MAX_SIZE || (json_int_t) len > size) {
            g_free (data);
            return hall_outcome_fail (out, size > EVIDENCE_MAX_SIZE ? HALL_E_TOO_LARGE : HALL_E_BAD_FIELD,
                                      "a file is 1 byte to 2 MiB");
        }
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT count(*) FROM case_evidence WHERE service_case = ?1");
        sqlite3_bind_int64 (stmt, 1, kase.id);
        int files = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int (stmt, 0) : 0;
        sqlite3_reset (stmt);
        if (files >= EVIDENCE_MAX_FILES) {
            g_free (data);
            return hall_outcome_fail (out, HALL_E_TOO_LARGE, "a case keeps at most %d files", EVIDENCE_MAX_FILES);
        }
        stmt = hall_engine_stmt (self, "INSERT INTO case_evidence (service_case, name, type, size, received, data,"
                                 " added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        sqlite3_bind_int64 (stmt, 1, kase.id);
        sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (stmt, 3, type, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 4, size);
        sqlite3_bind_int64 (stmt, 5, (sqlite3_int64) len);
        sqlite3_bind_blob (stmt, 6, data, (int) len, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 7, hall_engine_now (self));
        sqlite3_bind_text (stmt, 8, req->client, -1, SQLITE_TRANSIENT);
        rc = hall_stmt_done (stmt);
        id = sqlite3_last_insert_rowid (hall_store_db (hall_engine_store (self)));
    }
    else {
        id = json_integer_value (jid);
        json_int_t offset = json_integer_value (json_object_get (req->args, "offset"));
        sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT size, received FROM case_evidence"
                                               " WHERE id = ?1 AND service_case = ?2");
        sqlite3_bind_int64 (stmt, 1, id);
        sqlite3_bind_int64 (stmt, 2, kase.id);
        int64_t size = -1, received = 0;
        if (sqlite3_step (stmt) == SQLITE_ROW) {
            size = sqlite3_column_int64 (stmt, 0);
            received = sqlite3_column_int64 (stmt, 1);
        }
        sqlite3_reset (stmt);
        if (size < 0) {
            g_free (data);
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "case %" G_GINT64_FORMAT " has no file %" G_GINT64_FORMAT,
                                      kase.id, id);
        }
        /* A piece sent again (a reply lost) holds the bytes kept already. */
        bool resent = false;
        if (offset >= 0 && offset + (json_int_t) len <= received && len > 0) {
            stmt = hall_engine_stmt (self, "SELECT substr (data, ?2, ?3) = ?4 FROM case_evidence WHERE id = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            sqlite3_bind_int64 (stmt, 2, offset + 1);
            sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) len);
            sqlite3_bind_blob (stmt, 4, data, (int) len, SQLITE_TRANSIENT);
            resent = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
            sqlite3_reset (stmt);
        }
        if (!resent && (offset != received || offset + (json_int_t) len > size)) {
            g_free (data);
            return hall_outcome_fail (out, HALL_E_BAD_FIELD, "the next piece of file %" G_GINT64_FORMAT " starts at "
                                      "%" G_GINT64_FORMAT " and the file is %" G_GINT64_FORMAT " bytes",
                                      id, received, size);
        }
        if (!resent && len > 0) {
            /* SQL's || would make text of the bytes: joined here. */
            GByteArray *whole = g_byte_array_new ();
            stmt = hall_engine_stmt (self, "SELECT data FROM case_evidence WHERE id = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            if (sqlite3_step (stmt) == SQLITE_ROW)
                g_byte_array_append (whole, sqlite3_column_blob (stmt, 0), (guint) sqlite3_column_bytes (stmt, 0));
            sqlite3_reset (stmt);
            g_byte_array_append (whole, data, (guint) len);
            stmt = hall_engine_stmt (self, "UPDATE case_evidence SET data = ?2, received = ?3 WHERE id = ?1");
            sqlite3_bind_int64 (stmt, 1, id);
            sqlite3_bind_blob (stmt, 2, whole->data, (int) whole->len, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) whole->len);
            rc = hall_stmt_done (stmt);
            g_byte_array_free (whole, TRUE);
        }
    }
    g_free (data);
    /* Complete: its checksum, once. */
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT data FROM case_evidence WHERE id = ?1"
                                           " AND received = size AND sha256 IS NULL");
    sqlite3_bind_int64 (stmt, 1, id);
    char *sha = NULL;
    if (rc == 0 && sqlite3_step (stmt) == SQLITE_ROW)
        sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 0),
                                           (gsize) sqlite3_column_bytes (stmt, 0));
    sqlite3_reset (stmt);
    if (sha) {
        stmt = hall_engine_stmt (self, "UPDATE case_evidence SET sha256 = ?2 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, id);
        sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_TRANSIENT);
        rc = hall_stmt_done (stmt);
        g_free (sha);
    }
    stmt = hall_engine_stmt (self, "SELECT " EVIDENCE_COLUMNS " FROM case_evidence WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *file = rc == 0 && sqlite3_step (stmt) == SQLITE_ROW ? s_evidence_json (stmt) : NULL;
    sqlite3_reset (stmt);
    if (!file)
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:o}", "evidence", file);
    return 0;
}

static int
s_op_evidence_get (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    int64_t id = json_integer_value (json_object_get (req->args, "id"));
    json_int_t offset = json_integer_value (json_object_get (req->args, "offset"));
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT " EVIDENCE_COLUMNS " FROM case_evidence WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    json_t *file = sqlite3_step (stmt) == SQLITE_ROW ? s_evidence_json (stmt) : NULL;
    int64_t kase_id = file ? sqlite3_column_int64 (stmt, 9) : 0;
    sqlite3_reset (stmt);
    if (!file)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "no file %" G_GINT64_FORMAT, id);
    case_t kase;
    if (s_case_get (self, kase_id, &kase, out) || s_desk_may (self, req, &kase, out)) {
        json_decref (file);
        return -1;
    }
    json_int_t received = json_integer_value (json_object_get (file, "received"));
    if (offset < 0 || offset > received) {
        json_decref (file);
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'offset' is 0 to %" JSON_INTEGER_FORMAT, received);
    }
    stmt = hall_engine_stmt (self, "SELECT substr (data, ?2, ?3) FROM case_evidence WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, offset + 1);
    sqlite3_bind_int64 (stmt, 3, MIN (EVIDENCE_PIECE, received - offset));
    char *b64 = NULL;
    if (sqlite3_step (stmt) == SQLITE_ROW)
        b64 = g_base64_encode (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
    sqlite3_reset (stmt);
    out->result = json_pack ("{s:o, s:I, s:s}", "evidence", file, "offset", offset, "data", b64 ? b64 : "");
    g_free (b64);
    return 0;
}

/* ---- 申诉: case.appeal, case.decide ------------------------------------------------------ */

static int
s_op_appeal (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out)
        || s_desk_may (self, req, &kase, out))
        return -1;
    if (strcmp (kase.kind, "rating") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "only a 差评 case can be appealed");
    const char *filer = req->role == HALL_ROLE_COUNTER ? kase.clerk : hall_arg_str (req, "staff");
    if (req->role == HALL_ROLE_COUNTER && json_object_get (req->args, "staff"))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "a desk appeals as its signed-in clerk: no 'staff'");
    if (!filer)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'staff': the clerk who appeals");
    if (strcmp (filer, kase.clerk) != 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "only the clerk rated (%s) may appeal case %" G_GINT64_FORMAT,
                                  *kase.clerk ? kase.clerk : "none", kase.id);
    if (strcmp (kase.state, "closed") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is closed", kase.id);
    if (*kase.appeal)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " has an appeal already (%s)",
                                  kase.id, kase.appeal);
    hall_case_record_t record = { .reason = hall_arg_str (req, "reason"),
                                  .evidence = json_object_get (req->args, "evidence") };
    if (!s_given (record.reason))
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "an appeal needs its 'reason'");
    int64_t action = hall_case_action (self, kase.id, "appeal", &record, req->client);
    if (!action)
        return hall_engine_storage_fail (self, out);
    if (record.evidence && s_attach (self, kase.id, record.evidence, action, out))
        return -1;
    char *ids = record.evidence ? json_dumps (record.evidence, JSON_COMPACT) : NULL;
    sqlite3_stmt *stmt = hall_engine_stmt (self, "INSERT INTO case_appeal (service_case, filed_by, filed_at,"
                                           " reason, evidence, client) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    sqlite3_bind_text (stmt, 2, filer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, hall_engine_now (self));
    sqlite3_bind_text (stmt, 4, record.reason, -1, SQLITE_TRANSIENT);
    hall_bind_text (stmt, 5, ids);
    sqlite3_bind_text (stmt, 6, req->client, -1, SQLITE_TRANSIENT);
    int rc = hall_stmt_done (stmt);
    free (ids);
    if (rc)
        return hall_engine_storage_fail (self, out);
    return s_publish (self, kase.id, "appeal", out);
}

static int
s_op_decide (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out))
        return -1;
    const char *decision = hall_arg_str (req, "decision");
    bool accepted = strcmp (decision, "accepted") == 0;
    if (!accepted && strcmp (decision, "rejected") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'decision' is accepted or rejected");
    if (strcmp (kase.appeal, "pending") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " has %s", kase.id,
                                  *kase.appeal ? "an appeal decided already" : "no appeal");
    const char *note = hall_arg_str (req, "note");
    if (!s_given (note))
        return hall_outcome_fail (out, HALL_E_RECORD_REQUIRED, "a decision needs its 'note': why");
    const char *staff = hall_arg_str (req, "staff");
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT s.role, a.filed_by, a.reason FROM staff s, case_appeal a"
                                           " WHERE s.id = ?1 AND a.service_case = ?2");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 2, kase.id);
    char role[16] = "", filer[32] = "", reason[HALL_MAX_TEXT + 1] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW) {
        g_snprintf (role, sizeof role, "%s", sqlite3_column_text (stmt, 0));
        g_snprintf (filer, sizeof filer, "%s", sqlite3_column_text (stmt, 1));
        g_snprintf (reason, sizeof reason, "%s", sqlite3_column_text (stmt, 2));
    }
    sqlite3_reset (stmt);
    if (!*role)
        return hall_outcome_fail (out, HALL_E_UNKNOWN_STAFF, "no staff member %.32s", staff);
    if (strcmp (role, "manager") != 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "staff %.32s is not a manager: an appeal is decided "
                                  "by a manager", staff);
    if (strcmp (staff, filer) == 0 || strcmp (staff, kase.clerk) == 0)
        return hall_outcome_fail (out, HALL_E_FORBIDDEN, "staff %.32s filed this appeal: another manager "
                                  "decides it", staff);
    /* The manager's own password, whatever the device: a key is a desk's,
     * a decision is a person's.  A manager without a password may not. */
    stmt = hall_engine_stmt (self, "SELECT password_hash IS NOT NULL FROM staff WHERE id = ?1");
    sqlite3_bind_text (stmt, 1, staff, -1, SQLITE_TRANSIENT);
    bool has_password = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
    sqlite3_reset (stmt);
    if (!has_password)
        return hall_outcome_fail (out, HALL_E_AUTH, "staff %.32s has no password yet (hallctl passwd)", staff);
    if (hall_staff_verify (self, staff, hall_arg_str (req, "password"), false, out))
        return -1;
    int64_t now = hall_engine_now (self);
    stmt = hall_engine_stmt (self, "UPDATE case_appeal SET state = ?2, decided_by = ?3, decided_at = ?4,"
                             " decision_note = ?5 WHERE service_case = ?1");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    sqlite3_bind_text (stmt, 2, decision, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, staff, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 4, now);
    sqlite3_bind_text (stmt, 5, note, -1, SQLITE_TRANSIENT);
    int rc = hall_stmt_done (stmt);
    if (rc == 0 && accepted) {
        /* Excluded from the figures, never deleted. */
        stmt = hall_engine_stmt (self, "UPDATE rating SET excluded = 1, excluded_reason = ?2,"
                                 " excluded_at = ?3, excluded_by = ?4 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, kase.rating);
        sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, now);
        sqlite3_bind_text (stmt, 4, staff, -1, SQLITE_TRANSIENT);
        rc = hall_stmt_done (stmt);
        stmt = hall_engine_stmt (self, "UPDATE service_case SET appealed_at = ?2 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, kase.id);
        sqlite3_bind_int64 (stmt, 2, now);
        rc |= hall_stmt_done (stmt);
    }
    g_autofree char *by = g_strdup_printf ("%s", staff);
    hall_case_record_t record = { .note = note, .verdict = decision, .by = by };
    if (rc || !hall_case_action (self, kase.id, "decide", &record, req->client))
        return hall_engine_storage_fail (self, out);
    return s_publish (self, kase.id, "decide", out);
}

/* ---- the visitor's link: case.link, case.view, case.verdict ------------------------------ */

static int
s_op_link (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_get (self, json_integer_value (json_object_get (req->args, "case")), &kase, out))
        return -1;
    if (kase.anonymous || strcmp (kase.kind, "rating") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " has no visitor to send a "
                                  "link to (%s)", kase.id, kase.anonymous ? "anonymous" : "not a 差评");
    const char *s = kase.state;
    if (strcmp (s, "open") == 0 || strcmp (s, "contacted") == 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "case %" G_GINT64_FORMAT " is %s: the link is for the "
                                  "revisit, after the rectification", kase.id, s);
    bool send = json_is_true (json_object_get (req->args, "send"));
    if (send && !*kase.phone)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "the visitor's number of case %" G_GINT64_FORMAT
                                  " is no longer kept", kase.id);
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT link_token FROM service_case WHERE id = ?1"
                                           " AND link_expires > ?2");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    sqlite3_bind_int64 (stmt, 2, now);
    char token[HALL_PHONE_TOKEN_SIZE] = "";
    if (sqlite3_step (stmt) == SQLITE_ROW)
        g_snprintf (token, sizeof token, "%s", sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
    int rc = 0;
    if (!*token) {
        if (hall_phone_token_new (token))
            return hall_engine_storage_fail (self, out);
        kase.link_expires = now + LINK_DAYS * 86400;
        stmt = hall_engine_stmt (self, "UPDATE service_case SET link_token = ?2, link_expires = ?3 WHERE id = ?1");
        sqlite3_bind_int64 (stmt, 1, kase.id);
        sqlite3_bind_text (stmt, 2, token, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, kase.link_expires);
        rc = hall_stmt_done (stmt);
    }
    if (rc == 0 && send) {
        char key[HALL_PHONE_TOKEN_SIZE];
        if (hall_phone_token_new (key))       /* any unguessable text will do */
            return hall_engine_storage_fail (self, out);
        stmt = hall_engine_stmt (self, "INSERT INTO notification (service_case, kind, key, created_at)"
                                 " VALUES (?1, 'revisit', ?2, ?3) ON CONFLICT (service_case, kind) DO NOTHING");
        sqlite3_bind_int64 (stmt, 1, kase.id);
        sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (stmt, 3, now);
        rc = hall_stmt_done (stmt);
    }
    hall_case_record_t record = { .note = send ? "回访链接已发送" : "回访链接已生成" };
    if (rc || !hall_case_action (self, kase.id, "link", &record, req->client))
        return hall_engine_storage_fail (self, out);
    out->result = json_pack ("{s:s, s:s+, s:I}", "token", token, "path", "/c/", token,
                             "expires_at", (json_int_t) kase.link_expires);
    return 0;
}

/* What the visitor sees of their case: no name, no number, no clerk. */
static int
s_view (hall_engine_t *self, const case_t *kase, hall_outcome_t *out)
{
    sqlite3_stmt *stmt = hall_engine_stmt (self,
        "SELECT t.number, t.day, coalesce (cat.name, c.category), c.window, r.level, r.reasons, r.text,"
        " c.opened_at, c.state, c.rectified_at, c.verdict, c.verdict_source,"
        " (SELECT note FROM case_action a WHERE a.service_case = c.id AND a.action = 'rectify'"
        "  ORDER BY a.id DESC LIMIT 1),"
        " (SELECT s.level FROM rating s WHERE s.ticket = r.ticket AND s.step IS r.step AND s.round = 2)"
        " FROM service_case c JOIN ticket t ON t.id = c.ticket JOIN rating r ON r.id = c.rating"
        " LEFT JOIN category cat ON cat.code = c.category WHERE c.id = ?1");
    sqlite3_bind_int64 (stmt, 1, kase->id);
    if (sqlite3_step (stmt) != SQLITE_ROW) {
        sqlite3_reset (stmt);
        return hall_outcome_fail (out, HALL_E_UNKNOWN_CASE, "no case has this link");
    }
    json_t *reasons = json_loads ((const char *) sqlite3_column_text (stmt, 5), 0, NULL);
    int level = sqlite3_column_int (stmt, 4);
    json_t *view = json_pack ("{s:o, s:o, s:o, s:o, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
        "number", hall_column_text (stmt, 0), "day", hall_column_text (stmt, 1),
        "category_name", hall_column_text (stmt, 2), "window", hall_column_int (stmt, 3),
        "level", level, "level_name", hall_rating_level_name (level),
        "reasons", json_is_array (reasons) ? json_incref (reasons) : json_array (),
        "text", hall_column_text (stmt, 6), "opened_at", hall_column_int (stmt, 7),
        "state", hall_column_text (stmt, 8), "rectified_at", hall_column_int (stmt, 9),
        "verdict", hall_column_text (stmt, 10), "verdict_source", hall_column_text (stmt, 11),
        "rectified_note", hall_column_text (stmt, 12), "second_rating", hall_column_int (stmt, 13));
    bool rated_again = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
    sqlite3_reset (stmt);
    json_decref (reasons);
    bool can_verdict = strcmp (kase->state, "rectified") == 0 || strcmp (kase->state, "revisited") == 0;
    bool can_rate = !rated_again && *kase->verdict
                    && (strcmp (kase->state, "verdict") == 0 || strcmp (kase->state, "closed") == 0);
    out->result = json_pack ("{s:o, s:b, s:b}", "case", view, "can_verdict", can_verdict, "can_rate", can_rate);
    return 0;
}

static int
s_op_view (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_by_token (self, hall_arg_str (req, "token"), &kase, out))
        return -1;
    return s_view (self, &kase, out);
}

static int
s_op_verdict (hall_engine_t *self, const hall_request_t *req, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_by_token (self, hall_arg_str (req, "token"), &kase, out))
        return -1;
    const char *verdict = hall_arg_str (req, "verdict");
    if (!s_verdict_ok (verdict))
        return hall_outcome_fail (out, HALL_E_BAD_FIELD, "'verdict' is 满意, 基本满意 or 不满意");
    if (strcmp (kase.state, "rectified") != 0 && strcmp (kase.state, "revisited") != 0)
        return hall_outcome_fail (out, HALL_E_BAD_STATE, "this case is %s: %s", kase.state,
                                  strcmp (kase.state, "verdict") == 0 || strcmp (kase.state, "closed") == 0
                                  ? "its verdict is given" : "nothing to judge yet");
    int64_t now = hall_engine_now (self);
    sqlite3_stmt *stmt = hall_engine_stmt (self, "UPDATE service_case SET state = 'verdict', revisited_at = ?2,"
        " verdict = ?3, verdict_at = ?2, verdict_source = 'visitor', verdict_phone = NULL WHERE id = ?1");
    sqlite3_bind_int64 (stmt, 1, kase.id);
    sqlite3_bind_int64 (stmt, 2, now);
    sqlite3_bind_text (stmt, 3, verdict, -1, SQLITE_TRANSIENT);
    const char *text = hall_arg_str (req, "text");
    hall_case_record_t record = { .note = text ? text : "访客本人通过回访链接评价", .verdict = verdict,
                                  .method = "link", .at = now, .source = "visitor" };
    if (hall_stmt_done (stmt) || !hall_case_action (self, kase.id, "revisit", &record, req->client))
        return hall_engine_storage_fail (self, out);
    /* Everyone watching the case hears of it; the visitor gets their view. */
    hall_outcome_t published = { 0 };
    if (s_publish (self, kase.id, "revisit", &published))
        return hall_engine_storage_fail (self, out);
    json_decref (published.result);
    g_snprintf (kase.state, sizeof kase.state, "verdict");
    g_snprintf (kase.verdict, sizeof kase.verdict, "%s", verdict);
    return s_view (self, &kase, out);
}

int64_t
hall_case_second_rating_of (hall_engine_t *self, const char *token, hall_outcome_t *out)
{
    case_t kase;
    if (s_case_by_token (self, token, &kase, out))
        return 0;
    if (!*kase.verdict || (strcmp (kase.state, "verdict") != 0 && strcmp (kase.state, "closed") != 0)) {
        hall_outcome_fail (out, HALL_E_BAD_STATE, "the second rating comes after the revisit's verdict");
        return 0;
    }
    sqlite3_stmt *stmt = hall_engine_stmt (self, "SELECT count(*) FROM rating r JOIN rating s"
        " ON s.ticket = r.ticket AND s.step IS r.step AND s.round = 2 WHERE r.id = ?1");
    sqlite3_bind_int64 (stmt, 1, kase.rating);
    bool rated = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
    sqlite3_reset (stmt);
    if (rated) {
        hall_outcome_fail (out, HALL_E_ALREADY_RATED, "this case has its second rating");
        return 0;
    }
    return kase.rating;
}

const hall_handler_t hall_case_step_handlers[] = {
    { HALL_OP_CASE_UPDATE, s_op_update },
    { HALL_OP_CASE_GET, s_op_get },
    { HALL_OP_CASE_EVIDENCE_ADD, s_op_evidence_add },
    { HALL_OP_CASE_EVIDENCE_GET, s_op_evidence_get },
    { HALL_OP_CASE_APPEAL, s_op_appeal },
    { HALL_OP_CASE_DECIDE, s_op_decide },
    { HALL_OP_CASE_LINK, s_op_link },
    { HALL_OP_CASE_VIEW, s_op_view },
    { HALL_OP_CASE_VERDICT, s_op_verdict },
    { HALL_OP_NONE, NULL }
};
