/* SPDX-License-Identifier: ISC */
/*
 * sender: the benchmark's signal source.
 *
 *   sender flood [-x] PID SIG N
 *       sigqueue() N signals SIG to PID with the values 0..N-1, in order,
 *       retrying (10 us apart) while the queue is full (EAGAIN); with -x,
 *       give up at the first EAGAIN instead (exit 3), for a receiver that
 *       is stopped and cannot make room. Prints, on standard output,
 *         start=NS end=NS eagain=K rate=R
 *       where start is CLOCK_MONOTONIC just before the first sigqueue(),
 *       end just after the last, K how many sigqueue()s found the queue
 *       full and R the sender's own rate in signals per second.
 *
 *   sender ping PID SIG COUNT WARMUP
 *       Ping-pong: sigqueue() one signal (value i), then read the
 *       receiver's output from standard input until a line with that
 *       value arrives; COUNT times after WARMUP unmeasured rounds, the
 *       values running on from 0. Prints the round-trip times:
 *         n=COUNT p50=NS p90=NS p99=NS max=NS
 *       A line with another value than the one expected, or no line
 *       within 5 s, is a lost, duplicated or reordered signal: exit 2.
 *
 * The receiver's lines carry the value as "value=V" (sigwatch's text, the
 * floor) or "\"value\":V" (sigwatch --json). SIG is a number.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../tests/helpers/common.h"
#include "value.h"

#define REPLY_TIMEOUT	5000		/* ms */

static int
flood(int argc, char **argv)
{
	unsigned long	 eagain = 0;
	long long	 start, end;
	long		 i, n, waits;
	bool		 once = false;
	pid_t		 pid;
	int		 sig;

	if (argc > 0 && strcmp(argv[0], "-x") == 0) {
		once = true;
		argc--, argv++;
	}
	if (argc != 3)
		errx(1, "usage: sender flood [-x] PID SIG N");
	pid = (pid_t)number(argv[0], 1, INT_MAX, "pid", 1);
	sig = signal_number(argv[1], 1);
	n = (long)number(argv[2], 0, INT_MAX, "count", 1);
	start = now();
	for (i = 0; i < n; i++) {
		if ((waits = queue_waiting(pid, sig, (int)i, once)) == -1)
			errx(3, "the signal queue is full after %ld "
			    "signals (ulimit -i)", i);
		eagain += (unsigned long)waits;
	}
	end = now();
	printf("start=%lld end=%lld eagain=%lu rate=%.0f\n", start, end,
	    eagain, end > start ? (double)n * NSEC / (double)(end - start) : 0.0);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	long long	 x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static long long
pct(const long long *s, long n, int p)
{
	long	 i = (n * p + 99) / 100 - 1;

	return s[i < 0 ? 0 : i];
}

/* The receiver's output, read as the replies come. */
static char	 in[1 << 16];
static size_t	 have;

/* The end of the next line from the receiver, while waiting for value i. */
static char *
next_line(long i)
{
	struct pollfd	 pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	char		*nl;
	ssize_t		 r;

	while ((nl = memchr(in, '\n', have)) == NULL) {
		if (have == sizeof in)
			errx(2, "line too long");
		r = poll(&pfd, 1, REPLY_TIMEOUT);
		if (r == 0)
			errx(2, "value %ld: no line from the receiver within "
			    "%d ms: lost", i, REPLY_TIMEOUT);
		if (r == -1 && errno != EINTR)
			err(1, "poll");
		r = read(STDIN_FILENO, in + have, sizeof in - have);
		if (r == 0)
			errx(2, "value %ld: the receiver's output ended", i);
		if (r == -1 && errno != EINTR)
			err(1, "read");
		if (r > 0)
			have += (size_t)r;
	}
	return nl;
}

/* Read lines until the one with value i; any other value is an error. */
static void
await_reply(long i)
{
	char	*nl;
	long	 v;
	bool	 got = false;

	while (!got) {
		nl = next_line(i);
		if ((v = line_value(in, nl)) != -1) {
			if (v != i)
				errx(2, "expected value %ld, got %ld: lost, "
				    "duplicated or reordered", i, v);
			got = true;
		}
		have -= (size_t)(nl + 1 - in);
		memmove(in, nl + 1, have);
	}
}

static int
ping(int argc, char **argv)
{
	long long	*lat, t0;
	long		 i, n, warm;
	pid_t		 pid;
	int		 sig;

	if (argc != 4)
		errx(1, "usage: sender ping PID SIG COUNT WARMUP");
	pid = (pid_t)number(argv[0], 1, INT_MAX, "pid", 1);
	sig = signal_number(argv[1], 1);
	n = (long)number(argv[2], 1, INT_MAX, "count", 1);
	warm = (long)number(argv[3], 0, INT_MAX, "warm-up count", 1);
	if ((lat = calloc((size_t)n, sizeof *lat)) == NULL)
		err(1, "calloc");
	for (i = 0; i < warm + n; i++) {
		union sigval	 sv = { .sival_int = (int)i };

		t0 = now();
		if (sigqueue(pid, sig, sv) == -1)
			err(1, "sigqueue (value %ld)", i);
		await_reply(i);
		if (i >= warm)
			lat[i - warm] = now() - t0;
	}
	if (have != 0)
		errx(2, "unexpected output after the last reply");
	qsort(lat, (size_t)n, sizeof *lat, cmp);
	printf("n=%ld p50=%lld p90=%lld p99=%lld max=%lld\n", n,
	    pct(lat, n, 50), pct(lat, n, 90), pct(lat, n, 99), lat[n - 1]);
	free(lat);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct subcommand	 cmds[] = {
		{ "flood", flood }, { "ping", ping }, { NULL, NULL }
	};

	return run_subcommand(argc, argv, cmds,
	    "sender flood [-x] PID SIG N | sender ping PID SIG COUNT WARMUP");
}
