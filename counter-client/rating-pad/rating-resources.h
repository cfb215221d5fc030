/*  rating-resources.h — the rating pad's GResource bundle (its screens'
 *  .ui templates and its style sheet), compiled in by mk/counter.mk.
 */
#ifndef RATING_RESOURCES_H
#define RATING_RESOURCES_H

#define RATING_RESOURCE_PATH "/org/hall/counter/rating"

/* Registers the bundle once; every class_init that loads a template calls
 * it (the bundle lives in a static library: no constructor runs for it). */
void rating_resources_ensure (void);

#endif
