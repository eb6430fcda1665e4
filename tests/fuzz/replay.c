/* replay.c: runs a fuzz target on files, without libFuzzer
 *
 * Linked with each target into fuzz-replay-NAME, which the unit suite runs
 * on tests/fuzz/regressions/NAME/ (inputs that once crashed) and on the
 * seed corpus, with any compiler and under valgrind or the sanitizers.
 *
 * Usage: fuzz-replay-NAME FILE|DIRECTORY...
 *
 * SPDX-License-Identifier: MIT
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"

int LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__((weak));

static guint
run_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (path, &contents, &len, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
  return 1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static guint
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;   /* no regressions yet for this target */
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path);
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return 0;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);   /* the same order every time */
  for (guint i = 0; i < names->len; i++)
    n += run_path (names->pdata[i]);
  return n;
}

int
main (int argc, char **argv)
{
  guint n = 0;

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);
  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);
  g_print ("1..1\nok 1 - %u inputs replayed without a crash\n", n);
  return 0;
}
