/* SPDX-License-Identifier: ISC */
/*
 * Wrapper mode (sigwatch -- COMMAND): start the command, or say why it
 * cannot run and with which status; end it if sigwatch exits first; let
 * it go once the run is over. The rest of wrapper mode is in forward.c
 * (signals for the command), wrap_reap.c (its state changes, and when
 * the run is over), ending.c (limits and --kill-group) and orphans.c.
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

/* A state change of the command or of an adopted orphan, reported. */
void
wrap_emit(struct wrap *wr, struct child_event *ev)
{
	clock_stamp(&ev->time, &ev->mono);
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

	clock_stamp(&ev->time, &ev->mono);
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
 * writes its "started" line meanwhile, so it still comes first, and
 * only once the seizing worked: a command that is not to run has not
 * started.
 */
static void
start_traced(struct wrap *wr, char **argv, const struct spawn *sp,
    struct child_event *ev)
{
	int	 gate;

	wr->child = child_fork(argv, sp, &gate);
	trace_start(wr->trace, wr->child);
	ev->pid = wr->child;
	wrap_emit(wr, ev);
	output_flush(wr->out);
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
	wrap_emit(wr, ev);
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
	wr->reap_all = wr->opts->subreaper || wr->opts->reap_orphans ||
	    wr->self == 1;
	if ((wr->opts->subreaper || wr->opts->reap_orphans) &&
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

