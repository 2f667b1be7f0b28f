/* Worker threads, the same way everywhere (threads.c): how many a job gets,
 * and running a function on them with the calling thread taking part. */
#ifndef RN_THREADS_H
#define RN_THREADS_H

#include <stddef.h>
#include <stdint.h>

#define RN_THREADS_MAX 64

/* requested (0: one per core), at least 1, at most `most` and RN_THREADS_MAX. */
int rn_threads_count(int requested, int64_t most);

/* fn(arg k) for k = 0 .. n - 1, arg k = (char *)args + k * stride (stride 0:
 * every call gets args): k = 0 on the calling thread, the others on threads
 * of their own, or here after k = 0 when a thread cannot start. Returns when
 * every call has. */
void rn_threads_run(int n, void *(*fn)(void *), void *args, size_t stride);

#endif
