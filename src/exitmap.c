/* SPDX-License-Identifier: ISC */
/*
 * --exit-map=CODE:CODE: sigwatch's final status, when the command's end
 * decides it, read through a table, as tini's -e turns a status into
 * success (143:0: a SIGTERM'd command's stop is a clean one). The child
 * event still says what happened; a limit's status (0, 124) and
 * sigwatch's own (125, 130, 141) are never mapped (watch.c).
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

static char	 errbuf[256];

/* A status, 0 to 255, len bytes at s. */
static bool
code_of(const char *s, size_t len, int *code)
{
	size_t	 i;

	if (len == 0 || len > 3)
		return false;
	for (*code = 0, i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*code = *code * 10 + (s[i] - '0');
	}
	return *code < EXIT_CODES;
}

/* One CODE:CODE, len bytes at s, into m: NULL, or why not. */
static const char *
map_one(void *arg, const char *s, size_t len)
{
	struct exit_map	*m = arg;
	const char	*colon = memchr(s, ':', len);
	size_t		 from_len;
	int		 from, to;

	from_len = colon != NULL ? (size_t)(colon - s) : 0;
	if (colon == NULL || !code_of(s, from_len, &from) ||
	    !code_of(colon + 1, len - from_len - 1, &to)) {
		snprintf(errbuf, sizeof errbuf,
		    "invalid exit map '%s' (CODE:CODE, 0 to 255)",
		    quote_arg(s, len));
		return errbuf;
	}
	if (m->set[from]) {
		snprintf(errbuf, sizeof errbuf,
		    "exit code '%s' is mapped twice", quote_arg(s, from_len));
		return errbuf;
	}
	m->set[from] = true;
	m->to[from] = (unsigned char)to;
	return NULL;
}

/* "CODE:CODE[,CODE:CODE]..." into m: NULL, or an error naming the item. */
const char *
exit_map_parse(struct exit_map *m, const char *spec)
{
	return parse_list(spec, map_one, m);
}

int
exit_map_apply(const struct exit_map *m, int status)
{
	if (status < 0 || status >= EXIT_CODES || !m->set[status])
		return status;
	return m->to[status];
}
