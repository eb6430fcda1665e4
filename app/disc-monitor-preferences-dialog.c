/* disc-monitor-preferences-dialog.c: the network settings, stored with GSettings
 *
 * The dialog edits its own delayed GSettings: nothing changes until Apply,
 * which first has the library check the options these settings make
 * (disc_discovery_check_options(), without opening a socket) and points
 * at the field the error names, so the monitor's node is restarted once,
 * with settings that can work. The dialect choices are the library's
 * DiscDialect values. The encryption passphrase is not a setting: Save
 * in Keyring stores it in the user's keyring (disc-monitor-secrets.c) and
 * uses it at once; it is never written to a file. The algorithm, not a
 * secret, is a setting.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-preferences-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-drop-down-name.h"
#include "disc-monitor-field-error.h"
#include "disc-monitor-secrets.h"
#include "disc-monitor-preferences-dialog.h"

/* The app's own setting: which of the library's destinations is used. */
static const char * const network_modes[] = { "interfaces", "broadcast", "multicast", "unicast", NULL };
static const char * const algorithms[] = { "aes256", "aes192", "aes128", "aes-256-gcm", NULL };

struct _DiscMonitorPreferencesDialog
{
  GtkWindow           parent_instance;

  GSettings          *settings;   /* delayed: applied by Apply */
  DiscMonitorSession *session;
  GtkWidget          *marked;     /* the field the last error is about */

  /* template children */
  GtkSpinButton      *port_spin;
  GtkEntry           *address_entry;
  GtkDropDown        *mode_dropdown;
  GtkEntry           *broadcast_entry;
  GtkEntry           *multicast_entry;
  GtkEntry           *unicast_entry;
  GtkDropDown        *dialect_dropdown;
  GtkCheckButton     *remote_control_check;
  GtkSpinButton      *hello_spin;
  GtkSpinButton      *check_spin;
  GtkSpinButton      *node_timeout_spin;
  GtkSpinButton      *master_timeout_spin;
  GtkDropDown        *algorithm_dropdown;
  GtkPasswordEntry   *passphrase_entry;
  GtkButton          *save_key_button;
  GtkButton          *forget_key_button;
  GtkLabel           *override_label;
  GtkLabel           *key_label;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (DiscMonitorPreferencesDialog, disc_monitor_preferences_dialog, GTK_TYPE_WINDOW)

/* Mappings between settings and widgets */

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *string = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], string))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[index]);
}

static gboolean
peers_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_autofree const char **peers = g_variant_get_strv (variant, NULL);

  g_value_take_string (value, g_strjoinv (", ", (char **) peers));
  return TRUE;
}

static GVariant *
peers_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_regex_split_simple ("[,\\s]+", g_value_get_string (value) ?: "", 0, 0);
  g_auto(GStrv) peers = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_strv_builder_add (builder, parts[i]);
  peers = g_strv_builder_end (builder);
  return g_variant_new_strv ((const char * const *) peers, -1);
}

/* The dialect choices are the library's DiscDialect values, in order. */

static const char *
describe_dialect (const GEnumValue *dialect)
{
  switch ((DiscDialect) dialect->value)
    {
    case DISC_DIALECT_WRAP:
      return _("node-discovery 0.2 (wrap)");
    case DISC_DIALECT_PLAIN:
      return _("node-discover 1.x (plain)");
    default:
      return dialect->value_nick;
    }
}

static GListModel *
create_dialect_model (void)
{
  g_autoptr(GEnumClass) dialects = g_type_class_ref (DISC_TYPE_DIALECT);
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; i < dialects->n_values; i++)
    gtk_string_list_append (model, describe_dialect (&dialects->values[i]));
  return G_LIST_MODEL (model);
}

/* Checking before applying: the library's own checks, on a discovery
 * configured as the session would be, point at the field at fault. */

static GtkWidget *
field_of_property (DiscMonitorPreferencesDialog *self,
                   const char                   *property)
{
  const struct {
    const char *property;
    GtkWidget  *field;
  } fields[] = {
    { "port", GTK_WIDGET (self->port_spin) },
    { "address", GTK_WIDGET (self->address_entry) },
    { "broadcast", GTK_WIDGET (self->broadcast_entry) },
    { "multicast", GTK_WIDGET (self->multicast_entry) },
    { "unicast", GTK_WIDGET (self->unicast_entry) },
    { "dialect", GTK_WIDGET (self->dialect_dropdown) },
    { "hello-interval", GTK_WIDGET (self->hello_spin) },
    { "check-interval", GTK_WIDGET (self->check_spin) },
    { "node-timeout", GTK_WIDGET (self->node_timeout_spin) },
    { "master-timeout", GTK_WIDGET (self->master_timeout_spin) },
    { "remote-control", GTK_WIDGET (self->remote_control_check) },
    { "algorithm", GTK_WIDGET (self->algorithm_dropdown) },
    { "key", GTK_WIDGET (self->passphrase_entry) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].property, property) == 0)
      return fields[i].field;
  return NULL;
}

static void
show_error (DiscMonitorPreferencesDialog *self,
            GtkWidget                    *field,
            const char                   *message)
{
  if (self->marked != NULL)
    disc_monitor_field_set_error (self->marked, NULL);
  self->marked = field;
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (field == NULL)
    return;
  disc_monitor_field_set_error (field, message);
  gtk_widget_grab_focus (field);
}

static gboolean
check (DiscMonitorPreferencesDialog *self)
{
  const char *mode = network_modes[gtk_drop_down_get_selected (self->mode_dropdown)];
  g_autoptr(DiscDiscovery) discovery = disc_discovery_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) peers = g_settings_get_strv (self->settings, "unicast");

  /* An empty list is no unicast at all to the library, which then
   * broadcasts: the unicast mode needs a peer. */
  if (g_str_equal (mode, "unicast") && peers[0] == NULL)
    {
      show_error (self, GTK_WIDGET (self->unicast_entry),
                  _("List at least one unicast peer, such as 10.0.0.2, 10.0.0.3:4000."));
      return FALSE;
    }

  /* The dialog's delayed settings hold what the fields show; the key is
   * the session's, which the library checks remote-control against. */
  disc_monitor_session_configure_discovery (discovery, self->settings, NULL);
  if (self->session != NULL)
    disc_monitor_session_configure_security (self->session, discovery, self->settings);
  if (!disc_discovery_check_options (discovery, &error))
    {
      show_error (self, field_of_property (self, disc_option_error_get_property_name (error)),
                  error->message);
      return FALSE;
    }
  /* Nothing to unmark: the dialog closes. */
  return TRUE;
}

static void
update_sensitivity (DiscMonitorPreferencesDialog *self)
{
  const char *mode = network_modes[gtk_drop_down_get_selected (self->mode_dropdown)];

  gtk_widget_set_sensitive (GTK_WIDGET (self->broadcast_entry), g_str_equal (mode, "broadcast"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->multicast_entry), g_str_equal (mode, "multicast"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->unicast_entry), g_str_equal (mode, "unicast"));
}

static void
on_mode_changed (GtkDropDown                  *dropdown,
                 GParamSpec                   *pspec,
                 DiscMonitorPreferencesDialog *self)
{
  update_sensitivity (self);
}

static void
on_apply_clicked (GtkButton                    *button,
                  DiscMonitorPreferencesDialog *self)
{
  GtkSpinButton *spins[] = {
    self->port_spin, self->hello_spin, self->check_spin, self->node_timeout_spin,
    self->master_timeout_spin,
  };

  /* A number typed but not yet entered counts. */
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    gtk_spin_button_update (spins[i]);
  if (!check (self))
    return;
  g_settings_apply (self->settings);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_cancel_clicked (GtkButton                    *button,
                   DiscMonitorPreferencesDialog *self)
{
  g_settings_revert (self->settings);
  gtk_window_close (GTK_WINDOW (self));
}

/* The keyring */

static void
show_key_state (DiscMonitorPreferencesDialog *self,
                const char            *text)
{
  gtk_label_set_text (self->key_label, text);
}

/* Saving and forgetting the passphrase end alike: the keyring's @error
 * shown after @failure (translated, one %s), or @success shown and the
 * session restarted with @passphrase (%NULL: none). Returns whether the
 * keyring did as asked. */
static gboolean
keyring_answered (DiscMonitorPreferencesDialog *self,
                  const GError                 *error,
                  const char                   *failure,
                  const char                   *success,
                  const char                   *passphrase)
{
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (failure, error->message);

      show_key_state (self, text);
      return FALSE;
    }
  show_key_state (self, success);
  if (self->session != NULL)
    {
      disc_monitor_session_set_key (self->session, passphrase);
      disc_monitor_session_queue_restart (self->session);
    }
  return TRUE;
}

static void
on_key_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DiscMonitorPreferencesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *passphrase = g_object_steal_data (G_OBJECT (self), "disc-passphrase");

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_key_button), TRUE);
  disc_monitor_secrets_store_finish (result, &error);
  if (keyring_answered (self, error, _("The passphrase could not be saved in your keyring: %s"),
                        _("Saved in your keyring, and used now. It is never written to a file."),
                        passphrase))
    gtk_editable_set_text (GTK_EDITABLE (self->passphrase_entry), "");
  disc_monitor_secrets_wipe (&passphrase);
}

static void
on_save_key_clicked (GtkButton             *button,
                     DiscMonitorPreferencesDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_entry));

  if (passphrase == NULL || *passphrase == '\0')
    {
      show_key_state (self, _("Type the passphrase first."));
      return;
    }
  /* The keyring takes its own copy; ours is wiped once stored. */
  g_object_set_data (G_OBJECT (self), "disc-passphrase", g_strdup (passphrase));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_key_button), FALSE);
  disc_monitor_secrets_store (passphrase, NULL, on_key_stored, g_object_ref (self));
}

static void
on_key_cleared (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DiscMonitorPreferencesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to forget. */
  disc_monitor_secrets_clear_finish (result, &error);
  /* Forget is about the keyring: the key of --key-file or $DISC_KEY is
   * not in it, and stays for this run rather than leaving the node
   * sending clear hellos to an encrypted cluster. */
  if (error == NULL && self->session != NULL && disc_monitor_session_get_key_from_command_line (self->session))
    {
      show_key_state (self, _("No passphrase in your keyring. Packets are still encrypted for this run with "
                              "the key of --key-file or $DISC_KEY."));
      return;
    }
  keyring_answered (self, error, _("The keyring could not be changed: %s"),
                    _("No passphrase in your keyring: packets are not encrypted."), NULL);
}

static void
on_forget_key_clicked (GtkButton             *button,
                       DiscMonitorPreferencesDialog *self)
{
  disc_monitor_secrets_clear (NULL, on_key_cleared, g_object_ref (self));
}

static void
disc_monitor_preferences_dialog_dispose (GObject *object)
{
  DiscMonitorPreferencesDialog *self = DISC_MONITOR_PREFERENCES_DIALOG (object);

  if (self->settings != NULL)
    g_settings_revert (self->settings);
  self->marked = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_PREFERENCES_DIALOG);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (disc_monitor_preferences_dialog_parent_class)->dispose (object);
}

static void
disc_monitor_preferences_dialog_class_init (DiscMonitorPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_preferences_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, broadcast_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, multicast_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, unicast_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, dialect_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, remote_control_check);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, hello_spin);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, check_spin);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, node_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, master_timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, algorithm_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, passphrase_entry);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, save_key_button);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, forget_key_button);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, override_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, key_label);
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorPreferencesDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_key_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_key_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
disc_monitor_preferences_dialog_init (DiscMonitorPreferencesDialog *self)
{
  g_autoptr(GListModel) dialects = create_dialect_model ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->dialect_dropdown, dialects);
  disc_monitor_drop_down_name_button (self->mode_dropdown);
  disc_monitor_drop_down_name_button (self->dialect_dropdown);
  disc_monitor_drop_down_name_button (self->algorithm_dropdown);
}

/**
 * disc_monitor_preferences_dialog_new:
 * @settings: the monitor's settings
 * @session: (nullable): the running session, to tell what the command
 *   line overrides
 *
 * Returns: (transfer full): a new preferences window
 */
DiscMonitorPreferencesDialog *
disc_monitor_preferences_dialog_new (GSettings          *settings,
                                     DiscMonitorSession *session)
{
  DiscMonitorPreferencesDialog *self;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_PREFERENCES_DIALOG, NULL);
  g_object_get (settings, "settings-schema", &schema, NULL);
  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_delay (self->settings);
  self->session = session ? g_object_ref (session) : NULL;

  g_settings_bind (self->settings, "port", gtk_spin_button_get_adjustment (self->port_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "address", self->address_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "network-mode", self->mode_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) network_modes, NULL);
  g_settings_bind (self->settings, "broadcast", self->broadcast_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "multicast", self->multicast_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "unicast", self->unicast_entry, "text",
                                G_SETTINGS_BIND_DEFAULT, peers_get_mapping, peers_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "dialect", self->dialect_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                disc_monitor_dialect_nicks (), (GDestroyNotify) g_strfreev);
  g_settings_bind (self->settings, "remote-control", self->remote_control_check, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "algorithm", self->algorithm_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, choice_get_mapping, choice_set_mapping,
                                (gpointer) algorithms, NULL);
  g_settings_bind (self->settings, "hello-interval", gtk_spin_button_get_adjustment (self->hello_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "check-interval", gtk_spin_button_get_adjustment (self->check_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "node-timeout", gtk_spin_button_get_adjustment (self->node_timeout_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "master-timeout", gtk_spin_button_get_adjustment (self->master_timeout_spin),
                   "value", G_SETTINGS_BIND_DEFAULT);

  gtk_widget_set_visible (GTK_WIDGET (self->override_label), session != NULL && disc_monitor_session_get_overridden (session));
  if (session != NULL && disc_monitor_session_get_key_from_command_line (session))
    gtk_label_set_text (self->key_label,
                        _("Packets are encrypted for this run with the key of --key-file or $DISC_KEY, kept in memory "
                          "only. A passphrase saved here replaces it and is kept in your keyring."));
  else if (session != NULL && disc_monitor_session_get_encrypted (session))
    gtk_label_set_text (self->key_label,
                        _("Packets are encrypted with the passphrase in your keyring. It is never written to a file."));
  update_sensitivity (self);
  return self;
}
