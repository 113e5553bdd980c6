/* SPDX-License-Identifier: ISC */
/*
 * Section 6, tracing: what --trace costs a traced program, against
 * strace doing the same job (every signal delivered, no system call
 * shown). The program is bench/tracee, which times itself: a loop of
 * raise(SIGUSR1) caught by a handler (each signal one round trip through
 * the tracer), and a loop of getppid() (which a tracer that never asks
 * for system-call stops should not slow down). Each runs for a time
 * budget rather than a count, because strace is a hundred times slower
 * than the rest at one of them; the figures are rates.
 *
 * The tracers are a table, like the wrappers. Every round runs each
 * workload bare and under each tracer, interleaved, in an order that
 * rotates from round to round; ratios are taken within the round. A run
 * counts if it exits 0, its handler caught every signal it raised, and
 * the tracer's output shows exactly that many signals (none for the
 * system-call loop).
 */
#include <err.h>
#include <fcntl.h>
#include <math.h>	/* NAN */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define RUN_SLACK	20000	/* ms a run may take beyond its budget */

enum { L_RAISE, L_SYSCALL, NL };
static const char *const l_mode[NL] = { "raise", "syscall" };
/* How a round's figures of each workload are shown on the progress line. */
static const struct {
	const char	*head;
	double		 scale;
	const char	*fmt;
} l_progress[NL] = {
	[L_RAISE] = { "  tracing: signals/s", 1e3, "%.0fk" },
	[L_SYSCALL] = { "; ns/getppid", 1, "%.0f" },
};

/*
 * The first row is the workload alone; the second sigwatch, whose
 * figure each later one's is compared with. A tracer writes its output
 * to a file, where the lines naming the signal are counted: marker is
 * how such a line reads. own: the tracer is one of the bench's
 * programs, at the path of that option (then, like sigwatch, it takes
 * "--" before the workload); else prog is looked up in PATH. probe: the
 * tracer is tried once first, and left out (with its complaint as the
 * reason) if it refuses. The floor tracer (bench/tracefloor.c) does
 * the least any tracer can: its rate over strace's is as near as a
 * tracer can come to the target here, with (-d) and without the
 * /proc read that sigwatch makes at each signal for the dispositions.
 */
static const struct tracer {
	struct rival	 r;		/* args before -o FILE; rates' ratios */
	const char	*marker;	/* in each line for a SIGUSR1 */
	bool		 probe;
} tracers[] = {
	{ .r = { .name = "bare", .bare = true } },
	{ .r = { .name = "sigwatch --trace", .own = &opt.sigwatch,
	  .args = { "-q", "--trace" } }, .marker = " SIGUSR1 " },
	{ .r = { .name = "strace", .prog = "strace",
	  .args = { "-f", "-e", "trace=none", "-e", "signal=all" },
	  .ratio = "sigwatch / strace", .op = ">=", .bound = 5 },
	  .marker = "--- SIGUSR1 " },
	{ .r = { .name = "strace --seccomp-bpf", .prog = "strace",
	  .args = { "-f", "--seccomp-bpf", "-e", "trace=none", "-e",
	  "signal=all" }, .ratio = "(sigwatch / strace --seccomp-bpf)" },
	  .marker = "--- SIGUSR1 ", .probe = true },
	{ .r = { .name = "floor", .own = &opt.tracefloor,
	  .ratio = "(sigwatch / floor)", .over = "(floor / strace)" },
	  .marker = " SIGUSR1 " },
	{ .r = { .name = "floor + /proc read", .own = &opt.tracefloor,
	  .args = { "-d" }, .ratio = "(sigwatch / floor + /proc read)",
	  .over = "(floor + /proc read / strace)" }, .marker = " SIGUSR1 " },
};
#define NT	(int)(sizeof tracers / sizeof tracers[0])
#define T_STRACE	2

static struct {
	char		 path[NT][PATH_MAX];	/* "": not found */
	char		 why[NT][160];		/* why it was left out */
	bool		 run[NT];		/* usable, and correct so far */
	struct series	 rate[NT], ratio[NT];	/* signals/s; sigwatch's / */
	struct series	 over_strace[NT];	/* signals/s / strace's */
	struct series	 ns[NT], slow[NT];	/* ns a call; / bare's */
} tc;

/* The argument list of tracer c running workload l; out: its output. */
static void
t_argv(struct argv *a, int c, int l, long budget_ms, const char *out)
{
	const char *const	*p;

	if (!tracers[c].r.bare) {
		arg(a, "%s", tc.path[c]);
		for (p = tracers[c].r.args; *p != NULL; p++)
			arg(a, "%s", *p);
		arg(a, "-o");
		arg(a, "%s", out);
		if (tracers[c].r.own != NULL)
			arg(a, "--");
	}
	arg(a, "%s", opt.tracee);
	arg(a, "%s", l_mode[l]);
	arg(a, "-t");
	arg(a, "%ld", budget_ms);
}

/*
 * Try tracer c on a short run: false, and why, if it fails or says
 * anything (strace warns, and carries on untraced or unfiltered, when
 * an option cannot be had).
 */
static bool
t_probe(int c)
{
	struct argv	 a = { .n = 0 };
	struct proc	 p;
	const char	*errs = tmp("probe.err"), *out = tmp("probe.out");
	char		 line[160] = "", *nl;
	FILE		*f;
	int		 fd, status;

	if ((fd = open(errs, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		snprintf(tc.why[c], sizeof tc.why[c], "cannot create %s", errs);
		return false;
	}
	t_argv(&a, c, L_SYSCALL, 1, out);
	p = spawn(&a, devnull, devnull, fd);
	status = finish(&p, RUN_SLACK);
	close(fd);
	if ((f = fopen(errs, "re")) != NULL) {
		if (fgets(line, sizeof line, f) != NULL &&
		    (nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		fclose(f);
	}
	unlink(errs);
	unlink(out);
	if (exit_ok(status) && line[0] == '\0')
		return true;
	snprintf(tc.why[c], sizeof tc.why[c], "%s",
	    line[0] != '\0' ? line : status_text(status));
	return false;
}

void
tracing_setup(void)
{
	int	 c;

	if (opt.tracee == NULL || opt.tracefloor == NULL)
		errx(2, "the tracing section needs --tracee=PATH and "
		    "--trace-floor=PATH");
	for (c = 0; c < NT; c++) {
		tc.run[c] = rival_find(&tracers[c].r, opt.tracee, tc.path[c]);
		if (!tc.run[c])
			snprintf(tc.why[c], sizeof tc.why[c], "%s is not "
			    "installed", tracers[c].r.prog);
	}
}

/* The lines of path that hold marker; -1 if it cannot be read. */
static long
count_lines(const char *path, const char *marker)
{
	char	*line = NULL;
	size_t	 cap = 0;
	long	 n = 0;
	FILE	*f;

	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (getline(&line, &cap, f) != -1)
		n += strstr(line, marker) != NULL;
	free(line);
	fclose(f);
	return n;
}

/* c failed: no more runs of it, and no verdict on what it is part of. */
static void
t_failed(int c)
{
	int	 k;

	tc.run[c] = false;
	tc.rate[c].failed = tc.ns[c].failed = true;
	for (k = 0; k < NT; k++) {
		if (c == k || c == RIVAL_SIGWATCH)
			tc.ratio[k].failed = true;
		if (c == k || c == T_STRACE)
			tc.over_strace[k].failed = true;
		if (c == k || c == RIVAL_BARE)
			tc.slow[k].failed = true;
	}
}

/*
 * One run of workload l under tracer c: its figure (signals a second,
 * or ns a system call), or -1 if the run was not right.
 */
static double
t_run(int c, int l, int round)
{
	struct argv	 a = { .n = 0 };
	struct proc	 p;
	const char	*out = tmp("trace.out");
	char		 report[256];
	long		 n, handled, lines;
	int		 pfd[2], status;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		err(1, "pipe");
	unlink(out);
	t_argv(&a, c, l, opt.trace_ms, out);
	p = spawn(&a, devnull, pfd[1], -1);
	close(pfd[1]);
	status = finish(&p, (int)opt.trace_ms + RUN_SLACK);
	read_report(pfd[0], report, sizeof report);
	if (!exit_ok(status)) {
		fail("tracing round %d: %s, %s loop: %s", round + 1,
		    tracers[c].r.name, l_mode[l], status_text(status));
		return -1;
	}
	n = (long)report_field(report, "n");
	handled = l == L_RAISE ? (long)report_field(report, "handled") : 0;
	lines = tracers[c].r.bare ? 0 : count_lines(out, tracers[c].marker);
	unlink(out);
	if (l == L_RAISE && handled != n) {
		fail("tracing round %d: %s: %ld signals raised, %ld handled",
		    round + 1, tracers[c].r.name, n, handled);
		return -1;
	}
	if (!tracers[c].r.bare && lines != (l == L_RAISE ? n : 0)) {
		fail("tracing round %d: %s, %s loop: %ld signals delivered, "
		    "%ld reported", round + 1, tracers[c].r.name, l_mode[l],
		    l == L_RAISE ? n : 0, lines);
		return -1;
	}
	return l == L_RAISE ? report_field(report, "rate") :
	    report_field(report, "per_call");
}

/*
 * Every run of the round on one CPU, the tracer and the tracee alike
 * (they inherit the driver's affinity): a delivery-stop and its resume
 * are two wake-ups, and across this VM's two vCPUs their cost swung
 * with the other vCPU's state: whole rounds of every tracer at about an
 * eighth of its rate (sigwatch 11k against 97k signals/s, strace 3k
 * against 25k) while the bare loop did not move. On one CPU the figure
 * is the tracers' own work per signal.
 * *saved: the driver's affinity, to restore; false if none was set.
 */
static bool
pin(cpu_set_t *saved)
{
	cpu_set_t	 one;
	int		 cpu;

	if (sched_getaffinity(0, sizeof *saved, saved) == -1 ||
	    (cpu = sched_getcpu()) == -1)
		return false;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	return sched_setaffinity(0, sizeof one, &one) == 0;
}

void
tracing_round(int round)
{
	double		 fig[NL][NT];
	cpu_set_t	 saved;
	bool		 pinned = pin(&saved);
	int		 l, j, c;

	if (round == 0)
		for (c = 0; c < NT; c++)
			if (tc.run[c] && tracers[c].probe && !t_probe(c)) {
				fprintf(stderr, "bench: %s left out: %s\n",
				    tracers[c].r.name, tc.why[c]);
				tc.run[c] = false;
			}
	for (l = 0; l < NL; l++)
		for (j = 0; j < NT; j++) {
			c = (j + round) % NT;
			fig[l][c] = NAN;
			if (!tc.run[c])
				continue;
			if ((fig[l][c] = t_run(c, l, round)) < 0) {
				fig[l][c] = NAN;
				t_failed(c);
			}
		}
	if (pinned)
		sched_setaffinity(0, sizeof saved, &saved);
	for (c = 0; c < NT; c++) {
		if (!isnan(fig[L_RAISE][c]))
			add(&tc.rate[c], fig[L_RAISE][c]);
		if (!isnan(fig[L_SYSCALL][c]))
			add(&tc.ns[c], fig[L_SYSCALL][c]);
		if (c != RIVAL_SIGWATCH && !isnan(fig[L_RAISE][c]) &&
		    !isnan(fig[L_RAISE][RIVAL_SIGWATCH]))
			add(&tc.ratio[c], fig[L_RAISE][RIVAL_SIGWATCH] /
			    fig[L_RAISE][c]);
		if (tracers[c].r.over != NULL &&
		    !isnan(fig[L_RAISE][c]) && !isnan(fig[L_RAISE][T_STRACE]))
			add(&tc.over_strace[c], fig[L_RAISE][c] /
			    fig[L_RAISE][T_STRACE]);
		if (c != RIVAL_BARE && !isnan(fig[L_SYSCALL][c]) &&
		    !isnan(fig[L_SYSCALL][RIVAL_BARE]))
			add(&tc.slow[c], fig[L_SYSCALL][c] /
			    fig[L_SYSCALL][RIVAL_BARE]);
	}
	for (l = 0; l < NL; l++) {
		fprintf(stderr, "%s", l_progress[l].head);
		for (c = 0; c < NT; c++)
			fprintf(stderr, "%s %s %s", c == 0 ? "" : ",",
			    tracers[c].r.name, progress(isnan(fig[l][c]) ? -1 :
			    fig[l][c], l_progress[l].scale, l_progress[l].fmt));
	}
	fprintf(stderr, "\n");
}

/* A tracer left out (not installed, or refused): a line saying why. */
static void
left_out(int c)
{
	if (tc.why[c][0] != '\0')
		printf("  (%s: n/a, %s)\n", tracers[c].r.name, tc.why[c]);
}

void
tracing_print(void)
{
	int	 c;

	heading("tracing", "6. Tracing: a program bare and traced (strace -f -e trace=none "
	    "-e signal=all), %ld ms a run", opt.trace_ms);
	for (c = 0; c < NT; c++)
		row(&tc.rate[c], F_RATE, "sig/s", NULL, 0, "raise loop, %s",
		    tracers[c].r.name);
	for (c = 0; c < NT; c++)
		rival_ratio_row(&tracers[c].r, &tc.ratio[c]);
	for (c = 0; c < NT; c++)
		rival_over_row(&tracers[c].r, &tc.over_strace[c]);
	row(&tc.ratio[RIVAL_BARE], F_RATIO, "x", NULL, 0, "(sigwatch / bare)");
	for (c = 0; c < NT; c++)
		row(&tc.ns[c], F_US, "ns", NULL, 0, "getppid loop, %s",
		    tracers[c].r.name);
	row(&tc.slow[RIVAL_SIGWATCH], F_RATIO, "x", "<=", 1.05,
	    "sigwatch --trace / bare");
	for (c = RIVAL_SIGWATCH + 1; c < NT; c++)
		row(&tc.slow[c], F_RATIO, "x", NULL, 0, "(%s / bare)",
		    tracers[c].r.name);
	for (c = 0; c < NT; c++)
		left_out(c);
}
