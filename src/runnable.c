/* SPDX-License-Identifier: ISC */
/*
 * Whether the command can be run at all, asked before it is started:
 * the vfork()ed child writes its "started" line before its exec (so
 * that the line comes before anything the command writes), and a
 * command that is not there or not executable must not be reported as
 * started. The search is execvp()'s: a name with a slash is the file,
 * else each PATH directory in turn, a file found but not executable
 * making it EACCES rather than ENOENT. What only execve() itself can
 * find (a noexec mount, ETXTBSY, E2BIG) is still reported by the child.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigwatch.h"

/* execvp()'s search path when PATH is not set (glibc's _CS_PATH). */
#define DEFAULT_PATH	"/bin:/usr/bin"

/*
 * The errors this check can give, by name; stringified, as strace's
 * XLAT(), so that a name cannot drift from its value.
 */
#define ERRNO(e)	[e] = #e
static const char *const errno_names[] = {
	ERRNO(EPERM), ERRNO(ENOENT), ERRNO(EIO), ERRNO(ENOMEM),
	ERRNO(EACCES), ERRNO(ENOTDIR), ERRNO(EISDIR), ERRNO(ENAMETOOLONG),
	ERRNO(ELOOP), ERRNO(EOVERFLOW),
};
#undef ERRNO

/* errno's name; NULL for one the check never gives. */
const char *
runnable_errno_name(int e)
{
	if (e <= 0 || (size_t)e >= sizeof errno_names / sizeof errno_names[0])
		return NULL;
	return errno_names[e];
}

/* What execve() of path would fail with first: 0 if it would not. */
static int
check_file(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return errno;
	/* execve() runs regular files only; anything else is EACCES. */
	if (!S_ISREG(st.st_mode))
		return EACCES;
	return access(path, X_OK) == -1 ? errno : 0;
}

/* 0 when file can be run as execvp() would find it; else the errno. */
int
runnable(const char *file)
{
	const char	*dirs, *end;
	char		 path[PATH_MAX];
	bool		 denied = false;
	int		 n, e;

	if (*file == '\0')
		return ENOENT;
	if (strchr(file, '/') != NULL)
		return check_file(file);
	if ((dirs = getenv("PATH")) == NULL)
		dirs = DEFAULT_PATH;
	for (;; dirs = end + 1) {
		end = strchrnul(dirs, ':');
		/* An empty entry is the current directory. */
		n = snprintf(path, sizeof path, "%.*s%s%s", (int)(end - dirs),
		    dirs, end == dirs ? "" : "/", file);
		if (n > 0 && (size_t)n < sizeof path) {
			if ((e = check_file(path)) == 0)
				return 0;
			/* As execvp(): other errors end the search. */
			if (e != EACCES && e != ENOENT && e != ENOTDIR)
				return e;
			denied |= e == EACCES;
		}
		if (*end == '\0')
			break;
	}
	return denied ? EACCES : ENOENT;
}
