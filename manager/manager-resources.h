/*  manager-resources.h — the dashboard's GResource bundle (.ui templates
 *  and the style sheet), compiled in by mk/manager.mk.
 */
#ifndef MANAGER_RESOURCES_H
#define MANAGER_RESOURCES_H

#define MANAGER_RESOURCE_PATH "/org/hall/manager"

/* Registers the bundle once; every class_init that loads a template calls
 * it (the bundle lives in a static library: no constructor runs for it). */
void manager_resources_ensure (void);

/* Adds the bundle's manager.css to the default display, once per process
 * (the hall's window and the county's share it); after gtk_init. */
void manager_resources_load_css (void);

#endif
