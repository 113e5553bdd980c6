/*
 * Wrapper mode (sigwatch -- COMMAND): start the command, forward the
 * signals sigwatch receives to it, report its state changes and those of
 * adopted orphans, and know when it is over.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sigwatch.h"

static void
emit(struct wrap *wr, struct child_event *ev)
{
	ev->time = clock_now(CLOCK_REALTIME);
	ev->mono = clock_now(CLOCK_MONOTONIC);
	if (wr->format == FORMAT_JSON)
		format_json_child(wr->out, ev);
	else
		format_text_child(wr->out, ev);
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
}

/* The run is over and wr goes out of scope: nothing left to end. */
void
wrap_finish(struct wrap *wr)
{
	if (exiting == wr)
		exiting = NULL;
}

/* The "started" event, written by the command's vfork()ed child. */
struct start {
	struct wrap		*wr;
	struct child_event	 ev;
};

static void
announce(void *arg)
{
	struct start	*st = arg;

	st->ev.pid = getpid();
	emit(st->wr, &st->ev);
	output_flush_quietly(st->wr->out);
}

void
wrap_start(struct wrap *wr, char **argv, const struct spawn *sp)
{
	struct start	 st = { .wr = wr, .ev = { .main = true,
	    .state = CHILD_STARTED } };
	const char	*base;

	wr->self = getpid();
	/* As PID 1 every orphan is ours already; --subreaper asks for them. */
	wr->reap_all = wr->subreaper || wr->self == 1;
	if (wr->subreaper && prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		err(EXIT_TROUBLE, "prctl(PR_SET_CHILD_SUBREAPER)");
	wr->job_control = sp->foreground;
	base = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
	snprintf(st.ev.comm, sizeof st.ev.comm, "%.15s", base);
	/*
	 * An empty buffer for the child: under valgrind vfork() is a
	 * fork(), and what was left in it would be written twice.
	 */
	output_flush(wr->out);
	wr->child = child_spawn(argv, sp, announce, &st);
	wr->alive = true;
	exiting = wr;
	if (atexit(end_command) != 0)
		errx(EXIT_TROUBLE, "atexit");
}

/*
 * Whether a signal is for the command. Not SIGCHLD. Not what the kernel
 * raised for sigwatch itself (positive codes, SI_KERNEL among them): its
 * faults, its I/O, and the terminal's signals, which the command's
 * process group gets directly. Not what sigwatch's own actions raised
 * (SIGPIPE, SIGXFSZ: sent as from sigwatch). Not what the command sent
 * sigwatch: it meant its parent, and sending it back could kill it.
 */
static bool
forwardable(const struct wrap *wr, const struct event *ev)
{
	if (ev->signo == SIGCHLD || ev->si_code > 0)
		return false;
	if (!(ev->fields & F_PID))
		return true;
	return ev->pid != (uint32_t)wr->self && ev->pid != (uint32_t)wr->child;
}

/* Send to one process, keeping a sigqueue() value. */
static void
send_to(pid_t pid, const struct event *ev)
{
	union sigval	 v = { .sival_ptr = (void *)(uintptr_t)ev->ptr };

	if (ev->si_code == SI_QUEUE)
		sigqueue(pid, ev->signo, v);
	else
		kill(pid, ev->signo);
}

/* Once the command is gone, its adopted descendants are the audience. */
static void
send_to_children(const struct wrap *wr, const struct event *ev)
{
	char	 path[64];
	FILE	*f;
	long	 pid;

	snprintf(path, sizeof path, "/proc/%ld/task/%ld/children",
	    (long)wr->self, (long)wr->self);
	if ((f = fopen(path, "re")) == NULL)
		return;
	while (fscanf(f, "%ld", &pid) == 1)
		send_to((pid_t)pid, ev);
	fclose(f);
}

void
wrap_forward(struct wrap *wr, const struct event *ev)
{
	if (wr->forward == FORWARD_NONE || !forwardable(wr, ev))
		return;
	if (wr->forward == FORWARD_GROUP)
		kill(-wr->child, ev->signo);
	else if (wr->alive)
		send_to(wr->child, ev);
	else
		send_to_children(wr, ev);
}

/*
 * --timeout, --count, --exit-on: ask the command to end, or make it.
 * A stopped command could not act on SIGTERM: continue it, as
 * timeout(1) does.
 */
void
wrap_signal(struct wrap *wr, int signo)
{
	int		 i, sigs[] = { signo, SIGCONT };
	struct event	 ev = { .si_code = SI_USER };

	for (i = 0; i < (signo == SIGKILL ? 1 : 2); i++) {
		ev.signo = sigs[i];
		if (wr->forward == FORWARD_GROUP)
			kill(-wr->child, ev.signo);
		else if (wr->alive)
			kill(wr->child, ev.signo);
		else
			send_to_children(wr, &ev);
	}
}

/*
 * Ctrl-Z stopped the command: stop too, so that the shell gets the
 * terminal back and sees the job stopped. "fg" continues sigwatch's
 * group; the command's own group gets the terminal back and SIGCONT
 * through forwarding.
 */
static void
suspend(struct wrap *wr, int signo)
{
	if (!wr->job_control ||
	    (signo != SIGTSTP && signo != SIGTTIN && signo != SIGTTOU))
		return;
	output_flush(wr->out);
	kill(wr->self, SIGSTOP);
	/* Continued by "fg", not "bg": the terminal is ours to hand on. */
	if (wr->forward == FORWARD_GROUP &&
	    tcgetpgrp(STDIN_FILENO) == getpgrp())
		tcsetpgrp(STDIN_FILENO, wr->child);
}

/*
 * Collect every state change waiting. Returns the command's exit status
 * once sigwatch is done (the command has ended and, with --subreaper,
 * every descendant too), or -1 to go on.
 */
int
wrap_reap(struct wrap *wr)
{
	struct child_event	 ev;
	int			 r;

	while ((r = reap_next(&ev)) == 1) {
		ev.main = ev.pid == wr->child;
		if (!ev.main && !wr->reap_all)
			continue;
		emit(wr, &ev);
		if (ev.main && ev.state == CHILD_STOPPED)
			suspend(wr, ev.code);
		if (ev.main && ev.state != CHILD_STOPPED &&
		    ev.state != CHILD_CONTINUED) {
			wr->alive = false;
			wr->status = child_exit_status(&ev);
		}
	}
	if (wr->alive)
		return -1;
	/* --subreaper waits for the adopted too; an init does not. */
	if (wr->subreaper && r != -1)
		return -1;
	return wr->status;
}
