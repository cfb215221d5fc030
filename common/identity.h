/*  identity.h — the numbers a real-name booking carries, checked as the
 *  standards define them (so a typo is caught at the kiosk or the phone,
 *  not at the window), and shown masked.
 *
 *    resident ID number (居民身份证号码, GB 11643-1999): 18 characters — a
 *      6-digit region code, the birth date YYYYMMDD, a 3-digit sequence
 *      and a check character: the weights 2^(17-i) mod 11 over the first
 *      17 digits, the sum mod 11 indexing "10X98765432";
 *    unified social credit code (统一社会信用代码, GB 32100-2015): 18
 *      characters of "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z):
 *      the registering authority, the kind of body, a 6-digit region code,
 *      the 9-character organisation code (whose 9th is its own GB 11714
 *      check character) and a check character: 31 − (Σ value × 3^i mod 31,
 *      i.e. the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28)
 *      mod 31, as a character of the same set.
 */
#ifndef HALL_IDENTITY_H
#define HALL_IDENTITY_H

#include <glib.h>

typedef enum {
    HALL_ID_OK = 0,
    HALL_ID_LENGTH,          /* not 18 characters */
    HALL_ID_CHARACTERS,      /* a character that cannot stand there */
    HALL_ID_DATE,            /* the birth date is no date, before 1900 or after TODAY */
    HALL_ID_CHECK,           /* the check character does not match: a typo */
} hall_id_error_t;

/* ID (a lower-case final x is taken as X); TODAY "YYYY-MM-DD" or NULL (no
 * check against the future). */
hall_id_error_t hall_id_resident_check (const char *id, const char *today);
/* CODE (upper case). */
hall_id_error_t hall_id_credit_code_check (const char *code);
/* What to tell the visitor (a Chinese msgid, N_()). */
const char     *hall_id_error_text (hall_id_error_t error);
/* A mainland mobile number: 11 digits, "1" then 3-9. */
gboolean        hall_id_mobile_ok (const char *phone);
/* "330102********1234": the first 6 and the last 4 of ID, the rest as
 * stars (g_free). */
char           *hall_id_mask (const char *id);

#endif
