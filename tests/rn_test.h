/* Tiny assertion helpers shared by the C tests. */
#ifndef RN_TEST_H
#define RN_TEST_H
#include <stdio.h>
#include <stdlib.h>

static int rn_test_failures = 0;
#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
      rn_test_failures++;                                                  \
    }                                                                      \
  } while (0)
#define TEST_DONE()                                                        \
  do {                                                                     \
    if (rn_test_failures) fprintf(stderr, "%d check(s) failed\n", rn_test_failures); \
    return rn_test_failures ? 1 : 0;                                       \
  } while (0)
#endif
