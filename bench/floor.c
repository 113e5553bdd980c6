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
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define BATCH		256			/* records per read, as sigwatch */
#define BUFSIZE		(4 * 1024 * 1024)	/* the "big buffer" */
#define LINE_MAX_FLOOR	128			/* room one line needs */

static char	*buf;
static size_t	 len;
static int	 out = STDOUT_FILENO;

static long long
number(const char *s)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 0)
		errx(2, "not a number: '%s'", s);
	return v;
}

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

static void
ready(const char *path)
{
	char	 tmp[4096], line[32];
	int	 fd, n;

	n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof tmp)
		errx(2, "ready file name too long");
	n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) == -1 ||
	    write(fd, line, (size_t)n) != n || close(fd) == -1 ||
	    rename(tmp, path) == -1)
		err(2, "%s", path);
}

int
main(int argc, char **argv)
{
	struct signalfd_siginfo	 si[BATCH];
	struct pollfd		 pfd;
	const char		*output = NULL, *readyfile = NULL;
	unsigned long long	 count = 0, seen = 0;
	sigset_t		 set;
	ssize_t			 n;
	size_t			 i;
	int			 c, signo = SIGRTMIN;

	while ((c = getopt(argc, argv, "o:n:r:s:")) != -1)
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'n':
			count = (unsigned long long)number(optarg);
			break;
		case 'r':
			readyfile = optarg;
			break;
		case 's':
			signo = (int)number(optarg);
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

	sigemptyset(&set);
	sigaddset(&set, signo);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(2, "sigprocmask");
	if ((pfd.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		err(2, "signalfd");
	pfd.events = POLLIN;
	if (readyfile != NULL)
		ready(readyfile);

	for (;;) {
		if (poll(&pfd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		/* Drain the signalfd, then one write for all of it. */
		for (;;) {
			n = read(pfd.fd, si, sizeof si);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && errno == EAGAIN)
				break;
			if (n == -1)
				err(1, "read");
			for (i = 0; i < (size_t)n / sizeof si[0]; i++) {
				if (BUFSIZE - len < LINE_MAX_FLOOR)
					flush();
				len += (size_t)snprintf(buf + len, BUFSIZE - len,
				    "sig=%u code=%d pid=%u uid=%u value=%d\n",
				    si[i].ssi_signo, si[i].ssi_code,
				    si[i].ssi_pid, si[i].ssi_uid,
				    si[i].ssi_int);
				if (count != 0 && ++seen == count) {
					flush();
					return 0;
				}
			}
		}
		flush();
	}
}
