/*  journey.c — "一件事" journeys (journey.h). */
#include "journey.h"

#include <glib.h>
#include <string.h>

int
hall_journey_parse (const char *spec, hall_journey_step_t *steps, const char **error)
{
    *error = NULL;
    g_auto (GStrv) stages = g_strsplit (spec ? spec : "", ";", -1);
    int n = 0, stage = 0;
    for (int s = 0; stages[s]; s++) {
        g_auto (GStrv) names = g_strsplit (stages[s], ",", -1);
        bool any = false;
        for (int k = 0; names[k]; k++) {
            char *name = g_strstrip (names[k]);
            if (!*name)
                continue;
            if (!any)
                stage++;
            any = true;
            size_t len = strlen (name);
            bool optional = name[len - 1] == '?';
            if (optional)
                name[--len] = 0;
            g_strstrip (name);
            if (!*name || strlen (name) >= sizeof steps[0].category) {
                *error = "a step is a category code, maybe followed by ? (optional)";
                return -1;
            }
            if (n == HALL_JOURNEY_MAX_STEPS) {
                *error = "a journey has at most 12 steps";
                return -1;
            }
            for (int i = 0; i < n; i++)
                if (strcmp (steps[i].category, name) == 0) {
                    *error = "a category is a step of a journey at most once";
                    return -1;
                }
            g_strlcpy (steps[n].category, name, sizeof steps[n].category);
            steps[n].stage = stage;
            steps[n].optional = optional;
            n++;
        }
    }
    if (n == 0) {
        *error = "steps= lists the steps: stages by ';', a stage's steps (any order) by ',', '?' optional";
        return -1;
    }
    return n;
}

static const char *
s_str (json_t *object, const char *key)
{
    const char *value = json_string_value (json_object_get (object, key));
    return value ? value : "";
}

int
hall_journey_next (json_t *journey, int (*waiting) (const char *category, void *user), void *user)
{
    json_t *steps = json_object_get (journey, "steps");
    int best = -1, best_stage = 0, best_waiting = 0;
    size_t i;
    json_t *step;
    json_array_foreach (steps, i, step) {
        if (strcmp (s_str (step, "state"), "pending") != 0)
            continue;
        int stage = (int) json_integer_value (json_object_get (step, "stage"));
        if (best >= 0 && stage > best_stage)
            break;                      /* stages are in order: a later one waits */
        int people = waiting ? waiting (s_str (step, "category"), user) : 0;
        if (best < 0 || people < best_waiting) {
            best = (int) i;
            best_stage = stage;
            best_waiting = people;
        }
    }
    return best;
}

char *
hall_journey_text (json_t *journey, const char *category_name, bool english)
{
    int step = (int) json_integer_value (json_object_get (journey, "step"));
    int of = (int) json_integer_value (json_object_get (journey, "of"));
    if (category_name && *category_name)
        return english ? g_strdup_printf ("Step %d of %d: %s", step, of, category_name)
                       : g_strdup_printf ("第 %d 步 / 共 %d 步：%s", step, of, category_name);
    return english ? g_strdup_printf ("Step %d of %d", step, of) : g_strdup_printf ("第 %d 步 / 共 %d 步", step, of);
}
