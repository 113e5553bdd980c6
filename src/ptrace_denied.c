/* SPDX-License-Identifier: ISC */
/*
 * Why the kernel refused sigwatch a ptrace attach (EPERM), as one reason,
 * found by going through its checks in their order: a seccomp filter
 * on sigwatch's own calls (seccomp(2), the first to see one), then
 * kernel/ptrace.c: ptrace_attach() (no kernel thread, not itself),
 * __ptrace_may_access() (the same user, then a dumpable process, each
 * unless CAP_SYS_PTRACE), security/commoncap.c (no capability the
 * tracer lacks), then Yama's kernel.yama.ptrace_scope
 * (Documentation/admin-guide/LSM/Yama.rst), and ptrace_attach() again
 * (no zombie). A refusal none of them
 * explains (another LSM) has no reason here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigwatch.h"

#define CAP_SYS_PTRACE_BIT	19	/* <linux/capability.h> */
#define PF_KTHREAD	0x00200000	/* <linux/sched.h>: task->flags */
#define YAMA_SCOPE	"/proc/sys/kernel/yama/ptrace_scope"

/* The identity the checks compare, from /proc/PID/status. */
struct creds {
	unsigned long long	 uid[3];	/* real, effective, saved */
	unsigned long long	 gid[3];
	unsigned long long	 cap_prm, cap_eff;
};

/* The n numbers after key on its line of an open status file. */
static bool
numbers(FILE *f, const char *key, int base, unsigned long long *v, int n)
{
	char	 line[256], *p, *end;
	int	 i;

	rewind(f);
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, key, strlen(key)) != 0)
			continue;
		p = line + strlen(key);
		for (i = 0; i < n; i++, p = end) {
			v[i] = strtoull(p, &end, base);
			if (end == p)
				return false;
		}
		return true;
	}
	return false;
}

static bool
creds_of(const char *pid, struct creds *c)
{
	char	 path[64];
	FILE	*f;
	bool	 ok;

	snprintf(path, sizeof path, "/proc/%s/status", pid);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	ok = numbers(f, "Uid:", 10, c->uid, 3) &&
	    numbers(f, "Gid:", 10, c->gid, 3) &&
	    numbers(f, "CapPrm:", 16, &c->cap_prm, 1) &&
	    numbers(f, "CapEff:", 16, &c->cap_eff, 1);
	fclose(f);
	return ok;
}

/* Not the same user as the caller's real ids: the first that differs. */
static bool
other_user(const struct creds *me, const struct creds *it, char *why,
    size_t len)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (it->uid[i] != me->uid[0]) {
			snprintf(why, len, "it runs as another user (uid %llu)",
			    it->uid[i]);
			return true;
		}
	for (i = 0; i < 3; i++)
		if (it->gid[i] != me->gid[0]) {
			snprintf(why, len, "it runs as another group (gid %llu)",
			    it->gid[i]);
			return true;
		}
	return false;
}

/*
 * Not dumpable (set-user-ID, file capabilities, prctl): /proc then
 * gives its files, though not its directories, to root rather than to
 * its effective user (fs/proc/base.c task_dump_owner()).
 */
static bool
undumpable(const char *pid, const struct creds *it, char *why, size_t len)
{
	char		 path[64];
	struct stat	 st;

	snprintf(path, sizeof path, "/proc/%s/status", pid);
	if (stat(path, &st) == -1 || st.st_uid == it->uid[1])
		return false;
	snprintf(why, len, "it is not dumpable (set-user-ID, file "
	    "capabilities or prctl)");
	return true;
}

/* Capabilities it has that sigwatch has not (CapPrm, not CapEff). */
static bool
more_capable(const struct creds *me, const struct creds *it, char *why,
    size_t len)
{
	unsigned long long	 more = it->cap_prm & ~me->cap_prm;

	if (more == 0)
		return false;
	snprintf(why, len, "it has capabilities sigwatch lacks (CapPrm %#llx)", more);
	return true;
}

static int
yama_scope(void)
{
	FILE	*f;
	int	 scope = 0;

	if ((f = fopen(YAMA_SCOPE, "re")) == NULL)
		return 0;
	if (fscanf(f, "%d", &scope) != 1)
		scope = 0;
	fclose(f);
	return scope;
}

/* Yama's refusal, when its scope is one that refuses sigwatch. */
static bool
yama(bool cap, bool child, char *why, size_t len)
{
	static const char *const scopes[] = {
		[1] = "1: only a process's ancestors may trace it, without "
		    "CAP_SYS_PTRACE",
		[2] = "2: only a process with CAP_SYS_PTRACE may trace",
		[3] = "3: no process may trace another",
	};
	int	 scope = yama_scope();

	if (scope < 1 || scope > 3 || (scope == 1 && (cap || child)) ||
	    (scope == 2 && cap))
		return false;
	snprintf(why, len, "kernel.yama.ptrace_scope is %s", scopes[scope]);
	return true;
}

/*
 * A seccomp filter refuses ptrace() itself, as a container's profile
 * may: it answers every request with its error, even one the kernel
 * would refuse with ESRCH (of a process that is not a tracee: sigwatch
 * itself). The LSMs' checks come at an attach only.
 */
static bool
filtered(char *why, size_t len)
{
	unsigned long	 msg;

	if (ptrace(PTRACE_GETEVENTMSG, getpid(), 0, &msg) != -1 ||
	    errno != EPERM)
		return false;
	snprintf(why, len, "a seccomp filter refuses sigwatch the ptrace() "
	    "system call, as a container's profile may");
	return true;
}

/*
 * ptrace_attach()'s own refusals, before and after the access checks:
 * a kernel thread, a thread of the tracer's own process, and a process
 * that has ended (a zombie).
 */
static bool
untraceable(pid_t pid, bool after, char *why, size_t len)
{
	struct proc_stat	 st;

	if (!proc_stat(pid, &st))
		return false;
	if (!after && st.flags & PF_KTHREAD)
		snprintf(why, len, "it is a kernel thread");
	else if (!after && pid == getpid())
		snprintf(why, len, "it is sigwatch itself");
	else if (after && (st.state == 'Z' || st.state == 'X'))
		snprintf(why, len, "it has ended, and its parent has not "
		    "reaped it yet (a zombie)");
	else
		return false;
	return true;
}

/*
 * Why pid may not be traced by sigwatch, into why; false when none of
 * the reasons known here applies. child: pid is sigwatch's own child.
 */
bool
ptrace_denied(pid_t pid, bool child, char *why, size_t len)
{
	struct creds	 me, it;
	char		 num[24], what[96];
	bool		 cap;

	if (filtered(why, len))
		return true;
	snprintf(num, sizeof num, "%ld", (long)pid);
	if (untraceable(pid, false, why, len))
		return true;
	if (!creds_of("self", &me) || !creds_of(num, &it))
		return false;
	cap = me.cap_eff >> CAP_SYS_PTRACE_BIT & 1;
	if (!cap && (other_user(&me, &it, what, sizeof what) ||
	    undumpable(num, &it, what, sizeof what) ||
	    more_capable(&me, &it, what, sizeof what))) {
		snprintf(why, len, "%s, and sigwatch has no CAP_SYS_PTRACE",
		    what);
		return true;
	}
	return yama(cap, child, why, len) || untraceable(pid, true, why, len);
}
