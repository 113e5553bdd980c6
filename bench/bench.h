/* SPDX-License-Identifier: ISC */
/*
 * What the driver's files share; see bench/README.md. The driver is
 * split by concern so that a section, or a wrapper to compare, can be
 * added in one place: process control (proc.c), checking what a
 * receiver wrote (verify.c), the statistics and the table (stats.c),
 * the receivers and the sender (rx.c), and one file a section, each
 * keeping its results to itself and showing them through the section
 * table in driver.c. Nothing here is for other programs.
 */
#ifndef BENCH_H
#define BENCH_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "../tests/helpers/common.h"

#define MAXRUNS		64	/* rounds, and instances side by side */
#define READY_TIMEOUT	5000	/* ms */

/* What every section reads: the options and what main() found out. */
struct options {
	const char	*sigwatch, *floor, *sender, *tracee, *tracefloor;
	const char	*wrapfloor;
	int		 runs;
	long		 live_n, drain_n, pings, wrap_iters, idle_secs;
	long		 trace_ms;
	long		 pending_limit;	/* ulimit -i, capped at INT_MAX */
	int		 sig;		/* SIGRTMIN */
	char		 sigstr[16];
	char		 path_true[PATH_MAX], path_sleep[PATH_MAX];
};
extern struct options	 opt;

/*
 * A row of driver.c's section table. Every hook may be NULL: setup runs
 * once before the first round, round in every round, after once all
 * rounds are done (for what needs R instances at once), print when the
 * table is printed.
 */
struct section {
	const char	*name;		/* for --only and the list of misses */
	void		(*setup)(void);
	void		(*round)(int round);
	void		(*after)(void);
	void		(*print)(void);
};

/* proc.c: children, their argument lists, their files, /proc. */
struct proc {
	pid_t		 pid;		/* 0 once reaped */
	int		 pidfd;
	struct rusage	 ru;		/* its resources, once reaped */
};

struct argv {
	char	*v[40];
	int	 n;
	char	 store[8192];
	size_t	 used;
};

extern int	 devnull;

const char	*proc_init(void);
const char	*tmp(const char *);
bool		 which(const char *, char *);
void		 arg(struct argv *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
struct proc	 spawn(struct argv *, int, int, int);
bool		 exited(const struct proc *, int);
int		 reap(struct proc *);
int		 finish(struct proc *, int);
void		 kill_reap(struct proc *);
void		 stop(const struct proc *);
bool		 wait_ready(const struct proc *, const char *);
const char	*status_text(int);
bool		 exit_ok(int);
void		 sleep_ms(long);
long		 proc_status(pid_t, const char *);
long		 proc_ticks(pid_t);
long		 ctxt_switches(pid_t);

/* verify.c: every run's output, and the runs that were not correct. */
void		 fail(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
bool		 verified(const char *, const long *, int, bool,
		    const char *);
bool		 wait_last_value(const struct proc *, const char *, long, int);
bool		 print_correctness(void);

/* stats.c: series of figures, one a round, and the table's rows. */
struct series {
	double	 v[MAXRUNS];
	int	 n;
	bool	 failed;	/* a run was incorrect: no verdict */
};

enum fmt { F_RATE, F_RATIO, F_US, F_INT };

void		 add(struct series *, double);
double		 median(const struct series *, double *, double *);
void		 heading(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 row(const struct series *, enum fmt, const char *,
		    const char *, double, const char *, ...)
		    __attribute__((format(printf, 6, 7)));
void		 print_tally(void);
const char	*progress(double, double, const char *);

/* rx.c: the receivers compared, and the sender that feeds them. */
enum rx { RX_FLOOR, RX_TEXT, RX_JSON, NRX };

extern const char *const rx_name[NRX];
extern const char *const rx_file[NRX];

/* One run of receiver r: its figures in fig; false if incorrect. */
typedef bool	 rx_run(enum rx r, const char *what, double *fig);

#define NFIG	3	/* figures a run gives, at most */

/* A section comparing the receivers: what it runs and what it keeps. */
struct rx_section {
	const char	*name;		/* for failures: "live round 3, ..." */
	rx_run		*run;
	int		 reps;		/* runs of each receiver a round */
	int		 nfig;		/* figures a run gives */
	const char	*progress;	/* figure 0 / scale, in fmt, is shown */
	double		 scale;
	const char	*fmt;
	struct series	 fig[NFIG][NRX];
	struct series	 ratio[NFIG][NRX];	/* sigwatch's to the floor's */
};

bool		 rx_start(struct proc *, enum rx, long, const char *, int,
		    const char *);
void		 rx_round(struct rx_section *, int);
struct proc	 sender(int, int, const char *, pid_t, long, long, bool);
void		 read_report(int, char *, size_t);
double		 report_field(const char *, const char *);

/* The sections, each in a file of its own. */
void		 live_round(int);
void		 live_print(void);
void		 drain_round(int);
void		 drain_print(void);
void		 latency_round(int);
void		 latency_print(void);
/*
 * rival.c: a program compared with sigwatch (wrapper.c, tracing.c). Row
 * RIVAL_BARE of each table is the workload alone; row RIVAL_SIGWATCH is
 * the sigwatch under test, whose figure each later row's is compared
 * with (the ratio row, with a target if op is set); over is the row of
 * its own figure against the section's reference (tini, strace).
 */
#define RIVAL_BARE	0
#define RIVAL_SIGWATCH	1
struct rival {
	const char	*name;		/* the rows' label */
	const char	*prog;		/* in PATH, unless own */
	const char *const *own;		/* the option with its path */
	const char	*args[8];	/* its options, before the workload */
	bool		 bare;		/* the workload alone */
	bool		 optional;	/* missing: its rows are left out */
	const char	*ratio;		/* the ratio row's label; NULL: none */
	const char	*op;
	double		 bound;
	const char	*over;		/* its / the reference's: the row */
};
bool		 rival_find(const struct rival *, const char *, char *);
void		 rival_ratio_row(const struct rival *, const struct series *);
void		 rival_over_row(const struct rival *, const struct series *);

void		 wrapper_setup(void);
void		 wrapper_round(int);
void		 wrapper_print(void);
void		 memory_round(int);
void		 memory_print(void);
void		 idle_after(void);
void		 idle_print(void);
void		 tracing_setup(void);
void		 tracing_round(int);
void		 tracing_print(void);

#endif
