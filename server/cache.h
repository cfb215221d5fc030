/*  cache.h — what an issue keeps between issues, and the category lookup.
 *
 *  Issuing is the hall's most frequent request, and the one a kiosk queue
 *  waits on.  What an issue reads about its category (the row, its
 *  published form, today's count, the windows serving it, the estimate's
 *  inputs, how many wait) is kept here between issues, so an issue reads
 *  only its own rows.  Only issues keep it up to date: any other writing
 *  request, the day change, a rolled-back request and a reload drop it
 *  whole, and the next issue reads the store again.  So nothing it holds
 *  can outlive a change it was not told of.
 */
#ifndef HALL_CACHE_H
#define HALL_CACHE_H

#include "rules.h"

typedef struct {
    char     code[64];
    char     prefix[8];
    char     name[128];
    char     hours[128];
    bool     open;
    int      cap;
    int      issued;              /* today's last number */
    json_t  *json;                /* the category as events carry it */
    json_t  *windows;             /* numbers of the windows serving it */
    char    *windows_text;        /* the same, encoded (replies carry it as is) */
    int      open_windows;        /* for the estimate: windows that can serve it now */
    double   capacity;            /* ... and their share for it (estimate.h) */
    int64_t  mean;                /* service time for the estimate */
    int      waiting;             /* waiting in its queue (not sent to one window) */
    double   last_key;            /* largest queue key of an ordinary one waiting */
    bool     any_ordinary;        /* whether there is one */
} hall_category_cache_t;

void hall_cache_entry_free (hall_category_cache_t *entry);
/* Forget every entry (any change but an issue's, a rollback, a reload). */
void hall_cache_drop (hall_engine_t *self);
/* Forget the windows' category lists (window.map, a rollback, a reload). */
void hall_lists_drop (hall_engine_t *self);

/* The cache entry of CODE (loaded from the store if need be), or NULL
 * when the request is not an issue or the category does not exist. */
hall_category_cache_t *hall_cache_get (hall_engine_t *self, const char *code);
/* A new ordinary ticket with queue key KEY joins CODE's queue: the people
 * ahead of it into *AHEAD when the cache knows; false when the store must
 * be asked. */
bool hall_cache_ahead (hall_engine_t *self, const char *code, double key, int *ahead);

/* The code of the category GIVEN by code or by prefix letter into CODE
 * (64 bytes), or false. */
bool hall_category_code (hall_engine_t *self, const char *given, char code[64]);

#endif
