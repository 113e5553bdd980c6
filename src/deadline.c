/* SPDX-License-Identifier: ISC */
/*
 * Clocks and deadlines on CLOCK_MONOTONIC: for --timeout, --kill-after,
 * the double Ctrl-C and the grace a command gets when sigwatch fails;
 * and the two clocks every event is stamped with.
 */
#include <err.h>

#include "sigwatch.h"

#define NSEC	1000000000LL

struct timespec
clock_now(clockid_t clock)
{
	struct timespec	 ts;

	if (clock_gettime(clock, &ts) == -1)
		err(EXIT_TROUBLE, "clock_gettime");
	return ts;
}

/*
 * An event's moment on both clocks: the wall clock for its time of day,
 * the monotonic one for the rest (--time=mono and relative, --grace),
 * which setting the clock cannot move.
 */
void
clock_stamp(struct timespec *real, struct timespec *mono)
{
	*real = clock_now(CLOCK_REALTIME);
	*mono = clock_now(CLOCK_MONOTONIC);
}

/* The CLOCK_MONOTONIC time after from now. */
struct timespec
deadline_in(const struct timespec *after)
{
	struct timespec	 d = clock_now(CLOCK_MONOTONIC);
	long long	 ns = d.tv_nsec + after->tv_nsec;

	d.tv_sec += after->tv_sec + ns / NSEC;
	d.tv_nsec = ns % NSEC;
	return d;
}

/* How long until deadline: zero once it has passed. */
struct timespec
time_until(const struct timespec *deadline)
{
	struct timespec	 t = clock_now(CLOCK_MONOTONIC);
	long long	 ns;

	ns = (deadline->tv_sec - t.tv_sec) * NSEC +
	    (deadline->tv_nsec - t.tv_nsec);
	if (ns < 0)
		ns = 0;
	t.tv_sec = ns / NSEC;
	t.tv_nsec = ns % NSEC;
	return t;
}
