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
 *
 * Each --ready-fd given is somebody waiting: every one gets the line
 * and is closed, not only the last, which would leave the others open
 * and silent until sigwatch ends. One given twice is told once.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sigwatch.h"

static int	*fds;		/* the descriptors to tell, in the order given */
static size_t	 nfds;

static bool
known(int fd)
{
	size_t	 i;

	for (i = 0; i < nfds; i++)
		if (fds[i] == fd)
			return true;
	return false;
}

/* The descriptor arg names, checked, made close-on-exec and kept. */
void
ready_open(const char *arg)
{
	pid_t	 n = 0;
	int	 flags, *more;

	/* parse_pid() refuses 0, "00" too, which is still a number. */
	if (parse_pid(arg, &n) == -1 && arg[strspn(arg, "0")] != '\0')
		errx(EXIT_TROUBLE, "invalid descriptor '%s'", quote_str(arg));
	/* 0, 1 and 2 are the command's too, and 1 may carry the events. */
	if (n <= STDERR_FILENO)
		errx(EXIT_TROUBLE, "--ready-fd=%s: must be 3 or more",
		    quote_str(arg));
	if ((flags = fcntl(n, F_GETFD)) == -1 ||
	    fcntl(n, F_SETFD, flags | FD_CLOEXEC) == -1)
		err(EXIT_TROUBLE, "--ready-fd=%s", quote_str(arg));
	if (known(n))
		return;
	if ((more = reallocarray(fds, nfds + 1, sizeof *fds)) == NULL)
		err(EXIT_TROUBLE, "reallocarray");
	fds = more;
	fds[nfds++] = n;
}

/* Ready: say so, with the command's pid when there is one (0: none). */
void
ready_tell(pid_t command)
{
	char	 line[64];
	size_t	 i;
	int	 n;

	if (command > 0)
		n = snprintf(line, sizeof line, "ready %ld %ld\n",
		    (long)getpid(), (long)command);
	else
		n = snprintf(line, sizeof line, "ready %ld\n", (long)getpid());
	/* A reader that is gone already is its own business. */
	for (i = 0; i < nfds; i++)
		if (write(fds[i], line, (size_t)n) != n && errno != EPIPE)
			warn("--ready-fd=%d", fds[i]);
	ready_close();
}

/* Each descriptor closed: told, or to be told nothing. */
void
ready_close(void)
{
	size_t	 i;

	for (i = 0; i < nfds; i++)
		close(fds[i]);
	free(fds);
	fds = NULL;
	nfds = 0;
}
