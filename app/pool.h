/* pool.h — worker threads for the commands and services that split work into tasks (the blocks of
 * `growthview zscore`, the children of a flag refresh batch).
 *
 * A pool runs run(ctx, task, &scratch) for each task number submitted, on its worker threads, in
 * the order submitted (the order they finish in is the OS's); each worker has a scratch pointer
 * of its own (NULL at first; freed with scratch_free when the pool ends), so a task can keep a
 * buffer between tasks without locking.  A pool of 0 threads (one was asked for no thread, or
 * none could be started) runs each task in the caller, inside pool_submit: code written for the
 * pool works unchanged on one core.  Task numbers are 0 .. cap-1 (cap given at pool_new); a
 * number may be submitted again once its last run is done (pool_wait).
 *
 * Not for the pipelines of app/flagpipe.c and app/synthdb.c (one producer and one consumer thread
 * with a bounded queue of batches between them). */
#ifndef GV_POOL_H
#define GV_POOL_H

typedef struct gv_pool gv_pool;

typedef void (*pool_fn)(void *ctx, int task, void **scratch);

/* A pool of up to nthreads workers (fewer when the system refuses some; 0 for none) for tasks
 * 0 .. cap-1.  NULL when out of memory. */
gv_pool *pool_new(int nthreads, int cap, pool_fn run, void *ctx, void (*scratch_free)(void *));

/* The number of worker threads running (0: tasks run in pool_submit). */
int pool_threads(const gv_pool *p);

/* Queue task (0 <= task < cap, not queued or running already). */
void pool_submit(gv_pool *p, int task);

/* Wait until task's last run is done. */
void pool_wait(gv_pool *p, int task);

/* Wait until every task submitted so far is done. */
void pool_wait_all(gv_pool *p);

/* Wait for the tasks queued, stop the workers, free their scratch and the pool.  NULL is fine. */
void pool_free(gv_pool *p);

#endif
