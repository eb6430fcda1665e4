/* disc-monitor-application.c: the Discovery Monitor application
 *
 * Parses the command line (options that point the monitor at a cluster
 * for this run only, over the GSettings preferences, each named after the
 * DiscDiscovery property it sets and checked by libdisc itself; bad usage
 * exits 2), reads the encryption key from --key-file or $DISC_KEY (kept
 * in memory, never written), else from the user's keyring (Preferences
 * stores it there), creates the session and the window.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-application"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "disc-monitor-application-private.h"
#include "disc-monitor-debug.h"
#include "disc-monitor-secrets.h"
#include "disc-monitor-window.h"

G_DEFINE_FINAL_TYPE (DiscMonitorApplication, disc_monitor_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, NULL,
    N_("UDP port of the cluster (default: from Preferences, 12345)"), N_("PORT") },
  { "address", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("IPv4 address to bind to (default 0.0.0.0)"), N_("ADDRESS") },
  { "broadcast", 'b', 0, G_OPTION_ARG_STRING, NULL,
    N_("Broadcast address to send to (default: that of every interface)"), N_("ADDRESS") },
  { "multicast", 'm', 0, G_OPTION_ARG_STRING, NULL,
    N_("Multicast group to join and send to"), N_("GROUP") },
  { "unicast", 'u', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Send to this peer directly (repeatable)"), N_("HOST[:PORT]") },
  { "key-file", 'k', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Read the encryption passphrase from FILE (default: $DISC_KEY, else the one saved in Preferences)"), N_("FILE") },
  { "algorithm", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Cipher used with a key: aes256, aes192, aes128 or aes-256-gcm (default: from Preferences, aes256)"), N_("ALGORITHM") },
  { "dialect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Packets to send: wrap (node-discovery 0.2) or plain (node-discover 1.x)"), N_("DIALECT") },
  { "hello-interval", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Milliseconds between hellos"), N_("MS") },
  { "check-interval", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Milliseconds between checks for silent nodes"), N_("MS") },
  { "node-timeout", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Drop a node not heard from for MS milliseconds"), N_("MS") },
  { "master-timeout", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Drop a master not heard from for MS milliseconds"), N_("MS") },
  { "etcd", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Also show every LAN of the cluster from etcd, as disc bridge mirrors them: "
       "comma-separated http://HOST:PORT or unix:PATH"), N_("ENDPOINTS") },
  { "cluster", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --etcd: the cluster's name, as given to disc bridge"), N_("NAME") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { NULL }
};

/* The schema is installed with the application; run from the build tree,
 * the one compiled there is used. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaSource) build_source = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, DISC_MONITOR_APP_ID, TRUE);
  if (schema == NULL &&
      g_file_test (DISC_MONITOR_BUILD_SCHEMA_DIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      build_source = g_settings_schema_source_new_from_directory (DISC_MONITOR_BUILD_SCHEMA_DIR,
                                                                  source, FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, DISC_MONITOR_APP_ID, FALSE);
    }
  if (schema == NULL)
    g_error ("The GSettings schema %s is not installed", DISC_MONITOR_APP_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

/* A key file holds one passphrase: far more than any is allowed, and a
 * bound on what is read, so that --key-file /dev/zero fails at once
 * instead of filling memory. */
#define MAX_KEY_FILE_BYTES (64 * 1024)

static char *
read_key_file (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autofree char *contents = NULL;
  gsize length;

  if (stream == NULL)
    return NULL;
  /* One byte more than allowed tells a file that is too large. */
  contents = g_malloc (MAX_KEY_FILE_BYTES + 2);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), contents, MAX_KEY_FILE_BYTES + 1,
                                &length, NULL, error))
    {
      explicit_bzero (contents, MAX_KEY_FILE_BYTES + 2);
      return NULL;
    }
  contents[length] = '\0';
  if (length > MAX_KEY_FILE_BYTES)
    {
      explicit_bzero (contents, length);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: the key file is over %d bytes (64 KiB); it holds one passphrase"),
                   path, MAX_KEY_FILE_BYTES);
      return NULL;
    }
  if (length > 0 && contents[length - 1] == '\n')
    contents[--length] = '\0';
  if (length > 0 && contents[length - 1] == '\r')
    contents[--length] = '\0';
  if (length == 0 || strlen (contents) != length || !g_utf8_validate (contents, length, NULL))
    {
      explicit_bzero (contents, length);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s: the key file is empty or not UTF-8 text"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* A number of milliseconds or a port, in the range of the property it
 * sets (options are named after DiscDiscovery's properties). */
static gboolean
take_uint_option (GVariantDict *options,
                  const char   *option,
                  GVariantDict *overrides)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (DISC_TYPE_DISCOVERY);
  GParamSpecUInt *pspec = G_PARAM_SPEC_UINT (g_object_class_find_property (G_OBJECT_CLASS (klass), option));
  gint32 value;

  if (!g_variant_dict_lookup (options, option, "i", &value))
    return TRUE;
  if (value < 0 || (guint) value < pspec->minimum || (guint) value > pspec->maximum)
    {
      g_printerr (_("--%s: %d is not in the range %u to %u\n"), option, value,
                  pspec->minimum, pspec->maximum);
      return FALSE;
    }
  g_variant_dict_insert (overrides, option, "u", (guint32) value);
  return TRUE;
}

/* The library checks the options the monitor will run with: the settings
 * with the command line on top, every destination flag given (so that it
 * says which ones clash). An option at fault that the command line gave
 * is bad usage; settings at fault are shown in the window, which offers
 * Preferences. */
static gboolean
check_options (DiscMonitorApplication *self,
               GVariantDict           *options)
{
  g_autoptr(DiscDiscovery) discovery = disc_discovery_new ();
  g_autoptr(GError) error = NULL;
  const char *property;
  const char *conflict;
  const char *string;
  g_autofree const char **unicast = NULL;

  disc_monitor_session_configure_discovery (discovery, self->settings, self->overrides);
  if (g_variant_dict_lookup (options, "broadcast", "&s", &string))
    g_object_set (discovery, "broadcast", string, NULL);
  if (g_variant_dict_lookup (options, "multicast", "&s", &string))
    g_object_set (discovery, "multicast", string, NULL);
  if (g_variant_dict_lookup (options, "unicast", "^a&s", &unicast))
    g_object_set (discovery, "unicast", unicast, NULL);
  if (self->algorithm != NULL)
    g_object_set (discovery, "algorithm", self->algorithm, NULL);
  if (disc_discovery_check_options (discovery, &error))
    return TRUE;

  property = disc_option_error_get_property_name (error);
  conflict = disc_option_error_get_conflict (error);
  /* Each option is named after the property it sets, and so is the
   * start of the library's message. */
  if (property != NULL && g_variant_dict_contains (options, property))
    g_printerr ("--%s\n", error->message);
  else if (conflict != NULL && g_variant_dict_contains (options, conflict))
    g_printerr ("--%s: %s\n", conflict, error->message);
  else
    return TRUE;
  return FALSE;
}

static int
disc_monitor_application_handle_local_options (GApplication *application,
                                               GVariantDict *options)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (application);
  const char *string;
  const char *key_file = NULL;
  g_autofree const char **unicast = NULL;

  self->options_parsed = TRUE;
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("disc-monitor %s\n", PACKAGE_VERSION);
      return 0;
    }

  self->overrides = g_variant_dict_new (NULL);

  if (!take_uint_option (options, "port", self->overrides) ||
      !take_uint_option (options, "hello-interval", self->overrides) ||
      !take_uint_option (options, "check-interval", self->overrides) ||
      !take_uint_option (options, "node-timeout", self->overrides) ||
      !take_uint_option (options, "master-timeout", self->overrides))
    return 2;
  if (g_variant_dict_lookup (options, "address", "&s", &string))
    g_variant_dict_insert (self->overrides, "address", "s", string);
  /* Of several destinations, check_options() names the clash. */
  if (g_variant_dict_lookup (options, "broadcast", "&s", &string))
    {
      g_variant_dict_insert (self->overrides, "network-mode", "s", "broadcast");
      g_variant_dict_insert (self->overrides, "broadcast", "s", string);
    }
  if (g_variant_dict_lookup (options, "multicast", "&s", &string))
    {
      g_variant_dict_insert (self->overrides, "network-mode", "s", "multicast");
      g_variant_dict_insert (self->overrides, "multicast", "s", string);
    }
  if (g_variant_dict_lookup (options, "unicast", "^a&s", &unicast))
    {
      g_variant_dict_insert (self->overrides, "network-mode", "s", "unicast");
      g_variant_dict_insert_value (self->overrides, "unicast", g_variant_new_strv (unicast, -1));
    }
  if (g_variant_dict_lookup (options, "dialect", "&s", &string))
    {
      g_autoptr(GEnumClass) dialects = g_type_class_ref (DISC_TYPE_DIALECT);

      if (g_enum_get_value_by_nick (dialects, string) == NULL)
        {
          g_auto(GStrv) nicks = disc_monitor_dialect_nicks ();
          g_autofree char *choices = g_strjoinv (", ", nicks);

          g_printerr (_("--dialect: “%s” is not one of %s\n"), string, choices);
          return 2;
        }
      g_variant_dict_insert (self->overrides, "dialect", "s", string);
    }
  if (g_variant_dict_lookup (options, "algorithm", "&s", &string))
    self->algorithm = g_strdup (string);
  if (g_variant_dict_lookup (options, "etcd", "&s", &string))
    self->etcd = g_strdup (string);
  if (g_variant_dict_lookup (options, "cluster", "&s", &string))
    self->cluster = g_strdup (string);
  if ((self->etcd == NULL) != (self->cluster == NULL))
    {
      g_printerr (_("--etcd and --cluster go together\n"));
      return 2;
    }
  if (self->etcd != NULL)
    {
#if DISC_HAS_ETCD
      g_autoptr(GError) error = NULL;
      g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (self->etcd, &error);

      if (client == NULL)
        {
          g_printerr ("--etcd: %s\n", error->message);
          return 2;
        }
#else
      g_printerr (_("--etcd: this libdisc was built without etcd support\n"));
      return 2;
#endif
    }

  self->settings = create_settings ();
  if (!check_options (self, options))
    return 2;

  if (g_variant_dict_lookup (options, "key-file", "^&ay", &key_file))
    {
      g_autoptr(GError) error = NULL;

      self->key = read_key_file (key_file, &error);
      if (self->key == NULL)
        {
          /* A key file that cannot be a key is bad usage, as in disc. */
          g_printerr ("--key-file: %s\n", error->message);
          return 2;
        }
    }
  else if (g_getenv ("DISC_KEY") != NULL && *g_getenv ("DISC_KEY") != '\0')
    self->key = g_strdup (g_getenv ("DISC_KEY"));

  /* A dashboard pointed at a given cluster is its own instance, not a
   * second window of one watching another network. */
  if (disc_monitor_overrides_network (self->overrides) || self->key != NULL || self->algorithm != NULL ||
      self->etcd != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

/* GApplication exits with 1 on an option it cannot parse; like disc, the
 * monitor says 2, bad usage, and keeps 1 for a failure. */
static gboolean
disc_monitor_application_local_command_line (GApplication   *application,
                                             char         ***arguments,
                                             int            *exit_status)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (application);

  self->options_parsed = FALSE;
  if (!G_APPLICATION_CLASS (disc_monitor_application_parent_class)->local_command_line (application,
                                                                                        arguments,
                                                                                        exit_status))
    return FALSE;
  if (!self->options_parsed && *exit_status == EXIT_FAILURE)
    *exit_status = 2;
  return TRUE;
}

static void
disc_monitor_application_startup (GApplication *application)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (disc_monitor_application_parent_class)->startup (application);

  g_set_application_name (_("Discovery Monitor"));
  gtk_window_set_default_icon_name (DISC_MONITOR_APP_ID);

  gtk_css_provider_load_from_resource (css, "/io/github/libdisc/Monitor/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* Created while checking the command line, unless this instance was
   * started by D-Bus activation. */
  if (self->settings == NULL)
    self->settings = create_settings ();
  _disc_monitor_application_actions_init (self);
}

static void
start_session (DiscMonitorApplication *self)
{
  g_autoptr(GError) error = NULL;

  /* A failure is shown in the window, which offers Preferences. */
  if (!disc_monitor_session_start (self->session, &error))
    g_warning ("%s", error->message);
}

/* A keyring that does not answer (a daemon waiting on a prompt no one
 * sees) must not keep the monitor off the network. */
#define KEYRING_TIMEOUT_S 3

static gboolean
on_keyring_timeout (gpointer user_data)
{
  DiscMonitorApplication *self = user_data;

  self->keyring_timeout_id = 0;
  g_message ("The keyring did not answer within %d s: starting without its passphrase", KEYRING_TIMEOUT_S);
  start_session (self);
  g_cancellable_cancel (self->keyring_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_keyring_lookup (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(DiscMonitorApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  char *passphrase = disc_monitor_secrets_lookup_finish (result, &error);

  /* No Secret Service, or nothing stored: the monitor runs unencrypted,
   * as it would have without Preferences' passphrase. */
  gboolean started = self->keyring_timeout_id == 0;   /* the timeout started it */

  g_clear_handle_id (&self->keyring_timeout_id, g_source_remove);
  g_clear_object (&self->keyring_cancellable);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("No passphrase from the keyring: %s", error->message);
  if (passphrase != NULL && self->session != NULL)
    disc_monitor_session_set_key (self->session, passphrase);
  disc_monitor_secrets_free (passphrase);
  if (self->session != NULL)
    {
      if (!started)
        start_session (self);
      else if (passphrase != NULL)
        disc_monitor_session_queue_restart (self->session);
    }
  g_application_release (G_APPLICATION (self));
}

static void
disc_monitor_application_activate (GApplication *application)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (application);
  GtkWindow *window;

  if (self->session == NULL)
    {
      gboolean have_key = self->key != NULL;

      self->session = disc_monitor_session_new (self->settings, self->overrides,
                                                self->key, self->algorithm);
      disc_monitor_secrets_wipe (&self->key);
      /* Without a key on the command line, the node starts once the
       * keyring has answered: it never sends a clear hello first. */
      if (have_key)
        start_session (self);
      else
        {
          g_application_hold (application);
          self->keyring_cancellable = g_cancellable_new ();
          self->keyring_timeout_id = g_timeout_add_seconds (KEYRING_TIMEOUT_S, on_keyring_timeout, self);
          disc_monitor_secrets_lookup (self->keyring_cancellable, on_keyring_lookup, g_object_ref (self));
        }
    }

#if DISC_HAS_ETCD
  if (self->remote_lans == NULL && self->etcd != NULL)
    {
      /* Checked by handle_local_options. */
      g_autoptr(DiscEtcdClient) client = disc_etcd_client_new (self->etcd, NULL);

      self->remote_lans = G_OBJECT (disc_monitor_remote_lans_model_new (client, self->cluster));
    }
#endif

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window == NULL)
    {
      window = GTK_WINDOW (disc_monitor_window_new (GTK_APPLICATION (application), self->session));
      if (self->remote_lans != NULL)
        disc_monitor_window_set_remote_lans (DISC_MONITOR_WINDOW (window),
                                             DISC_MONITOR_REMOTE_LANS_MODEL (self->remote_lans));
      _disc_monitor_debug_start (self->session, GTK_WIDGET (window));
    }
  gtk_window_present (window);
}

static void
disc_monitor_application_shutdown (GApplication *application)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (application);

  /* Peers drop us at once instead of after their node timeout. */
  if (self->session != NULL)
    disc_monitor_session_stop (self->session);

  G_APPLICATION_CLASS (disc_monitor_application_parent_class)->shutdown (application);
}

static void
disc_monitor_application_dispose (GObject *object)
{
  DiscMonitorApplication *self = DISC_MONITOR_APPLICATION (object);

  g_clear_handle_id (&self->keyring_timeout_id, g_source_remove);
  if (self->keyring_cancellable != NULL)
    g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->overrides, g_variant_dict_unref);
  disc_monitor_secrets_wipe (&self->key);
  g_clear_pointer (&self->algorithm, g_free);
  g_clear_pointer (&self->etcd, g_free);
  g_clear_pointer (&self->cluster, g_free);
  g_clear_object (&self->remote_lans);

  G_OBJECT_CLASS (disc_monitor_application_parent_class)->dispose (object);
}

static void
disc_monitor_application_class_init (DiscMonitorApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = disc_monitor_application_dispose;

  application_class->local_command_line = disc_monitor_application_local_command_line;
  application_class->handle_local_options = disc_monitor_application_handle_local_options;
  application_class->startup = disc_monitor_application_startup;
  application_class->activate = disc_monitor_application_activate;
  application_class->shutdown = disc_monitor_application_shutdown;
}

static void
disc_monitor_application_init (DiscMonitorApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch the processes on the LAN that speak node-discovery: "
                                              "nodes, masters, services and channels."));
}

/**
 * disc_monitor_application_new:
 *
 * Returns: (transfer full): the application
 */
DiscMonitorApplication *
disc_monitor_application_new (void)
{
  return g_object_new (DISC_TYPE_MONITOR_APPLICATION,
                       "application-id", DISC_MONITOR_APP_ID,
                       "resource-base-path", "/io/github/libdisc/Monitor",
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

GSettings *
disc_monitor_application_get_settings (DiscMonitorApplication *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_APPLICATION (self), NULL);
  return self->settings;
}
