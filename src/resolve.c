/*
 * The sender's command name and user name: best effort, cached so that a
 * flood from one sender costs one /proc read per batch, not per signal.
 */
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

#define CACHE_SLOTS	8
#define COMM_MAX	64	/* the kernel's TASK_COMM_LEN is 16 */
#define USER_MAX	256

/* A pid may be reused at any time, so comm entries live for one batch. */
static struct {
	uint32_t	 pid;
	bool		 valid;
	bool		 found;
	char		 comm[COMM_MAX];
} comms[CACHE_SLOTS];

/* User names change rarely enough to keep for the whole run. */
static struct {
	uint32_t	 uid;
	bool		 valid;
	bool		 found;
	char		 name[USER_MAX];
} users[CACHE_SLOTS];

void
resolve_begin_batch(void)
{
	size_t	 i;

	for (i = 0; i < CACHE_SLOTS; i++)
		comms[i].valid = false;
}

static bool
read_comm(uint32_t pid, char *buf, size_t len)
{
	char	 path[32];
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof path, "/proc/%u/comm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	if (buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	return true;
}

static const char *
lookup_comm(uint32_t pid)
{
	unsigned	 slot = pid % CACHE_SLOTS;

	/* pid 0 is the kernel or a sender outside our pid namespace. */
	if (pid == 0)
		return NULL;
	if (!comms[slot].valid || comms[slot].pid != pid) {
		comms[slot].pid = pid;
		comms[slot].valid = true;
		comms[slot].found = read_comm(pid, comms[slot].comm,
		    sizeof comms[slot].comm);
	}
	return comms[slot].found ? comms[slot].comm : NULL;
}

static const char *
lookup_user(uint32_t uid)
{
	unsigned	 slot = uid % CACHE_SLOTS;
	struct passwd	*pw;

	if (!users[slot].valid || users[slot].uid != uid) {
		users[slot].uid = uid;
		users[slot].valid = true;
		users[slot].found = false;
		if ((pw = getpwuid(uid)) != NULL &&
		    strlen(pw->pw_name) < sizeof users[slot].name) {
			strcpy(users[slot].name, pw->pw_name);
			users[slot].found = true;
		}
	}
	return users[slot].found ? users[slot].name : NULL;
}

/*
 * The names are valid until the next call: the caller formats the event
 * before resolving another.
 */
void
resolve(struct event *ev)
{
	if (!(ev->fields & F_PID))
		return;
	ev->resolved = true;
	ev->comm = lookup_comm(ev->pid);
	ev->user = lookup_user(ev->uid);
}
