/* Manual pages from the apps' option tables (`COMMAND --help=man`), written
 * at build time by engine/cli/man.c, so a page and --help cannot drift. */
#include "app_man.h"
#include "app_options.h"
#include "regionet/app.h"

#include <string.h>

void rn_man_text(FILE *out, const char *s) {
  int bol = 1; /* a roff line may not start with '.' or '\'' */
  for (; *s; s++) {
    if (bol && (*s == '.' || *s == '\'')) fputs("\\&", out);
    if (*s == '-')
      fputs("\\-", out);
    else if (*s == '\\')
      fputs("\\e", out);
    else
      fputc(*s, out);
    bol = *s == '\n';
  }
}

void rn_man_header(FILE *out, const char *cmd, const char *summary) {
  char up[64];
  size_t k = 0;
  for (const char *s = "REGIONET"; *s && k < sizeof up - 1; s++) up[k++] = *s;
  if (cmd) {
    up[k++] = '-';
    for (const char *s = cmd; *s && k < sizeof up - 1; s++)
      up[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
  }
  up[k] = 0;
  fprintf(out, ".TH %s 1 \"\" \"regionet %s\" \"regionet manual\"\n.SH NAME\n", up, rn_version());
  fprintf(out, "regionet%s%s \\- ", cmd ? "\\-" : "", cmd ? cmd : "");
  rn_man_text(out, summary);
  fputc('\n', out);
}

void rn_man_footer(FILE *out, int with_parent) {
  fputs(".SH EXIT STATUS\n", out);
  for (int c = 0; c <= RN_EINTERRUPT; c++) {
    fprintf(out, ".TP\n.B %d\n%s: ", c, rn_err_name(c));
    rn_man_text(out, rn_strerror(c));
    fputc('\n', out);
  }
  fputs(".TP\n.B 128+N\nstopped by signal N (Ctrl\\-C: 130); no output is left behind\n", out);
  if (with_parent) fputs(".SH SEE ALSO\n.BR regionet (1)\n", out);
}

void rn_opts_man(FILE *out, const char *cmd, const char *synopsis, const rn_opt_t *opts) {
  const rn_app_t *app = rn_app_find(cmd);
  rn_man_header(out, cmd, app && app->summary ? app->summary : cmd);
  fprintf(out, ".SH SYNOPSIS\n.B regionet %s\n", cmd);
  /* the synopsis's first line, then its notes (compare: "A, B: ...") */
  const char *nl = strchr(synopsis, '\n');
  char first[512];
  snprintf(first, sizeof first, "%.*s", nl ? (int)(nl - synopsis) : (int)strlen(synopsis), synopsis);
  rn_man_text(out, first);
  fputc('\n', out);
  if (nl) {
    fputs(".PP\n", out);
    while (*nl == '\n' || *nl == ' ') nl++;
    rn_man_text(out, nl);
    fputc('\n', out);
  }
  fputs(".SH OPTIONS\n", out);
  for (const rn_opt_t *o = opts; o->name; o++) {
    fputs(".TP\n", out);
    if (o->alias) {
      fputs("\\fB", out);
      rn_man_text(out, o->alias);
      fputs("\\fR, ", out);
    }
    fputs("\\fB", out);
    rn_man_text(out, o->name);
    fputs(o->takes_value ? "\\fR \\fIX\\fR\n" : "\\fR\n", out);
    rn_man_text(out, o->help);
    fputc('\n', out);
  }
  rn_man_footer(out, 1);
}
