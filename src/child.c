/*
 * The wrapped command. It starts with exactly the signal mask and the
 * dispositions sigwatch inherited: sigwatch blocks signals but installs
 * no handlers, so only the mask and an inherited SIGCHLD=SIG_IGN (which
 * sigwatch undoes to keep the child's status) need putting back.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/* In the child, between fork and exec: only _exit() on failure. */
__attribute__((noreturn))
static void
become(char **argv, const struct spawn *sp)
{
	int	 e;

	if (sp->group) {
		setpgid(0, 0);
		/*
		 * Take the terminal, as tini does, so that the terminal's
		 * signals go to the command's group. SIGTTOU is still
		 * blocked here, so a background group may do this.
		 */
		if (sp->foreground)
			tcsetpgrp(STDIN_FILENO, getpid());
	}
	if (sp->chld_ignored)
		signal(SIGCHLD, SIG_IGN);
	sigprocmask(SIG_SETMASK, &sp->mask, NULL);
	execvp(argv[0], argv);
	e = errno;
	dprintf(STDERR_FILENO, "sigwatch: cannot run '%s': %s\n", argv[0],
	    strerror(e));
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/*
 * Fork and exec argv; every signal sigwatch watches is still blocked.
 * The child waits at *gate until child_release(): the "started" event
 * is out before anything the command writes.
 */
pid_t
child_spawn(char **argv, const struct spawn *sp, int *gate)
{
	pid_t	 pid;
	int	 p[2];
	char	 c;

	if (pipe2(p, O_CLOEXEC) == -1)
		err(EXIT_TROUBLE, "pipe");
	if ((pid = fork()) == -1)
		err(EXIT_TROUBLE, "fork");
	if (pid == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) == -1 && errno == EINTR)
			;
		close(p[0]);
		become(argv, sp);
	}
	close(p[0]);
	*gate = p[1];
	/* Also here, so that no signal to the group can come too early. */
	if (sp->group && setpgid(pid, pid) == -1 && errno != EACCES &&
	    errno != ESRCH)
		err(EXIT_TROUBLE, "setpgid");
	return pid;
}

/* Let the child go on to exec. */
void
child_release(int gate)
{
	if (close(gate) == -1)
		err(EXIT_TROUBLE, "close");
}

/*
 * What the child needs restored, taken before sigwatch blocks anything
 * or changes SIGCHLD.
 */
void
child_prepare(struct spawn *sp, const sigset_t *inherited)
{
	struct sigaction	 sa;

	sp->mask = *inherited;
	if (sigaction(SIGCHLD, NULL, &sa) == -1)
		err(EXIT_TROUBLE, "sigaction");
	sp->chld_ignored = sa.sa_handler == SIG_IGN;
	/* Children of a SIG_IGN parent are reaped by the kernel: no status. */
	if (sp->chld_ignored && signal(SIGCHLD, SIG_DFL) == SIG_ERR)
		err(EXIT_TROUBLE, "signal");
	sp->foreground = isatty(STDIN_FILENO) &&
	    tcgetpgrp(STDIN_FILENO) == getpgrp();
}
