/*  counter-resources.h — the desk's GResource bundle (.ui templates and
 *  the style sheet), compiled in by mk/counter.mk.
 */
#ifndef COUNTER_RESOURCES_H
#define COUNTER_RESOURCES_H

#define COUNTER_RESOURCE_PATH "/org/hall/counter"

/* Registers the bundle once; every class_init that loads a template calls
 * it (the bundle lives in a static library: no constructor runs for it). */
void counter_resources_ensure (void);

#endif
