/* disc-monitor-node-format.c: how a node is written in the monitor's labels
 *
 * The short id, the role and a one-line summary of the advertised info,
 * the same in the node table, the services tree and the master bar.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-node-format"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-node-format.h"

/**
 * disc_monitor_node_short_id:
 * @node: a node
 *
 * Returns: (transfer full): the first 8 characters of the node's id
 */
char *
disc_monitor_node_short_id (DiscNode *node)
{
  const char *id = disc_node_get_id (node);

  return g_strndup (id ? id : "", 8);
}

/**
 * disc_monitor_node_describe_role:
 * @node: a node
 *
 * Returns: (transfer full): "Master", "Eligible" or "Not eligible"
 */
char *
disc_monitor_node_describe_role (DiscNode *node)
{
  if (disc_node_get_is_master (node))
    /* Translators: role of a node that is master now */
    return g_strdup (_("Master"));
  if (disc_node_get_is_master_eligible (node))
    /* Translators: role of a node that may become master */
    return g_strdup (_("Eligible"));
  /* Translators: role of a node that never becomes master */
  return g_strdup (_("Not eligible"));
}

/**
 * disc_monitor_node_summarize_info:
 * @node: a node
 *
 * Returns: (transfer full): the node's advertised info on one short line
 */
char *
disc_monitor_node_summarize_info (DiscNode *node)
{
  g_autofree char *json = disc_node_dup_info_json (node);
  glong length;

  if (json == NULL || g_str_equal (json, "null"))
    return g_strdup ("");
  length = g_utf8_strlen (json, -1);
  if (length > 120)
    {
      g_autofree char *head = g_utf8_substring (json, 0, 119);

      return g_strconcat (head, "…", NULL);
    }
  return g_steal_pointer (&json);
}
