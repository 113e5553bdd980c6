/* SPDX-License-Identifier: ISC */
/*
 * Reaping in wrapper mode: which state changes are reported (the
 * command's, adopted orphans', traced processes'), what they set off (a
 * stop at the terminal, the command's end, an orphan's end under a
 * limit), and whether the run is over.
 */
#include <unistd.h>

#include "sigwatch.h"

/*
 * Started in the background, the command read or wrote the terminal and
 * was stopped for it: a job's stop all the same, which the shell is to
 * see, so that its "fg" can continue it. Unless no shell can: the kernel
 * stops no orphaned group for the terminal, and sigwatch's is one when
 * its parent is not in its session, in another group.
 */
static bool
background_job(const struct wrap *wr, int signo)
{
	pid_t	 parent = getppid();

	return wr->own_group && (signo == SIGTTIN || signo == SIGTTOU) &&
	    getsid(parent) == getsid(0) && getpgid(parent) != getpgrp();
}

/*
 * Ctrl-Z stopped the command, or it stopped itself at the terminal:
 * stop too, so that the shell gets the terminal back and sees the job
 * stopped. "fg" or "bg" continues sigwatch's group; sigwatch continues
 * the command's own group, all of it, as the kernel stopped all of it,
 * and the SIGCONT it was sent is not forwarded again.
 */
static void
suspend(struct wrap *wr, int signo)
{
	if (!(wr->job_control || background_job(wr, signo)) ||
	    (signo != SIGTSTP && signo != SIGTTIN && signo != SIGTTOU &&
	    signo != SIGSTOP))
		return;
	/* What the reader takes now: a job's reader may be stopped too. */
	output_push(wr->out);
	kill(wr->self, SIGSTOP);
	if (!wr->own_group)
		return;
	/* Continued by "fg", not "bg": the terminal is ours to hand on. */
	wr->job_control |= tcgetpgrp(STDIN_FILENO) == getpgrp();
	pgroup_hand_terminal(getpgrp(), wr->child);
	kill(-wr->child, SIGCONT);
	wr->resumed = wr->opts->forward != FORWARD_NONE;
}

/*
 * The command has ended. Its group had the terminal: give it back to
 * sigwatch's own group, the one the shell gave it to, as a shell takes
 * the terminal back from a job that is over. SIGTTOU is blocked, so a
 * background process may do this.
 */
static void
ended(struct wrap *wr, const struct child_event *ev)
{
	wr->alive = false;
	wr->status = child_exit_status(ev);
	if (wr->own_group && wr->job_control)
		pgroup_hand_terminal(wr->child, getpgrp());
	end_orphans(wr);
	if (wr->opts->kill_group && wr->own_group)
		end_group(wr);
}

/*
 * Whether a state change is one to report: the command's, an adopted
 * orphan's (with --subreaper or as PID 1), or under --trace a traced
 * process's. A ptrace stop is trace.c's to handle; a thread's end is
 * not reported, its process's is.
 */
static bool
tree_change(struct wrap *wr, struct child_event *ev)
{
	ev->traced = false;
	if (wr->trace == NULL)
		return ev->main || wr->reap_all;
	if (!trace_reaped(wr->trace, ev))
		return false;
	/* A fork names the new process. */
	ev->main = ev->pid == wr->child;
	ev->traced &= !ev->main;
	return ev->main || ev->traced || wr->reap_all;
}

/*
 * Collect every state change waiting. True once sigwatch is done (the
 * command has ended and, with --subreaper, every descendant too), with
 * the command's exit status in *status.
 *
 * Unless --same-group, the command leads its group, and a group number
 * is free for reuse once its last member is reaped. The leader is
 * therefore kept as a zombie until the run is over, so that a signal
 * sigwatch sends the group later cannot reach a stranger's.
 */
bool
wrap_reap(struct wrap *wr, int *status)
{
	struct child_event	 ev;
	pid_t			 keep = wr->own_group ? wr->child : 0;
	int			 r;

	while ((r = reap_next(&ev, wr->kept ? wr->child : 0, keep,
	    wr->trace)) == 1) {
		ev.main = ev.pid == wr->child;
		if (!tree_change(wr, &ev))
			continue;
		wrap_emit(wr, &ev);
		if (ev.main && ev.state == CHILD_STOPPED)
			suspend(wr, ev.code);
		if (ev.main && child_state_is_end(ev.state)) {
			wr->kept = keep != 0;
			ended(wr, &ev);
		} else if (!ev.main)
			end_orphans(wr);
	}
	*status = wr->status;
	if (wr->alive || !group_settled(wr))
		return false;
	/*
	 * --subreaper waits for the adopted too; --reap-orphans and an
	 * init do not.
	 */
	return !wr->opts->subreaper || r == -1;
}
