/* SPDX-License-Identifier: ISC */
/*
 * What the test helpers and the benchmark's programs (bench/) share: the
 * clock, strict numbers, a sigqueue() that waits for room, the ready
 * file and the choice of a subcommand. Each was copied from program to
 * program and the copies drifted (atoi here, a bounds check there, a
 * ready file written in place that a waiter could see empty); one copy
 * keeps them alike. Everything is static inline because every user is a
 * program of one or a few files that links no library of its own.
 */
#ifndef COMMON_H
#define COMMON_H

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NSEC		1000000000LL
#define MAX_SIGNO	64	/* SIGRTMAX but on MIPS, which has 128 */

/* CLOCK_MONOTONIC in nanoseconds: for intervals, never for dates. */
static inline long long
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

/*
 * s as a decimal number in [min, max], else exit with status eval. A
 * typo in a test or a make variable must stop the run, not turn into 0
 * (atoi) or into the number it starts with.
 */
static inline long long
number(const char *s, long long min, long long max, const char *what,
    int eval)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		errx(eval, "bad %s '%s' (%lld to %lld)", what, s, min, max);
	return v;
}

static inline int
signal_number(const char *s, int eval)
{
	return (int)number(s, 1, MAX_SIGNO, "signal number", eval);
}

/*
 * sigqueue() that waits (10 us at a time) while the receiver's queue is
 * full, how a flood keeps every value; the number of waits. With once,
 * a full queue is not waited out but reported as -1: a stopped receiver
 * would never make room. Any other error exits.
 */
static inline long
queue_waiting(pid_t pid, int sig, int value, bool once)
{
	struct timespec	 pause = { 0, 10000 };
	union sigval	 sv = { .sival_int = value };
	long		 waits = 0;

	while (sigqueue(pid, sig, sv) == -1) {
		if (errno != EAGAIN)
			err(1, "sigqueue (value %d)", value);
		if (once)
			return -1;
		waits++;
		nanosleep(&pause, NULL);
	}
	return waits;
}

/*
 * The ready file: the pid, as sigwatch --pidfile writes it, created
 * under another name and renamed, so that whoever sees the file sees it
 * whole (the suite waits for it to be non-empty, the benchmark for it to
 * exist). NULL: none asked for. Exits 2 on failure.
 */
static inline void
say_ready(const char *path)
{
	char	 tmp[4096], line[32];
	int	 fd, n;

	if (path == NULL)
		return;
	n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof tmp)
		errx(2, "ready file name too long");
	n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1 || write(fd, line, (size_t)n) != n ||
	    close(fd) == -1 || rename(tmp, path) == -1)
		err(2, "%s", path);
}

/* One word of a program that does several things: "sender ping ...". */
struct subcommand {
	const char	*name;
	int		(*run)(int, char **);
};

/*
 * Run the subcommand argv[1] names with the words after it, and return
 * its status; with none of cmds (ended by a NULL name), exit 1 with
 * "usage: " and usage.
 */
static inline int
run_subcommand(int argc, char **argv, const struct subcommand *cmds,
    const char *usage)
{
	for (; argc >= 2 && cmds->name != NULL; cmds++)
		if (strcmp(argv[1], cmds->name) == 0)
			return cmds->run(argc - 2, argv + 2);
	errx(1, "usage: %s", usage);
}

#endif
