/* disc-setup-call.c: one run of a service setup hook
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-setup-call"

#include "config.h"

#include "disc-setup-call-private.h"

/**
 * DiscSetupCall:
 *
 * One run of a setup hook registered with
 * [method@Disc.ServiceDiscovery.setup], for one candidate of a service:
 * the seed's `setup (service, function (info, callback))`, as an object a
 * hook can keep and complete later, from C or from any language with
 * GObject introspection.
 *
 * The hook reads what it needs ([property@Disc.SetupCall:service-name],
 * [property@Disc.SetupCall:node], [property@Disc.SetupCall:info]), starts
 * its work, and completes the call exactly once with
 * [method@Disc.SetupCall.return_success] or
 * [method@Disc.SetupCall.return_error]. Until then the other candidates of
 * the same service wait their turn.
 *
 * ```c
 * static void
 * setup_redis (DiscServiceDiscovery *d, DiscSetupCall *call, gpointer user_data)
 * {
 *   JsonNode *info = disc_setup_call_get_info (call);
 *   // ... connect asynchronously, passing g_object_ref (call) along;
 *   // when connected:   disc_setup_call_return_success (call);
 *   // when it failed:   disc_setup_call_take_error (call, error);
 * }
 * ```
 *
 * A hook that lets go of its last reference without completing the call
 * fails it. If the candidate goes away first (it said goodbye, timed out
 * or changed its service name), [property@Disc.SetupCall:cancellable] is
 * cancelled and completing the call does nothing.
 *
 * Calls must be completed on the thread whose main context runs the
 * service discovery.
 */

struct _DiscSetupCall
{
  GObject               parent_instance;

  DiscServiceDiscovery *owner;       /* NULL once completed or cancelled */
  guint64               call_id;
  char                 *service_name;
  DiscNode             *node;
  JsonNode             *info;
  GCancellable         *cancellable;
  gboolean              completed;
};

G_DEFINE_FINAL_TYPE (DiscSetupCall, disc_setup_call, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SERVICE_NAME,
  PROP_NODE,
  PROP_INFO,
  PROP_CANCELLABLE,
  PROP_COMPLETED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void complete (DiscSetupCall *self,
                      const GError  *error);

static void
disc_setup_call_dispose (GObject *object)
{
  DiscSetupCall *self = DISC_SETUP_CALL (object);

  if (self->owner != NULL && !self->completed)
    {
      g_autoptr(GError) error = NULL;

      /* Like a callback the seed's hook never calls, except that here we
       * can tell: the candidate fails instead of blocking the queue. */
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                           "the setup hook let go of its call without completing it");
      g_object_ref (self);
      complete (self, error);
      g_object_unref (self);
    }

  G_OBJECT_CLASS (disc_setup_call_parent_class)->dispose (object);
}

static void
disc_setup_call_finalize (GObject *object)
{
  DiscSetupCall *self = DISC_SETUP_CALL (object);

  g_free (self->service_name);
  g_clear_object (&self->node);
  g_clear_pointer (&self->info, json_node_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (disc_setup_call_parent_class)->finalize (object);
}

static void
disc_setup_call_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DiscSetupCall *self = DISC_SETUP_CALL (object);

  switch (prop_id)
    {
    case PROP_SERVICE_NAME: g_value_set_string (value, self->service_name); break;
    case PROP_NODE: g_value_set_object (value, self->node); break;
    case PROP_INFO: g_value_set_boxed (value, self->info); break;
    case PROP_CANCELLABLE: g_value_set_object (value, self->cancellable); break;
    case PROP_COMPLETED: g_value_set_boolean (value, disc_setup_call_is_completed (self)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_setup_call_class_init (DiscSetupCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_setup_call_dispose;
  object_class->finalize = disc_setup_call_finalize;
  object_class->get_property = disc_setup_call_get_property;

  /**
   * DiscSetupCall:service-name:
   *
   * The name of the service being set up.
   */
  properties[PROP_SERVICE_NAME] =
    g_param_spec_string ("service-name", NULL, NULL, NULL, ro);

  /**
   * DiscSetupCall:node:
   *
   * The candidate: the node advertising the service.
   */
  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, DISC_TYPE_NODE, ro);

  /**
   * DiscSetupCall:info: (type Json.Node)
   *
   * What the candidate advertised when the call started (the seed's
   * `service` argument): an object with a string `name`.
   */
  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL, JSON_TYPE_NODE, ro);

  /**
   * DiscSetupCall:cancellable:
   *
   * Cancelled when the candidate goes away before the call is completed,
   * or when the service discovery is finalized; pass it to the
   * asynchronous work the hook starts.
   */
  properties[PROP_CANCELLABLE] =
    g_param_spec_object ("cancellable", NULL, NULL, G_TYPE_CANCELLABLE, ro);

  /**
   * DiscSetupCall:completed:
   *
   * Whether the call is over: completed, or cancelled because it is no
   * longer waited for. Completing a cancelled call does nothing;
   * completing a call twice is a programming error.
   */
  properties[PROP_COMPLETED] =
    g_param_spec_boolean ("completed", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_setup_call_init (DiscSetupCall *self)
{
  self->cancellable = g_cancellable_new ();
}

DiscSetupCall *
_disc_setup_call_new (DiscServiceDiscovery *owner,
                      guint64               call_id,
                      const char           *service_name,
                      DiscNode             *node)
{
  DiscSetupCall *self = g_object_new (DISC_TYPE_SETUP_CALL, NULL);
  JsonNode *info = disc_node_get_info (node);

  self->owner = owner;
  self->call_id = call_id;
  self->service_name = g_strdup (service_name);
  self->node = g_object_ref (node);
  self->info = info != NULL ? json_node_ref (info) : NULL;
  return self;
}

guint64
_disc_setup_call_get_id (DiscSetupCall *self)
{
  return self->call_id;
}

/* The candidate went away, or the owner is being disposed. */
void
_disc_setup_call_cancel (DiscSetupCall *self)
{
  g_autoptr(DiscSetupCall) hold = g_object_ref (self);

  if (self->owner == NULL)
    return;
  self->owner = NULL;
  if (!self->completed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED]);
  g_cancellable_cancel (self->cancellable);
}

static void
complete (DiscSetupCall *self,
          const GError  *error)
{
  DiscServiceDiscovery *owner = self->owner;

  self->completed = TRUE;
  self->owner = NULL;
  if (owner != NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED]);
      g_object_ref (owner);
      _disc_service_discovery_complete_call (owner, self, error);
      g_object_unref (owner);
    }
}

static gboolean
check_not_completed (DiscSetupCall *self)
{
  if (!self->completed)
    return TRUE;
  g_critical ("The setup call of “%s” for node %s was already completed",
              self->service_name, disc_node_get_id (self->node));
  return FALSE;
}

/**
 * disc_setup_call_get_service_name:
 * @self: a setup call
 *
 * Gets the name of the service the call sets up.
 *
 * Returns: the name of the service being set up
 */
const char *
disc_setup_call_get_service_name (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), NULL);
  return self->service_name;
}

/**
 * disc_setup_call_get_node:
 * @self: a setup call
 *
 * Gets the candidate being set up: the node that advertises the service.
 *
 * Returns: (transfer none): the candidate node
 */
DiscNode *
disc_setup_call_get_node (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), NULL);
  return self->node;
}

/**
 * disc_setup_call_get_info:
 * @self: a setup call
 *
 * What the candidate advertised when the call started: the seed's
 * `service` argument to the hook.
 *
 * Returns: (transfer none): the candidate's info, an object with a string
 *   `name`
 */
JsonNode *
disc_setup_call_get_info (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), NULL);
  return self->info;
}

/**
 * disc_setup_call_dup_info_json:
 * @self: a setup call
 *
 * The candidate's info as JSON text, for languages that would rather parse
 * it than walk a [struct@Json.Node].
 *
 * Returns: (transfer full): the info as compact JSON
 */
char *
disc_setup_call_dup_info_json (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), NULL);
  return self->info != NULL ? json_to_string (self->info, FALSE) : g_strdup ("null");
}

/**
 * disc_setup_call_get_cancellable:
 * @self: a setup call
 *
 * Gets the call's cancellable, to pass to the asynchronous work the hook
 * starts.
 *
 * Returns: (transfer none): a cancellable that is cancelled when the call
 *   is no longer waited for
 */
GCancellable *
disc_setup_call_get_cancellable (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), NULL);
  return self->cancellable;
}

/**
 * disc_setup_call_is_completed:
 * @self: a setup call
 *
 * Tells whether the call is over: completed, or cancelled because the
 * candidate went away.
 *
 * Returns: whether the call was completed or cancelled
 */
gboolean
disc_setup_call_is_completed (DiscSetupCall *self)
{
  g_return_val_if_fail (DISC_IS_SETUP_CALL (self), FALSE);
  return self->completed || self->owner == NULL;
}

/**
 * disc_setup_call_return_success:
 * @self: a setup call
 *
 * Completes the call: the candidate passed this hook. When it has passed
 * every hook of its service it becomes active
 * ([signal@Disc.ServiceDiscovery::service]).
 */
void
disc_setup_call_return_success (DiscSetupCall *self)
{
  g_return_if_fail (DISC_IS_SETUP_CALL (self));
  if (check_not_completed (self))
    complete (self, NULL);
}

/**
 * disc_setup_call_return_error:
 * @self: a setup call
 * @error: why the setup failed
 *
 * Completes the call with an error: the candidate is not activated (or no
 * longer active), and the service discovery emits
 * [signal@Disc.Discovery::error] with a copy of @error, its message
 * prefixed with the service and node. The next candidate's setup starts.
 */
void
disc_setup_call_return_error (DiscSetupCall *self,
                              const GError  *error)
{
  g_return_if_fail (DISC_IS_SETUP_CALL (self));
  g_return_if_fail (error != NULL);
  if (check_not_completed (self))
    complete (self, error);
}

/**
 * disc_setup_call_take_error:
 * @self: a setup call
 * @error: (transfer full): why the setup failed
 *
 * Like [method@Disc.SetupCall.return_error], and frees @error.
 */
void
disc_setup_call_take_error (DiscSetupCall *self,
                            GError        *error)
{
  g_autoptr(GError) owned = error;

  g_return_if_fail (DISC_IS_SETUP_CALL (self));
  g_return_if_fail (error != NULL);
  if (check_not_completed (self))
    complete (self, owned);
}

/**
 * disc_setup_call_return_error_literal:
 * @self: a setup call
 * @domain: the error domain
 * @code: the error code
 * @message: the error message
 *
 * Like [method@Disc.SetupCall.return_error], with the error given by its
 * parts.
 */
void
disc_setup_call_return_error_literal (DiscSetupCall *self,
                                      GQuark         domain,
                                      int            code,
                                      const char    *message)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DISC_IS_SETUP_CALL (self));
  g_return_if_fail (domain != 0);
  g_return_if_fail (message != NULL);
  if (!check_not_completed (self))
    return;
  error = g_error_new_literal (domain, code, message);
  complete (self, error);
}
