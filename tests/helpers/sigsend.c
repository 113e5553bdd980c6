/* SPDX-License-Identifier: ISC */
/*
 * sigsend: send signals the ways a shell cannot, for the test suite.
 *
 *   sigsend kill PID SIG                 kill(2)
 *   sigsend queue PID SIG VALUE          sigqueue(3) with an int value
 *   sigsend tgkill PID SIG               tgkill(2) to the thread group leader
 *   sigsend forge PID SIG FPID FUID VAL  rt_sigqueueinfo(2), SI_QUEUE with a
 *                                        made-up sender pid and uid
 *   sigsend flood PID SIG N              N sigqueue()s with values 0..N-1,
 *                                        retrying while the queue is full
 *   sigsend sigio PID SIG                F_SETOWN/F_SETSIG on a pipe, then a
 *                                        write: the kernel sends SIG with POLL_IN;
 *                                        prints the fd it reports
 *
 * SIG is a number. Exits 0 on success, 1 with a message otherwise.
 *
 * A full queue (EAGAIN) is the receiver's user having RLIMIT_SIGPENDING
 * signals pending, over all of that user's processes: other tests, in
 * parallel, can fill it for a while. A flood retries until it gets
 * through; a single sigqueue gives up after QUEUE_PATIENCE, naming the
 * error and the per-user count, rather than wait for ever in silence.
 */
#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common.h"

/* Any int: a negative pid names a process group, a value may be < 0. */
static int
int_arg(const char *s, const char *what)
{
	return (int)number(s, INT_MIN, INT_MAX, what, 1);
}

#define QUEUE_PATIENCE	5	/* seconds */

/* SigQ from /proc/self/status: "pending/limit" for this user, or "?". */
static const char *
sigq(void)
{
	static char	 line[128];
	FILE		*f;

	if ((f = fopen("/proc/self/status", "re")) != NULL) {
		while (fgets(line, sizeof line, f) != NULL)
			if (strncmp(line, "SigQ:\t", 6) == 0) {
				fclose(f);
				line[strcspn(line, "\n")] = '\0';
				return line + 6;
			}
		fclose(f);
	}
	return "?";
}

/* One sigqueue(), waiting QUEUE_PATIENCE at most for room. */
static void
queue_patiently(pid_t pid, int sig, int value)
{
	long long	 until = now() + QUEUE_PATIENCE * NSEC;

	while (queue_waiting(pid, sig, value, true) == -1)
		if (now() > until) {
			errno = EAGAIN;
			err(1, "sigqueue to %ld, still after %d s (the per-user "
			    "signal queue is full; SigQ, pending/limit: %s)",
			    (long)pid, QUEUE_PATIENCE, sigq());
		} else
			nanosleep(&(struct timespec){ 0, 10000 }, NULL);
}

static void
forge(pid_t pid, int sig, pid_t fpid, uid_t fuid, int value)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof si);
	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = fpid;
	si.si_uid = fuid;
	si.si_value.sival_int = value;
	if (syscall(SYS_rt_sigqueueinfo, pid, sig, &si) == -1)
		err(1, "rt_sigqueueinfo");
}

static void
sigio(pid_t pid, int sig)
{
	int	 p[2];

	if (pipe(p) == -1)
		err(1, "pipe");
	if (fcntl(p[0], F_SETOWN, pid) == -1 ||
	    fcntl(p[0], F_SETSIG, sig) == -1 ||
	    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) == -1)
		err(1, "fcntl");
	if (write(p[1], "x", 1) != 1)
		err(1, "write");
	printf("%d\n", p[0]);
}

int
main(int argc, char **argv)
{
	const char	*how;
	pid_t		 pid;
	int		 sig, i, n;

	if (argc < 4)
		errx(1, "usage: sigsend kill|queue|tgkill|forge|flood|sigio PID SIG ...");
	how = argv[1];
	pid = int_arg(argv[2], "pid");
	/* 0 too: kill(2) then only checks that the process exists. */
	sig = (int)number(argv[3], 0, MAX_SIGNO, "signal number", 1);
	if (strcmp(how, "kill") == 0 && argc == 4) {
		if (kill(pid, sig) == -1)
			err(1, "kill");
	} else if (strcmp(how, "queue") == 0 && argc == 5)
		queue_patiently(pid, sig, int_arg(argv[4], "value"));
	else if (strcmp(how, "tgkill") == 0 && argc == 4) {
		if (syscall(SYS_tgkill, pid, pid, sig) == -1)
			err(1, "tgkill");
	} else if (strcmp(how, "forge") == 0 && argc == 7)
		forge(pid, sig, int_arg(argv[4], "pid"),
		    (uid_t)number(argv[5], 0, UINT_MAX, "uid", 1),
		    int_arg(argv[6], "value"));
	else if (strcmp(how, "flood") == 0 && argc == 5) {
		n = (int)number(argv[4], 0, INT_MAX, "count", 1);
		for (i = 0; i < n; i++)
			queue_waiting(pid, sig, i, false);
	} else if (strcmp(how, "sigio") == 0 && argc == 4)
		sigio(pid, sig);
	else
		errx(1, "bad arguments for '%s'", how);
	return 0;
}
