/* service-master.c: the seed's examples/service/service-master.js in C
 *
 * The master of the seed's service example: with weight 2 it outranks
 * every instance left at its random weight in [0, 1), so it becomes (and
 * stays) master. It advertises the message queue as service.queue, prints
 * every service it sees, and a second later starts a plain DiscDiscovery
 * in the same process that advertises a database, service.data.redis, as
 * the seed does.
 *
 * One line per event on stdout: a word, then JSON.
 *
 * It uses the seed's default options, so run it on a LAN you own (or in a
 * network namespace); see example-env.h to run it on loopback.
 *
 *   cc service-master.c $(pkg-config --cflags --libs disc-1) -o service-master
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <disc.h>

#include "example-env.h"
#include "example-main.h"

static DiscDiscovery *database;

static void
on_service (DiscServiceDiscovery *d, const char *name, DiscNode *node, gpointer user_data)
{
  example_print_node ("service", node);
}

/* Pretend to keep a database running, and advertise it. */
static gboolean
start_database (gpointer user_data)
{
  g_autoptr(JsonNode) info =
    json_from_string ("{\"name\":\"service.data.redis\",\"config\":{\"host\":\"localhost\",\"port\":6379}}", NULL);
  g_autoptr(GError) error = NULL;

  database = disc_discovery_new ();
  example_apply_env (database);
  disc_discovery_advertise (database, info, NULL);
  if (!disc_discovery_start (database, &error))
    fprintf (stderr, "database: %s\n", error->message);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char *argv[])
{
  g_autoptr(DiscServiceDiscovery) master = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(JsonNode) info =
    json_from_string ("{\"name\":\"service.queue\",\"config\":{\"url\":\"amqp://localhost:5672\"}}", NULL);
  g_autoptr(GError) error = NULL;

  setvbuf (stdout, NULL, _IOLBF, 0);

  /* weight 2 guarantees master status */
  master = g_object_new (DISC_TYPE_SERVICE_DISCOVERY, "weight", 2.0, NULL);
  example_apply_env (DISC_DISCOVERY (master));
  if (!disc_discovery_advertise (DISC_DISCOVERY (master), info, &error))
    {
      fprintf (stderr, "advertise: %s\n", error->message);
      return 1;
    }

  g_signal_connect (master, "service", G_CALLBACK (on_service), NULL);
  example_print_master_events (DISC_DISCOVERY (master));

  if (!example_start (DISC_DISCOVERY (master)))
    return 1;
  g_timeout_add_seconds (1, start_database, NULL);

  example_run_until_signal (loop);

  if (database != NULL)
    {
      disc_discovery_stop (database);
      g_clear_object (&database);
    }
  disc_discovery_stop (DISC_DISCOVERY (master));
  return 0;
}
