/* disc-service-discovery.c: the seed's ServiceDiscovery, as a DiscDiscovery
 *
 * This file only wires DiscDiscovery's added/removed handlers and each
 * node's notify::info to the registry in core/disc-service-registry.c,
 * which does the bookkeeping, and turns the registry's callbacks into
 * signals, DiscService models and DiscSetupCall objects.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-service-discovery"

#include "config.h"

#include "disc-error.h"
#include "disc-service-discovery.h"
#include "disc-service-private.h"
#include "disc-setup-call-private.h"
#include "core/disc-service-registry.h"

/**
 * DiscServiceDiscovery:
 *
 * A [class@Disc.Discovery] that advertises a named service, waits for the
 * services it needs, and sets them up before use: node-discovery 0.2's
 * `ServiceDiscovery`. Every method, property and signal of
 * [class@Disc.Discovery] works on it.
 *
 * A peer is a *candidate* of the service named by its advertisement, when
 * that is an object with a string `name`. Each candidate goes through the
 * setup hooks of its service ([method@Disc.ServiceDiscovery.setup]), one
 * candidate at a time per service, and then becomes *active*
 * ([signal@Disc.ServiceDiscovery::service]). When every needed service has
 * an active candidate the instance is ready
 * ([signal@Disc.ServiceDiscovery::ready]); when a needed service loses its
 * last one — its node stopped and said goodbye, went silent, or changed
 * its name — it is not ready any more
 * ([signal@Disc.ServiceDiscovery::notready]), until the service is back.
 *
 * ```c
 * static void
 * setup_redis (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
 * {
 *   // connect to what disc_setup_call_get_info (call) describes, then:
 *   disc_setup_call_return_success (call);
 * }
 *
 * static void
 * on_ready (DiscServiceDiscovery *d, GListModel *services, gpointer user_data)
 * {
 *   g_autoptr(JsonNode) info = json_from_string ("{\"name\":\"service.web\",\"ready\":true}", NULL);
 *
 *   disc_discovery_advertise (DISC_DISCOVERY (d), info, NULL);
 * }
 *
 * g_autoptr(DiscServiceDiscovery) d = disc_service_discovery_new ();
 * g_autoptr(JsonNode) info = json_from_string ("{\"name\":\"service.web\",\"ready\":false}", NULL);
 *
 * disc_discovery_advertise (DISC_DISCOVERY (d), info, NULL);
 * disc_service_discovery_need (d, "service.database.mongo");
 * disc_service_discovery_setup (d, "service.database.redis", setup_redis, NULL, NULL);
 * g_signal_connect (d, "ready", G_CALLBACK (on_ready), NULL);
 * disc_discovery_start (DISC_DISCOVERY (d), NULL);
 * ```
 *
 * The active candidates of the needed services can be read at any time
 * from [method@Disc.ServiceDiscovery.get_services], a live list model
 * ready to bind to a view.
 */

struct _DiscServiceDiscovery
{
  DiscDiscovery        parent_instance;

  DiscServiceRegistry *registry;
  GListStore          *services;   /* needed DiscService, in order of need() */
  GHashTable          *by_name;    /* name -> DiscService: needed or with candidates */
  GHashTable          *watched;    /* DiscNode * -> notify::info handler id */
  GHashTable          *calls;      /* guint64 * call id -> DiscSetupCall (weak) */
  gboolean             ready;      /* as last notified */
};

typedef struct
{
  DiscSetupHook  func;
  gpointer       user_data;
  GDestroyNotify destroy;
} Hook;

G_DEFINE_FINAL_TYPE (DiscServiceDiscovery, disc_service_discovery, DISC_TYPE_DISCOVERY)

enum {
  PROP_0,
  PROP_SERVICES,
  PROP_IS_READY,
  N_PROPS
};

enum {
  SIGNAL_SERVICE,
  SIGNAL_READY,
  SIGNAL_NOTREADY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
hook_free (gpointer data)
{
  Hook *hook = data;

  if (hook->destroy != NULL)
    hook->destroy (hook->user_data);
  g_free (hook);
}

/* A detail for a name that came off the network: only an existing quark,
 * so a peer can never make us allocate one. 0 when nobody can have
 * connected to that detail. */
static GQuark
detail_for (const char *name)
{
  return g_quark_try_string (name);
}

static DiscService *
ensure_service (DiscServiceDiscovery *self,
                const char           *name)
{
  DiscService *service = g_hash_table_lookup (self->by_name, name);

  if (service == NULL)
    {
      service = _disc_service_new (name);
      g_hash_table_insert (self->by_name, (char *) disc_service_get_name (service), service);
    }
  return service;
}

static void
update_ready (DiscServiceDiscovery *self)
{
  gboolean ready = disc_service_registry_is_ready (self->registry);

  if (self->ready == ready)
    return;
  self->ready = ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_READY]);
}

/* Registry callbacks */

static void
on_needed (const char *name,
           guint       position,
           gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;
  DiscService *service = ensure_service (self, name);

  _disc_service_set_needed (service, TRUE);
  g_list_store_insert (self->services, position, service);
}

static void
on_activated (const char *name,
              DiscNode   *node,
              guint       n_active,
              gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;

  _disc_service_add (ensure_service (self, name), node);
  g_signal_emit (self, signals[SIGNAL_SERVICE], detail_for (name), name, node);
}

static void
on_deactivated (const char *name,
                DiscNode   *node,
                guint       n_active,
                gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;
  DiscService *service = g_hash_table_lookup (self->by_name, name);

  if (service == NULL)
    return;
  _disc_service_remove (service, node);
  if (disc_service_get_n_candidates (service) == 0 && !disc_service_get_needed (service))
    g_hash_table_remove (self->by_name, name);
}

static void
on_run_hook (const char *name,
             DiscNode   *node,
             gpointer    data,
             guint64     call_id,
             gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;
  Hook *hook = data;
  DiscSetupCall *call = _disc_setup_call_new (self, call_id, name, node);

  g_hash_table_insert (self->calls, g_memdup2 (&call_id, sizeof call_id), call);
  hook->func (self, call, hook->user_data);
  /* If the hook kept no reference and did not complete the call, this
   * fails it (see disc_setup_call_dispose). */
  g_object_unref (call);
}

static void
on_cancel_hook (guint64  call_id,
                gpointer user_data)
{
  DiscServiceDiscovery *self = user_data;
  gpointer key = NULL, call = NULL;

  if (g_hash_table_steal_extended (self->calls, &call_id, &key, &call))
    {
      g_free (key);
      _disc_setup_call_cancel (call);
    }
}

static void
on_hook_failed (const char   *name,
                DiscNode     *node,
                const GError *error,
                gpointer      user_data)
{
  DiscServiceDiscovery *self = user_data;
  g_autoptr(GError) copy = g_error_copy (error);

  g_prefix_error (&copy, "setup of “%s” for node %s at %s failed: ", name,
                  disc_node_get_id (node),
                  disc_node_get_address (node) ? disc_node_get_address (node) : "?");
  g_signal_emit_by_name (self, "error", copy);
}

static void
on_ready (gpointer user_data)
{
  DiscServiceDiscovery *self = user_data;

  update_ready (self);
  g_signal_emit (self, signals[SIGNAL_READY], 0, self->services);
}

static void
on_notready (const char *name,
             gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;

  update_ready (self);
  g_signal_emit (self, signals[SIGNAL_NOTREADY], detail_for (name), name);
}

static const DiscServiceRegistryCallbacks registry_callbacks = {
  .needed = on_needed,
  .activated = on_activated,
  .deactivated = on_deactivated,
  .run_hook = on_run_hook,
  .cancel_hook = on_cancel_hook,
  .hook_failed = on_hook_failed,
  .ready = on_ready,
  .notready = on_notready,
};

void
_disc_service_discovery_complete_call (DiscServiceDiscovery *self,
                                       DiscSetupCall        *call,
                                       const GError         *error)
{
  guint64 call_id = _disc_setup_call_get_id (call);

  if (self->registry == NULL || !g_hash_table_remove (self->calls, &call_id))
    return;
  g_object_ref (self);
  disc_service_registry_complete (self->registry, call_id, error);
  g_object_unref (self);
}

/* Nodes */

static void
on_node_info (DiscNode   *node,
              GParamSpec *pspec,
              gpointer    user_data)
{
  DiscServiceDiscovery *self = user_data;

  if (self->registry == NULL)
    return;
  g_object_ref (self);
  disc_service_registry_node_changed (self->registry, node);
  g_object_unref (self);
}

static void
unwatch (gpointer key,
         gpointer value,
         gpointer user_data)
{
  g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
}

static void
disc_service_discovery_added (DiscDiscovery *discovery,
                              DiscNode      *node)
{
  DiscServiceDiscovery *self = DISC_SERVICE_DISCOVERY (discovery);
  DiscDiscoveryClass *parent_class = DISC_DISCOVERY_CLASS (disc_service_discovery_parent_class);

  if (parent_class->added != NULL)
    parent_class->added (discovery, node);

  if (self->registry == NULL || g_hash_table_contains (self->watched, node))
    return;
  g_hash_table_insert (self->watched, g_object_ref (node),
                       GSIZE_TO_POINTER (g_signal_connect (node, "notify::info",
                                                           G_CALLBACK (on_node_info), self)));
  g_object_ref (self);
  disc_service_registry_node_changed (self->registry, node);
  g_object_unref (self);
}

static void
disc_service_discovery_removed (DiscDiscovery *discovery,
                                DiscNode      *node)
{
  DiscServiceDiscovery *self = DISC_SERVICE_DISCOVERY (discovery);
  DiscDiscoveryClass *parent_class = DISC_DISCOVERY_CLASS (disc_service_discovery_parent_class);
  gpointer handler;

  if (parent_class->removed != NULL)
    parent_class->removed (discovery, node);

  if (self->registry == NULL)
    return;
  if (g_hash_table_lookup_extended (self->watched, node, NULL, &handler))
    {
      g_signal_handler_disconnect (node, GPOINTER_TO_SIZE (handler));
      g_hash_table_remove (self->watched, node);
    }
  g_object_ref (self);
  disc_service_registry_node_removed (self->registry, node);
  g_object_unref (self);
}

static gboolean
disc_service_discovery_advertise (DiscDiscovery  *discovery,
                                  JsonNode       *info,
                                  GError        **error)
{
  if (disc_service_registry_name_of (info) == NULL)
    {
      g_set_error_literal (error, DISC_ERROR, DISC_ERROR_INVALID_INFO,
                           "a service must advertise an object with a string “name”");
      return FALSE;
    }
  return DISC_DISCOVERY_CLASS (disc_service_discovery_parent_class)->advertise (discovery, info, error);
}

/* GObject */

static void
disc_service_discovery_dispose (GObject *object)
{
  DiscServiceDiscovery *self = DISC_SERVICE_DISCOVERY (object);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer call;

  /* Calls still running will never be waited for: cancel them, which
   * also cuts their pointer to us. Taken out of the table first, as a
   * cancellation handler may complete another one. */
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &call))
    g_ptr_array_add (calls, g_object_ref (call));
  g_hash_table_remove_all (self->calls);
  for (guint i = 0; i < calls->len; i++)
    _disc_setup_call_cancel (calls->pdata[i]);
  g_hash_table_foreach (self->watched, unwatch, NULL);
  g_hash_table_remove_all (self->watched);
  /* No callbacks from here on; this frees the hooks (their destroy
   * notifies run). */
  g_clear_pointer (&self->registry, disc_service_registry_free);

  G_OBJECT_CLASS (disc_service_discovery_parent_class)->dispose (object);
}

static void
disc_service_discovery_finalize (GObject *object)
{
  DiscServiceDiscovery *self = DISC_SERVICE_DISCOVERY (object);

  g_clear_object (&self->services);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);

  G_OBJECT_CLASS (disc_service_discovery_parent_class)->finalize (object);
}

static void
disc_service_discovery_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DiscServiceDiscovery *self = DISC_SERVICE_DISCOVERY (object);

  switch (prop_id)
    {
    case PROP_SERVICES: g_value_set_object (value, self->services); break;
    case PROP_IS_READY: g_value_set_boolean (value, self->ready); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_service_discovery_class_init (DiscServiceDiscoveryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  DiscDiscoveryClass *discovery_class = DISC_DISCOVERY_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_service_discovery_dispose;
  object_class->finalize = disc_service_discovery_finalize;
  object_class->get_property = disc_service_discovery_get_property;

  discovery_class->advertise = disc_service_discovery_advertise;
  discovery_class->added = disc_service_discovery_added;
  discovery_class->removed = disc_service_discovery_removed;

  /**
   * DiscServiceDiscovery:services:
   *
   * The needed services, as [method@Disc.ServiceDiscovery.get_services]
   * returns them.
   */
  properties[PROP_SERVICES] =
    g_param_spec_object ("services", NULL, NULL, G_TYPE_LIST_MODEL, ro);

  /**
   * DiscServiceDiscovery:is-ready:
   *
   * Whether every needed service has an active candidate (and at least
   * one service is needed). Changes with
   * [signal@Disc.ServiceDiscovery::ready] and
   * [signal@Disc.ServiceDiscovery::notready].
   */
  properties[PROP_IS_READY] =
    g_param_spec_boolean ("is-ready", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DiscServiceDiscovery::service:
   * @self: the service discovery
   * @name: the service name
   * @node: the candidate
   *
   * A candidate of a service passed every setup hook and is now active:
   * it is in the service's list ([method@Disc.ServiceDiscovery.lookup_service]).
   * Emitted for every service seen, needed or not.
   *
   * The signal is detailed by the service name, when some code of this
   * process already used that name as a detail: connect to
   * `service::service.database.redis` for one service.
   */
  signals[SIGNAL_SERVICE] =
    g_signal_new ("service", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  DISC_TYPE_NODE);

  /**
   * DiscServiceDiscovery::ready:
   * @self: the service discovery
   * @services: (type Gio.ListModel): the needed services, a live list of
   *   [class@Disc.Service], as [method@Disc.ServiceDiscovery.get_services]
   *   returns it
   *
   * Every needed service has an active candidate, which was not so
   * before. Emitted again each time that becomes true again after
   * [signal@Disc.ServiceDiscovery::notready]. An instance that needs no
   * service is never ready.
   */
  signals[SIGNAL_READY] =
    g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  /**
   * DiscServiceDiscovery::notready:
   * @self: the service discovery
   * @name: the needed service that has no active candidate
   *
   * A needed service lost its last active candidate: its node said
   * goodbye (at once, when it stopped), was not heard from within
   * node-timeout, changed its name, or failed a setup hook added later;
   * or this instance was stopped. Emitted for each such service, even if
   * the instance was not ready already. Also emitted when
   * [method@Disc.ServiceDiscovery.need] adds a missing service to a ready
   * instance.
   *
   * The signal is detailed by the service name: connect to
   * `notready::service.database.redis` for one service.
   */
  signals[SIGNAL_NOTREADY] =
    g_signal_new ("notready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
disc_service_discovery_init (DiscServiceDiscovery *self)
{
  self->registry = disc_service_registry_new (&registry_callbacks, hook_free, self);
  self->services = g_list_store_new (DISC_TYPE_SERVICE);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->watched = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * disc_service_discovery_new:
 *
 * Creates a service discovery with the seed's defaults. Like
 * [ctor@Disc.Discovery.new] it does not start by itself: advertise, state
 * needs and hooks, connect signals, then call [method@Disc.Discovery.start].
 *
 * Returns: (transfer full): a new service discovery
 */
DiscServiceDiscovery *
disc_service_discovery_new (void)
{
  return g_object_new (DISC_TYPE_SERVICE_DISCOVERY, NULL);
}

/**
 * disc_service_discovery_need:
 * @self: a service discovery
 * @name: a service name
 *
 * Requires the service @name before [signal@Disc.ServiceDiscovery::ready]
 * is emitted (the seed's `need`). Needing a service twice changes nothing.
 * If @name already has an active candidate, and every other need is met,
 * `ready` is emitted now; if @self was ready and @name has none,
 * [signal@Disc.ServiceDiscovery::notready] is.
 */
void
disc_service_discovery_need (DiscServiceDiscovery *self,
                             const char           *name)
{
  g_return_if_fail (DISC_IS_SERVICE_DISCOVERY (self));
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));

  if (self->registry == NULL)
    return;
  g_object_ref (self);
  disc_service_registry_need (self->registry, name);
  g_object_unref (self);
}

/**
 * disc_service_discovery_needv:
 * @self: a service discovery
 * @names: (array zero-terminated=1): service names
 *
 * Requires each of @names, as [method@Disc.ServiceDiscovery.need] does:
 * the seed's `need (a, b, ...)`.
 */
void
disc_service_discovery_needv (DiscServiceDiscovery *self,
                              const char * const   *names)
{
  g_return_if_fail (DISC_IS_SERVICE_DISCOVERY (self));
  g_return_if_fail (names != NULL);

  for (guint i = 0; names[i] != NULL; i++)
    disc_service_discovery_need (self, names[i]);
}

/**
 * disc_service_discovery_setup:
 * @self: a service discovery
 * @name: a service name
 * @hook: (scope notified) (closure user_data) (destroy destroy): the hook
 * @user_data: data for @hook
 * @destroy: (nullable): frees @user_data when @self is finalized
 *
 * Needs @name, and runs @hook for each of its candidates before the
 * candidate becomes active (the seed's `setup`). The hook gets a
 * [class@Disc.SetupCall] to complete, at once or later.
 *
 * Hooks of one service run one at a time: the next candidate's hooks
 * start only when the current call is completed. Several hooks for one
 * service run in the order they were added, each after the previous one
 * succeeded. A hook added while candidates are already there runs for them
 * too, the active ones included. When a hook fails,
 * [signal@Disc.Discovery::error] is emitted and the candidate is not
 * active, until it leaves and comes back; the other candidates still can
 * be.
 */
void
disc_service_discovery_setup (DiscServiceDiscovery *self,
                              const char           *name,
                              DiscSetupHook         hook,
                              gpointer              user_data,
                              GDestroyNotify        destroy)
{
  Hook *data;

  g_return_if_fail (DISC_IS_SERVICE_DISCOVERY (self));
  g_return_if_fail (name != NULL && g_utf8_validate (name, -1, NULL));
  g_return_if_fail (hook != NULL);

  data = g_new0 (Hook, 1);
  data->func = hook;
  data->user_data = user_data;
  data->destroy = destroy;
  if (self->registry == NULL)
    {
      hook_free (data);
      return;
    }
  g_object_ref (self);
  disc_service_registry_add_hook (self->registry, name, data);
  g_object_unref (self);
}

/**
 * disc_service_discovery_is_needed:
 * @self: a service discovery
 * @name: a service name
 *
 * Tells whether a service is needed.
 *
 * Returns: whether @name was needed, by [method@Disc.ServiceDiscovery.need]
 *   or [method@Disc.ServiceDiscovery.setup]
 */
gboolean
disc_service_discovery_is_needed (DiscServiceDiscovery *self,
                                  const char           *name)
{
  g_return_val_if_fail (DISC_IS_SERVICE_DISCOVERY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return self->registry != NULL && disc_service_registry_is_needed (self->registry, name);
}

/**
 * disc_service_discovery_is_ready:
 * @self: a service discovery
 *
 * Tells whether every needed service has an active candidate.
 *
 * Returns: the value of [property@Disc.ServiceDiscovery:is-ready]
 */
gboolean
disc_service_discovery_is_ready (DiscServiceDiscovery *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE_DISCOVERY (self), FALSE);
  return self->ready;
}

/**
 * disc_service_discovery_get_services:
 * @self: a service discovery
 *
 * The needed services, in the order they were first needed, each a live
 * list of its active candidates. The model is live too: a service is
 * added when first needed and stays.
 *
 * Returns: (transfer none): a list model of [class@Disc.Service]
 */
GListModel *
disc_service_discovery_get_services (DiscServiceDiscovery *self)
{
  g_return_val_if_fail (DISC_IS_SERVICE_DISCOVERY (self), NULL);
  return G_LIST_MODEL (self->services);
}

/**
 * disc_service_discovery_lookup_service:
 * @self: a service discovery
 * @name: a service name
 *
 * Finds a service by name: a needed one, or any other that has active
 * candidates now.
 *
 * Returns: (transfer none) (nullable): the service, or %NULL if @name is
 *   neither needed nor offered
 */
DiscService *
disc_service_discovery_lookup_service (DiscServiceDiscovery *self,
                                       const char           *name)
{
  g_return_val_if_fail (DISC_IS_SERVICE_DISCOVERY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}
