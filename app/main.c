/* main.c: disc-monitor, the GTK monitor of node-discovery networks
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "disc-monitor-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DiscMonitorApplication) application = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  application = disc_monitor_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
