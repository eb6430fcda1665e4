/* disc-cli-send.c: `disc send CHANNEL JSON`, one message and out
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-json.h"
#include "disc-cli-tool.h"

/* Far above what the protocol carries (64 KiB), so that the library says
 * why the message is too large; this only bounds what is read. */
#define MAX_STDIN_BYTES (1024 * 1024)

static char *
read_stdin (GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[4096];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    {
      g_string_append_len (text, buffer, n);
      if (text->len > MAX_STDIN_BYTES)
        {
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "the JSON read from standard input is over %d bytes; "
                       "a message can be at most 64 KiB", MAX_STDIN_BYTES);
          return NULL;
        }
    }
  if (ferror (stdin))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED,
                   "cannot read standard input: %s", g_strerror (errno));
      return NULL;
    }
  if (memchr (text->str, '\0', text->len) != NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "the JSON read from standard input holds a NUL byte");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Sending failures after the checks (no route, for example) are not
 * returned by disc_discovery_send(): they come through ::error. */
static void
on_error (DiscDiscovery *discovery,
          GError        *error,
          gpointer       user_data)
{
  GError **first = user_data;

  if (*first == NULL && !g_error_matches (error, DISC_ERROR, DISC_ERROR_BAD_PACKET))
    *first = g_error_copy (error);
}

/* CHANNEL and JSON, the positional arguments. */
static JsonNode *
check_message (char        **args,
               GError      **error)
{
  g_autoptr(GError) channel_error = NULL;
  const char *channel = args[1];
  const char *json;

  if (channel == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "give a CHANNEL and a JSON message (or - to read it from standard input), "
                   "for example: disc send chat '{\"hi\": 1}'");
      return NULL;
    }
  json = args[2];
  if (json == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "give the JSON message after the channel (or - to read it from standard "
                   "input), for example: disc send %s '{\"hi\": 1}'", channel);
      return NULL;
    }
  if (!disc_cli_check_no_more_args (args, 2, "a JSON value that starts with - goes after --",
                                    error))
    return NULL;
  if (!disc_channel_name_is_valid (channel, &channel_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "cannot send on “%s” (the CHANNEL argument): %s", channel, channel_error->message);
      return NULL;
    }
  if (strcmp (json, "-") == 0)
    {
      g_autofree char *text = read_stdin (error);

      if (text == NULL)
        return NULL;
      return disc_cli_parse_json (text, "the JSON read from standard input", error);
    }
  return disc_cli_parse_json (json, "the JSON argument (the second argument of send)", error);
}

static gboolean
send_once (DiscCliNodeOptions  *node,
           const char          *channel,
           JsonNode            *data,
           GError             **error)
{
  DiscDiscovery *discovery = disc_cli_node_options_get_discovery (node);
  g_autoptr(GError) send_error = NULL;
  g_autoptr(GError) signalled_error = NULL;

  /* A sender is only a sender: no hellos, no goodbye, never master. */
  g_object_set (discovery, "listen-only", TRUE, NULL);
  g_signal_connect (discovery, "error", G_CALLBACK (on_error), &signalled_error);
  if (!disc_cli_node_options_start (node, error))
    {
      g_signal_handlers_disconnect_by_func (discovery, on_error, &signalled_error);
      return FALSE;
    }

  if (!disc_discovery_send (discovery, channel, data, &send_error))
    {
      disc_discovery_stop (discovery);
      g_set_error (error, DISC_CLI_ERROR,
                   /* a message no peer would take is the command line's fault */
                   g_error_matches (send_error, DISC_ERROR, DISC_ERROR_MESSAGE_TOO_LARGE) ||
                   g_error_matches (send_error, DISC_ERROR, DISC_ERROR_INVALID_DATA)
                   ? DISC_CLI_ERROR_USAGE : DISC_CLI_ERROR_FAILED,
                   "cannot send on “%s”: %s", channel, send_error->message);
      return FALSE;
    }
  disc_discovery_stop (discovery);
  g_signal_handlers_disconnect_by_func (discovery, on_error, &signalled_error);
  if (signalled_error != NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_FAILED, "%s", signalled_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_send (char   ***args,
          GError  **error)
{
  g_autoptr(DiscCliNodeOptions) node = disc_cli_node_options_new ();
  g_autoptr(JsonNode) data = NULL;
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };

  if (!disc_cli_parse (&disc_cli_send_command, entries, node, args, error))
    return FALSE;
  data = check_message (*args, error);
  if (data == NULL)
    return FALSE;
  return send_once (node, (*args)[1], data, error);
}

/* A sender is never seen (listen-only: no hellos, no election), keeps no
 * node table, delivers no message and leaves as soon as it sent; a
 * message carries only its host name of the node's own settings. */
static const char * const send_unused_flags[] = {
  "advertise", "join", "for", "not-eligible", "allow-remote-control", "listen-only",
  "max-nodes", "new-node-rate", "hello-interval", "check-interval", "node-timeout",
  "master-timeout", "masters-required", "weight", "ignore", "report-data-errors", NULL
};

const DiscCliCommand disc_cli_send_command = {
  .name = "send",
  .parameter_string = "CHANNEL JSON",
  .summary = "Send one JSON message on a channel, then exit.",
  .description =
    "Sends JSON (any JSON value; - reads it from standard input) once to every\n"
    "node that joined CHANNEL, and exits. It does not wait for discovery: it\n"
    "binds the port listen-only (sending no hello and no goodbye), sends and\n"
    "stops. Receivers see a sender they do not know (node null in disc watch\n"
    "--json). A JSON value that starts with - goes after --:\n"
    "  disc send chat -- -1\n"
    "The value must be truthy in JavaScript (not null, false, 0 or \"\"), and\n"
    "no string in it may hold U+0000 (\\u0000), which libdisc cannot carry.\n"
    "\n"
    "The key may also be given in $DISC_KEY; --key and --key-file win.\n"
    "\n"
    "Exit status: 0 when sent, 1 on a failure at run time, 2 on bad usage\n"
    "(including JSON that does not parse: the message gives the line and the\n"
    "column).\n"
    "\n"
    "Examples:\n"
    "  disc send chat '{\"text\": \"hello\"}'\n"
    "  echo '[1, 2, 3]' | disc send numbers -",
  .run = run_send,
  .unused_flags = send_unused_flags,
};
