/* disc-monitor-session.c: the monitor's own node and what it sees
 *
 * Owns the DiscDiscovery the monitor runs, configured from GSettings with
 * the command line's overrides on top, and the models the views bind to:
 * every node (this monitor first), the masters, and the service groups.
 * The same DiscDiscovery and models live as long as the session: a change
 * of preferences stops and starts the discovery, and views follow the
 * models' items-changed, never rebuilding.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-session"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "disc-monitor-master-list.h"
#include "disc-monitor-property.h"
#include "disc-monitor-secrets.h"
#include "disc-monitor-session.h"
#include "disc-monitor-service-group-model.h"

struct _DiscMonitorSession
{
  GObject                       parent_instance;

  GSettings                    *settings;
  GSignalGroup                 *settings_signals;
  GVariantDict                 *overrides;  /* settings key -> value, for this run */
  char                         *key;        /* never written anywhere */
  char                         *algorithm;  /* the one in use */
  char                         *algorithm_override;  /* --algorithm, for this run */
  gboolean                      key_from_command_line;

  DiscDiscovery                *discovery;
  GListStore                   *self_store; /* holds only this monitor's node */
  GListModel                   *nodes;      /* self_store, then the peers */
  DiscMonitorMasterList        *masters;
  DiscMonitorServiceGroupModel *services;

  char                         *summary;
  char                         *error;
  guint                         restart_id;
};

G_DEFINE_FINAL_TYPE (DiscMonitorSession, disc_monitor_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUMMARY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GQuark self_quark;

/* The settings keys the node runs with (the others are the window's). */
static const char * const network_keys[] = {
  "port", "address", "network-mode", "broadcast", "multicast", "unicast",
  "dialect", "hello-interval", "check-interval", "node-timeout", "master-timeout",
  NULL,
};

/* The effective value of a setting: the command line's, else GSettings'. */
static GVariant *
lookup (GSettings    *settings,
        GVariantDict *overrides,
        const char   *settings_key)
{
  GVariant *value = NULL;

  if (overrides != NULL)
    value = g_variant_dict_lookup_value (overrides, settings_key, NULL);
  if (value == NULL)
    value = g_settings_get_value (settings, settings_key);
  return value;
}

static void
set_uint (DiscDiscovery *discovery,
          GSettings     *settings,
          GVariantDict  *overrides,
          const char    *key)   /* a settings key named after its property */
{
  g_autoptr(GVariant) value = lookup (settings, overrides, key);

  g_object_set (discovery, key, g_variant_get_uint32 (value), NULL);
}

/**
 * disc_monitor_session_configure_discovery:
 * @discovery: a discovery
 * @settings: the monitor's settings
 * @overrides: (nullable): values of settings keys for this run only
 *
 * Sets the network and timing options of @discovery from @settings, with
 * @overrides on top. The settings keys are named after the properties
 * they set, except network-mode, which says which of broadcast, multicast
 * and unicast is set; the dialect is stored as its nick. The session runs
 * with these options; the Preferences dialog and the command line check
 * them with disc_discovery_check_options() on a discovery of their own.
 */
void
disc_monitor_session_configure_discovery (DiscDiscovery *discovery,
                                          GSettings     *settings,
                                          GVariantDict  *overrides)
{
  g_autoptr(GVariant) address = NULL;
  g_autoptr(GVariant) mode = NULL;
  g_autoptr(GVariant) dialect = NULL;
  g_autoptr(GEnumClass) dialects = NULL;
  g_autofree char *broadcast = NULL;
  g_autofree char *multicast = NULL;
  g_auto(GStrv) unicast = NULL;
  const char *mode_name;
  GEnumValue *dialect_value;

  g_return_if_fail (DISC_IS_DISCOVERY (discovery));
  g_return_if_fail (G_IS_SETTINGS (settings));

  address = lookup (settings, overrides, "address");
  mode = lookup (settings, overrides, "network-mode");
  mode_name = g_variant_get_string (mode, NULL);
  if (g_str_equal (mode_name, "broadcast"))
    {
      g_autoptr(GVariant) value = lookup (settings, overrides, "broadcast");
      broadcast = g_variant_dup_string (value, NULL);
    }
  else if (g_str_equal (mode_name, "multicast"))
    {
      g_autoptr(GVariant) value = lookup (settings, overrides, "multicast");
      multicast = g_variant_dup_string (value, NULL);
    }
  else if (g_str_equal (mode_name, "unicast"))
    {
      g_autoptr(GVariant) value = lookup (settings, overrides, "unicast");
      unicast = g_variant_dup_strv (value, NULL);
    }

  /* An unknown nick (a schema older than the library) is the default. */
  dialect = lookup (settings, overrides, "dialect");
  dialects = g_type_class_ref (DISC_TYPE_DIALECT);
  dialect_value = g_enum_get_value_by_nick (dialects, g_variant_get_string (dialect, NULL));
  if (dialect_value != NULL)
    g_object_set (discovery, "dialect", dialect_value->value, NULL);

  g_object_set (discovery,
                "address", *g_variant_get_string (address, NULL) ? g_variant_get_string (address, NULL) : NULL,
                "broadcast", broadcast,
                "multicast", multicast,
                "unicast", unicast,
                NULL);
  set_uint (discovery, settings, overrides, "port");
  set_uint (discovery, settings, overrides, "hello-interval");
  set_uint (discovery, settings, overrides, "check-interval");
  set_uint (discovery, settings, overrides, "node-timeout");
  set_uint (discovery, settings, overrides, "master-timeout");
}

/**
 * disc_monitor_dialect_nicks:
 *
 * The values of the dialect setting (and of --dialect): the nicks of the
 * library's DiscDialect, in the order of its values.
 *
 * Returns: (transfer full): the nicks
 */
char **
disc_monitor_dialect_nicks (void)
{
  g_autoptr(GEnumClass) dialects = g_type_class_ref (DISC_TYPE_DIALECT);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < dialects->n_values; i++)
    g_strv_builder_add (builder, dialects->values[i].value_nick);
  return g_strv_builder_end (builder);
}

/* Read back from the discovery: the header says what the node really
 * runs with. */
static char *
build_summary (DiscMonitorSession *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *broadcast = NULL;
  g_autofree char *multicast = NULL;
  g_auto(GStrv) unicast = NULL;
  DiscDialect dialect;
  guint port;

  g_object_get (self->discovery,
                "port", &port,
                "broadcast", &broadcast,
                "multicast", &multicast,
                "unicast", &unicast,
                "dialect", &dialect,
                NULL);

  /* Translators: the UDP port the monitor uses, first part of the header subtitle */
  g_string_append_printf (summary, _("Port %u"), port);
  g_string_append (summary, " · ");
  if (broadcast != NULL)
    /* Translators: %s is a broadcast address such as 10.0.0.255 */
    g_string_append_printf (summary, _("broadcast to %s"), broadcast);
  else if (multicast != NULL)
    /* Translators: %s is a multicast group such as 239.1.2.3 */
    g_string_append_printf (summary, _("multicast group %s"), multicast);
  else if (unicast != NULL && unicast[0] != NULL)
    {
      g_autofree char *peers = g_strjoinv (", ", unicast);

      /* Translators: %s is a list of peers such as "10.0.0.2, 10.0.0.3:4000" */
      g_string_append_printf (summary, _("unicast to %s"), peers);
    }
  else
    g_string_append (summary, _("broadcast on every interface"));
  g_string_append (summary, " · ");
  if (self->key != NULL)
    /* Translators: %s is a cipher name such as aes256 */
    g_string_append_printf (summary, _("encrypted (%s)"), self->algorithm);
  else
    g_string_append (summary, _("not encrypted"));
  if (dialect == DISC_DIALECT_PLAIN)
    {
      g_string_append (summary, " · ");
      g_string_append (summary, _("node-discover dialect"));
    }
  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static void
set_error (DiscMonitorSession *self,
           const char         *error)
{
  disc_monitor_set_string_property (G_OBJECT (self), &self->error, error, properties[PROP_ERROR]);
}

/* The command line's --algorithm holds while @settings has the
 * algorithm the session started with; one chosen in Preferences wins. */
static char *
choose_algorithm (DiscMonitorSession *self,
                  GSettings          *settings)
{
  g_autofree char *chosen = g_settings_get_string (settings, "algorithm");
  g_autofree char *current = NULL;

  if (self->algorithm_override == NULL)
    return g_steal_pointer (&chosen);
  current = g_settings_get_string (self->settings, "algorithm");
  return g_str_equal (chosen, current) ? g_strdup (self->algorithm_override) : g_steal_pointer (&chosen);
}

/**
 * disc_monitor_session_configure_security:
 * @self: a session
 * @discovery: the discovery to configure
 * @settings: settings of the monitor's schema: the session's, or the
 *   Preferences dialog's delayed copy of them
 *
 * Sets the session's key on @discovery, with remote-control and the
 * algorithm of @settings (the command line's --algorithm while @settings
 * has the session's). The session starts its node so; Preferences checks
 * its fields so before applying them, as the library refuses
 * remote-control without an aes-256-gcm key.
 */
void
disc_monitor_session_configure_security (DiscMonitorSession *self,
                                         DiscDiscovery      *discovery,
                                         GSettings          *settings)
{
  g_autofree char *algorithm = NULL;

  g_return_if_fail (DISC_IS_MONITOR_SESSION (self));
  g_return_if_fail (DISC_IS_DISCOVERY (discovery));
  g_return_if_fail (G_IS_SETTINGS (settings));

  algorithm = choose_algorithm (self, settings);
  /* remote-control goes with the key: both checked at start, which says
   * why when one is missing. */
  g_object_set (discovery,
                "key", self->key,
                "remote-control", g_settings_get_boolean (settings, "remote-control"),
                NULL);
  /* Without a key the algorithm means nothing: the settings' one waits. */
  if (self->key != NULL)
    g_object_set (discovery, "algorithm", algorithm, NULL);
}

static void
configure (DiscMonitorSession *self)
{
  g_autofree char *summary = NULL;

  g_free (self->algorithm);
  self->algorithm = choose_algorithm (self, self->settings);
  disc_monitor_session_configure_discovery (self->discovery, self->settings, self->overrides);
  disc_monitor_session_configure_security (self, self->discovery, self->settings);

  summary = build_summary (self);
  disc_monitor_set_string_property (G_OBJECT (self), &self->summary, summary, properties[PROP_SUMMARY]);
}

/**
 * disc_monitor_session_start:
 * @self: a session
 * @error: return location for an error
 *
 * Applies the settings and starts the monitor's node. The error, if any,
 * is also kept in [property@DiscMonitorSession:error] for the window.
 *
 * Returns: %TRUE if the node runs
 */
gboolean
disc_monitor_session_start (DiscMonitorSession  *self,
                            GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), FALSE);

  disc_discovery_stop (self->discovery);
  configure (self);
  if (!disc_discovery_start (self->discovery, &local_error))
    {
      set_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_error (self, NULL);
  return TRUE;
}

/**
 * disc_monitor_session_stop:
 * @self: a session
 *
 * Says goodbye to the peers and stops the node.
 */
void
disc_monitor_session_stop (DiscMonitorSession *self)
{
  g_return_if_fail (DISC_IS_MONITOR_SESSION (self));

  g_clear_handle_id (&self->restart_id, g_source_remove);
  disc_discovery_stop (self->discovery);
}

static gboolean
on_restart_timeout (gpointer user_data)
{
  DiscMonitorSession *self = user_data;

  self->restart_id = 0;
  disc_monitor_session_start (self, NULL);
  return G_SOURCE_REMOVE;
}

/**
 * disc_monitor_session_queue_restart:
 * @self: a session
 *
 * Restarts the node shortly, once for a burst of setting changes.
 */
void
disc_monitor_session_queue_restart (DiscMonitorSession *self)
{
  g_return_if_fail (DISC_IS_MONITOR_SESSION (self));

  g_clear_handle_id (&self->restart_id, g_source_remove);
  self->restart_id = g_timeout_add (200, on_restart_timeout, self);
}

static void
on_settings_changed (GSettings          *settings,
                     const char         *settings_key,
                     DiscMonitorSession *self)
{
  if (g_str_equal (settings_key, "remote-control"))
    {
      disc_monitor_session_queue_restart (self);
      return;
    }
  if (!g_strv_contains (network_keys, settings_key) && !g_str_equal (settings_key, "algorithm"))
    return;

  /* A setting changed in Preferences wins over the command line's. The
   * three keys of the network mode go together. */
  if (self->overrides != NULL)
    {
      if (g_str_equal (settings_key, "network-mode") || g_str_equal (settings_key, "broadcast") ||
          g_str_equal (settings_key, "multicast") || g_str_equal (settings_key, "unicast"))
        {
          g_variant_dict_remove (self->overrides, "network-mode");
          g_variant_dict_remove (self->overrides, "broadcast");
          g_variant_dict_remove (self->overrides, "multicast");
          g_variant_dict_remove (self->overrides, "unicast");
        }
      g_variant_dict_remove (self->overrides, settings_key);
    }
  if (g_str_equal (settings_key, "algorithm"))
    g_clear_pointer (&self->algorithm_override, g_free);
  disc_monitor_session_queue_restart (self);
}

/* The monitor's own row is there only while its node runs: a node that
 * failed to start is not a live node at 0.0.0.0. */
static void
on_running_notify (DiscDiscovery      *discovery,
                   GParamSpec         *pspec,
                   DiscMonitorSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->self_store));

  if (disc_discovery_is_running (discovery) && n == 0)
    g_list_store_append (self->self_store, disc_discovery_get_me (discovery));
  else if (!disc_discovery_is_running (discovery) && n > 0)
    g_list_store_remove_all (self->self_store);
}

static void
disc_monitor_session_dispose (GObject *object)
{
  DiscMonitorSession *self = DISC_MONITOR_SESSION (object);

  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_object (&self->settings_signals);
  if (self->discovery != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->discovery, on_running_notify, self);
      disc_discovery_stop (self->discovery);
    }
  g_clear_object (&self->services);
  g_clear_object (&self->masters);
  g_clear_object (&self->nodes);
  g_clear_object (&self->self_store);
  g_clear_object (&self->discovery);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->overrides, g_variant_dict_unref);

  G_OBJECT_CLASS (disc_monitor_session_parent_class)->dispose (object);
}

static void
disc_monitor_session_finalize (GObject *object)
{
  DiscMonitorSession *self = DISC_MONITOR_SESSION (object);

  disc_monitor_secrets_wipe (&self->key);
  g_clear_pointer (&self->algorithm, g_free);
  g_clear_pointer (&self->algorithm_override, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (disc_monitor_session_parent_class)->finalize (object);
}

static void
disc_monitor_session_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DiscMonitorSession *self = DISC_MONITOR_SESSION (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_session_class_init (DiscMonitorSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = disc_monitor_session_dispose;
  object_class->finalize = disc_monitor_session_finalize;
  object_class->get_property = disc_monitor_session_get_property;

  /*
   * DiscMonitorSession:summary:
   *
   * What the node runs with, in one translated line: port, destination,
   * encryption, dialect. The window's subtitle binds to it.
   */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, flags);
  /*
   * DiscMonitorSession:error:
   *
   * Why the node did not start, or %NULL while it runs.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  self_quark = g_quark_from_static_string ("disc-monitor-self");
}

static void
disc_monitor_session_init (DiscMonitorSession *self)
{
}

/**
 * disc_monitor_session_new:
 * @settings: the monitor's settings
 * @overrides: (nullable): values of settings keys for this run only
 * @key: (nullable): the passphrase from the command line or $DISC_KEY,
 *   kept in memory only
 * @algorithm: (nullable): the cipher from the command line; %NULL for the
 *   one in the settings
 *
 * Creates the monitor's node, not master-eligible (a dashboard never
 * takes mastership from a cluster unless promoted), not yet started.
 *
 * Returns: (transfer full): a new session
 */
DiscMonitorSession *
disc_monitor_session_new (GSettings    *settings,
                          GVariantDict *overrides,
                          const char   *key,
                          const char   *algorithm)
{
  DiscMonitorSession *self;
  GListStore *models;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_SESSION, NULL);
  self->settings = g_object_ref (settings);
  self->overrides = overrides ? g_variant_dict_ref (overrides) : NULL;
  self->key = (key != NULL && *key != '\0') ? g_strdup (key) : NULL;
  self->key_from_command_line = self->key != NULL;
  self->algorithm_override = g_strdup (algorithm);

  self->discovery = disc_discovery_new ();
  g_object_set (self->discovery, "master-eligible", FALSE, NULL);
  g_object_set_qdata (G_OBJECT (disc_discovery_get_me (self->discovery)),
                      self_quark, GINT_TO_POINTER (TRUE));

  self->self_store = g_list_store_new (DISC_TYPE_NODE);
  g_signal_connect (self->discovery, "notify::running", G_CALLBACK (on_running_notify), self);
  models = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (models, self->self_store);
  g_list_store_append (models, disc_discovery_get_nodes (self->discovery));
  self->nodes = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (models)));

  self->masters = disc_monitor_master_list_new (self->nodes);
  self->services = disc_monitor_service_group_model_new (self->nodes);

  /* The settings are the application's: they outlive the session. */
  self->settings_signals = g_signal_group_new (G_TYPE_SETTINGS);
  g_signal_group_connect (self->settings_signals, "changed", G_CALLBACK (on_settings_changed), self);
  g_signal_group_set_target (self->settings_signals, settings);
  configure (self);
  return self;
}

DiscDiscovery *
disc_monitor_session_get_discovery (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return self->discovery;
}

DiscNode *
disc_monitor_session_get_me (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return disc_discovery_get_me (self->discovery);
}

GListModel *
disc_monitor_session_get_nodes (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return self->nodes;
}

GListModel *
disc_monitor_session_get_masters (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return disc_monitor_master_list_get_model (self->masters);
}

DiscMonitorServiceGroupModel *
disc_monitor_session_get_services (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return self->services;
}

const char *
disc_monitor_session_get_error (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), NULL);
  return self->error;
}

gboolean
disc_monitor_session_get_encrypted (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), FALSE);
  return self->key != NULL;
}

/**
 * disc_monitor_overrides_network:
 * @overrides: (nullable): values of settings keys for this run only
 *
 * Returns: whether @overrides set any of the settings the node runs with
 */
gboolean
disc_monitor_overrides_network (GVariantDict *overrides)
{
  if (overrides == NULL)
    return FALSE;
  for (guint i = 0; network_keys[i] != NULL; i++)
    if (g_variant_dict_contains (overrides, network_keys[i]))
      return TRUE;
  return FALSE;
}

/**
 * disc_monitor_session_get_overridden:
 * @self: a session
 *
 * Returns: whether the command line set any of the network settings for
 *   this run (a setting then changed in Preferences wins again)
 */
gboolean
disc_monitor_session_get_overridden (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), FALSE);
  return disc_monitor_overrides_network (self->overrides);
}

/**
 * disc_monitor_node_is_self:
 * @node: a node
 *
 * Returns: whether @node is the monitor's own
 */
gboolean
disc_monitor_node_is_self (DiscNode *node)
{
  g_return_val_if_fail (DISC_IS_NODE (node), FALSE);
  return self_quark != 0 && g_object_get_qdata (G_OBJECT (node), self_quark) != NULL;
}

/**
 * disc_monitor_session_set_key:
 * @self: a session
 * @key: (nullable): the passphrase, kept in memory only; %NULL for none
 *
 * Uses @key from the next start on (see
 * disc_monitor_session_queue_restart()). A key from the command line
 * is replaced too: the user typed this one later.
 */
void
disc_monitor_session_set_key (DiscMonitorSession *self,
                              const char         *key)
{
  g_return_if_fail (DISC_IS_MONITOR_SESSION (self));

  disc_monitor_secrets_wipe (&self->key);
  self->key = (key != NULL && *key != '\0') ? g_strdup (key) : NULL;
  self->key_from_command_line = FALSE;
}

/**
 * disc_monitor_session_get_key_from_command_line:
 * @self: a session
 *
 * Returns: whether the key in use came from --key-file or $DISC_KEY
 */
gboolean
disc_monitor_session_get_key_from_command_line (DiscMonitorSession *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_SESSION (self), FALSE);
  return self->key_from_command_line;
}
