/*  hallctl-report.h — hallctl's commands for 好差评 and reports: rate,
 *  reasons, cases, case, report.
 */
#ifndef HALLCTL_REPORT_H
#define HALLCTL_REPORT_H

#include <stdbool.h>
#include "session.h"

typedef struct {
    const char *from, *to, *by;   /* report: days and grouping */
    const char *csv;              /* report: CSV file to write, or NULL */
    const char *pdf;              /* report: PDF file to write (table and charts), or NULL */
    const char *reasons;          /* rate: "a,b" */
    const char *text;             /* rate: free text */
    const char *note;             /* case: note */
    const char *verdict;          /* case verdict */
    const char *reason;           /* case appeal */
    const char *filter;           /* cases */
    bool        json;             /* print raw results */
} hallctl_report_options_t;

/* Runs rate, reasons, cases, case, report over SESSION.  Returns the exit
 * code, or -1 when ARGV[1] is none of them. */
int hallctl_report_command (hall_session_t *session, const hallctl_report_options_t *options,
                            int argc, char **argv);

#endif
