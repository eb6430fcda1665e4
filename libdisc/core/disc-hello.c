/* disc-hello.c: {"isMaster", "isMasterEligible", "weight", "address", "info"}
 *
 * node-discover 1.x names the advertisement `advertisement`; we read either
 * and write the one the dialect's peers read. libdisc adds `promotedAt`,
 * and `acceptsControl` (sent only when true), which the npm packages
 * ignore.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-hello"

#include "config.h"

#include <math.h>
#include <string.h>

#include "disc-hello.h"

static gboolean
read_bool (JsonObject *object,
           const char *member,
           gboolean    fallback,
           gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = fallback;
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_number (JsonObject *object,
             const char *member,
             double     *out)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = 0;
      return TRUE;
    }
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;
  return isfinite (*out);
}

gboolean
disc_hello_parse (JsonNode  *data,
                  DiscHello *hello)
{
  JsonObject *object;
  JsonNode *address, *info;
  double promoted_at;

  memset (hello, 0, sizeof *hello);
  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return FALSE;
  object = json_node_get_object (data);

  /* The seed reads a missing isMasterEligible as falsy; so do we. */
  if (!read_bool (object, "isMaster", FALSE, &hello->is_master) ||
      !read_bool (object, "isMasterEligible", FALSE, &hello->is_master_eligible) ||
      !read_number (object, "weight", &hello->weight) ||
      !read_number (object, "promotedAt", &promoted_at) ||
      !read_bool (object, "acceptsControl", FALSE, &hello->accepts_control) ||
      promoted_at < 0 || promoted_at > (double) G_MAXINT64 / 2)
    return FALSE;
  hello->promoted_at = (gint64) promoted_at;

  address = json_object_get_member (object, "address");
  if (address != NULL && !JSON_NODE_HOLDS_NULL (address))
    {
      const char *text;

      if (json_node_get_value_type (address) != G_TYPE_STRING)
        return FALSE;
      text = json_node_get_string (address);
      if (strlen (text) > DISC_HELLO_MAX_ADDRESS)
        return FALSE;
      hello->address = g_strdup (text);
    }

  info = json_object_get_member (object, "info");
  if (info == NULL)
    info = json_object_get_member (object, "advertisement");
  if (info != NULL && !JSON_NODE_HOLDS_NULL (info))
    hello->info = json_node_ref (info);

  return TRUE;
}

JsonNode *
disc_hello_build (const DiscHello *hello,
                  DiscDialect      dialect)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "isMaster");
  json_builder_add_boolean_value (builder, hello->is_master);
  json_builder_set_member_name (builder, "isMasterEligible");
  json_builder_add_boolean_value (builder, hello->is_master_eligible);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_double_value (builder, hello->weight);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, hello->address ? hello->address : "0.0.0.0");
  if (hello->info != NULL)
    {
      json_builder_set_member_name (builder, dialect == DISC_DIALECT_PLAIN ? "advertisement" : "info");
      json_builder_add_value (builder, json_node_ref (hello->info));
    }
  if (hello->promoted_at > 0)
    {
      json_builder_set_member_name (builder, "promotedAt");
      json_builder_add_int_value (builder, hello->promoted_at);
    }
  /* Absent when off, so a hello stays byte for byte the packages' own. */
  if (hello->accepts_control)
    {
      json_builder_set_member_name (builder, "acceptsControl");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
disc_hello_clear (DiscHello *hello)
{
  g_clear_pointer (&hello->address, g_free);
  g_clear_pointer (&hello->info, json_node_unref);
}
