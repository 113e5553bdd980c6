/* SPDX-License-Identifier: ISC */
/*
 * --color: signal names coloured by what the signal does by default,
 * and codes by who caused them, so that a crash, a stop or a child
 * stands out in a scrolling terminal. SGR parameters, not whole escape
 * sequences: the formatter wraps them.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/* SGR parameters by what a signal does by default (action.c). */
static const char *const sgr[] = {
	[ACTION_TERMINATE]	= "31",		/* red */
	[ACTION_CORE]		= "1;31",	/* bold red: a crash */
	[ACTION_STOP]		= "33",		/* yellow: job control */
	[ACTION_CONTINUE]	= "33",
	[ACTION_DISCARD]	= NULL,		/* WINCH, URG */
};
#define SGR_CHILD	"32"	/* green */
#define SGR_REALTIME	"35"	/* magenta */

#define CODE_FROM_PROCESS	"36"	/* cyan: SI_USER, SI_QUEUE, ... */
#define CODE_FROM_KERNEL	"34"	/* blue: SI_KERNEL, CLD_*, SEGV_* */

/*
 * auto: only on a terminal, and not when NO_COLOR is set and not empty
 * (no-color.org) or the terminal is "dumb". An explicit --color=always
 * is the user's per-run choice and wins over NO_COLOR.
 */
bool
color_wanted(enum color_mode mode, int fd)
{
	const char	*no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	if (no != NULL && *no != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

/* SGR parameters for a signal's name; NULL: leave it plain. */
const char *
color_signal(int signo)
{
	if (signo >= sig_min_rt())
		return SGR_REALTIME;
	if (signo == SIGCHLD)
		return SGR_CHILD;
	return sgr[sig_default_action(signo)];
}

/* SI_KERNEL and the positive codes come from the kernel itself. */
const char *
color_code(int si_code)
{
	return si_code > 0 || si_code == SI_KERNEL ? CODE_FROM_KERNEL :
	    CODE_FROM_PROCESS;
}
