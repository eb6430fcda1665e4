/* disc-cli-bridge.c: `disc bridge`, a node that mirrors its LAN into etcd
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-etcd.h"
#include "disc-cli-numbers.h"
#include "disc-cli-output.h"
#include "disc-cli-session.h"
#include "disc-cli-tool.h"

/* How long a clean stop may wait for etcd before giving up (the leases
 * then expire by themselves). */
#define STOP_TIMEOUT_MS 5000

typedef struct {
  DiscCliSession *session;
  DiscCliPrinter  printer;
  gboolean        json;
  DiscBridge     *bridge;
} Bridge;

/* The LAN's default name: the network of the first IPv4 interface that
 * is up, broadcasts and is not loopback, so that bridges of one LAN agree
 * without being told. */
static char *
default_lan_name (void)
{
  struct ifaddrs *list = NULL;
  char *name = NULL;

  if (getifaddrs (&list) != 0)
    return NULL;
  for (struct ifaddrs *ifa = list; ifa != NULL && name == NULL; ifa = ifa->ifa_next)
    {
      struct in_addr network;
      char text[INET_ADDRSTRLEN];
      guint32 address, mask;

      if (ifa->ifa_addr == NULL || ifa->ifa_netmask == NULL ||
          ifa->ifa_addr->sa_family != AF_INET || (ifa->ifa_flags & IFF_LOOPBACK) ||
          !(ifa->ifa_flags & IFF_UP))
        continue;
      address = ((struct sockaddr_in *) ifa->ifa_addr)->sin_addr.s_addr;
      mask = ((struct sockaddr_in *) ifa->ifa_netmask)->sin_addr.s_addr;
      network.s_addr = address & mask;
      if (inet_ntop (AF_INET, &network, text, sizeof text) != NULL)
        name = g_strdup_printf ("%s/%d", text, __builtin_popcount (mask));
    }
  freeifaddrs (list);
  return name;
}

static void
on_role (DiscBridge *disc_bridge,
         GParamSpec *pspec,
         Bridge     *bridge)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_BRIDGE_ROLE);
  GEnumValue *value = g_enum_get_value (klass, disc_bridge_get_role (disc_bridge));
  const char *role = value != NULL ? value->value_nick : "unknown";

  if (bridge->json)
    printf ("{\"event\":\"role\",\"time\":%" G_GINT64_FORMAT ",\"role\":\"%s\"}\n",
            g_get_real_time () / 1000, role);
  else
    printf ("role %s\n", role);
  if (fflush (stdout) != 0)
    disc_cli_session_quit (bridge->session, "output");
}

static void
on_bridge_error (DiscBridge *disc_bridge,
                 GError     *error,
                 Bridge     *bridge)
{
  if (!disc_cli_printer_error (&bridge->printer, error))
    disc_cli_session_quit (bridge->session, "output");
}

/* Once per burst of refusals (the library counts the rest). */
static void
on_forward_refused (DiscBridge        *disc_bridge,
                    DiscBridgeRefusal  reason,
                    const char        *lan,
                    Bridge            *bridge)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (DISC_TYPE_BRIDGE_REFUSAL);
  const char *nick = g_enum_get_value (klass, reason)->value_nick;
  g_autofree char *from = lan != NULL ? g_strdup_printf ("LAN “%s”", lan)
                                      : g_strdup ("a key no bridge writes");
  g_autofree char *message = NULL;

  if (reason == DISC_BRIDGE_REFUSAL_RATE_LIMITED)
    message = g_strdup_printf ("forwarded messages from %s refused: more than 20 a second "
                               "from one LAN or 100 from all (told once a minute)", from);
  else
    message = g_strdup_printf ("values from %s refused: not a forwarded message (over 64 KiB, "
                               "not a JSON object, or data the LAN would not take; told once "
                               "a minute)", from);
  if (!disc_cli_printer_forward_refused (&bridge->printer, nick, lan,
                                         disc_bridge_get_forward_refused (disc_bridge, reason),
                                         message))
    disc_cli_session_quit (bridge->session, "output");
}

typedef struct {
  GMainLoop *loop;
  GError    *error;
  gboolean   done;
} StopWait;

static void
on_stopped (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  StopWait *wait = user_data;

  disc_bridge_stop_finish (DISC_BRIDGE (source), result, &wait->error);
  wait->done = TRUE;
  g_main_loop_quit (wait->loop);
}

static gboolean
on_stop_timeout (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Resign, unregister, and remove the LAN if last: bounded in time. */
static void
stop_bridge (Bridge *bridge)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  StopWait wait = { loop, NULL, FALSE };
  guint timeout_id;

  timeout_id = g_timeout_add (STOP_TIMEOUT_MS, on_stop_timeout, cancellable);
  disc_bridge_stop_async (bridge->bridge, cancellable, on_stopped, &wait);
  if (!wait.done)
    g_main_loop_run (loop);
  g_source_remove (timeout_id);
  if (wait.error != NULL)
    {
      disc_cli_printer_error (&bridge->printer, wait.error);
      g_error_free (wait.error);
    }
}

static gboolean
run_bridge (char   ***args,
            GError  **error)
{
  g_autoptr(DiscCliNodeOptions) node = disc_cli_node_options_new ();
  g_autoptr(DiscEtcdClient) client = NULL;
  g_autoptr(DiscBridge) disc_bridge = NULL;
  g_autoptr(DiscCliSession) session = NULL;
  g_autofree char *etcd = NULL;
  g_autofree char *cluster = NULL;
  g_autofree char *lan_option = NULL;
  g_autofree char *forward = NULL;
  g_autofree char *lan = NULL;
  g_autoptr(GError) local_error = NULL;
  DiscDiscovery *discovery;
  gboolean json = FALSE;
  g_autofree char *ttl_text = NULL;
  guint64 ttl = 5;
  gint64 for_ms;
  Bridge bridge = { 0, };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print one JSON object per line instead of text", NULL },
    { "etcd", 0, 0, G_OPTION_ARG_STRING, &etcd,
      "etcd endpoints, comma-separated: http://HOST:PORT or unix:PATH (required)", "ENDPOINTS" },
    { "cluster", 0, 0, G_OPTION_ARG_STRING, &cluster,
      "The cluster's name: keys go under /disc/NAME/ (required)", "NAME" },
    { "lan", 0, 0, G_OPTION_ARG_STRING, &lan_option,
      "This LAN's name, the same for every bridge of the LAN (default: the first "
      "IPv4 network of this host, as 10.0.0.0/24)", "NAME" },
    { "ttl", 0, 0, G_OPTION_ARG_STRING, &ttl_text,
      "Lease time to live, in seconds: the LAN leaves etcd this long after its last "
      "bridge died (2 to 3600, default 5)", "SECONDS" },
    { "forward", 0, 0, G_OPTION_ARG_STRING, &forward,
      "Carry the messages of CHANNEL to and from the cluster's other LANs", "CHANNEL" },
    G_OPTION_ENTRY_NULL
  };

  if (!disc_cli_parse (&disc_cli_bridge_command, entries, node, args, error) ||
      !disc_cli_check_no_more_args (*args, 0, NULL, error))
    return FALSE;
  if (etcd == NULL || cluster == NULL || *cluster == '\0')
    {
      g_set_error_literal (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "give --etcd ENDPOINTS and --cluster NAME");
      return FALSE;
    }
  /* etcd's shortest lease is 2 s. */
  if (ttl_text != NULL &&
      !disc_cli_parse_whole ("ttl", ttl_text, 2, 3600, "a number of seconds", &ttl, error))
    return FALSE;
  if (forward != NULL && !disc_channel_name_is_valid (forward, &local_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "--forward: %s", local_error->message);
      return FALSE;
    }
  lan = lan_option != NULL ? g_strdup (lan_option) : default_lan_name ();
  if (lan == NULL || *lan == '\0')
    {
      g_set_error_literal (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "no IPv4 network to name the LAN after: give --lan NAME");
      return FALSE;
    }
  client = disc_cli_etcd_client_new (etcd, error);
  if (client == NULL)
    return FALSE;
  discovery = disc_cli_node_options_get_discovery (node);
  for_ms = disc_cli_node_options_get_for_ms (node);
  /* A bridge watches the LAN; it never leads it. */
  g_object_set (discovery, "master-eligible", FALSE, NULL);

  session = disc_cli_session_new ();
  bridge.session = session;
  bridge.json = json;
  disc_cli_printer_init (&bridge.printer, stdout, json);

  disc_bridge = disc_bridge_new (discovery, client, cluster, lan);
  bridge.bridge = disc_bridge;
  disc_bridge_set_ttl (disc_bridge, ttl);
  disc_bridge_set_forward_channel (disc_bridge, forward);
  g_signal_connect (disc_bridge, "notify::role", G_CALLBACK (on_role), &bridge);
  g_signal_connect (disc_bridge, "error", G_CALLBACK (on_bridge_error), &bridge);
  g_signal_connect (disc_bridge, "forward-refused", G_CALLBACK (on_forward_refused), &bridge);
  /* The bridge first, so that the node's first hello says it is one. */
  if (!disc_bridge_start (disc_bridge, &local_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s", local_error->message);
      g_signal_handlers_disconnect_by_data (disc_bridge, &bridge);
      return FALSE;
    }
  if (!disc_cli_node_options_start (node, error))
    {
      stop_bridge (&bridge);
      g_signal_handlers_disconnect_by_data (disc_bridge, &bridge);
      return FALSE;
    }
  disc_cli_printer_started (&bridge.printer, disc_discovery_get_me (discovery));

  if (for_ms >= 0)
    disc_cli_session_set_deadline (session, for_ms, "timeout");
  disc_cli_session_run (session);

  stop_bridge (&bridge);
  g_signal_handlers_disconnect_by_data (disc_bridge, &bridge);
  disc_discovery_stop (discovery);
  disc_cli_printer_stopped (&bridge.printer, session->stop_reason);
  return disc_cli_printer_check (&bridge.printer, error);
}

const DiscCliCommand disc_cli_bridge_command = {
  .name = "bridge",
  .parameter_string = NULL,
  .summary = "Mirror this LAN's nodes into etcd, for the other LANs to see.",
  .description =
    "Runs a node that is never master and mirrors the LAN's membership into etcd\n"
    "under /disc/CLUSTER/LAN/: nodes/ID (each node as JSON, without lastSeen),\n"
    "masters/ID and bridges/ID. Only changes are written (joins, leaves, info and\n"
    "role changes), coalesced into transactions; a steady LAN costs keepalives\n"
    "only. Nodes still come and go by the LAN's own hellos, goodbyes and timeouts.\n"
    "\n"
    "Several bridges may run on one LAN: one leads (etcd's election), the others\n"
    "stand by and take over when it dies, without a flap of the LAN's keys. When\n"
    "the last bridge of a LAN stops, the LAN leaves etcd at once; when it dies,\n"
    "after --ttl seconds. `disc nodes --etcd` and `disc watch --etcd` read it.\n"
    "\n"
    "Example:\n"
    "  disc bridge --etcd http://127.0.0.1:2379 --cluster prod --lan office\n"
    "  etcdctl get --prefix /disc/prod/",
  .run = run_bridge,
};
