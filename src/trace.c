/* SPDX-License-Identifier: ISC */
/*
 * --trace: the signals the command and every descendant receive, seen
 * as their ptrace tracer. sigwatch seizes them and resumes them only
 * with PTRACE_CONT or PTRACE_LISTEN, never PTRACE_SYSCALL: a system call
 * costs a traced program nothing, and only a signal's delivery stops it,
 * once, for as long as sigwatch takes to read it.
 *
 * The stops arrive as SIGCHLD (CLD_TRAPPED) on the loop's signalfd and
 * are collected by wrap_reap.c; each is told apart by the event in
 * status >> 8 (ptrace(2)), the signal itself in the low byte:
 * - 0: a signal-delivery-stop. The signal is reported and handed back
 *   with the resume, so the program's behaviour is unchanged.
 * - PTRACE_EVENT_STOP with a stopping signal: a group-stop, resumed with
 *   PTRACE_LISTEN so that job control works as without sigwatch.
 * - PTRACE_EVENT_STOP otherwise: a new tracee's first stop, or the end
 *   of a group-stop.
 * - fork, vfork, clone, exec: the tree changes.
 * A tid table, not a count: a thread that execs takes over its group
 * leader's tid and its own tid vanishes without an exit.
 *
 * --attach seizes a running process the same way, without
 * PTRACE_O_EXITKILL: if sigwatch dies, the process must run on.
 */
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "sigwatch.h"

#define SEIZE_OPTIONS	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |	\
	PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC)
/*
 * --no-follow: threads are still followed, and a thread is a clone, but
 * so is a process made by clone() with an exit signal other than
 * SIGCHLD (kernel/fork.c): that one is auto-attached and let go.
 */
#define NO_FOLLOW_OPTIONS	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC)
/* How long the tracees together may take to stop and be let go. */
#define LET_GO_SECONDS	2

static long
seize_options(const struct trace *tr)
{
	return tr->follow ? SEIZE_OPTIONS : NO_FOLLOW_OPTIONS;
}

static struct tracee *
find(struct trace *tr, pid_t tid)
{
	size_t	 i;

	for (i = 0; i < tr->n; i++)
		if (tr->t[i].tid == tid)
			return &tr->t[i];
	return NULL;
}

/* A tid seen for the first time: its first stop is the attach stop. */
static struct tracee *
add(struct trace *tr, pid_t tid)
{
	struct tracee	*t;

	if ((t = find(tr, tid)) != NULL)
		return t;
	if (tr->n == tr->cap) {
		tr->cap = tr->cap == 0 ? 16 : 2 * tr->cap;
		if ((t = reallocarray(tr->t, tr->cap, sizeof *t)) == NULL)
			err(EXIT_TROUBLE, "reallocarray");
		tr->t = t;
	}
	t = &tr->t[tr->n++];
	*t = (struct tracee){ .tid = tid, .fresh = true };
	disp_files_init(&t->disp);
	if ((t->tgid = proc_tgid(tid)) <= 0)
		t->tgid = tid;
	return t;
}

static void
drop(struct trace *tr, pid_t tid)
{
	struct tracee	*t = find(tr, tid);

	if (t == NULL)
		return;
	disp_files_close(&t->disp);
	if (t->paused)
		tr->npaused--;
	*t = tr->t[--tr->n];
}

/*
 * Resume a stopped tracee; one that has just been killed is no error.
 * The request is an int: musl declares ptrace() so, glibc with an enum.
 */
static void
resume(int req, pid_t tid, int sig)
{
	if (ptrace(req, tid, 0, (void *)(long)sig) == -1 && errno != ESRCH)
		warn("ptrace(%s, %ld)", req == PTRACE_LISTEN ? "LISTEN" :
		    "CONT", (long)tid);
}

/* Start tracing pid, which waits for sigwatch before its exec. */
void
trace_start(struct trace *tr, pid_t pid)
{
	char	 why[160];

	if (ptrace(PTRACE_SEIZE, pid, 0,
	    (void *)(seize_options(tr) | PTRACE_O_EXITKILL)) == -1) {
		if (errno == EPERM && ptrace_denied(pid, true, why, sizeof why))
			errx(EXIT_TROUBLE, "cannot trace the command: %s", why);
		err(EXIT_TROUBLE, "cannot trace the command: ptrace(PTRACE_SEIZE)");
	}
	add(tr, pid)->fresh = false;
	tr->command = pid;
}

struct seizing {
	struct trace	*tr;
	pid_t		 pid;
	int		 added;
	int		 err;		/* the first failure but ESRCH */
};

/* Seize a thread of the process, unless it is traced already. */
static bool
seize_thread(pid_t tid, void *arg)
{
	struct seizing	*sz = arg;
	struct tracee	*t;

	if (find(sz->tr, tid) != NULL)
		return true;
	/* No EXITKILL: if sigwatch dies, the process must run on. */
	if (ptrace(PTRACE_SEIZE, tid, 0, (void *)seize_options(sz->tr)) == -1) {
		/* A thread that has just ended is no failure. */
		if (errno != ESRCH && sz->err == 0)
			sz->err = errno;
		return sz->err == 0;
	}
	t = add(sz->tr, tid);
	t->tgid = sz->pid;
	t->fresh = false;
	sz->added++;
	return true;
}

/* Why a process cannot be traced, as the one line of an error. */
__attribute__((noreturn))
static void
cannot_attach(pid_t pid, int e)
{
	pid_t	 tracer = proc_tracer(pid);
	char	 comm[64], why[160];

	if (e == ESRCH || e == ENOENT)
		errx(EXIT_TROUBLE, "no such process '%ld'", (long)pid);
	if (tracer > 0) {
		proc_comm(tracer, comm, sizeof comm);
		errx(EXIT_TROUBLE, "cannot attach to process %ld: it is traced "
		    "already, by process %ld (%s)", (long)pid, (long)tracer,
		    comm[0] != '\0' ? quote_str(comm) : "?");
	}
	if (e == EPERM && ptrace_denied(pid, false, why, sizeof why))
		errx(EXIT_TROUBLE, "cannot attach to process %ld: %s",
		    (long)pid, why);
	errno = e;
	err(EXIT_TROUBLE, "cannot attach to process %ld", (long)pid);
}

/*
 * --attach: seize every thread of pid, again until a pass finds no new
 * one (threads can start meanwhile); its children from now on are
 * followed as they fork, unless --no-follow.
 */
void
trace_attach(struct trace *tr, pid_t pid)
{
	struct seizing		 sz = { .tr = tr, .pid = pid };
	struct trace_event	 ev = { .attach = true, .pid = pid };
	pid_t			 tracer, tgid = proc_tgid(pid);
	size_t			 i;

	/* A thread's id stands for its process, as for kill(2). */
	if (tgid > 0)
		sz.pid = ev.pid = pid = tgid;
	/* Named twice, or by two of its threads: it is held already. */
	if (find(tr, pid) != NULL)
		return;
	if ((tracer = proc_tracer(pid)) > 0)
		cannot_attach(pid, EPERM);
	do {
		sz.added = 0;
		if (!proc_threads(pid, seize_thread, &sz))
			cannot_attach(pid, ESRCH);
		if (sz.err != 0)
			cannot_attach(pid, sz.err);
	} while (sz.added > 0);
	for (i = 0; i < tr->n; i++)
		ev.threads += tr->t[i].tgid == pid;
	if (ev.threads == 0)
		cannot_attach(pid, ESRCH);
	proc_comm(pid, ev.comm, sizeof ev.comm);
	tr->announce(tr->arg, &ev);
}

/*
 * The dispositions of t's process, from the files its leader keeps
 * open: one per process, not per thread, so that a process of a
 * thousand threads does not take two thousand descriptors.
 */
static bool
dispositions(struct trace *tr, struct tracee *t, int signo,
    uint64_t *ignored, uint64_t *caught)
{
	struct tracee		*leader = find(tr, t->tgid);
	struct disp_files	 once;
	bool			 ok;

	if (leader != NULL)
		return disp_read(&leader->disp, t->tgid, signo, ignored,
		    caught);
	/* Its leader has ended, its other threads not yet. */
	disp_files_init(&once);
	ok = disp_read(&once, t->tgid, signo, ignored, caught);
	disp_files_close(&once);
	return ok;
}

/* Who received signo, and what its dispositions make it do. */
static void
target_of(struct trace *tr, struct tracee *t, int signo, struct target *tg)
{
	uint64_t	 ignored, caught, bit = UINT64_C(1) << (signo - 1);

	tg->pid = t->tgid;
	tg->tid = t->tid;
	tg->tracer = tr;
	/*
	 * Read once, and again after an exec, which a tracer sees: a prctl()
	 * rename of the leader thread is missed, a file read per signal is
	 * not (make bench, tracing).
	 */
	if (!t->named)
		t->named = proc_comm(t->tgid, t->comm, sizeof t->comm);
	memcpy(tg->comm, t->comm, sizeof tg->comm);
	tg->disposition = DISP_DEFAULT;
	if (dispositions(tr, t, signo, &ignored, &caught))
		tg->disposition = caught & bit ? DISP_CAUGHT :
		    ignored & bit ? DISP_IGNORED : DISP_DEFAULT;
	tg->action = tg->disposition == DISP_CAUGHT ? ACTION_HANDLER :
	    tg->disposition == DISP_IGNORED ? ACTION_DISCARD :
	    sig_default_action(signo);
}

/*
 * A signal-delivery-stop: let it be delivered, and report it. What is
 * read of the tracee is read while it is stopped (its handler may
 * change its dispositions, SA_RESETHAND does at delivery); the report
 * is made once it runs again, so that the two go on side by side
 * rather than the tracee waiting for it (make bench, tracing).
 *
 * While the reader is behind, the tracee stays in its stop, its signal
 * not yet taken, until trace_release(): a traced flood waits for the
 * reader, as sigwatch's own signals wait in the kernel's queue, rather
 * than the output buffer growing with it. Each tracee adds one line at
 * most meanwhile.
 */
static void
delivered(struct trace *tr, struct tracee *t, int sig)
{
	struct signalfd_siginfo	 rec;
	struct target		 tg;
	siginfo_t		 si;
	bool			 hold;

	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == -1) {
		if (errno != ESRCH)
			warn("ptrace(GETSIGINFO, %ld)", (long)t->tid);
		resume(PTRACE_CONT, t->tid, sig);
		return;
	}
	target_of(tr, t, sig, &tg);
	siginfo_record(&si, &rec);
	/* While it is stopped: it cannot reap the child its SIGCHLD names. */
	tg.sender_nspid = nsview_translate(&t->ns, t->tgid, &rec);
	if (!(hold = tr->behind != NULL && tr->behind(tr->arg)))
		resume(PTRACE_CONT, t->tid, sig);
	tr->report(tr->arg, &rec, &tg);
	if (hold) {
		/* Left waiting by reap_next(): taken, or found again and again. */
		memset(&si, 0, sizeof si);
		waitid(P_PID, (id_t)t->tid, &si, WSTOPPED | WNOHANG | __WALL);
		t->paused = true;
		t->paused_sig = sig;
		tr->npaused++;
	}
}

/* The reader has caught up: the tracees held for it take their signals. */
void
trace_release(struct trace *tr)
{
	size_t	 i;

	for (i = 0; tr->npaused > 0 && i < tr->n; i++)
		if (tr->t[i].paused) {
			tr->t[i].paused = false;
			tr->npaused--;
			resume(PTRACE_CONT, tr->t[i].tid, tr->t[i].paused_sig);
		}
}

/* fork, vfork, clone: a new tracee, reported if it is a new process. */
static bool
cloned(struct trace *tr, struct tracee *t, struct child_event *ev)
{
	unsigned long	 msg;
	struct tracee	*n;
	pid_t		 parent = t->tgid;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &msg) == -1)
		msg = 0;
	resume(PTRACE_CONT, t->tid, 0);
	if (msg == 0 || (!tr->follow && proc_tgid((pid_t)msg) != parent))
		return false;
	n = add(tr, (pid_t)msg);
	if (n->tgid != n->tid || n->announced)
		return false;
	n->announced = true;
	ev->pid = n->tid;
	ev->state = CHILD_FORKED;
	ev->code = parent;
	proc_comm(n->tid, ev->comm, sizeof ev->comm);
	return true;
}

/* exec: the program changed; a thread that exec'd took the leader's tid. */
static bool
execed(struct trace *tr, struct tracee *t, struct child_event *ev)
{
	unsigned long	 former;

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0, &former) == 0 &&
	    (pid_t)former != t->tid)
		drop(tr, (pid_t)former);
	/* Every thread of it is gone but this one, now its leader. */
	if ((t = find(tr, ev->pid)) != NULL) {
		t->named = false;
		/*
		 * Looked at again: a program's setup (unshare(2), setns(2))
		 * may have changed its user namespace. Its PID namespace it
		 * keeps for life.
		 */
		t->ns.read = false;
	}
	resume(PTRACE_CONT, ev->pid, 0);
	/* The command's own first exec is its start, reported as such. */
	if (ev->pid == tr->command && !tr->command_execed) {
		tr->command_execed = true;
		return false;
	}
	ev->state = CHILD_EXEC;
	ev->code = 0;
	proc_comm(ev->pid, ev->comm, sizeof ev->comm);
	return t != NULL;
}

/*
 * A new process's first stop, come before its parent's fork event, as
 * the kernel may order them: it is reported forked now, before anything
 * it does (an exec above all) and not again at that event. Its name is
 * read before it runs on, and the parent is its parent in /proc.
 */
static bool
born(struct tracee *t, struct child_event *ev)
{
	struct proc_stat	 st;

	if (t->announced || t->tid != t->tgid || !proc_stat(t->tid, &st))
		return false;
	t->announced = true;
	ev->pid = t->tid;
	ev->state = CHILD_FORKED;
	ev->code = st.ppid;
	proc_comm(t->tid, ev->comm, sizeof ev->comm);
	return true;
}

/*
 * PTRACE_EVENT_STOP: a new tracee's attach stop, a group-stop, or the
 * end of one (SIGCONT while listening). A process's stop and continue
 * are reported once, by its leader.
 */
static bool
event_stop(struct tracee *t, int sig, struct child_event *ev)
{
	bool	 stopping = sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	    sig == SIGTTOU, news;

	if (t->fresh) {
		t->fresh = false;
		news = born(t, ev);
		resume(PTRACE_CONT, t->tid, 0);
		return news;
	}
	if (stopping) {
		t->stopped = true;
		resume(PTRACE_LISTEN, t->tid, 0);
		ev->state = CHILD_STOPPED;
		ev->code = sig;
	} else {
		resume(PTRACE_CONT, t->tid, 0);
		if (!t->stopped)
			return false;
		t->stopped = false;
		ev->state = CHILD_CONTINUED;
	}
	proc_comm(t->tgid, ev->comm, sizeof ev->comm);
	return t->tid == t->tgid;
}

/*
 * --no-follow: tid is a new process's, auto-attached by its clone(),
 * not a new thread of a traced one. Its first stop can come before its
 * parent's clone event, so it is told by its thread group.
 */
static bool
unfollowed(struct trace *tr, pid_t tid)
{
	pid_t	 tgid;
	size_t	 i;

	if (find(tr, tid) != NULL)
		return false;
	if ((tgid = proc_tgid(tid)) <= 0)
		return true;
	for (i = 0; i < tr->n; i++)
		if (tr->t[i].tgid == tgid)
			return false;
	return true;
}

/*
 * A trapped tracee (ev->state CHILD_TRAPPED, ev->code the waitid
 * status): handled and resumed. True when ev now holds a change of the
 * tree to report: a process forked, exec'd, stopped or continued.
 */
static bool
trace_stop(struct trace *tr, struct child_event *ev)
{
	struct tracee	*t;
	int		 sig = ev->code & 0xff, event = ev->code >> 8;

	if (!tr->follow && unfollowed(tr, ev->pid)) {
		ptrace(PTRACE_DETACH, ev->pid, 0,
		    (void *)(long)(event == 0 ? sig : 0));
		return false;
	}
	t = add(tr, ev->pid);
	switch (event) {
	case 0:
		delivered(tr, t, sig);
		return false;
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
	case PTRACE_EVENT_CLONE:
		return cloned(tr, t, ev);
	case PTRACE_EVENT_EXEC:
		return execed(tr, t, ev);
	case PTRACE_EVENT_STOP:
		return event_stop(t, sig, ev);
	default:
		resume(PTRACE_CONT, t->tid, 0);
		return false;
	}
}

/*
 * A tracee has ended: true when that is the end of a process (its
 * leader; the other threads end with it) rather than of one thread.
 */
static bool
trace_ended(struct trace *tr, const struct child_event *ev)
{
	struct tracee	*t = find(tr, ev->pid);
	bool		 leader = t == NULL || t->tid == t->tgid;
	struct ended_name *e;

	if (t != NULL && leader) {
		e = &tr->ended[tr->nended++ % TRACE_ENDED];
		e->pid = t->tgid;
		snprintf(e->comm, sizeof e->comm, "%s", t->named ? t->comm :
		    ev->comm);
	}
	drop(tr, ev->pid);
	return leader;
}

/*
 * The name of process pid if it is traced, or was until lately; NULL if
 * not known. Its signals, the SIGCHLD of its end above all, are often
 * reported once it is gone from /proc.
 */
const char *
trace_comm_of(const struct trace *tr, pid_t pid)
{
	unsigned	 i;

	for (i = 0; i < tr->n; i++)
		if (tr->t[i].tid == pid && tr->t[i].named)
			return tr->t[i].comm;
	for (i = 0; i < TRACE_ENDED; i++)
		if (tr->ended[i].pid == pid && tr->ended[i].comm[0] != '\0')
			return tr->ended[i].comm;
	return NULL;
}

/*
 * A state change that reaping found, while tracing: false when it is
 * not one to report (a ptrace stop handled here, or a thread ending
 * without its process). ev->traced says whether it is a traced
 * process's; a stop may have made ev a fork, an exec, a stop or a
 * continue, of another pid.
 */
bool
trace_reaped(struct trace *tr, struct child_event *ev)
{
	if (ev->state == CHILD_TRAPPED)
		return ev->traced = trace_stop(tr, ev);
	ev->traced = find(tr, ev->pid) != NULL;
	return !ev->traced || trace_ended(tr, ev);
}

/*
 * One tracee of those being let go, if it has stopped: detached from
 * its stop, with the signal it was about to take if any. A fork it was
 * reporting makes another tracee to let go. False while it has neither
 * stopped nor ended.
 */
static bool
let_go(struct trace *tr, size_t i)
{
	unsigned long	 msg;
	siginfo_t	 si;
	pid_t		 tid = tr->t[i].tid;
	int		 event, sig = 0;

	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)tid, &si, WSTOPPED | WEXITED | WNOHANG |
	    __WALL) == -1 || (si.si_pid != 0 && si.si_code != CLD_TRAPPED))
		return tr->t[i].settled = true;
	if (si.si_pid == 0)
		return false;
	event = si.si_status >> 8;
	if (event == 0)
		sig = si.si_status & 0xff;
	else if ((event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE) &&
	    ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0 && msg != 0)
		add(tr, (pid_t)msg);
	ptrace(PTRACE_DETACH, tid, 0, (void *)(long)sig);
	/* add() may have moved the table. */
	tr->t[i].held = tr->t[i].settled = true;
	tr->t[i].handed_back = sig;
	return true;
}

/*
 * Let go of every tracee as it stops, in whatever order they stop, until
 * by: a vfork() parent stops only once its child, itself waiting to be
 * let go from its first stop, has exec'd or ended. A tracee stops at
 * PTRACE_INTERRUPT at once unless it is in an uninterruptible wait (a
 * disk, the freezer), which must not hold sigwatch's exit for ever.
 */
static void
let_all_go(struct trace *tr, const struct timespec *by)
{
	struct timespec	 left;
	sigset_t	 chld;
	size_t		 i, waiting;
	bool		 moved;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		moved = false;
		waiting = 0;
		/* let_go() may add to the table as it goes. */
		for (i = 0; i < tr->n; i++) {
			if (tr->t[i].settled)
				continue;
			if (let_go(tr, i))
				moved = true;
			else
				waiting++;
		}
		if (waiting == 0)
			return;
		if (moved)
			continue;
		left = time_until(by);
		if (left.tv_sec == 0 && left.tv_nsec == 0)
			break;
		/* SIGCHLD is blocked, read from a signalfd until now. */
		if (sigtimedwait(&chld, NULL, &left) == -1 && errno == EAGAIN)
			break;
	}
	for (i = 0; i < tr->n; i++)
		if (!tr->t[i].settled)
			warnx("process %ld did not stop to be let go within %d s: "
			    "as sigwatch exits, the kernel %s", (long)tr->t[i].tid,
			    LET_GO_SECONDS, tr->command != 0 ?
			    "kills it (PTRACE_O_EXITKILL)" : "lets it go");
}

/* One detach event for each process let go, leader or not. */
static void
announce_detached(struct trace *tr)
{
	struct trace_event	 ev;
	size_t			 i, j;

	for (i = 0; i < tr->n; i++) {
		for (j = 0; j < i && tr->t[j].tgid != tr->t[i].tgid; j++)
			;
		if (j < i || !tr->t[i].held)
			continue;
		ev = (struct trace_event){ .pid = tr->t[i].tgid };
		for (j = i; j < tr->n; j++) {
			if (tr->t[j].tgid != ev.pid || !tr->t[j].held)
				continue;
			ev.threads++;
			if (tr->t[j].handed_back != 0 &&
			    ev.nreinjected < REINJECTED_MAX)
				ev.reinjected[ev.nreinjected++] =
				    tr->t[j].handed_back;
		}
		proc_comm(ev.pid, ev.comm, sizeof ev.comm);
		if (tr->announce != NULL)
			tr->announce(tr->arg, &ev);
	}
}

/*
 * sigwatch is done while traced processes live on (the command left
 * them running): let go of each, so that it runs on as if never traced,
 * rather than let PTRACE_O_EXITKILL kill it. Each is interrupted and
 * detached from whatever stop it reports first; a child it was forking
 * is auto-attached already, and is let go from its first stop.
 */
void
trace_finish(struct trace *tr)
{
	static const struct timespec	 wait = { LET_GO_SECONDS, 0 };
	struct timespec			 by = deadline_in(&wait);
	size_t				 i;

	/* Held for the reader: they take their signals, and stop again. */
	trace_release(tr);
	for (i = 0; i < tr->n; i++)
		if (!tr->t[i].fresh)
			ptrace(PTRACE_INTERRUPT, tr->t[i].tid, 0, 0);
	let_all_go(tr, &by);
	announce_detached(tr);
	for (i = 0; i < tr->n; i++)
		disp_files_close(&tr->t[i].disp);
	free(tr->t);
	tr->t = NULL;
	tr->n = tr->cap = 0;
}
