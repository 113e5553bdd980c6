/* SPDX-License-Identifier: ISC */
/*
 * A traced process in a PID or user namespace of its own, a container's
 * under --attach say, is told who sent it a signal as its namespaces
 * number the sender: the kernel translates the sender's process and
 * user ID as it queues the signal (kernel/signal.c), so pid 1 there is
 * the container's init, not sigwatch's. They are turned back into
 * sigwatch's numbers here, so that a pid names the process it says and
 * a uid the user.
 *
 * No system call finds a process by the number it has in another
 * namespace; /proc does: each process's NSpid line has its numbers in
 * every PID namespace from sigwatch's down to its own. A receiver in
 * sigwatch's own namespaces, the usual case, costs four stat(2)s once.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/nsfs.h>

#include "sigwatch.h"

#ifndef NS_GET_PARENT
#define NS_GET_PARENT	_IO(0xb7, 0x2)
#endif
/* How deep PID namespaces nest at most (MAX_PID_NS_LEVEL). */
#define NS_LEVELS	32
/* Senders found lately: a flood from one costs one look, not a scan each. */
#define FOUND_SLOTS	4

static struct {
	dev_t	 dev;
	ino_t	 ino;		/* the receiver's PID namespace */
	pid_t	 nspid;		/* the sender's number there */
	pid_t	 pid;		/* and in sigwatch's */
} found[FOUND_SLOTS];
static unsigned	 next_slot;

/* The namespace of kind ns that pid (0: sigwatch) is in. */
static bool
ns_of(pid_t pid, const char *ns, struct stat *st)
{
	char	 path[48];

	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/ns/%s", ns);
	else
		snprintf(path, sizeof path, "/proc/%ld/ns/%s", (long)pid, ns);
	return stat(path, st) == 0;
}

static bool
same_ns(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Whether pid's namespaces are sigwatch's, and if not which. */
static void
look_at(struct nsview *v, pid_t pid)
{
	struct stat	 mine, its;
	pid_t		 ids[NS_LEVELS];
	int		 n;

	*v = (struct nsview){ .read = true };
	if (ns_of(0, "pid", &mine) && ns_of(pid, "pid", &its) &&
	    !same_ns(&mine, &its)) {
		v->dev = its.st_dev;
		v->ino = its.st_ino;
		n = proc_nspids(pid, ids, NS_LEVELS);
		v->level = n > 1 ? n - 1 : -1;
	}
	v->userns = ns_of(0, "user", &mine) && ns_of(pid, "user", &its) &&
	    !same_ns(&mine, &its);
}

/*
 * Whether pid's PID namespace, or the one up levels from it, is v's. A
 * process in a namespace nested in the receiver's has a number there
 * too; so may one of a sibling namespace at the same depth, hence the
 * walk up rather than the depth alone.
 */
static bool
in_receivers_ns(const struct nsview *v, pid_t pid, int up)
{
	struct stat	 st;
	char		 path[48];
	int		 fd, parent;

	snprintf(path, sizeof path, "/proc/%ld/ns/pid", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	for (; up > 0; up--) {
		parent = ioctl(fd, NS_GET_PARENT);
		close(fd);
		if ((fd = parent) == -1)
			return false;
	}
	parent = fstat(fd, &st) == 0 && st.st_dev == v->dev &&
	    st.st_ino == v->ino;
	close(fd);
	return parent;
}

/* Whether pid is the process that v's namespace numbers nspid. */
static bool
is_sender(const struct nsview *v, pid_t pid, pid_t nspid)
{
	pid_t	 ids[NS_LEVELS];
	int	 n = proc_nspids(pid, ids, NS_LEVELS);

	return n > v->level && ids[v->level] == nspid &&
	    in_receivers_ns(v, pid, n - 1 - v->level);
}

struct search {
	const struct nsview	*v;
	pid_t			 nspid, pid;
};

static bool
look(pid_t pid, void *arg)
{
	struct search	*s = arg;

	if (!is_sender(s->v, pid, s->nspid))
		return true;
	s->pid = pid;
	return false;
}

/* The process v's namespace numbers nspid, in sigwatch's; 0 if none. */
static pid_t
pid_here(const struct nsview *v, pid_t nspid)
{
	struct search	 s = { .v = v, .nspid = nspid };
	unsigned	 i;

	for (i = 0; i < FOUND_SLOTS; i++)
		if (found[i].nspid == nspid && found[i].ino == v->ino &&
		    found[i].dev == v->dev && found[i].pid != 0 &&
		    is_sender(v, found[i].pid, nspid))
			return found[i].pid;
	proc_each(look, &s);
	if (s.pid != 0) {
		i = next_slot++ % FOUND_SLOTS;
		found[i].dev = v->dev;
		found[i].ino = v->ino;
		found[i].nspid = nspid;
		found[i].pid = s.pid;
	}
	return s.pid;
}

/*
 * The user pid's user namespace numbers uid, in sigwatch's: through its
 * uid_map, whose second column a reader in another namespace sees in
 * its own numbers (user_namespaces(7)). A uid the map lacks is the
 * kernel's overflow uid already, and stays.
 */
static uid_t
uid_here(pid_t pid, uid_t uid)
{
	unsigned long	 in, out, count;
	char		 path[40];
	FILE		*f;

	snprintf(path, sizeof path, "/proc/%ld/uid_map", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return uid;
	while (fscanf(f, "%lu %lu %lu", &in, &out, &count) == 3)
		if (uid >= in && uid - in < count) {
			uid = (uid_t)(out + (uid - in));
			break;
		}
	fclose(f);
	return uid;
}

/*
 * The sender in rec, a signal delivered to process pid, as sigwatch's
 * namespaces number it. v keeps what was learnt of pid's namespaces.
 * A sender that cannot be found there (it has ended, or it was outside
 * the receiver's namespace, which the kernel tells as 0) is pid 0.
 * Returns the sender's number in pid's PID namespace when that is not
 * sigwatch's: the one its logs would give; 0 otherwise.
 */
pid_t
nsview_translate(struct nsview *v, pid_t pid, struct signalfd_siginfo *rec)
{
	pid_t	 nspid = 0;

	if (!v->read)
		look_at(v, pid);
	if ((v->level == 0 && !v->userns) || !record_has_sender(rec))
		return 0;
	if (v->level != 0) {
		nspid = (pid_t)rec->ssi_pid;
		rec->ssi_pid = v->level > 0 && nspid != 0 ?
		    (uint32_t)pid_here(v, nspid) : 0;
	}
	if (v->userns)
		rec->ssi_uid = uid_here(pid, rec->ssi_uid);
	return nspid;
}
