/* SPDX-License-Identifier: ISC */
/*
 * What a signal does to a process that leaves it at its default
 * disposition, as signal(7) lists it: --color colours by it, and
 * --trace says what the receiver does with a signal.
 */
#include "sigwatch.h"

/* The exceptions: every other signal terminates. */
static const struct {
	int		 signo;
	enum sig_action	 action;
} defaults[] = {
	{ SIGQUIT,	ACTION_CORE },
	{ SIGILL,	ACTION_CORE },
	{ SIGTRAP,	ACTION_CORE },
	{ SIGABRT,	ACTION_CORE },
	{ SIGBUS,	ACTION_CORE },
	{ SIGFPE,	ACTION_CORE },
	{ SIGSEGV,	ACTION_CORE },
	{ SIGXCPU,	ACTION_CORE },
	{ SIGXFSZ,	ACTION_CORE },
	{ SIGSYS,	ACTION_CORE },
	{ SIGSTOP,	ACTION_STOP },
	{ SIGTSTP,	ACTION_STOP },
	{ SIGTTIN,	ACTION_STOP },
	{ SIGTTOU,	ACTION_STOP },
	{ SIGCONT,	ACTION_CONTINUE },
	{ SIGCHLD,	ACTION_DISCARD },
	{ SIGURG,	ACTION_DISCARD },
	{ SIGWINCH,	ACTION_DISCARD },
};

static const char *const names[] = {
	[ACTION_TERMINATE]	= "terminate",
	[ACTION_CORE]		= "core",
	[ACTION_STOP]		= "stop",
	[ACTION_CONTINUE]	= "continue",
	[ACTION_DISCARD]	= "discard",
	[ACTION_HANDLER]	= "handler",
};

enum sig_action
sig_default_action(int signo)
{
	size_t	 i;

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		if (defaults[i].signo == signo)
			return defaults[i].action;
	return ACTION_TERMINATE;
}

const char *
sig_action_name(enum sig_action a)
{
	return names[a];
}

static const char *const dispositions[] = {
	[DISP_DEFAULT]	= "default",
	[DISP_IGNORED]	= "ignored",
	[DISP_CAUGHT]	= "caught",
};

const char *
disposition_name(enum disposition d)
{
	return dispositions[d];
}
