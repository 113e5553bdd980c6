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
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long
num(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0')
		errx(1, "not a number: '%s'", s);
	return v;
}

static void
queue(pid_t pid, int sig, int value)
{
	union sigval		 sv = { .sival_int = value };
	struct timespec		 pause = { 0, 10000 };

	while (sigqueue(pid, sig, sv) == -1) {
		if (errno != EAGAIN)
			err(1, "sigqueue");
		nanosleep(&pause, NULL);
	}
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
	int		 sig;
	long		 i, n;

	if (argc < 4)
		errx(1, "usage: sigsend kill|queue|tgkill|forge|flood|sigio PID SIG ...");
	how = argv[1];
	pid = (pid_t)num(argv[2]);
	sig = (int)num(argv[3]);
	if (strcmp(how, "kill") == 0 && argc == 4) {
		if (kill(pid, sig) == -1)
			err(1, "kill");
	} else if (strcmp(how, "queue") == 0 && argc == 5)
		queue(pid, sig, (int)num(argv[4]));
	else if (strcmp(how, "tgkill") == 0 && argc == 4) {
		if (syscall(SYS_tgkill, pid, pid, sig) == -1)
			err(1, "tgkill");
	} else if (strcmp(how, "forge") == 0 && argc == 7)
		forge(pid, sig, (pid_t)num(argv[4]), (uid_t)num(argv[5]),
		    (int)num(argv[6]));
	else if (strcmp(how, "flood") == 0 && argc == 5) {
		n = num(argv[4]);
		for (i = 0; i < n; i++)
			queue(pid, sig, (int)i);
	} else if (strcmp(how, "sigio") == 0 && argc == 4)
		sigio(pid, sig);
	else
		errx(1, "bad arguments for '%s'", how);
	return 0;
}
