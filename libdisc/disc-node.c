/* disc-node.c
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-node"

#include "config.h"

#include "disc-node-private.h"
#include "disc-enums.h"
#include "core/disc-service-registry.h"

/**
 * DiscNode:
 *
 * One process on the network, as its hellos describe it.
 *
 * Nodes are created by [class@Disc.Discovery] when a hello arrives from a new
 * instance, and updated in place by each later hello: connect to
 * `notify::is-master` or `notify::last-seen` and a view row follows along.
 * [method@Disc.Discovery.get_me] returns the node that describes this
 * instance itself.
 *
 * The properties mirror the node object of node-discovery 0.2
 * (`id`, `hostName`, `address`, `port`, `isMaster`, `isMasterEligible`,
 * `weight`, `info`, `lastSeen`); [method@Disc.Node.to_json] returns exactly
 * that object.
 */

G_DEFINE_FINAL_TYPE (DiscNode, disc_node, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROCESS_ID,
  PROP_HOST_NAME,
  PROP_ADDRESS,
  PROP_PORT,
  PROP_IS_MASTER,
  PROP_IS_MASTER_ELIGIBLE,
  PROP_ACCEPTS_CONTROL,
  PROP_WEIGHT,
  PROP_INFO,
  PROP_LAST_SEEN,
  PROP_LEAVE_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disc_node_finalize (GObject *object)
{
  DiscNode *self = DISC_NODE (object);

  g_free (self->id);
  g_free (self->process_id);
  g_free (self->host_name);
  g_free (self->address);
  g_clear_pointer (&self->info, json_node_unref);

  G_OBJECT_CLASS (disc_node_parent_class)->finalize (object);
}

static void
disc_node_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DiscNode *self = DISC_NODE (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PROCESS_ID: g_value_set_string (value, self->process_id); break;
    case PROP_HOST_NAME: g_value_set_string (value, self->host_name); break;
    case PROP_ADDRESS: g_value_set_string (value, self->address); break;
    case PROP_PORT: g_value_set_uint (value, self->port); break;
    case PROP_IS_MASTER: g_value_set_boolean (value, self->is_master); break;
    case PROP_IS_MASTER_ELIGIBLE: g_value_set_boolean (value, self->is_master_eligible); break;
    case PROP_ACCEPTS_CONTROL: g_value_set_boolean (value, self->accepts_control); break;
    case PROP_WEIGHT: g_value_set_double (value, self->weight); break;
    case PROP_INFO: g_value_set_boxed (value, self->info); break;
    case PROP_LAST_SEEN: g_value_set_int64 (value, self->last_seen); break;
    case PROP_LEAVE_REASON: g_value_set_enum (value, self->leave_reason); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_node_class_init (DiscNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = disc_node_finalize;
  object_class->get_property = disc_node_get_property;

  /**
   * DiscNode:id:
   *
   * The instance id (`iid` on the wire): 32 hexadecimal digits for
   * node-discovery and libdisc, a UUID for node-discover.
   */
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);

  /**
   * DiscNode:process-id:
   *
   * The id of the process the instance runs in (`pid` on the wire).
   */
  properties[PROP_PROCESS_ID] = g_param_spec_string ("process-id", NULL, NULL, NULL, flags);

  /**
   * DiscNode:host-name:
   *
   * The host name the node reports (`hostName`).
   */
  properties[PROP_HOST_NAME] = g_param_spec_string ("host-name", NULL, NULL, NULL, flags);

  /**
   * DiscNode:address:
   *
   * The IPv4 address the node's hellos come from.
   */
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);

  /**
   * DiscNode:port:
   *
   * The UDP port the node's hellos come from.
   */
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, flags);

  /**
   * DiscNode:is-master:
   *
   * Whether the node says it is a master.
   */
  properties[PROP_IS_MASTER] = g_param_spec_boolean ("is-master", NULL, NULL, FALSE, flags);

  /**
   * DiscNode:is-master-eligible:
   *
   * Whether the node may become a master.
   */
  properties[PROP_IS_MASTER_ELIGIBLE] = g_param_spec_boolean ("is-master-eligible", NULL, NULL, FALSE, flags);

  /**
   * DiscNode:accepts-control:
   *
   * Whether the node accepts remote control: its hello says so
   * (`acceptsControl`, doc/protocol.md section 9) because it turned
   * [property@Disc.Discovery:remote-control] on. Requests to a node that
   * does not are refused.
   *
   * Since: 0.2
   */
  properties[PROP_ACCEPTS_CONTROL] = g_param_spec_boolean ("accepts-control", NULL, NULL, FALSE, flags);

  /**
   * DiscNode:weight:
   *
   * The node's preference for mastership: higher wins; ties are broken by
   * [property@Disc.Node:id].
   */
  properties[PROP_WEIGHT] = g_param_spec_double ("weight", NULL, NULL,
                                                 -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);

  /**
   * DiscNode:info: (type Json.Node)
   *
   * What the node advertises, or %NULL.
   */
  properties[PROP_INFO] = g_param_spec_boxed ("info", NULL, NULL, JSON_TYPE_NODE, flags);

  /**
   * DiscNode:last-seen:
   *
   * When the last hello arrived, in milliseconds since the Unix epoch
   * (the seed's `lastSeen`).
   */
  properties[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL,
                                                   0, G_MAXINT64, 0, flags);

  /**
   * DiscNode:leave-reason:
   *
   * Why the node left the table, set before
   * [signal@Disc.Discovery::removed]; %DISC_LEAVE_NONE while it is in the
   * table. A node that comes back is a new [class@Disc.Node].
   *
   * Since: 0.2
   */
  properties[PROP_LEAVE_REASON] = g_param_spec_enum ("leave-reason", NULL, NULL,
                                                     DISC_TYPE_LEAVE_REASON, DISC_LEAVE_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

void
_disc_node_set_leave_reason (DiscNode        *self,
                             DiscLeaveReason  reason)
{
  if (self->leave_reason == reason)
    return;
  self->leave_reason = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEAVE_REASON]);
}

static void
disc_node_init (DiscNode *self)
{
  self->expiry_link.data = self;
}

DiscNode *
_disc_node_new (const char *id,
                const char *process_id)
{
  DiscNode *self = g_object_new (DISC_TYPE_NODE, NULL);

  self->id = g_strdup (id);
  self->process_id = g_strdup (process_id);
  return self;
}

#define SET_STRING(field, prop)                                    \
  G_STMT_START {                                                   \
    if (g_strcmp0 (self->field, field) != 0)                       \
      {                                                            \
        g_free (self->field);                                      \
        self->field = g_strdup (field);                            \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      }                                                            \
  } G_STMT_END

#define SET_SCALAR(field, prop)                                    \
  G_STMT_START {                                                   \
    if (self->field != field)                                      \
      {                                                            \
        self->field = field;                                       \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
      }                                                            \
  } G_STMT_END

void
_disc_node_set_host_name (DiscNode *self, const char *host_name)
{
  SET_STRING (host_name, PROP_HOST_NAME);
}

void
_disc_node_set_address (DiscNode *self, const char *address)
{
  SET_STRING (address, PROP_ADDRESS);
}

void
_disc_node_set_port (DiscNode *self, guint port)
{
  SET_SCALAR (port, PROP_PORT);
}

void
_disc_node_set_is_master (DiscNode *self, gboolean is_master)
{
  is_master = !!is_master;
  SET_SCALAR (is_master, PROP_IS_MASTER);
}

void
_disc_node_set_is_master_eligible (DiscNode *self, gboolean is_master_eligible)
{
  is_master_eligible = !!is_master_eligible;
  SET_SCALAR (is_master_eligible, PROP_IS_MASTER_ELIGIBLE);
}

void
_disc_node_set_accepts_control (DiscNode *self, gboolean accepts_control)
{
  accepts_control = !!accepts_control;
  SET_SCALAR (accepts_control, PROP_ACCEPTS_CONTROL);
}

void
_disc_node_set_weight (DiscNode *self, double weight)
{
  SET_SCALAR (weight, PROP_WEIGHT);
}

void
_disc_node_set_last_seen (DiscNode *self, gint64 last_seen)
{
  SET_SCALAR (last_seen, PROP_LAST_SEEN);
}

void
_disc_node_set_info (DiscNode *self, JsonNode *info)
{
  if (self->info == info ||
      (self->info != NULL && info != NULL && json_node_equal (self->info, info)))
    return;
  g_clear_pointer (&self->info, json_node_unref);
  self->info = info ? json_node_ref (info) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INFO]);
}

/**
 * disc_node_get_id:
 * @self: a node
 *
 * Gets the node's instance id, unique for each instance.
 *
 * Returns: the instance id (`iid`)
 */
const char *
disc_node_get_id (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return self->id;
}

/**
 * disc_node_get_process_id:
 * @self: a node
 *
 * Gets the id of the process the node runs in, shared by every instance in
 * that process.
 *
 * Returns: the process id (`pid`) the node reports
 */
const char *
disc_node_get_process_id (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return self->process_id;
}

/**
 * disc_node_get_host_name:
 * @self: a node
 *
 * Gets the host name the node reports in its packets.
 *
 * Returns: (nullable): the host name the node reports
 */
const char *
disc_node_get_host_name (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return self->host_name;
}

/**
 * disc_node_get_address:
 * @self: a node
 *
 * Gets the IPv4 address the node's hellos come from.
 *
 * Returns: (nullable): the node's IPv4 address, as text
 */
const char *
disc_node_get_address (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return self->address;
}

/**
 * disc_node_get_port:
 * @self: a node
 *
 * Gets the UDP port the node's hellos come from.
 *
 * Returns: the node's UDP port
 */
guint
disc_node_get_port (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), 0);
  return self->port;
}

/**
 * disc_node_get_is_master:
 * @self: a node
 *
 * Tells whether the node says it is a master.
 *
 * Returns: whether the node is a master
 */
gboolean
disc_node_get_is_master (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), FALSE);
  return self->is_master;
}

/**
 * disc_node_get_is_master_eligible:
 * @self: a node
 *
 * Tells whether the node may become a master.
 *
 * Returns: whether the node may become a master
 */
gboolean
disc_node_get_is_master_eligible (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), FALSE);
  return self->is_master_eligible;
}

/**
 * disc_node_get_accepts_control:
 * @self: a node
 *
 * Tells whether the node accepts remote control requests, see
 * [property@Disc.Node:accepts-control].
 *
 * Returns: whether the node said it accepts remote control
 *
 * Since: 0.2
 */
gboolean
disc_node_get_accepts_control (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), FALSE);
  return self->accepts_control;
}

/**
 * disc_node_get_weight:
 * @self: a node
 *
 * Gets the node's preference for mastership; higher wins.
 *
 * Returns: the node's weight
 */
double
disc_node_get_weight (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), 0);
  return self->weight;
}

/**
 * disc_node_get_info:
 * @self: a node
 *
 * Gets what the node advertises (see [method@Disc.Discovery.advertise]);
 * [method@Disc.Node.dup_info_json] gives it as JSON text.
 *
 * Returns: (transfer none) (nullable): what the node advertises
 */
JsonNode *
disc_node_get_info (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return self->info;
}

/**
 * disc_node_dup_info_json:
 * @self: a node
 *
 * Serializes what the node advertises, for languages that would rather
 * parse JSON text than walk a [struct@Json.Node].
 *
 * Returns: (transfer full) (nullable): the advertisement as compact JSON,
 *   or %NULL when the node advertises nothing
 */
char *
disc_node_dup_info_json (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  if (self->info == NULL)
    return NULL;
  return json_to_string (self->info, FALSE);
}

/**
 * disc_node_get_service_name:
 * @self: a node
 *
 * Gets the service the node advertises: the `name` member of its info,
 * when the info is an object and that member a string. This is the rule
 * by which [class@Disc.ServiceDiscovery] makes a node a candidate of a
 * service, so a dashboard groups nodes exactly as a client would.
 *
 * Returns: (transfer none) (nullable): the service name, or %NULL when
 *   the node advertises none
 *
 * Since: 0.2
 */
const char *
disc_node_get_service_name (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), NULL);
  return disc_service_registry_name_of (self->info);
}

/**
 * disc_node_get_last_seen:
 * @self: a node
 *
 * Gets the wall-clock time of the node's last hello.
 *
 * Returns: when the node's last hello arrived, in milliseconds since the
 *   Unix epoch
 */
gint64
disc_node_get_last_seen (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), 0);
  return self->last_seen;
}

/**
 * disc_node_get_leave_reason:
 * @self: a node
 *
 * Tells why the node left the table, as [property@Disc.Node:leave-reason].
 *
 * Returns: why the node left; %DISC_LEAVE_NONE while it is in the table
 *
 * Since: 0.2
 */
DiscLeaveReason
disc_node_get_leave_reason (DiscNode *self)
{
  g_return_val_if_fail (DISC_IS_NODE (self), DISC_LEAVE_NONE);
  return self->leave_reason;
}

/**
 * disc_node_to_json:
 * @self: a node
 *
 * Builds the node object of node-discovery 0.2: `id`, `hostName`,
 * `address`, `port`, `isMaster`, `isMasterEligible`, `weight`, `info`
 * and `lastSeen`; libdisc adds `acceptsControl: true` for a node that
 * accepts remote control.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
disc_node_to_json (DiscNode *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (DISC_IS_NODE (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "hostName");
  json_builder_add_string_value (builder, self->host_name);
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, self->address);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, self->port);
  json_builder_set_member_name (builder, "isMaster");
  json_builder_add_boolean_value (builder, self->is_master);
  json_builder_set_member_name (builder, "isMasterEligible");
  json_builder_add_boolean_value (builder, self->is_master_eligible);
  json_builder_set_member_name (builder, "weight");
  json_builder_add_double_value (builder, self->weight);
  json_builder_set_member_name (builder, "info");
  if (self->info != NULL)
    json_builder_add_value (builder, json_node_copy (self->info));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "lastSeen");
  json_builder_add_int_value (builder, self->last_seen);
  /* Only when true, so the object stays the seed's for everyone else. */
  if (self->accepts_control)
    {
      json_builder_set_member_name (builder, "acceptsControl");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
