/*
 * --trace: the signals the command and every descendant receive, seen
 * as their ptrace tracer. sigwatch seizes them and resumes them only
 * with PTRACE_CONT or PTRACE_LISTEN, never PTRACE_SYSCALL: a system call
 * costs a traced program nothing, and only a signal's delivery stops it,
 * once, for as long as sigwatch takes to read it.
 *
 * The stops arrive as SIGCHLD (CLD_TRAPPED) on the loop's signalfd and
 * are collected by wrap.c's reaping; each is told apart by the event in
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
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "sigwatch.h"

#define SEIZE_OPTIONS	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |	\
	PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC)

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
	if ((t->tgid = proc_tgid(tid)) <= 0)
		t->tgid = tid;
	return t;
}

static void
drop(struct trace *tr, pid_t tid)
{
	struct tracee	*t = find(tr, tid);

	if (t != NULL)
		*t = tr->t[--tr->n];
}

/* Resume a stopped tracee; one that has just been killed is no error. */
static void
resume(enum __ptrace_request req, pid_t tid, int sig)
{
	if (ptrace(req, tid, 0, (void *)(long)sig) == -1 && errno != ESRCH)
		warn("ptrace(%s, %ld)", req == PTRACE_LISTEN ? "LISTEN" :
		    "CONT", (long)tid);
}

/* Start tracing pid, which waits for sigwatch before its exec. */
void
trace_start(struct trace *tr, pid_t pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0,
	    (void *)(long)(SEIZE_OPTIONS | PTRACE_O_EXITKILL)) == -1)
		err(EXIT_TROUBLE, "cannot trace the command: ptrace(PTRACE_SEIZE)");
	add(tr, pid)->fresh = false;
	tr->command = pid;
}

bool
trace_has(struct trace *tr, pid_t tid)
{
	return find(tr, tid) != NULL;
}

/* Who received signo, and what its dispositions make it do. */
static void
target_of(const struct tracee *t, int signo, struct target *tg)
{
	uint64_t	 ignored, caught, bit = UINT64_C(1) << (signo - 1);

	tg->pid = t->tgid;
	tg->tid = t->tid;
	proc_comm(t->tgid, tg->comm, sizeof tg->comm);
	tg->disposition = DISP_DEFAULT;
	if (proc_dispositions(t->tgid, &ignored, &caught))
		tg->disposition = caught & bit ? DISP_CAUGHT :
		    ignored & bit ? DISP_IGNORED : DISP_DEFAULT;
	tg->action = tg->disposition == DISP_CAUGHT ? ACTION_HANDLER :
	    tg->disposition == DISP_IGNORED ? ACTION_DISCARD :
	    sig_default_action(signo);
}

/* A signal-delivery-stop: report it, then let it be delivered. */
static void
delivered(struct trace *tr, struct tracee *t, int sig)
{
	struct signalfd_siginfo	 rec;
	struct target		 tg;
	siginfo_t		 si;

	if (ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) == -1) {
		if (errno != ESRCH)
			warn("ptrace(GETSIGINFO, %ld)", (long)t->tid);
		return;
	}
	siginfo_record(&si, &rec);
	target_of(t, sig, &tg);
	tr->report(tr->arg, &rec, &tg);
	resume(PTRACE_CONT, t->tid, sig);
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
	if (msg == 0 || !tr->follow)
		return false;
	n = add(tr, (pid_t)msg);
	if (n->tgid != n->tid)
		return false;
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
	t = find(tr, ev->pid);
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
 * PTRACE_EVENT_STOP: a new tracee's attach stop, a group-stop, or the
 * end of one (SIGCONT while listening). A process's stop and continue
 * are reported once, by its leader.
 */
static bool
event_stop(struct tracee *t, int sig, struct child_event *ev)
{
	bool	 stopping = sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
	    sig == SIGTTOU;

	if (t->fresh) {
		t->fresh = false;
		resume(PTRACE_CONT, t->tid, 0);
		return false;
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
 * A trapped tracee (ev->state CHILD_TRAPPED, ev->code the waitid
 * status): handled and resumed. True when ev now holds a change of the
 * tree to report: a process forked, exec'd, stopped or continued.
 */
bool
trace_stop(struct trace *tr, struct child_event *ev)
{
	struct tracee	*t = add(tr, ev->pid);
	int		 sig = ev->code & 0xff, event = ev->code >> 8;

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
bool
trace_ended(struct trace *tr, pid_t tid)
{
	struct tracee	*t = find(tr, tid);
	bool		 leader = t == NULL || t->tid == t->tgid;

	drop(tr, tid);
	return leader;
}

/*
 * One tracee of those being let go, stopped: detached from its stop,
 * with the signal it was about to take if any. A fork it was reporting
 * makes another tracee to let go. False when it had ended.
 */
static bool
let_go(struct trace *tr, pid_t tid)
{
	unsigned long	 msg;
	siginfo_t	 si;
	int		 event, sig = 0;

	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)tid, &si, WSTOPPED | WEXITED | __WALL) == -1 ||
	    si.si_code != CLD_TRAPPED)
		return false;
	event = si.si_status >> 8;
	if (event == 0)
		sig = si.si_status & 0xff;
	else if ((event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE) &&
	    ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg) == 0 && msg != 0)
		add(tr, (pid_t)msg);
	ptrace(PTRACE_DETACH, tid, 0, (void *)(long)sig);
	return true;
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
	size_t	 i;

	for (i = 0; i < tr->n; i++)
		if (!tr->t[i].fresh)
			ptrace(PTRACE_INTERRUPT, tr->t[i].tid, 0, 0);
	/* let_go() may add to the table as it goes. */
	for (i = 0; i < tr->n; i++)
		let_go(tr, tr->t[i].tid);
	free(tr->t);
	tr->t = NULL;
	tr->n = tr->cap = 0;
}
