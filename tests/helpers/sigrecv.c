/* SPDX-License-Identifier: ISC */
/*
 * sigrecv: take N queued signals, slowly, and check their values, as a
 * wrapped command whose queue keeps filling up.
 *
 *   sigrecv [-r READYFILE] [-d MICROSECONDS] SIG N
 *
 * Blocks SIG (a number), creates READYFILE, then takes SIG N times with
 * sigwaitinfo(2), pausing MICROSECONDS after each, and expects the
 * sigqueue() values 0, 1, ..., N-1 in that order. Prints "N in order"
 * and exits 0, or names the first value out of place and exits 1.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int
main(int argc, char **argv)
{
	struct timespec	 pause = { 0, 0 };
	const char	*ready = NULL;
	sigset_t	 set;
	siginfo_t	 si;
	long		 i, n;
	int		 c, sig;

	while ((c = getopt(argc, argv, "r:d:")) != -1) {
		if (c == 'r')
			ready = optarg;
		else if (c == 'd')
			pause.tv_nsec = (long)number(optarg, 0, 999999,
			    "pause", 2) * 1000L;
		else
			errx(2, "usage: sigrecv [-r READYFILE] [-d USEC] SIG N");
	}
	if (argc - optind != 2)
		errx(2, "usage: sigrecv [-r READYFILE] [-d USEC] SIG N");
	sig = signal_number(argv[optind], 2);
	n = (long)number(argv[optind + 1], 0, INT_MAX, "count", 2);
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(2, "sigprocmask");
	say_ready(ready);
	for (i = 0; i < n; i++) {
		while (sigwaitinfo(&set, &si) == -1)
			if (errno != EINTR)
				err(2, "sigwaitinfo");
		if (si.si_code != SI_QUEUE || si.si_value.sival_int != i) {
			printf("signal %ld: code %d value %d\n", i, si.si_code,
			    si.si_value.sival_int);
			return 1;
		}
		if (pause.tv_nsec != 0)
			nanosleep(&pause, NULL);
	}
	printf("%ld in order\n", n);
	return 0;
}
