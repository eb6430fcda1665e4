/* disc-cli-send-every.c: `disc watch --send-every MS CHANNEL JSON`, taken
 * out of the arguments before GOption sees them (it has no options of
 * three arguments)
 *
 * Values of the other options are skipped, so that "--host-name
 * --send-every" stays a host name, and nothing after "--" is looked at.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <string.h>

#include "disc-cli-json.h"
#include "disc-cli-numbers.h"
#include "disc-cli-send-every.h"
#include "disc-cli-tool.h"

#define FLAG "--send-every"

static void
repeat_free (DiscCliRepeat *repeat)
{
  g_free (repeat->channel);
  g_clear_pointer (&repeat->data, json_node_unref);
  g_free (repeat);
}

static gboolean
fail_three_arguments (GError **error)
{
  g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
               "%s takes three separate arguments: %s MS CHANNEL JSON, "
               "for example %s 1000 chat '{\"hi\": 1}'", FLAG, FLAG, FLAG);
  return FALSE;
}

/* The callback of the help-only entry, in case it is typed as shown. */
gboolean
disc_cli_send_every_reject (const char  *option_name,
                            const char  *value,
                            gpointer     data,
                            GError     **error)
{
  return fail_three_arguments (error);
}

static gboolean
is_option (const GOptionEntry **tables,
           const char          *arg)
{
  return disc_cli_find_entry (tables, arg) != NULL || g_str_has_prefix (arg, FLAG) ||
         strcmp (arg, "--help") == 0;
}

/* Whether GOption will take the next argument as the value of @arg. */
static gboolean
takes_value (const GOptionEntry **tables,
             const char          *arg)
{
  const GOptionEntry *entry = disc_cli_find_entry (tables, arg);

  if (entry == NULL || strchr (arg, '=') != NULL || entry->arg == G_OPTION_ARG_NONE)
    return FALSE;
  if (entry->arg == G_OPTION_ARG_CALLBACK && (entry->flags & G_OPTION_FLAG_NO_ARG))
    return FALSE;
  return !(entry->flags & G_OPTION_FLAG_OPTIONAL_ARG);
}

static DiscCliRepeat *
parse_repeat (const GOptionEntry  **tables,
              const char          *interval,
              const char          *channel,
              const char          *json,
              GError             **error)
{
  g_autoptr(GError) channel_error = NULL;
  g_autoptr(GError) number_error = NULL;
  DiscCliRepeat *repeat;
  const char *values[] = { interval, channel, json };
  guint64 ms;
  JsonNode *data;

  /* "--send-every 500 chat --port 2000": the JSON was forgotten. */
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_has_prefix (values[i], "--") && is_option (tables, values[i]))
      {
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "%s needs three arguments, MS CHANNEL JSON, and “%s” is an option; "
                     "for example %s 1000 chat '{\"hi\": 1}'", FLAG, values[i], FLAG);
        return NULL;
      }

  if (!disc_cli_parse_whole (FLAG + 2, interval, 1, G_MAXINT, "a number of milliseconds", &ms,
                             &number_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s; use %s MS CHANNEL JSON, for example %s 1000 chat '{\"hi\": 1}'",
                   number_error->message, FLAG, FLAG);
      return NULL;
    }
  if (!disc_channel_name_is_valid (channel, &channel_error))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s: cannot send on “%s”: %s", FLAG, channel, channel_error->message);
      return NULL;
    }
  data = disc_cli_parse_json (json, "the JSON of " FLAG, error);
  if (data == NULL)
    return NULL;

  repeat = g_new0 (DiscCliRepeat, 1);
  repeat->interval_ms = (guint) ms;
  repeat->channel = g_strdup (channel);
  repeat->data = data;
  return repeat;
}

/**
 * disc_cli_send_every_extract:
 * @args: (inout): the arguments, the first being the program name; on
 *   return without the --send-every ones
 * @tables: (array zero-terminated=1): the option entries of the command,
 *   to skip the values of its other options
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Returns: (transfer full) (element-type DiscCliRepeat): each
 *   --send-every, in order; empty when there is none
 */
GPtrArray *
disc_cli_send_every_extract (char               ***args,
                             const GOptionEntry  **tables,
                             GError              **error)
{
  g_autoptr(GPtrArray) repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) repeat_free);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  char **argv = *args;
  guint argc = g_strv_length (argv);

  for (guint i = 0; i < argc; i++)
    {
      const char *arg = argv[i];

      if (i == 0)
        g_strv_builder_add (kept, arg);
      else if (strcmp (arg, "--") == 0)
        {
          for (; i < argc; i++)
            g_strv_builder_add (kept, argv[i]);
        }
      else if (g_str_has_prefix (arg, FLAG "="))
        {
          fail_three_arguments (error);
          return NULL;
        }
      else if (strcmp (arg, FLAG) == 0)
        {
          DiscCliRepeat *repeat;

          if (i + 3 >= argc)
            {
              g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                           "%s needs three arguments: %s MS CHANNEL JSON, "
                           "for example %s 1000 chat '{\"hi\": 1}'", FLAG, FLAG, FLAG);
              return NULL;
            }
          repeat = parse_repeat (tables, argv[i + 1], argv[i + 2], argv[i + 3], error);
          if (repeat == NULL)
            return NULL;
          g_ptr_array_add (repeats, repeat);
          i += 3;
        }
      else
        {
          g_strv_builder_add (kept, arg);
          if (takes_value (tables, arg) && i + 1 < argc)
            g_strv_builder_add (kept, argv[++i]);
        }
    }

  g_strfreev (*args);
  *args = g_strv_builder_end (kept);
  return g_steal_pointer (&repeats);
}
