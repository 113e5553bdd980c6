/*
 * The event loop: block the watched signals, read them from a signalfd
 * in batches, print each, flush once per drained batch, and stop when
 * --count, --exit-on, --timeout or a double Ctrl-C says so. poll has no
 * timeout while idle unless --timeout is running: no periodic wake-ups.
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

struct watcher {
	const struct watch_opts	*opts;
	struct output		*out;
	int			 sfd;
	long			 clk_tck;
	unsigned long long	 seen;
	bool			 tty_quit;	/* Ctrl-C twice quits */
	bool			 had_int;
	struct timespec		 last_int;	/* CLOCK_MONOTONIC */
};

static struct timespec
now(clockid_t clock)
{
	struct timespec	 ts;

	if (clock_gettime(clock, &ts) == -1)
		err(EXIT_TROUBLE, "clock_gettime");
	return ts;
}

static long long
ns_between(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

/* A second SIGINT within a second of the first, at a terminal. */
static bool
double_interrupt(struct watcher *w, int signo)
{
	struct timespec	 t;
	bool		 quit;

	if (!w->tty_quit || signo != SIGINT)
		return false;
	t = now(CLOCK_MONOTONIC);
	quit = w->had_int && ns_between(&w->last_int, &t) < 1000000000LL;
	w->had_int = true;
	w->last_int = t;
	return quit;
}

/* Print one record; the exit status if it ends the run, else CONTINUE. */
static int
handle(struct watcher *w, const struct signalfd_siginfo *si,
    const struct timespec *when)
{
	const struct watch_opts	*o = w->opts;
	struct event		 ev;

	decode(si, w->clk_tck, &ev);
	ev.time = *when;
	if (o->resolve)
		resolve(&ev);
	if (o->format == FORMAT_JSON)
		format_json(w->out, &ev);
	else
		format_text(w->out, &ev);
	w->seen++;
	if (double_interrupt(w, ev.signo))
		return EXIT_INTERRUPT;
	if (sigismember(&o->exit_on, ev.signo) == 1)
		return EXIT_SUCCESS;
	if (o->count != 0 && w->seen >= o->count)
		return EXIT_SUCCESS;
	return CONTINUE;
}

/* Read until the signalfd is empty; one flush for the whole batch. */
static int
drain(struct watcher *w)
{
	struct signalfd_siginfo	 buf[BATCH];
	struct timespec		 when;
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
		when = now(CLOCK_REALTIME);
		for (i = 0; i < (size_t)n / sizeof buf[0]; i++)
			if ((status = handle(w, &buf[i], &when)) != CONTINUE)
				break;
	}
	output_flush(w->out);
	return status;
}

/* How long poll may sleep: forever without --timeout. */
static struct timespec *
time_left(const struct timespec *deadline, struct timespec *left)
{
	struct timespec	 t;
	long long	 ns;

	if (deadline == NULL)
		return NULL;
	t = now(CLOCK_MONOTONIC);
	ns = ns_between(&t, deadline);
	if (ns < 0)
		ns = 0;
	left->tv_sec = ns / 1000000000LL;
	left->tv_nsec = ns % 1000000000LL;
	return left;
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
loop(struct watcher *w, const struct timespec *deadline)
{
	struct pollfd	 pfd = { .fd = w->sfd, .events = POLLIN };
	struct timespec	 left;
	int		 n, status;

	for (;;) {
		n = ppoll(&pfd, 1, time_left(deadline, &left), NULL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(EXIT_TROUBLE, "poll");
		if (n == 0)
			return EXIT_TIMEOUT;
		if ((status = drain(w)) != CONTINUE)
			return status;
	}
}

int
watch(const struct watch_opts *opts)
{
	struct watcher	 w = { .opts = opts };
	struct timespec	 deadline;
	sigset_t	 inherited;
	bool		 timed = opts->timeout.tv_sec != 0 ||
			     opts->timeout.tv_nsec != 0;
	int		 status;

	w.out = output_open(opts->output);
	if ((w.clk_tck = sysconf(_SC_CLK_TCK)) <= 0)
		w.clk_tck = 100;
	if (sigprocmask(SIG_BLOCK, &opts->set, &inherited) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	if ((w.sfd = signalfd(-1, &opts->set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		err(EXIT_TROUBLE, "signalfd");
	w.tty_quit = sigismember(&opts->set, SIGINT) == 1 &&
	    isatty(STDIN_FILENO);
	if (timed) {
		deadline = now(CLOCK_MONOTONIC);
		deadline.tv_sec += opts->timeout.tv_sec;
		deadline.tv_nsec += opts->timeout.tv_nsec;
		if (deadline.tv_nsec >= 1000000000L) {
			deadline.tv_sec++;
			deadline.tv_nsec -= 1000000000L;
		}
	}
	if (opts->pidfile != NULL)
		pidfile_write(opts->pidfile);
	if (!opts->quiet)
		start_note(&w);
	status = loop(&w, timed ? &deadline : NULL);
	output_close(w.out);
	close(w.sfd);
	return status;
}
