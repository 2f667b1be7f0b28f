/* The CLI's usage text, from the library's table of apps. */
#include "usage.h"
#include "regionet/app.h"

const rn_cli_opt_t rn_cli_options[] = {
    {"--help", "this list of commands ('regionet COMMAND --help' describes a command's options)"},
    {"--version", "library versions (as 'regionet version')"},
    {"--timings", "before COMMAND: print the time of each stage to stderr"},
    {NULL, NULL}};

void rn_cli_usage(FILE *f) {
  fprintf(f, "usage: regionet [--timings] COMMAND [options]\ncommands:\n");
  for (int k = 0; rn_app_at(k); k++)
    fprintf(f, "  %-11s %s\n", rn_app_at(k)->name, rn_app_at(k)->summary);
  fprintf(f, "options:\n");
  for (const rn_cli_opt_t *o = rn_cli_options; o->name; o++)
    fprintf(f, "  %-11s %s\n", o->name, o->help);
}
