/*
 * --list: every signal this system has, the reserved ones included, as
 * text or JSON lines.
 */
#include <stdio.h>

#include <jansson.h>

#include "sigwatch.h"

/* " 2 SIGINT      Interrupt" */
void
text_list(const struct formatter *fmt, struct output *out)
{
	char	 name[SIG_NAME_MAX], descr[128], line[256];
	int	 signo, n;

	(void)fmt;
	for (signo = 1; signo <= SIGRTMAX; signo++) {
		n = snprintf(line, sizeof line, "%2d %-11s %s%s\n", signo,
		    sig_name(signo, name), sig_description(signo, descr,
		    sizeof descr), sig_catchable(signo) ? "" :
		    " (cannot be watched)");
		output_write(out, line, (size_t)n < sizeof line ? (size_t)n :
		    sizeof line - 1);
	}
}

void
json_list(const struct formatter *fmt, struct output *out)
{
	char	 name[SIG_NAME_MAX], descr[128];
	int	 signo;

	(void)fmt;
	for (signo = 1; signo <= SIGRTMAX; signo++)
		json_emit(out, json_must(json_pack("{s:i, s:s, s:s, s:b}",
		    "signo", signo, "signal", sig_name(signo, name),
		    "description", sig_description(signo, descr, sizeof descr),
		    "catchable", sig_catchable(signo))));
}
