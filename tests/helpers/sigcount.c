/* SPDX-License-Identifier: ISC */
/*
 * sigcount: count how often a signal is delivered, as a wrapped command.
 *
 *   sigcount [-r READYFILE] SIG SECONDS
 *
 * Catches SIG (a number) with a handler, unblocks it, creates READYFILE,
 * waits SECONDS (a decimal), then prints the count followed by the
 * sigqueue() value of each delivery, and exits with the count.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define MAXSEEN	64

static volatile sig_atomic_t	 count;
static volatile int		 values[MAXSEEN];

static void
caught(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	if (count < MAXSEEN)
		values[count] = si->si_value.sival_int;
	count++;
}

int
main(int argc, char **argv)
{
	struct sigaction	 sa = { .sa_sigaction = caught, .sa_flags = SA_SIGINFO };
	struct timespec		 left;
	const char		*ready = NULL;
	sigset_t		 set;
	double			 secs;
	int			 c, sig, i;

	while ((c = getopt(argc, argv, "r:")) != -1) {
		if (c != 'r')
			errx(2, "usage: sigcount [-r READYFILE] SIG SECONDS");
		ready = optarg;
	}
	if (argc - optind != 2)
		errx(2, "usage: sigcount [-r READYFILE] SIG SECONDS");
	sig = signal_number(argv[optind], 2);
	secs = atof(argv[optind + 1]);
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) == -1)
		err(2, "sigaction");
	sigemptyset(&set);
	sigaddset(&set, sig);
	if (sigprocmask(SIG_UNBLOCK, &set, NULL) == -1)
		err(2, "sigprocmask");
	say_ready(ready);
	left.tv_sec = (time_t)secs;
	left.tv_nsec = (long)((secs - (double)left.tv_sec) * 1e9);
	while (nanosleep(&left, &left) == -1 && errno == EINTR)
		;
	printf("%d", (int)count);
	for (i = 0; i < count && i < MAXSEEN; i++)
		printf(" %d", values[i]);
	printf("\n");
	return count;
}
