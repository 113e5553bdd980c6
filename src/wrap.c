/* SPDX-License-Identifier: ISC */
/*
 * Wrapper mode (sigwatch -- COMMAND): start the command, forward the
 * signals sigwatch receives to it, report its state changes and those of
 * adopted orphans, and know when it is over.
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
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sigwatch.h"

/* Retries of a full queue back off from 1 to 16 ms. */
#define RETRY_MIN_NS	1000000L
#define RETRY_MAX_NS	16000000L
/* Adopted orphans signalled at once; more are found as these end. */
#define ORPHANS_MAX	1024

static void
emit(struct wrap *wr, struct child_event *ev)
{
	ev->time = clock_now(CLOCK_REALTIME);
	ev->mono = clock_now(CLOCK_MONOTONIC);
	wr->fmt->child(wr->fmt, wr->out, ev);
}

/*
 * sigwatch is exiting for its own reasons (an error, or the reader of
 * its output has gone) while the command runs: end the command too,
 * SIGTERM then SIGKILL after a grace period, rather than orphan it.
 */
static struct wrap	*exiting;

static void
end_command(void)
{
	struct timespec	 end, left;
	sigset_t	 chld;

	if (exiting == NULL || !exiting->alive)
		return;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	end = deadline_in(&exiting->grace);
	wrap_signal(exiting, SIGTERM);
	while (waitpid(exiting->child, NULL, WNOHANG) == 0) {
		left = time_until(&end);
		if (sigtimedwait(&chld, NULL, &left) == -1 && errno == EAGAIN) {
			wrap_signal(exiting, SIGKILL);
			waitpid(exiting->child, NULL, 0);
			break;
		}
	}
	exiting->alive = false;
	if (exiting->own_group && exiting->job_control)
		pgroup_hand_terminal(exiting->child, getpgrp());
}

/*
 * The run is over and wr goes out of scope: the command's group leader,
 * kept unreaped so that its group number could not be reused while
 * sigwatch might signal the group, is reaped now.
 */
void
wrap_finish(struct wrap *wr)
{
	if (exiting == wr)
		exiting = NULL;
	if (wr->trace != NULL)
		trace_finish(wr->trace);
	if (wr->kept)
		waitpid(wr->child, NULL, WNOHANG);
	wr->kept = false;
	free(wr->termed);
	wr->termed = NULL;
}

/*
 * The "started" event as the child is to write it: rendered for pid 1
 * and again for pid 2, the two lines differ in one byte, where the
 * child puts its own pid. Whatever the format, the pid is all that
 * tells them apart, and the child need not format anything itself.
 */
static void
prepare_start(struct wrap *wr, struct child_event *ev, struct start_line *l)
{
	static char	 one[LINE_RESERVE_MAX], two[LINE_RESERVE_MAX];
	size_t		 n, i;

	ev->time = clock_now(CLOCK_REALTIME);
	ev->mono = clock_now(CLOCK_MONOTONIC);
	ev->pid = 1;
	wr->fmt->child(wr->fmt, wr->out, ev);
	n = output_take(wr->out, one, sizeof one);
	ev->pid = 2;
	wr->fmt->child(wr->fmt, wr->out, ev);
	if (output_take(wr->out, two, sizeof two) != n)
		errx(EXIT_TROUBLE, "internal error: started line");
	for (i = 0; i < n && one[i] == two[i]; i++)
		;
	if (i == n || one[i] != '1' || two[i] != '2' ||
	    memcmp(one + i + 1, two + i + 1, n - i - 1) != 0)
		errx(EXIT_TROUBLE, "internal error: started line");
	memcpy(l->head, one, l->head_len = i);
	memcpy(l->tail, one + i + 1, l->tail_len = n - i - 1);
	l->out = wr->out;
	/* pid_t has at most 10 digits. */
	l->room = output_reserve(wr->out, n + 10);
}

/*
 * --trace: the child waits to be seized before its exec; sigwatch
 * writes its "started" line meanwhile, so it still comes first.
 */
static void
start_traced(struct wrap *wr, char **argv, const struct spawn *sp,
    struct child_event *ev)
{
	int	 gate;

	wr->child = child_fork(argv, sp, &gate);
	ev->pid = wr->child;
	emit(wr, ev);
	output_flush(wr->out);
	trace_start(wr->trace, wr->child);
	child_release(gate);
}

/*
 * The command cannot be run: no process, so no "started" event, but a
 * "failed" one under the command's name, and the status a shell gives.
 */
static void
cannot_run(struct wrap *wr, struct child_event *ev, const char *cmd, int e)
{
	static char	 name[4 * PATH_MAX + 1];

	ev->state = CHILD_FAILED;
	ev->err = e;
	ev->code = e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	emit(wr, ev);
	escape_arg(name, sizeof name, cmd);
	warnx("cannot run '%s': %s", name, strerror(e));
	wr->status = ev->code;
}

/* false when the command cannot be run: wr->status says how it ends. */
bool
wrap_start(struct wrap *wr, char **argv, const struct spawn *sp)
{
	static struct start_line line;
	struct child_event	 ev = { .main = true, .state = CHILD_STARTED };
	const char		*base;
	int			 e;

	wr->self = getpid();
	/*
	 * As PID 1 every orphan is ours already; --subreaper and
	 * --reap-orphans ask for them.
	 */
	wr->reap_all = wr->subreaper || wr->reap_orphans || wr->self == 1;
	if ((wr->subreaper || wr->reap_orphans) &&
	    prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		err(EXIT_TROUBLE, "prctl(PR_SET_CHILD_SUBREAPER)");
	wr->own_group = sp->group;
	wr->job_control = sp->foreground;
	base = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
	snprintf(ev.comm, sizeof ev.comm, "%.15s", base);
	if ((e = runnable(argv[0])) != 0) {
		cannot_run(wr, &ev, argv[0], e);
		return false;
	}
	/*
	 * An empty buffer for the child: under valgrind vfork() is a
	 * fork(), and what was left in it would be written twice.
	 */
	output_flush(wr->out);
	if (wr->trace != NULL)
		start_traced(wr, argv, sp, &ev);
	else {
		prepare_start(wr, &ev, &line);
		wr->child = child_spawn(argv, sp, &line);
	}
	wr->alive = true;
	exiting = wr;
	if (atexit(end_command) != 0)
		errx(EXIT_TROUBLE, "atexit");
	return true;
}

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
static size_t
orphans(const struct wrap *wr, pid_t pids[ORPHANS_MAX])
{
	struct orphans	 o = { .command = wr->child, .pids = pids };

	proc_children(collect, &o);
	return o.n;
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
	struct undelivered	 u = {
		.signo = p->signo,
		.queued = p->queued,
		.value = p->value.sival_int,
		.pid = pid,
		.err = e,
	};

	u.time = clock_now(CLOCK_REALTIME);
	u.mono = clock_now(CLOCK_MONOTONIC);
	wr->fmt->undelivered(wr->fmt, wr->out, &u);
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

	if (wr->forward == FORWARD_GROUP)
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
	int	 signo = rewrite_of(wr->rewrites, ev->signo);

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
 * Take a signal that was read for the command; false if not for it, or
 * if --rewrite or --grace dropped it.
 */
bool
wrap_enqueue(struct wrap *wr, struct event *ev)
{
	struct pending	*p;
	int		 signo;

	if (wr->forward == FORWARD_NONE || !forwardable(wr, ev) ||
	    (signo = forward_as(wr, ev)) == 0)
		return false;
	/* The stop that sent this is over: the group was continued. */
	if (ev->signo == SIGCONT && wr->resumed) {
		wr->resumed = false;
		return false;
	}
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

/*
 * When the backlog should be tried again, or the rest of the group
 * counted; NULL when neither is to be.
 */
const struct timespec *
wrap_retry_at(const struct wrap *wr)
{
	const struct timespec	*t = wr->backlog_len > 0 ? &wr->retry_at : NULL;
	const struct timespec	*g = &wr->group_check;

	if (!wr->lingering)
		return t;
	if (t == NULL || g->tv_sec < t->tv_sec ||
	    (g->tv_sec == t->tv_sec && g->tv_nsec < t->tv_nsec))
		return g;
	return t;
}

/* Whether --kill-group waits for the rest of the group to end. */
bool
wrap_lingering(const struct wrap *wr)
{
	return wr->lingering;
}

/*
 * Under --subreaper a limit ends every descendant, not only the command:
 * each adopted orphan gets SIGTERM once, as it is found, and after
 * --kill-after SIGKILL, again each time more are found.
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

static void
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

/*
 * --timeout, --count, --exit-on: ask the command to end, or make it:
 * its whole group when it has one of its own, as timeout(1) ends its
 * own, so that what the command started does not outlive the limit.
 * A stopped command could not act on SIGTERM: continue it, as
 * timeout(1) does.
 */
void
wrap_signal(struct wrap *wr, int signo)
{
	pid_t	 target = wr->own_group ? -wr->child : wr->child;

	if (wr->alive || wr->kept) {
		kill(target, signo);
		if (signo != SIGKILL)
			kill(target, SIGCONT);
	}
	wr->ending = signo;
	end_orphans(wr);
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
	if (!wr->job_control || (signo != SIGTSTP && signo != SIGTTIN &&
	    signo != SIGTTOU && signo != SIGSTOP))
		return;
	/* What the reader takes now: a job's reader may be stopped too. */
	output_push(wr->out);
	kill(wr->self, SIGSTOP);
	if (!wr->own_group)
		return;
	/* Continued by "fg", not "bg": the terminal is ours to hand on. */
	pgroup_hand_terminal(getpgrp(), wr->child);
	kill(-wr->child, SIGCONT);
	wr->resumed = wr->forward != FORWARD_NONE;
}

static void
group_signalled(struct wrap *wr, int signo, int processes)
{
	struct group_event	 g = {
		.pgid = wr->child,
		.signo = signo,
		.processes = processes,
	};

	g.time = clock_now(CLOCK_REALTIME);
	g.mono = clock_now(CLOCK_MONOTONIC);
	wr->fmt->group(wr->fmt, wr->out, &g);
}

/* The rest of the group is counted every 10 ms at first, then 100 ms. */
#define GROUP_STEP_MIN_NS	10000000L
#define GROUP_STEP_MAX_NS	100000000L

static void
group_recheck(struct wrap *wr)
{
	wr->group_check = deadline_in(&(struct timespec){ 0,
	    wr->group_step_ns });
	if ((wr->group_step_ns *= 2) > GROUP_STEP_MAX_NS)
		wr->group_step_ns = GROUP_STEP_MAX_NS;
}

/*
 * --kill-group: the command has ended; what it left in its group gets
 * SIGTERM and SIGCONT, as dumb-init does in its setsid mode. With
 * --kill-after sigwatch waits that long for them to end, then sends
 * SIGKILL; without, it exits at once.
 */
static void
end_group(struct wrap *wr)
{
	static const struct timespec	 none;
	int				 n;

	if ((n = pgroup_members(wr->child, wr->child)) == 0)
		return;
	kill(-wr->child, SIGTERM);
	kill(-wr->child, SIGCONT);
	group_signalled(wr, SIGTERM, n);
	if (memcmp(&wr->kill_after, &none, sizeof none) == 0)
		return;
	wr->lingering = true;
	wr->group_deadline = deadline_in(&wr->kill_after);
	wr->group_step_ns = GROUP_STEP_MIN_NS;
	group_recheck(wr);
}

/*
 * Whether the rest of the group is done with: gone, or sent SIGKILL
 * and given a second more, since a process in an uninterruptible sleep
 * must not keep sigwatch for ever.
 */
static bool
group_settled(struct wrap *wr)
{
	static const struct timespec	 second = { 1, 0 };
	struct timespec			 left;
	int				 n;

	if (!wr->lingering)
		return true;
	left = time_until(&wr->group_check);
	if (left.tv_sec != 0 || left.tv_nsec != 0)
		return false;
	if ((n = pgroup_members(wr->child, wr->child)) == 0) {
		wr->lingering = false;
		return true;
	}
	left = time_until(&wr->group_deadline);
	if (left.tv_sec == 0 && left.tv_nsec == 0) {
		if (wr->group_killed) {
			wr->lingering = false;
			return true;
		}
		kill(-wr->child, SIGKILL);
		group_signalled(wr, SIGKILL, n);
		wr->group_killed = true;
		wr->group_deadline = deadline_in(&second);
		wr->group_step_ns = GROUP_STEP_MIN_NS;
	}
	group_recheck(wr);
	return false;
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
	if (wr->kill_group && wr->own_group)
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
		emit(wr, &ev);
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
	return !wr->subreaper || r == -1;
}
