/* SPDX-License-Identifier: ISC */
/*
 * Adopted orphans (--subreaper, --reap-orphans, or as PID 1): which of
 * sigwatch's children they are, and their end when a limit ends the
 * command. They are listed from /proc: the kernel tells a subreaper
 * nothing when it adopts a process.
 */
#include <err.h>
#include <stdlib.h>

#include "sigwatch.h"

struct orphans {
	pid_t		 command;
	pid_t		*pids;
	size_t		 n;
};

static bool
collect(pid_t child, void *arg)
{
	struct orphans	*o = arg;

	if (child != o->command)
		o->pids[o->n++] = child;
	return o->n < ORPHANS_MAX;
}

/* The children of sigwatch other than the command: adopted orphans. */
size_t
orphans(const struct wrap *wr, pid_t pids[ORPHANS_MAX])
{
	struct orphans	 o = { .command = wr->child, .pids = pids };

	proc_children(collect, &o);
	return o.n;
}

/*
 * Whoever adopts orphans (--subreaper, --reap-orphans, PID 1) ends them
 * at a limit, not only the command: each gets SIGTERM once, as it is
 * found, and after --kill-after SIGKILL, again each time more are found.
 */
static bool
termed_before(struct wrap *wr, pid_t pid)
{
	size_t	 i;
	pid_t	*t;

	for (i = 0; i < wr->ntermed; i++)
		if (wr->termed[i] == pid)
			return true;
	if (wr->ntermed % 64 == 0) {
		if ((t = reallocarray(wr->termed, wr->ntermed + 64,
		    sizeof *t)) == NULL)
			err(EXIT_TROUBLE, "reallocarray");
		wr->termed = t;
	}
	wr->termed[wr->ntermed++] = pid;
	return false;
}

void
end_orphans(struct wrap *wr)
{
	static pid_t	 pids[ORPHANS_MAX];
	size_t	 i, n;

	if (wr->ending == 0 || !wr->reap_all)
		return;
	n = orphans(wr, pids);
	for (i = 0; i < n; i++) {
		if (wr->ending == SIGTERM && termed_before(wr, pids[i]))
			continue;
		kill(pids[i], wr->ending);
		if (wr->ending != SIGKILL)
			kill(pids[i], SIGCONT);
	}
}
