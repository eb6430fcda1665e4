/* test-util.c: waiting on the main loop, a free port, a raw datagram, starting a node
 *
 * SPDX-License-Identifier: MIT
 */
#include "test-util.h"

/* The longest the main loop blocks between two looks at a condition or
 * the clock; sources that fire sooner wake it sooner. */
#define TEST_TICK_MS 20

static gboolean
on_tick (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* One blocking iteration of the default main context, woken at the
 * latest at `end_us` (monotonic) or one tick from now. */
static void
iterate_until (gint64 end_us)
{
  gint64 left_ms = (end_us - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
  g_autoptr(GSource) tick = g_timeout_source_new ((guint) CLAMP (left_ms, 1, TEST_TICK_MS));

  g_source_set_callback (tick, on_tick, NULL, NULL);
  g_source_attach (tick, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_destroy (tick);
}

/**
 * test_wait_for:
 * @condition: checked after each main-loop dispatch
 * @data: passed to @condition
 *
 * Runs the default main context until @condition holds or
 * %TEST_DEADLINE_MS have passed.
 *
 * Returns: whether @condition held in time
 */
gboolean
test_wait_for (TestCondition condition,
               gpointer      data)
{
  gint64 deadline = g_get_monotonic_time () + TEST_DEADLINE_MS * G_TIME_SPAN_MILLISECOND;

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      iterate_until (deadline);
    }
  return TRUE;
}

/**
 * test_run_for_ms:
 * @ms: how long, in milliseconds
 *
 * Runs the default main context for @ms, for checks that something does
 * not happen (or stays so) for a while.
 */
void
test_run_for_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    iterate_until (end);
}

/**
 * test_free_udp_port:
 *
 * Asks the kernel for a UDP port nobody has bound: binds port 0 on
 * 127.0.0.1 without address reuse, reads the port back and closes the
 * socket. Unlike ports derived from the process id, two test programs
 * running at once cannot be given the same one while either holds it.
 *
 * Returns: a port number, never 0
 */
guint
test_free_udp_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint port;

  g_assert_no_error (error);
  g_socket_bind (socket, any_port, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_cmpuint (port, !=, 0);
  g_socket_close (socket, NULL);
  return port;
}

/**
 * test_send_datagram:
 * @port: the UDP port on 127.0.0.1
 * @data: (array length=len): the bytes, sent as they are
 * @len: how many, in bytes
 *
 * Sends one datagram to 127.0.0.1:@port from a socket of its own, for
 * tests that feed a node what no DiscDiscovery would send.
 */
void
test_send_datagram (guint         port,
                    gconstpointer data,
                    gsize         len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new_from_string ("127.0.0.1", port);

  g_assert_no_error (error);
  g_assert_cmpint (g_socket_send_to (socket, to, data, len, NULL, &error), ==, (gssize) len);
  g_assert_no_error (error);
}

/**
 * test_start_or_fail:
 * @discovery: a node set up for loopback
 *
 * Starts @discovery; any error fails the test.
 */
void
test_start_or_fail (DiscDiscovery *discovery)
{
  g_autoptr(GError) error = NULL;
  gboolean started = disc_discovery_start (discovery, &error);

  g_assert_no_error (error);
  g_assert_true (started);
}

/* A new @type (DiscDiscovery or a subclass) on loopback @port with the
 * tests' fast timers: a hello every 100 ms, a check every 200 ms, nodes
 * and masters dropped after @timeout_ms of silence. */
gpointer
test_new_node (GType type,
               guint port,
               guint timeout_ms)
{
  g_assert_true (g_type_is_a (type, DISC_TYPE_DISCOVERY));
  return g_object_new (type,
                       "broadcast", TEST_LOOPBACK_BROADCAST,
                       "port", port,
                       "hello-interval", 100,
                       "check-interval", 200,
                       "node-timeout", timeout_ms,
                       "master-timeout", timeout_ms,
                       NULL);
}
