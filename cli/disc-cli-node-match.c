/* disc-cli-node-match.c: which node a NODE argument names
 *
 * A full id first, then a unique id prefix (like git's abbreviated
 * hashes), then a unique host name. A prefix that fits several ids, or a
 * host name several nodes share, names none of them.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-cli"

#include <string.h>

#include "disc-cli-node-match.h"

static void
add_candidate (GString  *candidates,
               DiscNode *node)
{
  if (candidates == NULL)
    return;
  if (candidates->len > 0)
    g_string_append (candidates, ", ");
  g_string_append_printf (candidates, "%s (%s)", disc_node_get_id (node),
                          disc_node_get_host_name (node));
}

/* @node is set (transfer full) for a match; @candidates, if given, gets
 * the nodes an ambiguous @text fits. */
DiscCliMatch
disc_cli_match_node (GListModel  *nodes,
                     const char  *text,
                     DiscNode   **node,
                     GString     *candidates)
{
  guint n = g_list_model_get_n_items (nodes);
  g_autoptr(DiscNode) by_prefix = NULL;
  g_autoptr(DiscNode) by_host = NULL;
  guint n_prefix = 0, n_host = 0;
  gsize len = strlen (text);

  *node = NULL;
  if (len == 0)
    return DISC_CLI_MATCH_NONE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) item = g_list_model_get_item (nodes, i);
      const char *id = disc_node_get_id (item);

      if (strcmp (id, text) == 0)
        {
          *node = g_steal_pointer (&item);
          return DISC_CLI_MATCH_ID;
        }
      if (strncmp (id, text, len) == 0 && n_prefix++ == 0)
        by_prefix = g_object_ref (item);
      if (g_strcmp0 (disc_node_get_host_name (item), text) == 0 && n_host++ == 0)
        by_host = g_object_ref (item);
    }

  if (n_prefix == 1)
    {
      *node = g_steal_pointer (&by_prefix);
      return DISC_CLI_MATCH_PREFIX;
    }
  if (n_prefix == 0 && n_host == 1)
    {
      *node = g_steal_pointer (&by_host);
      return DISC_CLI_MATCH_HOST_NAME;
    }
  if (n_prefix == 0 && n_host == 0)
    return DISC_CLI_MATCH_NONE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DiscNode) item = g_list_model_get_item (nodes, i);

      if ((n_prefix > 0 && strncmp (disc_node_get_id (item), text, len) == 0) ||
          (n_prefix == 0 && g_strcmp0 (disc_node_get_host_name (item), text) == 0))
        add_candidate (candidates, item);
    }
  return DISC_CLI_MATCH_AMBIGUOUS;
}
