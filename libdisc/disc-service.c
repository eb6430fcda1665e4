/* disc-service.c: a service and its active candidates
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-service"

#include "config.h"

#include "disc-service-private.h"

/**
 * DiscService:
 *
 * A service, by name, and the nodes that offer it: the candidates that
 * advertise the name and passed every setup hook, in the order they
 * became active.
 *
 * A service is a live [iface@Gio.ListModel] of [class@Disc.Node]: bind it
 * to a list view, or use [method@Disc.Service.get_candidates] where a
 * model is wanted. Items come and go as candidates are activated and lost,
 * and [property@Disc.Service:n-candidates] is notified; each node notifies
 * its own changes (a new `info`, for instance).
 *
 * Services are made by [class@Disc.ServiceDiscovery]; see
 * [method@Disc.ServiceDiscovery.get_services].
 */

struct _DiscService
{
  GObject    parent_instance;

  char      *name;
  GPtrArray *candidates;   /* of DiscNode, owned */
  gboolean   needed;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_N_CANDIDATES,
  PROP_NEEDED,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
disc_service_get_item_type (GListModel *model)
{
  return DISC_TYPE_NODE;
}

static guint
disc_service_get_n_items (GListModel *model)
{
  return DISC_SERVICE (model)->candidates->len;
}

static gpointer
disc_service_get_item (GListModel *model,
                       guint       position)
{
  DiscService *self = DISC_SERVICE (model);

  if (position >= self->candidates->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->candidates, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = disc_service_get_item_type;
  iface->get_n_items = disc_service_get_n_items;
  iface->get_item = disc_service_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (DiscService, disc_service, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
disc_service_finalize (GObject *object)
{
  DiscService *self = DISC_SERVICE (object);

  g_free (self->name);
  g_ptr_array_unref (self->candidates);

  G_OBJECT_CLASS (disc_service_parent_class)->finalize (object);
}

static void
disc_service_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  DiscService *self = DISC_SERVICE (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_N_CANDIDATES:
    case PROP_N_ITEMS: g_value_set_uint (value, self->candidates->len); break;
    case PROP_NEEDED: g_value_set_boolean (value, self->needed); break;
    case PROP_ITEM_TYPE: g_value_set_gtype (value, DISC_TYPE_NODE); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_service_class_init (DiscServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = disc_service_finalize;
  object_class->get_property = disc_service_get_property;

  /**
   * DiscService:name:
   *
   * The service name: the `name` its candidates advertise.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, ro);

  /**
   * DiscService:n-candidates:
   *
   * How many active candidates the service has.
   */
  properties[PROP_N_CANDIDATES] =
    g_param_spec_uint ("n-candidates", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * DiscService:needed:
   *
   * Whether this instance needs the service
   * ([method@Disc.ServiceDiscovery.need]).
   */
  properties[PROP_NEEDED] =
    g_param_spec_boolean ("needed", NULL, NULL, FALSE, ro);

  /**
   * DiscService:item-type:
   *
   * The type of the items: [class@Disc.Node].
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, ro);

  /**
   * DiscService:n-items:
   *
   * The number of items, as [property@Disc.Service:n-candidates].
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_service_init (DiscService *self)
{
  self->candidates = g_ptr_array_new_with_free_func (g_object_unref);
}

DiscService *
_disc_service_new (const char *name)
{
  DiscService *self = g_object_new (DISC_TYPE_SERVICE, NULL);

  self->name = g_strdup (name);
  return self;
}

static void
notify_counts (DiscService *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CANDIDATES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
_disc_service_add (DiscService *self,
                   DiscNode    *node)
{
  guint position = self->candidates->len;

  g_ptr_array_add (self->candidates, g_object_ref (node));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  notify_counts (self);
}

gboolean
_disc_service_remove (DiscService *self,
                      DiscNode    *node)
{
  guint position;

  if (!g_ptr_array_find (self->candidates, node, &position))
    return FALSE;
  g_ptr_array_remove_index (self->candidates, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  notify_counts (self);
  return TRUE;
}

void
_disc_service_set_needed (DiscService *self,
                          gboolean     needed)
{
  needed = !!needed;
  if (self->needed == needed)
    return;
  self->needed = needed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDED]);
}

/**
 * disc_service_get_name:
 * @self: a service
 *
 * Gets the name of the service.
 *
 * Returns: the service name
 */
const char *
disc_service_get_name (DiscService *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE (self), NULL);
  return self->name;
}

/**
 * disc_service_get_candidates:
 * @self: a service
 *
 * The active candidates, in the order they became active. This is @self
 * itself, as a list model; it stays up to date.
 *
 * Returns: (transfer none): a live list model of [class@Disc.Node]
 */
GListModel *
disc_service_get_candidates (DiscService *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE (self), NULL);
  return G_LIST_MODEL (self);
}

/**
 * disc_service_get_n_candidates:
 * @self: a service
 *
 * Counts the active candidates, as [property@Disc.Service:n-candidates].
 *
 * Returns: how many active candidates the service has
 */
guint
disc_service_get_n_candidates (DiscService *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE (self), 0);
  return self->candidates->len;
}

/**
 * disc_service_get_needed:
 * @self: a service
 *
 * Tells whether the service was needed, by
 * [method@Disc.ServiceDiscovery.need] or
 * [method@Disc.ServiceDiscovery.setup].
 *
 * Returns: whether this instance needs the service
 */
gboolean
disc_service_get_needed (DiscService *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE (self), FALSE);
  return self->needed;
}
