/* SPDX-License-Identifier: ISC */
/*
 * --pidfile, as a careful daemon writes one. Its appearance means
 * sigwatch is ready, so it appears whole: written to a temporary file in
 * the same directory and renamed into place. sigwatch replaces, follows
 * or removes nothing but a regular file: a device, FIFO, socket,
 * directory or symbolic link at the path is refused before sigwatch
 * does anything else. At exit the file is removed only if it still
 * holds sigwatch's pid, so that a later run that took the path over
 * keeps its file.
 *
 * A regular file already there is replaced, whatever pid it holds, as
 * most daemons' --pidfile does without a lock. A pid in a file cannot
 * tell a running sigwatch from a stale file whose number has since been
 * reused, so refusing would let a run that was killed block the next.
 * Of two runs on one path the later owns the file, and the earlier one
 * leaves it alone when it exits.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigwatch.h"

static char	*written;	/* the path, once the file is in place */

/*
 * A file's type as a small index: the S_IFMT bits, which Linux keeps in
 * the top four of sixteen.
 */
#define FILE_TYPE(mode)	(((mode) & S_IFMT) >> 12)

/* What the refusal calls each type of file that is not a regular one. */
static const char *const kinds[FILE_TYPE(S_IFMT) + 1] = {
	[FILE_TYPE(S_IFDIR)] =	"a directory",
	[FILE_TYPE(S_IFLNK)] =	"a symbolic link",
	[FILE_TYPE(S_IFIFO)] =	"a FIFO",
	[FILE_TYPE(S_IFSOCK)] =	"a socket",
	[FILE_TYPE(S_IFCHR)] =	"a character device",
	[FILE_TYPE(S_IFBLK)] =	"a block device",
};

static const char *
kind(mode_t mode)
{
	const char	*words = kinds[FILE_TYPE(mode)];

	return words != NULL ? words : "of an unknown type";
}

/*
 * Exit with an error unless path is absent or a regular file; lstat(),
 * so that a link is judged, not what it points to. Our temporary file,
 * if any, is removed first.
 */
static void
refuse_odd(const char *path, const char *tmp)
{
	struct stat	 st;
	bool		 found;
	int		 e;

	if ((found = lstat(path, &st) == 0) ? S_ISREG(st.st_mode) :
	    errno == ENOENT)
		return;
	e = errno;
	if (tmp != NULL)
		unlink(tmp);
	if (!found) {
		errno = e;
		err(EXIT_TROUBLE, "%s", quote_str(path));
	}
	errx(EXIT_TROUBLE, "pid file '%s' is %s, not a regular file",
	    quote_str(path), kind(st.st_mode));
}

/*
 * The directory the temporary file goes in must be one sigwatch can
 * write: a missing one ("run/sw.pid" before run/ exists) would only
 * fail once sigwatch is ready, after the -o file was truncated and the
 * start-up note said it was watching.
 */
static void
refuse_dir(const char *path)
{
	char	*dir, *slash;
	int	 r, e;

	if ((dir = strdup(path)) == NULL)
		err(EXIT_TROUBLE, "strdup");
	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else if (slash == dir)
		slash[1] = '\0';	/* "/sw.pid": the root */
	else
		*slash = '\0';
	r = faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS);
	e = errno;
	free(dir);
	if (r == -1) {
		errno = e;
		err(EXIT_TROUBLE, "%s", quote_str(path));
	}
}

/*
 * The pid file would replace the events: the same path, or another name
 * of the same file (a link, "./x" for "x").
 */
static void
refuse_output(const char *path, const char *output)
{
	struct stat	 a, b;

	if (output == NULL)
		return;
	if (strcmp(path, output) == 0 || (stat(path, &a) == 0 &&
	    stat(output, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino))
		errx(EXIT_TROUBLE, "pid file '%s' is the output file",
		    quote_str(path));
}

/*
 * From main(), before the output is opened or the command started;
 * output: the -o file, if any.
 */
void
pidfile_check(const char *path, const char *output)
{
	refuse_odd(path, NULL);
	refuse_dir(path);
	refuse_output(path, output);
}

/* The pid line of this process, into buf; its length. */
static size_t
pid_line(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%ld\n", (long)getpid());
}

/*
 * Only while the file still holds our pid, which a later run's does not.
 * Left as it is: anything not a regular file, and a file that changed
 * between the lstat() and the open(). A run that renames its file into
 * place between the read and the unlink() still loses it: narrow, and
 * it costs that run its pid file, never anything else.
 */
void
pidfile_remove(void)
{
	struct stat	 st, fst;
	char		 want[32], got[sizeof want];
	size_t		 n = pid_line(want, sizeof want);
	ssize_t		 r = -1;
	int		 fd;

	if (written == NULL)
		return;
	if (lstat(written, &st) == 0 && S_ISREG(st.st_mode) &&
	    (fd = open(written, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) != -1) {
		if (fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev &&
		    fst.st_ino == st.st_ino)
			r = read(fd, got, sizeof got);
		close(fd);
	}
	if (r == (ssize_t)n && memcmp(got, want, n) == 0 &&
	    unlink(written) == -1 && errno != ENOENT)
		warn("%s", quote_str(written));
	free(written);
	written = NULL;
}

__attribute__((noreturn))
static void
fail(const char *tmp, const char *path)
{
	int	 e = errno;

	unlink(tmp);
	errno = e;
	err(EXIT_TROUBLE, "%s", quote_str(path));
}

void
pidfile_write(const char *path)
{
	char	*tmp;
	char	 line[32];
	size_t	 n = pid_line(line, sizeof line);
	int	 fd;

	if (asprintf(&tmp, "%s.XXXXXX", path) == -1)
		err(EXIT_TROUBLE, "asprintf");
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		err(EXIT_TROUBLE, "%s", quote_str(path));
	if (fchmod(fd, 0644) == -1 || write(fd, line, n) != (ssize_t)n ||
	    close(fd) == -1)
		fail(tmp, path);
	/*
	 * Again, since main() checked: rename() would replace a link or a
	 * device node put there since. What is left is the moment between
	 * this lstat() and the rename(): an entry put there in it is
	 * replaced. Only the entry, though: rename() writes through no
	 * link and into no device, and the entry's maker can write the
	 * directory.
	 */
	refuse_odd(path, tmp);
	if (rename(tmp, path) == -1)
		fail(tmp, path);
	free(tmp);
	if ((written = strdup(path)) == NULL)
		err(EXIT_TROUBLE, "strdup");
	atexit(pidfile_remove);
}
