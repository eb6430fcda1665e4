/* disc-cli-watch.c: `disc watch`, a node that prints what happens
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <stdio.h>

#include "disc-cli-control.h"
#include "disc-cli-etcd.h"
#include "disc-cli-output.h"
#include "disc-cli-send-every.h"
#include "disc-cli-session.h"
#include "disc-cli-tool.h"
#include "disc-cli-receive-buffer.h"
#include "disc-cli-unreadable.h"

typedef struct {
  DiscDiscovery  *discovery;
  DiscCliSession *session;
  DiscCliPrinter  printer;
  GArray         *timer_ids;   /* of guint, one per --send-every */
  guint           unreadable_id;   /* armed by the first unreadable packet */
  gboolean        unreadable_told;
} Watch;

typedef struct {
  Watch         *watch;
  DiscCliRepeat *repeat;
} RepeatTimer;

static void
printed (Watch    *watch,
         gboolean  ok)
{
  if (!ok)
    disc_cli_session_quit (watch->session, "output");
}

/* The node events are printed alike, each named after its signal. */
static const char * const node_events[] = { "added", "removed", "master", "promotion", "demotion" };

typedef struct {
  Watch      *watch;
  const char *event;
} NodeEvent;

static void
on_node_event (DiscDiscovery *discovery,
               DiscNode      *node,
               NodeEvent     *event)
{
  printed (event->watch, disc_cli_printer_node_event (&event->watch->printer, event->event, node));
}

static void
on_message (DiscDiscovery *discovery,
            const char    *channel,
            JsonNode      *data,
            DiscNode      *sender,
            Watch         *watch)
{
  printed (watch, disc_cli_printer_message (&watch->printer, channel, data, sender));
}

static void
on_error (DiscDiscovery *discovery,
          GError        *error,
          Watch         *watch)
{
  printed (watch, disc_cli_printer_error (&watch->printer, error));
}

/* Without --report-data-errors drops are only counted: say once that
 * packets were heard and could not be read, as a wrong key would
 * otherwise look like an empty network. */
static void
tell_unreadable (Watch *watch)
{
  DiscCliUnreadable unreadable;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_handle_id (&watch->unreadable_id, g_source_remove);
  if (watch->unreadable_told || !disc_cli_unreadable_get (watch->discovery, &unreadable))
    return;
  watch->unreadable_told = TRUE;
  message = disc_cli_unreadable_message (watch->discovery, &unreadable);
  error = g_error_new_literal (DISC_ERROR, DISC_ERROR_BAD_PACKET, message);
  printed (watch, disc_cli_printer_error (&watch->printer, error));
}

static gboolean
on_unreadable_timeout (gpointer user_data)
{
  Watch *watch = user_data;

  watch->unreadable_id = 0;
  tell_unreadable (watch);
  return G_SOURCE_REMOVE;
}

static void
on_drop_started (DiscDiscovery  *discovery,
                 DiscDropReason  reason,
                 const char     *address,
                 Watch          *watch)
{
  gboolean ignored;

  g_object_get (discovery, "ignore-data-errors", &ignored, NULL);
  /* A node going deaf is said at once, at most once a minute (as
   * ::drop-started comes); with --report-data-errors, as an error line
   * already. */
  if (reason == DISC_DROP_RECEIVE_BUFFER && ignored)
    {
      g_autofree char *message = disc_cli_receive_buffer_message (
        disc_discovery_get_drop_count (discovery, DISC_DROP_RECEIVE_BUFFER));
      g_autoptr(GError) error = g_error_new_literal (DISC_ERROR, DISC_ERROR_BAD_PACKET, message);

      printed (watch, disc_cli_printer_error (&watch->printer, error));
      return;
    }
  if (reason != DISC_DROP_DECRYPT && reason != DISC_DROP_AUTHENTICATION && reason != DISC_DROP_JSON)
    return;
  /* With --report-data-errors each drop is an error line already. A
   * second of counting first, for "12 packets from 3 addresses". */
  if (ignored && !watch->unreadable_told && watch->unreadable_id == 0)
    watch->unreadable_id = g_timeout_add_seconds (1, on_unreadable_timeout, watch);
}

static void
on_control_request (DiscDiscovery     *discovery,
                    const char        *sender_id,
                    const char        *sender_address,
                    DiscControlAction  action,
                    gboolean           accepted,
                    Watch             *watch)
{
  printed (watch, disc_cli_printer_control (&watch->printer, sender_id, sender_address,
                                            action, accepted));
}

static gboolean
send_repeat (Watch          *watch,
             DiscCliRepeat  *repeat,
             GError        **error)
{
  return disc_discovery_send (watch->discovery, repeat->channel, repeat->data, error);
}

static gboolean
on_repeat_timeout (gpointer user_data)
{
  RepeatTimer *timer = user_data;
  g_autoptr(GError) error = NULL;

  if (!send_repeat (timer->watch, timer->repeat, &error))
    printed (timer->watch, disc_cli_printer_error (&timer->watch->printer, error));
  return G_SOURCE_CONTINUE;
}

/* The first message of each --send-every goes at once, so that one the
 * protocol cannot carry is a usage error rather than a stream of errors. */
static gboolean
start_repeats (Watch      *watch,
               GPtrArray  *repeats,
               GError    **error)
{
  for (guint i = 0; i < repeats->len; i++)
    {
      DiscCliRepeat *repeat = repeats->pdata[i];
      g_autoptr(GError) local_error = NULL;
      RepeatTimer *timer;
      guint id;

      if (!send_repeat (watch, repeat, &local_error))
        {
          if (g_error_matches (local_error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE) ||
              g_error_matches (local_error, DISC_ERROR, DISC_ERROR_INVALID_DATA))
            {
              g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "--send-every: cannot send on “%s”: %s", repeat->channel,
                           local_error->message);
              return FALSE;
            }
          printed (watch, disc_cli_printer_error (&watch->printer, local_error));
        }

      timer = g_new0 (RepeatTimer, 1);
      timer->watch = watch;
      timer->repeat = repeat;
      id = g_timeout_add_full (G_PRIORITY_DEFAULT, repeat->interval_ms, on_repeat_timeout,
                               timer, g_free);
      g_array_append_val (watch->timer_ids, id);
    }
  return TRUE;
}

static void
stop_repeats (Watch *watch)
{
  for (guint i = 0; i < watch->timer_ids->len; i++)
    g_source_remove (g_array_index (watch->timer_ids, guint, i));
  g_array_set_size (watch->timer_ids, 0);
}

/* Runs the node until a signal, --for, a quit command or a closed output. */
static gboolean
watch (DiscCliNodeOptions  *node,
       gboolean             json,
       gboolean             commands,
       GPtrArray           *repeats,
       GError             **error)
{
  DiscDiscovery *discovery = disc_cli_node_options_get_discovery (node);
  gint64 for_ms = disc_cli_node_options_get_for_ms (node);
  g_autoptr(DiscCliSession) session = disc_cli_session_new ();
  g_autoptr(GArray) timer_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(DiscCliControl) control = NULL;
  Watch watch = { 0, };
  NodeEvent events[G_N_ELEMENTS (node_events)];
  GSignalGroup *signals;
  gboolean ok;

  watch.discovery = discovery;
  watch.session = session;
  watch.timer_ids = timer_ids;
  disc_cli_printer_init (&watch.printer, stdout, json);

  /* Every handler goes with the group, before the goodbye. */
  signals = g_signal_group_new (DISC_TYPE_DISCOVERY);
  for (guint i = 0; i < G_N_ELEMENTS (node_events); i++)
    {
      events[i] = (NodeEvent) { &watch, node_events[i] };
      g_signal_group_connect (signals, node_events[i], G_CALLBACK (on_node_event), &events[i]);
    }
  g_signal_group_connect (signals, "message", G_CALLBACK (on_message), &watch);
  g_signal_group_connect (signals, "error", G_CALLBACK (on_error), &watch);
  g_signal_group_connect (signals, "drop-started", G_CALLBACK (on_drop_started), &watch);
  g_signal_group_connect (signals, "control-request", G_CALLBACK (on_control_request), &watch);
  g_signal_group_set_target (signals, discovery);

  if (!disc_cli_node_options_start (node, error))
    {
      g_object_unref (signals);
      return FALSE;
    }
  /* The library checks a message only when sending it (its size depends
   * on the key and dialect): a --send-every it refuses ends the run before
   * it is told as started. */
  ok = start_repeats (&watch, repeats, error);
  if (ok)
    {
      printed (&watch, disc_cli_printer_started (&watch.printer, disc_discovery_get_me (discovery)));
      if (for_ms >= 0)
        disc_cli_session_set_deadline (session, for_ms, "timeout");
      if (commands)
        control = disc_cli_control_new (discovery, session, &watch.printer, 0);
      disc_cli_session_run (session);
      if (watch.unreadable_id != 0)
        tell_unreadable (&watch);
    }
  g_clear_handle_id (&watch.unreadable_id, g_source_remove);

  /* The goodbye; the node table is emptied without a line per node. */
  g_clear_pointer (&control, disc_cli_control_free);
  stop_repeats (&watch);
  g_object_unref (signals);
  disc_discovery_stop (discovery);
  if (!ok)
    return FALSE;

  disc_cli_printer_stopped (&watch.printer, session->stop_reason);
  return disc_cli_printer_check (&watch.printer, error);
}

static gboolean
run_watch (char   ***args,
           GError  **error)
{
  g_autoptr(DiscCliNodeOptions) node = disc_cli_node_options_new ();
  g_autoptr(GPtrArray) repeats = NULL;
  gboolean json = FALSE;
  gboolean commands = FALSE;
#if DISC_HAS_ETCD
  g_autofree char *etcd = NULL;
  g_autofree char *cluster = NULL;
#endif
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      "Print one JSON object per line instead of text", NULL },
    DISC_CLI_SEND_EVERY_ENTRY,
    { "commands", 0, 0, G_OPTION_ARG_NONE, &commands,
      "Read commands from standard input, one per line: promote, demote [--permanent], "
      "hello, advertise JSON, join CHANNEL, leave CHANNEL, send CHANNEL JSON, quit", NULL },
#if DISC_HAS_ETCD
    DISC_CLI_ETCD_ENTRIES (etcd, cluster),
#endif
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry *tables[] = { entries, disc_cli_node_options_get_entries (node), NULL };

  repeats = disc_cli_send_every_extract (args, tables, error);
  if (repeats == NULL ||
      !disc_cli_parse (&disc_cli_watch_command, entries, node, args, error) ||
      !disc_cli_check_no_more_args (*args, 0, NULL, error))
    return FALSE;
#if DISC_HAS_ETCD
  if (DISC_CLI_ETCD_WANTED (etcd, cluster))
    return disc_cli_etcd_run_watch (etcd, cluster, json, disc_cli_node_options_get_for_ms (node),
                                    error);
#endif
  return watch (node, json, commands, repeats, error);
}

const DiscCliCommand disc_cli_watch_command = {
  .name = "watch",
  .summary = "Run a node and print one line per event until interrupted.",
  .description =
    "Events: started (this node, once running), added, removed, master (a node\n"
    "became master), promotion and demotion (this node), message (on channels\n"
    "given with --join), error, and stopped (when it ends). Text lines show the\n"
    "time, the event, and the node's host, address, short id and role. With\n"
    "--json each line is one object: {\"event\", \"time\" (milliseconds since the\n"
    "epoch), \"node\": {id, hostName, address, port, isMaster, isMasterEligible,\n"
    "weight, info, lastSeen}}; a message also has \"channel\" and \"data\", and\n"
    "\"node\" is null when the sender is unknown; an error has \"message\".\n"
    "\n"
    "With --allow-remote-control (and --algorithm aes-256-gcm with a key) other\n"
    "nodes may promote and demote this one (disc promote, disc demote, disc\n"
    "make-eligible). Each request is printed before it is applied: a control\n"
    "event naming the action, the sender's id and address, and whether it was\n"
    "accepted ({\"event\": \"control\", \"action\", \"sender\", \"address\",\n"
    "\"accepted\"}); the node's JSON then has \"acceptsControl\": true.\n"
    "\n"
    "--send-every takes three separate arguments and can be repeated:\n"
    "  disc watch --send-every 1000 chat '{\"hi\": 1}'\n"
    "\n"
    "With --commands, lines on standard input drive the node (promote, demote\n"
    "--permanent, send chat {\"hi\": 1}, quit, ...); a command that fails is\n"
    "reported on standard error, and the end of the input ends only the commands.\n"
    "\n"
    "On SIGINT, SIGTERM or SIGHUP (or after --for) it says goodbye to its\n"
    "peers and exits 0. The key may also be given in $DISC_KEY; --key and\n"
    "--key-file win.\n"
    "Packets heard that could not be read (a wrong key or algorithm, or none in\n"
    "an encrypted cluster) are told once, as an error line with their count and\n"
    "the number of addresses; --report-data-errors tells each one instead.\n"
    "Packets the kernel dropped because the receive buffer was full are told\n"
    "as an error line when they start (at most once a minute).\n"
    "\n"
    "With --etcd ENDPOINTS --cluster NAME it runs no node: it follows every LAN\n"
    "of the cluster in etcd, as disc bridge mirrors them. Events: added, updated,\n"
    "removed (with \"lan\", \"id\" and \"node\"), master, master-gone,\n"
    "bridge-added and bridge-removed (with \"lan\" and \"id\").\n"
    "\n"
    "Exit status: 0 on success, 1 on a failure at run time (such as a port in\n"
    "use), 2 on bad usage.\n"
    "\n"
    "Examples:\n"
    "  disc watch --join chat\n"
    "  disc watch --json --broadcast 127.255.255.255 --port 20000 --for 10",
  .run = run_watch,
};
