/* disc-monitor-property.h: storing a property's value, notifying only on change
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

gboolean disc_monitor_set_string_property (GObject     *object,
                                           char       **field,
                                           const char  *value,
                                           GParamSpec  *pspec);

G_END_DECLS
