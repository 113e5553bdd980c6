/* SPDX-License-Identifier: ISC */
/*
 * sigstate: a process in a known signal state, for sigwatch --inspect to
 * decode. It sets the state up, writes its pid to READYFILE, and waits
 * until it is killed, without ever touching the state again.
 *
 *   sigstate [-b SIG]... [-i SIG]... [-c SIG]... [-p SIG]... [-P SIG]...
 *            [-n NAME] [-t] [-u UID] [-x SIG]... [-z FILE] READYFILE
 *
 * It first forgets what it inherited (nothing pending, nothing blocked,
 * every disposition the default), then:
 *   -b SIG   blocks SIG in the main thread; 32 and 33, which the C library
 *            keeps for itself, too (the mask is set with the system call)
 *   -i SIG   sets SIG to SIG_IGN (not 32 or 33: the C library refuses)
 *   -c SIG   catches SIG with a handler that does nothing (not 32 or 33)
 *   -p SIG   blocks SIG and kill()s itself with it: pending process-wide
 *   -P SIG   blocks SIG and tgkill()s the main thread: pending for it alone
 *   -n NAME  names itself NAME (prctl PR_SET_NAME: at most 15 bytes)
 *   -t       starts a second thread, which blocks everything so that it
 *            takes none of the process-wide signals
 *   -u UID   becomes user and group UID first (it must start as root), so
 *            that the signals queued for that user are exactly its own
 *   -x SIG   once the rest is set up, starts a thread that blocks SIG too
 *            (on top of the main thread's mask, which it inherits), and
 *            the main thread exits: a zombie leader with a live thread,
 *            which writes READYFILE once the leader is a zombie
 *   -z FILE  forks a child that exits at once and is never reaped, and
 *            writes the zombie's pid to FILE
 * SIG is a number. On an error it exits 1 and READYFILE stays empty.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "rawsig.h"

#define NSIGS	MAX_SIGNO	/* the kernel's sigset: bit n-1 is signal n */

/* The sets of signals the options name; set_flags spells their letters. */
enum { S_BLOCK, S_IGNORE, S_CATCH, S_PROCESS, S_THREAD, NSETS };
static const char	 set_flags[NSETS + 1] = "bicpP";

struct opts {
	uint64_t	 sets[NSETS];
	const char	*name;
	const char	*zombie_file;
	bool		 extra_thread;
	uint64_t	 survivor_mask;	/* -x: 0, the main thread stays */
	long		 uid;		/* -1: stay */
};

static uint64_t
bit(int sig)
{
	return UINT64_C(1) << (sig - 1);
}

static void
on_signal(int sig)
{
	(void)sig;
}

static void
set_action(int sig, void (*handler)(int))
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) == -1)
		err(1, "sigaction %d", sig);
}

/*
 * Nothing pending, nothing blocked, every disposition the default.
 * SIG_IGN first discards a pending signal, which SIG_DFL and the empty
 * mask would otherwise deliver (and die of).
 */
static void
forget_inherited(void)
{
	int	 sig;

	for (sig = 1; sig <= NSIGS; sig++)
		if (sig != SIGKILL && sig != SIGSTOP) {
			raw_action(sig, SIG_IGN);
			raw_action(sig, SIG_DFL);
		}
	raw_mask(SIG_SETMASK, 0);
}

static void
become(long uid)
{
	if (setgroups(0, NULL) == -1 || setresgid((gid_t)uid, (gid_t)uid,
	    (gid_t)uid) == -1 || setresuid((uid_t)uid, (uid_t)uid,
	    (uid_t)uid) == -1)
		err(1, "cannot become uid %ld", uid);
}

/*
 * Before anything else is set up: the zombie then has the plain state,
 * and the SIGCHLD of its end is discarded (SIGCHLD at SIG_DFL) rather
 * than left pending.
 */
static void
make_zombie(const char *file)
{
	siginfo_t	 si;
	FILE		*f;
	pid_t		 pid;

	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0)
		_exit(0);
	/* WNOWAIT: wait until it is a zombie, and leave it one. */
	memset(&si, 0, sizeof si);
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		if (errno != EINTR)
			err(1, "waitid");
	if ((f = fopen(file, "w")) == NULL || fprintf(f, "%ld\n", (long)pid) < 0 ||
	    fclose(f) == EOF)
		err(1, "%s", file);
}

static void *
idle(void *arg)
{
	(void)arg;
	while (pause() == -1)
		;
	return NULL;
}

/* The new thread inherits a full mask: process-wide signals stay pending. */
static void
start_thread(void)
{
	pthread_t	 t;
	int		 e;

	raw_mask(SIG_SETMASK, ~UINT64_C(0));
	if ((e = pthread_create(&t, NULL, idle, NULL)) != 0)
		errx(1, "pthread_create: %s", strerror(e));
	raw_mask(SIG_SETMASK, 0);
}

static void
parse_args(int argc, char **argv, struct opts *o)
{
	const char	*set;
	int		 c;

	o->uid = -1;
	while ((c = getopt(argc, argv, "b:i:c:p:P:n:tu:x:z:")) != -1) {
		if (c != 0 && (set = strchr(set_flags, c)) != NULL) {
			o->sets[set - set_flags] |=
			    bit(signal_number(optarg, 1));
			continue;
		}
		switch (c) {
		case 'n':
			o->name = optarg;
			break;
		case 't':
			o->extra_thread = true;
			break;
		case 'u':
			o->uid = (long)number(optarg, 0, UINT32_MAX - 1, "uid",
			    1);
			break;
		case 'x':
			o->survivor_mask |= bit(signal_number(optarg, 1));
			break;
		case 'z':
			o->zombie_file = optarg;
			break;
		default:
			errx(1, "usage: sigstate [-b SIG] [-i SIG] [-c SIG] "
			    "[-p SIG] [-P SIG] [-n NAME] [-t] [-u UID] "
			    "[-x SIG] [-z FILE] READYFILE");
		}
	}
	if (optind != argc - 1)
		errx(1, "one READYFILE wanted");
}

/* -x: what the thread that outlives the main thread needs. */
static struct {
	uint64_t	 mask;
	pid_t		 leader;
	int		 ready;
} survivor;

/* The leader's state letter, from /proc/PID/task/PID/stat; '?' if unread. */
static char
leader_state(void)
{
	char	 path[64], buf[512], *paren;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%ld/task/%ld/stat",
	    (long)survivor.leader, (long)survivor.leader);
	if ((f = fopen(path, "r")) == NULL)
		return '?';
	buf[0] = '\0';
	if (fgets(buf, sizeof buf, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	/* "PID (COMM) S ...": the name may hold anything, ')' too. */
	return (paren = strrchr(buf, ')')) != NULL && paren[1] == ' ' ?
	    paren[2] : '?';
}

static void *
survive(void *arg)
{
	char	 line[32];
	int	 n;

	(void)arg;
	raw_mask(SIG_BLOCK, survivor.mask);
	/* Polled: the kernel tells no other thread of the leader's exit. */
	while (leader_state() != 'Z')
		usleep(1000);
	n = snprintf(line, sizeof line, "%ld\n", (long)survivor.leader);
	if (write(survivor.ready, line, (size_t)n) != n ||
	    close(survivor.ready) == -1)
		err(1, "READYFILE");
	for (;;)
		pause();
}

/* -x: the main thread ends here, a live thread left in its place. */
static void
leave_survivor(uint64_t mask, int ready)
{
	pthread_t	 t;
	int		 e;

	survivor.mask = mask;
	survivor.leader = getpid();
	survivor.ready = ready;
	if ((e = pthread_create(&t, NULL, survive, NULL)) != 0)
		errx(1, "pthread_create: %s", strerror(e));
	pthread_exit(NULL);
}

int
main(int argc, char **argv)
{
	struct opts	 o = { 0 };
	char		 line[32];
	int		 fd, n, sig;

	parse_args(argc, argv, &o);
	/* Opened now: -u may leave no right to create it later. */
	if ((fd = open(argv[optind], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1)
		err(1, "%s", argv[optind]);
	if (o.uid != -1)
		become(o.uid);
	forget_inherited();
	if (o.name != NULL && prctl(PR_SET_NAME, o.name, 0, 0, 0) == -1)
		err(1, "prctl PR_SET_NAME");
	if (o.zombie_file != NULL)
		make_zombie(o.zombie_file);
	if (o.extra_thread)
		start_thread();
	for (sig = 1; sig <= NSIGS; sig++) {
		if (o.sets[S_IGNORE] & bit(sig))
			set_action(sig, SIG_IGN);
		if (o.sets[S_CATCH] & bit(sig))
			set_action(sig, on_signal);
	}
	raw_mask(SIG_BLOCK, o.sets[S_BLOCK] | o.sets[S_PROCESS] |
	    o.sets[S_THREAD]);
	for (sig = 1; sig <= NSIGS; sig++) {
		if ((o.sets[S_PROCESS] & bit(sig)) && kill(getpid(), sig) == -1)
			err(1, "kill %d", sig);
		if ((o.sets[S_THREAD] & bit(sig)) &&
		    syscall(SYS_tgkill, getpid(), gettid(), sig) == -1)
			err(1, "tgkill %d", sig);
	}
	if (o.survivor_mask != 0)
		leave_survivor(o.survivor_mask, fd);
	/* One write: whoever sees the file non-empty sees the whole pid. */
	n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
	if (write(fd, line, (size_t)n) != n || close(fd) == -1)
		err(1, "%s", argv[optind]);
	/* pause() changes no mask, unlike sigsuspend(). */
	for (;;)
		pause();
}
