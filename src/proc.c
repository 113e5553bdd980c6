/*
 * What sigwatch reads about processes from /proc: a command name, and
 * the children of sigwatch itself. Both are best effort: a process can
 * end between any two reads.
 */
#include <fcntl.h>
#include <stdio.h>
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
