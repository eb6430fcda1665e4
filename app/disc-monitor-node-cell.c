/* disc-monitor-node-cell.c: one field of one node, in a column of the node list
 *
 * The column view recycles cells: binding a cell to another node points
 * its signal group, the detailed notify::host-name and the like of its
 * field, at that node.
 * A hello that changes nothing the cell shows does not touch it. The
 * "last seen" cells also follow the shared clock, once a second, so the
 * age ticks without any row being re-created.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-monitor-node-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "disc-monitor-clock.h"
#include "disc-monitor-diagnosis.h"
#include "disc-monitor-session.h"
#include "disc-monitor-node-cell.h"
#include "disc-monitor-node-format.h"

typedef enum {
  FIELD_HOST,
  FIELD_ADDRESS,
  FIELD_ID,
  FIELD_ROLE,
  FIELD_WEIGHT,
  FIELD_LAST_SEEN,
  FIELD_INFO,
} Field;

/* field name, the DiscNode properties it shows */
static const struct {
  const char *name;
  const char *notify[3];
} fields[] = {
  [FIELD_HOST] = { "host", { "notify::host-name", NULL } },
  [FIELD_ADDRESS] = { "address", { "notify::address", "notify::port", NULL } },
  [FIELD_ID] = { "id", { NULL } },
  [FIELD_ROLE] = { "role", { "notify::is-master", "notify::is-master-eligible", NULL } },
  [FIELD_WEIGHT] = { "weight", { "notify::weight", NULL } },
  [FIELD_LAST_SEEN] = { "last-seen", { "notify::last-seen", NULL } },
  [FIELD_INFO] = { "info", { "notify::info", NULL } },
};

struct _DiscMonitorNodeCell
{
  GtkWidget     parent_instance;

  GtkLabel     *label;

  DiscNode     *node;
  Field         field;
  GSignalGroup *node_signals;    /* the notifications of the field's properties */
  GSignalGroup *clock_signals;   /* the clock, for "last seen" only */
  guint         node_timeout_ms;    /* for the stale styling; 0 for none */
  guint         master_timeout_ms;
  GtkStringFilter *search;       /* the table's, for info cells; weak */
  GSignalGroup *search_signals;
  char         *described;       /* the full value, while the label is ellipsized */
};

G_DEFINE_FINAL_TYPE (DiscMonitorNodeCell, disc_monitor_node_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NODE,
  PROP_FIELD,
  PROP_SEARCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the cell stands for in full: its tooltip, and its accessible
 * description while the column cuts it. */
static char *
dup_full_value (DiscMonitorNodeCell *self)
{
  g_autofree char *json = NULL;

  if (self->node == NULL)
    return NULL;
  if (self->field == FIELD_ID)
    return g_strdup (disc_node_get_id (self->node));
  if (self->field != FIELD_INFO)
    return g_strdup (gtk_label_get_text (self->label));
  json = disc_node_dup_info_json (self->node);
  return json == NULL || g_str_equal (json, "null") ? NULL : g_steal_pointer (&json);
}

/* Tooltips are computed when asked for: gtk_widget_set_tooltip_text()
 * queries the pointer from the display server, too slow for cells that
 * are rebound by the hundred while thousands of nodes arrive. The id and
 * the info always have one (the cell shows less than they are), the
 * other fields only while the column is too narrow for them. */
static gboolean
on_query_tooltip (GtkWidget           *widget,
                  int                  x,
                  int                  y,
                  gboolean             keyboard_mode,
                  GtkTooltip          *tooltip,
                  DiscMonitorNodeCell *self)
{
  g_autofree char *text = NULL;

  if (self->node == NULL)
    return FALSE;
  if (self->field == FIELD_LAST_SEEN &&
      gtk_widget_has_css_class (GTK_WIDGET (self->label), "disc-stale"))
    text = g_strdup (_("Not heard from for over half its timeout: it may be gone"));
  else if (self->described != NULL || self->field == FIELD_ID || self->field == FIELD_INFO)
    text = dup_full_value (self);
  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Screen readers hear a cut label's whole text anyway; the description
 * says, as the tooltip does, that the column shows less than that. */
static void
update_cut (DiscMonitorNodeCell *self)
{
  g_autofree char *full = NULL;

  if (pango_layout_is_ellipsized (gtk_label_get_layout (self->label)))
    full = dup_full_value (self);
  /* Cells are laid out again and again: the bus hears of changes only. */
  if (g_strcmp0 (full, self->described) == 0)
    return;
  g_free (self->described);
  self->described = g_steal_pointer (&full);
  if (self->described != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->described, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
update (DiscMonitorNodeCell *self)
{
  g_autofree char *text = NULL;
  DiscNode *node = self->node;

  gtk_widget_remove_css_class (GTK_WIDGET (self->label), "master");
  if (self->field == FIELD_LAST_SEEN)
    {
      gboolean stale = node != NULL &&
                       disc_monitor_node_is_stale (node, self->node_timeout_ms, self->master_timeout_ms,
                                                   disc_monitor_clock_get_now (disc_monitor_clock_get_default ()));

      if (stale != gtk_widget_has_css_class (GTK_WIDGET (self->label), "disc-stale"))
        {
          if (stale)
            gtk_widget_add_css_class (GTK_WIDGET (self->label), "disc-stale");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (self->label), "disc-stale");
        }
    }
  if (node == NULL)
    {
      gtk_label_set_text (self->label, "");
      return;
    }
  if (self->field == FIELD_INFO)
    {
      const char *search = self->search ? gtk_string_filter_get_search (self->search) : NULL;
      g_autofree char *markup = disc_monitor_node_markup_info (node, search);

      if (g_strcmp0 (gtk_label_get_label (self->label), markup) != 0)
        gtk_label_set_markup (self->label, markup);
      return;
    }

  switch (self->field)
    {
    case FIELD_HOST:
      if (disc_monitor_node_is_self (node))
        /* Translators: %s is the host name of the monitor's own node */
        text = g_strdup_printf (_("%s (this monitor)"), disc_node_get_host_name (node));
      else
        text = g_strdup (disc_node_get_host_name (node));
      break;
    case FIELD_ADDRESS:
      text = g_strdup_printf ("%s:%u", disc_node_get_address (node), disc_node_get_port (node));
      break;
    case FIELD_ID:
      text = disc_monitor_node_short_id (node);
      break;
    case FIELD_ROLE:
      text = disc_monitor_node_describe_role (node);
      if (disc_node_get_is_master (node))
        gtk_widget_add_css_class (GTK_WIDGET (self->label), "master");
      break;
    case FIELD_WEIGHT:
      text = g_strdup_printf ("%.3g", disc_node_get_weight (node));
      break;
    case FIELD_LAST_SEEN:
      if (disc_monitor_node_is_self (node))
        /* Translators: "last seen" of the monitor's own node */
        text = g_strdup (C_("last seen", "now"));
      else
        text = disc_monitor_clock_format_ago (disc_monitor_clock_get_default (),
                                              disc_node_get_last_seen (node));
      break;
    default:
      g_assert_not_reached ();
    }

  /* Unchanged text is not set again: no relayout for a hello that
   * changes nothing shown. */
  if (g_strcmp0 (gtk_label_get_text (self->label), text ? text : "") != 0)
    gtk_label_set_text (self->label, text ? text : "");
}

static void
on_node_notify (DiscNode            *node,
                GParamSpec          *pspec,
                DiscMonitorNodeCell *self)
{
  update (self);
}

static void
on_clock_notify (DiscMonitorClock    *clock,
                 GParamSpec          *pspec,
                 DiscMonitorNodeCell *self)
{
  update (self);
}

static void
on_search_notify (GtkStringFilter     *filter,
                  GParamSpec          *pspec,
                  DiscMonitorNodeCell *self)
{
  update (self);
}

static void
follow_node (DiscMonitorNodeCell *self)
{
  g_signal_group_set_target (self->node_signals, self->node);
  g_signal_group_set_target (self->clock_signals,
                             self->node != NULL && self->field == FIELD_LAST_SEEN
                               ? disc_monitor_clock_get_default () : NULL);
}

/* A cell shows one field for its whole life in practice, but the field
 * can change: the node's signal group is then made for the new one. */
static void
follow_field (DiscMonitorNodeCell *self)
{
  g_clear_object (&self->node_signals);
  self->node_signals = g_signal_group_new (DISC_TYPE_NODE);
  for (guint i = 0; fields[self->field].notify[i] != NULL; i++)
    g_signal_group_connect (self->node_signals, fields[self->field].notify[i],
                            G_CALLBACK (on_node_notify), self);
  follow_node (self);
}

static void
disc_monitor_node_cell_measure (GtkWidget      *widget,
                                GtkOrientation  orientation,
                                int             for_size,
                                int            *minimum,
                                int            *natural,
                                int            *minimum_baseline,
                                int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (DISC_MONITOR_NODE_CELL (widget)->label), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Only once the label has its width does it know whether it is cut. */
static void
disc_monitor_node_cell_size_allocate (GtkWidget *widget,
                                      int        width,
                                      int        height,
                                      int        baseline)
{
  DiscMonitorNodeCell *self = DISC_MONITOR_NODE_CELL (widget);

  gtk_widget_allocate (GTK_WIDGET (self->label), width, height, baseline, NULL);
  update_cut (self);
}

static void
disc_monitor_node_cell_dispose (GObject *object)
{
  DiscMonitorNodeCell *self = DISC_MONITOR_NODE_CELL (object);

  g_clear_object (&self->node_signals);
  g_clear_object (&self->clock_signals);
  g_clear_object (&self->search_signals);
  g_clear_weak_pointer (&self->search);
  g_clear_pointer (&self->described, g_free);
  g_clear_object (&self->node);
  gtk_widget_dispose_template (GTK_WIDGET (self), DISC_TYPE_MONITOR_NODE_CELL);

  G_OBJECT_CLASS (disc_monitor_node_cell_parent_class)->dispose (object);
}

static void
disc_monitor_node_cell_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  DiscMonitorNodeCell *self = DISC_MONITOR_NODE_CELL (object);

  switch (prop_id)
    {
    case PROP_NODE:
      g_value_set_object (value, self->node);
      break;
    case PROP_FIELD:
      g_value_set_string (value, disc_monitor_node_cell_get_field (self));
      break;
    case PROP_SEARCH:
      g_value_set_object (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_node_cell_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  DiscMonitorNodeCell *self = DISC_MONITOR_NODE_CELL (object);

  switch (prop_id)
    {
    case PROP_NODE:
      disc_monitor_node_cell_set_node (self, g_value_get_object (value));
      break;
    case PROP_FIELD:
      disc_monitor_node_cell_set_field (self, g_value_get_string (value));
      break;
    case PROP_SEARCH:
      disc_monitor_node_cell_set_search (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
disc_monitor_node_cell_class_init (DiscMonitorNodeCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = disc_monitor_node_cell_dispose;
  object_class->get_property = disc_monitor_node_cell_get_property;
  object_class->set_property = disc_monitor_node_cell_set_property;

  /*
   * DiscMonitorNodeCell:node:
   *
   * The node shown, or %NULL while the cell is not bound to a row.
   */
  properties[PROP_NODE] =
    g_param_spec_object ("node", NULL, NULL, DISC_TYPE_NODE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /*
   * DiscMonitorNodeCell:field:
   *
   * What the cell shows: "host", "address", "id", "role", "weight",
   * "last-seen" or "info".
   */
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, "host",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /*
   * DiscMonitorNodeCell:search:
   *
   * The node table's search, which an "info" cell shows the match of,
   * or %NULL.
   */
  properties[PROP_SEARCH] =
    g_param_spec_object ("search", NULL, NULL, GTK_TYPE_STRING_FILTER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->measure = disc_monitor_node_cell_measure;
  widget_class->size_allocate = disc_monitor_node_cell_size_allocate;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/libdisc/Monitor/disc-monitor-node-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, DiscMonitorNodeCell, label);
}

static void
disc_monitor_node_cell_init (DiscMonitorNodeCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->clock_signals = g_signal_group_new (DISC_TYPE_MONITOR_CLOCK);
  g_signal_group_connect (self->clock_signals, "notify::now", G_CALLBACK (on_clock_notify), self);
  self->search_signals = g_signal_group_new (GTK_TYPE_STRING_FILTER);
  g_signal_group_connect (self->search_signals, "notify::search", G_CALLBACK (on_search_notify), self);
  follow_field (self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}

DiscNode *
disc_monitor_node_cell_get_node (DiscMonitorNodeCell *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_NODE_CELL (self), NULL);
  return self->node;
}

void
disc_monitor_node_cell_set_node (DiscMonitorNodeCell *self,
                                 DiscNode            *node)
{
  g_return_if_fail (DISC_IS_MONITOR_NODE_CELL (self));
  g_return_if_fail (node == NULL || DISC_IS_NODE (node));

  if (self->node == node)
    return;
  g_set_object (&self->node, node);
  follow_node (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NODE]);
}

const char *
disc_monitor_node_cell_get_field (DiscMonitorNodeCell *self)
{
  g_return_val_if_fail (DISC_IS_MONITOR_NODE_CELL (self), NULL);
  return fields[self->field].name;
}

void
disc_monitor_node_cell_set_field (DiscMonitorNodeCell *self,
                                  const char          *field)
{
  g_return_if_fail (DISC_IS_MONITOR_NODE_CELL (self));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (g_strcmp0 (field, fields[i].name) != 0)
        continue;
      if (self->field == (Field) i)
        return;
      self->field = i;
      follow_field (self);
      update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
      return;
    }
  g_warning ("Unknown node field “%s”", field);
}

/**
 * disc_monitor_node_cell_set_timeouts:
 * @self: a cell
 * @node_timeout_ms: the discovery's node-timeout
 * @master_timeout_ms: the discovery's master-timeout
 *
 * A "last seen" cell styles its node as stale past half of these.
 */
void
disc_monitor_node_cell_set_timeouts (DiscMonitorNodeCell *self,
                             guint         node_timeout_ms,
                             guint         master_timeout_ms)
{
  g_return_if_fail (DISC_IS_MONITOR_NODE_CELL (self));
  self->node_timeout_ms = node_timeout_ms;
  self->master_timeout_ms = master_timeout_ms;
}

/**
 * disc_monitor_node_cell_set_search:
 * @self: a cell
 * @search: (nullable): the node table's search filter, or %NULL
 *
 * An "info" cell shows where @search matches the advertised info, and
 * follows its changes. The cell does not keep @search alive.
 */
void
disc_monitor_node_cell_set_search (DiscMonitorNodeCell *self,
                                   GtkStringFilter     *search)
{
  g_return_if_fail (DISC_IS_MONITOR_NODE_CELL (self));
  g_return_if_fail (search == NULL || GTK_IS_STRING_FILTER (search));

  if (self->search == search)
    return;
  g_set_weak_pointer (&self->search, search);
  g_signal_group_set_target (self->search_signals, search);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}
