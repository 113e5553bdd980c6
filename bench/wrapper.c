/* SPDX-License-Identifier: ISC */
/*
 * Section 3, wrapper overhead: the time to run true under each wrapper,
 * posix_spawn() to waitpid(), against true alone. The wrappers are a
 * table so that comparing one more is one line. They run interleaved,
 * wrap_iters times each a round, and a round's figure is each one's
 * median; overhead and ratios are taken within the round, where the
 * machine's mood is the same for all.
 */
#include <math.h>	/* NAN */
#include <stdio.h>
#include <string.h>

#include "bench.h"

#define MAX_ITERS	1000	/* --wrap-iters at most */

/*
 * The first row is true alone, whose time each overhead is taken from;
 * the second is the sigwatch under test, whose overhead is compared
 * with each later one's (ratio, with a target if op is set). A wrapper
 * not found is measured as missing, unless optional: then its rows are
 * left out. by_name: true is given as "true", for the wrapper to find
 * in PATH as a user's command is, rather than as /usr/bin/true; those
 * rows are compared with sigwatch's by name. own: one of the bench's
 * programs, at the path of that option; else prog is looked up in PATH.
 * The floor wrapper (bench/wrapfloor.c) does the least any wrapper can:
 * its overhead over tini's is as near as a wrapper can come to the
 * target here.
 */
static const struct wrapper {
	struct rival	 r;		/* over: its overhead / tini's */
	bool		 by_name;
} wrappers[] = {
	{ .r = { .name = "true", .prog = "true", .bare = true } },
	{ .r = { .name = "sigwatch -- true", .own = &opt.sigwatch,
	  .args = { "-q", "-o", "/dev/null", "--" } } },
	{ .r = { .name = "tini -s -- true", .prog = "tini",
	  .args = { "-s", "--" }, .ratio = "sigwatch / tini overhead",
	  .op = "<=", .bound = 0.8 } },
	{ .r = { .name = "dumb-init true", .prog = "dumb-init",
	  .ratio = "(sigwatch / dumb-init overhead)" } },
	/* Debian's tini package has it: static against static sigwatch. */
	{ .r = { .name = "tini-static -s -- true", .prog = "tini-static",
	  .args = { "-s", "--" }, .optional = true,
	  .ratio = "(sigwatch / tini-static overhead)" } },
	{ .r = { .name = "sigwatch -- true, by name", .own = &opt.sigwatch,
	  .args = { "-q", "-o", "/dev/null", "--" } }, .by_name = true },
	{ .r = { .name = "tini -s -- true, by name", .prog = "tini",
	  .args = { "-s", "--" },
	  .ratio = "(sigwatch / tini overhead, by name)" }, .by_name = true },
	{ .r = { .name = "floor true", .own = &opt.wrapfloor,
	  .ratio = "(sigwatch / floor overhead)",
	  .over = "(floor / tini overhead)" } },
};
#define NW	(int)(sizeof wrappers / sizeof wrappers[0])
#define W_TINI		2
#define W_SIGWATCH_BY_NAME	5

static struct {
	char		 path[NW][PATH_MAX];	/* "": not found */
	bool		 run[NW];		/* found, and correct so far */
	struct series	 time[NW], over[NW], ratio[NW], over_tini[NW];
} w;

void
wrapper_setup(void)
{
	int	 c;

	for (c = 0; c < NW; c++)
		w.run[c] = rival_find(&wrappers[c].r, opt.path_true,
		    w.path[c]);
}

static void
w_argv(struct argv *a, int c)
{
	const char *const	*p;

	arg(a, "%s", w.path[c]);
	for (p = wrappers[c].r.args; *p != NULL; p++)
		arg(a, "%s", *p);
	if (wrappers[c].by_name)
		arg(a, "true");
	else if (!wrappers[c].r.bare)
		arg(a, "%s", opt.path_true);
}

/* The sigwatch row that row c is compared with. */
static int
base_of(int c)
{
	return wrappers[c].by_name ? W_SIGWATCH_BY_NAME : RIVAL_SIGWATCH;
}

/* c failed: no more runs of it, and no verdict on what it is part of. */
static void
w_failed(int c)
{
	int	 k;

	w.run[c] = false;
	w.time[c].failed = w.over[c].failed = true;
	for (k = RIVAL_SIGWATCH + 1; k < NW; k++) {
		if (c == k || c == RIVAL_BARE || c == base_of(k))
			w.ratio[k].failed = true;
		if (c == k || c == RIVAL_BARE || c == W_TINI)
			w.over_tini[k].failed = true;
	}
}

/* The round's runs, interleaved: t[c][i] in microseconds. */
static void
time_runs(int round, double t[][MAX_ITERS])
{
	struct argv	 a;
	struct proc	 p;
	long long	 t0, t1;
	long		 i;
	int		 j, c, status;

	for (i = 0; i < opt.wrap_iters; i++)
		for (j = 0; j < NW; j++) {
			c = (int)((i + j + round) % NW);
			if (!w.run[c])
				continue;
			a = (struct argv){ .n = 0 };
			w_argv(&a, c);
			t0 = now();
			p = spawn(&a, devnull, devnull, devnull);
			status = finish(&p, 10000);
			t1 = now();
			if (!exit_ok(status)) {
				fail("wrapper round %d: %s: %s", round + 1,
				    wrappers[c].r.name, status_text(status));
				w_failed(c);
				continue;
			}
			t[c][i] = (double)(t1 - t0) / 1000;
		}
}

void
wrapper_round(int round)
{
	static double	 t[NW][MAX_ITERS];
	struct series	 s;
	double		 med[NW], lo, hi;
	long		 i;
	int		 c;

	time_runs(round, t);
	for (c = 0; c < NW; c++) {
		med[c] = NAN;
		if (!w.run[c])
			continue;
		s = (struct series){ .n = 0 };
		for (i = 0; i < opt.wrap_iters; i++)
			add(&s, t[c][i]);
		med[c] = median(&s, &lo, &hi);
		add(&w.time[c], med[c]);
		if (c != RIVAL_BARE && w.run[RIVAL_BARE])
			add(&w.over[c], med[c] - med[RIVAL_BARE]);
	}
	for (c = RIVAL_SIGWATCH + 1; c < NW; c++)
		if (wrappers[c].r.ratio != NULL && w.run[RIVAL_BARE] &&
		    w.run[base_of(c)] && w.run[c])
			add(&w.ratio[c], (med[base_of(c)] - med[RIVAL_BARE]) /
			    (med[c] - med[RIVAL_BARE]));
	for (c = 0; c < NW; c++)
		if (wrappers[c].r.over != NULL && w.run[RIVAL_BARE] &&
		    w.run[W_TINI] && w.run[c])
			add(&w.over_tini[c], (med[c] - med[RIVAL_BARE]) /
			    (med[W_TINI] - med[RIVAL_BARE]));
	fprintf(stderr, "  wrapper: ");
	/* Each by the first word of its name. */
	for (c = 0; c < NW; c++)
		fprintf(stderr, "%s %.*s %.0f%s", c == 0 ? "" : ",",
		    (int)strcspn(wrappers[c].r.name, " "), wrappers[c].r.name,
		    med[c], c == 0 ? " us" : "");
	fprintf(stderr, "\n");
}

/* Rows for what was found, and for what is missing but not optional. */
static bool
shown(int c)
{
	return !wrappers[c].r.optional || w.path[c][0] != '\0';
}

void
wrapper_print(void)
{
	int	 c;

	heading("wrapper", "3. Wrapper: time to run true under each wrapper "
	    "(median of %ld runs a round)", opt.wrap_iters);
	for (c = 0; c < NW; c++)
		if (shown(c))
			row(&w.time[c], F_US, "us", NULL, 0, "%s",
			    wrappers[c].r.name);
	for (c = RIVAL_SIGWATCH; c < NW; c++)
		if (shown(c))
			row(&w.over[c], F_US, "us", NULL, 0, "overhead, %s",
			    wrappers[c].r.name);
	for (c = RIVAL_SIGWATCH + 1; c < NW; c++)
		if (shown(c))
			rival_ratio_row(&wrappers[c].r, &w.ratio[c]);
	for (c = 0; c < NW; c++)
		if (shown(c))
			rival_over_row(&wrappers[c].r, &w.over_tini[c]);
}
