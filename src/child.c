/* SPDX-License-Identifier: ISC */
/*
 * The wrapped command. It starts with exactly the signal mask and the
 * dispositions sigwatch inherited: sigwatch blocks signals but installs
 * no handlers, so only the mask and an inherited SIGCHLD=SIG_IGN (which
 * sigwatch undoes to keep the child's status) need putting back.
 *
 * The child is vfork()ed: copying sigwatch's page tables for a fork()
 * is most of what wrapping a short command would cost (bench/README.md).
 * Between vfork and exec it runs in sigwatch's memory and on its stack,
 * so it only makes system calls and copies what sigwatch prepared: no
 * allocation, no stdio, nothing that can exit() on sigwatch's behalf.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sigwatch.h"

/*
 * Why errno e stopped an exec, in words that need no locale: after
 * vfork() the child may not load a translation. musl's strerror() has
 * only its own constant strings.
 */
static const char *
errno_words(int e)
{
#ifdef HAVE_STRERRORDESC_NP
	return strerrordesc_np(e);
#else
	return strerror(e);
#endif
}

/*
 * Still in the child: the "started" line, with its pid, into the room
 * sigwatch reserved in its output buffer, written as far as the output
 * takes it now. The memory is shared, so what is left is sigwatch's to
 * write, and an error its to meet. Under valgrind vfork() is a fork():
 * the line is then the child's copy alone, and written once all the
 * same.
 */
static void
announce(const struct start_line *l)
{
	char	*p = l->room;

	p = put_mem(p, l->head, l->head_len);
	p = put_u64(p, (uint64_t)getpid());
	p = put_mem(p, l->tail, l->tail_len);
	output_commit(l->out, (size_t)(p - l->room));
	output_flush_quietly(l->out);
}

/*
 * In the child. Announced while every signal is still blocked, so that
 * one that kills the child before the exec is still reported after its
 * "started" event. A failed exec writes the message sigwatch prepared,
 * with the C library's description of errno (a table look-up, no
 * translation), and _exit()s.
 */
__attribute__((noreturn))
static void
become(char **argv, const struct spawn *sp, const struct start_line *line,
    int gate, const char *failure)
{
	char	 go;
	struct iovec	 iov[3];
	const char	*why;
	int		 e;

	if (sp->group) {
		setpgid(0, 0);
		/*
		 * Take the terminal, as tini does, so that the terminal's
		 * signals go to the command's group alone. SIGTTOU is still
		 * blocked here, so a background group may do this.
		 */
		if (sp->foreground)
			tcsetpgrp(STDIN_FILENO, getpid());
	}
	/*
	 * --child-pdeathsig: SIG when the thread that vforked this dies,
	 * sigwatch's only one. Gone already: the kernel will not send it,
	 * so raise it; it waits, blocked, for the mask of the exec.
	 */
	if (sp->pdeathsig != 0) {
		prctl(PR_SET_PDEATHSIG, sp->pdeathsig);
		if (getppid() != sp->parent)
			kill(getpid(), sp->pdeathsig);
	}
	if (line != NULL)
		announce(line);
	/* Traced: only once sigwatch has seized it, and never untraced. */
	if (gate != -1 && read(gate, &go, 1) != 1)
		_exit(EXIT_TROUBLE);
	if (sp->chld_ignored)
		signal(SIGCHLD, SIG_IGN);
	sigprocmask(SIG_SETMASK, &sp->mask, NULL);
	execvp(argv[0], argv);
	e = errno;
	if ((why = errno_words(e)) == NULL)
		why = "Unknown error";
	iov[0] = (struct iovec){ (void *)failure, strlen(failure) };
	iov[1] = (struct iovec){ (void *)why, strlen(why) };
	iov[2] = (struct iovec){ "\n", 1 };
	(void)!writev(STDERR_FILENO, iov, 3);
	_exit(e == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN);
}

/* What a failed exec is to say, but for the reason. */
static char	 cannot_run[4 * PATH_MAX + 64];

static void
prepare_failure(const char *cmd)
{
	char	*p;

	p = stpcpy(cannot_run, "sigwatch: cannot run '");
	p += escape_arg(p, 4 * PATH_MAX + 1, cmd);
	strcpy(p, "': ");
}

/*
 * The parent's half of the child's setpgid() and tcsetpgrp(), as a
 * shell does for a job: whichever runs first, the command leads its
 * group and has the terminal before either goes on. Once the child has
 * exec'd the kernel refuses the setpgid() (EACCES), which is then done.
 */
static void
lead_group(pid_t pid, const struct spawn *sp)
{
	if (!sp->group)
		return;
	setpgid(pid, pid);
	if (sp->foreground)
		pgroup_hand_terminal(getpgrp(), pid);
}

/*
 * Start argv with every signal sigwatch watches still blocked. sigwatch
 * is suspended until the exec, so the child writes its own "started"
 * line, prepared in line, before anything the command writes. By the
 * exec the child leads its own group, if it is to, so no signal to the
 * group can come too early.
 */
pid_t
child_spawn(char **argv, const struct spawn *sp, const struct start_line *line)
{
	pid_t	 pid;

	prepare_failure(argv[0]);
	if ((pid = vfork()) == -1)
		err(EXIT_TROUBLE, "vfork");
	if (pid == 0)
		become(argv, sp, line, -1, cannot_run);
	lead_group(pid, sp);
	return pid;
}

/*
 * For --trace: a fork()ed child that waits, before its exec, until
 * child_release(*gate), so that sigwatch can seize it first and writes
 * the "started" line itself. The gate is a pipe, close-on-exec.
 */
pid_t
child_fork(char **argv, const struct spawn *sp, int *gate)
{
	int	 fds[2];
	pid_t	 pid;

	if (pipe2(fds, O_CLOEXEC) == -1)
		err(EXIT_TROUBLE, "pipe");
	prepare_failure(argv[0]);
	if ((pid = fork()) == -1)
		err(EXIT_TROUBLE, "fork");
	if (pid == 0) {
		close(fds[1]);
		become(argv, sp, NULL, fds[0], cannot_run);
	}
	close(fds[0]);
	lead_group(pid, sp);
	*gate = fds[1];
	return pid;
}

void
child_release(int gate)
{
	if (write(gate, "g", 1) != 1)
		err(EXIT_TROUBLE, "releasing the command");
	close(gate);
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
