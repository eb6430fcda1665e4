/* test-translation.c: the library's messages come from its own "libdisc" catalog
 *
 * Runs in the C.UTF-8 locale with LANGUAGE=de, reading the catalog the
 * build made (po/libdisc/de.po compiled into LIBDISC_TEST_LOCALEDIR), so it
 * needs no German locale installed. Skips where C.UTF-8 is missing.
 *
 * SPDX-License-Identifier: MIT
 */
#include <locale.h>
#include <libintl.h>

#include <disc.h>

static gboolean have_locale;

static void
test_option_error_in_german (void)
{
  g_autoptr(DiscDiscovery) d = NULL;
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("LIBDISC_TEST_LOCALEDIR");

  g_test_summary ("An option error is translated from the library's own "
                  "libdisc catalog, which the build makes from po/libdisc");
  if (!have_locale || localedir == NULL)
    {
      g_test_skip ("needs the C.UTF-8 locale and LIBDISC_TEST_LOCALEDIR");
      return;
    }

  /* No textdomain() here: g_dgettext() translates nothing in a program
   * whose own default domain has no catalog for the language. */
  d = disc_discovery_new ();
  /* After class_init bound the domain to the install prefix: the build's. */
  bindtextdomain ("libdisc", localedir);

  g_object_set (d, "check-interval", 3000, "node-timeout", 2000, NULL);
  g_assert_false (disc_discovery_check_options (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_NODE_TIMEOUT);
  g_assert_cmpstr (error->message, ==,
                   "node-timeout (2000 ms) muss mindestens check-interval (3000 ms) sein");
}

int
main (int argc, char **argv)
{
  /* Before anything is translated: gettext reads LANGUAGE as it goes, but
   * caches what it found. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_test_init (&argc, &argv, NULL);
  have_locale = setlocale (LC_ALL, "C.UTF-8") != NULL;

  g_test_add_func ("/translation/option-error-in-german", test_option_error_in_german);

  return g_test_run ();
}
