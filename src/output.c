/* SPDX-License-Identifier: ISC */
/*
 * Where events go: a buffer that formatters fill in place and that is
 * written out as the output takes it. The event loop never waits for
 * the output: a stream (pipe, FIFO, terminal, socket) is written
 * without blocking, and while the buffer is above its soft cap the
 * loop stops reading signals, so a slow reader applies backpressure to
 * the senders instead of losing events or stalling deadlines.
 *
 * Whole lines: the buffer only ever holds whole lines. On a pipe or a
 * FIFO each write(2) is at most PIPE_BUF bytes and ends on a line
 * boundary, so the kernel keeps it in one piece however many other
 * writers share the pipe. On a regular file a failed write (a full
 * disk, ulimit -f) is cut back to the last whole line.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sigwatch.h"

/* musl before 1.2.5 has no pwritev2(); the kernel has had it since 4.6. */
#ifndef RWF_NOWAIT
#define RWF_NOWAIT	0x00000008	/* <linux/fs.h>, Linux 4.14 */
#endif
#ifndef HAVE_PWRITEV2
static ssize_t
pwritev2(int fd, const struct iovec *iov, int n, off_t off, int flags)
{
	/* The offset in two longs, as the kernel's pos_from_hilo() reads it. */
	return syscall(SYS_pwritev2, fd, iov, n, (long)off,
	    (long)((unsigned long long)off >> 32), flags);
}
#endif

/*
 * The buffer's size: while it cannot take another line without growing,
 * the loop reads no more signals until the reader catches up.
 */
#define OUTPUT_SOFT_CAP	(64 * 1024)
/* Lines are counted at least this long when reckoning the room left. */
#define LINE_GUESS	128

enum out_kind {
	OUT_FILE,	/* regular file or block device: writes never stall */
	OUT_PIPE,	/* pipe or FIFO: PIPE_BUF writes; no readers is EPIPE */
	OUT_SOCKET,	/* send(MSG_DONTWAIT) */
	OUT_OTHER,	/* terminal, character device */
};

/* How a stream is written without blocking, tried in this order. */
enum out_way {
	WAY_NOWAIT,	/* pwritev2(RWF_NOWAIT): pipes, on recent kernels */
	WAY_REOPEN,	/* not supported: a description of our own is due */
	WAY_NBFD,	/* write(2) to that O_NONBLOCK description */
	WAY_POLLED,	/* write(2) once poll(2) says there is room */
};

struct output {
	int		 fd;		/* as opened or inherited */
	int		 nbfd;		/* the same file, O_NONBLOCK; or -1 */
	enum out_kind	 kind;
	enum out_way	 way;
	char		*name;		/* escaped, for messages */
	char		*buf;
	size_t		 len;
	size_t		 cap;
	size_t		 torn;		/* of the first line held, bytes written */
	size_t		 longest;	/* line committed so far */
	bool		 truncate;	/* a file -o named, cut at the first write */
	/* Not events: what is held and to come, for a write error. */
	const char	*unit[2];	/* "process", "processes"; NULL: events */
	size_t		 units;		/* how many are not written yet */
};

/*
 * /dev/stdout, /dev/stderr and /dev/fd/N name descriptors sigwatch
 * already has: share them, as a shell's >&2 does, rather than open the
 * file again (which truncates it, and fails for a socket). -1 if path
 * is not one of these.
 */
static int
open_inherited(const char *path)
{
	const char	*n;
	char		*end;
	long		 fd;

	if (strcmp(path, "/dev/stdout") == 0)
		fd = STDOUT_FILENO;
	else if (strcmp(path, "/dev/stderr") == 0)
		fd = STDERR_FILENO;
	else if (strncmp(path, "/dev/fd/", 8) == 0 && *(n = path + 8) != '\0') {
		fd = strtol(n, &end, 10);
		if (*end != '\0' || fd < 0 || fd > 65535)
			return -1;
	} else
		return -1;
	/* Closed when sigwatch started: /dev/null stands in for it now. */
	if (fd <= STDERR_FILENO && stdfd_was_closed((int)fd)) {
		errno = EBADF;
		err(EXIT_TROUBLE, "%s", quote_str(path));
	}
	/* A copy the command does not inherit, closed like any other. */
	if ((fd = fcntl((int)fd, F_DUPFD_CLOEXEC, 3)) == -1)
		err(EXIT_TROUBLE, "%s", quote_str(path));
	return (int)fd;
}

/*
 * Opening a FIFO waits for its reader, and every signal has been
 * blocked since sigwatch started: a Ctrl-C, or timeout(1)'s SIGTERM,
 * could not end that wait, and only SIGKILL could. Nothing has started
 * yet and nobody has been told sigwatch is ready, so the signals that
 * stop a program end it here as they would end cat > FIFO, by their
 * own action; one already pending stays blocked, to be reported.
 */
static int
open_fifo(const char *path)
{
	static const int	 stops[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
	sigset_t		 pending, unblock, old;
	size_t			 i;
	int			 fd, saved;

	sigemptyset(&unblock);
	if (sigpending(&pending) == -1)
		err(EXIT_TROUBLE, "sigpending");
	for (i = 0; i < sizeof stops / sizeof stops[0]; i++)
		if (!sigismember(&pending, stops[i]))
			sigaddset(&unblock, stops[i]);
	if (sigprocmask(SIG_UNBLOCK, &unblock, &old) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	saved = errno;
	if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	errno = saved;
	return fd;
}

/*
 * Writing without blocking must not set O_NONBLOCK on a description
 * sigwatch shares (with the command, the shell, the other commands of a
 * pipeline): they would start failing with EAGAIN. RWF_NOWAIT asks it
 * of one write; where the kernel does not support that (FIFOs,
 * terminals), opening the file again through /proc gives a description
 * of sigwatch's own. Without /proc (an empty chroot), writes wait for
 * poll(2) to say there is room instead, which a single writer of
 * PIPE_BUF-sized pieces never blocks on.
 */
static void
open_nonblocking(struct output *o)
{
	char	 path[32];

	snprintf(path, sizeof path, "/proc/self/fd/%d", o->fd);
	o->nbfd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	o->way = o->nbfd != -1 ? WAY_NBFD : WAY_POLLED;
}

static void
classify(struct output *o)
{
	struct stat	 st;

	o->nbfd = -1;
	o->way = WAY_NOWAIT;
	if (fstat(o->fd, &st) == -1)
		err(EXIT_TROUBLE, "%s", o->name);
	/* What O_TRUNC would have cut: a regular file, not a disk. */
	o->truncate &= S_ISREG(st.st_mode);
	if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
		o->kind = OUT_FILE;
	else if (S_ISSOCK(st.st_mode))
		o->kind = OUT_SOCKET;
	else
		o->kind = S_ISFIFO(st.st_mode) ? OUT_PIPE : OUT_OTHER;
}

struct output *
output_open(const char *path)
{
	struct output	*o;
	struct stat	 st;

	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->buf = malloc(OUTPUT_SOFT_CAP)) == NULL)
		err(EXIT_TROUBLE, "malloc");
	o->cap = OUTPUT_SOFT_CAP;
	if (path != NULL && strcmp(path, "-") == 0)
		path = NULL;
	o->name = strdup(path == NULL ? "standard output" :
	    quote_str(path));
	if (o->name == NULL)
		err(EXIT_TROUBLE, "strdup");
	if (path == NULL) {
		o->fd = STDOUT_FILENO;
		/*
		 * Closed when sigwatch started: an error, as writing to it
		 * was, not events lost in the /dev/null standing in for it.
		 */
		if (stdfd_was_closed(o->fd))
			errno = EBADF;
		if (stdfd_was_closed(o->fd) || fcntl(o->fd, F_GETFL) == -1)
			err(EXIT_TROUBLE, "%s", o->name);
	} else {
		/*
		 * Not O_TRUNC: a start-up that fails after this (a process
		 * --attach cannot trace) must leave the last run's events
		 * as they were. The first write cuts the file.
		 */
		if ((o->fd = open_inherited(path)) != -1)
			;
		else if (stat(path, &st) == 0 && S_ISFIFO(st.st_mode))
			o->fd = open_fifo(path);
		else {
			o->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
			    O_NOCTTY, 0666);
			o->truncate = true;
		}
		if (o->fd == -1)
			err(EXIT_TROUBLE, "%s", o->name);
	}
	classify(o);
	return o;
}

/*
 * Fault the whole buffer in now: how far into it a turn's lines reach
 * varies, and a long run's memory should not grow with their lengths.
 */
void
output_prefault(struct output *o)
{
	memset(o->buf, 0, o->cap);
}

int
output_fd(const struct output *o)
{
	return o->fd;
}

/* Room for n more bytes at the end of the buffer; it grows, never writes. */
char *
output_reserve(struct output *o, size_t n)
{
	size_t	 cap = o->cap;

	while (cap - o->len < n)
		cap *= 2;
	if (cap != o->cap) {
		if ((o->buf = realloc(o->buf, cap)) == NULL)
			err(EXIT_TROUBLE, "realloc");
		o->cap = cap;
	}
	return o->buf + o->len;
}

void
output_commit(struct output *o, size_t n)
{
	o->len += n;
	if (n > o->longest)
		o->longest = n;
}

void
output_write(struct output *o, const char *s, size_t n)
{
	memcpy(output_reserve(o, n), s, n);
	output_commit(o, n);
}

bool
output_pending(const struct output *o)
{
	return o->len > 0;
}

/*
 * How many more events, each as long as the longest line so far, fit
 * without growing the buffer: what the loop may read now. 0 is
 * backpressure. A flood (spare) gets less, a quarter of the buffer
 * being kept for the signals that must not wait behind it. Child
 * events and the like are never held back and may grow the buffer past
 * its size; signals stay within it.
 */
size_t
output_room(const struct output *o, bool spare)
{
	size_t	 line = o->longest > LINE_GUESS ? o->longest : LINE_GUESS;
	size_t	 free = o->cap - o->len;
	size_t	 keep = LINE_RESERVE_MAX + (spare ? o->cap / 4 : 0);

	return free > keep ? (free - keep) / line : 0;
}

/*
 * What the loop polls: POLLOUT while something waits to be written to a
 * stream; on a pipe or a socket, also while nothing does, so that a
 * reader that has gone (POLLERR on a pipe, POLLHUP on a socket) ends
 * sigwatch at once rather than at its next event. Not a regular file,
 * which poll(2) always calls ready, nor a terminal, whose hang-up is
 * SIGHUP's business: polling them would be a busy loop.
 */
int
output_poll_fd(const struct output *o, short *events)
{
	*events = o->len > 0 ? POLLOUT : 0;
	if (o->kind == OUT_FILE || (o->len == 0 && o->kind != OUT_PIPE &&
	    o->kind != OUT_SOCKET))
		return -1;
	return o->nbfd != -1 ? o->nbfd : o->fd;
}

/* What poll(2) said of the output: its reader has gone. */
bool
output_gone(const struct output *o, short revents)
{
	if (o->kind == OUT_SOCKET)
		return (revents & (POLLERR | POLLHUP)) != 0;
	return o->kind == OUT_PIPE && (revents & POLLERR) != 0;
}

/* The next piece to write: whole lines, at most PIPE_BUF on a stream. */
static size_t
piece(const struct output *o)
{
	const char	*nl;

	if (o->kind == OUT_FILE || o->len <= PIPE_BUF)
		return o->len;
	if ((nl = memrchr(o->buf, '\n', PIPE_BUF)) != NULL)
		return (size_t)(nl - o->buf) + 1;
	/* A line longer than PIPE_BUF (a summary) goes whole. */
	nl = memchr(o->buf, '\n', o->len);
	return nl != NULL ? (size_t)(nl - o->buf) + 1 : o->len;
}

/*
 * One write that does not block: bytes written, or -1 and errno. A
 * vfork()ed child (in_child) must not open a descriptor that sigwatch
 * would then believe it had: it leaves that to sigwatch.
 */
static ssize_t
write_nowait(struct output *o, size_t n, bool in_child)
{
	struct iovec	 iov = { .iov_base = o->buf, .iov_len = n };
	struct pollfd	 pfd = { .fd = o->fd, .events = POLLOUT };
	ssize_t		 r;

	switch (o->kind == OUT_FILE ? -1 : (int)o->way) {
	case -1:
		return write(o->fd, o->buf, n);
	case WAY_NBFD:
		return write(o->nbfd, o->buf, n);
	case WAY_NOWAIT:
		if (o->kind == OUT_SOCKET)
			return send(o->fd, o->buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
		if ((r = pwritev2(o->fd, &iov, 1, -1, RWF_NOWAIT)) != -1 ||
		    errno != EOPNOTSUPP)
			return r;
		o->way = WAY_REOPEN;
		/* FALLTHROUGH */
	case WAY_REOPEN:
		/*
		 * The child's writes must reach the output even when it is
		 * a fork (valgrind runs vfork as one): the polled way, for
		 * this write only.
		 */
		if (!in_child) {
			open_nonblocking(o);
			return write_nowait(o, n, in_child);
		}
		/* FALLTHROUGH */
	default:
		if (poll(&pfd, 1, 0) == 0) {
			errno = EAGAIN;
			return -1;
		}
		return write(o->fd, o->buf, n);
	}
}

/* n bytes were written: keep count of a line they left half written. */
static void
drop_front(struct output *o, size_t n)
{
	const char	*nl = memrchr(o->buf, '\n', n);

	o->torn = nl != NULL ? n - (size_t)(nl - o->buf) - 1 : o->torn + n;
	memmove(o->buf, o->buf + n, o->len - n);
	o->len -= n;
}

static size_t
lines_in(const char *s, size_t n)
{
	const char	*end = s + n;
	size_t		 count = 0;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		count++;
		s++;
	}
	return count;
}

/*
 * A regular file took part of a line before the write failed: cut the
 * file back to the last whole line, so that what is there still parses.
 * Only when sigwatch's write is what ends the file: another writer's
 * data after it is not sigwatch's to cut.
 */
static void
cut_back(struct output *o, size_t partial)
{
	struct stat	 st;
	off_t		 end;

	if (partial == 0 || o->kind != OUT_FILE)
		return;
	if ((end = lseek(o->fd, 0, SEEK_CUR)) == -1 || fstat(o->fd, &st) == -1 ||
	    st.st_size != end || end < (off_t)partial)
		return;
	if (ftruncate(o->fd, end - (off_t)partial) == 0)
		(void)lseek(o->fd, end - (off_t)partial, SEEK_SET);
}

/* The write failed for good: say so, and how much is lost with it. */
__attribute__((noreturn))
static void
write_failed(struct output *o, int e)
{
	size_t	 lost;

	/* The reader has gone: end as quietly as a killed pipeline. */
	if (e == EPIPE)
		exit(EXIT_BROKEN_PIPE);
	cut_back(o, o->torn);
	lost = lines_in(o->buf, o->len);
	o->len = 0;
	errno = e;
	if (o->unit[0] != NULL && o->units > 0)
		errx(EXIT_TROUBLE, "write error on %s: %s; %zu %s not written",
		    o->name, strerror(e), o->units, o->unit[o->units != 1]);
	if (lost == 0)
		err(EXIT_TROUBLE, "write error on %s", o->name);
	errx(EXIT_TROUBLE, "write error on %s: %s; %zu event%s not written",
	    o->name, strerror(e), lost, lost == 1 ? "" : "s");
}

/*
 * What is held and still to come is n reports that are not events and
 * not one a line (--inspect's blocks of five lines): a write error then
 * counts them, under their names, rather than lines as events. The
 * caller flushes each before telling the next count.
 */
void
output_units(struct output *o, size_t n, const char *one, const char *many)
{
	o->unit[0] = one;
	o->unit[1] = many;
	o->units = n;
}

/*
 * Write what the output takes now, without waiting. Returns 0, or the
 * errno that stopped it with the rest still held.
 */
static int
push(struct output *o, bool in_child)
{
	ssize_t	 n;

	if (o->truncate) {
		if (ftruncate(o->fd, 0) == -1)
			return errno;
		o->truncate = false;
	}
	while (o->len > 0) {
		if ((n = write_nowait(o, piece(o), in_child)) >= 0) {
			drop_front(o, (size_t)n);
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return EAGAIN;
		return errno;
	}
	return 0;
}

/*
 * Write as much as the output takes now; never waits. Exits 141 when the
 * reader has gone and 125 on any other write error.
 */
void
output_push(struct output *o)
{
	int	 e;

	if ((e = push(o, false)) != 0 && e != EAGAIN)
		write_failed(o, e);
}

/* Wait until the output takes more; false when the deadline passed. */
static bool
wait_writable(struct output *o, const struct timespec *deadline)
{
	struct pollfd	 pfd = { .events = POLLOUT };
	struct timespec	 left;
	short		 events;
	int		 n;

	if ((pfd.fd = output_poll_fd(o, &events)) == -1)
		return true;
	do {
		if (deadline != NULL)
			left = time_until(deadline);
		n = ppoll(&pfd, 1, deadline != NULL ? &left : NULL, NULL);
	} while (n == -1 && errno == EINTR);
	return n != 0;
}

/*
 * Write everything held, waiting for the reader as long as it takes or
 * until deadline (NULL: no limit). Returns the number of lines it had to
 * leave unwritten when the deadline passed.
 */
size_t
output_drain(struct output *o, const struct timespec *deadline)
{
	size_t	 lost;
	int	 e;

	while ((e = push(o, false)) == EAGAIN)
		if (!wait_writable(o, deadline)) {
			lost = lines_in(o->buf, o->len);
			o->len = 0;
			return lost;
		}
	if (e != 0)
		write_failed(o, e);
	return 0;
}

void
output_flush(struct output *o)
{
	(void)output_drain(o, NULL);
}

/*
 * For a vfork()ed child, which must neither wait nor exit() on
 * sigwatch's behalf: what the output takes now is written, the rest
 * stays for sigwatch's loop, which also meets and reports any error.
 */
void
output_flush_quietly(struct output *o)
{
	(void)push(o, true);
}

/*
 * Move what is held into buf and hold nothing: a line rendered here to
 * be written by someone else, the vfork()ed child. Its length.
 */
size_t
output_take(struct output *o, char *buf, size_t size)
{
	size_t	 n = o->len;

	if (n > size)
		errx(EXIT_TROUBLE, "internal error: %zu bytes held", n);
	memcpy(buf, o->buf, n);
	o->len = 0;
	return n;
}

void
output_close(struct output *o)
{
	output_flush(o);
	if (o->nbfd != -1)
		close(o->nbfd);
	if (o->fd != STDOUT_FILENO && close(o->fd) == -1)
		err(EXIT_TROUBLE, "%s", o->name);
	free(o->name);
	free(o->buf);
	free(o);
}

/*
 * --help and --version print through stdio: their output is checked as
 * the events' is, so that a full disk is 125 and a gone reader 141,
 * not a 0 for text nobody got.
 */
void
stdout_exit(void)
{
	/* Closed when sigwatch started: /dev/null stands in for it. */
	if (stdfd_was_closed(STDOUT_FILENO)) {
		errno = EBADF;
		err(EXIT_TROUBLE, "standard output");
	}
	if (fflush(stdout) == 0 && !ferror(stdout))
		exit(EXIT_SUCCESS);
	if (errno == EPIPE)
		exit(EXIT_BROKEN_PIPE);
	err(EXIT_TROUBLE, "write error on standard output");
}
