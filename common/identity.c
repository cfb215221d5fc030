/*  identity.c — see identity.h. */
#include "identity.h"

#include <string.h>

#ifndef N_
#define N_(text) (text)
#endif

static const char s_credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

hall_id_error_t
hall_id_resident_check (const char *id, const char *today)
{
    if (!id || strlen (id) != 18)
        return HALL_ID_LENGTH;
    for (int i = 0; i < 17; i++)
        if (!g_ascii_isdigit (id[i]))
            return HALL_ID_CHARACTERS;
    char last = g_ascii_toupper (id[17]);
    if (!g_ascii_isdigit (last) && last != 'X')
        return HALL_ID_CHARACTERS;
    int year = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
    int month = (id[10] - '0') * 10 + (id[11] - '0');
    int day = (id[12] - '0') * 10 + (id[13] - '0');
    if (year < 1900 || !g_date_valid_dmy (day, month, year))
        return HALL_ID_DATE;
    if (today && strlen (today) == 10) {
        char birth[11];
        g_snprintf (birth, sizeof birth, "%04d-%02d-%02d", year, month, day);
        if (strcmp (birth, today) > 0)
            return HALL_ID_DATE;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (id[i] - '0') * ((1 << (17 - i)) % 11);
    return "10X98765432"[sum % 11] == last ? HALL_ID_OK : HALL_ID_CHECK;
}

static int
s_credit_value (char c)
{
    const char *at = c ? strchr (s_credit_chars, c) : NULL;
    return at ? (int) (at - s_credit_chars) : -1;
}

hall_id_error_t
hall_id_credit_code_check (const char *code)
{
    if (!code || strlen (code) != 18)
        return HALL_ID_LENGTH;
    int values[18];
    for (int i = 0; i < 18; i++)
        if ((values[i] = s_credit_value (code[i])) < 0)
            return HALL_ID_CHARACTERS;
    for (int i = 2; i < 8; i++)                    /* the region code */
        if (!g_ascii_isdigit (code[i]))
            return HALL_ID_CHARACTERS;
    /* The organisation code's own check (GB 11714): weights 3 7 9 10 5 8 4 2. */
    static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = code[8 + i];
        sum += (g_ascii_isdigit (c) ? c - '0' : c - 'A' + 10) * org_weights[i];
    }
    int org = 11 - sum % 11;
    char org_check = org == 10 ? 'X' : org == 11 ? '0' : (char) ('0' + org);
    if (code[16] != org_check)
        return HALL_ID_CHECK;
    sum = 0;
    int weight = 1;
    for (int i = 0; i < 17; i++) {
        sum += values[i] * weight;
        weight = weight * 3 % 31;
    }
    return values[17] == (31 - sum % 31) % 31 ? HALL_ID_OK : HALL_ID_CHECK;
}

const char *
hall_id_error_text (hall_id_error_t error)
{
    switch (error) {
    case HALL_ID_OK:
        return "";
    case HALL_ID_LENGTH:
        return N_("号码应为 18 位");
    case HALL_ID_CHARACTERS:
        return N_("号码中有不应出现的字符");
    case HALL_ID_DATE:
        return N_("身份证号码中的出生日期不对");
    case HALL_ID_CHECK:
        break;
    }
    return N_("号码校验不通过，请核对是否输错");
}

gboolean
hall_id_mobile_ok (const char *phone)
{
    if (!phone || strlen (phone) != 11 || phone[0] != '1' || phone[1] < '3')
        return FALSE;
    for (const char *c = phone; *c; c++)
        if (!g_ascii_isdigit (*c))
            return FALSE;
    return TRUE;
}

char *
hall_id_mask (const char *id)
{
    size_t n = id ? strlen (id) : 0;
    if (n <= 10)
        return g_strnfill (n, '*');
    GString *masked = g_string_new_len (id, 6);
    for (size_t i = 6; i < n - 4; i++)
        g_string_append_c (masked, '*');
    g_string_append (masked, id + n - 4);
    return g_string_free (masked, FALSE);
}
