/* SPDX-License-Identifier: ISC */
/*
 * Section 1b, throughput drain: the receiver's capacity, not the
 * sender's speed. The receiver is stopped, the queue filled (90% of
 * ulimit -i), and the receiver timed from SIGCONT to its exit after the
 * last line. Its CPU time per signal comes from wait4().
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

enum { RATE, USER, SYS, NDRAIN };

static bool	 run_drain(enum rx, const char *, double *);

static struct rx_section	 drain = {
	.name = "drain", .run = run_drain, .reps = 1, .nfig = NDRAIN,
	.progress = "drain:", .scale = 1e3, .fmt = "%.0fk/s",
};

static double
per_signal_ns(const struct timeval *tv)
{
	return ((double)tv->tv_sec * 1e9 + (double)tv->tv_usec * 1e3) /
	    (double)opt.drain_n;
}

/* Queue drain_n signals to the stopped receiver; false if they did not fit. */
static bool
fill(struct proc *rx, const char *what)
{
	struct proc	 tx;
	int		 status;

	tx = sender(devnull, -1, "flood", rx->pid, opt.drain_n, -1, true);
	if (exit_ok(status = finish(&tx, 60000)))
		return true;
	fail("%s: could not queue %ld signals (%s): is ulimit -i in use by "
	    "other processes?", what, opt.drain_n, status_text(status));
	kill_reap(rx);
	return false;
}

/* One run: signals per second from SIGCONT to the exit, CPU per signal. */
static bool
run_drain(enum rx r, const char *what, double *fig)
{
	const char	*file = tmp(rx_file[r]);
	struct proc	 rx;
	long long	 t0, t1 = 0;
	int		 status;

	if (!rx_start(&rx, r, opt.drain_n, file, -1, what))
		return false;
	stop(&rx);
	if (!fill(&rx, what)) {
		unlink(file);
		return false;
	}
	t0 = now();
	kill(rx.pid, SIGCONT);
	if (exited(&rx, 30000)) {
		t1 = now();
		status = reap(&rx);
	} else
		status = finish(&rx, 0);
	if (!exit_ok(status))
		fail("%s: %s", what, t1 == 0 ? "did not end within 30 s: "
		    "signals lost" : status_text(status));
	if (!verified(file, &opt.drain_n, 1, false, what) || !exit_ok(status))
		return false;
	fig[USER] = per_signal_ns(&rx.ru.ru_utime);
	fig[SYS] = per_signal_ns(&rx.ru.ru_stime);
	fig[RATE] = (double)opt.drain_n * NSEC / (double)(t1 - t0);
	return true;
}

void
drain_round(int round)
{
	rx_round(&drain, round);
}

void
drain_print(void)
{
	int	 r;

	heading("drain", "1b. Throughput, drain: %ld signals (90%% of "
	    "ulimit -i = %ld) queued to a stopped receiver, SIGCONT to exit",
	    opt.drain_n, opt.pending_limit);
	for (r = 0; r < NRX; r++)
		row(&drain.fig[RATE][r], F_RATE, "sig/s", NULL, 0, "%s",
		    rx_name[r]);
	row(&drain.ratio[RATE][RX_TEXT], F_RATIO, "x", ">=", 0.70, "%s / floor",
	    rx_name[RX_TEXT]);
	row(&drain.ratio[RATE][RX_JSON], F_RATIO, "x", ">=", 0.50, "%s / floor",
	    rx_name[RX_JSON]);
	for (r = 0; r < NRX; r++) {
		row(&drain.fig[USER][r], F_INT, "ns/sig", NULL, 0,
		    "(%s: user CPU)", rx_name[r]);
		row(&drain.fig[SYS][r], F_INT, "ns/sig", NULL, 0,
		    "(%s: system CPU)", rx_name[r]);
	}
}
