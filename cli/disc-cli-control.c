/* disc-cli-control.c: `disc watch --commands`, a node driven by lines on
 * standard input
 *
 * One command per line:
 *
 *   promote                  disc_discovery_promote()
 *   demote [--permanent]     disc_discovery_demote()
 *   hello                    disc_discovery_hello()
 *   advertise JSON           disc_discovery_advertise()
 *   join CHANNEL             disc_discovery_join()
 *   leave CHANNEL            disc_discovery_leave()
 *   send CHANNEL JSON        disc_discovery_send()
 *   add-key KEY              disc_discovery_add_key()     (aes-256-gcm keyring)
 *   use-key KEY              disc_discovery_use_key()
 *   remove-key KEY           disc_discovery_remove_key()
 *   list-keys                prints a "keys" event: the key ids, sending key first
 *   quit                     stop as on SIGTERM
 *
 * Keys are given here rather than as arguments so that rotating them does
 * not put a passphrase on a command line (where ps shows it). A KEY is the
 * rest of the line without its surrounding white space.
 *
 * Blank lines and lines starting with # are skipped. A command that fails
 * is reported on standard error and the node goes on; the end of the
 * input only ends the commands, not the node.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>

#include "disc-cli-control.h"
#include "disc-cli-json.h"

#define MAX_LINE_BYTES (1024 * 1024)

struct _DiscCliControl {
  DiscDiscovery  *discovery;
  DiscCliSession *session;
  DiscCliPrinter *printer;
  guint           source_id;
  GString        *pending;
  gboolean        discarding;   /* inside a line that was too long */
};

static void
report (const char *line,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
report (const char *line,
        const char *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: --commands: “%s”: %s\n", g_get_prgname (), line, message);
}

/* Splits "WORD REST" at the first run of spaces; @rest may be empty. */
static char *
next_word (const char  *text,
           const char **rest)
{
  gsize len = strcspn (text, " \t");
  const char *after = text + len;

  while (*after == ' ' || *after == '\t')
    after++;
  *rest = after;
  return g_strndup (text, len);
}

/* The usage of @command, or NULL when it is not a command: a command
 * given the wrong arguments is told its usage, not that it is unknown. */
static const char *
command_usage (const char *command)
{
  static const char * const usages[] = {
    "promote", "promote",
    "demote", "demote [--permanent]",
    "hello", "hello",
    "advertise", "advertise JSON",
    "join", "join CHANNEL",
    "leave", "leave CHANNEL",
    "send", "send CHANNEL JSON",
    "add-key", "add-key KEY",
    "use-key", "use-key KEY",
    "remove-key", "remove-key KEY",
    "list-keys", "list-keys",
    "quit", "quit",
  };

  for (guint i = 0; i < G_N_ELEMENTS (usages); i += 2)
    if (strcmp (command, usages[i]) == 0)
      return usages[i + 1];
  return NULL;
}

static void
run_line (DiscCliControl *self,
          const char     *line)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  const char *rest;

  if (*line == '\0' || *line == '#')
    return;
  command = next_word (line, &rest);

  if (strcmp (command, "promote") == 0 && *rest == '\0')
    disc_discovery_promote (self->discovery);
  else if (strcmp (command, "demote") == 0 && (*rest == '\0' || strcmp (rest, "--permanent") == 0))
    disc_discovery_demote (self->discovery, *rest != '\0');
  else if (strcmp (command, "hello") == 0 && *rest == '\0')
    disc_discovery_hello (self->discovery);
  else if (strcmp (command, "quit") == 0 && *rest == '\0')
    disc_cli_session_quit (self->session, "command");
  else if (strcmp (command, "list-keys") == 0 && *rest == '\0')
    {
      g_auto(GStrv) ids = disc_discovery_list_keys (self->discovery);

      if (!disc_cli_printer_keys (self->printer, (const char * const *) ids))
        disc_cli_session_quit (self->session, "output");
    }
  else if ((strcmp (command, "add-key") == 0 || strcmp (command, "use-key") == 0 ||
            strcmp (command, "remove-key") == 0) && *rest != '\0')
    {
      gboolean ok;

      if (command[0] == 'a')
        ok = disc_discovery_add_key (self->discovery, rest, &error);
      else if (command[0] == 'u')
        ok = disc_discovery_use_key (self->discovery, rest, &error);
      else
        ok = disc_discovery_remove_key (self->discovery, rest, &error);
      /* Not the line: it holds the passphrase. */
      if (!ok)
        g_printerr ("%s: --commands: %s: %s\n", g_get_prgname (), command, error->message);
    }
  else if (strcmp (command, "advertise") == 0 && *rest != '\0')
    {
      g_autoptr(JsonNode) info = disc_cli_parse_json (rest, "the JSON", &error);

      if (info == NULL || !disc_discovery_advertise (self->discovery, info, &error))
        report (line, "%s", error->message);
    }
  else if ((strcmp (command, "join") == 0 || strcmp (command, "leave") == 0) && *rest != '\0')
    {
      if (!disc_channel_name_is_valid (rest, &error))
        report (line, "%s", error->message);
      else if (command[0] == 'j')
        disc_discovery_join (self->discovery, rest);
      else
        disc_discovery_leave (self->discovery, rest);
    }
  else if (strcmp (command, "send") == 0 && *rest != '\0')
    {
      const char *json;
      g_autofree char *channel = next_word (rest, &json);
      g_autoptr(JsonNode) data = NULL;

      if (*json == '\0')
        {
          report (line, "give a channel and a JSON value: send CHANNEL JSON");
          return;
        }
      data = disc_cli_parse_json (json, "the JSON", &error);
      if (data == NULL || !disc_discovery_send (self->discovery, channel, data, &error))
        report (line, "%s", error->message);
    }
  else if (command_usage (command) != NULL)
    {
      /* Not the line for the key commands: it may hold a passphrase. */
      if (g_str_has_suffix (command_usage (command), " KEY"))
        g_printerr ("%s: --commands: %s: give one key: %s\n", g_get_prgname (), command,
                    command_usage (command));
      else
        report (line, "wrong arguments; use: %s", command_usage (command));
    }
  else
    report (line, "not a command; the commands are promote, demote [--permanent], hello, "
            "advertise JSON, join CHANNEL, leave CHANNEL, send CHANNEL JSON, add-key KEY, "
            "use-key KEY, remove-key KEY, list-keys and quit");
}

static void
run_pending_lines (DiscCliControl *self,
                   gboolean        at_end)
{
  char *newline;

  while ((newline = memchr (self->pending->str, '\n', self->pending->len)) != NULL ||
         (at_end && self->pending->len > 0))
    {
      gsize len = newline != NULL ? (gsize) (newline - self->pending->str) : self->pending->len;
      g_autofree char *line = g_strndup (self->pending->str, len);

      g_string_erase (self->pending, 0, newline != NULL ? len + 1 : len);
      if (self->discarding)
        {
          self->discarding = FALSE;
          continue;
        }
      if (!g_utf8_validate (line, -1, NULL))
        {
          g_printerr ("%s: --commands: a line is not UTF-8 text; skipped\n", g_get_prgname ());
          continue;
        }
      run_line (self, g_strstrip (line));
    }
  if (self->pending->len > MAX_LINE_BYTES)
    {
      g_printerr ("%s: --commands: a line is over %d bytes; skipped\n", g_get_prgname (),
                  MAX_LINE_BYTES);
      g_string_truncate (self->pending, 0);
      self->discarding = TRUE;
    }
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  DiscCliControl *self = user_data;
  char buffer[4096];
  gssize n;

  n = read (fd, buffer, sizeof buffer);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      run_pending_lines (self, TRUE);
      self->source_id = 0;
      return G_SOURCE_REMOVE;
    }
  g_string_append_len (self->pending, buffer, n);
  run_pending_lines (self, FALSE);
  return G_SOURCE_CONTINUE;
}

/* Reads commands from @fd on the default main context, for @discovery,
 * until the end of the input or until freed. */
DiscCliControl *
disc_cli_control_new (DiscDiscovery  *discovery,
                      DiscCliSession *session,
                      DiscCliPrinter *printer,
                      int             fd)
{
  DiscCliControl *self = g_new0 (DiscCliControl, 1);

  self->discovery = discovery;
  self->session = session;
  self->printer = printer;
  self->pending = g_string_new (NULL);
  self->source_id = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  return self;
}

void
disc_cli_control_free (DiscCliControl *self)
{
  if (self == NULL)
    return;
  g_clear_handle_id (&self->source_id, g_source_remove);
  g_string_free (self->pending, TRUE);
  g_free (self);
}
