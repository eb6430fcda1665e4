/* disc-monitor-clock.c: one shared once-a-second tick for "2 s ago" labels
 *
 * Labels that show an age connect to notify::now while they are bound to
 * a row, so only the rows on screen (the list recycles its rows) wake up
 * each second, and none is ever re-created for it.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-clock"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-clock.h"

struct _DiscMonitorClock
{
  GObject parent_instance;

  gint64  now;       /* wall clock, ms since the epoch */
  guint   tick_id;
};

G_DEFINE_FINAL_TYPE (DiscMonitorClock, disc_monitor_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
on_tick (gpointer user_data)
{
  DiscMonitorClock *self = user_data;

  self->now = g_get_real_time () / 1000;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
  return G_SOURCE_CONTINUE;
}

static void
disc_monitor_clock_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DiscMonitorClock *self = DISC_MONITOR_CLOCK (object);

  switch (prop_id)
    {
    case PROP_NOW:
      g_value_set_int64 (value, disc_monitor_clock_get_now (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_clock_dispose (GObject *object)
{
  DiscMonitorClock *self = DISC_MONITOR_CLOCK (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);

  G_OBJECT_CLASS (disc_monitor_clock_parent_class)->dispose (object);
}

static void
disc_monitor_clock_class_init (DiscMonitorClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = disc_monitor_clock_dispose;
  object_class->get_property = disc_monitor_clock_get_property;

  /*
   * DiscMonitorClock:now:
   *
   * The wall-clock time in milliseconds since the epoch, notified once a
   * second.
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
disc_monitor_clock_init (DiscMonitorClock *self)
{
  self->now = g_get_real_time () / 1000;
  self->tick_id = g_timeout_add_seconds_full (G_PRIORITY_LOW, 1, on_tick, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_id),
                            "[disc-monitor] clock tick");
}

/**
 * disc_monitor_clock_get_default:
 *
 * Returns: (transfer none): the clock shared by every view
 */
DiscMonitorClock *
disc_monitor_clock_get_default (void)
{
  static DiscMonitorClock *instance;

  if (instance == NULL)
    instance = g_object_new (DISC_TYPE_MONITOR_CLOCK, NULL);
  return instance;
}

/**
 * disc_monitor_clock_get_now:
 * @self: the clock
 *
 * Returns: the time of the last tick, in ms since the epoch
 */
gint64
disc_monitor_clock_get_now (DiscMonitorClock *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_CLOCK (self), 0);
  return self->now;
}

/**
 * disc_monitor_clock_format_ago:
 * @self: the clock
 * @then_ms: a time in ms since the epoch, or 0 for never
 *
 * Returns: (transfer full): how long ago @then_ms was, as "2 s ago"
 */
char *
disc_monitor_clock_format_ago (DiscMonitorClock *self,
                               gint64            then_ms)
{
  gint64 seconds;

  g_return_val_if_fail (DISC_IS_MONITOR_CLOCK (self), NULL);

  if (then_ms <= 0)
    /* Translators: "last seen" of a node never heard from */
    return g_strdup (_("never"));

  /* The tick can lag the last hello by up to a second. */
  seconds = MAX (0, (MAX (self->now, g_get_real_time () / 1000) - then_ms) / 1000);
  if (seconds < 60)
    /* Translators: a node was last heard from this many seconds ago */
    return g_strdup_printf (_("%u s ago"), (guint) seconds);
  if (seconds < 3600)
    /* Translators: a node was last heard from this many minutes ago */
    return g_strdup_printf (_("%u min ago"), (guint) (seconds / 60));
  /* Translators: a node was last heard from this many hours ago */
  return g_strdup_printf (_("%u h ago"), (guint) (seconds / 3600));
}
