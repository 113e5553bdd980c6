/*
 * What the --trace tests need a traced program to do that a shell cannot:
 *   tracee tgkill SIG   a second thread catches SIG, sent to it alone with
 *                       tgkill(); prints "tid=N" of that thread first, and
 *                       exits 0 once the thread caught it
 *   tracee exec CMD...  a thread other than the leader execs CMD
 *   tracee segv         writes to address 8: SIGSEGV, SEGV_MAPERR
 */
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>

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

static void *
catcher(void *arg)
{
	(void)arg;
	thread_tid = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&ready);
	while (!caught)
		pause();
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

int
main(int argc, char **argv)
{
	pthread_t	 t;

	if (argc == 2 && strcmp(argv[1], "segv") == 0) {
		volatile int *volatile bad = (int *)8;

		*bad = 0;
		return 2;
	}
	if (argc == 3 && strcmp(argv[1], "tgkill") == 0)
		return tgkill_one(signal_number(argv[2], 2));
	if (argc >= 3 && strcmp(argv[1], "exec") == 0) {
		command = argv + 2;
		if ((errno = pthread_create(&t, NULL, execer, NULL)) != 0)
			err(2, "pthread_create");
		pthread_join(t, NULL);
		return 2;
	}
	fprintf(stderr, "usage: tracee tgkill SIG | exec CMD [ARG]... | segv\n");
	return 2;
}
