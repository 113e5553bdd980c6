/* SPDX-License-Identifier: ISC */
/*
 * What a traced process does with a signal, read at every delivery:
 * the one /proc read on the tracer's path of every signal (make bench,
 * tracing). /proc/PID/status has every signal's disposition, but the
 * kernel writes out all of status to answer (3 us here, a third of
 * sigwatch's time per signal); /proc/PID/stat has those of signals 1 to
 * 31 (proc(5): "obsolete", it has no real-time ones) for a third of
 * that. Each file is opened once and read again from offset 0, which
 * makes the kernel write it anew (a seq_file).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/* The signals in /proc/PID/stat's masks: 1 to 31 (fs/proc/array.c). */
#define STAT_SIGNALS	31
/* sigignore and sigcatch are fields 33 and 34; state, after comm, is 3. */
#define STAT_SIGIGNORE	(33 - 3)

void
disp_files_init(struct disp_files *f)
{
	f->stat = f->status = -1;
}

void
disp_files_close(struct disp_files *f)
{
	if (f->stat != -1)
		close(f->stat);
	if (f->status != -1)
		close(f->status);
	disp_files_init(f);
}

/* The file of pid's, read whole from the start into buf, NUL ended. */
static bool
read_file(int *fd, pid_t pid, const char *name, char *buf, size_t len)
{
	char	 path[40];
	ssize_t	 n;

	if (*fd == -1) {
		snprintf(path, sizeof path, "/proc/%ld/%s", (long)pid, name);
		if ((*fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			return false;
	}
	if ((n = pread(*fd, buf, len - 1, 0)) <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/*
 * sigignore and sigcatch from stat, after the comm, which may hold ')'.
 * The spaces are counted in one pass: a strchr() a field was a tenth of
 * the read's time (make bench, tracing).
 */
static bool
from_stat(const char *buf, uint64_t *ignored, uint64_t *caught)
{
	const char	*p = strrchr(buf, ')');
	char		*end, *last;
	int		 spaces = 0;

	if (p == NULL)
		return false;
	while (*++p != '\0')
		if (*p == ' ' && ++spaces > STAT_SIGIGNORE)
			break;
	if (*p == '\0')
		return false;
	*ignored = strtoull(p, &end, 10);
	if (end == p || *end != ' ')
		return false;
	*caught = strtoull(end, &last, 10);
	return last != end;
}

static bool
status_mask(const char *buf, const char *key, uint64_t *mask)
{
	const char	*p = strstr(buf, key);
	char		*end;

	if (p == NULL)
		return false;
	*mask = strtoull(p + strlen(key), &end, 16);
	return end != p + strlen(key);
}

/*
 * The signals pid ignores and catches, one bit each from signal 1, at
 * least the bit of signo: from stat when that has it, else from status.
 * f keeps the files open; false when pid cannot be read.
 */
bool
disp_read(struct disp_files *f, pid_t pid, int signo, uint64_t *ignored,
    uint64_t *caught)
{
	char	 buf[4096];

	if (signo <= STAT_SIGNALS)
		return read_file(&f->stat, pid, "stat", buf, sizeof buf) &&
		    from_stat(buf, ignored, caught);
	return read_file(&f->status, pid, "status", buf, sizeof buf) &&
	    status_mask(buf, "\nSigIgn:", ignored) &&
	    status_mask(buf, "\nSigCgt:", caught);
}
