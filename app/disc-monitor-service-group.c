/* disc-monitor-service-group.c: the nodes that advertise one service name
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-service-group"

#include "config.h"

#include "disc-monitor-service-group-private.h"

/*
 * DiscMonitorServiceGroup:
 *
 * A service as the monitor sees it: every node whose advertised info is
 * an object with this string `name`. Those nodes are the service's
 * candidates, in the order they started advertising it. A group without
 * a name holds the nodes that advertise none.
 */
struct _DiscMonitorServiceGroup
{
  GObject     parent_instance;

  char       *name;
  GListStore *candidates;   /* of DiscNode */
};

G_DEFINE_FINAL_TYPE (DiscMonitorServiceGroup, disc_monitor_service_group, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CANDIDATES,
  PROP_N_CANDIDATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
disc_monitor_service_group_dispose (GObject *object)
{
  DiscMonitorServiceGroup *self = DISC_MONITOR_SERVICE_GROUP (object);

  g_clear_object (&self->candidates);

  G_OBJECT_CLASS (disc_monitor_service_group_parent_class)->dispose (object);
}

static void
disc_monitor_service_group_finalize (GObject *object)
{
  DiscMonitorServiceGroup *self = DISC_MONITOR_SERVICE_GROUP (object);

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (disc_monitor_service_group_parent_class)->finalize (object);
}

static void
disc_monitor_service_group_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  DiscMonitorServiceGroup *self = DISC_MONITOR_SERVICE_GROUP (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CANDIDATES:
      g_value_set_object (value, self->candidates);
      break;
    case PROP_N_CANDIDATES:
      g_value_set_uint (value, disc_monitor_service_group_get_n_candidates (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_service_group_class_init (DiscMonitorServiceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_monitor_service_group_dispose;
  object_class->finalize = disc_monitor_service_group_finalize;
  object_class->get_property = disc_monitor_service_group_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CANDIDATES] =
    g_param_spec_object ("candidates", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  properties[PROP_N_CANDIDATES] =
    g_param_spec_uint ("n-candidates", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_service_group_init (DiscMonitorServiceGroup *self)
{
  self->candidates = g_list_store_new (DISC_TYPE_NODE);
}

DiscMonitorServiceGroup *
_disc_monitor_service_group_new (const char *name)
{
  DiscMonitorServiceGroup *self = g_object_new (DISC_TYPE_MONITOR_SERVICE_GROUP, NULL);

  self->name = g_strdup (name);
  return self;
}

void
_disc_monitor_service_group_add (DiscMonitorServiceGroup *self,
                                 DiscNode                *node)
{
  g_return_if_fail (DISC_IS_MONITOR_SERVICE_GROUP (self));

  g_list_store_append (self->candidates, node);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CANDIDATES]);
}

gboolean
_disc_monitor_service_group_remove (DiscMonitorServiceGroup *self,
                                    DiscNode                *node)
{
  guint position;

  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP (self), FALSE);

  if (!g_list_store_find (self->candidates, node, &position))
    return FALSE;
  g_list_store_remove (self->candidates, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CANDIDATES]);
  return TRUE;
}

/**
 * disc_monitor_service_group_get_name:
 * @self: a service group
 *
 * Returns: (nullable): the service name the candidates advertise, or %NULL
 *   for the group of the nodes that advertise none
 */
const char *
disc_monitor_service_group_get_name (DiscMonitorServiceGroup *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP (self), NULL);
  return self->name;
}

/**
 * disc_monitor_service_group_get_candidates:
 * @self: a service group
 *
 * Returns: (transfer none): a live list model of the DiscNode advertising
 *   the service
 */
GListModel *
disc_monitor_service_group_get_candidates (DiscMonitorServiceGroup *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP (self), NULL);
  return G_LIST_MODEL (self->candidates);
}

/**
 * disc_monitor_service_group_get_n_candidates:
 * @self: a service group
 *
 * Returns: how many nodes advertise the service
 */
guint
disc_monitor_service_group_get_n_candidates (DiscMonitorServiceGroup *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SERVICE_GROUP (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->candidates));
}
