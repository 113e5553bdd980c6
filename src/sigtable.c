/* SPDX-License-Identifier: ISC */
/*
 * The standard signals' abbreviations and descriptions: the C library's
 * where it has sigabbrev_np() and sigdescr_np() (glibc >= 2.32), else
 * glibc's words from a table, so that musl's sigwatch says the same.
 */
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "sigwatch.h"

#if defined(HAVE_SIGABBREV_NP) && defined(HAVE_SIGDESCR_NP)
/* NULL for a number that is no standard signal, as the C library says. */
const char *
sig_abbrev(int signo)
{
	return sigabbrev_np(signo);
}

const char *
sig_descr(int signo)
{
	return sigdescr_np(signo);
}
#else
struct std_sig {
	const char	*abbrev;
	const char	*descr;
};

static const struct std_sig std_sigs[] = {
	[SIGHUP] =	{ "HUP",	"Hangup" },
	[SIGINT] =	{ "INT",	"Interrupt" },
	[SIGQUIT] =	{ "QUIT",	"Quit" },
	[SIGILL] =	{ "ILL",	"Illegal instruction" },
	[SIGTRAP] =	{ "TRAP",	"Trace/breakpoint trap" },
	[SIGABRT] =	{ "ABRT",	"Aborted" },
	[SIGBUS] =	{ "BUS",	"Bus error" },
	[SIGFPE] =	{ "FPE",	"Floating point exception" },
	[SIGKILL] =	{ "KILL",	"Killed" },
	[SIGUSR1] =	{ "USR1",	"User defined signal 1" },
	[SIGSEGV] =	{ "SEGV",	"Segmentation fault" },
	[SIGUSR2] =	{ "USR2",	"User defined signal 2" },
	[SIGPIPE] =	{ "PIPE",	"Broken pipe" },
	[SIGALRM] =	{ "ALRM",	"Alarm clock" },
	[SIGTERM] =	{ "TERM",	"Terminated" },
#ifdef SIGSTKFLT
	[SIGSTKFLT] =	{ "STKFLT",	"Stack fault" },
#endif
	[SIGCHLD] =	{ "CHLD",	"Child exited" },
	[SIGCONT] =	{ "CONT",	"Continued" },
	[SIGSTOP] =	{ "STOP",	"Stopped (signal)" },
	[SIGTSTP] =	{ "TSTP",	"Stopped" },
	[SIGTTIN] =	{ "TTIN",	"Stopped (tty input)" },
	[SIGTTOU] =	{ "TTOU",	"Stopped (tty output)" },
	[SIGURG] =	{ "URG",	"Urgent I/O condition" },
	[SIGXCPU] =	{ "XCPU",	"CPU time limit exceeded" },
	[SIGXFSZ] =	{ "XFSZ",	"File size limit exceeded" },
	[SIGVTALRM] =	{ "VTALRM",	"Virtual timer expired" },
	[SIGPROF] =	{ "PROF",	"Profiling timer expired" },
	[SIGWINCH] =	{ "WINCH",	"Window changed" },
	/* glibc's name for it; signames.c says IO. */
	[SIGPOLL] =	{ "POLL",	"I/O possible" },
	[SIGPWR] =	{ "PWR",	"Power failure" },
	[SIGSYS] =	{ "SYS",	"Bad system call" },
};

/* signo's row: all NULL for a number that is no standard signal. */
static const struct std_sig *
std_sig(int signo)
{
	static const struct std_sig	 none;

	if (signo <= 0 || (size_t)signo >= sizeof std_sigs / sizeof std_sigs[0])
		return &none;
	return &std_sigs[signo];
}

const char *
sig_abbrev(int signo)
{
	return std_sig(signo)->abbrev;
}

const char *
sig_descr(int signo)
{
	return std_sig(signo)->descr;
}
#endif
