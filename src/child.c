/*
 * The wrapped command. It starts with exactly the signal mask and the
 * dispositions sigwatch inherited: sigwatch blocks signals but installs
 * no handlers, so only the mask and an inherited SIGCHLD=SIG_IGN (which
 * sigwatch undoes to keep the child's status) need putting back.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

/*
 * Still in the child. The name is escaped in this frame rather than by
 * quote_arg(), whose static buffers are sigwatch's memory.
 */
__attribute__((noreturn))
static void
cannot_run(const char *cmd, int e)
{
	char	 name[4 * PATH_MAX + 1];

	escape_arg(name, sizeof name, cmd);
	dprintf(STDERR_FILENO, "sigwatch: cannot run '%s': %s\n", name,
	    strerror(e));
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/*
 * In the child, between vfork and exec: sigwatch's memory, so no exit(),
 * no return, only _exit() on failure. Announced while every signal is
 * still blocked, so that one that kills the child before the exec is
 * still reported after its "started" event.
 */
__attribute__((noreturn))
static void
become(char **argv, const struct spawn *sp, void (*announce)(void *),
    void *arg)
{
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
	announce(arg);
	if (sp->chld_ignored)
		signal(SIGCHLD, SIG_IGN);
	sigprocmask(SIG_SETMASK, &sp->mask, NULL);
	execvp(argv[0], argv);
	cannot_run(argv[0], errno);
}

/*
 * Start argv with every signal sigwatch watches still blocked. vfork():
 * copying sigwatch's page tables for a fork() is most of what wrapping a
 * short command would cost (bench/README.md). sigwatch is suspended
 * until the exec, so the child calls announce(arg) itself, to write the
 * "started" event before anything the command writes; the memory is
 * shared, so the child's output is sigwatch's. By the exec the child
 * leads its own group, if it is to, so no signal to the group can come
 * too early.
 */
pid_t
child_spawn(char **argv, const struct spawn *sp, void (*announce)(void *),
    void *arg)
{
	pid_t	 pid;

	if ((pid = vfork()) == -1)
		err(EXIT_TROUBLE, "vfork");
	if (pid == 0)
		become(argv, sp, announce, arg);
	return pid;
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
