/*  test-identity.c — the check characters of the resident ID number
 *  (GB 11643) and the unified social credit code (GB 32100, with the
 *  organisation code's GB 11714 inside it), on real-looking numbers, and
 *  the masking shown everywhere.
 */
#include "identity.h"

static void
test_resident (void)
{
    /* The standard's own example, and two more with valid check digits. */
    g_assert_cmpint (hall_id_resident_check ("11010519491231002X", NULL), ==, HALL_ID_OK);
    g_assert_cmpint (hall_id_resident_check ("11010519491231002x", NULL), ==, HALL_ID_OK);
    g_assert_cmpint (hall_id_resident_check ("330102199001011234", "2026-12-02"), ==, HALL_ID_OK);
    g_assert_cmpint (hall_id_resident_check ("440524188001010014", NULL), ==, HALL_ID_DATE);   /* 1880 */
    /* One digit typed wrong, two swapped: the check character says so. */
    g_assert_cmpint (hall_id_resident_check ("110105194912310021", NULL), ==, HALL_ID_CHECK);
    g_assert_cmpint (hall_id_resident_check ("330102199001011243", NULL), ==, HALL_ID_CHECK);
    g_assert_cmpint (hall_id_resident_check ("330102199001012134", NULL), ==, HALL_ID_CHECK);
    g_assert_cmpint (hall_id_resident_check ("33010219900101123", NULL), ==, HALL_ID_LENGTH);
    g_assert_cmpint (hall_id_resident_check ("3301021990010112345", NULL), ==, HALL_ID_LENGTH);
    g_assert_cmpint (hall_id_resident_check ("3301021990O1011234", NULL), ==, HALL_ID_CHARACTERS);
    g_assert_cmpint (hall_id_resident_check ("330102199002301234", NULL), ==, HALL_ID_DATE);   /* 30 Feb */
    g_assert_cmpint (hall_id_resident_check ("330102203001011235", "2026-12-02"), ==, HALL_ID_DATE);
    g_assert_cmpint (hall_id_resident_check (NULL, NULL), ==, HALL_ID_LENGTH);
    g_assert_cmpstr (hall_id_error_text (HALL_ID_CHECK), ==, "号码校验不通过，请核对是否输错");
}

static void
test_credit_code (void)
{
    g_assert_cmpint (hall_id_credit_code_check ("91350100M000100Y43"), ==, HALL_ID_OK);
    g_assert_cmpint (hall_id_credit_code_check ("91110000802100433B"), ==, HALL_ID_OK);
    g_assert_cmpint (hall_id_credit_code_check ("91350100M000100Y44"), ==, HALL_ID_CHECK);  /* last wrong */
    g_assert_cmpint (hall_id_credit_code_check ("91350100M000101Y43"), ==, HALL_ID_CHECK);  /* org code */
    g_assert_cmpint (hall_id_credit_code_check ("913501OOM000100Y43"), ==, HALL_ID_CHARACTERS); /* O */
    g_assert_cmpint (hall_id_credit_code_check ("91350100M000100Y4"), ==, HALL_ID_LENGTH);
    g_assert_cmpint (hall_id_credit_code_check ("9135A100M000100Y43"), ==, HALL_ID_CHARACTERS); /* region */
}

static void
test_mobile (void)
{
    g_assert_true (hall_id_mobile_ok ("13800138000"));
    g_assert_true (hall_id_mobile_ok ("19912345678"));
    g_assert_false (hall_id_mobile_ok ("12800138000"));      /* no 12x numbers */
    g_assert_false (hall_id_mobile_ok ("1380013800"));
    g_assert_false (hall_id_mobile_ok ("1380013800a"));
    g_assert_false (hall_id_mobile_ok (NULL));
}

static void
test_mask (void)
{
    g_autofree char *id = hall_id_mask ("330102199001011234");
    g_assert_cmpstr (id, ==, "330102********1234");
    g_autofree char *passport = hall_id_mask ("E12345678");
    g_assert_cmpstr (passport, ==, "*********");
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/identity/resident-id", test_resident);
    g_test_add_func ("/identity/credit-code", test_credit_code);
    g_test_add_func ("/identity/mobile", test_mobile);
    g_test_add_func ("/identity/mask", test_mask);
    return g_test_run ();
}
