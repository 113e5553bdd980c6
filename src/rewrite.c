/* SPDX-License-Identifier: ISC */
/*
 * --rewrite=FROM:TO: what a signal for the command is forwarded as, as
 * dumb-init's --rewrite does; TO "none" drops it. Reports show what
 * came: only forwarding sees the rewrite. One step only: TERM:QUIT with
 * QUIT:INT forwards a TERM as QUIT, not as INT.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sigwatch.h"

static char	 errbuf[256];

/* One FROM:TO, len bytes at s, into r: NULL, or why not. */
static const char *
rewrite_one(void *arg, const char *s, size_t len)
{
	struct rewrites	*r = arg;
	const char	*colon = memchr(s, ':', len), *to_s, *e;
	size_t		 from_len, to_len;
	int		 from, to;

	if (colon == NULL) {
		snprintf(errbuf, sizeof errbuf,
		    "invalid rewrite '%s' (FROM:TO)", quote_arg(s, len));
		return errbuf;
	}
	from_len = (size_t)(colon - s);
	to_s = colon + 1;
	to_len = len - from_len - 1;
	if ((e = sigspec_one(s, from_len, &from)) != NULL)
		return e;
	if (to_len == 4 && strncasecmp(to_s, "none", 4) == 0)
		to = REWRITE_DROP;
	else if ((e = sigspec_one(to_s, to_len, &to)) != NULL)
		return e;
	/* Two rules for one signal are a mistake, not an order to guess. */
	if (r->to[from] != 0) {
		snprintf(errbuf, sizeof errbuf,
		    "signal '%s' is rewritten twice", quote_arg(s, from_len));
		return errbuf;
	}
	r->to[from] = to;
	return NULL;
}

/* "FROM:TO[,FROM:TO]..." into r: NULL, or an error naming the item. */
const char *
rewrite_parse(struct rewrites *r, const char *spec)
{
	return parse_list(spec, rewrite_one, r);
}

/* What signo is forwarded as: itself, another, or REWRITE_DROP. */
int
rewrite_of(const struct rewrites *r, int signo)
{
	if (signo <= 0 || signo >= NSIG || r->to[signo] == 0)
		return signo;
	return r->to[signo];
}
