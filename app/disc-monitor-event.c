/* disc-monitor-event.c: one entry of the monitor's event log
 *
 * An event never changes once made: its time, its kind, one line of text,
 * and the node it is about, kept so that a node that left can still be
 * read from its entry. libdisc never updates a node once it has left the
 * table (a node that comes back is a new object), so a removal's node is
 * its last state; its JSON is made only when asked for, not for each of
 * a thousand nodes that time out together.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-event"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-event.h"

struct _DiscMonitorEvent
{
  GObject               parent_instance;

  DiscMonitorEventKind  kind;
  gint64                time_us;      /* wall clock, since the epoch */
  char                 *text;
  DiscNode             *node;         /* or NULL */
  char                 *search_text;  /* what the log's search matches */
};

G_DEFINE_ENUM_TYPE (DiscMonitorEventKind, disc_monitor_event_kind,
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_ADDED, "added"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_REMOVED, "removed"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_MASTER, "master"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_PROMOTION, "promotion"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_DEMOTION, "demotion"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_DROP, "drop"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (DISC_MONITOR_EVENT_CONTROL, "control"))

G_DEFINE_FINAL_TYPE (DiscMonitorEvent, disc_monitor_event, G_TYPE_OBJECT)

/**
 * disc_monitor_event_kind_to_label:
 * @kind: a kind of event
 *
 * Returns: the translated name of @kind, as the log's Event column shows it
 */
const char *
disc_monitor_event_kind_to_label (DiscMonitorEventKind kind)
{
  switch (kind)
    {
    case DISC_MONITOR_EVENT_ADDED:
      /* Translators: event log, a node appeared */
      return _("Added");
    case DISC_MONITOR_EVENT_REMOVED:
      /* Translators: event log, a node left */
      return _("Removed");
    case DISC_MONITOR_EVENT_MASTER:
      /* Translators: event log, a node became master */
      return _("Master");
    case DISC_MONITOR_EVENT_PROMOTION:
      /* Translators: event log, this monitor became master */
      return _("Promotion");
    case DISC_MONITOR_EVENT_DEMOTION:
      /* Translators: event log, this monitor stopped being master */
      return _("Demotion");
    case DISC_MONITOR_EVENT_DROP:
      /* Translators: event log, packets are being dropped */
      return _("Dropped");
    case DISC_MONITOR_EVENT_ERROR:
      /* Translators: event log, something failed */
      return _("Error");
    case DISC_MONITOR_EVENT_CONTROL:
      /* Translators: event log, a remote-control request or its answer */
      return _("Control");
    default:
      return "";
    }
}

static void
disc_monitor_event_finalize (GObject *object)
{
  DiscMonitorEvent *self = DISC_MONITOR_EVENT (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_object (&self->node);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (disc_monitor_event_parent_class)->finalize (object);
}

static void
disc_monitor_event_class_init (DiscMonitorEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = disc_monitor_event_finalize;
}

static void
disc_monitor_event_init (DiscMonitorEvent *self)
{
}

/**
 * disc_monitor_event_new:
 * @kind: what happened
 * @text: one line saying it
 * @node: (nullable): the node it is about
 *
 * Returns: (transfer full): a new event, timed now
 */
DiscMonitorEvent *
disc_monitor_event_new (DiscMonitorEventKind  kind,
                        const char           *text,
                        DiscNode             *node)
{
  DiscMonitorEvent *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (node == NULL || DISC_IS_NODE (node), NULL);

  self = g_object_new (DISC_TYPE_MONITOR_EVENT, NULL);
  self->kind = kind;
  /* Not a GDateTime: finding the local time zone costs a readlink()
   * and a stat() each time, a thousand times when a thousand nodes go. */
  self->time_us = g_get_real_time ();
  self->text = g_strdup (text);
  self->node = node ? g_object_ref (node) : NULL;
  self->search_text = g_strconcat (disc_monitor_event_kind_to_label (kind), " ", text, NULL);
  return self;
}

DiscMonitorEventKind
disc_monitor_event_get_kind (DiscMonitorEvent *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_EVENT (self), DISC_MONITOR_EVENT_ERROR);
  return self->kind;
}

/**
 * disc_monitor_event_get_time:
 * @self: an event
 *
 * Returns: when it happened, in microseconds since the epoch
 */
gint64
disc_monitor_event_get_time (DiscMonitorEvent *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_EVENT (self), 0);
  return self->time_us;
}

const char *
disc_monitor_event_get_text (DiscMonitorEvent *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_EVENT (self), NULL);
  return self->text;
}

/**
 * disc_monitor_event_dup_node_json:
 * @self: an event
 *
 * Returns: (transfer full) (nullable): the node's details as indented
 *   JSON: its last state for a node that left; %NULL for an event about
 *   no node
 */
char *
disc_monitor_event_dup_node_json (DiscMonitorEvent *self)
{
  g_autoptr(JsonNode) json = NULL;

  g_return_val_if_fail (DISC_IS_MONITOR_EVENT (self), NULL);
  if (self->node == NULL)
    return NULL;
  json = disc_node_to_json (self->node);
  return json_to_string (json, TRUE);
}

const char *
disc_monitor_event_get_search_text (DiscMonitorEvent *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_EVENT (self), NULL);
  return self->search_text;
}
