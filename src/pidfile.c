/*
 * --pidfile: written atomically (a temporary file renamed into place) so
 * a script that sees the file can read a whole pid, and its appearance
 * means sigwatch is ready. Removed again when sigwatch exits normally.
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

static char	*written;

void
pidfile_remove(void)
{
	if (written != NULL && unlink(written) == -1 && errno != ENOENT)
		warn("%s", written);
	free(written);
	written = NULL;
}

void
pidfile_write(const char *path)
{
	char	*tmp;
	char	 line[32];
	int	 fd, n;

	if (asprintf(&tmp, "%s.XXXXXX", path) == -1)
		err(EXIT_TROUBLE, "asprintf");
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1)
		err(EXIT_TROUBLE, "%s", path);
	n = snprintf(line, sizeof line, "%ld\n", (long)getpid());
	if (fchmod(fd, 0644) == -1 || write(fd, line, (size_t)n) != n ||
	    close(fd) == -1 || rename(tmp, path) == -1) {
		int	 saved = errno;

		unlink(tmp);
		errno = saved;
		err(EXIT_TROUBLE, "%s", path);
	}
	free(tmp);
	if ((written = strdup(path)) == NULL)
		err(EXIT_TROUBLE, "strdup");
	atexit(pidfile_remove);
}
