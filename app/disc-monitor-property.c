/* disc-monitor-property.c: storing a property's value, notifying only on change
 *
 * The monitor's objects declare their properties G_PARAM_EXPLICIT_NOTIFY;
 * the compare, replace and notify steps live here once.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-property"

#include "config.h"

#include "disc-monitor-property.h"

/**
 * disc_monitor_set_string_property:
 * @object: the object owning @field
 * @field: (inout) (transfer full) (nullable): where @object keeps the value
 * @value: (nullable): the new value, copied
 * @pspec: the property @field backs, notified if the value changed
 *
 * Replaces the string in @field by a copy of @value and emits
 * GObject::notify for @pspec, unless they are already equal.
 *
 * Returns: whether the value changed
 */
gboolean
disc_monitor_set_string_property (GObject     *object,
                                  char       **field,
                                  const char  *value,
                                  GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
  return TRUE;
}
