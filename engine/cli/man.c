/* regionet_man DIR: writes the manual pages regionet.1 and regionet-CMD.1
 * into DIR at build time, from the same tables as --help: each command's
 * page is the app's own `CMD --help=man`. */
#include "engine/apps/app_man.h"
#include "regionet/app.h"
#include "regionet/regionet.h"
#include "usage.h"

#include <stdio.h>
#include <string.h>

/* regionet(1): the commands and the CLI's own options. */
static void main_page(FILE *f) {
  rn_man_header(f, NULL, "functional regions from boundaries and commuting flows");
  fputs(".SH SYNOPSIS\n.B regionet\n[\\-\\-timings] \\fICOMMAND\\fR [\\fIoptions\\fR]\n"
        ".SH DESCRIPTION\n"
        "regionet delineates functional regions (metropolitan areas, urban areas, life zones) "
        "from administrative units and a commuting origin\\-destination matrix, and writes GIS "
        "layers with their provenance. Each command has its own page.\n.SH COMMANDS\n",
        f);
  for (int k = 0; rn_app_at(k); k++) {
    fprintf(f, ".TP\n.BR regionet\\-%s (1)\n", rn_app_at(k)->name);
    rn_man_text(f, rn_app_at(k)->summary);
    fputc('\n', f);
  }
  fputs(".SH OPTIONS\n", f);
  for (const rn_cli_opt_t *o = rn_cli_options; o->name; o++) {
    fputs(".TP\n\\fB", f);
    rn_man_text(f, o->name);
    fputs("\\fR\n", f);
    rn_man_text(f, o->help);
    fputc('\n', f);
  }
  rn_man_footer(f, 0);
}

/* A command without options (methods, version): its summary, and for
 * methods the list it prints. */
static void plain_page(rn_ctx_t *ctx, const rn_app_t *app, FILE *f) {
  rn_man_header(f, app->name, app->summary);
  fprintf(f, ".SH SYNOPSIS\n.B regionet %s\n.SH DESCRIPTION\n", app->name);
  rn_man_text(f, app->summary);
  fputs(".\n", f);
  if (!strcmp(app->name, "methods")) {
    char *text = NULL;
    char *argv[] = {(char *)app->name, NULL};
    if (rn_app_run(ctx, 1, argv, &text) == RN_OK && text) {
      fputs(".PP\n.nf\n", f);
      rn_man_text(f, text);
      fputs(".fi\n", f);
    }
    rn_free(text);
  }
  rn_man_footer(f, 1);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: regionet_man DIR\n");
    return 2;
  }
  rn_init();
  rn_ctx_t *ctx = rn_ctx_new();
  if (!ctx) return 3;
  char path[4096];
  snprintf(path, sizeof path, "%s/regionet.1", argv[1]);
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    return 2;
  }
  main_page(f);
  int bad = fclose(f) != 0;
  for (int k = 0; rn_app_at(k) && !bad; k++) {
    const rn_app_t *app = rn_app_at(k);
    char *text = NULL;
    char *av[] = {(char *)app->name, "--help=man", NULL};
    int rc = rn_app_run(ctx, 2, av, &text);
    snprintf(path, sizeof path, "%s/regionet-%s.1", argv[1], app->name);
    if (!(f = fopen(path, "w"))) {
      perror(path);
      bad = 1;
      break;
    }
    if (rc == RN_OK && text && !strncmp(text, ".TH", 3))
      fputs(text, f);
    else
      plain_page(ctx, app, f);
    rn_free(text);
    bad |= fclose(f) != 0;
  }
  rn_ctx_free(ctx);
  return bad ? 2 : 0;
}
