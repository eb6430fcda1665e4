/* fuzz-common.h: what the fuzz targets share
 *
 * An input that stands for several datagrams is a sequence of records:
 * a big-endian 16-bit length, then that many bytes; a record cut short at
 * the end is taken as it is. The seed corpus (make-corpus.py) writes the
 * same format.
 *
 * SPDX-License-Identifier: MIT
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  const uint8_t *data;
  size_t         size;
} FuzzReader;

static inline gboolean
fuzz_next_record (FuzzReader     *reader,
                  const uint8_t **record,
                  size_t         *len)
{
  size_t want;

  if (reader->size == 0)
    return FALSE;
  if (reader->size < 2)
    {
      want = reader->size;
      *record = reader->data;
    }
  else
    {
      want = ((size_t) reader->data[0] << 8) | reader->data[1];
      reader->data += 2;
      reader->size -= 2;
      if (want > reader->size)
        want = reader->size;
      *record = reader->data;
    }
  *len = want;
  reader->data += want;
  reader->size -= want;
  return TRUE;
}

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* For a target that has LLVMFuzzerInitialize(): libFuzzer and replay.c
 * call it, but a driver that does not still gets it, once. Pass whether
 * its work is already done. */
static inline void
fuzz_initialize_once (gboolean already_initialized)
{
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      if (!already_initialized)
        LLVMFuzzerInitialize (NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

/* An input whose first byte picks one of N_MODES and whose records follow:
 * sets *MODE and *READER, or returns FALSE for an empty input. */
static inline gboolean
fuzz_start (const uint8_t *data,
            size_t         size,
            guint          n_modes,
            guint         *mode,
            FuzzReader    *reader)
{
  if (size == 0)
    return FALSE;
  *mode = data[0] % n_modes;
  *reader = (FuzzReader) { data + 1, size - 1 };
  return TRUE;
}

/* A failed invariant: crash loudly so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { if (!(cond)) { g_printerr ("%s:%d: %s\n", __FILE__, __LINE__, #cond); abort (); } } G_STMT_END
