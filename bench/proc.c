/* SPDX-License-Identifier: ISC */
/*
 * Process control for the driver: starting the programs under test,
 * waiting for them with a timeout, and the scratch directory their
 * outputs go to. Each child is watched through a pidfd, so that the
 * driver can poll for "ended" beside other descriptors and never reaps
 * by accident; every live child is remembered, so that Ctrl-C leaves
 * neither processes nor files behind. What /proc says about a child
 * (memory, context switches, CPU ticks) is read here too.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

extern char	**environ;

int		 devnull;

static char	 tmpdir[PATH_MAX / 2];	/* room for a name after it */

/* Every child still running, for clean-up on an interrupt. */
static pid_t	 children[2 * MAXRUNS + 16];

static void
track(pid_t pid, bool add)
{
	size_t	 i;

	for (i = 0; i < sizeof children / sizeof children[0]; i++)
		if (add ? children[i] == 0 : children[i] == pid) {
			children[i] = add ? pid : 0;
			return;
		}
}

static void
remove_tmpdir(void)
{
	struct dirent	*d;
	DIR		*dir;

	if (tmpdir[0] == '\0' || (dir = opendir(tmpdir)) == NULL)
		return;
	while ((d = readdir(dir)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			unlinkat(dirfd(dir), d->d_name, 0);
	closedir(dir);
	rmdir(tmpdir);
}

/*
 * Interrupted: SIGTERM first, which a wrapping sigwatch forwards to its
 * command before it ends, then SIGKILL for the watchers that block it.
 */
static void
on_interrupt(int signo)
{
	struct timespec	 grace = { 0, 200000000 };
	size_t		 i;

	for (i = 0; i < sizeof children / sizeof children[0]; i++)
		if (children[i] != 0)
			kill(children[i], SIGTERM);
	nanosleep(&grace, NULL);
	for (i = 0; i < sizeof children / sizeof children[0]; i++)
		if (children[i] != 0)
			kill(children[i], SIGKILL);
	remove_tmpdir();
	signal(signo, SIG_DFL);
	raise(signo);
}

/* Outputs in memory if possible: no disk writeback in the figures. */
static void
make_tmpdir(void)
{
	const char	*base;

	if ((base = getenv("BENCH_TMPDIR")) == NULL) {
		base = getenv("TMPDIR");
		if (access("/dev/shm", W_OK | X_OK) == 0)
			base = "/dev/shm";
		else if (base == NULL)
			base = "/tmp";
	}
	snprintf(tmpdir, sizeof tmpdir, "%s/sigwatch-bench.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL)
		err(1, "mkdtemp %s", tmpdir);
	atexit(remove_tmpdir);
}

/* Ready to start children; the scratch directory. */
const char *
proc_init(void)
{
	struct sigaction	 sa;

	if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		err(1, "/dev/null");
	make_tmpdir();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return tmpdir;
}

/* A file in the scratch directory; the last eight names stay valid. */
const char *
tmp(const char *name)
{
	static char	 bufs[8][PATH_MAX];
	static int	 next;
	char		*p = bufs[next++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, name);
	return p;
}

/* A program found in PATH, as an absolute path; false if there is none. */
bool
which(const char *name, char *out)
{
	const char	*path = getenv("PATH"), *p, *end;
	size_t		 len;

	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p != '\0'; p = *end == ':' ? end + 1 : end) {
		end = strchrnul(p, ':');
		len = (size_t)(end - p);
		if (len == 0)
			continue;
		snprintf(out, PATH_MAX, "%.*s/%s", (int)len, p, name);
		if (access(out, X_OK) == 0)
			return true;
	}
	out[0] = '\0';
	return false;
}

/* Append a printf-made argument; a list starts as { .n = 0 }. */
void
arg(struct argv *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p = a->store + a->used;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(p, sizeof a->store - a->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof a->store - a->used ||
	    a->n + 1 >= (int)(sizeof a->v / sizeof a->v[0]))
		errx(2, "argument list too long");
	a->used += (size_t)n + 1;
	a->v[a->n++] = p;
	a->v[a->n] = NULL;
}

/*
 * Start argv with standard input, output and error on these descriptors
 * (-1: the driver's own), default dispositions and an empty mask.
 */
struct proc
spawn(struct argv *a, int in, int out, int errfd)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none, all;
	struct proc			 p = { .pid = 0 };
	int				 e;

	posix_spawn_file_actions_init(&fa);
	if (in >= 0)
		posix_spawn_file_actions_adddup2(&fa, in, STDIN_FILENO);
	if (out >= 0)
		posix_spawn_file_actions_adddup2(&fa, out, STDOUT_FILENO);
	if (errfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, errfd, STDERR_FILENO);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	if ((e = posix_spawn(&p.pid, a->v[0], &fa, &at, a->v, environ)) != 0) {
		errno = e;
		err(1, "cannot run %s", a->v[0]);
	}
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if ((p.pidfd = (int)syscall(SYS_pidfd_open, p.pid, 0)) == -1)
		err(1, "pidfd_open");
	track(p.pid, true);
	return p;
}

/* True once p has exited (it is not reaped). */
bool
exited(const struct proc *p, int timeout_ms)
{
	struct pollfd	 pfd = { .fd = p->pidfd, .events = POLLIN };
	int		 n;

	while ((n = poll(&pfd, 1, timeout_ms)) == -1 && errno == EINTR)
		;
	if (n == -1)
		err(1, "poll");
	return n == 1;
}

/* Reap p; its wait status, and its resources in p->ru. */
int
reap(struct proc *p)
{
	int	 status;

	while (wait4(p->pid, &status, 0, &p->ru) == -1)
		if (errno != EINTR)
			err(1, "waitpid");
	close(p->pidfd);
	track(p->pid, false);
	p->pid = 0;
	return status;
}

/* Wait up to timeout_ms for p to end; -1 (and p killed) if it did not. */
int
finish(struct proc *p, int timeout_ms)
{
	if (!exited(p, timeout_ms)) {
		kill(p->pid, SIGKILL);
		reap(p);
		return -1;
	}
	return reap(p);
}

void
kill_reap(struct proc *p)
{
	kill(p->pid, SIGKILL);
	reap(p);
}

/* Stop p and wait until it is stopped. */
void
stop(const struct proc *p)
{
	siginfo_t	 si;

	if (kill(p->pid, SIGSTOP) == -1)
		err(1, "kill");
	while (waitid(P_PID, (id_t)p->pid, &si, WSTOPPED) == -1)
		if (errno != EINTR)
			err(1, "waitid");
}

/* Wait until path exists (the receiver is ready); false if p ended. */
bool
wait_ready(const struct proc *p, const char *path)
{
	long long	 end = now() + READY_TIMEOUT * 1000000LL;

	while (access(path, F_OK) == -1) {
		if (exited(p, 1) || now() > end)
			return false;
	}
	return true;
}

/* A wait status, or finish()'s -1, in words. */
const char *
status_text(int status)
{
	static char	 buf[64];

	if (status == -1)
		return "timed out";
	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, "exit status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "killed by signal %d%s",
		    WTERMSIG(status), WCOREDUMP(status) ? " (core dumped)" : "");
	else
		snprintf(buf, sizeof buf, "wait status %#x", status);
	return buf;
}

bool
exit_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A "Key:   123 kB" field of /proc/PID/status; -1 if absent. */
long
proc_status(pid_t pid, const char *key)
{
	char	 path[64], line[256];
	size_t	 klen = strlen(key);
	long	 v = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtol(line + klen + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* utime + stime from /proc/PID/stat, in clock ticks; -1 on error. */
long
proc_ticks(pid_t pid)
{
	char		 path[64], buf[1024], *p;
	unsigned long	 ut, st;
	ssize_t		 n;
	int		 fd;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* After the comm, which may hold anything: state is field 3. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
	    &ut, &st) != 2)
		return -1;
	return (long)(ut + st);
}

long
ctxt_switches(pid_t pid)
{
	long	 v = proc_status(pid, "voluntary_ctxt_switches");
	long	 nv = proc_status(pid, "nonvoluntary_ctxt_switches");

	return v < 0 || nv < 0 ? -1 : v + nv;
}
