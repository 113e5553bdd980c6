/*
 * --list: every signal this system has, the reserved ones included, as
 * text or JSON lines.
 */
#include <err.h>
#include <stdio.h>

#include <jansson.h>

#include "sigwatch.h"

void
sig_list(struct output *out, enum out_format format)
{
	char	 name[SIG_NAME_MAX], descr[128], line[256];
	int	 signo, n;
	json_t	*o;

	for (signo = 1; signo <= SIGRTMAX; signo++) {
		sig_name(signo, name);
		sig_description(signo, descr, sizeof descr);
		if (format == FORMAT_JSON) {
			o = json_pack("{s:i, s:s, s:s, s:b}", "signo", signo,
			    "signal", name, "description", descr,
			    "catchable", sig_catchable(signo));
			if (o == NULL)
				errx(EXIT_TROUBLE, "out of memory building JSON");
			json_emit(out, o);
			continue;
		}
		n = snprintf(line, sizeof line, "%2d %-11s %s%s\n", signo, name,
		    descr, sig_catchable(signo) ? "" : " (cannot be watched)");
		output_write(out, line, (size_t)n < sizeof line ? (size_t)n :
		    sizeof line - 1);
	}
}
