/* SPDX-License-Identifier: ISC */
/*
 * Reaping: each state change of a child, once. SIGCHLD coalesces, so
 * every wake-up collects all there is. A child's command name is read
 * while it is still a zombie, before it is reaped.
 */
#include <err.h>
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sigwatch.h"

/* waitid()'s si_code as a state. */
static const enum child_state from_code[] = {
	[CLD_EXITED]	= CHILD_EXITED,
	[CLD_KILLED]	= CHILD_KILLED,
	[CLD_DUMPED]	= CHILD_DUMPED,
	[CLD_TRAPPED]	= CHILD_TRAPPED,
	[CLD_STOPPED]	= CHILD_STOPPED,
	[CLD_CONTINUED]	= CHILD_CONTINUED,
};

/*
 * Each state's name and what it says of the child: whether its code is
 * a signal, and whether the child is gone.
 */
static const struct {
	const char	*name;
	bool		 has_signal;
	bool		 is_end;
} states[] = {
	[CHILD_STARTED]		= { "started" },
	[CHILD_EXITED]		= { "exited", .is_end = true },
	[CHILD_KILLED]		= { "killed", .has_signal = true, .is_end = true },
	[CHILD_DUMPED]		= { "dumped", .has_signal = true, .is_end = true },
	[CHILD_STOPPED]		= { "stopped", .has_signal = true },
	[CHILD_CONTINUED]	= { "continued" },
	[CHILD_FORKED]		= { "forked" },
	[CHILD_EXEC]		= { "exec" },
	[CHILD_FAILED]		= { "failed", .is_end = true },
	[CHILD_TRAPPED]		= { "trapped" },
};

const char *
child_state_name(enum child_state state)
{
	return states[state].name;
}

bool
child_state_has_signal(enum child_state state)
{
	return states[state].has_signal;
}

bool
child_state_is_end(enum child_state state)
{
	return states[state].is_end;
}

/* What waitid() said, as an event: 1, or 0 for nothing to report. */
static int
state_of(const siginfo_t *si, struct child_event *ev)
{
	if (si->si_code <= 0 || si->si_code > CLD_CONTINUED)
		return 0;
	ev->state = from_code[si->si_code];
	ev->code = si->si_status;
	return 1;
}

struct search {
	pid_t		 skip;
	siginfo_t	*si;
	int		 flags;
	pid_t		 found;		/* -1 until another child is seen */
};

/* Whether to look further: child has no state change waiting. */
static bool
look(pid_t child, void *arg)
{
	struct search	*s = arg;

	if (child == s->skip)
		return true;
	s->found = 0;
	memset(s->si, 0, sizeof *s->si);
	if (waitid(P_PID, (id_t)child, s->si, s->flags | WNOWAIT) == 0 &&
	    s->si->si_pid != 0)
		s->found = s->si->si_pid;
	return s->found == 0;
}

/*
 * A child other than skip with a state change waiting, found through
 * /proc since waitid(P_ALL) would find skip's zombie first every time:
 * its pid and si filled (not yet consumed), 0 when none is waiting, -1
 * when skip is the only child left.
 */
static pid_t
waiting_except(pid_t skip, siginfo_t *si, int flags, const struct trace *tr)
{
	struct search	 s = { .skip = skip, .si = si, .flags = flags,
	    .found = -1 };
	size_t		 i;

	if (!proc_children(look, &s))
		return 0;
	/* Tracees that are not sigwatch's children wait on it too. */
	for (i = 0; tr != NULL && s.found <= 0 && i < tr->n; i++)
		look(tr->t[i].tid, &s);
	return s.found;
}

/*
 * The next state change of any child or tracee: 1 and *ev filled, 0
 * when none is waiting, -1 when sigwatch has no children left. skip is
 * a zombie kept on purpose and already reported (0: none); keep is a
 * child that, once it has ended, is reported but left a zombie (0:
 * none). A tracer must not wait with WCONTINUED: it would take a
 * grandchild's "continued" from its real parent (kernel/exit.c says
 * so); under tr, stops and continues come as ptrace stops instead.
 */
int
reap_next(struct child_event *ev, pid_t skip, pid_t keep,
    const struct trace *tr)
{
	siginfo_t	 si;
	int		 flags = WEXITED | WSTOPPED | WNOHANG |
			    (tr == NULL ? WCONTINUED : 0);

	memset(&si, 0, sizeof si);
	if (waitid(P_ALL, 0, &si, flags | WNOWAIT) == -1) {
		if (errno == ECHILD)
			return -1;
		err(EXIT_TROUBLE, "waitid");
	}
	if (si.si_pid != 0 && si.si_pid == skip &&
	    (si.si_pid = waiting_except(skip, &si, flags, tr)) == -1)
		return -1;
	if (si.si_pid == 0)
		return 0;
	ev->pid = si.si_pid;
	ev->comm[0] = '\0';
	if (si.si_code != CLD_TRAPPED)
		proc_comm(si.si_pid, ev->comm, sizeof ev->comm);
	if (si.si_pid == keep && (si.si_code == CLD_EXITED ||
	    si.si_code == CLD_KILLED || si.si_code == CLD_DUMPED))
		return state_of(&si, ev);
	/*
	 * A signal-delivery-stop is left as it is: the PTRACE_CONT that
	 * trace.c answers it with at once ends it as a consuming wait
	 * would, one waitid() less on every traced signal (make bench,
	 * tracing). trace.c consumes the one it holds for the reader. An
	 * event stop is consumed: after a thread's exec the kernel refuses
	 * ptrace() to a tracer that has not waited for it.
	 */
	if (tr != NULL && si.si_code == CLD_TRAPPED && si.si_status >> 8 == 0)
		return state_of(&si, ev);
	/* Now collect it for real: reaps the dead, consumes stops. */
	memset(&si, 0, sizeof si);
	if (waitid(P_PID, (id_t)ev->pid, &si, flags) == -1)
		err(EXIT_TROUBLE, "waitid");
	return state_of(&si, ev);
}

/* The status a shell would show for a child that ended this way. */
int
child_exit_status(const struct child_event *ev)
{
	if (ev->state == CHILD_EXITED)
		return ev->code;
	return 128 + ev->code;
}

/*
 * Watching only, sigwatch may still have children: those of a program
 * that exec'd it. Their SIGCHLD is reported; they must not linger as
 * zombies until sigwatch exits.
 */
void
reap_zombies(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}
