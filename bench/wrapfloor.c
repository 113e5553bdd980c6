/* SPDX-License-Identifier: ISC */
/*
 * wrapfloor: the least a wrapper can do, so that the wrapper section
 * shows what any wrapper reaches on this machine, as bench/floor does
 * for a receiver: vfork(), execvp() the command, wait for it, and exit
 * with its status. No signal is blocked, forwarded or reported. It is
 * linked as sigwatch is (statically when sigwatch is), so that the two
 * pay the same C library start-up.
 *
 *   wrapfloor COMMAND [ARG]...
 */
#include <err.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t	 pid;
	int	 status;

	if (argc < 2)
		errx(2, "usage: wrapfloor COMMAND [ARG]...");
	if ((pid = vfork()) == -1)
		err(2, "vfork");
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) == -1)
		err(2, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) :
	    128 + WTERMSIG(status);
}
