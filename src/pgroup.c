/* SPDX-License-Identifier: ISC */
/*
 * The command's process group: the terminal handed to it and back, and
 * what is left of it once the command has ended. A group is not a
 * process sigwatch can wait for, so its members are counted from /proc.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <unistd.h>

#include "sigwatch.h"

/* Whether pid is in group pgid and not a zombie. */
static bool
in_group(pid_t pid, pid_t pgid)
{
	struct proc_stat	 st;

	return proc_stat(pid, &st) && st.pgrp == pgid && st.state != 'Z' &&
	    st.state != 'X';
}

/* How many live processes group pgid has, but for skip. */
int
pgroup_members(pid_t pgid, pid_t skip)
{
	DIR		*d;
	struct dirent	*e;
	pid_t		 pid;
	int		 n = 0;

	if ((d = opendir("/proc")) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (isdigit((unsigned char)e->d_name[0]) &&
		    (pid = (pid_t)strtol(e->d_name, NULL, 10)) != skip &&
		    in_group(pid, pgid))
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
