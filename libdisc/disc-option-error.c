/* disc-option-error.c: the option error domain, with the conflicting option
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-option-error"

#include "config.h"

#include "disc-option-error.h"
#include "disc-option-error-private.h"
#include "disc-enums.h"

typedef struct
{
  char *conflict;   /* nullable: the other property, when two disagree */
} DiscOptionErrorPrivate;

static void
disc_option_error_private_init (DiscOptionErrorPrivate *priv)
{
  priv->conflict = NULL;
}

static void
disc_option_error_private_copy (const DiscOptionErrorPrivate *src,
                                DiscOptionErrorPrivate       *dest)
{
  dest->conflict = g_strdup (src->conflict);
}

static void
disc_option_error_private_clear (DiscOptionErrorPrivate *priv)
{
  g_clear_pointer (&priv->conflict, g_free);
}

/**
 * disc_option_error_quark:
 *
 * The quark of [error@Disc.OptionError].
 *
 * Returns: the %DISC_OPTION_ERROR quark
 *
 * Since: 0.2
 */
G_DEFINE_EXTENDED_ERROR (DiscOptionError, disc_option_error)

static const char *
property_of (DiscOptionError code)
{
  GEnumClass *klass = g_type_class_ref (DISC_TYPE_OPTION_ERROR);
  GEnumValue *value = g_enum_get_value (klass, code);

  /* Enum classes are never unloaded: the nick outlives the reference. */
  g_type_class_unref (klass);
  return value != NULL ? value->value_nick : NULL;
}

/**
 * disc_option_error_get_property_name:
 * @error: an error
 *
 * Names the property at fault in an error of the %DISC_OPTION_ERROR
 * domain: the nick of its code, such as "node-timeout".
 *
 * Returns: (nullable): the property name, a static string; %NULL if
 *   @error is not a %DISC_OPTION_ERROR
 *
 * Since: 0.2
 */
const char *
disc_option_error_get_property_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DISC_OPTION_ERROR)
    return NULL;
  return property_of (error->code);
}

/**
 * disc_option_error_get_conflict:
 * @error: an error
 *
 * Names the other property when an option is invalid only together with
 * it: "check-interval" for a node-timeout shorter than the check interval,
 * "multicast" for broadcast and multicast both set.
 *
 * Returns: (nullable): the conflicting property's name, owned by @error;
 *   %NULL if there is none or @error is not a %DISC_OPTION_ERROR
 *
 * Since: 0.2
 */
const char *
disc_option_error_get_conflict (const GError *error)
{
  DiscOptionErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  /* The generated accessor is critical about other domains. */
  if (error->domain != DISC_OPTION_ERROR)
    return NULL;
  priv = disc_option_error_get_private (error);
  return priv != NULL ? priv->conflict : NULL;
}

void
_disc_option_error_set_conflict (GError          *error,
                                 DiscOptionError  conflict)
{
  DiscOptionErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  priv = disc_option_error_get_private (error);
  g_return_if_fail (priv != NULL);
  g_free (priv->conflict);
  priv->conflict = g_strdup (property_of (conflict));
}
