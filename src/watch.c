/* SPDX-License-Identifier: ISC */
/*
 * The event loop: read the watched signals from signalfds, print each,
 * forward them in wrapper mode, and stop when the command ends or when
 * --count, --exit-on, --timeout or a double Ctrl-C says so.
 *
 * The loop is fair: each turn reads at most one batch from each source,
 * then forwards, reaps and checks the deadlines, so a flood can delay
 * none of them by more than a batch. Nothing in it waits for the
 * output: while the output buffer or the forwarding backlog is full the
 * signal sources are simply not polled, and the kernel keeps the
 * signals queued (backpressure). poll has no timeout while idle unless
 * a deadline is running: no periodic wake-ups.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/* Real-time records per read(2): 32 KiB, a multiple of the record size. */
#define BATCH		256
/* Standard signals pending at once: one per signal, process and thread. */
#define STD_BATCH	64
/* Seconds the command has to end when sigwatch fails, by default. */
#define FAILURE_GRACE	3

/*
 * What the loop polls. The real-time signals have a signalfd of their
 * own, so that a flood of them that a slow reader or (wrapping) the
 * command cannot take yet never holds back a SIGTERM or a Ctrl-C.
 * Wrapping, so does SIGCHLD, read even under backpressure so that the
 * command's end is always seen on time.
 */
enum source {
	SRC_SIGNALS,
	SRC_REALTIME,
	SRC_CHILDREN,
	SRC_OUTPUT,
	NSOURCES
};

/* Where the run is. Each phase only ever moves to a later one. */
enum phase {
	PHASE_RUNNING,		/* no limit has been reached */
	PHASE_TERM_DUE,		/* a limit: SIGTERM once the batch is forwarded */
	PHASE_STOPPING,		/* SIGTERM sent; SIGKILL at the deadline, if any */
	PHASE_DRAINING,		/* the status is known: write out, then exit */
};

struct watcher {
	const struct watch_opts	*opts;
	struct formatter	 fmt;
	struct output		*out;
	struct pollfd		 pfd[NSOURCES];
	int			 sfd[NSOURCES];	/* the signalfds; -1 if none */
	struct signalfd_siginfo	*buf;		/* BATCH records */
	long			 clk_tck;
	unsigned long long	 seen;
	bool			 tty_quit;	/* Ctrl-C twice quits */
	bool			 had_int;
	struct timespec		 int_deadline;	/* a second after the last */

	struct wrap		*wrap;		/* NULL unless wrapping */
	struct trace		*trace;		/* --attach; NULL unless */
	enum phase		 phase;
	int			 status;	/* the exit status, once known */
	int			 limit_status;	/* what a limit asked for */
	bool			 saw_chld;	/* SIGCHLD in this turn */
	bool			 timed;		/* a deadline is running */
	struct timespec		 deadline;	/* CLOCK_MONOTONIC */
	bool			 quit;		/* Ctrl-C twice: bounded last flush */
};

static void
set_deadline(struct watcher *w, const struct timespec *after)
{
	w->deadline = deadline_in(after);
	w->timed = true;
}

static bool
due(const struct timespec *t, const struct timespec *now)
{
	return t->tv_sec < now->tv_sec ||
	    (t->tv_sec == now->tv_sec && t->tv_nsec <= now->tv_nsec);
}

static bool
is_zero(const struct timespec *t)
{
	return t->tv_sec == 0 && t->tv_nsec == 0;
}

/* A second SIGINT within a second of the first, at a terminal. */
static bool
double_interrupt(struct watcher *w, int signo)
{
	static const struct timespec	 second = { 1, 0 };
	struct timespec			 left;
	bool				 quit;

	if (!w->tty_quit || signo != SIGINT)
		return false;
	left = time_until(&w->int_deadline);
	quit = w->had_int && !is_zero(&left);
	w->had_int = true;
	w->int_deadline = deadline_in(&second);
	return quit;
}

/* The run ends with status once what is held has been written. */
static void
finish(struct watcher *w, int status)
{
	w->phase = PHASE_DRAINING;
	w->status = status;
}

/*
 * --count, --exit-on or --timeout was reached. Watching, that is the
 * end; wrapping, the command is asked to end (SIGTERM, then SIGKILL
 * after --kill-after) and sigwatch exits with status once it has.
 * Only the first limit counts.
 */
static void
reach_limit(struct watcher *w, int status)
{
	if (w->wrap == NULL)
		finish(w, status);
	else if (w->phase == PHASE_RUNNING) {
		w->limit_status = status;
		w->phase = PHASE_TERM_DUE;
		w->timed = false;
	}
}

/* After the batch is forwarded: the command was asked to end. */
static void
stop_command(struct watcher *w)
{
	const struct timespec	*ka = &w->opts->kill_after;

	wrap_signal(w->wrap, SIGTERM);
	w->phase = PHASE_STOPPING;
	if (!is_zero(ka))
		set_deadline(w, ka);
}

/*
 * Whether a signal is one to report: sigwatch's own, or a traced
 * process's (ev->target set).
 */
static bool
reported(const struct watcher *w, const struct event *ev)
{
	const struct watch_opts	*o = w->opts;

	if (sigismember(&o->set, ev->signo) != 1)
		return false;
	/*
	 * sigwatch's own SIGCHLD: the child events say it better, unless
	 * CHLD was asked for. A traced process's is a signal it receives
	 * like any other, and under --attach the only word of the end of
	 * a child it had before.
	 */
	return ev->target != NULL || (w->wrap == NULL && w->trace == NULL) ||
	    ev->signo != SIGCHLD || o->chld_named;
}

/*
 * An event that is to be reported: printed, counted, and checked
 * against the limits. Watching, one that ends the run ends the batch
 * too.
 */
static void
report(struct watcher *w, struct event *ev)
{
	const struct watch_opts	*o = w->opts;

	if (o->resolve)
		resolve(ev);
	w->fmt.signal(&w->fmt, w->out, ev);
	if (o->summary)
		summary_add(ev);
	w->seen++;
	if (double_interrupt(w, ev->signo)) {
		w->quit = true;
		finish(w, EXIT_INTERRUPT);
	} else if (sigismember(&o->exit_on, ev->signo) == 1 ||
	    (o->count != 0 && w->seen == o->count))
		reach_limit(w, EXIT_SUCCESS);
}

/*
 * One record, decoded once: reported if watched, and handed to the
 * forwarding backlog.
 */
static void
handle(struct watcher *w, const struct signalfd_siginfo *si,
    const struct timespec *real, const struct timespec *mono)
{
	struct event	 ev;

	decode(si, w->clk_tck, &ev);
	ev.time = *real;
	ev.mono = *mono;
	w->saw_chld |= ev.signo == SIGCHLD;
	if (w->wrap != NULL)
		wrap_enqueue(w->wrap, &ev);
	if (reported(w, &ev))
		report(w, &ev);
}

/*
 * --trace: a signal delivered to a traced process, on the same path as
 * sigwatch's own but for forwarding: the receiver has it already.
 */
static void
traced(void *arg, const struct signalfd_siginfo *si, const struct target *t)
{
	struct watcher	*w = arg;
	struct event	 ev;

	if (w->phase == PHASE_DRAINING)
		return;
	decode(si, w->clk_tck, &ev);
	clock_stamp(&ev.time, &ev.mono);
	ev.target = t;
	ev.fields |= F_TARGET;
	if (t->sender_nspid != 0) {
		ev.ns_pid = (uint32_t)t->sender_nspid;
		ev.fields |= F_NS_PID;
	}
	if (reported(w, &ev))
		report(w, &ev);
}

/* --trace, --attach: sigwatch took hold of a process, or let it go. */
static void
announce(void *arg, struct trace_event *ev)
{
	struct watcher	*w = arg;

	clock_stamp(&ev->time, &ev->mono);
	w->fmt.tracer(&w->fmt, w->out, ev);
}

/*
 * The reader is behind: a traced signal's line would grow the buffer.
 * Not once a limit has asked the command to end: it must be free to.
 */
static bool
behind(void *arg)
{
	const struct watcher	*w = arg;

	return w->phase == PHASE_RUNNING && output_room(w->out, false) == 0;
}

static struct trace *
new_trace(struct watcher *w)
{
	struct trace	*tr;

	if ((tr = calloc(1, sizeof *tr)) == NULL)
		err(EXIT_TROUBLE, "calloc");
	tr->follow = !w->opts->no_follow;
	tr->report = traced;
	tr->announce = announce;
	tr->behind = behind;
	tr->arg = w;
	return tr;
}

/* The processes traced, by --attach or by --trace; NULL: none. */
static struct trace *
tracing(const struct watcher *w)
{
	return w->wrap != NULL ? w->wrap->trace : w->trace;
}

/*
 * --attach: what the traced processes did; over once none is left.
 * sigwatch's own children, of a program that exec'd it, are reaped
 * and not reported, as when watching.
 */
static void
reap_attached(struct watcher *w)
{
	struct child_event	 ev;
	int			 r;

	while ((r = reap_next(&ev, 0, 0, w->trace)) == 1) {
		ev.main = false;
		if (!trace_reaped(w->trace, &ev) || !ev.traced)
			continue;
		clock_stamp(&ev.time, &ev.mono);
		w->fmt.child(&w->fmt, w->out, &ev);
	}
	if (r == -1 || w->trace->n == 0)
		finish(w, EXIT_SUCCESS);
}

/* One read from a signalfd, of at most max records. */
static void
read_batch(struct watcher *w, enum source src, size_t max)
{
	struct timespec	 real, mono;
	ssize_t		 n;
	size_t		 i;

	do
		n = read(w->sfd[src], w->buf, max * sizeof w->buf[0]);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return;
	if (n == -1)
		err(EXIT_TROUBLE, "read from signalfd");
	clock_stamp(&real, &mono);
	for (i = 0; i < (size_t)n / sizeof w->buf[0]; i++) {
		if (w->phase == PHASE_DRAINING)
			break;
		handle(w, &w->buf[i], &real, &mono);
	}
}

/* How many records a source may read now: 0 under backpressure. */
static size_t
room(const struct watcher *w, enum source src)
{
	size_t	 max = src == SRC_SIGNALS && w->wrap != NULL ? STD_BATCH : BATCH;
	size_t	 out;

	if (w->sfd[src] == -1 || w->phase == PHASE_DRAINING)
		return 0;
	/* SIGCHLD must be read whatever else is held up. */
	if (src == SRC_CHILDREN)
		return STD_BATCH;
	/* Real-time signals leave the standard ones room in the backlog. */
	if (w->wrap != NULL && !wrap_room(w->wrap,
	    src == SRC_REALTIME ? BATCH + STD_BATCH : STD_BATCH))
		return 0;
	/*
	 * And room in the buffer: a slow reader holds back a flood of them,
	 * not the SIGTERM that comes after it.
	 */
	out = output_room(w->out, src == SRC_REALTIME);
	return out < max ? out : max;
}

static void
arm(struct watcher *w)
{
	int	 s;

	for (s = 0; s < SRC_OUTPUT; s++) {
		w->pfd[s].fd = room(w, s) > 0 ? w->sfd[s] : -1;
		w->pfd[s].events = POLLIN;
	}
	w->pfd[SRC_OUTPUT].fd = output_poll_fd(w->out,
	    &w->pfd[SRC_OUTPUT].events);
}

/* The earliest of the deadline and the forwarding retry; NULL: none. */
static const struct timespec *
next_wakeup(const struct watcher *w)
{
	const struct timespec	*t = w->timed ? &w->deadline : NULL;
	const struct timespec	*r;

	if (w->wrap != NULL && (r = wrap_retry_at(w->wrap)) != NULL &&
	    (t == NULL || due(r, t)))
		t = r;
	return t;
}

/* The deadline passed: --timeout, or --kill-after after the SIGTERM. */
static void
expired(struct watcher *w)
{
	w->timed = false;
	if (w->phase == PHASE_STOPPING)
		wrap_signal(w->wrap, SIGKILL);
	else
		reach_limit(w, EXIT_TIMEOUT);
}

/* Collect what the children did; wrapping, see whether it is over. */
static void
reap(struct watcher *w)
{
	int	 status;

	if (!w->saw_chld && (w->wrap == NULL || !wrap_lingering(w->wrap)))
		return;
	w->saw_chld = false;
	if (w->trace != NULL && w->wrap == NULL)
		reap_attached(w);
	else if (w->wrap == NULL)
		reap_zombies();
	else if (wrap_reap(w->wrap, &status))
		finish(w, w->phase == PHASE_RUNNING ?
		    code_map_of(&w->opts->exit_map, status) :
		    w->limit_status);
}

/*
 * The reader of a pipe or a socket has gone while nothing was being
 * written: end now, as a write would have, through exit() so that the
 * pid file is removed and the command ended (wrap.c) as for any other
 * output error.
 */
static void
check_reader(const struct watcher *w)
{
	if (output_gone(w->out, w->pfd[SRC_OUTPUT].revents))
		exit(EXIT_BROKEN_PIPE);
}

/* One turn of the loop. */
static void
turn(struct watcher *w)
{
	const struct timespec	*wake;
	struct timespec		 left, now;
	struct trace		*tr;
	size_t			 max;
	int			 s, n;

	arm(w);
	if ((wake = next_wakeup(w)) != NULL)
		left = time_until(wake);
	n = ppoll(w->pfd, NSOURCES, wake != NULL ? &left : NULL, NULL);
	if (n == -1 && errno != EINTR)
		err(EXIT_TROUBLE, "poll");
	if (n > 0 && w->pfd[SRC_OUTPUT].revents != 0) {
		output_push(w->out);
		check_reader(w);
	}
	/* The room is counted again: the sources before may have used it. */
	for (s = 0; n > 0 && s < SRC_OUTPUT; s++)
		if (w->pfd[s].fd != -1 && w->pfd[s].revents != 0 &&
		    (max = room(w, s)) > 0)
			read_batch(w, s, max);
	/* What the command does about a signal shows below its line. */
	output_push(w->out);
	if (w->wrap != NULL)
		wrap_forward(w->wrap);
	reap(w);
	now = clock_now(CLOCK_MONOTONIC);
	if (w->timed && due(&w->deadline, &now) && w->phase != PHASE_DRAINING)
		expired(w);
	/* After the batch was forwarded: it may hold a last word for it. */
	if (w->phase == PHASE_TERM_DUE)
		stop_command(w);
	/* This turn's child and undelivered events wait for no wake-up. */
	output_push(w->out);
	if ((tr = tracing(w)) != NULL && tr->npaused > 0 && !behind(w))
		trace_release(tr);
}

static int
loop(struct watcher *w)
{
	struct trace	*tr;

	while (w->phase != PHASE_DRAINING)
		turn(w);
	/* What is left for a command that has ended, reported as such. */
	if (w->wrap != NULL)
		wrap_forward(w->wrap);
	/*
	 * The traced processes that live on are let go now, not once the
	 * reader has taken the last lines: a reader that is behind must not
	 * hold them in their next stop.
	 */
	if ((tr = tracing(w)) != NULL)
		trace_finish(tr);
	/* After a double Ctrl-C, the rest waits for quit_drain(). */
	if (!w->quit)
		output_flush(w->out);
	return w->status;
}

/*
 * After a double Ctrl-C: what the reader takes within a second, the
 * summary included, and no more.
 */
static void
quit_drain(struct output *out)
{
	static const struct timespec	 grace = { 1, 0 };
	struct timespec			 by = deadline_in(&grace);
	size_t				 lost;

	if ((lost = output_drain(out, &by)) > 0)
		warnx("output not taken: %zu event%s not written", lost,
		    lost == 1 ? "" : "s");
}

static void
start_note(const struct watcher *w)
{
	int	 n = sigspec_count(&w->opts->set);

	fprintf(stderr, "sigwatch: watching %d signal%s as pid %ld%s\n", n,
	    n == 1 ? "" : "s", (long)getpid(),
	    w->tty_quit ? "; press Ctrl-C twice within a second to quit" : "");
}

static int
open_signalfd(const sigset_t *set, bool any)
{
	int	 fd;

	if (!any)
		return -1;
	if ((fd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		err(EXIT_TROUBLE, "signalfd");
	return fd;
}

/*
 * Every signal is blocked on entry; inherited is the mask sigwatch was
 * started with. Watching, only the watched signals stay blocked, so the
 * others keep their default action; SIGPIPE and SIGXFSZ too, so that a
 * failed write of sigwatch's own is an error it reports, not its death.
 * Wrapping, all stay blocked: every catchable signal is forwarded, and
 * an unwatched one must not kill sigwatch and orphan the command.
 */
static void
open_signals(struct watcher *w, const sigset_t *inherited)
{
	const struct watch_opts	*opts = w->opts;
	sigset_t		 set[SRC_OUTPUT], mask = *inherited;
	/* glibc's sigisemptyset() misses the real-time signals. */
	bool			 any[SRC_OUTPUT] = { false };
	int			 s;
	enum source		 src;

	for (src = 0; src < SRC_OUTPUT; src++)
		sigemptyset(&set[src]);
	for (s = 1; s <= sig_max(); s++) {
		/* --attach hears of its tracees through SIGCHLD. */
		if (opts->argv != NULL ? !sig_catchable(s) :
		    sigismember(&opts->set, s) != 1 &&
		    !(s == SIGCHLD && opts->nattach > 0))
			continue;
		src = SRC_SIGNALS;
		if (s >= sig_min_rt())
			src = SRC_REALTIME;
		else if (opts->argv != NULL && s == SIGCHLD)
			src = SRC_CHILDREN;
		sigaddset(&set[src], s);
		sigaddset(&mask, s);
		any[src] = true;
	}
	sigaddset(&mask, SIGPIPE);
	sigaddset(&mask, SIGXFSZ);
	if (sigprocmask(SIG_SETMASK, &mask, NULL) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	for (src = 0; src < SRC_OUTPUT; src++)
		w->sfd[src] = open_signalfd(&set[src], any[src]);
	w->sfd[SRC_OUTPUT] = -1;
}

/* false when the command could not be run: the run is over then. */
static bool
start_command(struct watcher *w, struct spawn *sp)
{
	const struct watch_opts	*opts = w->opts;
	struct wrap		*wrap;

	if ((wrap = calloc(1, sizeof *wrap)) == NULL)
		err(EXIT_TROUBLE, "calloc");
	wrap->opts = opts;
	wrap->fmt = &w->fmt;
	wrap->out = w->out;
	wrap->grace = opts->kill_after;
	if (is_zero(&wrap->grace))
		wrap->grace.tv_sec = FAILURE_GRACE;
	wrap->repeats.length = opts->grace;
	sp->pdeathsig = opts->child_pdeathsig;
	sp->parent = getpid();
	if (opts->trace)
		wrap->trace = new_trace(w);
	w->wrap = wrap;
	if (wrap_start(wrap, opts->argv, sp))
		return true;
	finish(w, code_map_of(&opts->exit_map, wrap->status));
	return false;
}

/* --ready-fd: ready once the command runs, if there is one. */
static void
tell_ready(const struct watcher *w, bool started)
{
	if (!started)
		ready_close();
	else
		ready_tell(w->wrap != NULL ? w->wrap->child : 0);
}

/*
 * sigwatch's errors exit without a word to the processes it traces:
 * let them go, rather than leave it to the kernel, which would lose a
 * signal one of them was stopped to take.
 */
static struct trace	*attached;

static void
let_go_at_exit(void)
{
	if (attached == NULL)
		return;
	/* Nothing more is written: the output may be gone. */
	attached->announce = NULL;
	trace_finish(attached);
}

static void
attach_all(struct watcher *w)
{
	int	 i;

	w->trace = attached = new_trace(w);
	if (atexit(let_go_at_exit) != 0)
		errx(EXIT_TROUBLE, "atexit");
	for (i = 0; i < w->opts->nattach; i++)
		trace_attach(w->trace, w->opts->attach[i]);
	output_push(w->out);
}

int
watch(const struct watch_opts *opts, const sigset_t *inherited)
{
	struct watcher	 w = { .opts = opts };
	struct spawn	 sp = { .group = !opts->same_group };
	enum source	 src;
	int		 status;
	bool		 started = true;

	w.out = output_open(opts->output);
	w.fmt = formatter_pick(opts->format, opts->time,
	    color_wanted(opts->color, output_fd(w.out)));
	if ((w.buf = malloc(BATCH * sizeof w.buf[0])) == NULL)
		err(EXIT_TROUBLE, "malloc");
	/*
	 * A watcher runs long, and its memory must not grow with a flood:
	 * its buffers are faulted in now. A wrapper's start-up is on the
	 * path of every command it runs (3% of tini's overhead in make
	 * bench): its buffers fault in as they are used.
	 */
	if (opts->argv == NULL) {
		memset(w.buf, 0, BATCH * sizeof w.buf[0]);
		output_prefault(w.out);
	}
	if ((w.clk_tck = sysconf(_SC_CLK_TCK)) <= 0)
		w.clk_tck = 100;
	/* Before SIGCHLD's disposition or the mask change: as inherited. */
	if (opts->argv != NULL)
		child_prepare(&sp, inherited);
	open_signals(&w, inherited);
	/* Once its signal is blocked and read, so that it reports, not kills. */
	if (opts->pdeathsig != 0)
		pdeathsig_arm(opts->pdeathsig);
	/* Wrapping, Ctrl-C is the command's to handle. */
	w.tty_quit = opts->argv == NULL &&
	    sigismember(&opts->set, SIGINT) == 1 && isatty(STDIN_FILENO);
	if (!is_zero(&opts->timeout))
		set_deadline(&w, &opts->timeout);
	/* Refused before a word of a watch that is not to be. */
	if (opts->nattach > 0)
		attach_all(&w);
	/* The note next: once the pid file says ready, all is said. */
	if (!opts->quiet)
		start_note(&w);
	pidfile_write();
	if (opts->argv != NULL)
		started = start_command(&w, &sp);
	tell_ready(&w, started);
	status = loop(&w);
	if (w.wrap != NULL)
		wrap_finish(w.wrap);
	if (w.trace != NULL)
		trace_finish(w.trace);
	attached = NULL;
	if (opts->summary)
		w.fmt.summary(&w.fmt, w.out);
	if (w.quit)
		quit_drain(w.out);
	output_close(w.out);
	for (src = 0; src < SRC_OUTPUT; src++)
		if (w.sfd[src] != -1)
			close(w.sfd[src]);
	free(w.buf);
	if (w.wrap != NULL)
		free(w.wrap->trace);
	free(w.wrap);
	free(w.trace);
	return status;
}
