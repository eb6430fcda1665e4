/* disc-cli-list.c: `disc nodes` and `disc services`, which listen for a
 * while and list what they heard
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <stdio.h>

#include "disc-cli-commands.h"
#include "disc-cli-output.h"
#include "disc-cli-session.h"

static void
on_error (DiscDiscovery *discovery,
          GError        *error,
          gpointer       user_data)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
}

/* Listens for --wait milliseconds (--for seconds if sooner, or until
 * SIGINT or SIGTERM) and returns the nodes in the table then. */
static GPtrArray *
listen_for_nodes (DiscCliOptions  *options,
                  char           **args,
                  GError         **error)
{
  g_autoptr(DiscDiscovery) discovery = NULL;
  g_autoptr(DiscCliSession) session = NULL;
  GPtrArray *nodes;
  GListModel *model;
  gint64 wait_ms = options->wait_ms;

  if (!disc_cli_check_no_more_args (args, 0, error))
    return NULL;
  discovery = disc_cli_options_create_discovery (options, error);
  if (discovery == NULL)
    return NULL;
  session = disc_cli_session_new ();
  g_signal_connect (discovery, "error", G_CALLBACK (on_error), NULL);

  if (!disc_cli_start (discovery, error))
    return NULL;

  if (wait_ms < 0)
    {
      guint hello_interval;

      g_object_get (discovery, "hello-interval", &hello_interval, NULL);
      wait_ms = 2 * (gint64) hello_interval;
    }
  if (options->for_ms >= 0)
    wait_ms = MIN (wait_ms, options->for_ms);
  disc_cli_session_set_deadline (session, wait_ms, "done");
  disc_cli_session_run (session);

  /* stop() empties the table: take the nodes first. */
  model = disc_discovery_get_nodes (discovery);
  nodes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (nodes, g_list_model_get_item (model, i));
  g_signal_handlers_disconnect_by_func (discovery, on_error, NULL);
  disc_discovery_stop (discovery);
  return nodes;
}

static gboolean
check_output (DiscCliPrinter  *printer,
              GError         **error)
{
  if (printer->write_errno != 0 && printer->write_errno != EPIPE)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                   "cannot write to standard output: %s", g_strerror (printer->write_errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_nodes (DiscCliOptions  *options,
           char           **args,
           GError         **error)
{
  g_autoptr(GPtrArray) nodes = listen_for_nodes (options, args, error);
  DiscCliPrinter printer;

  if (nodes == NULL)
    return FALSE;
  disc_cli_printer_init (&printer, stdout, options->json);
  if (nodes->len == 0)
    g_printerr ("%s: no nodes found\n", g_get_prgname ());
  disc_cli_print_nodes (&printer, nodes);
  return check_output (&printer, error);
}

static gboolean
run_services (DiscCliOptions  *options,
              char           **args,
              GError         **error)
{
  g_autoptr(GPtrArray) nodes = listen_for_nodes (options, args, error);
  DiscCliPrinter printer;
  guint n_services = 0, n_unnamed = 0;

  if (nodes == NULL)
    return FALSE;
  disc_cli_printer_init (&printer, stdout, options->json);
  disc_cli_print_services (&printer, nodes, &n_services, &n_unnamed);
  if (n_services == 0)
    g_printerr ("%s: no services found\n", g_get_prgname ());
  if (n_unnamed > 0)
    g_printerr ("%s: %u node%s advertise%s no service name (a string \"name\" in the info)\n",
                g_get_prgname (), n_unnamed, n_unnamed == 1 ? "" : "s", n_unnamed == 1 ? "s" : "");
  return check_output (&printer, error);
}

#define LISTING_DESCRIPTION_COMMON \
  "It only listens by default: it sends no hellos, so the others never see\n" \
  "it and no election is disturbed. Give --announce to take part as a node\n" \
  "(it then sees the others, never itself). The table lists each node's host,\n" \
  "address, short id, role (master, eligible or not-eligible), weight, when it\n" \
  "was last heard from, and the start of its info.\n" \
  "\n" \
  "It exits 0 even when nothing was found (saying so on standard error), 1 on\n" \
  "a failure at run time, 2 on bad usage. The key may also be given in\n" \
  "$DISC_KEY; --key and --key-file win.\n"

const DiscCliCommand disc_cli_nodes_command = {
  .name = "nodes",
  .parameter_string = NULL,
  .summary = "Listen for a while, then list the nodes heard from.",
  .description =
    "Listens for --wait milliseconds (default: two hello intervals), then prints\n"
    "the nodes heard from as a table, or with --json as a JSON array of node\n"
    "objects {id, hostName, address, port, isMaster, isMasterEligible, weight,\n"
    "info, lastSeen}.\n"
    "\n"
    LISTING_DESCRIPTION_COMMON
    "\n"
    "Example:\n"
    "  disc nodes --wait 3000 --json",
  .extras = DISC_CLI_WITH_JSON | DISC_CLI_WITH_LISTING,
  .run = run_nodes,
};

const DiscCliCommand disc_cli_services_command = {
  .name = "services",
  .parameter_string = NULL,
  .summary = "Like nodes, grouped by the service name each node advertises.",
  .description =
    "Listens like disc nodes, then groups the nodes by the \"name\" string of the\n"
    "info they advertise (disc watch --advertise '{\"name\": \"web\"}'), with the\n"
    "number of candidates for each service. With --json it prints one object:\n"
    "{\"web\": [node, ...], ...}. Nodes without a name are left out.\n"
    "\n"
    LISTING_DESCRIPTION_COMMON
    "\n"
    "Example:\n"
    "  disc services --wait 3000",
  .extras = DISC_CLI_WITH_JSON | DISC_CLI_WITH_LISTING,
  .run = run_services,
};
