/*  gov-post.h — one record to the provincial platform over HTTP(S), and
 *  what the platform's answer means for it.
 *
 *  POSTs the mapped record as a JSON object to [platform] url (a case
 *  outcome to case_url when given), with the record's key in the header
 *  [platform] idempotency_header (Idempotency-Key) — the mapping carries it
 *  as a field too — and the access token read from token_file in
 *  token_header.  TLS certificates are verified, against ca_file when
 *  given, else the system's store.  The answer:
 *
 *    accepted  2xx and the body's [reply] code is one of success (0;200);
 *              platform_id from the body's [reply] id (data.id)
 *    refused   4xx (but 401, 403, 408, 429), or 2xx whose code is one of
 *              [reply] invalid: the reason is the body's [reply] message
 *              (msg), else the status line; cut to 256 bytes
 *    retry     no connection, a timeout ([platform] timeout, 10 s), TLS
 *              failure, 5xx, 401/403 (our token: a person must fix it,
 *              not the record), 408, 429, or a body it cannot read
 *
 *  Synchronous: one request at a time, as the loop delivers oldest first.
 */
#ifndef GOV_POST_H
#define GOV_POST_H

#include <glib.h>
#include <jansson.h>

typedef enum { GOV_ACCEPTED, GOV_RETRY, GOV_REFUSED } gov_outcome_t;

/* What became of one delivery. */
typedef struct {
    gov_outcome_t outcome;
    char reason[257];         /* for retry and refused: ≤ 256 bytes of UTF-8, no control characters */
    char platform_id[257];    /* for accepted: the platform's id, or "" */
    gboolean unreachable;     /* the platform itself failed (down, timeout, 5xx, 429): stop the pass */
} gov_verdict_t;

typedef struct _gov_post_t gov_post_t;

/* From CONFIG's [platform] and [reply] (PATH for the messages), or NULL
 * with ERROR naming the file and key. */
gov_post_t *gov_post_new (GKeyFile *config, const char *path, GError **error);
void        gov_post_destroy (gov_post_t **self_p);

/* Delivers BODY (the mapped record) of kind KIND ("rating", "case") with
 * idempotency KEY; fills VERDICT. */
void        gov_post_deliver (gov_post_t *self, const char *kind, const char *key, json_t *body,
                              gov_verdict_t *verdict);

/* TEXT made fit for gov.result's reason: control characters as spaces,
 * cut to 256 bytes on a character boundary, "" → FALLBACK. */
void        gov_reason_set (char dest[257], const char *text, const char *fallback);

#endif
