/* SPDX-License-Identifier: ISC */
/*
 * Section 5, idle: what sigwatch costs when nothing happens, which
 * should be nothing at all. R instances watching and R wrapping sleep
 * run side by side after the rounds (many at once, so that a single
 * wake-up anywhere shows), and their context switches and CPU ticks are
 * sampled over one window.
 */
#include <signal.h>
#include <stdio.h>

#include "bench.h"

/* The instances of one kind, and their counts at the window's start. */
struct group {
	const char	*name;		/* for failures */
	char		 tag;		/* for the ready files */
	bool		 wrapping;	/* -- sleep */
	struct proc	 p[MAXRUNS];
	long		 cs0[MAXRUNS], ticks0[MAXRUNS];
	struct series	 cs, ticks;
};

static struct group	 idle[] = {
	{ .name = "sigwatch", .tag = 'w' },
	{ .name = "sigwatch -- sleep", .tag = 'c', .wrapping = true },
};
#define NGROUPS	(int)(sizeof idle / sizeof idle[0])

static const char *
ready_file(const struct group *g, int i)
{
	char	 name[64];

	snprintf(name, sizeof name, "idle-%c%d", g->tag, i);
	return tmp(name);
}

static void
start(struct group *g, int i)
{
	struct argv	 a = { .n = 0 };

	arg(&a, "%s", opt.sigwatch);
	arg(&a, "-q");
	arg(&a, "--pidfile=%s", ready_file(g, i));
	arg(&a, "-o");
	arg(&a, "/dev/null");
	if (g->wrapping) {
		arg(&a, "--");
		arg(&a, "%s", opt.path_sleep);
		arg(&a, "%ld", opt.idle_secs + 30);
	}
	g->p[i] = spawn(&a, devnull, -1, -1);
}

static void
await(struct group *g, int i)
{
	if (!wait_ready(&g->p[i], ready_file(g, i))) {
		fail("idle: %s never became ready", g->name);
		g->cs.failed = g->ticks.failed = true;
	}
}

/* The window's start: each instance's counts so far. */
static void
sample(struct group *g, int i)
{
	g->cs0[i] = ctxt_switches(g->p[i].pid);
	g->ticks0[i] = proc_ticks(g->p[i].pid);
}

/* The window's end: what each instance did in it. */
static void
count(struct group *g, int i)
{
	pid_t	 pid = g->p[i].pid;

	if (exited(&g->p[i], 0)) {
		fail("idle: %s ended (%s)", g->name,
		    status_text(reap(&g->p[i])));
		g->cs.failed = g->ticks.failed = true;
		return;
	}
	add(&g->cs, (double)(ctxt_switches(pid) - g->cs0[i]));
	add(&g->ticks, (double)(proc_ticks(pid) - g->ticks0[i]));
}

/* A watcher is killed; a wrapper must end on SIGTERM, as it forwards it. */
static void
end(struct group *g, int i)
{
	if (g->p[i].pid == 0)
		return;
	if (!g->wrapping) {
		kill_reap(&g->p[i]);
		return;
	}
	kill(g->p[i].pid, SIGTERM);
	if (finish(&g->p[i], 5000) == -1)
		fail("idle: %s did not end on SIGTERM", g->name);
}

static void
each(void (*fn)(struct group *, int))
{
	int	 i, k;

	for (i = 0; i < opt.runs; i++)
		for (k = 0; k < NGROUPS; k++)
			fn(&idle[k], i);
}

void
idle_after(void)
{
	fprintf(stderr, "idle: %d sigwatch watching and %d wrapping sleep, "
	    "side by side, for %ld s\n", opt.runs, opt.runs, opt.idle_secs);
	each(start);
	each(await);
	/* Let start-up settle (the command's exec, the started event). */
	sleep_ms(300);
	each(sample);
	sleep_ms(opt.idle_secs * 1000);
	each(count);
	each(end);
}

void
idle_print(void)
{
	heading("idle", "5. Idle: %d idle sigwatch side by side over %ld s "
	    "(context switches, utime+stime ticks)", opt.runs, opt.idle_secs);
	row(&idle[0].cs, F_INT, "", "<=", 0, "watching: context switches");
	row(&idle[0].ticks, F_INT, "", "<=", 0, "watching: CPU ticks");
	row(&idle[1].cs, F_INT, "", NULL, 0,
	    "(wrapping sleep: context switches)");
	row(&idle[1].ticks, F_INT, "", NULL, 0, "(wrapping sleep: CPU ticks)");
}
