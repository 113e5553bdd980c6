/* SPDX-License-Identifier: ISC */
/*
 * floor: the least a signalfd receiver can do, for the benchmark to
 * measure sigwatch against. Block one signal, read it from a signalfd
 * in batches of 256 records (as sigwatch does), format one minimal line
 * per signal with snprintf into a large buffer, and write the buffer
 * out when the signalfd is drained (or the buffer is full). No time
 * stamps, no names, no JSON: what is left is the kernel's cost.
 *
 *   floor [-o FILE] [-n COUNT] [-r READYFILE] [-s SIGNO]
 *
 *   -o FILE       write the lines to FILE (default: standard output)
 *   -n COUNT      exit 0 after COUNT signals (default: never)
 *   -r READYFILE  create READYFILE (atomically) once the signal is blocked
 *                 and the signalfd is open, as sigwatch --pidfile does
 *   -s SIGNO      the signal to receive (default: SIGRTMIN)
 *
 * A line reads "sig=34 code=-1 pid=123 uid=0 value=42".
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "../tests/helpers/common.h"

#define BATCH		256			/* records per read, as sigwatch */
#define BUFSIZE		(4 * 1024 * 1024)	/* the "big buffer" */
#define LINE_MAX_FLOOR	128			/* room one line needs */

static char	*buf;
static size_t	 len;
static int	 out = STDOUT_FILENO;

static void
flush(void)
{
	size_t	 done = 0;
	ssize_t	 n;

	while (done < len) {
		n = write(out, buf + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EPIPE)
			exit(141);
		if (n == -1)
			err(1, "write");
		done += (size_t)n;
	}
	len = 0;
}

/*
 * Read the signalfd until it is drained, a line for each signal; true
 * once the count is reached (the lines are then written out).
 */
static bool
drain(int fd, unsigned long long count, unsigned long long *seen)
{
	struct signalfd_siginfo	 si[BATCH];
	ssize_t			 n;
	size_t			 i;

	for (;;) {
		n = read(fd, si, sizeof si);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return false;
		if (n == -1)
			err(1, "read");
		for (i = 0; i < (size_t)n / sizeof si[0]; i++) {
			if (BUFSIZE - len < LINE_MAX_FLOOR)
				flush();
			len += (size_t)snprintf(buf + len, BUFSIZE - len,
			    "sig=%u code=%d pid=%u uid=%u value=%d\n",
			    si[i].ssi_signo, si[i].ssi_code, si[i].ssi_pid,
			    si[i].ssi_uid, si[i].ssi_int);
			if (count != 0 && ++*seen == count) {
				flush();
				return true;
			}
		}
	}
}

/* The signal blocked, and a signalfd for it. */
static int
open_signalfd(int signo)
{
	sigset_t	 set;
	int		 fd;

	sigemptyset(&set);
	sigaddset(&set, signo);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(2, "sigprocmask");
	if ((fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		err(2, "signalfd");
	return fd;
}

int
main(int argc, char **argv)
{
	struct pollfd		 pfd = { .events = POLLIN };
	const char		*output = NULL, *readyfile = NULL;
	unsigned long long	 count = 0, seen = 0;
	int			 c, signo = SIGRTMIN;

	while ((c = getopt(argc, argv, "o:n:r:s:")) != -1)
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'n':
			count = (unsigned long long)number(optarg, 0,
			    LLONG_MAX, "count", 2);
			break;
		case 'r':
			readyfile = optarg;
			break;
		case 's':
			signo = signal_number(optarg, 2);
			break;
		default:
			fprintf(stderr, "usage: floor [-o FILE] [-n COUNT] "
			    "[-r READYFILE] [-s SIGNO]\n");
			return 2;
		}
	if (optind != argc)
		errx(2, "unexpected argument '%s'", argv[optind]);
	if ((buf = malloc(BUFSIZE)) == NULL)
		err(2, "malloc");
	if (output != NULL && (out = open(output, O_WRONLY | O_CREAT |
	    O_TRUNC | O_CLOEXEC, 0644)) == -1)
		err(2, "%s", output);
	pfd.fd = open_signalfd(signo);
	say_ready(readyfile);

	for (;;) {
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		/* Drain the signalfd, then one write for all of it. */
		if (drain(pfd.fd, count, &seen))
			return 0;
		flush();
	}
}
