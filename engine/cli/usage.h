/* The CLI's own options and usage text, shared by main.c (--help) and the
 * manual page generator man.c (regionet(1)). */
#ifndef RN_CLI_USAGE_H
#define RN_CLI_USAGE_H

#include <stdio.h>

typedef struct rn_cli_opt {
  const char *name; /* "--timings" */
  const char *help;
} rn_cli_opt_t;

/* Options placed before COMMAND, NULL-terminated. */
extern const rn_cli_opt_t rn_cli_options[];
/* "usage: regionet COMMAND [options]", the commands and the options above. */
void rn_cli_usage(FILE *f);

#endif
