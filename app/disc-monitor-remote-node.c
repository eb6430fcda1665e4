/* disc-monitor-remote-node.c: a node of another LAN, as a bridge mirrored it
 * into etcd
 *
 * Its properties are what `nodes/<id>` holds (node-discovery's node
 * object without lastSeen: a LAN's liveness stays on the LAN). The
 * remote LANs page binds its columns to them.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-remote-node"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-property.h"
#include "disc-monitor-remote-node.h"

struct _DiscMonitorRemoteNode
{
  GObject  parent_instance;

  char    *lan;
  char    *id;
  char    *host_name;
  char    *address;
  guint    port;
  gboolean is_master;
  gboolean is_master_eligible;
  char    *info;
};

enum {
  PROP_0,
  PROP_LAN,
  PROP_ID,
  PROP_HOST_NAME,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_IS_MASTER,
  PROP_ROLE,
  PROP_INFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DiscMonitorRemoteNode, disc_monitor_remote_node, G_TYPE_OBJECT)

DiscMonitorRemoteNode *
disc_monitor_remote_node_new (const char *lan,
                              const char *id)
{
  DiscMonitorRemoteNode *self = g_object_new (DISC_TYPE_MONITOR_REMOTE_NODE, NULL);

  self->lan = g_strdup (lan);
  self->id = g_strdup (id);
  return self;
}

const char *
disc_monitor_remote_node_get_lan (DiscMonitorRemoteNode *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_NODE (self), NULL);
  return self->lan;
}

const char *
disc_monitor_remote_node_get_id (DiscMonitorRemoteNode *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_NODE (self), NULL);
  return self->id;
}

const char *
disc_monitor_remote_node_get_host_name (DiscMonitorRemoteNode *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_NODE (self), NULL);
  return self->host_name;
}

gboolean
disc_monitor_remote_node_get_is_master (DiscMonitorRemoteNode *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_NODE (self), FALSE);
  return self->is_master;
}

const char *
disc_monitor_remote_node_get_info (DiscMonitorRemoteNode *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_REMOTE_NODE (self), NULL);
  return self->info;
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

void
_disc_monitor_remote_node_update (DiscMonitorRemoteNode *self,
                                  JsonObject            *node)
{
  gint64 port = json_object_get_int_member_with_default (node, "port", 0);
  gboolean is_master = json_object_get_boolean_member_with_default (node, "isMaster", FALSE);
  gboolean eligible = json_object_get_boolean_member_with_default (node, "isMasterEligible", FALSE);
  JsonNode *info = json_object_get_member (node, "info");
  g_autofree char *info_text = info != NULL && !JSON_NODE_HOLDS_NULL (info)
                               ? json_to_string (info, FALSE) : NULL;
  gboolean role_changed = is_master != self->is_master || eligible != self->is_master_eligible;

  g_object_freeze_notify (G_OBJECT (self));
  disc_monitor_set_string_property (G_OBJECT (self), &self->host_name, string_member (node, "hostName"),
                                    properties[PROP_HOST_NAME]);
  disc_monitor_set_string_property (G_OBJECT (self), &self->address, string_member (node, "address"),
                                    properties[PROP_ADDRESS]);
  disc_monitor_set_string_property (G_OBJECT (self), &self->info, info_text,
                                    properties[PROP_INFO]);
  if (port >= 0 && port <= 65535 && (guint) port != self->port)
    {
      self->port = (guint) port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
  if (is_master != self->is_master)
    {
      self->is_master = is_master;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_MASTER]);
    }
  self->is_master_eligible = eligible;
  if (role_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
disc_monitor_remote_node_finalize (GObject *object)
{
  DiscMonitorRemoteNode *self = DISC_MONITOR_REMOTE_NODE (object);

  g_free (self->lan);
  g_free (self->id);
  g_free (self->host_name);
  g_free (self->address);
  g_free (self->info);
  G_OBJECT_CLASS (disc_monitor_remote_node_parent_class)->finalize (object);
}

/* The Role column's text. */
static const char *
describe_role (DiscMonitorRemoteNode *self)
{
  if (self->is_master)
    return _("master");
  return self->is_master_eligible ? _("eligible") : _("not eligible");
}

static void
disc_monitor_remote_node_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  DiscMonitorRemoteNode *self = DISC_MONITOR_REMOTE_NODE (object);

  switch (prop_id)
    {
    case PROP_LAN: g_value_set_string (value, self->lan); break;
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_HOST_NAME: g_value_set_string (value, self->host_name); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_IS_MASTER: g_value_set_boolean (value, self->is_master); break;
    case PROP_ROLE: g_value_set_string (value, describe_role (self)); break;
    case PROP_INFO: g_value_set_string (value, self->info); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_remote_node_class_init (DiscMonitorRemoteNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = disc_monitor_remote_node_finalize;
  object_class->get_property = disc_monitor_remote_node_get_property;

  properties[PROP_LAN] = g_param_spec_string ("lan", NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_HOST_NAME] = g_param_spec_string ("host-name", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, flags);
  properties[PROP_IS_MASTER] = g_param_spec_boolean ("is-master", NULL, NULL, FALSE, flags);
  /* Translated text for the Role column: master, eligible, not eligible. */
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  properties[PROP_INFO] = g_param_spec_string ("info", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_remote_node_init (DiscMonitorRemoteNode *self)
{
}
