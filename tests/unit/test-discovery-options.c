/* test-discovery-options.c: options that need a socket: start(), ports, defaults
 *
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "test-util.h"

static void
check_fails (DiscDiscovery *d, gint code, const char *expect_in_message)
{
  g_autoptr(GError) error = NULL;
  gboolean started = disc_discovery_start (d, &error);

  g_assert_false (started);
  g_assert_error (error, DISC_ERROR, code);
  if (strstr (error->message, expect_in_message) == NULL)
    g_error ("“%s” does not name “%s”", error->message, expect_in_message);
  g_assert_false (disc_discovery_is_running (d));
}

static void
test_start_checks_options (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("start() refuses what check_options() refuses, before binding");
  /* loopback, should the check ever let it through to the socket */
  g_object_set (d, "check-interval", 3000, "node-timeout", 2000, "port", test_free_udp_port (),
                "broadcast", TEST_LOOPBACK_BROADCAST, NULL);
  g_assert_false (disc_discovery_start (d, &error));
  g_assert_error (error, DISC_OPTION_ERROR, DISC_OPTION_ERROR_NODE_TIMEOUT);
  g_assert_false (disc_discovery_is_running (d));
}

static void
test_port_in_use (void)
{
  guint port = test_free_udp_port ();
  g_autoptr(DiscDiscovery) a = disc_discovery_new ();
  g_autoptr(DiscDiscovery) b = disc_discovery_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("Without address reuse a taken port is ADDRESS_IN_USE, naming the port");
  g_test_bug ("commit/76fba7d");
  g_object_set (a, "broadcast", TEST_LOOPBACK_BROADCAST, "port", port, "reuse-address", FALSE,
                "listen-only", TRUE, NULL);
  g_object_set (b, "broadcast", TEST_LOOPBACK_BROADCAST, "port", port, "reuse-address", FALSE,
                "listen-only", TRUE, NULL);
  g_assert_true (disc_discovery_start (a, &error));
  g_assert_no_error (error);
  check_fails (b, DISC_ERROR_ADDRESS_IN_USE, "port");
  {
    g_autofree char *port_text = g_strdup_printf ("%u", port);
    check_fails (b, DISC_ERROR_ADDRESS_IN_USE, port_text);
  }
}

static void
test_not_running (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(JsonNode) data = json_from_string ("{\"a\":1}", NULL);
  g_autoptr(GError) error = NULL;

  g_test_summary ("send() when not running is NOT_RUNNING; stop() and hello() are harmless");
  g_assert_false (disc_discovery_send (d, "chat", data, &error));
  g_assert_error (error, DISC_ERROR, DISC_ERROR_NOT_RUNNING);
  /* Harmless when not running. */
  disc_discovery_stop (d);
  disc_discovery_hello (d);
}

static void
test_defaults (void)
{
  g_autoptr(DiscDiscovery) d = disc_discovery_new ();
  g_autoptr(DiscDiscovery) e = disc_discovery_new ();
  guint hello, check, node_timeout, master_timeout, masters, port, ttl;
  g_autofree char *address = NULL, *algorithm = NULL;
  g_autofree char *broadcast = NULL, *multicast = NULL;
  DiscIgnore ignore;
  DiscDialect dialect;
  gboolean ignore_errors, reuse, eligible;
  double weight;

  g_test_summary ("Every property's default, and a random weight and id per instance");
  g_object_get (d,
                "hello-interval", &hello, "check-interval", &check,
                "node-timeout", &node_timeout, "master-timeout", &master_timeout,
                "masters-required", &masters, "port", &port, "multicast-ttl", &ttl,
                "address", &address, "algorithm", &algorithm, "ignore", &ignore,
                "dialect", &dialect, "broadcast", &broadcast, "multicast", &multicast,
                "ignore-data-errors", &ignore_errors,
                "reuse-address", &reuse, "master-eligible", &eligible, "weight", &weight,
                NULL);
  g_assert_cmpuint (hello, ==, 1000);
  g_assert_cmpuint (check, ==, 2000);
  g_assert_cmpuint (node_timeout, ==, 2000);
  g_assert_cmpuint (master_timeout, ==, 2000);
  g_assert_cmpuint (masters, ==, 1);
  g_assert_cmpuint (port, ==, 12345);
  g_assert_cmpuint (ttl, ==, 1);
  g_assert_cmpstr (address, ==, "0.0.0.0");
  g_assert_cmpstr (algorithm, ==, "aes256");
  g_assert_cmpint (ignore, ==, DISC_IGNORE_SELF);
  g_assert_cmpint (dialect, ==, DISC_DIALECT_WRAP);
  g_assert_null (broadcast);
  g_assert_null (multicast);
  g_assert_true (ignore_errors);
  g_assert_true (reuse);
  g_assert_true (eligible);
  g_assert_cmpfloat (weight, >=, 0.0);
  g_assert_cmpfloat (weight, <, 1.0);
  /* Random per instance, and ids are distinct 32-hex strings. */
  g_assert_cmpstr (disc_node_get_id (disc_discovery_get_me (d)), !=,
                   disc_node_get_id (disc_discovery_get_me (e)));
  g_assert_cmpuint (strlen (disc_node_get_id (disc_discovery_get_me (d))), ==, 32);
  g_assert_cmpstr (disc_node_get_process_id (disc_discovery_get_me (d)), ==,
                   disc_node_get_process_id (disc_discovery_get_me (e)));
}

static void
test_host_name_env (void)
{
  g_autoptr(DiscDiscovery) d = NULL;

  g_test_summary ("DISCOVERY_HOSTNAME sets the default host name; the property overrides it");
  g_setenv ("DISCOVERY_HOSTNAME", "from-the-environment", TRUE);
  d = disc_discovery_new ();
  g_assert_cmpstr (disc_node_get_host_name (disc_discovery_get_me (d)), ==, "from-the-environment");
  g_object_set (d, "host-name", "explicit", NULL);
  g_assert_cmpstr (disc_node_get_host_name (disc_discovery_get_me (d)), ==, "explicit");
  g_unsetenv ("DISCOVERY_HOSTNAME");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_bug_base ("https://github.com/libdisc/libdisc/");

  g_test_add_func ("/discovery-options/start-checks-options", test_start_checks_options);
  g_test_add_func ("/discovery-options/port-in-use", test_port_in_use);
  g_test_add_func ("/discovery-options/not-running", test_not_running);
  g_test_add_func ("/discovery-options/defaults", test_defaults);
  g_test_add_func ("/discovery-options/host-name-env", test_host_name_env);

  return g_test_run ();
}
