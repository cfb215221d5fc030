/*  gov-map.h — the field mapping: a gov record in the hall's terms
 *  (docs/PROTOCOL.md, "gov.pending") to the fields of one province's
 *  好差评 platform.
 *
 *  The mapping is data: a table of rows, one per province field,
 *
 *      province field  ←  record path  [| transform]
 *
 *  where the path is dotted into the record ("rating.level", "clerk.id",
 *  "key") or a constant ("const:330000"), and the transform is one of
 *
 *      time         unix seconds → text in [format] time (yyyy-MM-dd HH:mm:ss
 *                   by default, in [format] timezone: Asia/Shanghai)
 *      join         an array of codes → "a,b"
 *      map:SECTION  the value looked up in the config's [SECTION]
 *                   (built in: [channels] and [kinds])
 *      bool01       true/false → 1/0
 *      string       any scalar as text
 *
 *  The built-in table is the Zhejiang-style one (gov-map.c, s_zhejiang,
 *  documented in docs/OPERATIONS.md); the config's [fields] adds rows or
 *  overrides them by province field name ("taskCode=item_code"), an empty
 *  value drops a row, and [format] defaults=none starts from an empty
 *  table.  A path that is absent or null gives no field (an empty CSV
 *  cell).  Nothing is computed: the mapping only renames, formats and
 *  translates codes; it never makes a value up.
 */
#ifndef GOV_MAP_H
#define GOV_MAP_H

#include <glib.h>
#include <jansson.h>

typedef struct _gov_map_t gov_map_t;

/* The mapping of CONFIG (read from PATH, for the messages), or NULL with
 * ERROR naming the file, the group and the key. */
gov_map_t  *gov_map_new (GKeyFile *config, const char *path, GError **error);
void        gov_map_destroy (gov_map_t **self_p);

/* The province's object for RECORD (borrowed): a new reference. */
json_t     *gov_map_apply (gov_map_t *self, json_t *record);

/* The table's rows in order: how many, and each one's province field. */
size_t      gov_map_size (gov_map_t *self);
const char *gov_map_field (gov_map_t *self, size_t index);
/* The province field that carries the record's key untransformed, or
 * NULL when the table has none (file mode needs one). */
const char *gov_map_key_field (gov_map_t *self);
/* The hall's time zone the times are written in. */
GTimeZone  *gov_map_timezone (gov_map_t *self);

#endif
