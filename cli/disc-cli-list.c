/* disc-cli-list.c: `disc nodes` and `disc services`, which listen for a
 * while and list what they heard
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <stdio.h>

#include "disc-cli-etcd.h"
#include "disc-cli-output.h"
#include "disc-cli-receive-buffer.h"
#include "disc-cli-session.h"
#include "disc-cli-tool.h"
#include "disc-cli-unreadable.h"

/* Prints what was heard: the nodes or the services. @quiet: say nothing
 * about an empty result, packets that could not be read were told. */
typedef gboolean (*ListFunc) (DiscCliPrinter  *printer,
                              GPtrArray       *nodes,
                              gboolean         quiet,
                              GError         **error);

static void
on_error (DiscDiscovery *discovery,
          GError        *error,
          gpointer       user_data)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
}

/* Listens for @wait_ms milliseconds (--for if sooner, or until SIGINT,
 * SIGTERM or SIGHUP) and returns the nodes in the table then. */
static GPtrArray *
listen_for_nodes (DiscCliNodeOptions  *node,
                  gint64               wait_ms,
                  gboolean             json,
                  DiscCliUnreadable   *unreadable,
                  GError             **error)
{
  DiscDiscovery *discovery = disc_cli_node_options_get_discovery (node);
  gint64 for_ms = disc_cli_node_options_get_for_ms (node);
  g_autoptr(DiscCliSession) session = disc_cli_session_new ();
  GPtrArray *nodes;
  GListModel *model;

  g_signal_connect (discovery, "error", G_CALLBACK (on_error), NULL);
  if (!disc_cli_node_options_start (node, error))
    return NULL;

  if (for_ms >= 0)
    wait_ms = MIN (wait_ms, for_ms);
  disc_cli_session_set_deadline (session, wait_ms, "done");
  disc_cli_session_run (session);

  /* stop() empties the table: take the nodes first. */
  model = disc_discovery_get_nodes (discovery);
  nodes = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (nodes, g_list_model_get_item (model, i));
  g_signal_handlers_disconnect_by_func (discovery, on_error, NULL);
  disc_discovery_stop (discovery);
  if (disc_cli_unreadable_get (discovery, unreadable))
    disc_cli_unreadable_print (discovery, unreadable, json);
  /* The listing may be short of nodes whose hellos were lost. */
  disc_cli_receive_buffer_print (discovery, json);
  return nodes;
}

/* Listing is listen-only unless --announce; --listen-only may say so again. */
static gboolean
set_listen_only (DiscCliNodeOptions  *node,
                 gboolean             announce,
                 GError             **error)
{
  DiscDiscovery *discovery = disc_cli_node_options_get_discovery (node);
  gboolean listen_only;

  if (!disc_cli_node_options_check_announce (node, announce, error))
    return FALSE;
  g_object_get (discovery, "listen-only", &listen_only, NULL);
  if (announce && listen_only)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "--announce and --listen-only contradict each other; give only one "
                   "(listing is listen-only by default)");
      return FALSE;
    }
  g_object_set (discovery, "listen-only", !announce, NULL);
  return TRUE;
}

static gboolean list_nodes (DiscCliPrinter  *printer,
                            GPtrArray       *nodes,
                            gboolean         quiet,
                            GError         **error);

/* disc nodes and disc services: the same options, and @list to print. */
static gboolean
run_listing (const DiscCliCommand   *command,
             ListFunc                list,
             char                 ***args,
             GError                **error)
{
  g_autoptr(DiscCliNodeOptions) node = disc_cli_node_options_new ();
  g_autoptr(GPtrArray) nodes = NULL;
  g_autofree char *wait = NULL;
  gboolean json = FALSE;
  gboolean announce = FALSE;
  gint64 wait_ms = 0;
  DiscCliPrinter printer;
#if DISC_HAS_ETCD
  g_autofree char *etcd = NULL;
  g_autofree char *cluster = NULL;
#endif
  DiscCliUnreadable unreadable = { 0, };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON instead of a table", NULL },
    { "wait", 0, 0, G_OPTION_ARG_STRING, &wait,
      "Listen for MS milliseconds before listing (default: two hello intervals)", "MS" },
    { "announce", 0, 0, G_OPTION_ARG_NONE, &announce,
      "Send hellos while listening, so that the others see this node too "
      "(by default it only listens)", NULL },
#if DISC_HAS_ETCD
    DISC_CLI_ETCD_ENTRIES (etcd, cluster),
#endif
    G_OPTION_ENTRY_NULL
  };

#if DISC_HAS_ETCD
  /* disc nodes --etcd reads etcd; disc services does not. */
  if (list != list_nodes)
    entries[3] = (GOptionEntry) G_OPTION_ENTRY_NULL;
#endif
  if (!disc_cli_parse (command, entries, node, args, error) ||
      !disc_cli_check_no_more_args (*args, 0, NULL, error))
    return FALSE;
#if DISC_HAS_ETCD
  if (DISC_CLI_ETCD_WANTED (etcd, cluster))
    return disc_cli_etcd_run_nodes (etcd, cluster, json, error);
#endif
  if (!disc_cli_node_options_get_wait_ms (node, wait, &wait_ms, error) ||
      !set_listen_only (node, announce, error))
    return FALSE;

  nodes = listen_for_nodes (node, wait_ms, json, &unreadable, error);
  if (nodes == NULL)
    return FALSE;
  disc_cli_printer_init (&printer, stdout, json);
  if (!list (&printer, nodes, unreadable.packets > 0, error))
    return FALSE;
  /* Nothing readable, but packets heard: a wrong key, not an empty network. */
  if (nodes->len == 0 && unreadable.packets > 0)
    {
      g_set_error_literal (error, DISC_CLI_ERROR, DISC_CLI_ERROR_SAID,
                           "nothing readable was heard");
      return FALSE;
    }
  return TRUE;
}

static gboolean
list_nodes (DiscCliPrinter  *printer,
            GPtrArray       *nodes,
            gboolean         quiet,
            GError         **error)
{
  if (nodes->len == 0 && !quiet)
    g_printerr ("%s: no nodes found\n", g_get_prgname ());
  disc_cli_print_nodes (printer, nodes);
  return disc_cli_printer_check (printer, error);
}

static gboolean
list_services (DiscCliPrinter  *printer,
               GPtrArray       *nodes,
               gboolean         quiet,
               GError         **error)
{
  guint n_services = 0, n_unnamed = 0;

  disc_cli_print_services (printer, nodes, &n_services, &n_unnamed);
  if (n_services == 0 && !(quiet && nodes->len == 0))
    g_printerr ("%s: no services found\n", g_get_prgname ());
  if (n_unnamed > 0)
    g_printerr ("%s: %u node%s advertise%s no service name (a string \"name\" in the info)\n",
                g_get_prgname (), n_unnamed, n_unnamed == 1 ? "" : "s", n_unnamed == 1 ? "s" : "");
  return disc_cli_printer_check (printer, error);
}

static gboolean
run_nodes (char   ***args,
           GError  **error)
{
  return run_listing (&disc_cli_nodes_command, list_nodes, args, error);
}

static gboolean
run_services (char   ***args,
              GError  **error)
{
  return run_listing (&disc_cli_services_command, list_services, args, error);
}

#define LISTING_DESCRIPTION_COMMON \
  "It only listens by default: it sends no hellos, so the others never see\n" \
  "it and no election is disturbed. Give --announce to take part as a node\n" \
  "(it then sees the others, never itself). The table lists each node's host,\n" \
  "address, short id, role (master, eligible or not-eligible), weight, when it\n" \
  "was last heard from, and the start of its info.\n" \
  "\n" \
  "Packets it heard and could not read (a wrong key or algorithm, or none in\n" \
  "an encrypted cluster) are counted on standard error, with the addresses\n" \
  "they came from (with --json, as an object {\"event\": \"unreadable\",\n" \
  "\"packets\", \"addresses\", \"message\"}). So are packets the kernel dropped\n" \
  "before they were read, the receive buffer full: the listing may lack nodes\n" \
  "(with --json, {\"event\": \"receive-buffer\", \"packets\", \"message\"}).\n" \
  "\n" \
  "It exits 0 when nothing was heard at all (saying so on standard error),\n" \
  "1 when packets were heard but none could be read, or on a failure at run\n" \
  "time, 2 on bad usage. The key may also be given in $DISC_KEY; --key and\n" \
  "--key-file win.\n"

/* A listing shows nodes, not channel messages. */
static const char * const list_unused_flags[] = {
  "join", NULL
};

const DiscCliCommand disc_cli_nodes_command = {
  .name = "nodes",
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
    "  disc nodes --wait 3000 --json\n"
    "\n"
    "With --etcd ENDPOINTS --cluster NAME it reads every LAN's nodes from etcd, as\n"
    "disc bridge mirrors them, and answers at once, grouped by LAN (with --json:\n"
    "{\"LAN\": [node, ...], ...}).",
  .run = run_nodes,
  .unused_flags = list_unused_flags,
};

const DiscCliCommand disc_cli_services_command = {
  .name = "services",
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
  .run = run_services,
  .unused_flags = list_unused_flags,
};
