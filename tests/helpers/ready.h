/*
 * The ready file of the test helpers: created, holding "ready", once a
 * helper is set up, for the suite's wait_for_file. Exits 2 on failure.
 */
#ifndef READY_H
#define READY_H

#include <err.h>
#include <fcntl.h>
#include <unistd.h>

static inline void
say_ready(const char *path)
{
	int	 fd;

	if (path == NULL)
		return;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1)
		err(2, "%s", path);
	if (write(fd, "ready\n", 6) != 6)
		err(2, "%s", path);
	close(fd);
}

#endif
