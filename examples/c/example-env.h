/* example-env.h: optional network settings for the examples
 *
 * The examples use the seed's defaults: port 12345, a hello every second,
 * broadcast on every interface. To run them elsewhere (on loopback, or in
 * a test that wants them quick), set any of:
 *
 *   DISC_BROADCAST       broadcast address, e.g. 127.255.255.255
 *   DISC_PORT            UDP port
 *   DISC_HELLO_INTERVAL  ms between hellos
 *   DISC_CHECK_INTERVAL  ms between checks for silent nodes
 *   DISC_NODE_TIMEOUT    ms of silence before a node is dropped (also the
 *                        master timeout)
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <stdlib.h>
#include <disc.h>

static inline void
example_uint_from_env (DiscDiscovery *d, const char *variable, const char *property)
{
  const char *text = g_getenv (variable);
  guint64 value;

  if (text == NULL || *text == '\0')
    return;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &value, NULL))
    {
      g_printerr ("%s: “%s” is not a positive number\n", variable, text);
      exit (2);
    }
  g_object_set (d, property, (guint) value, NULL);
}

static inline void
example_apply_env (DiscDiscovery *d)
{
  const char *broadcast = g_getenv ("DISC_BROADCAST");

  if (broadcast != NULL && *broadcast != '\0')
    g_object_set (d, "broadcast", broadcast, NULL);
  example_uint_from_env (d, "DISC_PORT", "port");
  example_uint_from_env (d, "DISC_HELLO_INTERVAL", "hello-interval");
  example_uint_from_env (d, "DISC_CHECK_INTERVAL", "check-interval");
  example_uint_from_env (d, "DISC_NODE_TIMEOUT", "node-timeout");
  example_uint_from_env (d, "DISC_NODE_TIMEOUT", "master-timeout");
}
