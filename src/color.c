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

enum kind {
	KIND_OTHER,	/* ignored by default: WINCH, URG */
	KIND_TERM,	/* terminates */
	KIND_CORE,	/* terminates and dumps core: a crash */
	KIND_STOP,	/* job control: stops or continues */
	KIND_CHILD,
	KIND_REALTIME,
};

static const char *const sgr[] = {
	[KIND_OTHER]	= NULL,
	[KIND_TERM]	= "31",		/* red */
	[KIND_CORE]	= "1;31",	/* bold red */
	[KIND_STOP]	= "33",		/* yellow */
	[KIND_CHILD]	= "32",		/* green */
	[KIND_REALTIME]	= "35",		/* magenta */
};

/* The default actions of signal(7); the rest terminate. */
static const struct {
	int		 signo;
	enum kind	 kind;
} kinds[] = {
	{ SIGQUIT,	KIND_CORE },
	{ SIGILL,	KIND_CORE },
	{ SIGTRAP,	KIND_CORE },
	{ SIGABRT,	KIND_CORE },
	{ SIGBUS,	KIND_CORE },
	{ SIGFPE,	KIND_CORE },
	{ SIGSEGV,	KIND_CORE },
	{ SIGXCPU,	KIND_CORE },
	{ SIGXFSZ,	KIND_CORE },
	{ SIGSYS,	KIND_CORE },
	{ SIGSTOP,	KIND_STOP },
	{ SIGTSTP,	KIND_STOP },
	{ SIGTTIN,	KIND_STOP },
	{ SIGTTOU,	KIND_STOP },
	{ SIGCONT,	KIND_STOP },
	{ SIGCHLD,	KIND_CHILD },
	{ SIGURG,	KIND_OTHER },
	{ SIGWINCH,	KIND_OTHER },
};

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
	size_t	 i;

	if (signo >= sig_min_rt())
		return sgr[KIND_REALTIME];
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (kinds[i].signo == signo)
			return sgr[kinds[i].kind];
	return sgr[KIND_TERM];
}

/* SI_KERNEL and the positive codes come from the kernel itself. */
const char *
color_code(int si_code)
{
	return si_code > 0 || si_code == SI_KERNEL ? CODE_FROM_KERNEL :
	    CODE_FROM_PROCESS;
}
