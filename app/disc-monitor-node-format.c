/* disc-monitor-node-format.c: how a node is written in the monitor's labels
 *
 * The short id, the role and a one-line summary of the advertised info,
 * the same in the node table, the services tree and the master bar.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-node-format"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "disc-monitor-node-format.h"

#define SUMMARY_MAX_CHARS 120
#define VISIBLE_CHARS 12     /* what a narrow info column still shows */
#define CONTEXT_CHARS 6      /* of text before a match shown past them */

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

/* A member's value as the user reads it: a string without its quotes,
 * anything else as compact JSON. */
static char *
value_text (JsonNode *value)
{
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  return json_to_string (value, FALSE);
}

static char *
ellipsize (char  *text,
           glong  max_chars)
{
  g_autofree char *head = NULL;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return text;
  head = g_utf8_substring (text, 0, max_chars - 1);
  g_free (text);
  return g_strconcat (head, "…", NULL);
}

/**
 * disc_monitor_node_summarize_info:
 * @node: a node
 *
 * An object is written as its members, `name: api · port: 8080`, in the
 * order the node sent them; anything else as compact JSON.
 *
 * Returns: (transfer full): the node's advertised info on one short line,
 *   "" when it advertises nothing
 */
char *
disc_monitor_node_summarize_info (DiscNode *node)
{
  JsonNode *info = disc_node_get_info (node);
  g_autoptr(GString) text = NULL;
  g_autoptr(GList) members = NULL;

  if (info == NULL || JSON_NODE_HOLDS_NULL (info))
    return g_strdup ("");
  if (!JSON_NODE_HOLDS_OBJECT (info))
    return ellipsize (json_to_string (info, FALSE), SUMMARY_MAX_CHARS);

  text = g_string_new (NULL);
  members = json_object_get_members (json_node_get_object (info));
  for (GList *l = members; l != NULL && text->len < SUMMARY_MAX_CHARS * 4; l = l->next)
    {
      g_autofree char *value = value_text (json_object_get_member (json_node_get_object (info), l->data));

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s: %s", (const char *) l->data, value);
    }
  return ellipsize (g_string_free (g_steal_pointer (&text), FALSE), SUMMARY_MAX_CHARS);
}

/* Where @needle is in @haystack, ignoring case as GtkStringFilter does
 * (close enough: character by character), or NULL. */
static const char *
find_ignoring_case (const char *haystack,
                    const char *needle,
                    gsize      *length)
{
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  glong n_chars = g_utf8_strlen (needle, -1);

  for (const char *p = haystack; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *end = p;
      g_autofree char *folded = NULL;
      glong i;

      for (i = 0; i < n_chars && *end != '\0'; i++)
        end = g_utf8_next_char (end);
      if (i < n_chars)
        return NULL;
      folded = g_utf8_casefold (p, end - p);
      if (g_str_equal (folded, folded_needle))
        {
          *length = end - p;
          return p;
        }
    }
  return NULL;
}

/* @text with its match in bold, with "…" and a few characters of
 * context before the match when it starts beyond @visible_chars, and cut
 * @after_chars after it (-1: not cut). */
static char *
mark_match (const char *text,
            const char *match,
            gsize       length,
            glong       visible_chars,
            glong       after_chars)
{
  g_autofree char *before = g_strndup (text, match - text);
  g_autofree char *matched = g_strndup (match, length);
  g_autofree char *after = g_strdup (match + length);
  glong offset = g_utf8_strlen (before, -1);

  if (offset > visible_chars)
    {
      g_autofree char *context = g_utf8_substring (before, MAX (0, offset - CONTEXT_CHARS), offset);

      g_free (before);
      before = g_strconcat ("…", context, NULL);
    }
  if (after_chars >= 0 && g_utf8_strlen (after, -1) > after_chars)
    {
      g_autofree char *head = g_utf8_substring (after, 0, after_chars);

      g_free (after);
      after = g_strconcat (head, "…", NULL);
    }
  return g_markup_printf_escaped ("%s<b>%s</b>%s", before, matched, after);
}

/**
 * disc_monitor_node_markup_info:
 * @node: a node
 * @search: (nullable): the search of the node table, or %NULL
 *
 * The info summary as Pango markup. When @search matches the advertised
 * info, the match is shown in bold and near the start, where a narrow
 * column still shows it: a search never hits text the user cannot see.
 *
 * Returns: (transfer full): Pango markup for the info column
 */
char *
disc_monitor_node_markup_info (DiscNode   *node,
                               const char *search)
{
  g_autofree char *summary = disc_monitor_node_summarize_info (node);
  g_autofree char *json = NULL;
  const char *match;
  gsize length = 0;

  if (search == NULL || *search == '\0')
    return g_markup_escape_text (summary, -1);
  match = find_ignoring_case (summary, search, &length);
  if (match != NULL)
    return mark_match (summary, match, length, VISIBLE_CHARS, -1);

  /* Only in what the summary leaves out or cut: JSON punctuation, or
   * past its end. Its context first, then the summary. */
  json = disc_node_dup_info_json (node);
  match = json ? find_ignoring_case (json, search, &length) : NULL;
  if (match != NULL)
    {
      g_autofree char *fragment = mark_match (json, match, length, 0, CONTEXT_CHARS * 3);
      g_autofree char *rest = g_markup_escape_text (summary, -1);

      return g_strconcat (fragment, " · ", rest, NULL);
    }
  return g_markup_escape_text (summary, -1);
}

/* A member of the info object given as a string or a number, or NULL. */
static char *
info_scalar (DiscNode   *node,
             const char *member)
{
  JsonNode *info = disc_node_get_info (node);
  JsonNode *value;

  if (info == NULL || !JSON_NODE_HOLDS_OBJECT (info))
    return NULL;
  value = json_object_get_member (json_node_get_object (info), member);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return NULL;
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      return *json_node_get_string (value) ? g_strdup (json_node_get_string (value)) : NULL;
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (value));
    default:
      return NULL;
    }
}

/**
 * disc_monitor_node_describe_endpoint:
 * @node: a node
 *
 * The endpoint a service candidate advertises, as avahi-discover shows
 * one: its info's `host` (or `address`, or else the address its packets
 * come from) and `port`, then its `version` when it gives one. The
 * discovery port is not the service's and is not shown.
 *
 * Returns: (transfer full): e.g. "10.213.0.2:8080 · version 1.2", or the
 *   address alone when no port is advertised
 */
char *
disc_monitor_node_describe_endpoint (DiscNode *node)
{
  g_autofree char *host = info_scalar (node, "host");
  g_autofree char *port = info_scalar (node, "port");
  g_autofree char *version = info_scalar (node, "version");
  g_autofree char *endpoint = NULL;

  if (host == NULL)
    host = info_scalar (node, "address");
  if (host == NULL)
    host = g_strdup (disc_node_get_address (node) ? disc_node_get_address (node) : "");
  if (port == NULL)
    endpoint = g_steal_pointer (&host);
  else if (strchr (host, ':') != NULL)   /* an IPv6 address */
    endpoint = g_strdup_printf ("[%s]:%s", host, port);
  else
    endpoint = g_strdup_printf ("%s:%s", host, port);
  if (version == NULL)
    return g_steal_pointer (&endpoint);
  /* Translators: a service's endpoint and the version it advertises */
  return g_strdup_printf (_("%s · version %s"), endpoint, version);
}
