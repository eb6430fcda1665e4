/* test-options.c: option validation, without opening a socket
 *
 * disc_discovery_check_options() runs the same checks as start() (they live
 * in core/disc-options.c) and binds nothing, so every case here is pure.
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include <disc.h>

static void
check_fails (DiscDiscovery   *d,
             DiscOptionError  code,
             const char      *conflict)
{
  g_autoptr(GError) error = NULL;
  GEnumClass *klass = g_type_class_ref (DISC_TYPE_OPTION_ERROR);

  g_assert_false (disc_discovery_check_options (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, (gint) code);
  /* The property is read from the code, never from the message. */
  g_assert_cmpstr (disc_option_error_get_property_name (error), ==,
                   g_enum_get_value (klass, code)->value_nick);
  g_assert_cmpstr (disc_option_error_get_conflict (error), ==, conflict);
  g_test_message ("%s: %s", disc_option_error_get_property_name (error), error->message);
  g_type_class_unref (klass);
  g_assert_false (disc_discovery_is_running (d));
}

static void
test_valid_defaults (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("The defaults pass the checks, and checking opens nothing");
  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "not ours");

    /* Another domain has no property, and no critical says so. */
    g_assert_null (disc_option_error_get_property_name (other));
    g_assert_null (disc_option_error_get_conflict (other));
  }
  g_assert_true (disc_discovery_check_options (d, &error));
  g_assert_no_error (error);
  g_assert_false (disc_discovery_is_running (d));
}

static void
test_string_options (void)
{
  static const struct { const char *property, *value; DiscOptionError code; } cases[] = {
    { "address", "not-an-address", DISC_OPTION_ERROR_ADDRESS },
    { "address", "::1", DISC_OPTION_ERROR_ADDRESS },
    { "broadcast", "300.1.1.1", DISC_OPTION_ERROR_BROADCAST },
    { "multicast", "10.0.0.1", DISC_OPTION_ERROR_MULTICAST },
    { "multicast", "bogus", DISC_OPTION_ERROR_MULTICAST },
    { "algorithm", "rot13", DISC_OPTION_ERROR_ALGORITHM },
    { "key", "", DISC_OPTION_ERROR_KEY },
  };

  g_test_summary ("Each bad value is refused with the code of its property");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DiscDiscovery) d = disc_discovery_new ();

      g_object_set (d, cases[i].property, cases[i].value, NULL);
      check_fails (d, cases[i].code, NULL);
    }
}

static void
test_broadcast_not_group (void)
{
  static const char * const refused[] = { "224.0.0.1", "239.1.2.3", "0.0.0.0" };
  static const char * const taken[] = { "127.255.255.255", "255.255.255.255", "10.1.2.255" };

  g_test_bug ("breaker2-broadcast-group");
  g_test_summary ("broadcast is refused a multicast group (sent to without "
                  "joining it, the node would hear no one) and 0.0.0.0 (no host)");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(DiscDiscovery) d = disc_discovery_new ();

      g_object_set (d, "broadcast", refused[i], NULL);
      check_fails (d, DISC_OPTION_ERROR_BROADCAST, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(DiscDiscovery) d = disc_discovery_new ();
      g_autoptr(GError) error = NULL;

      g_object_set (d, "broadcast", taken[i], NULL);
      g_assert_true (disc_discovery_check_options (d, &error));
      g_assert_no_error (error);
    }
}

static void
test_timeouts (void)
{
  g_autoptr(DiscDiscovery) a = disc_discovery_new ();
  g_autoptr(DiscDiscovery) b = disc_discovery_new ();

  g_test_summary ("Timeouts shorter than what they depend on name both options");
  g_object_set (a, "check-interval", 3000, "node-timeout", 2000, NULL);
  check_fails (a, DISC_OPTION_ERROR_NODE_TIMEOUT, "check-interval");

  g_object_set (b, "node-timeout", 5000, "master-timeout", 4000, "check-interval", 1000, NULL);
  check_fails (b, DISC_OPTION_ERROR_MASTER_TIMEOUT, "node-timeout");
}

static void
test_combinations (void)
{
  g_autoptr(DiscDiscovery) a = disc_discovery_new ();
  g_autoptr(DiscDiscovery) b = disc_discovery_new ();
  g_autoptr(DiscDiscovery) c = disc_discovery_new ();
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  const char *peers[] = { "127.0.0.1:4000", NULL };
  const char *bad_peers[] = { "127.0.0.1:notaport", NULL };
  const char *port_zero[] = { "127.0.0.1:24000", "127.0.0.1:0", NULL };

  g_test_summary ("Only one of broadcast, multicast and unicast; unicast "
                  "peers are host[:port] with a port that can be sent to");
  g_object_set (a, "broadcast", "127.255.255.255", "multicast", "239.1.2.3", NULL);
  check_fails (a, DISC_OPTION_ERROR_BROADCAST, "multicast");

  g_object_set (b, "unicast", peers, "broadcast", "127.255.255.255", NULL);
  check_fails (b, DISC_OPTION_ERROR_UNICAST, "broadcast");

  g_object_set (c, "unicast", bad_peers, NULL);
  check_fails (c, DISC_OPTION_ERROR_UNICAST, NULL);

  g_object_set (d, "unicast", port_zero, NULL);
  check_fails (d, DISC_OPTION_ERROR_UNICAST, NULL);
}

static void
test_keyring (void)
{
  g_autoptr(DiscDiscovery) legacy = disc_discovery_new ();
  g_autoptr(DiscDiscovery) gcm = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("A keyring needs aes-256-gcm and a key to send with");
  g_object_set (legacy, "key", "old", NULL);
  g_assert_false (disc_discovery_add_key (legacy, "new", &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_ALGORITHM);
  g_clear_error (&error);

  g_object_set (gcm, "algorithm", "aes-256-gcm", NULL);
  g_assert_true (disc_discovery_add_key (gcm, "one", &error));
  g_assert_true (disc_discovery_add_key (gcm, "two", &error));
  g_assert_no_error (error);
  g_assert_true (disc_discovery_check_options (gcm, NULL));
  g_object_set (gcm, "algorithm", "aes256", NULL);
  check_fails (gcm, DISC_OPTION_ERROR_ALGORITHM, "key");
  g_object_set (gcm, "algorithm", "aes-256-gcm", "key", NULL, NULL);
  check_fails (gcm, DISC_OPTION_ERROR_KEY, NULL);
}

static void
test_enum_properties (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  GParamSpec *ignore = g_object_class_find_property (G_OBJECT_GET_CLASS (d), "ignore");
  GParamSpec *dialect = g_object_class_find_property (G_OBJECT_GET_CLASS (d), "dialect");
  DiscIgnore ignore_value;
  DiscDialect dialect_value;

  g_test_summary ("ignore and dialect are enum properties whose nicks are the seed's strings");
  g_assert_true (G_IS_PARAM_SPEC_ENUM (ignore));
  g_assert_true (G_IS_PARAM_SPEC_ENUM (dialect));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (ignore) == DISC_TYPE_IGNORE);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (dialect) == DISC_TYPE_DIALECT);
  g_object_get (d, "ignore", &ignore_value, "dialect", &dialect_value, NULL);
  g_assert_cmpint (ignore_value, ==, DISC_IGNORE_SELF);
  g_assert_cmpint (dialect_value, ==, DISC_DIALECT_WRAP);
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_IGNORE);

    g_assert_cmpstr (g_enum_get_value (klass, DISC_IGNORE_PROCESS)->value_nick, ==, "process");
  }
  {
    g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_DIALECT);

    g_assert_cmpstr (g_enum_get_value (klass, DISC_DIALECT_PLAIN)->value_nick, ==, "plain");
  }
}

static void
test_key_write_only (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  GParamSpec *key = g_object_class_find_property (G_OBJECT_GET_CLASS (d), "key");
  g_auto(GStrv) ids = NULL;

  g_test_summary ("The key property cannot be read back: only key ids are listed");
  g_test_bug ("issues/13");
  g_assert_nonnull (key);
  g_assert_false (key->flags & G_PARAM_READABLE);
  g_assert_true (key->flags & G_PARAM_WRITABLE);
  g_object_set (d, "key", "a passphrase", NULL);
  ids = disc_discovery_list_keys (d);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_null (strstr (ids[0], "passphrase"));
}

static void
on_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
test_get_me_has_no_side_effect (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  DiscNode *me = disc_discovery_get_me (d);
  gint64 last_seen = disc_node_get_last_seen (me);
  guint notified = 0;

  g_test_summary ("Reading this node changes nothing and notifies nothing");
  g_test_bug ("issues/13");
  g_signal_connect (me, "notify", G_CALLBACK (on_notify), &notified);
  for (guint i = 0; i < 3; i++)
    g_assert_true (disc_discovery_get_me (d) == me);
  g_assert_cmpint (disc_node_get_last_seen (me), ==, last_seen);
  g_assert_cmpuint (notified, ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");

  g_test_add_func ("/options/valid-defaults", test_valid_defaults);
  g_test_add_func ("/options/strings", test_string_options);
  g_test_add_func ("/options/broadcast-not-group", test_broadcast_not_group);
  g_test_add_func ("/options/timeouts", test_timeouts);
  g_test_add_func ("/options/combinations", test_combinations);
  g_test_add_func ("/options/keyring", test_keyring);
  g_test_add_func ("/options/enum-properties", test_enum_properties);
  g_test_add_func ("/options/key-write-only", test_key_write_only);
  g_test_add_func ("/options/get-me-has-no-side-effect", test_get_me_has_no_side_effect);

  return g_test_run ();
}
