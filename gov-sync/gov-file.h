/*  gov-file.h — file mode: the records of each hall day appended to
 *  DIR/gov-YYYY-MM-DD.csv and DIR/gov-YYYY-MM-DD.jsonl, for provinces that
 *  import files.
 *
 *  The day is the record's created_at (when the rating was given or the
 *  case closed) in the hall's time zone.  The CSV is UTF-8 with a BOM, a
 *  header of the province's field names (the mapping's order), CRLF rows,
 *  and every text cell that begins with = + - @ (or a tab or CR) written
 *  as '… so that a spreadsheet never runs it as a formula.  The JSONL file
 *  holds one mapped record (the object the HTTP mode POSTs) per line.
 *
 *  Crash-safe and once: a row is written with one write(), then fsync()ed,
 *  before the caller tells the server `accepted`; a new file's folder is
 *  fsync()ed too.  When a day's files are first opened, the keys already
 *  in them are read (the mapping's key field, gov_map_key_field), and a
 *  torn last row (a crash in the middle of a write) is cut off; a record
 *  whose key is there already is not written again — that is the restart
 *  after a crash between the fsync and the server's `accepted`.
 */
#ifndef GOV_FILE_H
#define GOV_FILE_H

#include "gov-map.h"

typedef struct _gov_file_t gov_file_t;

/* Into DIR (made if missing) with MAP's fields (borrowed: it must outlive
 * this); NULL with ERROR when DIR cannot be made or MAP has no key field. */
gov_file_t *gov_file_new (const char *dir, gov_map_t *map, GError **error);
void        gov_file_destroy (gov_file_t **self_p);

/* Appends RECORD (the server's; borrowed) as MAPPED (its mapped object;
 * borrowed) to its day's two files, unless they have its key already.
 * TRUE once both files hold it on disk; FALSE with ERROR (disk full …). */
gboolean    gov_file_write (gov_file_t *self, json_t *record, json_t *mapped, GError **error);

#endif
