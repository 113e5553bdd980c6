/* SPDX-License-Identifier: ISC */
/*
 * Ending the command (wrapper mode): what a limit sends it, SIGTERM and
 * then SIGKILL after --kill-after, and --kill-group's end of what it
 * left in its group, SIGTERM and then SIGKILL, until none is left.
 */
#include <string.h>

#include "sigwatch.h"

/*
 * --timeout, --count, --exit-on: ask the command to end, or make it:
 * its whole group when it has one of its own, as timeout(1) ends its
 * own, so that what the command started does not outlive the limit.
 * A stopped command could not act on SIGTERM: continue it, as
 * timeout(1) does.
 */
void
wrap_signal(struct wrap *wr, int signo)
{
	pid_t	 target = wr->own_group ? -wr->child : wr->child;

	if (wr->alive || wr->kept) {
		kill(target, signo);
		if (signo != SIGKILL)
			kill(target, SIGCONT);
	}
	wr->ending = signo;
	end_orphans(wr);
}

/* Whether --kill-group waits for the rest of the group to end. */
bool
wrap_lingering(const struct wrap *wr)
{
	return wr->lingering;
}

static void
group_signalled(struct wrap *wr, int signo, int processes)
{
	struct sent_line	 l = { .what = "group", .signo = signo,
	    .nitems = 2, .item = {
		{ "pgid", SENT_INT, wr->child },
		{ "processes", SENT_INT, processes },
	} };

	clock_stamp(&l.time, &l.mono);
	wr->fmt->sent(wr->fmt, wr->out, &l);
}

/* The rest of the group is counted every 10 ms at first, then 100 ms. */
#define GROUP_STEP_MIN_NS	10000000L
#define GROUP_STEP_MAX_NS	100000000L

static void
group_recheck(struct wrap *wr)
{
	wr->group_check = deadline_in(&(struct timespec){ 0,
	    wr->group_step_ns });
	if ((wr->group_step_ns *= 2) > GROUP_STEP_MAX_NS)
		wr->group_step_ns = GROUP_STEP_MAX_NS;
}

/*
 * --kill-group: the command has ended; what it left in its group gets
 * SIGTERM and SIGCONT, as dumb-init does in its setsid mode. With
 * --kill-after sigwatch waits that long for them to end, then sends
 * SIGKILL; without, it exits at once.
 */
void
end_group(struct wrap *wr)
{
	static const struct timespec	 none;
	int				 n;

	if ((n = pgroup_members(wr->child, wr->child)) == 0)
		return;
	kill(-wr->child, SIGTERM);
	kill(-wr->child, SIGCONT);
	group_signalled(wr, SIGTERM, n);
	if (memcmp(&wr->opts->kill_after, &none, sizeof none) == 0)
		return;
	wr->lingering = true;
	wr->group_deadline = deadline_in(&wr->opts->kill_after);
	wr->group_step_ns = GROUP_STEP_MIN_NS;
	group_recheck(wr);
}

/*
 * Whether the rest of the group is done with: gone, or sent SIGKILL
 * and given a second more, since a process in an uninterruptible sleep
 * must not keep sigwatch for ever.
 */
bool
group_settled(struct wrap *wr)
{
	static const struct timespec	 second = { 1, 0 };
	struct timespec			 left;
	int				 n;

	if (!wr->lingering)
		return true;
	left = time_until(&wr->group_check);
	if (left.tv_sec != 0 || left.tv_nsec != 0)
		return false;
	if ((n = pgroup_members(wr->child, wr->child)) == 0) {
		wr->lingering = false;
		return true;
	}
	left = time_until(&wr->group_deadline);
	if (left.tv_sec == 0 && left.tv_nsec == 0) {
		if (wr->group_killed) {
			wr->lingering = false;
			return true;
		}
		kill(-wr->child, SIGKILL);
		group_signalled(wr, SIGKILL, n);
		wr->group_killed = true;
		wr->group_deadline = deadline_in(&second);
		wr->group_step_ns = GROUP_STEP_MIN_NS;
	}
	group_recheck(wr);
	return false;
}
