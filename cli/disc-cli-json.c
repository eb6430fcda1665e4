/* disc-cli-json.c: JSON values given on the command line (--advertise,
 * --send-every, send's argument, --commands), checked before they reach
 * the library so that the message says where the mistake is
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "disc-cli-json.h"
#include "disc-cli-tool.h"

static gboolean
contains_non_finite (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (contains_non_finite (member))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (contains_non_finite (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE &&
             !isfinite (json_node_get_double (node));
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

/* Whether valid JSON @text has the escape \u0000 in a string or a member
 * name. json-glib keeps strings as C strings and cuts them at U+0000
 * ("a\u0000b" becomes "a"), so the value parsed is not the one given; and
 * libdisc drops a received packet that has the escape. */
static gboolean
has_escaped_nul (const char *text)
{
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!in_string)
        in_string = *p == '"';
      else if (*p == '"')
        in_string = FALSE;
      else if (*p == '\\')
        {
          p++;   /* valid JSON: an escape is whole */
          if (*p == 'u' && strncmp (p + 1, "0000", 4) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * disc_cli_parse_json:
 * @text: JSON text
 * @what: what @text is, for the message: the flag or the argument
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Parses a JSON value given on the command line. The error states the line
 * and the column of the mistake, as json-glib found them.
 *
 * Returns: (transfer full): the value
 */
JsonNode *
disc_cli_parse_json (const char  *text,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s is not valid JSON: it is not UTF-8 text", what);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: Parse error: WHAT". */
      const char *message = local_error->message;
      guint line = 0, column = 0;
      int consumed = 0;

      if (g_str_has_prefix (message, "<data>:") &&
          sscanf (message + strlen ("<data>:"), "%u:%u: %n", &line, &column, &consumed) == 2 &&
          consumed > 0)
        {
          const char *rest = message + strlen ("<data>:") + consumed;

          if (g_str_has_prefix (rest, "Parse error: "))
            rest += strlen ("Parse error: ");
          g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                       "%s is not valid JSON: error at line %u, column %u: %s",
                       what, line, column, rest);
        }
      else
        g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                     "%s is not valid JSON: %s", what, message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s is empty; give a JSON value such as {} or \"text\"", what);
      return NULL;
    }
  if (has_escaped_nul (text))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s has the character U+0000 (\\u0000) in a string, which libdisc cannot "
                   "carry: the string would be cut there, and libdisc nodes drop what has it", what);
      return NULL;
    }
  if (contains_non_finite (root))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s has a number too large for JSON (it would be sent as infinity)", what);
      return NULL;
    }
  return g_steal_pointer (&root);
}
