/* Worker threads (see threads.h). */
#include "threads.h"

#include <pthread.h>
#include <unistd.h>

int rn_threads_count(int requested, int64_t most) {
  long n = requested > 0 ? requested : sysconf(_SC_NPROCESSORS_ONLN);
  if (n > RN_THREADS_MAX) n = RN_THREADS_MAX;
  if (n > most) n = (long)most;
  return n < 1 ? 1 : (int)n;
}

void rn_threads_run(int n, void *(*fn)(void *), void *args, size_t stride) {
  pthread_t tid[RN_THREADS_MAX];
  int started[RN_THREADS_MAX] = {0};
  if (n > RN_THREADS_MAX) n = RN_THREADS_MAX;
  char *a = args;
  for (int k = 1; k < n; k++)
    started[k] = pthread_create(&tid[k], NULL, fn, a + (size_t)k * stride) == 0;
  fn(a);
  for (int k = 1; k < n; k++)
    if (!started[k]) fn(a + (size_t)k * stride);
  for (int k = 1; k < n; k++)
    if (started[k]) pthread_join(tid[k], NULL);
}
