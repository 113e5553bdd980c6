/* SPDX-License-Identifier: ISC */
/*
 * Descriptors 0, 1 and 2 are always open. One that sigwatch was started
 * without is opened on /dev/null, so that no file sigwatch opens can
 * take its number: the -o file would otherwise get the start-up note
 * and the errors as standard error, or the command's output.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "sigwatch.h"

static bool	 was_closed[3];

/*
 * Lowest first, so that open() returns the number just found free. Not
 * close-on-exec: the command is to find them open as well.
 */
void
stdfds_open(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		was_closed[fd] = true;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			err(EXIT_TROUBLE, "/dev/null");
	}
}

/* Whether fd (0, 1 or 2) was closed before stdfds_open() filled it. */
bool
stdfd_was_closed(int fd)
{
	return fd >= 0 && fd <= 2 && was_closed[fd];
}
