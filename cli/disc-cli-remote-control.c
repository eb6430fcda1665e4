/* disc-cli-remote-control.c: what disc promote, demote and make-eligible
 * share: find NODE, send the request, wait for the answer
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <stdio.h>
#include <string.h>

#include "disc-cli-node-match.h"
#include "disc-cli-remote-control.h"
#include "disc-cli-session.h"

typedef struct {
  DiscCliSession *session;
  const char     *node;        /* the NODE argument */
  gboolean        done;
  gboolean        accepted;
  GError         *error;
} Request;

static void
on_error (DiscDiscovery *discovery,
          GError        *error,
          gpointer       user_data)
{
  if (!g_error_matches (error, DISC_ERROR, DISC_ERROR_BAD_PACKET))
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);
}

/* A full id needs no more listening: no other node can match it. */
static void
on_added (DiscDiscovery *discovery,
          DiscNode      *node,
          Request       *request)
{
  if (g_strcmp0 (disc_node_get_id (node), request->node) == 0)
    disc_cli_session_quit (request->session, "found");
}

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *request = user_data;

  request->accepted = disc_discovery_control_finish (DISC_DISCOVERY (source), result,
                                                     &request->error);
  request->done = TRUE;
  disc_cli_session_quit (request->session, "answered");
}

/* The two forms of a whole node id: 32 hex digits (node-discovery and
 * libdisc) or a UUID (node-discover). */
static gboolean
looks_like_full_id (const char *text)
{
  return (strlen (text) == 32 && strspn (text, "0123456789abcdef") == 32) ||
         g_uuid_string_is_valid (text);
}

/* The target's id, and a name for messages; NULL with @error if NODE
 * names no node or several. */
static char *
find_node (DiscDiscovery  *discovery,
           const char     *text,
           gint64          waited_ms,
           char          **name,
           GError        **error)
{
  g_autoptr(GString) candidates = g_string_new (NULL);
  g_autoptr(DiscNode) node = NULL;

  switch (disc_cli_match_node (disc_discovery_get_nodes (discovery), text, &node, candidates))
    {
    case DISC_CLI_MATCH_ID:
    case DISC_CLI_MATCH_PREFIX:
    case DISC_CLI_MATCH_HOST_NAME:
      *name = g_strdup_printf ("%s (%s)", disc_node_get_host_name (node), disc_node_get_id (node));
      return g_strdup (disc_node_get_id (node));
    case DISC_CLI_MATCH_AMBIGUOUS:
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "“%s” names several nodes: %s; give more of the id", text, candidates->str);
      return NULL;
    case DISC_CLI_MATCH_NONE:
    default:
      /* A whole id needs no hello: the node may listen only, or its
       * hellos may not reach us. It answers, or the request times out. */
      if (looks_like_full_id (text))
        {
          *name = g_strdup (text);
          return g_strdup (text);
        }
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                   "no node “%s” (by id, id prefix or host name) was heard within %" G_GINT64_FORMAT
                   " ms; check --port and the key, or give a longer --wait", text, waited_ms);
      return NULL;
    }
}

static gboolean
send_request (DiscCliNodeOptions  *options,
              char               **args,
              gint64               wait_ms,
              DiscControlAction    action,
              GError             **error)
{
  DiscDiscovery *discovery = disc_cli_node_options_get_discovery (options);
  g_autoptr(DiscCliSession) session = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *target = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GEnumClass) klass = NULL;
  Request request = { 0 };
  const char *verb;

  session = disc_cli_session_new ();
  request.session = session;
  request.node = args[1];
  g_signal_connect (discovery, "error", G_CALLBACK (on_error), NULL);
  g_signal_connect (discovery, "added", G_CALLBACK (on_added), &request);
  if (!disc_cli_node_options_start (options, error))
    return FALSE;
  disc_cli_session_set_deadline (session, wait_ms, "waited");
  disc_cli_session_run (session);
  g_signal_handlers_disconnect_by_func (discovery, on_added, &request);
  if (g_strcmp0 (session->stop_reason, "SIGINT") == 0 ||
      g_strcmp0 (session->stop_reason, "SIGTERM") == 0 ||
      g_strcmp0 (session->stop_reason, "SIGHUP") == 0)
    {
      disc_discovery_stop (discovery);
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "interrupted (%s)",
                   session->stop_reason);
      return FALSE;
    }

  target = find_node (discovery, args[1], wait_ms, &name, error);
  if (target == NULL)
    {
      disc_discovery_stop (discovery);
      return FALSE;
    }

  /* A new loop for the answer: its own deadline is the protocol's. */
  g_clear_pointer (&session, disc_cli_session_free);
  session = disc_cli_session_new ();
  request.session = session;
  cancellable = g_cancellable_new ();
  disc_discovery_control_async (discovery, target, action, cancellable,
                                on_answer, &request);
  disc_cli_session_run (session);
  if (!request.done)
    {
      /* Interrupted: cancel, and let the request complete. */
      g_cancellable_cancel (cancellable);
      while (!request.done)
        g_main_context_iteration (NULL, TRUE);
    }
  disc_discovery_stop (discovery);

  klass = g_type_class_ref (DISC_TYPE_CONTROL_ACTION);
  verb = g_enum_get_value (klass, action)->value_nick;
  if (!request.accepted)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s %s: %s", verb, name,
                   request.error->message);
      g_clear_error (&request.error);
      return FALSE;
    }
  printf ("%s %s: accepted\n", verb, name);
  return TRUE;
}

/* A request waits for its answer (--wait), and shows no channel. */
const char * const disc_cli_control_unused_flags[] = {
  "join", "for", "allow-remote-control", NULL
};

gboolean
disc_cli_run_control (const DiscCliCommand  *command,
                      DiscControlAction      action,
                      DiscControlAction      permanent_action,
                      char                ***args,
                      GError               **error)
{
  g_autoptr(DiscCliNodeOptions) options = disc_cli_node_options_new ();
  g_autofree char *wait = NULL;
  gboolean announce = FALSE;
  gboolean permanent = FALSE;
  gint64 wait_ms = 0;
  GOptionEntry entries[] = {
    { "wait", 0, 0, G_OPTION_ARG_STRING, &wait,
      "Listen for MS milliseconds for NODE (default: two hello intervals)", "MS" },
    { "announce", 0, 0, G_OPTION_ARG_NONE, &announce,
      "Send hellos while listening, so that the others see this node too "
      "(by default it only listens)", NULL },
    { "permanent", 0, 0, G_OPTION_ARG_NONE, &permanent,
      "Never become master again, until disc make-eligible", NULL },
    G_OPTION_ENTRY_NULL
  };

  /* --permanent only where it means something. */
  if (permanent_action == action)
    entries[2] = (GOptionEntry) G_OPTION_ENTRY_NULL;
  if (!disc_cli_parse (command, entries, options, args, error))
    return FALSE;
  if ((*args)[1] == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "give the NODE: a full id, a unique id prefix or a unique host name");
      return FALSE;
    }
  /* "" is a prefix of every id: it would never name one node. */
  if (*(*args)[1] == '\0')
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "NODE is empty; give a full id, a unique id prefix or a unique host name");
      return FALSE;
    }
  if (!disc_cli_check_no_more_args (*args, 1, NULL, error) ||
      !disc_cli_node_options_get_wait_ms (options, wait, &wait_ms, error))
    return FALSE;
  if (!disc_cli_node_options_check_announce (options, announce, error))
    return FALSE;
  /* Only a sender, unless told otherwise: never seen, never master. */
  if (!announce)
    g_object_set (disc_cli_node_options_get_discovery (options), "listen-only", TRUE, NULL);
  return send_request (options, *args, wait_ms,
                       permanent ? permanent_action : action, error);
}
