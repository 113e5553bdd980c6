/* SPDX-License-Identifier: ISC */
/*
 * Section 2, latency: ping-pong through a pipe. The sender queues one
 * signal and reads the receiver's output until that signal's line
 * comes, so that every ping is a batch of one: the cost of a receiver's
 * path for a single event, which throughput hides.
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

#define PING_WARMUP	500	/* pings before those measured */

enum { P50, P99, NLAT };

static bool	 run_latency(enum rx, const char *, double *);

static struct rx_section	 lat = {
	.name = "latency", .run = run_latency, .reps = 1, .nfig = NLAT,
	.progress = "latency:", .scale = 1, .fmt = "%.1fus",
};

/* One run: p50 and p99 in microseconds. */
static bool
run_latency(enum rx r, const char *what, double *fig)
{
	char		 report[256];
	struct proc	 rx, tx;
	int		 pfd[2], rpfd[2], status, txstatus;

	if (pipe2(pfd, O_CLOEXEC) == -1 || pipe2(rpfd, O_CLOEXEC) == -1)
		err(1, "pipe");
	if (!rx_start(&rx, r, opt.pings + PING_WARMUP, NULL, pfd[1], what)) {
		close(pfd[0]);
		close(pfd[1]);
		close(rpfd[0]);
		close(rpfd[1]);
		return false;
	}
	close(pfd[1]);
	tx = sender(rpfd[1], pfd[0], "ping", rx.pid, opt.pings, PING_WARMUP,
	    false);
	close(rpfd[1]);
	close(pfd[0]);
	txstatus = finish(&tx, 120000);
	read_report(rpfd[0], report, sizeof report);
	status = finish(&rx, 5000);
	if (!exit_ok(txstatus)) {
		fail("%s: ping-pong failed (%s)", what, status_text(txstatus));
		return false;
	}
	if (!exit_ok(status)) {
		fail("%s: %s", what, status_text(status));
		return false;
	}
	fig[P50] = report_field(report, "p50") / 1000;
	fig[P99] = report_field(report, "p99") / 1000;
	return true;
}

void
latency_round(int round)
{
	rx_round(&lat, round);
}

void
latency_print(void)
{
	int	 r;

	heading("latency", "2. Latency, ping-pong: one sigqueue(), then read "
	    "the line from a pipe (%ld pings a round)", opt.pings);
	for (r = 0; r < NRX; r++) {
		row(&lat.fig[P50][r], F_US, "us", NULL, 0, "%s p50",
		    rx_name[r]);
		row(&lat.fig[P99][r], F_US, "us", NULL, 0, "%s p99",
		    rx_name[r]);
	}
	for (r = RX_TEXT; r < NRX; r++) {
		row(&lat.ratio[P50][r], F_RATIO, "x", "<=", 1.3,
		    "%s p50 / floor p50", rx_file[r]);
		row(&lat.ratio[P99][r], F_RATIO, "x", "<=", 1.5,
		    "%s p99 / floor p99", rx_file[r]);
	}
}
