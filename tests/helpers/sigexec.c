/* SPDX-License-Identifier: ISC */
/*
 * sigexec: exec a command with signals blocked, ignored or already
 * pending, as a parent process might leave them.
 *
 *   sigexec [-r] [-b SIG]... [-i SIG]... [-q SIG:VALUE]... -- COMMAND [ARG]...
 *
 * -r first gives every signal its default disposition and unblocks it,
 * the C library's 32 and 33 included (whatever started the test suite
 * may have left them ignored), so that what COMMAND shows of its signal
 * state does not depend on the machine.
 * -b blocks SIG, -i sets it to SIG_IGN, -q blocks SIG and has a child
 * process sigqueue() it here with VALUE, so that it is pending across
 * the exec.
 * SIG is a number.
 */
#include <err.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"
#include "rawsig.h"

static void
queue_from_child(int sig, union sigval v)
{
	pid_t	 pid;
	int	 status;

	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0)
		_exit(sigqueue(getppid(), sig, v) == -1);
	if (waitpid(pid, &status, 0) == -1 || status != 0)
		errx(1, "sigqueue from a child failed");
}

/* Every signal at its default and unblocked, 32 and 33 included. */
static void
reset_all(void)
{
	int	 sig;

	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			raw_action(sig, SIG_DFL);
	raw_mask(SIG_SETMASK, 0);
}

int
main(int argc, char **argv)
{
	sigset_t	 set;
	union sigval	 v;
	char		*colon;
	int		 c, sig;

	sigemptyset(&set);
	while ((c = getopt(argc, argv, "+rb:i:q:")) != -1) {
		switch (c) {
		case 'r':
			reset_all();
			break;
		case 'b':
			sigaddset(&set, signal_number(optarg, 1));
			break;
		case 'i':
			sig = signal_number(optarg, 1);
			if (signal(sig, SIG_IGN) == SIG_ERR)
				err(1, "signal %d", sig);
			break;
		case 'q':
			if ((colon = strchr(optarg, ':')) == NULL)
				errx(1, "-q wants SIG:VALUE");
			*colon = '\0';
			sig = signal_number(optarg, 1);
			sigaddset(&set, sig);
			if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
				err(1, "sigprocmask");
			v.sival_int = (int)number(colon + 1, INT_MIN, INT_MAX,
			    "value", 1);
			queue_from_child(sig, v);
			break;
		default:
			errx(1, "usage: sigexec [-r] [-b SIG] [-i SIG] [-q SIG:VALUE] -- COMMAND...");
		}
	}
	if (optind >= argc)
		errx(1, "no command");
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		err(1, "sigprocmask");
	execvp(argv[optind], argv + optind);
	err(127, "%s", argv[optind]);
}
