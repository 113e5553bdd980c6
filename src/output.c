/*
 * Where events go: a buffer that formatters fill in place and that is
 * written out whole, once per drained batch or when it is full, so a
 * line is never split between two writes of ours nor held back while
 * sigwatch waits.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

#define OUTPUT_BUFSIZE	(64 * 1024)

struct output {
	int		 fd;
	const char	*name;
	char		*buf;
	size_t		 len;
	size_t		 cap;
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
	/* A copy the command does not inherit, closed like any other. */
	if ((fd = fcntl((int)fd, F_DUPFD_CLOEXEC, 3)) == -1)
		err(EXIT_TROUBLE, "%s", path);
	return (int)fd;
}

struct output *
output_open(const char *path)
{
	struct output	*o;

	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->buf = malloc(OUTPUT_BUFSIZE)) == NULL)
		err(EXIT_TROUBLE, "malloc");
	o->cap = OUTPUT_BUFSIZE;
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fd = STDOUT_FILENO;
		o->name = "standard output";
		if (fcntl(o->fd, F_GETFL) == -1)
			err(EXIT_TROUBLE, "%s", o->name);
		return o;
	}
	o->name = path;
	if ((o->fd = open_inherited(path)) == -1)
		o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		    O_NOCTTY, 0666);
	if (o->fd == -1)
		err(EXIT_TROUBLE, "%s", path);
	return o;
}

int
output_fd(const struct output *o)
{
	return o->fd;
}

/* Room for n more bytes at the end of the buffer. */
char *
output_reserve(struct output *o, size_t n)
{
	if (o->cap - o->len < n)
		output_flush(o);
	if (o->cap < n) {
		if ((o->buf = realloc(o->buf, n)) == NULL)
			err(EXIT_TROUBLE, "realloc");
		o->cap = n;
	}
	return o->buf + o->len;
}

void
output_commit(struct output *o, size_t n)
{
	o->len += n;
}

void
output_write(struct output *o, const char *s, size_t n)
{
	memcpy(output_reserve(o, n), s, n);
	output_commit(o, n);
}

/* An output inherited in non-blocking mode: wait until it takes more. */
static int
wait_writable(struct output *o)
{
	struct pollfd	 pfd = { .fd = o->fd, .events = POLLOUT };

	while (poll(&pfd, 1, -1) == -1)
		if (errno != EINTR)
			return errno;
	return 0;
}

/* Write out the buffer: 0, or the errno that stopped it (the rest stays). */
static int
push(struct output *o)
{
	size_t	 done = 0;
	ssize_t	 n;
	int	 e = 0;

	while (done < o->len && e == 0) {
		if ((n = write(o->fd, o->buf + done, o->len - done)) >= 0)
			done += (size_t)n;
		else if (errno == EAGAIN || errno == EWOULDBLOCK)
			e = wait_writable(o);
		else if (errno != EINTR)
			e = errno;
	}
	memmove(o->buf, o->buf + done, o->len - done);
	o->len -= done;
	return e;
}

void
output_flush(struct output *o)
{
	if ((errno = push(o)) == 0)
		return;
	/* The reader has gone: end as quietly as a killed pipeline. */
	if (errno == EPIPE)
		exit(EXIT_BROKEN_PIPE);
	err(EXIT_TROUBLE, "write error on %s", o->name);
}

/*
 * For a vfork()ed child, which must not exit() on sigwatch's behalf: on
 * an error the rest stays buffered, and sigwatch's own next flush, which
 * meets the same error, reports it.
 */
void
output_flush_quietly(struct output *o)
{
	(void)push(o);
}

void
output_close(struct output *o)
{
	output_flush(o);
	if (o->fd != STDOUT_FILENO && close(o->fd) == -1)
		err(EXIT_TROUBLE, "%s", o->name);
	free(o->buf);
	free(o);
}
