/* SPDX-License-Identifier: ISC */
/*
 * tracefloor: the least a ptrace tracer of signals can do, so that the
 * tracing section shows what any such tracer reaches on this machine,
 * as bench/floor does for a signalfd receiver. It seizes the program,
 * and at each signal-delivery-stop takes the siginfo, writes one line
 * and resumes with the signal: one wait, two ptrace requests and a
 * write a signal, in a loop with nothing else to watch. sigwatch does
 * that and more: it also polls its own signals and the output, and
 * reads the receiver's dispositions.
 *
 *   tracefloor [-d] -o FILE -- PROG [ARG]...
 *
 * -d also reads /proc/PID/stat at each stop, where sigwatch reads the
 * dispositions (src/disposition.c), without parsing it: the kernel's
 * cost of the read alone. Lines read "TID SIGUSR1 CODE". It follows neither
 * forks nor threads (the workload has none) and exits with the
 * program's status, 1 if it could not be traced.
 */
#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Started, then held until it is seized (the pipe closed): its exec is
 * its first stop.
 */
static pid_t
start(char **argv, int *go)
{
	int	 p[2];
	pid_t	 pid;
	char	 c;

	if (pipe2(p, O_CLOEXEC) == -1)
		err(1, "pipe");
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) == -1)
			_exit(1);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/*
 * One line a signal. The workload's one signal by name, between
 * spaces, as the driver counts it; any other by number (musl has no
 * sigabbrev_np()).
 */
static void
line(int out, pid_t tid, const siginfo_t *si)
{
	char	 buf[64];
	int	 n;

	if (si->si_signo == SIGUSR1)
		n = snprintf(buf, sizeof buf, "%ld SIGUSR1 %d\n", (long)tid,
		    si->si_code);
	else
		n = snprintf(buf, sizeof buf, "%ld SIG%d %d\n", (long)tid,
		    si->si_signo, si->si_code);
	if (write(out, buf, (size_t)n) != n)
		err(1, "write");
}

int
main(int argc, char **argv)
{
	siginfo_t	 si, sig;
	char		 path[40], buf[4096];
	int		 c, out = -1, go, stat = -1;
	int		 sigs, event;
	bool		 procread = false;
	pid_t		 pid;

	while ((c = getopt(argc, argv, "do:")) != -1)
		switch (c) {
		case 'd':
			procread = true;
			break;
		case 'o':
			out = open(optarg, O_WRONLY | O_CREAT | O_TRUNC |
			    O_CLOEXEC, 0644);
			if (out == -1)
				err(1, "%s", optarg);
			break;
		default:
			goto usage;
		}
	if (out == -1 || optind == argc)
		goto usage;
	pid = start(argv + optind, &go);
	if (ptrace(PTRACE_SEIZE, pid, 0, (void *)(PTRACE_O_EXITKILL |
	    PTRACE_O_TRACEEXEC)) == -1)
		err(1, "ptrace(PTRACE_SEIZE)");
	close(go);
	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if (procread && (stat = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		err(1, "%s", path);
	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WSTOPPED |
		    __WALL) == -1)
			err(1, "waitid");
		if (si.si_code == CLD_EXITED)
			return si.si_status;
		if (si.si_code != CLD_TRAPPED)
			return 128 + si.si_status;
		sigs = si.si_status & 0xff;
		event = si.si_status >> 8;
		if (event != 0)
			sigs = 0;
		else if (ptrace(PTRACE_GETSIGINFO, pid, 0, &sig) == 0) {
			if (stat != -1 && pread(stat, buf, sizeof buf, 0) <= 0)
				err(1, "%s", path);
			line(out, pid, &sig);
		}
		ptrace(PTRACE_CONT, pid, 0, (void *)(long)sigs);
	}
usage:
	errx(1, "usage: tracefloor [-d] -o FILE -- PROG [ARG]...");
}
