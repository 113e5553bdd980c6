/* SPDX-License-Identifier: ISC */
/*
 * --rewrite=FROM:TO: what a signal for the command is forwarded as, as
 * dumb-init's --rewrite does; TO "none" drops it. Reports show what
 * came: only forwarding sees the rewrite. One step only: TERM:QUIT with
 * QUIT:INT forwards a TERM as QUIT, not as INT.
 */
#include <strings.h>

#include "sigwatch.h"

/* A signal, len bytes at s; TO may be "none": not forwarded at all. */
static const char *
signal_of(const char *s, size_t len, bool to, int *signo)
{
	/* An empty side has no name to give: the rule is the token. */
	if (len == 0)
		return "";
	if (to && len == 4 && strncasecmp(s, "none", 4) == 0) {
		*signo = REWRITE_DROP;
		return NULL;
	}
	return sigspec_one(s, len, signo);
}

const struct code_map_syntax rewrite_syntax = {
	.item = "rewrite", .form = "FROM:TO",
	.key = "signal", .mapped = "rewritten", .side = signal_of,
};
