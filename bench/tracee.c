/* SPDX-License-Identifier: ISC */
/*
 * tracee: the benchmark's traced workload, run bare and under each
 * tracer compared (sigwatch --trace, strace). It times itself, from its
 * first iteration to its last, so that neither its start nor the
 * tracer's counts.
 *
 *   tracee raise N | tracee raise -t MS
 *       raise() SIGUSR1 N times (or as many times as fit in MS
 *       milliseconds), each caught by a handler that counts it. raise()
 *       returns only once the handler has run, so under a tracer every
 *       signal makes one round trip through it. Prints
 *         n=RAISED handled=H ns=ELAPSED rate=R
 *       with R the signals handled per second. Exits 2 if H is not
 *       RAISED: a signal was lost (or one came that was not raised).
 *
 *   tracee syscall N | tracee syscall -t MS
 *       syscall(SYS_getppid) N times (or for MS milliseconds): a system
 *       call that does next to nothing and that the C library cannot
 *       answer from a cache. Prints
 *         n=CALLS ns=ELAPSED per_call=NS
 *
 * The clock is read (through the vDSO: no system call) after batches
 * of iterations that start at one and double while a batch takes less
 * than CHECK_NS, up to MAX_BATCH: so the clock costs next to nothing a
 * call when calls are fast, and a slow tracer overruns the budget -t
 * by little more than CHECK_NS.
 */
#include <err.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../tests/helpers/common.h"

#define CHECK_NS	500000LL	/* a batch longer than this stops growing */
#define MAX_BATCH	4096

static volatile sig_atomic_t	 handled;

static void
on_usr1(int signo)
{
	(void)signo;
	handled++;
}

/* N (max, budget 0) or the time budget in ns (budget, max LONG_MAX). */
static void
limits(int argc, char **argv, long *max, long long *budget)
{
	if (argc == 2 && strcmp(argv[0], "-t") == 0) {
		*max = LONG_MAX;
		*budget = number(argv[1], 1, 3600000, "time budget (ms)", 1) *
		    1000000LL;
	} else if (argc == 1) {
		*max = (long)number(argv[0], 1, INT_MAX, "count", 1);
		*budget = 0;
	} else
		errx(1, "usage: tracee raise|syscall N | "
		    "tracee raise|syscall -t MS");
}

static void
raise_usr1(void)
{
	if (raise(SIGUSR1) != 0)
		err(1, "raise");
}

static void
call_getppid(void)
{
	syscall(SYS_getppid);
}

/*
 * call() as the arguments ask, timed in batches that grow as the
 * comment at the top says: how many were made, *ns the time they took.
 * Inlined, so that each loop makes its call directly, not through a
 * pointer: the bare figure stays a system call's cost alone.
 */
static inline __attribute__((always_inline)) long
timed(int argc, char **argv, void (*call)(void), long long *ns)
{
	long long	 start, end, t, budget;
	long		 i, max, batch, k;

	limits(argc, argv, &max, &budget);
	start = end = now();
	for (i = 0, batch = 1; i < max; ) {
		for (k = 0; k < batch && i < max; k++, i++)
			call();
		t = now();
		if (t - end < CHECK_NS && batch < MAX_BATCH)
			batch *= 2;
		end = t;
		if (budget != 0 && end - start >= budget)
			break;
	}
	*ns = end - start;
	return i;
}

static int
raise_loop(int argc, char **argv)
{
	struct sigaction	 sa;
	long long		 ns;
	long			 n;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		err(1, "sigaction");
	n = timed(argc, argv, raise_usr1, &ns);
	printf("n=%ld handled=%ld ns=%lld rate=%.0f\n", n, (long)handled, ns,
	    (double)handled * NSEC / (double)ns);
	if (handled != n)
		errx(2, "raised %ld signals, handled %ld", n, (long)handled);
	return 0;
}

static int
syscall_loop(int argc, char **argv)
{
	long long	 ns;
	long		 n;

	n = timed(argc, argv, call_getppid, &ns);
	printf("n=%ld ns=%lld per_call=%.1f\n", n, ns, (double)ns / (double)n);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct subcommand	 cmds[] = {
		{ "raise", raise_loop }, { "syscall", syscall_loop },
		{ NULL, NULL }
	};

	return run_subcommand(argc, argv, cmds,
	    "tracee raise|syscall N | tracee raise|syscall -t MS");
}
