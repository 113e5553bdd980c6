/* SPDX-License-Identifier: ISC */
/*
 * The command's process group: the terminal handed to it and back, and
 * what is left of it once the command has ended. A group is not a
 * process sigwatch can wait for, so its members are counted from /proc.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/*
 * Whether /proc/PID/stat says the process is in group pgid and not a
 * zombie. The command name may hold any byte: the fields after it start
 * after its last ')'.
 */
static bool
in_group(const char *pid, pid_t pgid)
{
	char	 path[64], buf[512], *p, state;
	long	 ppid, pgrp;
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%s/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3)
		return false;
	return pgrp == (long)pgid && state != 'Z' && state != 'X';
}

/* How many live processes group pgid has, but for skip. */
int
pgroup_members(pid_t pgid, pid_t skip)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (isdigit((unsigned char)e->d_name[0]) &&
		    strtol(e->d_name, NULL, 10) != (long)skip &&
		    in_group(e->d_name, pgid))
			n++;
	closedir(d);
	return n;
}

/*
 * Hand the terminal on standard input from group from to group to, if
 * from has it. sigwatch keeps SIGTTOU blocked, so it may do this from
 * the background, as a shell does when a job ends.
 */
void
pgroup_hand_terminal(pid_t from, pid_t to)
{
	if (tcgetpgrp(STDIN_FILENO) == from)
		tcsetpgrp(STDIN_FILENO, to);
}
