/* disc-cli-tool.c: what every command of `disc` shares: its option
 * context, and the checks of its positional arguments
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <string.h>

#include "disc-cli-tool.h"

G_DEFINE_QUARK (disc-cli-error-quark, disc_cli_error)

/* GOption leaves the "--" that ended the options when an argument after
 * it starts with "-" (disc send chat -- -1); it is no argument. */
static void
drop_end_of_options (char **args)
{
  for (guint i = 1; args[i] != NULL; i++)
    if (strcmp (args[i], "--") == 0)
      {
        g_free (args[i]);
        memmove (&args[i], &args[i + 1], (g_strv_length (args + i + 1) + 1) * sizeof (char *));
        return;
      }
}

/**
 * disc_cli_find_entry:
 * @tables: (array zero-terminated=1): option tables, each ending with
 *   G_OPTION_ENTRY_NULL
 * @arg: a command-line argument
 *
 * Returns: (nullable): the entry named by the long option @arg ("--NAME"
 *   or "--NAME=VALUE") in the first table that has it, or %NULL
 */
const GOptionEntry *
disc_cli_find_entry (const GOptionEntry * const *tables,
                     const char                 *arg)
{
  gsize len;

  if (!g_str_has_prefix (arg, "--"))
    return NULL;
  arg += 2;
  len = strcspn (arg, "=");
  for (guint i = 0; tables[i] != NULL; i++)
    for (const GOptionEntry *entry = tables[i]; entry->long_name != NULL; entry++)
      if (strlen (entry->long_name) == len && strncmp (entry->long_name, arg, len) == 0)
        return entry;
  return NULL;
}

/* GOption converts the value of every string option to UTF-8 and, when
 * it cannot, fails with GConvert's "Invalid byte sequence in conversion
 * input", which names neither the flag nor the value. Name the flag
 * first (and show the value, unless it is a passphrase). File names are
 * not text, and positional arguments are the command's to check. */
static gboolean
check_utf8 (char               **args,
            const GOptionEntry  *command_entries,
            const GOptionEntry  *node_entries,
            GError             **error)
{
  const GOptionEntry *tables[] = { command_entries, node_entries, NULL };

  for (guint i = 1; args[i] != NULL && strcmp (args[i], "--") != 0; i++)
    {
      const GOptionEntry *entry = disc_cli_find_entry (tables, args[i]);
      const char *value;
      g_autofree char *shown = NULL;

      if (entry == NULL || entry->arg == G_OPTION_ARG_NONE)
        continue;
      if (strchr (args[i], '=') != NULL)
        value = strchr (args[i], '=') + 1;
      else if (args[i + 1] != NULL)
        value = args[++i];
      else
        break;
      if ((entry->arg != G_OPTION_ARG_STRING && entry->arg != G_OPTION_ARG_STRING_ARRAY) ||
          g_utf8_validate (value, -1, NULL))
        continue;
      if (strcmp (entry->long_name, "key") == 0)
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "--key: the passphrase is not UTF-8 text; give it in UTF-8, or "
                     "put it in a file for --key-file");
      else
        {
          shown = g_utf8_make_valid (value, -1);
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "--%s: “%s” is not UTF-8 text; give text in UTF-8",
                       entry->long_name, shown);
        }
      return FALSE;
    }
  return TRUE;
}

/**
 * disc_cli_parse:
 * @command: the command being run
 * @entries: (array zero-terminated=1): the command's own options
 * @node: the node's options, checked and applied while parsing
 * @args: (inout): the arguments, the first being the program name; on
 *   return the positional arguments that are left
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Parses the options of @command: its own @entries and those of @node.
 * Handles --help itself (and exits). A flag of @command's unused_flags
 * is a usage error (disc_cli_node_options_set_unused()).
 */
gboolean
disc_cli_parse (const DiscCliCommand  *command,
                const GOptionEntry    *entries,
                DiscCliNodeOptions    *node,
                char                ***args,
                GError               **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (command->parameter_string);
  g_autoptr(GError) local_error = NULL;

  disc_cli_node_options_set_unused (node, command->name, command->unused_flags);
  g_option_context_set_main_group (context, disc_cli_node_options_create_group (node, entries));
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, command->description);

  if (!check_utf8 (*args, entries, disc_cli_node_options_get_entries (node), error))
    return FALSE;
  if (!g_option_context_parse_strv (context, args, &local_error))
    {
      /* The node's checks already speak of flags; GOption's own errors
       * (an unknown option) are usage errors too. */
      if (local_error->domain == DISC_CLI_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE, "%s", local_error->message);
      return FALSE;
    }
  drop_end_of_options (*args);
  return TRUE;
}

/* "unexpected argument" when @args has more than @expected positional
 * arguments after the program name; @hint, if not %NULL, is added in
 * parentheses (what the command's own arguments may have meant). */
gboolean
disc_cli_check_no_more_args (char       **args,
                             guint        expected,
                             const char  *hint,
                             GError     **error)
{
  guint n = args != NULL ? g_strv_length (args) : 0;

  if (n > expected + 1)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "unexpected argument “%s”; %s takes %s%s%s%s",
                   args[expected + 1], g_get_prgname (),
                   expected == 0 ? "only options" : "no more arguments",
                   hint != NULL ? " (" : "", hint != NULL ? hint : "", hint != NULL ? ")" : "");
      return FALSE;
    }
  return TRUE;
}
