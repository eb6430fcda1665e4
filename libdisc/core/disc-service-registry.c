/* disc-service-registry.c: the seed's ServiceDiscovery bookkeeping
 *
 * A node is a candidate of the service named by its info's `name`. Each
 * service keeps its candidates in arrival order and a queue of those that
 * still have setup hooks to pass; only the head of the queue runs a hook,
 * so hooks for one service run one at a time, in order (the seed's TODO
 * "could the service discovery automatically call setup for one at a
 * time?"). A candidate that passed every hook is active; one whose hook
 * failed stays inactive until it leaves or changes name. A hook added
 * later runs for the candidates already there too, active ones included,
 * so every active candidate has passed every hook of its service.
 *
 * Ready means: at least one service is needed, and every needed service
 * has an active candidate. `ready` is reported on each change to ready,
 * `notready (name)` each time a needed service loses its last active
 * candidate, however it lost it (goodbye, timeout, name change, failed
 * hook): the seed's TODO "improve service discovery node removal
 * handling".
 *
 * Callbacks may call back into the registry (a `ready` handler may
 * advertise, a hook may complete at once), so nothing here holds a pointer
 * across a callback without a hold on it.
 *
 * SPDX-License-Identifier: MIT
 */
#define G_LOG_DOMAIN "disc-service-registry"

#include "config.h"

#include <string.h>

#include "disc-service-registry.h"

typedef struct _Entry Entry;

typedef struct
{
  guint      ref_count;
  DiscNode  *node;
  Entry     *entry;
  guint      hooks_done;
  gboolean   active;
  gboolean   failed;
  gboolean   queued;
  gboolean   gone;          /* dropped from its service, kept alive by a ref */
  GList      member_link;   /* in entry->members */
  GList      queue_link;    /* in entry->queue */
} Candidate;

struct _Entry
{
  char      *name;
  gboolean   needed;
  GPtrArray *hooks;         /* hook data, in order of setup() */
  GQueue     members;       /* every candidate, in arrival order */
  GQueue     queue;         /* candidates with hooks left, in arrival order */
  Candidate *running;       /* the one whose hook runs now */
  guint64    call_id;       /* of the running hook */
  guint      n_active;
  guint      holds;
  gboolean   pumping;
};

struct _DiscServiceRegistry
{
  DiscServiceRegistryCallbacks callbacks;
  GDestroyNotify               hook_destroy;
  gpointer                     user_data;

  GHashTable *entries;      /* name -> Entry (owned) */
  GHashTable *candidates;   /* DiscNode * -> Candidate (one ref) */
  GHashTable *calls;        /* &entry->call_id -> Entry */
  guint64     next_call_id;
  guint       n_needed;
  guint       n_satisfied;  /* needed services with an active candidate */
  gboolean    ready;        /* as last reported */
  guint       depth;        /* public calls under way, callbacks included */
  gboolean    doomed;       /* freed by its owner from a callback */
};

/**
 * disc_service_registry_name_of:
 * @info: (nullable): what a node advertises
 *
 * Returns: (nullable): the service name in @info: its `name` member when
 *   @info is an object and that member a string
 */
const char *
disc_service_registry_name_of (JsonNode *info)
{
  JsonObject *object;
  JsonNode *name;

  if (info == NULL || !JSON_NODE_HOLDS_OBJECT (info))
    return NULL;
  object = json_node_get_object (info);
  name = json_object_get_member (object, "name");
  if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
      json_node_get_value_type (name) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (name);
}

/* Candidates */

static Candidate *
candidate_new (DiscNode *node,
               Entry    *entry)
{
  Candidate *c = g_new0 (Candidate, 1);

  c->ref_count = 1;
  c->node = g_object_ref (node);
  c->entry = entry;
  c->member_link.data = c;
  c->queue_link.data = c;
  return c;
}

static Candidate *
candidate_ref (Candidate *c)
{
  c->ref_count++;
  return c;
}

static void
candidate_unref (Candidate *c)
{
  if (--c->ref_count > 0)
    return;
  g_object_unref (c->node);
  g_free (c);
}

/* Entries */

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->name);
  g_ptr_array_unref (e->hooks);
  g_free (e);
}

static Entry *
lookup_or_add_entry (DiscServiceRegistry *self,
                     const char          *name)
{
  Entry *e = g_hash_table_lookup (self->entries, name);

  if (e != NULL)
    return e;
  e = g_new0 (Entry, 1);
  e->name = g_strdup (name);
  e->hooks = g_ptr_array_new_with_free_func (self->hook_destroy);
  g_queue_init (&e->members);
  g_queue_init (&e->queue);
  g_hash_table_insert (self->entries, e->name, e);
  return e;
}

static void
hold (Entry *e)
{
  e->holds++;
}

/* Names seen on the network come and go with their nodes: an entry that is
 * not needed and has no candidate left is forgotten. */
static void
release (DiscServiceRegistry *self,
         Entry               *e)
{
  g_assert (e->holds > 0);
  if (--e->holds > 0)
    return;
  if (!e->needed && e->members.length == 0)
    g_hash_table_remove (self->entries, e->name);
}

/* Readiness */

static gboolean
all_needs_met (DiscServiceRegistry *self)
{
  return self->n_needed > 0 && self->n_satisfied == self->n_needed;
}

static void
maybe_report_ready (DiscServiceRegistry *self)
{
  if (self->ready || !all_needs_met (self))
    return;
  self->ready = TRUE;
  if (self->callbacks.ready != NULL)
    self->callbacks.ready (self->user_data);
}

static void
activate (DiscServiceRegistry *self,
          Entry               *e,
          Candidate           *c)
{
  g_autoptr(DiscNode) node = g_object_ref (c->node);

  c->active = TRUE;
  e->n_active++;
  if (e->n_active == 1 && e->needed)
    self->n_satisfied++;
  if (self->callbacks.activated != NULL)
    self->callbacks.activated (e->name, node, e->n_active, self->user_data);
  maybe_report_ready (self);
}

static void
deactivate (DiscServiceRegistry *self,
            Entry               *e,
            Candidate           *c)
{
  g_autoptr(DiscNode) node = g_object_ref (c->node);
  gboolean lost;

  g_assert (c->active);
  c->active = FALSE;
  e->n_active--;
  lost = e->n_active == 0 && e->needed;
  if (lost)
    {
      self->n_satisfied--;
      self->ready = FALSE;
    }
  if (self->callbacks.deactivated != NULL)
    self->callbacks.deactivated (e->name, node, e->n_active, self->user_data);
  if (lost && self->callbacks.notready != NULL)
    self->callbacks.notready (e->name, self->user_data);
}

/* Setup hooks */

static void
enqueue (Entry     *e,
         Candidate *c)
{
  if (c->queued || c->failed)
    return;
  c->queued = TRUE;
  g_queue_push_tail_link (&e->queue, &c->queue_link);
}

static void
unqueue (Entry     *e,
         Candidate *c)
{
  if (!c->queued)
    return;
  c->queued = FALSE;
  g_queue_unlink (&e->queue, &c->queue_link);
}

/* Runs hooks for the head of the queue until one is left running (it will
 * come back through complete()) or the queue is empty. A hook that
 * completes at once is followed here, not by recursion. */
static void
pump (DiscServiceRegistry *self,
      Entry               *e)
{
  Candidate *c;

  if (e->pumping)
    return;
  e->pumping = TRUE;
  hold (e);

  while (e->running == NULL && (c = g_queue_peek_head (&e->queue)) != NULL)
    {
      if (c->hooks_done < e->hooks->len)
        {
          gpointer hook = g_ptr_array_index (e->hooks, c->hooks_done);
          g_autoptr(DiscNode) node = g_object_ref (c->node);

          e->running = c;
          e->call_id = ++self->next_call_id;
          g_hash_table_insert (self->calls, &e->call_id, e);
          if (self->callbacks.run_hook != NULL)
            self->callbacks.run_hook (e->name, node, hook, e->call_id, self->user_data);
          continue;
        }

      /* Every hook passed. */
      unqueue (e, c);
      if (!c->active)
        activate (self, e, c);
    }

  e->pumping = FALSE;
  release (self, e);
}

static void
stop_running_call (DiscServiceRegistry *self,
                   Entry               *e)
{
  guint64 call_id = e->call_id;

  g_hash_table_remove (self->calls, &e->call_id);
  e->running = NULL;
  e->call_id = 0;
  if (self->callbacks.cancel_hook != NULL)
    self->callbacks.cancel_hook (call_id, self->user_data);
}

/* @c leaves its service: cancelled if its hook runs, deactivated if
 * active; the next candidate in the queue gets its turn. */
static void
drop_candidate (DiscServiceRegistry *self,
                Candidate           *c)
{
  Entry *e = c->entry;

  hold (e);
  g_hash_table_steal (self->candidates, c->node);
  c->gone = TRUE;
  if (e->running == c)
    stop_running_call (self, e);
  unqueue (e, c);
  g_queue_unlink (&e->members, &c->member_link);
  if (c->active)
    deactivate (self, e, c);
  candidate_unref (c);
  pump (self, e);
  release (self, e);
}

static void
add_candidate (DiscServiceRegistry *self,
               DiscNode            *node,
               const char          *name)
{
  Entry *e = lookup_or_add_entry (self, name);
  Candidate *c = candidate_new (node, e);

  hold (e);
  g_hash_table_insert (self->candidates, node, c);
  g_queue_push_tail_link (&e->members, &c->member_link);
  if (e->hooks->len > 0)
    {
      enqueue (e, c);
      pump (self, e);
    }
  else
    activate (self, e, c);
  release (self, e);
}

/* Public (to the library) */

DiscServiceRegistry *
disc_service_registry_new (const DiscServiceRegistryCallbacks *callbacks,
                           GDestroyNotify                      hook_destroy,
                           gpointer                            user_data)
{
  DiscServiceRegistry *self = g_new0 (DiscServiceRegistry, 1);

  if (callbacks != NULL)
    self->callbacks = *callbacks;
  self->hook_destroy = hook_destroy;
  self->user_data = user_data;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, entry_free);
  self->candidates = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) candidate_unref);
  self->calls = g_hash_table_new (g_int64_hash, g_int64_equal);
  return self;
}

static void
registry_destroy (DiscServiceRegistry *self)
{
  g_hash_table_remove_all (self->calls);
  g_hash_table_remove_all (self->candidates);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->candidates);
  g_hash_table_unref (self->entries);
  g_free (self);
}

/* An owner may free the registry from one of its callbacks (a setup hook
 * that disposes its DiscServiceDiscovery): the call that made the
 * callback still walks its entries, and the hook that runs must outlive
 * its call. So each public call that can reach a callback holds the
 * registry, and the last one out frees it. */
static void
enter (DiscServiceRegistry *self)
{
  self->depth++;
}

static void
leave (DiscServiceRegistry *self)
{
  g_assert (self->depth > 0);
  if (--self->depth == 0 && self->doomed)
    registry_destroy (self);
}

/* Frees everything without a single callback: the owner is going away.
 * Running calls are simply forgotten; the owner cancels its own. From a
 * callback, the memory goes when the call that made it returns. */
void
disc_service_registry_free (DiscServiceRegistry *self)
{
  if (self == NULL)
    return;
  memset (&self->callbacks, 0, sizeof self->callbacks);
  if (self->depth > 0)
    {
      self->doomed = TRUE;
      return;
    }
  registry_destroy (self);
}

/* disc_service_registry_need(), within a public call. */
static gboolean
need (DiscServiceRegistry *self,
      const char          *name)
{
  Entry *e;
  guint position;

  g_return_val_if_fail (name != NULL, FALSE);

  e = lookup_or_add_entry (self, name);
  if (e->needed)
    return FALSE;

  hold (e);
  e->needed = TRUE;
  position = self->n_needed++;
  if (e->n_active > 0)
    self->n_satisfied++;
  if (self->callbacks.needed != NULL)
    self->callbacks.needed (e->name, position, self->user_data);

  if (e->n_active == 0 && self->ready)
    {
      /* Ready no longer holds: this need is unmet. */
      self->ready = FALSE;
      if (self->callbacks.notready != NULL)
        self->callbacks.notready (e->name, self->user_data);
    }
  else
    maybe_report_ready (self);
  release (self, e);
  return TRUE;
}

/* Returns TRUE when @name was not needed before. */
gboolean
disc_service_registry_need (DiscServiceRegistry *self,
                            const char          *name)
{
  gboolean was_new;

  g_return_val_if_fail (name != NULL, FALSE);

  enter (self);
  was_new = need (self, name);
  leave (self);
  return was_new;
}

/* Takes @hook (freed with the registry's hook_destroy). Implies need. */
void
disc_service_registry_add_hook (DiscServiceRegistry *self,
                                const char          *name,
                                gpointer             hook)
{
  Entry *e;

  g_return_if_fail (name != NULL);

  enter (self);
  need (self, name);
  e = lookup_or_add_entry (self, name);
  hold (e);
  g_ptr_array_add (e->hooks, hook);
  for (GList *l = e->members.head; l != NULL; l = l->next)
    enqueue (e, l->data);
  pump (self, e);
  release (self, e);
  leave (self);
}

/* @node was added, or its info changed: it becomes a candidate of the
 * service its info names, leaving the one it named before. */
void
disc_service_registry_node_changed (DiscServiceRegistry *self,
                                    DiscNode            *node)
{
  g_autoptr(DiscNode) hold_node = g_object_ref (node);
  g_autofree char *name = g_strdup (disc_service_registry_name_of (disc_node_get_info (node)));
  Candidate *c = g_hash_table_lookup (self->candidates, node);

  if (c != NULL && name != NULL && strcmp (c->entry->name, name) == 0)
    return;
  enter (self);
  if (c != NULL)
    drop_candidate (self, c);
  /* The info may have changed again from a callback of drop_candidate. */
  if (name != NULL && !self->doomed && g_hash_table_lookup (self->candidates, node) == NULL &&
      g_strcmp0 (name, disc_service_registry_name_of (disc_node_get_info (node))) == 0)
    add_candidate (self, node, name);
  leave (self);
}

void
disc_service_registry_node_removed (DiscServiceRegistry *self,
                                    DiscNode            *node)
{
  Candidate *c = g_hash_table_lookup (self->candidates, node);

  if (c == NULL)
    return;
  enter (self);
  drop_candidate (self, c);
  leave (self);
}

/* Finishes the hook call @call_id: with @error %NULL the candidate goes on
 * to its next hook (or becomes active), otherwise it fails. Returns FALSE
 * when @call_id is not running (finished, or cancelled). */
gboolean
disc_service_registry_complete (DiscServiceRegistry *self,
                                guint64              call_id,
                                const GError        *error)
{
  Entry *e = g_hash_table_lookup (self->calls, &call_id);
  Candidate *c;

  if (e == NULL)
    return FALSE;

  enter (self);
  c = candidate_ref (e->running);
  hold (e);
  g_hash_table_remove (self->calls, &e->call_id);
  e->running = NULL;
  e->call_id = 0;

  if (error == NULL)
    c->hooks_done++;
  else
    {
      g_autoptr(DiscNode) node = g_object_ref (c->node);

      c->failed = TRUE;
      unqueue (e, c);
      if (self->callbacks.hook_failed != NULL)
        self->callbacks.hook_failed (e->name, node, error, self->user_data);
      if (!c->gone && c->active)
        deactivate (self, e, c);
    }

  candidate_unref (c);
  pump (self, e);
  release (self, e);
  leave (self);
  return TRUE;
}

gboolean
disc_service_registry_is_ready (DiscServiceRegistry *self)
{
  return self->ready;
}

gboolean
disc_service_registry_is_needed (DiscServiceRegistry *self,
                                 const char          *name)
{
  Entry *e = g_hash_table_lookup (self->entries, name);

  return e != NULL && e->needed;
}

guint
disc_service_registry_get_n_needed (DiscServiceRegistry *self)
{
  return self->n_needed;
}

guint
disc_service_registry_get_n_active (DiscServiceRegistry *self,
                                    const char          *name)
{
  Entry *e = g_hash_table_lookup (self->entries, name);

  return e != NULL ? e->n_active : 0;
}

DiscCandidateState
disc_service_registry_get_state (DiscServiceRegistry *self,
                                 DiscNode            *node)
{
  Candidate *c = g_hash_table_lookup (self->candidates, node);

  if (c == NULL)
    return DISC_CANDIDATE_NONE;
  if (c->failed)
    return DISC_CANDIDATE_FAILED;
  if (c->entry->running == c)
    return DISC_CANDIDATE_SETTING_UP;
  if (c->active)
    return DISC_CANDIDATE_ACTIVE;
  return DISC_CANDIDATE_WAITING;
}

const char *
disc_service_registry_get_service_of (DiscServiceRegistry *self,
                                      DiscNode            *node)
{
  Candidate *c = g_hash_table_lookup (self->candidates, node);

  return c != NULL ? c->entry->name : NULL;
}
