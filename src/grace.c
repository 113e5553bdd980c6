/* SPDX-License-Identifier: ISC */
/*
 * --grace=DURATION: once a signal that asks the command to end has been
 * forwarded, the same signal again within DURATION is dropped, so that
 * a supervisor's impatient second SIGTERM cannot cut a clean shutdown
 * short. The signals that ask politely: TERM, INT and QUIT. Not HUP,
 * which daemons take as "reload", where every one counts. The window
 * runs from the forwarded one; a dropped repeat does not extend it.
 */
#include "sigwatch.h"

static bool
ends_politely(int signo)
{
	return signo == SIGTERM || signo == SIGINT || signo == SIGQUIT;
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	    (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Whether signo, forwarded at now (CLOCK_MONOTONIC), is to be dropped. */
bool
grace_drops(struct grace *g, int signo, const struct timespec *now)
{
	struct timespec	*until;

	if ((g->length.tv_sec == 0 && g->length.tv_nsec == 0) ||
	    !ends_politely(signo))
		return false;
	until = &g->until[signo];
	if (before(now, until))
		return true;
	until->tv_sec = now->tv_sec + g->length.tv_sec;
	until->tv_nsec = now->tv_nsec + g->length.tv_nsec;
	if (until->tv_nsec >= 1000000000L) {
		until->tv_sec++;
		until->tv_nsec -= 1000000000L;
	}
	return false;
}
