/* SPDX-License-Identifier: ISC */
/*
 * --ready-fd=N: readiness for a script that cannot spin on a pid file
 * (which never appears when sigwatch fails to start). Once sigwatch is
 * ready, at the moment --pidfile means it and after the command, if
 * any, has been started, one line goes to descriptor N, "ready PID\n"
 * or, wrapping, "ready PID COMMAND_PID\n", and N is closed. A start-up
 * that fails closes it without a word: sigwatch's exit does, or, for a
 * command that cannot be run, ready_close(). Either way the reader gets
 * the line or end-of-file, never a wait for ever. N is close-on-exec,
 * so the command never holds it open.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "sigwatch.h"

/* The descriptor arg names, checked and made close-on-exec. */
int
ready_open(const char *arg)
{
	pid_t	 n = 0;
	int	 flags;

	if (parse_pid(arg, &n) == -1 && strcmp(arg, "0") != 0)
		errx(EXIT_TROUBLE, "invalid descriptor '%s'", quote_str(arg));
	/* 0, 1 and 2 are the command's too, and 1 may carry the events. */
	if (n <= STDERR_FILENO)
		errx(EXIT_TROUBLE, "--ready-fd=%d: must be 3 or more", (int)n);
	if ((flags = fcntl(n, F_GETFD)) == -1 ||
	    fcntl(n, F_SETFD, flags | FD_CLOEXEC) == -1)
		err(EXIT_TROUBLE, "--ready-fd=%d", (int)n);
	return n;
}

/* Ready: say so, with the command's pid when there is one (0: none). */
void
ready_tell(int fd, pid_t command)
{
	char	 line[64];
	int	 n;

	if (command > 0)
		n = snprintf(line, sizeof line, "ready %ld %ld\n",
		    (long)getpid(), (long)command);
	else
		n = snprintf(line, sizeof line, "ready %ld\n", (long)getpid());
	/* A reader that is gone already is its own business. */
	if (write(fd, line, (size_t)n) != n && errno != EPIPE)
		warn("--ready-fd=%d", fd);
	ready_close(fd);
}

void
ready_close(int fd)
{
	close(fd);
}
