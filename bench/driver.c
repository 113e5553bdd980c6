/*
 * driver: the benchmark behind "make bench" (see bench/README.md).
 *
 *   driver --sigwatch=PATH --floor=PATH --sender=PATH [--runs=R]
 *          [--only=SECTION,...] [--live-n=N] [--drain-n=N] [--pings=N]
 *          [--wrap-iters=N] [--idle-secs=S]
 *
 * Runs R rounds (default 15, at least 5 advised). Each round measures, one after
 * the other: live throughput, drain throughput and ping-pong latency of
 * the three receivers (the floor, sigwatch text, sigwatch --json), in an
 * order that rotates from round to round; the wrapper overhead of
 * sigwatch, tini and dumb-init against a bare true, interleaved; and
 * sigwatch's memory. Then sigwatch's idle cost, R instances side by side
 * over one window. Every comparison is a ratio of figures from the same
 * round; the table shows the median of the R rounds and their range.
 *
 * Every run is verified: each receiver must print every value 0..N-1
 * exactly once, in order (one sender and one real-time signal: FIFO),
 * and end as expected. Progress goes to standard error, the table to
 * standard output. Exit status: 0 when every run was correct, whether
 * or not the targets were met; 1 if a signal was lost, duplicated or
 * reordered, a program crashed or timed out; 2 on a usage error.
 */
#include <dirent.h>
#include <elf.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>	/* NAN */
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char	**environ;

#define NSEC		1000000000LL
#define MAXRUNS		64
#define LIVE_N		200000
#define PINGS		10000
#define PING_WARMUP	500
#define WRAP_ITERS	60
#define IDLE_SECS	5
#define MEM_WARMUP	5000	/* signals that fill the batch and the buffer */
#define READY_TIMEOUT	5000	/* ms */

/* ------------------------------------------------------------------ */
/* Options and the programs under test                                */

enum section { S_LIVE = 1, S_DRAIN = 2, S_LATENCY = 4, S_WRAPPER = 8,
	S_MEMORY = 16, S_IDLE = 32, S_ALL = 63 };

static struct {
	const char	*sigwatch, *floor, *sender;
	int		 runs;
	unsigned	 sections;
	long		 live_n, drain_n, pings, wrap_iters, idle_secs;
} opt = {
	.runs = 15, .sections = S_ALL, .live_n = LIVE_N, .drain_n = 0,
	.pings = PINGS, .wrap_iters = WRAP_ITERS, .idle_secs = IDLE_SECS,
};

static char	 path_true[PATH_MAX], path_sleep[PATH_MAX];
static char	 path_tini[PATH_MAX], path_dumb[PATH_MAX];
static char	 path_tini_static[PATH_MAX];
static char	 tmpdir[PATH_MAX / 2];	/* room for a name after it */
static int	 devnull;
static int	 sig;		/* SIGRTMIN */
static char	 sigstr[16];
static bool	 failed;	/* a run was incorrect: exit 1 */

/* The receivers whose throughput and latency are compared. */
enum rx { RX_FLOOR, RX_TEXT, RX_JSON, NRX };
static const char *const rx_name[NRX] = { "floor", "sigwatch text", "sigwatch --json" };
static const char *const rx_file[NRX] = { "floor", "text", "json" };

/* ------------------------------------------------------------------ */
/* Small helpers                                                      */

static long long
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void
sleep_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static char *
tmp(const char *name)
{
	static char	 bufs[8][PATH_MAX];
	static int	 next;
	char		*p = bufs[next++ % 8];

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, name);
	return p;
}

/* Failures are reported as they happen and listed again at the end. */
static char	 failures[4096];

__attribute__((format(printf, 1, 2)))
static void
fail(const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "bench: FAILED: %s\n", line);
	if (strlen(failures) + strlen(line) + 8 < sizeof failures) {
		strcat(failures, "  ");
		strcat(failures, line);
		strcat(failures, "\n");
	}
	failed = true;
}

/* A program found in PATH, as an absolute path; false if there is none. */
static bool
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

/* ------------------------------------------------------------------ */
/* Processes                                                          */

struct proc {
	pid_t	 pid;
	int	 pidfd;
};

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

struct argv {
	char	*v[40];
	int	 n;
	char	 store[8192];
	size_t	 used;
};

__attribute__((format(printf, 2, 3)))
static void
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
static struct proc
spawn(struct argv *a, int in, int out, int errfd)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none, all;
	struct proc			 p;
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
static bool
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

/* The resources of the child reaped last. */
static struct rusage	 last_ru;

/* Reap p; its wait status. */
static int
reap(struct proc *p)
{
	int	 status;

	while (wait4(p->pid, &status, 0, &last_ru) == -1)
		if (errno != EINTR)
			err(1, "waitpid");
	close(p->pidfd);
	track(p->pid, false);
	p->pid = 0;
	return status;
}

/* Wait up to timeout_ms for p to end; -1 (and p killed) if it did not. */
static int
finish(struct proc *p, int timeout_ms)
{
	if (!exited(p, timeout_ms)) {
		kill(p->pid, SIGKILL);
		reap(p);
		return -1;
	}
	return reap(p);
}

static void
kill_reap(struct proc *p)
{
	kill(p->pid, SIGKILL);
	reap(p);
}

static const char *
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

static bool
exit_ok(int status)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Wait until path exists (the receiver is ready); false if p ended. */
static bool
wait_ready(const struct proc *p, const char *path)
{
	long long	 end = now() + READY_TIMEOUT * 1000000LL;

	while (access(path, F_OK) == -1) {
		if (exited(p, 1) || now() > end)
			return false;
	}
	return true;
}

/* Stop p and wait until it is stopped. */
static void
stop(const struct proc *p)
{
	siginfo_t	 si;

	if (kill(p->pid, SIGSTOP) == -1)
		err(1, "kill");
	while (waitid(P_PID, (id_t)p->pid, &si, WSTOPPED) == -1)
		if (errno != EINTR)
			err(1, "waitid");
}

static void	 remove_tmpdir(void);

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

/* ------------------------------------------------------------------ */
/* /proc                                                              */

/* A "Key:   123 kB" field of /proc/PID/status; -1 if absent. */
static long
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
static long
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

static long
ctxt_switches(pid_t pid)
{
	long	 v = proc_status(pid, "voluntary_ctxt_switches");
	long	 nv = proc_status(pid, "nonvoluntary_ctxt_switches");

	return v < 0 || nv < 0 ? -1 : v + nv;
}

/* ------------------------------------------------------------------ */
/* Checking what a receiver wrote                                     */

/* The value on a line (between p and end), or -1 if it has none. */
static long
line_value(const char *p, const char *end)
{
	const char	*q;
	long		 v = 0;

	if ((q = memmem(p, (size_t)(end - p), "value=", 6)) != NULL)
		q += 6;
	else if ((q = memmem(p, (size_t)(end - p), "\"value\":", 8)) != NULL)
		q += 8;
	else
		return -1;
	if (q >= end || *q < '0' || *q > '9')
		return -2;
	while (q < end && *q >= '0' && *q <= '9')
		v = v * 10 + (*q++ - '0');
	return v;
}

/*
 * The file must hold the values 0..seg[0]-1, then 0..seg[1]-1, ..., each
 * once and in order, and (unless others) no line without a value. On a
 * mismatch, why says what went wrong: how many values were lost and
 * duplicated, or where the order broke.
 */
static bool
verify(const char *path, const long *seg, int nseg, bool others, char *why,
    size_t whylen)
{
	const char	*base, *p, *end, *nl;
	long		 expect = 0, v, line = 0, total = 0, seen = 0, i;
	long		 first_bad = -1, first_v = 0, first_e = 0;
	unsigned char	*cnt = NULL;
	struct stat	 st;
	int		 s = 0, fd;
	bool		 ok;

	for (i = 0; i < nseg; i++)
		total += seg[i];
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 || fstat(fd, &st) == -1) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		return false;
	}
	if (st.st_size == 0) {
		close(fd);
		snprintf(why, whylen, "no output at all (%ld values expected)",
		    total);
		return false;
	}
	base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		err(1, "mmap %s", path);
	end = base + st.st_size;
	if (nseg == 1 && (cnt = calloc((size_t)total, 1)) == NULL)
		err(1, "calloc");
	for (p = base; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			snprintf(why, whylen, "line %ld is cut short", line);
			munmap((void *)base, (size_t)st.st_size);
			free(cnt);
			return false;
		}
		if ((v = line_value(p, nl)) == -1 && others)
			continue;
		if (v < 0) {
			snprintf(why, whylen, "line %ld has no value: %.*s",
			    line, (int)(nl - p > 120 ? 120 : nl - p), p);
			munmap((void *)base, (size_t)st.st_size);
			free(cnt);
			return false;
		}
		seen++;
		if (cnt != NULL && v < total && cnt[v] < 255)
			cnt[v]++;
		if (s < nseg && v == expect) {
			if (++expect == seg[s])
				s++, expect = 0;
		} else if (first_bad == -1) {
			first_bad = line;
			first_v = v;
			first_e = s < nseg ? expect : -1;
		}
	}
	munmap((void *)base, (size_t)st.st_size);
	ok = first_bad == -1 && s == nseg;
	if (!ok && cnt != NULL) {
		long	 lost = 0, dup = 0, stray = seen;

		for (i = 0; i < total; i++) {
			lost += cnt[i] == 0;
			dup += cnt[i] > 1 ? cnt[i] - 1 : 0;
			stray -= cnt[i];
		}
		snprintf(why, whylen, "%ld lines for %ld values: %ld lost, "
		    "%ld duplicated, %ld out of range%s", seen, total, lost,
		    dup, stray, lost == 0 && dup == 0 && stray == 0 ?
		    ", out of order" : "");
	} else if (!ok && first_bad != -1)
		snprintf(why, whylen, "line %ld: value %ld where %ld was due",
		    first_bad, first_v, first_e);
	else if (!ok)
		snprintf(why, whylen, "%ld values of %ld arrived", seen, total);
	free(cnt);
	return ok;
}

/* The value on the last line of path, or -1. */
static long
last_value(const char *path)
{
	char		 buf[4096];
	const char	*end, *start;
	struct stat	 st;
	off_t		 off;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_size == 0) {
		close(fd);
		return -1;
	}
	off = st.st_size > (off_t)sizeof buf ? st.st_size - (off_t)sizeof buf : 0;
	n = pread(fd, buf, sizeof buf, off);
	close(fd);
	if (n <= 0 || buf[n - 1] != '\n')
		return -1;
	end = buf + n - 1;
	for (start = end; start > buf && start[-1] != '\n'; start--)
		;
	return line_value(start, end);
}

/* Wait until the last line of path carries value v; false if p ended. */
static bool
wait_last_value(const struct proc *p, const char *path, long v, int timeout_ms)
{
	long long	 end = now() + timeout_ms * 1000000LL;

	while (last_value(path) != v) {
		if (exited(p, 2) || now() > end)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* Statistics and the table                                           */

struct series {
	double	 v[MAXRUNS];
	int	 n;
	bool	 failed;
};

static void
add(struct series *s, double x)
{
	if (s->n < MAXRUNS)
		s->v[s->n++] = x;
}

static int
dcmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
median(const struct series *s, double *lo, double *hi)
{
	double	 v[MAXRUNS];

	memcpy(v, s->v, sizeof v[0] * (size_t)s->n);
	qsort(v, (size_t)s->n, sizeof v[0], dcmp);
	*lo = v[0];
	*hi = v[s->n - 1];
	return s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
}

/* How a row's numbers are shown. */
enum fmt { F_RATE, F_RATIO, F_US, F_INT };

static void
show(char *buf, size_t len, enum fmt f, double x)
{
	switch (f) {
	case F_RATE:
		if (x >= 1e6)
			snprintf(buf, len, "%.2fM", x / 1e6);
		else
			snprintf(buf, len, "%.0fk", x / 1e3);
		break;
	case F_RATIO:
		snprintf(buf, len, "%.2f", x);
		break;
	case F_US:
		snprintf(buf, len, x >= 100 ? "%.0f" : "%.1f", x);
		break;
	case F_INT:
		snprintf(buf, len, "%.0f", x);
		break;
	}
}

static int	 targets, met, missed;
static char	 missed_list[4096];
static const char *section;	/* for the list of misses */

/*
 * One row: label, the series, and a target (op ">=" or "<=" and a
 * bound; op NULL for none). The verdict is the median's.
 */
static void
row(const char *label, const struct series *s, enum fmt f, const char *unit,
    const char *op, double bound)
{
	char	 med[32], lo[32], hi[32], range[80], target[32], verdict[64];
	double	 m, l, h;

	target[0] = verdict[0] = '\0';
	if (op != NULL) {
		snprintf(target, sizeof target, "%s ", op);
		show(target + strlen(target), sizeof target - strlen(target),
		    f, bound);
	}
	if (s->failed || s->n == 0) {
		printf("  %-34s %10s  %-21s %-6s %-9s %s\n", label,
		    s->failed ? "-" : "n/a", "", unit, target,
		    s->failed ? "FAILED (see Correctness below)" :
		    op != NULL ? "n/a (not measured)" : "");
		if (op != NULL) {
			targets++;
			missed++;
			snprintf(missed_list + strlen(missed_list),
			    sizeof missed_list - strlen(missed_list),
			    "  %s, %s: %s\n", section, label, s->failed ?
			    "FAILED" : "not measured");
		}
		return;
	}
	m = median(s, &l, &h);
	show(med, sizeof med, f, m);
	show(lo, sizeof lo, f, l);
	show(hi, sizeof hi, f, h);
	snprintf(range, sizeof range, "[%s - %s]", lo, hi);
	if (op != NULL) {
		bool	 ok = strcmp(op, ">=") == 0 ? m >= bound : m <= bound;

		targets++;
		if (ok) {
			met++;
			snprintf(verdict, sizeof verdict, "met");
		} else {
			missed++;
			if (bound != 0)
				snprintf(verdict, sizeof verdict,
				    "MISSED by %.0f%%",
				    (m > bound ? m - bound : bound - m) /
				    bound * 100);
			else
				snprintf(verdict, sizeof verdict,
				    "MISSED by %s", med);
			snprintf(missed_list + strlen(missed_list),
			    sizeof missed_list - strlen(missed_list),
			    "  %s, %s: %s %s, target %s\n", section, label,
			    med, unit,
			    target);
		}
	}
	printf("  %-34s %10s  %-21s %-6s %-9s %s\n", label, med, range, unit,
	    target, verdict);
}

static void
heading(const char *fmt, ...)
{
	va_list	 ap;

	printf("\n");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ------------------------------------------------------------------ */
/* The receivers                                                      */

/*
 * The receiver r, for the real-time signal only, ending after count
 * signals (0: never), ready when ready exists, writing to out (NULL:
 * standard output).
 */
static void
rx_argv(struct argv *a, enum rx r, long count, const char *ready,
    const char *out)
{
	a->n = 0;
	a->used = 0;
	if (r == RX_FLOOR) {
		arg(a, "%s", opt.floor);
		arg(a, "-s");
		arg(a, "%s", sigstr);
		arg(a, "-r");
		arg(a, "%s", ready);
		if (count > 0) {
			arg(a, "-n");
			arg(a, "%ld", count);
		}
	} else {
		arg(a, "%s", opt.sigwatch);
		arg(a, "-q");
		if (r == RX_JSON)
			arg(a, "--json");
		arg(a, "--signals=%s", sigstr);
		arg(a, "--pidfile=%s", ready);
		if (count > 0)
			arg(a, "--count=%ld", count);
	}
	if (out != NULL) {
		arg(a, "-o");
		arg(a, "%s", out);
	}
}

/* Start receiver r and wait until it is ready; false if it failed. */
static bool
rx_start(struct proc *p, enum rx r, long count, const char *out, int outfd,
    const char *what)
{
	struct argv	 a;
	const char	*ready = tmp("ready");
	int		 status;

	unlink(ready);
	rx_argv(&a, r, count, ready, out);
	*p = spawn(&a, devnull, outfd, -1);
	if (!wait_ready(p, ready)) {
		status = finish(p, 0);
		fail("%s, %s: never became ready (%s)", what, rx_name[r],
		    status_text(status));
		return false;
	}
	return true;
}

/* Parse "key=NUMBER" out of a line. */
static bool
field(const char *line, const char *key, double *v)
{
	const char	*p = line;
	size_t		 klen = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == line || p[-1] == ' ') && p[klen] == '=') {
			*v = strtod(p + klen + 1, NULL);
			return true;
		}
		p += klen;
	}
	return false;
}

/* Everything a child wrote on a pipe, after it ended. */
static void
slurp(int fd, char *buf, size_t len)
{
	size_t	 have = 0;
	ssize_t	 n;

	while (have < len - 1 && (n = read(fd, buf + have, len - 1 - have)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(1, "read");
		have += (size_t)n;
	}
	buf[have] = '\0';
	close(fd);
}

static struct proc
sender(int outfd, int infd, const char *mode, pid_t pid, long n, long warm,
    bool once)
{
	struct argv	 a = { .n = 0 };

	arg(&a, "%s", opt.sender);
	arg(&a, "%s", mode);
	if (once)
		arg(&a, "-x");
	arg(&a, "%ld", (long)pid);
	arg(&a, "%s", sigstr);
	arg(&a, "%ld", n);
	if (warm >= 0)
		arg(&a, "%ld", warm);
	return spawn(&a, infd >= 0 ? infd : devnull, outfd, -1);
}

/* ------------------------------------------------------------------ */
/* 1. Throughput                                                      */

static struct series	 live[NRX], live_ratio[NRX], live_sender[NRX];
static struct series	 live_eagain[NRX];
static struct series	 drain[NRX], drain_ratio[NRX];
static struct series	 drain_user[NRX], drain_sys[NRX];
static bool		 broken[NRX];	/* an incorrect run: no more runs */

/*
 * Live: the sender queues live_n signals while r receives them; from
 * just before the first sigqueue() to the receiver's exit after the
 * last line. Signals per second, or -1 if the run was incorrect.
 */
static double
run_live(enum rx r, int round)
{
	char		 what[64], out[256], why[256];
	const char	*file = tmp(rx_file[r]);
	struct proc	 rx, tx;
	long long	 t1 = 0, deadline = 0;
	double		 start, rate, eagain;
	int		 pfd[2], status, txstatus = 0;
	bool		 tx_done = false;

	snprintf(what, sizeof what, "live round %d", round + 1);
	if (!rx_start(&rx, r, opt.live_n, file, -1, what))
		return -1;
	if (pipe2(pfd, O_CLOEXEC) == -1)
		err(1, "pipe");
	tx = sender(pfd[1], -1, "flood", rx.pid, opt.live_n, -1, false);
	close(pfd[1]);
	for (;;) {
		struct pollfd	 w[2] = {
			{ .fd = rx.pidfd, .events = POLLIN },
			{ .fd = tx_done ? -1 : tx.pidfd, .events = POLLIN },
		};
		int		 timeout = tx_done ?
		    (int)((deadline - now()) / 1000000) : 60000;

		if (timeout < 0)
			timeout = 0;
		if (poll(w, 2, timeout) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		if (w[0].revents != 0) {
			t1 = now();
			break;
		}
		if (w[1].revents != 0) {
			tx_done = true;
			txstatus = reap(&tx);
			deadline = now() + 10 * NSEC;
			continue;
		}
		if (tx_done && now() >= deadline)
			break;
		if (!tx_done) {
			kill(tx.pid, SIGKILL);
			tx_done = true;
			txstatus = reap(&tx);
			break;
		}
	}
	if (!tx_done)
		txstatus = finish(&tx, 30000);
	status = t1 != 0 ? reap(&rx) : finish(&rx, 0);
	slurp(pfd[0], out, sizeof out);
	if (!exit_ok(txstatus)) {
		fail("%s, %s: the sender failed (%s)", what, rx_name[r],
		    status_text(txstatus));
		return -1;
	}
	if (!exit_ok(status)) {
		fail("%s, %s: %s", what, rx_name[r], t1 == 0 ?
		    "did not end within 10 s of the last signal: signals lost" :
		    status_text(status));
		if (!verify(file, &opt.live_n, 1, false, why, sizeof why))
			fail("%s, %s: %s", what, rx_name[r], why);
		unlink(file);
		return -1;
	}
	if (!verify(file, &opt.live_n, 1, false, why, sizeof why)) {
		fail("%s, %s: %s", what, rx_name[r], why);
		unlink(file);
		return -1;
	}
	unlink(file);
	if (!field(out, "start", &start) || !field(out, "rate", &rate) ||
	    !field(out, "eagain", &eagain))
		errx(1, "cannot parse the sender's report: %s", out);
	add(&live_sender[r], rate);
	add(&live_eagain[r], eagain);
	return (double)opt.live_n * NSEC / (double)(t1 - (long long)start);
}

/*
 * Drain: r is stopped, drain_n signals are queued, and r is continued;
 * from SIGCONT to its exit after the last line.
 */
static double
run_drain(enum rx r, int round)
{
	char		 what[64], why[256];
	const char	*file = tmp(rx_file[r]);
	struct proc	 rx, tx;
	long long	 t0, t1;
	int		 status;

	snprintf(what, sizeof what, "drain round %d", round + 1);
	if (!rx_start(&rx, r, opt.drain_n, file, -1, what))
		return -1;
	stop(&rx);
	tx = sender(devnull, -1, "flood", rx.pid, opt.drain_n, -1, true);
	if (!exit_ok(status = finish(&tx, 60000))) {
		fail("%s, %s: could not queue %ld signals (%s): is ulimit -i "
		    "in use by other processes?", what, rx_name[r],
		    opt.drain_n, status_text(status));
		kill_reap(&rx);
		unlink(file);
		return -1;
	}
	t0 = now();
	kill(rx.pid, SIGCONT);
	if (exited(&rx, 30000)) {
		t1 = now();
		status = reap(&rx);
		if (exit_ok(status)) {
			add(&drain_user[r], ((double)last_ru.ru_utime.tv_sec *
			    1e9 + last_ru.ru_utime.tv_usec * 1e3) /
			    (double)opt.drain_n);
			add(&drain_sys[r], ((double)last_ru.ru_stime.tv_sec *
			    1e9 + last_ru.ru_stime.tv_usec * 1e3) /
			    (double)opt.drain_n);
		}
	} else {
		t1 = 0;
		status = finish(&rx, 0);
	}
	if (!exit_ok(status))
		fail("%s, %s: %s", what, rx_name[r], t1 == 0 ?
		    "did not end within 30 s: signals lost" : status_text(status));
	if (!verify(file, &opt.drain_n, 1, false, why, sizeof why)) {
		fail("%s, %s: %s", what, rx_name[r], why);
		status = -1;
	}
	unlink(file);
	return exit_ok(status) ? (double)opt.drain_n * NSEC / (double)(t1 - t0) :
	    -1;
}

/* ------------------------------------------------------------------ */
/* 2. Latency                                                         */

static struct series	 lat50[NRX], lat99[NRX], lat50_ratio[NRX], lat99_ratio[NRX];

/* Ping-pong through a pipe; p50 and p99 in microseconds. */
static bool
run_latency(enum rx r, int round, double *p50, double *p99)
{
	char		 what[64], out[256];
	struct proc	 rx, tx;
	int		 pfd[2], rpfd[2], status, txstatus;

	snprintf(what, sizeof what, "latency round %d", round + 1);
	if (pipe2(pfd, O_CLOEXEC) == -1 || pipe2(rpfd, O_CLOEXEC) == -1)
		err(1, "pipe");
	if (!rx_start(&rx, r, opt.pings + PING_WARMUP, NULL, pfd[1], what)) {
		close(pfd[0]);
		close(pfd[1]);
		close(rpfd[0]);
		close(rpfd[1]);
		return false;
	}
	close(pfd[1]);
	tx = sender(rpfd[1], pfd[0], "ping", rx.pid, opt.pings, PING_WARMUP,
	    false);
	close(rpfd[1]);
	close(pfd[0]);
	txstatus = finish(&tx, 120000);
	slurp(rpfd[0], out, sizeof out);
	status = finish(&rx, 5000);
	if (!exit_ok(txstatus)) {
		fail("%s, %s: ping-pong failed (%s)", what, rx_name[r],
		    status_text(txstatus));
		return false;
	}
	if (!exit_ok(status)) {
		fail("%s, %s: %s", what, rx_name[r], status_text(status));
		return false;
	}
	if (!field(out, "p50", p50) || !field(out, "p99", p99))
		errx(1, "cannot parse the sender's report: %s", out);
	*p50 /= 1000;
	*p99 /= 1000;
	return true;
}

/* ------------------------------------------------------------------ */
/* 3. Wrapper overhead                                                */

enum wcmd { W_TRUE, W_SIGWATCH, W_TINI, W_DUMB, W_TINI_STATIC, NW };
static const char *const w_name[NW] = {
	"true", "sigwatch -- true", "tini -s -- true", "dumb-init true",
	"tini-static -s -- true"
};
static struct series	 wtime[NW], wover[NW], wratio_tini, wratio_dumb;
static struct series	 wratio_tini_static;
static bool		 w_have[NW];

static void
w_argv(struct argv *a, enum wcmd c)
{
	a->n = 0;
	a->used = 0;
	switch (c) {
	case W_TRUE:
		break;
	case W_SIGWATCH:
		arg(a, "%s", opt.sigwatch);
		arg(a, "-q");
		arg(a, "-o");
		arg(a, "/dev/null");
		arg(a, "--");
		break;
	case W_TINI:
		arg(a, "%s", path_tini);
		arg(a, "-s");
		arg(a, "--");
		break;
	case W_DUMB:
		arg(a, "%s", path_dumb);
		break;
	case W_TINI_STATIC:
		arg(a, "%s", path_tini_static);
		arg(a, "-s");
		arg(a, "--");
		break;
	case NW:
		break;
	}
	arg(a, "%s", path_true);
}

static void
round_wrapper(int round)
{
	static double	 t[NW][1000];
	struct argv	 a;
	struct proc	 p;
	long long	 t0, t1;
	double		 med[NW], lo, hi;
	long		 i;
	int		 j, c, status;

	for (i = 0; i < opt.wrap_iters; i++)
		for (j = 0; j < NW; j++) {
			c = (int)((i + j + round) % NW);
			if (!w_have[c])
				continue;
			w_argv(&a, (enum wcmd)c);
			t0 = now();
			p = spawn(&a, devnull, devnull, devnull);
			status = finish(&p, 10000);
			t1 = now();
			if (!exit_ok(status)) {
				fail("wrapper round %d: %s: %s", round + 1,
				    w_name[c], status_text(status));
				w_have[c] = false;
				wtime[c].failed = wover[c].failed = true;
				if (c != W_DUMB && c != W_TINI_STATIC)
					wratio_tini.failed = true;
				if (c != W_TINI && c != W_TINI_STATIC)
					wratio_dumb.failed = true;
				if (c != W_TINI && c != W_DUMB)
					wratio_tini_static.failed = true;
				continue;
			}
			t[c][i] = (double)(t1 - t0) / 1000;
		}
	for (c = 0; c < NW; c++) {
		struct series	 s = { .n = 0 };

		if (!w_have[c])
			continue;
		for (i = 0; i < opt.wrap_iters; i++)
			add(&s, t[c][i]);
		med[c] = median(&s, &lo, &hi);
		add(&wtime[c], med[c]);
		if (c != W_TRUE && w_have[W_TRUE])
			add(&wover[c], med[c] - med[W_TRUE]);
	}
	if (w_have[W_TRUE] && w_have[W_SIGWATCH] && w_have[W_TINI])
		add(&wratio_tini, (med[W_SIGWATCH] - med[W_TRUE]) /
		    (med[W_TINI] - med[W_TRUE]));
	if (w_have[W_TRUE] && w_have[W_SIGWATCH] && w_have[W_DUMB])
		add(&wratio_dumb, (med[W_SIGWATCH] - med[W_TRUE]) /
		    (med[W_DUMB] - med[W_TRUE]));
	if (w_have[W_TRUE] && w_have[W_SIGWATCH] && w_have[W_TINI_STATIC])
		add(&wratio_tini_static, (med[W_SIGWATCH] - med[W_TRUE]) /
		    (med[W_TINI_STATIC] - med[W_TRUE]));
	fprintf(stderr, "  wrapper:  true %.0f us, sigwatch %.0f, tini %.0f, "
	    "dumb-init %.0f\n", w_have[W_TRUE] ? med[W_TRUE] : NAN,
	    w_have[W_SIGWATCH] ? med[W_SIGWATCH] : NAN,
	    w_have[W_TINI] ? med[W_TINI] : NAN, w_have[W_DUMB] ? med[W_DUMB] : NAN);
}

/* ------------------------------------------------------------------ */
/* 4. Memory                                                          */

enum { M_TEXT, M_JSON, NM };
static struct series	 m_watch[NM], m_anon[NM], m_flood[NM], m_growth[NM];
static struct series	 m_wrap, m_floor;

/*
 * sigwatch watching every signal: peak RSS once ready; then a drain of
 * MEM_WARMUP signals (full batches, a full output buffer) and a live
 * flood of live_n; growth is VmRSS after the flood minus VmRSS after the
 * warm-up.
 */
static void
mem_failed(int m)
{
	m_watch[m].failed = m_anon[m].failed = m_flood[m].failed =
	    m_growth[m].failed = true;
}

static bool
run_memory(int m, int round)
{
	struct argv	 a = { .n = 0 };
	const char	*file = tmp("mem"), *ready = tmp("ready");
	char		 why[256];
	struct proc	 sw, tx;
	long		 seg[2] = { MEM_WARMUP, opt.live_n };
	long		 hwm, anon, rss0, rss1, hwm1;
	int		 status;

	unlink(ready);
	arg(&a, "%s", opt.sigwatch);
	arg(&a, "-q");
	if (m == M_JSON)
		arg(&a, "--json");
	arg(&a, "--pidfile=%s", ready);
	arg(&a, "-o");
	arg(&a, "%s", file);
	sw = spawn(&a, devnull, -1, -1);
	if (!wait_ready(&sw, ready)) {
		fail("memory round %d: sigwatch never became ready (%s)",
		    round + 1, status_text(finish(&sw, 0)));
		mem_failed(m);
		return false;
	}
	sleep_ms(20);
	hwm = proc_status(sw.pid, "VmHWM");
	anon = proc_status(sw.pid, "RssAnon");

	stop(&sw);
	tx = sender(devnull, -1, "flood", sw.pid, MEM_WARMUP, -1, true);
	status = finish(&tx, 30000);
	kill(sw.pid, SIGCONT);
	if (!exit_ok(status) ||
	    !wait_last_value(&sw, file, MEM_WARMUP - 1, 10000))
		goto bad;
	rss0 = proc_status(sw.pid, "VmRSS");

	tx = sender(devnull, -1, "flood", sw.pid, opt.live_n, -1, false);
	status = finish(&tx, 60000);
	if (!exit_ok(status) ||
	    !wait_last_value(&sw, file, opt.live_n - 1, 10000))
		goto bad;
	rss1 = proc_status(sw.pid, "VmRSS");
	hwm1 = proc_status(sw.pid, "VmHWM");
	if (exited(&sw, 0))
		goto bad;
	kill_reap(&sw);
	/* The SIGCONT that ended the warm-up is a line without a value. */
	if (!verify(file, seg, 2, true, why, sizeof why)) {
		fail("memory round %d, sigwatch%s: %s", round + 1,
		    m == M_JSON ? " --json" : "", why);
		unlink(file);
		mem_failed(m);
		return false;
	}
	unlink(file);
	add(&m_watch[m], (double)hwm);
	add(&m_anon[m], (double)anon);
	add(&m_flood[m], (double)hwm1);
	add(&m_growth[m], (double)(rss1 - rss0));
	return true;
bad:
	if (exited(&sw, 0))
		fail("memory round %d: sigwatch ended (%s)", round + 1,
		    status_text(reap(&sw)));
	else {
		fail("memory round %d: the flood did not get through", round + 1);
		kill_reap(&sw);
	}
	if (!verify(file, seg, 2, true, why, sizeof why))
		fail("memory round %d: %s", round + 1, why);
	unlink(file);
	mem_failed(m);
	return false;
}

/* sigwatch wrapping sleep, and the floor, each once ready. */
static void
run_memory_other(int round)
{
	struct argv	 a = { .n = 0 };
	const char	*file = tmp("wrap"), *ready = tmp("ready");
	struct proc	 p;
	long long	 end;
	long		 hwm;
	char		 buf[512];
	int		 status, fd;
	ssize_t		 n;

	unlink(ready);
	arg(&a, "%s", opt.sigwatch);
	arg(&a, "-q");
	arg(&a, "--pidfile=%s", ready);
	arg(&a, "-o");
	arg(&a, "%s", file);
	arg(&a, "--");
	arg(&a, "%s", path_sleep);
	arg(&a, "60");
	p = spawn(&a, devnull, -1, -1);
	if (!wait_ready(&p, ready)) {
		fail("memory round %d: sigwatch -- sleep never became ready "
		    "(%s)", round + 1, status_text(finish(&p, 0)));
		m_wrap.failed = true;
		goto floor;
	}
	/* Until the started event is out. */
	end = now() + READY_TIMEOUT * 1000000LL;
	for (;;) {
		n = 0;
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) != -1) {
			n = read(fd, buf, sizeof buf - 1);
			close(fd);
		}
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "started") != NULL || now() > end ||
		    exited(&p, 1))
			break;
	}
	sleep_ms(20);
	hwm = proc_status(p.pid, "VmHWM");
	kill(p.pid, SIGTERM);
	status = finish(&p, 5000);
	/* SIGTERM is forwarded to sleep, which dies of it: 128 + 15. */
	if (status == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 128 + SIGTERM) {
		fail("memory round %d: sigwatch -- sleep: %s, not exit "
		    "status 143 after SIGTERM", round + 1, status_text(status));
		m_wrap.failed = true;
	} else
		add(&m_wrap, (double)hwm);
	unlink(file);
floor:
	if (!rx_start(&p, RX_FLOOR, 0, file, -1, "memory")) {
		m_floor.failed = true;
		return;
	}
	sleep_ms(20);
	add(&m_floor, (double)proc_status(p.pid, "VmHWM"));
	kill_reap(&p);
	unlink(file);
}

/* ------------------------------------------------------------------ */
/* 5. Idle                                                            */

static struct series	 idle_cs, idle_ticks, idle_wcs, idle_wticks;

static void
run_idle(void)
{
	struct proc	 w[MAXRUNS], c[MAXRUNS];
	long		 cs0[MAXRUNS], t0[MAXRUNS], wcs0[MAXRUNS], wt0[MAXRUNS];
	char		 ready[64];
	int		 i, k = opt.runs, status;

	fprintf(stderr, "idle: %d sigwatch watching and %d wrapping sleep, "
	    "side by side, for %ld s\n", k, k, opt.idle_secs);
	for (i = 0; i < k; i++) {
		struct argv	 a = { .n = 0 };

		snprintf(ready, sizeof ready, "idle-w%d", i);
		arg(&a, "%s", opt.sigwatch);
		arg(&a, "-q");
		arg(&a, "--pidfile=%s", tmp(ready));
		arg(&a, "-o");
		arg(&a, "/dev/null");
		w[i] = spawn(&a, devnull, -1, -1);
		a.n = 0;
		a.used = 0;
		snprintf(ready, sizeof ready, "idle-c%d", i);
		arg(&a, "%s", opt.sigwatch);
		arg(&a, "-q");
		arg(&a, "--pidfile=%s", tmp(ready));
		arg(&a, "-o");
		arg(&a, "/dev/null");
		arg(&a, "--");
		arg(&a, "%s", path_sleep);
		arg(&a, "%ld", opt.idle_secs + 30);
		c[i] = spawn(&a, devnull, -1, -1);
	}
	for (i = 0; i < k; i++) {
		snprintf(ready, sizeof ready, "idle-w%d", i);
		if (!wait_ready(&w[i], tmp(ready))) {
			fail("idle: sigwatch never became ready");
			idle_cs.failed = idle_ticks.failed = true;
		}
		snprintf(ready, sizeof ready, "idle-c%d", i);
		if (!wait_ready(&c[i], tmp(ready))) {
			fail("idle: sigwatch -- sleep never became ready");
			idle_wcs.failed = idle_wticks.failed = true;
		}
	}
	/* Let start-up settle (the command's exec, the started event). */
	sleep_ms(300);
	for (i = 0; i < k; i++) {
		cs0[i] = ctxt_switches(w[i].pid);
		t0[i] = proc_ticks(w[i].pid);
		wcs0[i] = ctxt_switches(c[i].pid);
		wt0[i] = proc_ticks(c[i].pid);
	}
	sleep_ms(opt.idle_secs * 1000);
	for (i = 0; i < k; i++) {
		if (exited(&w[i], 0)) {
			fail("idle: sigwatch ended (%s)",
			    status_text(reap(&w[i])));
			idle_cs.failed = idle_ticks.failed = true;
		} else {
			add(&idle_cs, (double)(ctxt_switches(w[i].pid) -
			    cs0[i]));
			add(&idle_ticks, (double)(proc_ticks(w[i].pid) -
			    t0[i]));
		}
		if (exited(&c[i], 0)) {
			fail("idle: sigwatch -- sleep ended (%s)",
			    status_text(reap(&c[i])));
			idle_wcs.failed = idle_wticks.failed = true;
		} else {
			add(&idle_wcs, (double)(ctxt_switches(c[i].pid) -
			    wcs0[i]));
			add(&idle_wticks, (double)(proc_ticks(c[i].pid) -
			    wt0[i]));
		}
	}
	for (i = 0; i < k; i++) {
		if (w[i].pid != 0)
			kill_reap(&w[i]);
		if (c[i].pid != 0) {
			kill(c[i].pid, SIGTERM);
			status = finish(&c[i], 5000);
			if (status == -1)
				fail("idle: sigwatch -- sleep did not end on "
				    "SIGTERM");
		}
	}
}

/* ------------------------------------------------------------------ */

/* A figure for the progress lines: "-" for a failed run. */
static const char *
progress(double v, double scale, const char *fmt)
{
	static char	 bufs[6][32];
	static int	 next;
	char		*p = bufs[next++ % 6];

	if (v < 0)
		return "-";
	snprintf(p, 32, fmt, v / scale);
	return p;
}

/*
 * A round's live figure for each receiver, in lv: the median of LIVE_REPS
 * runs, the receivers interleaved; -1 if a run was incorrect. Sender and
 * receiver share two CPUs with everything else, so one run of a quarter
 * of a second swings by half either way; three runs keep a single bad
 * placement from deciding the round.
 */
#define LIVE_REPS	3

static void
live_round(int round, double lv[NRX])
{
	struct series	 s[NRX] = { { .n = 0 } };
	double		 v, lo, hi;
	int		 j, k, r;

	for (k = 0; k < LIVE_REPS; k++)
		for (j = 0; j < NRX; j++) {
			r = (round + j + k) % NRX;
			if (broken[r])
				continue;
			if ((v = run_live((enum rx)r, round)) < 0)
				broken[r] = live[r].failed = true;
			else
				add(&s[r], v);
		}
	for (r = 0; r < NRX; r++) {
		lv[r] = broken[r] ? -1 : median(&s[r], &lo, &hi);
		if (lv[r] > 0)
			add(&live[r], lv[r]);
	}
}

static void
round_rx(int round)
{
	double	 lv[NRX], dv[NRX], p50[NRX], p99[NRX];
	int	 j, r;

	if (opt.sections & S_LIVE) {
		live_round(round, lv);
		for (r = RX_TEXT; r < NRX; r++)
			if (lv[r] > 0 && lv[RX_FLOOR] > 0)
				add(&live_ratio[r], lv[r] / lv[RX_FLOOR]);
		fprintf(stderr, "  live:     floor %s, text %s, json %s\n",
		    progress(lv[RX_FLOOR], 1e3, "%.0fk/s"),
		    progress(lv[RX_TEXT], 1e3, "%.0fk/s"),
		    progress(lv[RX_JSON], 1e3, "%.0fk/s"));
	}
	if (opt.sections & S_DRAIN) {
		for (j = 0; j < NRX; j++) {
			r = (round + j) % NRX;
			dv[r] = broken[r] ? -1 : run_drain((enum rx)r, round);
			if (dv[r] < 0)
				broken[r] = drain[r].failed = true;
			else
				add(&drain[r], dv[r]);
		}
		for (r = RX_TEXT; r < NRX; r++)
			if (dv[r] > 0 && dv[RX_FLOOR] > 0)
				add(&drain_ratio[r], dv[r] / dv[RX_FLOOR]);
		fprintf(stderr, "  drain:    floor %s, text %s, json %s\n",
		    progress(dv[RX_FLOOR], 1e3, "%.0fk/s"),
		    progress(dv[RX_TEXT], 1e3, "%.0fk/s"),
		    progress(dv[RX_JSON], 1e3, "%.0fk/s"));
	}
	if (opt.sections & S_LATENCY) {
		for (j = 0; j < NRX; j++) {
			r = (round + j) % NRX;
			if (broken[r] ||
			    !run_latency((enum rx)r, round, &p50[r], &p99[r])) {
				p50[r] = -1;
				broken[r] = lat50[r].failed = lat99[r].failed =
				    true;
				continue;
			}
			add(&lat50[r], p50[r]);
			add(&lat99[r], p99[r]);
		}
		for (r = RX_TEXT; r < NRX; r++)
			if (p50[r] > 0 && p50[RX_FLOOR] > 0) {
				add(&lat50_ratio[r], p50[r] / p50[RX_FLOOR]);
				add(&lat99_ratio[r], p99[r] / p99[RX_FLOOR]);
			}
		fprintf(stderr, "  latency:  p50 floor %s us, text %s, json %s\n",
		    progress(p50[RX_FLOOR], 1, "%.1f"),
		    progress(p50[RX_TEXT], 1, "%.1f"),
		    progress(p50[RX_JSON], 1, "%.1f"));
	}
	for (r = 0; r < NRX; r++)
		if (broken[r]) {
			live_ratio[r].failed |= live[r].failed;
			drain_ratio[r].failed |= drain[r].failed;
			lat50_ratio[r].failed |= lat50[r].failed;
			lat99_ratio[r].failed |= lat99[r].failed;
		}
}

static void
usage(void)
{
	fprintf(stderr, "usage: driver --sigwatch=PATH --floor=PATH "
	    "--sender=PATH [--runs=R] [--only=live,drain,latency,wrapper,"
	    "memory,idle]\n"
	    "              [--live-n=N] [--drain-n=N] [--pings=N] "
	    "[--wrap-iters=N] [--idle-secs=S]\n");
	exit(2);
}

static long
numopt(const char *s, long min, long max)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < min || v > max)
		errx(2, "bad number '%s' (%ld..%ld)", s, min, max);
	return v;
}

static void
parse_args(int argc, char **argv)
{
	static const char *const names[] = {
		"live", "drain", "latency", "wrapper", "memory", "idle"
	};
	int	 i;
	size_t	 k;

	for (i = 1; i < argc; i++) {
		const char	*a = argv[i], *v = strchr(a, '=');

		if (v == NULL)
			usage();
		v++;
		if (strncmp(a, "--sigwatch=", 11) == 0)
			opt.sigwatch = v;
		else if (strncmp(a, "--floor=", 8) == 0)
			opt.floor = v;
		else if (strncmp(a, "--sender=", 9) == 0)
			opt.sender = v;
		else if (strncmp(a, "--runs=", 7) == 0)
			opt.runs = (int)numopt(v, 1, MAXRUNS);
		else if (strncmp(a, "--live-n=", 9) == 0)
			opt.live_n = numopt(v, 1, INT_MAX);
		else if (strncmp(a, "--drain-n=", 10) == 0)
			opt.drain_n = numopt(v, 1, INT_MAX);
		else if (strncmp(a, "--pings=", 8) == 0)
			opt.pings = numopt(v, 1, 10000000);
		else if (strncmp(a, "--wrap-iters=", 13) == 0)
			opt.wrap_iters = numopt(v, 1, 1000);
		else if (strncmp(a, "--idle-secs=", 12) == 0)
			opt.idle_secs = numopt(v, 1, 3600);
		else if (strncmp(a, "--only=", 7) == 0) {
			char	*list = strdup(v), *tok, *save;

			opt.sections = 0;
			for (tok = strtok_r(list, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save)) {
				for (k = 0; k < sizeof names / sizeof names[0];
				    k++)
					if (strcmp(tok, names[k]) == 0)
						break;
				if (k == sizeof names / sizeof names[0])
					errx(2, "no section '%s'", tok);
				opt.sections |= 1u << k;
			}
			free(list);
		} else
			usage();
	}
	if (opt.sigwatch == NULL || opt.floor == NULL || opt.sender == NULL)
		usage();
}

/*
 * "static" or "dynamic": a static sigwatch sheds the dynamic loader's
 * work, which is most of what wrapping costs, so the table says which
 * one it measured. A dynamic executable names its loader in PT_INTERP.
 */
static const char *
linkage(const char *path)
{
	Elf64_Ehdr	 eh;
	Elf64_Phdr	 ph;
	const char	*kind = "unknown";
	int		 fd, i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return kind;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64) {
		kind = "static";
		for (i = 0; i < eh.e_phnum; i++) {
			if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff +
			    (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof ph) {
				kind = "unknown";
				break;
			}
			if (ph.p_type == PT_INTERP)
				kind = "dynamic";
		}
	}
	close(fd);
	return kind;
}

static void
print_table(long pending_limit)
{
	struct utsname	 u;
	char		 date[64], label[64];
	time_t		 t = time(NULL);
	int		 r;

	uname(&u);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&t));
	printf("\nsigwatch benchmark, %s, nproc %ld, %s %s %s\n", date,
	    sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine);
	printf("sigwatch: %s, linked %s.\n", opt.sigwatch,
	    linkage(opt.sigwatch));
	printf("Each figure: median [min - max] of %d rounds; ratios are "
	    "taken within a round.\n", opt.runs);
	printf("  %-34s %10s  %-21s %-6s %-9s %s\n", "", "median",
	    "[min - max]", "unit", "target", "verdict");

	if (opt.sections & S_LIVE) {
		section = "live";
		heading("1a. Throughput, live: %ld sigqueue()s of SIGRTMIN "
		    "(signal %d) while the receiver runs, end to end",
		    opt.live_n, sig);
		for (r = 0; r < NRX; r++)
			row(rx_name[r], &live[r], F_RATE, "sig/s", NULL, 0);
		for (r = RX_TEXT; r < NRX; r++) {
			snprintf(label, sizeof label, "%s / floor", rx_name[r]);
			row(label, &live_ratio[r], F_RATIO, "x", ">=", 0.90);
		}
		for (r = 0; r < NRX; r++) {
			snprintf(label, sizeof label, "(sender's own rate, %s)",
			    rx_file[r]);
			row(label, &live_sender[r], F_RATE, "sig/s", NULL, 0);
		}
		for (r = 0; r < NRX; r++) {
			snprintf(label, sizeof label, "(sender found queue full, "
			    "%s)", rx_file[r]);
			row(label, &live_eagain[r], F_INT, "times", NULL, 0);
		}
	}
	if (opt.sections & S_DRAIN) {
		section = "drain";
		heading("1b. Throughput, drain: %ld signals (90%% of ulimit -i "
		    "= %ld) queued to a stopped receiver, SIGCONT to exit",
		    opt.drain_n, pending_limit);
		for (r = 0; r < NRX; r++)
			row(rx_name[r], &drain[r], F_RATE, "sig/s", NULL, 0);
		row("sigwatch text / floor", &drain_ratio[RX_TEXT], F_RATIO,
		    "x", ">=", 0.70);
		row("sigwatch --json / floor", &drain_ratio[RX_JSON], F_RATIO,
		    "x", ">=", 0.50);
		for (r = 0; r < NRX; r++) {
			snprintf(label, sizeof label, "(%s: user CPU)",
			    rx_name[r]);
			row(label, &drain_user[r], F_INT, "ns/sig", NULL, 0);
			snprintf(label, sizeof label, "(%s: system CPU)",
			    rx_name[r]);
			row(label, &drain_sys[r], F_INT, "ns/sig", NULL, 0);
		}
	}
	if (opt.sections & S_LATENCY) {
		section = "latency";
		heading("2. Latency, ping-pong: one sigqueue(), then read the "
		    "line from a pipe (%ld pings a round)", opt.pings);
		for (r = 0; r < NRX; r++) {
			snprintf(label, sizeof label, "%s p50", rx_name[r]);
			row(label, &lat50[r], F_US, "us", NULL, 0);
			snprintf(label, sizeof label, "%s p99", rx_name[r]);
			row(label, &lat99[r], F_US, "us", NULL, 0);
		}
		for (r = RX_TEXT; r < NRX; r++) {
			snprintf(label, sizeof label, "%s p50 / floor p50",
			    rx_file[r]);
			row(label, &lat50_ratio[r], F_RATIO, "x", "<=", 1.3);
			snprintf(label, sizeof label, "%s p99 / floor p99",
			    rx_file[r]);
			row(label, &lat99_ratio[r], F_RATIO, "x", "<=", 1.5);
		}
	}
	if (opt.sections & S_WRAPPER) {
		section = "wrapper";
		heading("3. Wrapper: time to run true under each wrapper "
		    "(median of %ld runs a round)", opt.wrap_iters);
		for (r = 0; r < NW; r++)
			if (r != W_TINI_STATIC || path_tini_static[0] != '\0')
				row(w_name[r], &wtime[r], F_US, "us", NULL, 0);
		for (r = W_SIGWATCH; r < NW; r++) {
			if (r == W_TINI_STATIC && path_tini_static[0] == '\0')
				continue;
			snprintf(label, sizeof label, "overhead, %s", w_name[r]);
			row(label, &wover[r], F_US, "us", NULL, 0);
		}
		row("sigwatch / tini overhead", &wratio_tini, F_RATIO, "x",
		    "<=", 0.8);
		row("(sigwatch / dumb-init overhead)", &wratio_dumb, F_RATIO,
		    "x", NULL, 0);
		if (path_tini_static[0] != '\0')
			row("(sigwatch / tini-static overhead)",
			    &wratio_tini_static, F_RATIO, "x", NULL, 0);
	}
	if (opt.sections & S_MEMORY) {
		section = "memory";
		heading("4. Memory: peak RSS (VmHWM) of sigwatch watching every "
		    "signal; growth = VmRSS after a %ld-signal flood minus "
		    "before it", opt.live_n);
		row("watching, text", &m_watch[M_TEXT], F_INT, "KiB", "<=", 2048);
		row("watching, --json", &m_watch[M_JSON], F_INT, "KiB", "<=",
		    2048);
		row("(of which RssAnon, text)", &m_anon[M_TEXT], F_INT, "KiB",
		    NULL, 0);
		row("wrapping sleep", &m_wrap, F_INT, "KiB", NULL, 0);
		row("after the flood, text", &m_flood[M_TEXT], F_INT, "KiB",
		    NULL, 0);
		row("after the flood, --json", &m_flood[M_JSON], F_INT, "KiB",
		    NULL, 0);
		row("growth over the flood, text", &m_growth[M_TEXT], F_INT,
		    "KiB", "<=", 0);
		row("growth over the flood, --json", &m_growth[M_JSON], F_INT,
		    "KiB", "<=", 0);
		row("(floor watching, for reference)", &m_floor, F_INT, "KiB",
		    NULL, 0);
	}
	if (opt.sections & S_IDLE) {
		section = "idle";
		heading("5. Idle: %d idle sigwatch side by side over %ld s "
		    "(context switches, utime+stime ticks)", opt.runs,
		    opt.idle_secs);
		row("watching: context switches", &idle_cs, F_INT, "", "<=", 0);
		row("watching: CPU ticks", &idle_ticks, F_INT, "", "<=", 0);
		row("(wrapping sleep: context switches)", &idle_wcs, F_INT, "",
		    NULL, 0);
		row("(wrapping sleep: CPU ticks)", &idle_wticks, F_INT, "",
		    NULL, 0);
	}
	printf("\nTargets: %d met, %d MISSED (of %d).\n", met, missed, targets);
	if (missed != 0)
		printf("MISSED:\n%s", missed_list);
}

int
main(int argc, char **argv)
{
	struct sigaction	 sa;
	struct rlimit		 rl;
	const char		*base;
	long long		 t0 = now();
	long			 limit;
	int			 round;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	sig = SIGRTMIN;
	snprintf(sigstr, sizeof sigstr, "%d", sig);
	if ((devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		err(1, "/dev/null");
	if (!which("true", path_true) || !which("sleep", path_sleep))
		errx(1, "true or sleep not found in PATH");
	w_have[W_TRUE] = w_have[W_SIGWATCH] = true;
	w_have[W_TINI] = which("tini", path_tini);
	w_have[W_DUMB] = which("dumb-init", path_dumb);
	/* For context: Debian's tini package has it; a static sigwatch
	 * set beside a static tini. */
	w_have[W_TINI_STATIC] = which("tini-static", path_tini_static);
	if ((opt.sections & S_WRAPPER) && (!w_have[W_TINI] || !w_have[W_DUMB]))
		fprintf(stderr, "bench: tini or dumb-init is missing: run "
		    "scripts/install-deps bench (as root)\n");

	/* The drain fills 90% of the pending-signal limit. */
	if (getrlimit(RLIMIT_SIGPENDING, &rl) == -1)
		err(1, "getrlimit");
	limit = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > INT_MAX ?
	    INT_MAX : (long)rl.rlim_cur;
	if (opt.drain_n == 0)
		opt.drain_n = limit == INT_MAX ? LIVE_N : limit * 9 / 10;
	if (opt.drain_n < 1)
		errx(1, "ulimit -i is %ld: too small for the benchmark", limit);

	/* Outputs in memory if possible: no disk writeback in the figures. */
	base = getenv("BENCH_TMPDIR");
	if (base == NULL) {
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
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fprintf(stderr, "bench: %d rounds; live N=%ld, drain N=%ld, %ld pings, "
	    "outputs in %s\n", opt.runs, opt.live_n, opt.drain_n, opt.pings,
	    tmpdir);
	for (round = 0; round < opt.runs; round++) {
		fprintf(stderr, "round %d/%d\n", round + 1, opt.runs);
		round_rx(round);
		if (opt.sections & S_WRAPPER)
			round_wrapper(round);
		if (opt.sections & S_MEMORY) {
			run_memory(round % 2 ? M_JSON : M_TEXT, round);
			run_memory(round % 2 ? M_TEXT : M_JSON, round);
			run_memory_other(round);
		}
	}
	if (opt.sections & S_IDLE)
		run_idle();

	print_table(limit);
	printf("Correctness: %s\n", failed ? "FAILED" :
	    "every run delivered every value exactly once, in order, and "
	    "ended as expected.");
	if (failed)
		printf("%s", failures);
	printf("Time: %.0f s.\n", (double)(now() - t0) / NSEC);
	return failed ? 1 : 0;
}
