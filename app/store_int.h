/* store_int.h — what the store's files share behind app/store.h (not for other modules).
 *
 * app/store.c owns the connection and the schema's migration table; app/store_summaries.c keeps
 * the LLM summaries.  Both speak SQL; nothing else in growthview does. */
#ifndef GV_STORE_INT_H
#define GV_STORE_INT_H

#include <sqlite3.h>

#include "app/store.h"

/* The connection of an open store. */
sqlite3 *store_db_(gv_store *st);
/* Set the store's message (printf format) and return rc. */
store_rc store_seterr_(gv_store *st, store_rc rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Status and message for SQLite result code rc of operation op ("insert summary"). */
store_rc store_dberr_(gv_store *st, const char *op, int rc);

/* The summaries' private state (cached statements), created on first use, freed by store_close
 * through store_summaries_close_. */
struct store_sum;
struct store_sum **store_sum_slot_(gv_store *st);
void store_summaries_close_(gv_store *st);

/* Migration 4 (app/store_summaries.c): the summaries table gets everything a summary keeps. */
extern const char store_mig4_summaries[];

#endif
