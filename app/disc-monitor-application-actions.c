/* disc-monitor-application-actions.c: Preferences, About, Quit, accelerators
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-application-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-application-private.h"
#include "disc-monitor-preferences-dialog.h"

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DiscMonitorApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  DiscMonitorPreferencesDialog *dialog;

  dialog = disc_monitor_preferences_dialog_new (self->settings, self->session);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DiscMonitorApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The libdisc developers", NULL };

  gtk_show_about_dialog (parent,
                         "program-name", _("Discovery Monitor"),
                         "logo-icon-name", DISC_MONITOR_APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch the processes on your network that speak node-discovery: "
                                       "who is there, who is master, what they advertise, and their channels."),
                         "website", "https://github.com/libdisc/libdisc",
                         "license-type", GTK_LICENSE_MIT_X11,
                         "authors", developers,
                         /* Translators: your name and address, one translator a line */
                         "translator-credits", _("translator-credits"),
                         "modal", TRUE,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry application_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "win.promote", { "<Control>p", NULL } },
  { "win.demote", { "<Control>d", NULL } },
  { "win.demote-permanently", { "<Shift><Control>d", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.show-page::nodes", { "<Alt>1", NULL } },
  { "win.show-page::services", { "<Alt>2", NULL } },
  /* Alt+N shows the Nth tab, in the window's order. */
  { "win.show-page::events", { "<Alt>3", NULL } },
  { "win.show-page::channels", { "<Alt>4", NULL } },
  { "win.show-page::lans", { "<Alt>5", NULL } },
};

void
_disc_monitor_application_actions_init (DiscMonitorApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), application_actions,
                                   G_N_ELEMENTS (application_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);
}
