/* SPDX-License-Identifier: ISC */
/*
 * --pdeathsig=SIG: the kernel sends sigwatch SIG when its parent dies
 * (PR_SET_PDEATHSIG), and sigwatch forwards it to the command like any
 * signal it receives, so the command ends with its supervisor. The
 * parent is the thread that forked sigwatch; sigwatch's own children
 * do not inherit the setting.
 *
 * A parent that died before the prctl() sent nothing: sigwatch has a
 * new parent by then, and raises SIG itself. That one comes from
 * sigwatch's own pid, which forwarding otherwise refuses (forward.c): it
 * is let through once, here.
 */
#include <err.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sigwatch.h"

static pid_t	 parent;	/* as early as main() could see it */
static int	 raised;	/* sent by sigwatch for a parent gone early */

void
pdeathsig_note_parent(void)
{
	parent = getppid();
}

/* Once signo is blocked and read: it must not kill sigwatch. */
void
pdeathsig_arm(int signo)
{
	if (prctl(PR_SET_PDEATHSIG, signo) == -1)
		err(EXIT_TROUBLE, "prctl(PR_SET_PDEATHSIG)");
	if (getppid() == parent)
		return;
	raised = signo;
	if (kill(getpid(), signo) == -1)
		err(EXIT_TROUBLE, "kill");
}

/* Whether ev is the signal pdeathsig_arm() raised; true only once. */
bool
pdeathsig_raised(const struct event *ev)
{
	if (raised == 0 || ev->signo != raised || ev->si_code != SI_USER ||
	    !(ev->fields & F_PID) || ev->pid != (uint32_t)getpid())
		return false;
	raised = 0;
	return true;
}
