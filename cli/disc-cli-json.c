/* disc-cli-json.c: JSON values given on the command line (--advertise,
 * --send-every, send's argument, --commands), checked before they reach
 * the library so that the message says where the mistake is, and read as
 * the library reads what it receives
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <math.h>

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

/**
 * disc_cli_parse_json:
 * @text: JSON text
 * @what: what @text is, for the message: the flag or the argument
 * @error: return location for a %DISC_CLI_ERROR_USAGE error
 *
 * Parses a JSON value given on the command line as peers will read it
 * (disc_json_from_string(): big integers as JSON.parse's doubles, what
 * JSON.parse refuses refused). The error states the line and the column
 * of the mistake.
 *
 * Returns: (transfer full): the value
 */
JsonNode *
disc_cli_parse_json (const char  *text,
                     const char  *what,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = disc_json_from_string (text, &local_error);

  if (root == NULL)
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s is not valid JSON: %s", what, local_error->message);
      return NULL;
    }
  /* JSON.parse reads 1e999 as Infinity, which JSON.stringify sends as null. */
  if (contains_non_finite (root))
    {
      g_set_error (error, DISC_CLI_ERROR, DISC_CLI_ERROR_USAGE,
                   "%s has a number too large for JSON (it would be sent as infinity)", what);
      return NULL;
    }
  return g_steal_pointer (&root);
}
