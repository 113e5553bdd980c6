/* SPDX-License-Identifier: ISC */
/*
 * resolve.c's user names: a lookup that fails for want of a descriptor
 * (EMFILE) is tried again, not kept as "no such user" for the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../../src/sigwatch.h"
#include "unit.h"

#define MAX_FDS	64

/* Open /dev/null until no descriptor is left; how many were opened. */
static int
use_up(int *fds)
{
	int	 n = 0;

	while (n < MAX_FDS && (fds[n] = open("/dev/null", O_RDONLY)) != -1)
		n++;
	return n;
}

int
main(void)
{
	struct rlimit	 saved, low;
	int		 fds[MAX_FDS], n, i, e;

	/* The C library's own set-up (nsswitch.conf) first, while it can. */
	if (getpwuid(0) == NULL || getrlimit(RLIMIT_NOFILE, &saved) == -1)
		abort();
	low = saved;
	low.rlim_cur = MAX_FDS / 2;
	if (setrlimit(RLIMIT_NOFILE, &low) == -1)
		abort();
	n = use_up(fds);
	e = errno;
	CHECK(n < MAX_FDS && e == EMFILE, "no descriptor left (%d opened)", n);
	CHECK_STR(resolve_user(0), NULL, "uid 0 without a descriptor");
	for (i = 0; i < n; i++)
		close(fds[i]);
	if (setrlimit(RLIMIT_NOFILE, &saved) == -1)
		abort();
	CHECK_STR(resolve_user(0), "root", "uid 0 once there are descriptors");
	CHECK_STR(resolve_user(0), "root", "uid 0 again, from the cache");
	return unit_done();
}
