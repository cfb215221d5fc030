/*  test-day.c — the hall's working-day calendar (common/day.c), which
 *  case deadlines count on and appointments will book on: weekends off,
 *  listed holidays off, listed make-up working days on.
 */
#include "day.h"

static char *
s_after (int y, int m, int d, int days, const char *holidays, const char *workdays)
{
    GDate *date = g_date_new_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
    hall_day_add_working (date, days, holidays, workdays);
    char *text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                                  g_date_get_day (date));
    g_date_free (date);
    return text;
}

static void
test_working_days (void)
{
    /* Friday 2026-11-27: the next working day is Monday. */
    g_autofree char *monday = s_after (2026, 11, 27, 1, NULL, NULL);
    g_assert_cmpstr (monday, ==, "2026-11-30");
    /* Monday a holiday: Tuesday. */
    g_autofree char *tuesday = s_after (2026, 11, 27, 1, "2026-10-01;2026-11-30", NULL);
    g_assert_cmpstr (tuesday, ==, "2026-12-01");
    /* Spring Festival 2027 (holidays 6–10 February), make-up Saturday 13th:
     * five working days after Friday 5 February are 11, 12, 13, 15, 16. */
    const char *holidays = "2027-02-06;2027-02-07;2027-02-08;2027-02-09;2027-02-10";
    g_autofree char *fifth = s_after (2027, 2, 5, 5, holidays, "2027-02-13");
    g_assert_cmpstr (fifth, ==, "2027-02-16");
    g_autofree char *third = s_after (2027, 2, 5, 3, holidays, "2027-02-13");
    g_assert_cmpstr (third, ==, "2027-02-13");
    /* Listed entries match whole: 2027-02-1 is not 2027-02-13. */
    GDate *saturday = g_date_new_dmy (13, G_DATE_FEBRUARY, 2027);
    g_assert_false (hall_day_is_working (saturday, NULL, "2027-02-1;2027-02-130"));
    g_assert_true (hall_day_is_working (saturday, NULL, " 2027-02-13 "));
    g_date_free (saturday);
}

int
main (int argc, char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/day/working-days", test_working_days);
    return g_test_run ();
}
