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
 *
 * Each --pidfile given is somebody waiting (a wrapper adds its own to
 * the user's), so each is written and removed, as each --ready-fd is
 * told; one file named twice ("x", "./x") is written once.
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

struct pidfile {
	const char	*path;		/* as given */
	char		*key;		/* the file it names: see file_key() */
	bool		 written;	/* in place, ours to remove */
};

static struct pidfile	*files;		/* in the order given, each file once */
static size_t		 nfiles;

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

/* The directory path's last name is in, to be freed; its last name. */
static char *
dir_of(const char *path, const char **name)
{
	char	*dir, *slash;

	if ((dir = strdup(path)) == NULL)
		err(EXIT_TROUBLE, "strdup");
	if ((slash = strrchr(dir, '/')) == NULL) {
		*name = path;
		strcpy(dir, ".");
		return dir;
	}
	*name = path + (slash - dir) + 1;
	if (slash == dir)
		slash[1] = '\0';	/* "/sw.pid": the root */
	else
		*slash = '\0';
	return dir;
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
	const char	*name;
	char		*dir = dir_of(path, &name);
	int		 r, e;

	r = faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS);
	e = errno;
	free(dir);
	if (r == -1) {
		errno = e;
		err(EXIT_TROUBLE, "%s", quote_str(path));
	}
}

/*
 * One string for the file a path names, whether it exists yet or not:
 * realpath() of the file, or of its directory with its last name when
 * there is no file yet ("x", "./x", "d/../x" before x is created). Only
 * looks: nothing is created to find out. NULL when even the directory
 * cannot be resolved (opening the file would fail).
 */
static char *
file_key(const char *path)
{
	const char	*name;
	char		*key, *dir, *real;

	if ((key = realpath(path, NULL)) != NULL)
		return key;
	dir = dir_of(path, &name);
	real = realpath(dir, NULL);
	free(dir);
	if (real == NULL)
		return NULL;
	if (asprintf(&key, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    name) == -1)
		err(EXIT_TROUBLE, "asprintf");
	free(real);
	return key;
}

/* Whether a and b (b's key: bkey) name one file: a link, "./x" for "x". */
static bool
same_file(const char *a, const char *akey, const char *b, const char *bkey)
{
	struct stat	 sa, sb;

	return strcmp(a, b) == 0 ||
	    (akey != NULL && bkey != NULL && strcmp(akey, bkey) == 0) ||
	    (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

/* The pid file would replace the events. */
static void
refuse_output(const struct pidfile *f, const char *output)
{
	char	*key;
	bool	 same;

	/* "-" is standard output, not a file of that name. */
	if (output == NULL || strcmp(output, "-") == 0)
		return;
	key = file_key(output);
	same = same_file(f->path, f->key, output, key);
	free(key);
	if (same)
		errx(EXIT_TROUBLE, "pid file '%s' is the output file",
		    quote_str(f->path));
}

/*
 * Another --pidfile naming the same entry: it is written once. Two hard
 * links are two entries, each replaced by its own rename(), so each is
 * written.
 */
static bool
known(const struct pidfile *f)
{
	size_t	 i;

	for (i = 0; i < nfiles; i++)
		if (strcmp(files[i].path, f->path) == 0 ||
		    (files[i].key != NULL && f->key != NULL &&
		    strcmp(files[i].key, f->key) == 0))
			return true;
	return false;
}

/* --pidfile=path, kept to be checked and written. */
void
pidfile_add(const char *path)
{
	struct pidfile	*more;

	if ((more = reallocarray(files, nfiles + 1, sizeof *files)) == NULL)
		err(EXIT_TROUBLE, "reallocarray");
	files = more;
	files[nfiles++] = (struct pidfile){ .path = path };
}

/*
 * From parse_options(), before the output is opened or the command
 * started; output: the -o file, if any. Each pid file is checked, and
 * one that names a file named before is dropped.
 */
void
pidfile_check(const char *output)
{
	struct pidfile	*f;
	size_t		 i, n = nfiles;

	nfiles = 0;
	for (i = 0; i < n; i++) {
		f = &files[i];
		refuse_odd(f->path, NULL);
		refuse_dir(f->path);
		f->key = file_key(f->path);
		refuse_output(f, output);
		if (known(f))
			free(f->key);
		else
			files[nfiles++] = *f;
	}
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
static void
remove_one(const char *path)
{
	struct stat	 st, fst;
	char		 want[32], got[sizeof want];
	size_t		 n = pid_line(want, sizeof want);
	ssize_t		 r = -1;
	int		 fd;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) != -1) {
		if (fstat(fd, &fst) == 0 && fst.st_dev == st.st_dev &&
		    fst.st_ino == st.st_ino)
			r = read(fd, got, sizeof got);
		close(fd);
	}
	if (r == (ssize_t)n && memcmp(got, want, n) == 0 &&
	    unlink(path) == -1 && errno != ENOENT)
		warn("%s", quote_str(path));
}

/* Each file written, at exit. */
static void
pidfile_remove(void)
{
	size_t	 i;

	for (i = 0; i < nfiles; i++) {
		if (files[i].written)
			remove_one(files[i].path);
		free(files[i].key);
	}
	free(files);
	files = NULL;
	nfiles = 0;
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

static void
write_one(struct pidfile *f)
{
	const char	*path = f->path;
	char		*tmp;
	char		 line[32];
	size_t		 n = pid_line(line, sizeof line);
	int		 fd;

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
	f->written = true;
}

/*
 * Once sigwatch is ready: each file, in the order given. One that
 * cannot be written exits, and removes those written before it.
 */
void
pidfile_write(void)
{
	size_t	 i;

	if (nfiles == 0)
		return;
	atexit(pidfile_remove);
	for (i = 0; i < nfiles; i++)
		write_one(&files[i]);
}
