/* SPDX-License-Identifier: ISC */
/*
 * Forwarding (wrapper mode): which signals sigwatch receives are for
 * the command, what --rewrite and --grace make of them, and their
 * delivery, or their report as undelivered.
 *
 * Forwarding never drops a signal that the command could still take:
 * sigwatch and the command share their user's pending-signal limit, and
 * a sigqueue() that finds the command's queue full (EAGAIN) is kept in
 * a bounded backlog and tried again, in order for each signal, until
 * the command takes it or is gone. While the backlog has no room for
 * another batch the loop stops reading real-time signals, which then
 * wait in the kernel's queue: backpressure, not loss.
 */
#include <err.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sigwatch.h"

/* Retries of a full queue back off from 1 to 16 ms. */
#define RETRY_MIN_NS	1000000L
#define RETRY_MAX_NS	16000000L

/*
 * A terminal's hangup: the kernel sends SIGHUP and SIGCONT to the
 * session leader alone, and so does it to a process group that is left
 * orphaned with a stopped member. When the command has a group of its
 * own, or sigwatch leads the session, the command did not get them.
 */
static bool
hangup(const struct wrap *wr, const struct event *ev)
{
	if (ev->si_code != SI_KERNEL ||
	    (ev->signo != SIGHUP && ev->signo != SIGCONT))
		return false;
	return wr->own_group || getsid(0) == wr->self;
}

/*
 * Whether a signal is for the command. Not SIGCHLD. Not what the kernel
 * raised for sigwatch itself (positive codes, SI_KERNEL among them): its
 * faults, its I/O, and the terminal's signals, which go to the
 * terminal's foreground group, the command's or one it is in. But a
 * hangup, which the command did not get. Not what sigwatch's own
 * actions raised (SIGPIPE, SIGXFSZ: sent as from sigwatch). Not what
 * the command sent sigwatch: it meant its parent, and sending it back
 * could kill it.
 */
static bool
forwardable(const struct wrap *wr, const struct event *ev)
{
	if (ev->signo == SIGCHLD || (ev->si_code > 0 && !hangup(wr, ev)))
		return false;
	if (!(ev->fields & F_PID) || pdeathsig_raised(ev))
		return true;
	return ev->pid != (uint32_t)wr->self && ev->pid != (uint32_t)wr->child;
}

/* Send to one process, keeping a sigqueue() value: 0 or an errno. */
static int
send_to(pid_t pid, const struct pending *p)
{
	int	 r;

	if (p->queued)
		r = sigqueue(pid, p->signo, p->value);
	else
		r = kill(pid, p->signo);
	return r == 0 ? 0 : errno;
}

/* Why a signal could not be forwarded, in a word. */
const char *
undelivered_reason(int e)
{
	switch (e) {
	case ESRCH:
		return "gone";		/* no process left to take it */
	case EPERM:
		return "denied";	/* the command changed its user */
	case EAGAIN:
		return "queue_full";	/* an orphan's, one try only */
	default:
		return "error";
	}
}

static void
undelivered(struct wrap *wr, const struct pending *p, pid_t pid, int e)
{
	/* A value only for a signal sent with sigqueue(). */
	struct sent_line	 l = { .what = "undelivered", .signo = p->signo,
	    .nitems = p->queued ? 3 : 2, .item = {
		{ "pid", SENT_PID, pid },
		{ "reason", SENT_ERRNO, e },
		{ "value", SENT_INT, p->value.sival_int },
	} };

	clock_stamp(&l.time, &l.mono);
	wr->fmt->sent(wr->fmt, wr->out, &l);
}

/*
 * Once the command is gone, its adopted descendants are the audience:
 * one try each, since a retry could reach the ones that took it twice.
 */
static void
send_to_orphans(struct wrap *wr, const struct pending *p)
{
	static pid_t	 pids[ORPHANS_MAX];
	size_t	 i, n;
	int	 e;

	if ((n = orphans(wr, pids)) == 0)
		undelivered(wr, p, 0, ESRCH);
	for (i = 0; i < n; i++)
		if ((e = send_to(pids[i], p)) != 0 && e != ESRCH)
			undelivered(wr, p, pids[i], e);
}

/*
 * Whether the command has died, reaped or not. A signal sent to a
 * process that is exiting is accepted and thrown away: a retry must not
 * take that for a delivery.
 */
static bool
command_gone(const struct wrap *wr)
{
	siginfo_t	 si;

	if (!wr->alive)
		return true;
	memset(&si, 0, sizeof si);
	return waitid(P_PID, (id_t)wr->child, &si,
	    WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid != 0;
}

/*
 * One signal of the backlog to the command: 0 when it is done with
 * (delivered, or reported as undeliverable), EAGAIN to keep it.
 */
static int
deliver(struct wrap *wr, const struct pending *p, bool gone)
{
	int	 e;

	if (wr->opts->forward == FORWARD_GROUP)
		e = kill(-wr->child, p->signo) == 0 ? 0 : errno;
	else if (!gone)
		e = send_to(wr->child, p);
	else {
		send_to_orphans(wr, p);
		return 0;
	}
	if (e == EAGAIN)
		return EAGAIN;
	if (e != 0)
		undelivered(wr, p, wr->child, e);
	return 0;
}

/*
 * What the command is to get for ev: the signal, after --rewrite, or 0
 * when ev says why it gets nothing. Both are for ev's report to show.
 */
static int
forward_as(struct wrap *wr, struct event *ev)
{
	int	 signo = code_map_of(&wr->opts->rewrites, ev->signo);

	if (signo == REWRITE_DROP) {
		ev->fields |= F_DROPPED;
		ev->dropped = DROP_REWRITE;
		return 0;
	}
	if (signo != ev->signo) {
		ev->fields |= F_FORWARDED_AS;
		ev->forwarded_as = signo;
	}
	if (grace_drops(&wr->repeats, signo, &ev->mono)) {
		ev->fields |= F_DROPPED;
		ev->dropped = DROP_GRACE;
		return 0;
	}
	return signo;
}

/*
 * Started in the background and then brought to the foreground ("fg",
 * which continues no running job), sigwatch's group has the terminal,
 * and its signals (Ctrl-C, Ctrl-\, Ctrl-Z, a resize) come to sigwatch
 * instead of the command's group. That group takes the terminal, as it
 * would have at the start, and gets this one as the kernel would have
 * sent it: to all of it, as it is. From now on sigwatch follows the
 * command's stops as a job's.
 */
static bool
terminal_moved(struct wrap *wr, const struct event *ev)
{
	if (ev->si_code != SI_KERNEL || !wr->own_group || !wr->alive ||
	    (ev->signo != SIGINT && ev->signo != SIGQUIT &&
	    ev->signo != SIGTSTP && ev->signo != SIGWINCH) ||
	    tcgetpgrp(STDIN_FILENO) != getpgrp())
		return false;
	pgroup_hand_terminal(getpgrp(), wr->child);
	wr->job_control = true;
	kill(-wr->child, ev->signo);
	return true;
}

/*
 * Take a signal that was read for the command; false if not for it, or
 * if --rewrite or --grace dropped it.
 */
bool
wrap_enqueue(struct wrap *wr, struct event *ev)
{
	struct pending	*p;
	int		 signo;

	if (terminal_moved(wr, ev))
		return false;
	if (wr->opts->forward == FORWARD_NONE || !forwardable(wr, ev))
		return false;
	/*
	 * The stop that sent this is over: the group was continued. Before
	 * --rewrite and --grace, which would report what became of it.
	 */
	if (ev->signo == SIGCONT && wr->resumed) {
		wr->resumed = false;
		return false;
	}
	if ((signo = forward_as(wr, ev)) == 0)
		return false;
	/* The loop reads no more than wrap_room() allowed. */
	if (wr->backlog_len == BACKLOG_MAX)
		errx(EXIT_TROUBLE, "internal error: forwarding backlog full");
	p = &wr->backlog[wr->backlog_len++];
	p->signo = signo;
	p->queued = ev->si_code == SI_QUEUE;
	p->value.sival_ptr = (void *)(uintptr_t)ev->ptr;
	return true;
}

/* Whether the backlog can take another batch of n signals. */
bool
wrap_room(const struct wrap *wr, size_t n)
{
	return BACKLOG_MAX - wr->backlog_len >= n;
}

/*
 * Deliver what the backlog holds, in order. A signal the command cannot
 * take yet holds back the later ones of the same number only, as the
 * kernel's own queue would: a full real-time queue must not keep a
 * SIGTERM from the command.
 */
void
wrap_forward(struct wrap *wr)
{
	sigset_t	 stuck;
	size_t		 i, n = 0;
	struct pending	*p;
	bool		 gone;

	if (wr->backlog_len == 0)
		return;
	gone = command_gone(wr);
	sigemptyset(&stuck);
	for (i = 0; i < wr->backlog_len; i++) {
		p = &wr->backlog[i];
		if (sigismember(&stuck, p->signo) == 1 ||
		    deliver(wr, p, gone) == EAGAIN) {
			sigaddset(&stuck, p->signo);
			wr->backlog[n++] = *p;
		}
	}
	/* Back off while nothing gets through; start again once some does. */
	if (n < wr->backlog_len || wr->retry_ns < RETRY_MIN_NS)
		wr->retry_ns = RETRY_MIN_NS;
	else if ((wr->retry_ns *= 2) > RETRY_MAX_NS)
		wr->retry_ns = RETRY_MAX_NS;
	wr->backlog_len = n;
	if (n > 0)
		wr->retry_at = deadline_in(&(struct timespec){ 0, wr->retry_ns });
}
