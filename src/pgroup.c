/* SPDX-License-Identifier: ISC */
/*
 * The command's process group: the terminal handed to it and back, and
 * what is left of it once the command has ended. A group is not a
 * process sigwatch can wait for, so its members are counted from /proc.
 */
#include <unistd.h>

#include "sigwatch.h"

struct members {
	pid_t	 pgid, skip;
	int	 n;
};

/* Count pid if it is in the group, not skipped and not a zombie. */
static bool
count_member(pid_t pid, void *arg)
{
	struct members		*m = arg;
	struct proc_stat	 st;

	m->n += pid != m->skip && proc_stat(pid, &st) && st.pgrp == m->pgid &&
	    st.state != 'Z' && st.state != 'X';
	return true;
}

/* How many live processes group pgid has, but for skip. */
int
pgroup_members(pid_t pgid, pid_t skip)
{
	struct members	 m = { .pgid = pgid, .skip = skip };

	proc_each(count_member, &m);
	return m.n;
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
