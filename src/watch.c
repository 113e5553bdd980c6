/*
 * The event loop: read the watched signals from a signalfd in batches,
 * print each, flush once per drained batch, forward them in wrapper mode,
 * and stop when the command ends or when --count, --exit-on, --timeout
 * or a double Ctrl-C says so. poll has no timeout while idle unless a
 * deadline is running: no periodic wake-ups.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sigwatch.h"

/* Records per read(2): 32 KiB, a multiple of the record size. */
#define BATCH		256
#define CONTINUE	(-1)
/* Seconds the command has to end when sigwatch fails, by default. */
#define FAILURE_GRACE	3

struct watcher {
	const struct watch_opts	*opts;
	struct output		*out;
	int			 sfd;
	long			 clk_tck;
	unsigned long long	 seen;
	bool			 tty_quit;	/* Ctrl-C twice quits */
	bool			 had_int;
	struct timespec		 int_deadline;	/* a second after the last */

	struct wrap		*wrap;		/* NULL unless wrapping */
	int			 ending;	/* status once a limit was hit */
	bool			 stopping;	/* SIGTERM the command next */
	bool			 saw_chld;	/* SIGCHLD in this batch */
	bool			 timed;		/* a deadline is running */
	struct timespec		 deadline;	/* CLOCK_MONOTONIC */
	bool			 killing;	/* the deadline is --kill-after's */
};

static void
set_deadline(struct watcher *w, const struct timespec *after)
{
	w->deadline = deadline_in(after);
	w->timed = true;
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
	quit = w->had_int && (left.tv_sec != 0 || left.tv_nsec != 0);
	w->had_int = true;
	w->int_deadline = deadline_in(&second);
	return quit;
}

/*
 * A limit was reached. Watching, that is the end; wrapping, the command
 * is asked to end (SIGTERM, then SIGKILL after --kill-after) and
 * sigwatch exits with status once it has.
 */
static int
limit(struct watcher *w, int status)
{
	if (w->wrap == NULL)
		return status;
	if (w->ending != CONTINUE)
		return CONTINUE;
	w->ending = status;
	w->stopping = true;
	return CONTINUE;
}

/* After the batch is forwarded: the command was asked to end. */
static void
stop_command(struct watcher *w)
{
	const struct timespec	*ka = &w->opts->kill_after;

	w->stopping = false;
	wrap_signal(w->wrap, SIGTERM);
	w->timed = ka->tv_sec != 0 || ka->tv_nsec != 0;
	if (w->timed)
		set_deadline(w, ka);
	w->killing = true;
}

static bool
reported(const struct watcher *w, int signo)
{
	const struct watch_opts	*o = w->opts;

	if (sigismember(&o->set, signo) != 1)
		return false;
	/* The child events say it better, unless CHLD was asked for. */
	return w->wrap == NULL || signo != SIGCHLD || o->chld_named;
}

/* One record; the exit status if it ends the run, else CONTINUE. */
static int
handle(struct watcher *w, const struct signalfd_siginfo *si,
    const struct timespec *real, const struct timespec *mono)
{
	const struct watch_opts	*o = w->opts;
	struct event		 ev;

	decode(si, w->clk_tck, &ev);
	ev.time = *real;
	ev.mono = *mono;
	w->saw_chld |= ev.signo == SIGCHLD;
	if (!reported(w, ev.signo))
		return CONTINUE;
	if (o->resolve)
		resolve(&ev);
	if (o->format == FORMAT_JSON)
		format_json(w->out, &ev);
	else
		format_text(w->out, &ev);
	if (o->summary)
		summary_add(&ev);
	w->seen++;
	if (double_interrupt(w, ev.signo))
		return EXIT_INTERRUPT;
	if (sigismember(&o->exit_on, ev.signo) == 1 ||
	    (o->count != 0 && w->seen == o->count))
		return limit(w, EXIT_SUCCESS);
	return CONTINUE;
}

/*
 * Wrapping: pass the records on, after they are printed so that what
 * the command does about a signal shows below the signal.
 */
static void
forward(struct watcher *w, const struct signalfd_siginfo *si, size_t n)
{
	struct event	 ev;
	size_t		 i;

	output_flush(w->out);
	for (i = 0; i < n; i++) {
		decode(&si[i], w->clk_tck, &ev);
		wrap_forward(w->wrap, &ev);
	}
}

/* Read until the signalfd is empty; one flush for the whole batch. */
static int
drain(struct watcher *w)
{
	struct signalfd_siginfo	 buf[BATCH];
	struct timespec		 real, mono;
	ssize_t			 n;
	size_t			 i;
	int			 status = CONTINUE;

	resolve_begin_batch();
	while (status == CONTINUE) {
		n = read(w->sfd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			break;
		if (n == -1)
			err(EXIT_TROUBLE, "read from signalfd");
		real = clock_now(CLOCK_REALTIME);
		mono = clock_now(CLOCK_MONOTONIC);
		for (i = 0; status == CONTINUE && i < (size_t)n / sizeof buf[0];
		    i++)
			status = handle(w, &buf[i], &real, &mono);
		if (w->wrap != NULL)
			forward(w, buf, i);
		if (w->stopping)
			stop_command(w);
		/*
		 * A short read emptied the queue: flush now rather than pay
		 * a read for EAGAIN. Anything that came since, poll reports.
		 */
		if ((size_t)n < sizeof buf)
			break;
	}
	if (w->wrap == NULL && w->saw_chld)
		reap_zombies();
	else if (status == CONTINUE && w->wrap != NULL &&
	    (status = wrap_reap(w->wrap)) != CONTINUE && w->ending != CONTINUE)
		status = w->ending;
	w->saw_chld = false;
	output_flush(w->out);
	return status;
}

/* The deadline passed: --timeout, or --kill-after after it. */
static int
expired(struct watcher *w)
{
	w->timed = false;
	if (w->killing)
		wrap_signal(w->wrap, SIGKILL);
	else if (limit(w, EXIT_TIMEOUT) != CONTINUE)
		return EXIT_TIMEOUT;
	else if (w->stopping)
		stop_command(w);
	return CONTINUE;
}

/* How long poll may sleep: forever without a deadline. */
static struct timespec *
time_left(const struct watcher *w, struct timespec *left)
{
	if (!w->timed)
		return NULL;
	*left = time_until(&w->deadline);
	return left;
}

static int
loop(struct watcher *w)
{
	struct pollfd	 pfd = { .fd = w->sfd, .events = POLLIN };
	struct timespec	 left;
	int		 n, status;

	for (;;) {
		n = ppoll(&pfd, 1, time_left(w, &left), NULL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(EXIT_TROUBLE, "poll");
		status = n == 0 ? expired(w) : drain(w);
		if (status != CONTINUE)
			return status;
	}
}

static void
start_note(const struct watcher *w)
{
	int	 n = sigspec_count(&w->opts->set);

	fprintf(stderr, "sigwatch: watching %d signal%s as pid %ld%s\n", n,
	    n == 1 ? "" : "s", (long)getpid(),
	    w->tty_quit ? "; press Ctrl-C twice within a second to quit" : "");
}

/*
 * Every signal is blocked on entry; inherited is the mask sigwatch was
 * started with. Watching, only the watched signals stay blocked, so the
 * others keep their default action. Wrapping, all stay blocked: every
 * catchable signal is forwarded, and an unwatched one must not kill
 * sigwatch and orphan the command. Returns the signalfd.
 */
static int
open_signals(const struct watch_opts *opts, const sigset_t *inherited)
{
	sigset_t	 fdset, mask = *inherited;
	int		 s, fd;

	sigemptyset(&fdset);
	for (s = 1; s <= sig_max(); s++)
		if (opts->argv != NULL ? sig_catchable(s) :
		    sigismember(&opts->set, s) == 1) {
			sigaddset(&fdset, s);
			sigaddset(&mask, s);
		}
	if (sigprocmask(SIG_SETMASK, &mask, NULL) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	if ((fd = signalfd(-1, &fdset, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		err(EXIT_TROUBLE, "signalfd");
	return fd;
}

int
watch(const struct watch_opts *opts, const sigset_t *inherited)
{
	struct watcher	 w = { .opts = opts, .ending = CONTINUE };
	struct wrap	 wrap = { .format = opts->format };
	struct spawn	 sp = { .group = opts->forward == FORWARD_GROUP };
	struct timespec	 start = clock_now(CLOCK_MONOTONIC);
	int		 status;

	time_origin(&start);
	w.out = output_open(opts->output);
	format_text_style(opts->time, color_wanted(opts->color,
	    output_fd(w.out)));
	if ((w.clk_tck = sysconf(_SC_CLK_TCK)) <= 0)
		w.clk_tck = 100;
	/* Before SIGCHLD's disposition or the mask change: as inherited. */
	if (opts->argv != NULL)
		child_prepare(&sp, inherited);
	w.sfd = open_signals(opts, inherited);
	/* Wrapping, Ctrl-C is the command's to handle. */
	w.tty_quit = opts->argv == NULL &&
	    sigismember(&opts->set, SIGINT) == 1 && isatty(STDIN_FILENO);
	if (opts->timeout.tv_sec != 0 || opts->timeout.tv_nsec != 0)
		set_deadline(&w, &opts->timeout);
	/* The note first: once the pid file says ready, all is said. */
	if (!opts->quiet)
		start_note(&w);
	if (opts->pidfile != NULL)
		pidfile_write(opts->pidfile);
	if (opts->argv != NULL) {
		wrap.out = w.out;
		wrap.forward = opts->forward;
		wrap.subreaper = opts->subreaper;
		wrap.grace = opts->kill_after;
		if (wrap.grace.tv_sec == 0 && wrap.grace.tv_nsec == 0)
			wrap.grace.tv_sec = FAILURE_GRACE;
		w.wrap = &wrap;
		wrap_start(&wrap, opts->argv, &sp);
	}
	status = loop(&w);
	if (w.wrap != NULL)
		wrap_finish(w.wrap);
	if (opts->summary)
		summary_print(w.out, opts->format);
	output_close(w.out);
	close(w.sfd);
	return status;
}
