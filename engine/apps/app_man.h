/* roff pieces shared by the per-command pages (rn_opts_man) and the
 * regionet(1) page (engine/cli/man.c). */
#ifndef RN_APP_MAN_H
#define RN_APP_MAN_H

#include <stdio.h>

/* s with roff's special characters escaped ('-', '\', a leading '.'). */
void rn_man_text(FILE *out, const char *s);
/* .TH and NAME: "regionet-CMD - summary" (cmd NULL: the regionet page). */
void rn_man_header(FILE *out, const char *cmd, const char *summary);
/* EXIT STATUS (the error codes) and, for a command, SEE ALSO regionet(1). */
void rn_man_footer(FILE *out, int with_parent);

#endif
