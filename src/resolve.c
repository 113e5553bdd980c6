/* SPDX-License-Identifier: ISC */
/*
 * The sender's command name and user name, best effort, as the system
 * has them: each formatter encodes what it prints. A flood from one sender costs one read per
 * batch, and a lone signal one pread(): the /proc file of a sender stays
 * open, and since it belongs to that process, not to its number, a read
 * fails once the process is gone even if its pid is reused.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

#define COMM_SLOTS	4	/* senders whose /proc file stays open */
#define USER_SLOTS	8

static struct comm_slot {
	uint32_t	 pid;
	int		 fd;		/* /proc/PID/comm, or -1 */
	bool		 fresh;		/* read in this batch */
	bool		 found;
	char		 comm[64];	/* the kernel's TASK_COMM_LEN is 16 */
} comms[COMM_SLOTS] = {
	{ .fd = -1 }, { .fd = -1 }, { .fd = -1 }, { .fd = -1 }
};

/* User names change rarely enough to keep for the whole run. */
static struct user_slot {
	uint32_t	 uid;
	bool		 valid;
	bool		 found;
	char		 name[NAME_SIZE];
} users[USER_SLOTS];

void
resolve_begin_batch(void)
{
	size_t	 i;

	for (i = 0; i < COMM_SLOTS; i++)
		comms[i].fresh = false;
}

static void
forget(struct comm_slot *c)
{
	if (c->fd != -1)
		close(c->fd);
	c->fd = -1;
	c->found = false;
}

static int
open_comm(uint32_t pid)
{
	char	 path[32];
	size_t	 i;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%u/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	/* Short of descriptors (ulimit -n): give back the cached ones. */
	if (fd == -1 && (errno == EMFILE || errno == ENFILE)) {
		for (i = 0; i < COMM_SLOTS; i++)
			forget(&comms[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	return fd;
}

static void
read_comm(struct comm_slot *c)
{
	if (c->fd == -1 || !comm_read(c->fd, c->comm, sizeof c->comm))
		forget(c);
	else
		c->found = true;
}

static struct comm_slot *
lookup_comm(uint32_t pid)
{
	struct comm_slot	*c = &comms[pid % COMM_SLOTS];

	if (c->pid == pid && c->fresh)
		return c;
	if (c->fd == -1 || c->pid != pid) {
		forget(c);
		c->pid = pid;
		c->fd = open_comm(pid);
	}
	read_comm(c);
	c->fresh = true;
	return c;
}

#ifdef SIGWATCH_STATIC
/*
 * A static binary cannot load the NSS modules that getpwuid() may call
 * (they are built against the shared C library): /etc/passwd only.
 * *definite: a NULL means there is no such user, not that the file could
 * not be read (EMFILE, ENOMEM, EIO): only a file read to its end, or
 * none at all, says that.
 */
static struct passwd *
find_user(uid_t uid, bool *definite)
{
	struct passwd	*pw;
	FILE		*f;

	if ((f = fopen("/etc/passwd", "re")) == NULL) {
		*definite = errno == ENOENT;
		return NULL;
	}
	while ((pw = fgetpwent(f)) != NULL && pw->pw_uid != uid)
		;
	*definite = pw != NULL || (feof(f) && !ferror(f));
	fclose(f);
	return pw;
}
#else
/* NULL with one of these errno values is getpwuid(3)'s "not found". */
static struct passwd *
find_user(uid_t uid, bool *definite)
{
	struct passwd	*pw;

	errno = 0;
	pw = getpwuid(uid);
	*definite = pw != NULL || errno == 0 || errno == ENOENT ||
	    errno == ESRCH || errno == EBADF || errno == EPERM;
	return pw;
}
#endif

/*
 * A lookup that failed rather than found no user is not kept, so that
 * a moment short of descriptors or memory does not leave a sender's
 * user unnamed for the rest of the run.
 */
static struct user_slot *
lookup_user(uint32_t uid)
{
	struct user_slot	*u = &users[uid % USER_SLOTS];
	struct passwd		*pw;
	bool			 definite;

	if (u->valid && u->uid == uid)
		return u;
	u->uid = uid;
	pw = find_user(uid, &definite);
	u->valid = definite;
	u->found = pw != NULL && strlen(pw->pw_name) < sizeof u->name;
	if (u->found)
		strcpy(u->name, pw->pw_name);
	return u;
}

/* uid's user name, or NULL if it has none: for --inspect. */
const char *
resolve_user(uint32_t uid)
{
	struct user_slot	*u = lookup_user(uid);

	return u->found ? u->name : NULL;
}

/*
 * The names are valid until the next call: the caller formats the event
 * before resolving another.
 */
void
resolve(struct event *ev)
{
	struct comm_slot	*c;
	struct user_slot	*u;

	if (!(ev->fields & F_PID))
		return;
	ev->resolved = true;
	/* pid 0: the kernel, or a sender outside our pid namespace. */
	c = ev->pid != 0 ? lookup_comm(ev->pid) : NULL;
	u = lookup_user(ev->uid);
	ev->comm = c != NULL && c->found ? c->comm : NULL;
	/* A traced sender gone from /proc since: its tracer knew its name. */
	if (ev->comm == NULL && ev->pid != 0 && ev->target != NULL)
		ev->comm = trace_comm_of(ev->target->tracer, (pid_t)ev->pid);
	ev->user = u->found ? u->name : NULL;
}
