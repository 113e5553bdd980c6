/* SPDX-License-Identifier: ISC */
/*
 * The SIGWATCH_* variables: options for those who cannot add flags, as
 * "docker run --init", a Helm chart or a unit file's Environment= can
 * set variables (tini's TINI_SUBREAPER, dumb-init's DUMB_INIT_SETSID).
 * Each stands for one option; options.c reads them before the command
 * line, which then wins, and takes them out of the command's
 * environment: they configure this sigwatch, not one the command runs.
 */
#include <stdlib.h>
#include <string.h>

#include "sigwatch.h"

const struct variable variables[] = {
	{ .name = "SIGWATCH_FORWARD_TO",	.option = "forward-to" },
	{ .name = "SIGWATCH_SUBREAPER",		.option = "subreaper",
	    .boolean = true },
	{ .name = "SIGWATCH_KILL_AFTER",	.option = "kill-after" },
	{ .name = "SIGWATCH_EXIT_MAP",		.option = "exit-map" },
	{ .name = "SIGWATCH_PDEATHSIG",		.option = "pdeathsig" },
	{ .name = "SIGWATCH_QUIET",		.option = "quiet",
	    .boolean = true },
	{ .name = "SIGWATCH_FORMAT",		.option = "format" },
	{ .name = "SIGWATCH_OUTPUT",		.option = "output" },
	{ .name = NULL }
};

static bool
word_in(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/*
 * What v says: its value for the option (for a boolean, "" to give the
 * option), or NULL when it says nothing: unset, empty (docker's "-e
 * VAR="), or a boolean that is off. *bad: a boolean that is neither.
 */
const char *
variable_value(const struct variable *v, bool *bad)
{
	static const char *const on[] = { "1", "yes", "true", NULL };
	static const char *const off[] = { "0", "no", "false", NULL };
	const char	*s = getenv(v->name);

	*bad = false;
	if (s == NULL || *s == '\0')
		return NULL;
	if (!v->boolean)
		return s;
	if (word_in(s, on))
		return "";
	*bad = !word_in(s, off);
	return *bad ? s : NULL;
}
