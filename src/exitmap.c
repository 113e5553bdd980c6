/* SPDX-License-Identifier: ISC */
/*
 * --exit-map=CODE:CODE: sigwatch's final status, when the command's end
 * decides it, read through a table, as tini's -e turns a status into
 * success (143:0: a SIGTERM'd command's stop is a clean one). The child
 * event still says what happened; a limit's status (0, 124) and
 * sigwatch's own (125, 130, 141) are never mapped (watch.c).
 */
#include "sigwatch.h"

/* A status, 0 to 255, len bytes at s: NULL, or "" for the item's form. */
static const char *
code_of(const char *s, size_t len, bool to, int *code)
{
	size_t	 i;

	(void)to;
	if (len == 0 || len > 3)
		return "";
	for (*code = 0, i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return "";
		*code = *code * 10 + (s[i] - '0');
	}
	return *code < CODE_MAP_KEYS ? NULL : "";
}

const struct code_map_syntax exit_map_syntax = {
	.item = "exit map", .form = "CODE:CODE, 0 to 255",
	.key = "exit code", .mapped = "mapped", .side = code_of,
};
