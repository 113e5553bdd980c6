/* SPDX-License-Identifier: ISC */
/*
 * What the --trace tests need a traced program to do that a shell cannot:
 *   tracee tgkill SIG   a second thread catches SIG, sent to it alone with
 *                       tgkill(); prints "tid=N" of that thread first, and
 *                       exits 0 once the thread caught it
 *   tracee exec CMD...  a thread other than the leader execs CMD
 *   tracee segv         writes to address 8: SIGSEGV, SEGV_MAPERR
 *   tracee threads N SIG COUNT READY
 *                       N threads take the values 0..COUNT-1 of SIG
 *                       (sigqueue'd), each must come once; writes READY
 *                       when it is ready, prints "got=COUNT" and exits 0
 *                       when all came, 1 on a duplicate or bad value
 *   tracee children READY
 *                       a fork()ed child and a clone()d one (a process
 *                       with no exit signal, which a tracer hears of as
 *                       a clone) each catch SIGUSR1 they send themselves,
 *                       then wait; prints "child=PID" for each, writes
 *                       READY, and once both are gone (SIGTERM them), a
 *                       new thread and the main one each catch SIGUSR2;
 *                       prints "thread=TID" and exits 0
 *   tracee seccomp      a seccomp filter traps getppid() (SECCOMP_RET_TRAP,
 *                       data 42); the SIGSYS is caught, and the helper
 *                       prints "nr=N" (__NR_getppid) and exits 0
 *   tracee no-ptrace CMD...
 *                       a seccomp filter makes every ptrace() fail with
 *                       EPERM, as a container's profile may; then execs
 *                       CMD under it
 *   tracee vfork MS READY
 *                       writes READY and vforks a child that sleeps MS
 *                       ms before it exits: so long the parent waits, in
 *                       a wait no signal but SIGKILL ends; then exits 0
 *   tracee undumpable READY
 *                       makes itself not dumpable, writes READY and waits
 *                       to be ended
 *   tracee raise SIG COUNT READY
 *                       writes READY, waits until a tracer has it, then
 *                       raise()s SIG COUNT times, each caught by a
 *                       handler that counts it; prints "handled=H" and
 *                       exits 0 if H is COUNT, 1 if not
 *   tracee reaped       a child exits and is reaped while SIGCHLD is
 *                       blocked, which is then caught: the SIGCHLD comes
 *                       once its sender is gone from /proc; prints
 *                       "child=PID" and exits 0
 */
#include <pthread.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "common.h"

static volatile sig_atomic_t	 caught;
static pthread_barrier_t	 ready;
static pid_t			 thread_tid;
static char			**command;

static void
on_signal(int sig)
{
	(void)sig;
	caught = 1;
}

static volatile sig_atomic_t	 got, bad;
static unsigned char		*seen;
static long			 expected;

static void
on_value(int sig, siginfo_t *si, void *uc)
{
	int	 v = si->si_value.sival_int;

	(void)sig;
	(void)uc;
	if (si->si_code != SI_QUEUE || v < 0 || v >= expected ||
	    __atomic_exchange_n(&seen[v], 1, __ATOMIC_SEQ_CST) != 0)
		bad = 1;
	else
		__atomic_add_fetch(&got, 1, __ATOMIC_SEQ_CST);
}

/*
 * Until every value came. Not pause(): the last value can be taken by
 * another thread between the test and the pause, which would then
 * never end; a short sleep, which any signal cuts, looks again.
 */
static void *
taker(void *arg)
{
	struct timespec	 ms = { 0, 1000000 };

	(void)arg;
	while (got < expected && !bad)
		nanosleep(&ms, NULL);
	return NULL;
}

/* N threads, one of them the main one, take every value once. */
static int
threads(int n, int sig, long count, const char *ready_file)
{
	struct sigaction	 sa = { .sa_sigaction = on_value,
	    .sa_flags = SA_SIGINFO | SA_RESTART };
	pthread_t		 t;
	int			 i;

	expected = count;
	if ((seen = calloc((size_t)count, 1)) == NULL)
		err(2, "calloc");
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	for (i = 1; i < n; i++)
		if ((errno = pthread_create(&t, NULL, taker, NULL)) != 0)
			err(2, "pthread_create");
	say_ready(ready_file);
	taker(NULL);
	if (bad)
		errx(1, "a value came twice, or a bad one");
	printf("got=%ld\n", (long)got);
	return 0;
}

static int		 catch_sig;

/*
 * Not pause() after a test of caught: the signal can come between the
 * two, and pause() then waits for ever. It is blocked but while waiting.
 */
static void *
catcher(void *arg)
{
	sigset_t	 set, unblocked;

	(void)arg;
	sigemptyset(&set);
	sigaddset(&set, catch_sig);
	pthread_sigmask(SIG_BLOCK, &set, &unblocked);
	sigdelset(&unblocked, catch_sig);
	thread_tid = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&ready);
	while (!caught)
		sigsuspend(&unblocked);
	return NULL;
}

static void *
execer(void *arg)
{
	(void)arg;
	execvp(command[0], command);
	err(127, "%s", command[0]);
}

static int
tgkill_one(int sig)
{
	struct sigaction	 sa = { .sa_handler = on_signal };
	sigset_t		 set;
	pthread_t		 t;

	sigaction(sig, &sa, NULL);
	catch_sig = sig;
	/* Only the second thread may take it. */
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_barrier_init(&ready, NULL, 2);
	if ((errno = pthread_create(&t, NULL, catcher, NULL)) != 0)
		err(2, "pthread_create");
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	pthread_barrier_wait(&ready);
	printf("tid=%ld\n", (long)thread_tid);
	fflush(stdout);
	if (syscall(SYS_tgkill, getpid(), thread_tid, sig) == -1)
		err(2, "tgkill");
	pthread_join(t, NULL);
	return 0;
}

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* <asm-generic/siginfo.h>; glibc only for _GNU_SOURCE */
#endif

static volatile sig_atomic_t	 trapped_nr = -1;

static void
on_sigsys(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (si->si_code == SYS_SECCOMP)
		trapped_nr = si->si_syscall;
}

/* A filter from now on: nr gets ret, every other call goes through. */
static void
filter(int nr, unsigned int ret)
{
	struct sock_filter	 insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned int)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog	 prog = { .len = sizeof insns / sizeof insns[0],
	    .filter = insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == -1)
		err(2, "seccomp");
}

/* getppid() trapped by a filter, as a sandboxed program's call is. */
static int
seccomp_trap(void)
{
	struct sigaction	 sa = { .sa_sigaction = on_sigsys,
	    .sa_flags = SA_SIGINFO };

	sigaction(SIGSYS, &sa, NULL);
	filter(__NR_getppid, SECCOMP_RET_TRAP | 42);
	syscall(__NR_getppid);
	if (trapped_nr != __NR_getppid)
		errx(1, "getppid was not trapped");
	printf("nr=%d\n", (int)trapped_nr);
	return 0;
}

/* cmd run where ptrace() is refused, as in a container. */
static int
no_ptrace(char **cmd)
{
	filter(__NR_ptrace, SECCOMP_RET_ERRNO | EPERM);
	execvp(cmd[0], cmd);
	err(127, "%s", cmd[0]);
}

static int
vfork_wait(long long ms, const char *ready_file)
{
	struct timespec	 ts = { ms / 1000, ms % 1000 * 1000000 };
	pid_t		 pid;

	say_ready(ready_file);
	/* The child only makes system calls, as vfork(2) allows. */
	if ((pid = vfork()) == 0) {
		nanosleep(&ts, NULL);
		_exit(0);
	}
	if (pid == -1)
		err(2, "vfork");
	return waitpid(pid, NULL, 0) == pid ? 0 : 2;
}

/* A child that takes SIGUSR1, says so on fd, and waits to be ended. */
static pid_t
child(pid_t pid, int fd)
{
	if (pid == -1)
		err(2, "fork");
	if (pid != 0)
		return pid;
	/*
	 * Not raise(): musl's sends to the thread id it cached, which a raw
	 * clone leaves the parent's.
	 */
	syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), SIGUSR1);
	if (write(fd, "x", 1) != 1)
		_exit(2);
	for (;;)
		pause();
}

static void *
self_signaller(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	syscall(SYS_tgkill, getpid(), thread_tid, SIGUSR2);
	return NULL;
}

static int
children(const char *ready_file)
{
	struct sigaction	 sa = { .sa_handler = on_signal };
	pid_t			 pid[2];
	pthread_t		 t;
	char			 c;
	int			 fds[2], i;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	if (pipe(fds) == -1)
		err(2, "pipe");
	pid[0] = child(fork(), fds[1]);
	/* Like fork(), but with exit signal 0 instead of SIGCHLD. */
	pid[1] = child((pid_t)syscall(SYS_clone, 0UL, NULL, NULL, NULL, 0UL),
	    fds[1]);
	for (i = 0; i < 2; i++)
		if (read(fds[0], &c, 1) != 1)
			errx(2, "a child did not start");
	printf("child=%ld\nchild=%ld\n", (long)pid[0], (long)pid[1]);
	fflush(stdout);
	say_ready(ready_file);
	/* __WALL: the clone's end sends no SIGCHLD. */
	for (i = 0; i < 2; i++)
		if (waitpid(pid[i], NULL, __WALL) == -1)
			err(2, "waitpid");
	if ((errno = pthread_create(&t, NULL, self_signaller, NULL)) != 0)
		err(2, "pthread_create");
	pthread_join(t, NULL);
	raise(SIGUSR2);
	printf("thread=%ld\n", (long)thread_tid);
	return 0;
}

static volatile sig_atomic_t	 raised_handled;

static void
on_raised(int sig)
{
	(void)sig;
	raised_handled++;
}

/* Whether /proc/self/status names a tracer. */
static int
traced(void)
{
	char	 line[256];
	FILE	*f;
	long	 tracer = 0;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		err(2, "/proc/self/status");
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "TracerPid: %ld", &tracer) == 1)
			break;
	fclose(f);
	return tracer != 0;
}

static int
raise_count(int sig, long count, const char *ready_file)
{
	struct timespec	 ms = { 0, 1000000 };
	long		 i;

	signal(sig, on_raised);
	say_ready(ready_file);
	while (!traced())
		nanosleep(&ms, NULL);
	for (i = 0; i < count; i++)
		if (raise(sig) != 0)
			err(2, "raise");
	printf("handled=%ld\n", (long)raised_handled);
	return raised_handled == count ? 0 : 1;
}

static int
reaped(void)
{
	sigset_t	 chld;
	pid_t		 pid;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	signal(SIGCHLD, on_signal);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		err(2, "sigprocmask");
	if ((pid = fork()) == -1)
		err(2, "fork");
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, NULL, 0) != pid)
		err(2, "waitpid");
	printf("child=%ld\n", (long)pid);
	fflush(stdout);
	if (sigprocmask(SIG_UNBLOCK, &chld, NULL) == -1)
		err(2, "sigprocmask");
	return caught ? 0 : 2;
}

int
main(int argc, char **argv)
{
	pthread_t	 t;

	if (argc == 2 && strcmp(argv[1], "segv") == 0) {
		volatile int *volatile wild = (int *)8;

		*wild = 0;
		return 2;
	}
	if (argc == 6 && strcmp(argv[1], "threads") == 0)
		return threads((int)number(argv[2], 1, 64, "threads", 2),
		    signal_number(argv[3], 2),
		    number(argv[4], 1, 10000000, "count", 2), argv[5]);
	if (argc == 2 && strcmp(argv[1], "seccomp") == 0)
		return seccomp_trap();
	if (argc >= 3 && strcmp(argv[1], "no-ptrace") == 0)
		return no_ptrace(argv + 2);
	if (argc == 4 && strcmp(argv[1], "vfork") == 0)
		return vfork_wait(number(argv[2], 1, 60000, "ms", 2), argv[3]);
	if (argc == 3 && strcmp(argv[1], "undumpable") == 0) {
		if (prctl(PR_SET_DUMPABLE, 0) == -1)
			err(2, "prctl");
		say_ready(argv[2]);
		for (;;)
			pause();
	}
	if (argc == 5 && strcmp(argv[1], "raise") == 0)
		return raise_count(signal_number(argv[2], 2),
		    number(argv[3], 1, 10000000, "count", 2), argv[4]);
	if (argc == 3 && strcmp(argv[1], "children") == 0)
		return children(argv[2]);
	if (argc == 2 && strcmp(argv[1], "reaped") == 0)
		return reaped();
	if (argc == 3 && strcmp(argv[1], "tgkill") == 0)
		return tgkill_one(signal_number(argv[2], 2));
	if (argc >= 3 && strcmp(argv[1], "exec") == 0) {
		command = argv + 2;
		if ((errno = pthread_create(&t, NULL, execer, NULL)) != 0)
			err(2, "pthread_create");
		pthread_join(t, NULL);
		return 2;
	}
	fprintf(stderr, "usage: tracee tgkill SIG | exec CMD [ARG]... | segv | threads N SIG COUNT READY | children READY | seccomp | no-ptrace CMD [ARG]... | vfork MS READY | undumpable READY | raise SIG COUNT READY | reaped\n");
	return 2;
}
