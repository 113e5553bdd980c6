/* SPDX-License-Identifier: ISC */
/*
 * si_code names and families: one table per family, as in the kernel's
 * include/uapi/asm-generic/siginfo.h. The generic SI_* codes are tried
 * first, then the table of the record's signal, then the POLL_* codes.
 * The same tables say which siginfo layout a code has (decode.c).
 */
#include <stddef.h>

#include "sigwatch.h"

/*
 * Codes newer than the C library's headers, with the names and values of
 * the kernel's uapi <asm-generic/siginfo.h> (SEGV_CPERR: Linux 6.6).
 * Codes the kernel keeps out of userspace, such as ia64's __ILL_BREAK
 * and __FPE_DECOVF, have no name here.
 */
#ifndef SI_DETHREAD
#define SI_DETHREAD	(-7)	/* musl's headers lack it */
#endif
#ifndef FPE_FLTUNK
#define FPE_FLTUNK	14
#endif
#ifndef FPE_CONDTRAP
#define FPE_CONDTRAP	15
#endif
#ifndef SEGV_ACCADI
#define SEGV_ACCADI	5
#endif
#ifndef SEGV_ADIDERR
#define SEGV_ADIDERR	6
#endif
#ifndef SEGV_ADIPERR
#define SEGV_ADIPERR	7
#endif
#ifndef ILL_BADIADDR
#define ILL_BADIADDR	9
#endif
#ifndef SEGV_CPERR
#define SEGV_CPERR	10
#endif
#ifndef TRAP_PERF
#define TRAP_PERF	6
#endif
#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif

struct xlat {
	int		 value;
	const char	*name;
};

/* The name cannot drift from the value it stands for. */
#define X(v)	{ (v), #v }
#define END	{ 0, NULL }

static const struct xlat generic_codes[] = {
	X(SI_USER), X(SI_KERNEL), X(SI_QUEUE), X(SI_TIMER), X(SI_MESGQ),
	X(SI_ASYNCIO), X(SI_SIGIO), X(SI_TKILL), X(SI_DETHREAD),
	X(SI_ASYNCNL), END
};

static const struct xlat ill_codes[] = {
	X(ILL_ILLOPC), X(ILL_ILLOPN), X(ILL_ILLADR), X(ILL_ILLTRP),
	X(ILL_PRVOPC), X(ILL_PRVREG), X(ILL_COPROC), X(ILL_BADSTK),
	X(ILL_BADIADDR), END
};

static const struct xlat fpe_codes[] = {
	X(FPE_INTDIV), X(FPE_INTOVF), X(FPE_FLTDIV), X(FPE_FLTOVF),
	X(FPE_FLTUND), X(FPE_FLTRES), X(FPE_FLTINV), X(FPE_FLTSUB),
	X(FPE_FLTUNK), X(FPE_CONDTRAP), END
};

static const struct xlat segv_codes[] = {
	X(SEGV_MAPERR), X(SEGV_ACCERR), X(SEGV_BNDERR), X(SEGV_PKUERR),
	X(SEGV_ACCADI), X(SEGV_ADIDERR), X(SEGV_ADIPERR), X(SEGV_MTEAERR),
	X(SEGV_MTESERR), X(SEGV_CPERR), END
};

static const struct xlat bus_codes[] = {
	X(BUS_ADRALN), X(BUS_ADRERR), X(BUS_OBJERR), X(BUS_MCEERR_AR),
	X(BUS_MCEERR_AO), END
};

static const struct xlat trap_codes[] = {
	X(TRAP_BRKPT), X(TRAP_TRACE), X(TRAP_BRANCH), X(TRAP_HWBKPT),
	X(TRAP_UNK), X(TRAP_PERF), END
};

static const struct xlat chld_codes[] = {
	X(CLD_EXITED), X(CLD_KILLED), X(CLD_DUMPED), X(CLD_TRAPPED),
	X(CLD_STOPPED), X(CLD_CONTINUED), END
};

static const struct xlat poll_codes[] = {
	X(POLL_IN), X(POLL_OUT), X(POLL_MSG), X(POLL_ERR), X(POLL_PRI),
	X(POLL_HUP), END
};

static const struct xlat sys_codes[] = {
	X(SYS_SECCOMP), X(SYS_USER_DISPATCH), END
};

/*
 * The per-signal families: their names, how many codes the kernel counts
 * in them (NSIGILL and the like, which <signal.h> does not give us), and
 * how the kernel lays out the siginfo of a code in them (kernel/signal.c
 * sig_sicodes[]). The count is not the highest name: SIGILL's codes 10
 * and 11 have none, yet they are faults.
 */
static const struct family {
	const struct xlat	*codes;
	int			 limit;
	enum si_layout		 layout;
} families[] = {
	[SIGILL]	= { ill_codes, 11, LAYOUT_FAULT },
	[SIGFPE]	= { fpe_codes, 15, LAYOUT_FAULT },
	[SIGSEGV]	= { segv_codes, 10, LAYOUT_FAULT },
	[SIGBUS]	= { bus_codes, 5, LAYOUT_FAULT },
	[SIGTRAP]	= { trap_codes, 6, LAYOUT_FAULT },
	[SIGCHLD]	= { chld_codes, 6, LAYOUT_CHLD },
	[SIGPOLL]	= { poll_codes, 6, LAYOUT_POLL },
	[SIGSYS]	= { sys_codes, 2, LAYOUT_SYS },
};

/* NSIGPOLL: codes up to it are I/O readiness outside a signal's family. */
#define POLL_LIMIT	6

static const char *
xlookup(const struct xlat *x, int value)
{
	for (; x->name != NULL; x++)
		if (x->value == value)
			return x->name;
	return NULL;
}

/* signo's own family, if the positive code is in it; else NULL. */
static const struct family *
family_of(int signo, int si_code)
{
	const struct family	*f;

	if (signo <= 0 || (size_t)signo >= sizeof families / sizeof families[0])
		return NULL;
	f = &families[signo];
	return f->codes != NULL && si_code <= f->limit ? f : NULL;
}

/*
 * How the kernel lays out a positive code's siginfo. Outside the
 * signal's family, any code up to NSIGPOLL is I/O readiness: F_SETSIG
 * sends POLL_IN and the like with any signal.
 */
enum si_layout
si_code_layout(int signo, int si_code)
{
	const struct family	*f = family_of(signo, si_code);

	if (f != NULL)
		return f->layout;
	return si_code <= POLL_LIMIT ? LAYOUT_POLL : LAYOUT_KILL;
}

/* The name of si_code for signo, or NULL when it has none. */
const char *
si_code_name(int signo, int si_code)
{
	const struct family	*f;
	const char		*name;

	if ((name = xlookup(generic_codes, si_code)) != NULL)
		return name;
	if (si_code <= 0)
		return NULL;
	/* A code of the family that has no name is not a POLL_* code. */
	if ((f = family_of(signo, si_code)) != NULL)
		return xlookup(f->codes, si_code);
	return xlookup(poll_codes, si_code);
}
