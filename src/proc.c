/* SPDX-License-Identifier: ISC */
/*
 * What sigwatch reads about processes from /proc: a command name, the
 * children of sigwatch itself, a process's state and group, and for
 * --trace a thread's group, its tracer and its process IDs in nested
 * namespaces (disposition.c reads the
 * dispositions, on the hot path, from files it keeps open). All best effort: a
 * process can end between any two reads.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/*
 * The command name from an open /proc/PID/comm, read again from the
 * start: false when there is none (the process is gone). Reading by
 * descriptor lets a caller keep the file open: it belongs to that
 * process, not to its number, so a reused pid cannot answer for it.
 */
bool
comm_read(int fd, char *buf, size_t len)
{
	ssize_t	 n = pread(fd, buf, len - 1, 0);

	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n > 0 ? n : 0] = '\0';
	return n > 0;
}

/* pid's command name; empty when it cannot be read. */
bool
proc_comm(pid_t pid, char *buf, size_t len)
{
	char	 path[32];
	bool	 found = false;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	buf[0] = '\0';
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		found = comm_read(fd, buf, len);
		close(fd);
	}
	return found;
}

/*
 * Call each(pid, arg) for every child of sigwatch, until it returns
 * false. The kernel lists the children of each thread; sigwatch has one.
 * False when the list cannot be read.
 */
bool
proc_children(bool (*each)(pid_t, void *), void *arg)
{
	char	 path[64];
	FILE	*f;
	long	 pid;

	snprintf(path, sizeof path, "/proc/self/task/%ld/children",
	    (long)getpid());
	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (fscanf(f, "%ld", &pid) == 1 && each((pid_t)pid, arg))
		;
	fclose(f);
	return true;
}

/*
 * The numbers on the lines of /proc/PID/status that start with the
 * given keys ("Tgid:", "SigIgn:"), read as base; false unless all were
 * there. A few lines are all that is wanted: no table, as inspect.c has.
 */
static bool
status_values(pid_t pid, const char *const keys[], int base,
    unsigned long long *values, int n)
{
	char	 path[32], line[256];
	FILE	*f;
	int	 i, found = 0;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (found < n && fgets(line, sizeof line, f) != NULL)
		for (i = 0; i < n; i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0) {
				values[i] = strtoull(line + strlen(keys[i]),
				    NULL, base);
				found++;
			}
	fclose(f);
	return found == n;
}

/*
 * What /proc/PID/stat says of pid: its state letter, parent, process
 * group and kernel flags; false when it cannot be read. The command name before
 * them may hold any byte, ')' too: the fields start after the last one.
 */
bool
proc_stat(pid_t pid, struct proc_stat *st)
{
	char	 path[32], buf[1024], *p;
	ssize_t	 n;
	long	 ppid, pgrp;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* state ppid pgrp session tty_nr tpgid flags */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %c %ld %ld %*d %*d %*d %lu", &st->state, &ppid,
	    &pgrp, &st->flags) != 4)
		return false;
	st->ppid = (pid_t)ppid;
	st->pgrp = (pid_t)pgrp;
	return true;
}

/* The thread group a thread belongs to; 0 when it cannot be read. */
pid_t
proc_tgid(pid_t tid)
{
	static const char *const keys[] = { "Tgid:" };
	unsigned long long	 tgid;

	return status_values(tid, keys, 10, &tgid, 1) ? (pid_t)tgid : 0;
}

/* The tracer of pid, 0 for none; -1 when it cannot be read. */
pid_t
proc_tracer(pid_t pid)
{
	static const char *const keys[] = { "TracerPid:" };
	unsigned long long	 tracer;

	return status_values(pid, keys, 10, &tracer, 1) ? (pid_t)tracer : -1;
}

/*
 * Call each(n, arg) for every numbered entry of directory path, until it
 * returns false. False when the directory cannot be read.
 */
static bool
numbered(const char *path, bool (*each)(pid_t, void *), void *arg)
{
	DIR		*d;
	struct dirent	*e;
	long		 n;

	if ((d = opendir(path)) == NULL)
		return false;
	while ((e = readdir(d)) != NULL)
		if ((n = strtol(e->d_name, NULL, 10)) > 0 &&
		    !each((pid_t)n, arg))
			break;
	closedir(d);
	return true;
}

/*
 * Call each(tid, arg) for every thread of pid, until it returns false.
 * False when pid's threads cannot be listed (it is gone).
 */
bool
proc_threads(pid_t pid, bool (*each)(pid_t, void *), void *arg)
{
	char	 path[32];

	snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
	return numbered(path, each, arg);
}

/* Call each(pid, arg) for every process, until it returns false. */
bool
proc_each(bool (*each)(pid_t, void *), void *arg)
{
	return numbered("/proc", each, arg);
}

/*
 * pid's process IDs in each PID namespace from sigwatch's down to its
 * own (the NSpid line of /proc/PID/status), at most max: how many, 0
 * when they cannot be read.
 */
int
proc_nspids(pid_t pid, pid_t *ids, int max)
{
	char	 path[32], line[256], *p, *end;
	FILE	*f;
	long	 id;
	int	 n = 0;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "NSpid:", 6) == 0) {
			for (p = line + 6; n < max; p = end) {
				id = strtol(p, &end, 10);
				if (end == p)
					break;
				ids[n++] = (pid_t)id;
			}
			break;
		}
	fclose(f);
	return n;
}
