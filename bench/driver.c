/* SPDX-License-Identifier: ISC */
/*
 * driver: the benchmark behind "make bench" (see bench/README.md).
 *
 *   driver --sigwatch=PATH --floor=PATH --sender=PATH --tracee=PATH
 *          [--runs=R] [--only=SECTION,...] [--live-n=N] [--drain-n=N]
 *          [--pings=N] [--wrap-iters=N] [--idle-secs=S] [--trace-ms=MS]
 *
 * Runs R rounds (default 15, at least 5 advised). Each round runs every
 * section of the table below in turn; idle runs once after the rounds,
 * R instances side by side. Every comparison is a ratio of figures from
 * the same round; the table shows the median of the R rounds and their
 * range. Every run is verified (verify.c).
 *
 * Progress goes to standard error, the table to standard output. Exit
 * status: 0 when every run was correct, whether or not the targets were
 * met; 1 if a signal was lost, duplicated or reordered, a program
 * crashed or timed out; 2 on a usage error.
 *
 * This file holds what is not any one section's: the options, the
 * section table, the rounds and the table's head. A new section is a
 * file with its round and print functions and a line in the table.
 */
#include <elf.h>
#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define LIVE_N		200000

struct options	 opt = {
	.runs = 15, .live_n = LIVE_N, .drain_n = 0, .pings = 10000,
	.wrap_iters = 60, .idle_secs = 5, .trace_ms = 150,
};

/* In this order in every round, and in the table. */
static const struct section sections[] = {
	{ .name = "live", .round = live_round, .print = live_print },
	{ .name = "drain", .round = drain_round, .print = drain_print },
	{ .name = "latency", .round = latency_round, .print = latency_print },
	{ .name = "wrapper", .setup = wrapper_setup, .round = wrapper_round,
	  .print = wrapper_print },
	{ .name = "memory", .round = memory_round, .print = memory_print },
	{ .name = "idle", .after = idle_after, .print = idle_print },
	{ .name = "tracing", .setup = tracing_setup, .round = tracing_round,
	  .print = tracing_print },
};
#define NSECTIONS	(sizeof sections / sizeof sections[0])

static bool	 enabled[NSECTIONS];

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: driver --sigwatch=PATH --floor=PATH "
	    "--sender=PATH --tracee=PATH\n"
	    "              --trace-floor=PATH --wrap-floor=PATH [--runs=R]\n"
	    "              [--only=live,drain,latency,wrapper,memory,idle,"
	    "tracing]\n"
	    "              [--live-n=N] [--drain-n=N] [--pings=N] "
	    "[--wrap-iters=N] [--idle-secs=S]\n"
	    "              [--trace-ms=MS]\n");
	exit(2);
}

/* --only: the sections named, and no others. */
static void
select_sections(const char *list)
{
	char	*copy, *tok, *save;
	size_t	 k;

	if ((copy = strdup(list)) == NULL)
		err(2, "strdup");
	memset(enabled, 0, sizeof enabled);
	for (tok = strtok_r(copy, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		for (k = 0; k < NSECTIONS; k++)
			if (strcmp(tok, sections[k].name) == 0)
				break;
		if (k == NSECTIONS)
			errx(2, "no section '%s'", tok);
		enabled[k] = true;
	}
	free(copy);
}

static void
parse_args(int argc, char **argv)
{
	static const struct option	 longopts[] = {
		{ "sigwatch", required_argument, NULL, 'S' },
		{ "floor", required_argument, NULL, 'F' },
		{ "sender", required_argument, NULL, 'T' },
		{ "tracee", required_argument, NULL, 'E' },
		{ "trace-floor", required_argument, NULL, 'f' },
		{ "wrap-floor", required_argument, NULL, 'W' },
		{ "runs", required_argument, NULL, 'r' },
		{ "only", required_argument, NULL, 'o' },
		{ "live-n", required_argument, NULL, 'l' },
		{ "drain-n", required_argument, NULL, 'd' },
		{ "pings", required_argument, NULL, 'p' },
		{ "wrap-iters", required_argument, NULL, 'w' },
		{ "idle-secs", required_argument, NULL, 'i' },
		{ "trace-ms", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	int				 c;

	memset(enabled, 1, sizeof enabled);
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'S':
			opt.sigwatch = optarg;
			break;
		case 'F':
			opt.floor = optarg;
			break;
		case 'T':
			opt.sender = optarg;
			break;
		case 'E':
			opt.tracee = optarg;
			break;
		case 'f':
			opt.tracefloor = optarg;
			break;
		case 'W':
			opt.wrapfloor = optarg;
			break;
		case 'r':
			opt.runs = (int)number(optarg, 1, MAXRUNS, "--runs", 2);
			break;
		case 'o':
			select_sections(optarg);
			break;
		case 'l':
			opt.live_n = number(optarg, 1, INT_MAX, "--live-n", 2);
			break;
		case 'd':
			opt.drain_n = number(optarg, 1, INT_MAX, "--drain-n", 2);
			break;
		case 'p':
			opt.pings = number(optarg, 1, 10000000, "--pings", 2);
			break;
		case 'w':
			opt.wrap_iters = number(optarg, 1, 1000, "--wrap-iters",
			    2);
			break;
		case 'i':
			opt.idle_secs = number(optarg, 1, 3600, "--idle-secs",
			    2);
			break;
		case 't':
			opt.trace_ms = number(optarg, 1, 60000, "--trace-ms",
			    2);
			break;
		default:
			usage();
		}
	if (optind != argc || opt.sigwatch == NULL || opt.floor == NULL ||
	    opt.sender == NULL)
		usage();
}

/* The drain fills 90% of the pending-signal limit, unless told. */
static void
pending_limit(void)
{
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_SIGPENDING, &rl) == -1)
		err(1, "getrlimit");
	opt.pending_limit = rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > INT_MAX ? INT_MAX : (long)rl.rlim_cur;
	if (opt.drain_n == 0)
		opt.drain_n = opt.pending_limit == INT_MAX ? LIVE_N :
		    opt.pending_limit * 9 / 10;
	if (opt.drain_n < 1)
		errx(1, "ulimit -i is %ld: too small for the benchmark",
		    opt.pending_limit);
}

/*
 * "static" or "dynamic": a static sigwatch sheds the dynamic loader's
 * work, which is most of what wrapping costs, so the table says which
 * one it measured. A dynamic executable names its loader in PT_INTERP.
 */
static const char *
linkage(const char *path)
{
	Elf64_Ehdr	 eh;
	Elf64_Phdr	 ph;
	const char	*kind = "unknown";
	int		 fd, i;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return kind;
	if (pread(fd, &eh, sizeof eh, 0) == (ssize_t)sizeof eh &&
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64) {
		kind = "static";
		for (i = 0; i < eh.e_phnum; i++) {
			if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff +
			    (Elf64_Off)i * eh.e_phentsize)) != (ssize_t)sizeof ph) {
				kind = "unknown";
				break;
			}
			if (ph.p_type == PT_INTERP)
				kind = "dynamic";
		}
	}
	close(fd);
	return kind;
}

static void
print_head(void)
{
	struct utsname	 u;
	char		 date[64];
	time_t		 t = time(NULL);

	uname(&u);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&t));
	printf("\nsigwatch benchmark, %s, nproc %ld, %s %s %s\n", date,
	    sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine);
	printf("sigwatch: %s, linked %s.\n", opt.sigwatch,
	    linkage(opt.sigwatch));
	printf("Each figure: median [min - max] of %d rounds; ratios are "
	    "taken within a round.\n", opt.runs);
	printf("  %-34s %10s  %-21s %-6s %-9s %s\n", "", "median",
	    "[min - max]", "unit", "target", "verdict");
}

/* The rounds, and then whatever runs once after them. */
static void
run(void)
{
	const struct section	*sc;
	int			 round;

	for (round = 0; round < opt.runs; round++) {
		fprintf(stderr, "round %d/%d\n", round + 1, opt.runs);
		for (sc = sections; sc < sections + NSECTIONS; sc++)
			if (enabled[sc - sections] && sc->round != NULL)
				sc->round(round);
	}
	for (sc = sections; sc < sections + NSECTIONS; sc++)
		if (enabled[sc - sections] && sc->after != NULL)
			sc->after();
}

int
main(int argc, char **argv)
{
	long long		 t0 = now();
	const struct section	*sc;
	const char		*dir;
	bool			 ok;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	opt.sig = SIGRTMIN;
	snprintf(opt.sigstr, sizeof opt.sigstr, "%d", opt.sig);
	if (!which("true", opt.path_true) || !which("sleep", opt.path_sleep))
		errx(1, "true or sleep not found in PATH");
	pending_limit();
	for (sc = sections; sc < sections + NSECTIONS; sc++)
		if (enabled[sc - sections] && sc->setup != NULL)
			sc->setup();
	dir = proc_init();
	fprintf(stderr, "bench: %d rounds; live N=%ld, drain N=%ld, %ld pings, "
	    "outputs in %s\n", opt.runs, opt.live_n, opt.drain_n, opt.pings,
	    dir);
	run();
	print_head();
	for (sc = sections; sc < sections + NSECTIONS; sc++)
		if (enabled[sc - sections] && sc->print != NULL)
			sc->print();
	print_tally();
	ok = print_correctness();
	printf("Time: %.0f s.\n", (double)(now() - t0) / NSEC);
	return ok ? 0 : 1;
}
