/* SPDX-License-Identifier: ISC */
/*
 * Section 1a, throughput live: the sender queues live_n signals while
 * the receiver runs, timed from just before the first sigqueue() to the
 * moment the receiver is seen to exit after its last line. The one
 * figure that depends on the sender's speed and the scheduler's
 * placement of the two; hence three runs a round.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bench.h"

/*
 * A round's figure of a receiver is the median of three runs (reps), the
 * receivers interleaved. Sender and receiver share two CPUs with
 * everything else, so one run of a quarter of a second swings by half
 * either way; three runs keep a single bad placement from deciding.
 */
enum { RATE, SENDER_RATE, QUEUE_FULL, NLIVE };

static bool	 run_live(enum rx, const char *, double *);

static struct rx_section	 live = {
	.name = "live", .run = run_live, .reps = 3, .nfig = NLIVE,
	.progress = "live:", .scale = 1e3, .fmt = "%.0fk/s",
};

/*
 * Wait for the receiver to end, reaping the sender on the way: the time
 * it ended, or 0 if it did not within 10 s of the sender's end (or the
 * sender hung for 60 s and was killed). *txstatus: the sender's status.
 */
static long long
await_receiver(struct proc *rx, struct proc *tx, int *txstatus)
{
	long long	 t1 = 0, deadline = 0;
	bool		 tx_done = false;

	for (;;) {
		struct pollfd	 w[2] = {
			{ .fd = rx->pidfd, .events = POLLIN },
			{ .fd = tx_done ? -1 : tx->pidfd, .events = POLLIN },
		};
		int		 timeout = tx_done ?
		    (int)((deadline - now()) / 1000000) : 60000;

		if (poll(w, 2, timeout < 0 ? 0 : timeout) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		if (w[0].revents != 0) {
			t1 = now();
			break;
		}
		if (w[1].revents != 0) {
			tx_done = true;
			*txstatus = reap(tx);
			deadline = now() + 10 * NSEC;
		} else if (!tx_done) {
			kill(tx->pid, SIGKILL);
			tx_done = true;
			*txstatus = reap(tx);
			break;
		} else if (now() >= deadline)
			break;
	}
	if (!tx_done)
		*txstatus = finish(tx, 30000);
	return t1;
}

/* Whether the run was correct: both ended well, every value arrived. */
static bool
live_ok(const char *what, const char *file, int txstatus, int status,
    long long t1)
{
	if (!exit_ok(txstatus)) {
		fail("%s: the sender failed (%s)", what, status_text(txstatus));
		unlink(file);
		return false;
	}
	if (!exit_ok(status)) {
		fail("%s: %s", what, t1 == 0 ? "did not end within 10 s of "
		    "the last signal: signals lost" : status_text(status));
		verified(file, &opt.live_n, 1, false, what);
		return false;
	}
	return verified(file, &opt.live_n, 1, false, what);
}

/* One run: signals per second end to end, and the sender's report. */
static bool
run_live(enum rx r, const char *what, double *fig)
{
	char		 report[256];
	const char	*file = tmp(rx_file[r]);
	struct proc	 rx, tx;
	long long	 t1;
	int		 pfd[2], status, txstatus = 0;

	if (!rx_start(&rx, r, opt.live_n, file, -1, what))
		return false;
	if (pipe2(pfd, O_CLOEXEC) == -1)
		err(1, "pipe");
	tx = sender(pfd[1], -1, "flood", rx.pid, opt.live_n, -1, false);
	close(pfd[1]);
	t1 = await_receiver(&rx, &tx, &txstatus);
	status = t1 != 0 ? reap(&rx) : finish(&rx, 0);
	read_report(pfd[0], report, sizeof report);
	if (!live_ok(what, file, txstatus, status, t1))
		return false;
	fig[SENDER_RATE] = report_field(report, "rate");
	fig[QUEUE_FULL] = report_field(report, "eagain");
	fig[RATE] = (double)opt.live_n * NSEC /
	    (double)(t1 - (long long)report_field(report, "start"));
	return true;
}

void
live_round(int round)
{
	rx_round(&live, round);
}

void
live_print(void)
{
	int	 r;

	heading("live", "1a. Throughput, live: %ld sigqueue()s of SIGRTMIN "
	    "(signal %d) while the receiver runs, end to end", opt.live_n,
	    opt.sig);
	for (r = 0; r < NRX; r++)
		row(&live.fig[RATE][r], F_RATE, "sig/s", NULL, 0, "%s",
		    rx_name[r]);
	for (r = RX_TEXT; r < NRX; r++)
		row(&live.ratio[RATE][r], F_RATIO, "x", ">=", 0.90,
		    "%s / floor", rx_name[r]);
	for (r = 0; r < NRX; r++)
		row(&live.fig[SENDER_RATE][r], F_RATE, "sig/s", NULL, 0,
		    "(sender's own rate, %s)", rx_file[r]);
	for (r = 0; r < NRX; r++)
		row(&live.fig[QUEUE_FULL][r], F_INT, "times", NULL, 0,
		    "(sender found queue full, %s)", rx_file[r]);
}
