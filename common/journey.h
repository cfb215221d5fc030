/*  journey.h — "一件事" journeys: one ticket through several steps
 *  (docs/PROTOCOL.md, `journey.issue`; docs/DISPATCH.md).  Shared by the
 *  server (which moves the ticket on), and the kiosk, desks, boards and
 *  the phone page (which say where it stands), so all agree.
 *
 *  A journey is stages in order; a stage is one or more steps done in any
 *  order among themselves; a step is a category, maybe optional.  The
 *  configuration writes it "business; seal, social?; bank?".
 */
#ifndef HALL_JOURNEY_H
#define HALL_JOURNEY_H

#include <jansson.h>
#include <stdbool.h>

#define HALL_JOURNEY_MAX_STEPS 12

typedef struct {
    char category[64];
    int  stage;                  /* 1, 2, ... */
    bool optional;
} hall_journey_step_t;

/* Parses SPEC into STEPS (at most HALL_JOURNEY_MAX_STEPS): their number,
 * or -1 with a message for the configuration's error into ERROR (static)
 * when SPEC is empty, malformed, too long or names a category twice. */
int         hall_journey_parse (const char *spec, hall_journey_step_t *steps, const char **error);

/* The index in JOURNEY's "steps" (a ticket's journey object) of the step
 * to do next: the first pending step of the earliest stage with one;
 * among a stage's pending steps the one with the fewest people waiting
 * (WAITING (*fn) (category, user); NULL: the order written), ties by the
 * order written.  -1 when no step is pending. */
int         hall_journey_next (json_t *journey, int (*waiting) (const char *category, void *user), void *user);

/* "第 2 步 / 共 4 步：印章刻制" (ENGLISH: "Step 2 of 4: Seal engraving") for
 * a ticket's JOURNEY object, with CATEGORY_NAME the current step's name
 * (NULL: the text stops after the counts).  g_free. */
char       *hall_journey_text (json_t *journey, const char *category_name, bool english);

#endif
