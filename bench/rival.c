/* SPDX-License-Identifier: ISC */
/*
 * The programs sigwatch is compared with, as the wrapper and tracing
 * sections list them: each found once, before the first round, and its
 * rows against sigwatch and against the section's reference printed
 * alike.
 */
#include <stdio.h>

#include "bench.h"

/*
 * Where rival r is, into path: the section's workload for the bare
 * row, the path of its option for one of the bench's own programs, or
 * its program in PATH. false when there is none; a program missing
 * from PATH is said, unless it is optional.
 */
bool
rival_find(const struct rival *r, const char *workload, char *path)
{
	const char	*at = r->bare ? workload : r->own != NULL ? *r->own :
			    NULL;

	if (r->bare || r->own != NULL) {
		snprintf(path, PATH_MAX, "%s", at != NULL ? at : "");
		return path[0] != '\0';
	}
	if (which(r->prog, path))
		return true;
	if (!r->optional)
		fprintf(stderr, "bench: %s is missing: run "
		    "scripts/install-deps bench (as root)\n", r->prog);
	return false;
}

/* Rival r's ratio to sigwatch, with its target, if it has that row. */
void
rival_ratio_row(const struct rival *r, const struct series *s)
{
	if (r->ratio != NULL)
		row(s, F_RATIO, "x", r->op, r->bound, "%s", r->ratio);
}

/* Rival r against the section's reference, if it has that row. */
void
rival_over_row(const struct rival *r, const struct series *s)
{
	if (r->over != NULL)
		row(s, F_RATIO, "x", NULL, 0, "%s", r->over);
}
