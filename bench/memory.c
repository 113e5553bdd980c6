/* SPDX-License-Identifier: ISC */
/*
 * Section 4, memory: sigwatch's peak RSS while it watches every signal,
 * and whether a flood makes it grow. The flood comes after a warm-up
 * drain that fills a whole read batch and the output buffer, so that
 * growth means a leak or a buffer that keeps growing, not the first
 * touch of memory sigwatch was always going to use. sigwatch wrapping
 * sleep and the floor are measured for reference.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MEM_WARMUP	5000	/* signals that fill the batch and the buffer */

enum { M_TEXT, M_JSON, NM };
static const char *const m_name[NM] = { "sigwatch", "sigwatch --json" };

static struct {
	struct series	 watch[NM], anon[NM], flood[NM], growth[NM];
	struct series	 wrap, floor;
} mem;

static void
mem_failed(int m)
{
	mem.watch[m].failed = mem.anon[m].failed = mem.flood[m].failed =
	    mem.growth[m].failed = true;
}

/* sigwatch watching every signal, once ready; false if it never was. */
static bool
start_watcher(struct proc *sw, int m, const char *file, int round)
{
	struct argv	 a = { .n = 0 };
	const char	*ready = tmp("ready");

	unlink(ready);
	arg(&a, "%s", opt.sigwatch);
	arg(&a, "-q");
	if (m == M_JSON)
		arg(&a, "--json");
	arg(&a, "--pidfile=%s", ready);
	arg(&a, "-o");
	arg(&a, "%s", file);
	*sw = spawn(&a, devnull, -1, -1);
	if (wait_ready(sw, ready))
		return true;
	fail("memory round %d: sigwatch never became ready (%s)", round + 1,
	    status_text(finish(sw, 0)));
	return false;
}

/* n signals, queued to a stopped sw (a drain) or to a running one. */
static bool
feed(struct proc *sw, const char *file, long n, bool stopped)
{
	struct proc	 tx;
	int		 status;

	if (stopped)
		stop(sw);
	tx = sender(devnull, -1, "flood", sw->pid, n, -1, stopped);
	status = finish(&tx, stopped ? 30000 : 60000);
	if (stopped)
		kill(sw->pid, SIGCONT);
	return exit_ok(status) && wait_last_value(sw, file, n - 1, 10000);
}

/* What went wrong with a watcher that did not get through its floods. */
static void
watcher_failed(struct proc *sw, int round)
{
	if (exited(sw, 0))
		fail("memory round %d: sigwatch ended (%s)", round + 1,
		    status_text(reap(sw)));
	else {
		fail("memory round %d: the flood did not get through",
		    round + 1);
		kill_reap(sw);
	}
}

/*
 * Peak RSS once ready; then a drain of MEM_WARMUP signals and a live
 * flood of live_n; growth is VmRSS after the flood minus VmRSS after
 * the warm-up.
 */
static void
run_watcher(int m, int round)
{
	const char	*file = tmp("mem");
	char		 what[64];
	struct proc	 sw;
	long		 seg[2] = { MEM_WARMUP, opt.live_n };
	long		 hwm, anon, rss0 = 0, rss1 = 0, hwm1 = 0;
	bool		 ok;

	if (!start_watcher(&sw, m, file, round)) {
		mem_failed(m);
		return;
	}
	sleep_ms(20);
	hwm = proc_status(sw.pid, "VmHWM");
	anon = proc_status(sw.pid, "RssAnon");
	if ((ok = feed(&sw, file, MEM_WARMUP, true))) {
		rss0 = proc_status(sw.pid, "VmRSS");
		ok = feed(&sw, file, opt.live_n, false);
		rss1 = proc_status(sw.pid, "VmRSS");
		hwm1 = proc_status(sw.pid, "VmHWM");
	}
	if (!ok || exited(&sw, 0))
		watcher_failed(&sw, round);
	else
		kill_reap(&sw);
	snprintf(what, sizeof what, "memory round %d, %s", round + 1,
	    m_name[m]);
	/* The SIGCONT that ended the warm-up is a line without a value. */
	if (!verified(file, seg, 2, true, what) || !ok) {
		mem_failed(m);
		return;
	}
	add(&mem.watch[m], (double)hwm);
	add(&mem.anon[m], (double)anon);
	add(&mem.flood[m], (double)hwm1);
	add(&mem.growth[m], (double)(rss1 - rss0));
}

/* Until the started event is in file, p ends or READY_TIMEOUT passes. */
static void
wait_started(const struct proc *p, const char *file)
{
	long long	 end = now() + READY_TIMEOUT * 1000000LL;
	char		 buf[512];
	ssize_t		 n;
	int		 fd;

	for (;;) {
		n = 0;
		if ((fd = open(file, O_RDONLY | O_CLOEXEC)) != -1) {
			n = read(fd, buf, sizeof buf - 1);
			close(fd);
		}
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "started") != NULL || now() > end ||
		    exited(p, 1))
			return;
	}
}

/* sigwatch wrapping sleep, once its started event is out. */
static void
run_wrapping(int round)
{
	struct argv	 a = { .n = 0 };
	const char	*file = tmp("wrap"), *ready = tmp("ready");
	struct proc	 p;
	long		 hwm;
	int		 status;

	unlink(ready);
	arg(&a, "%s", opt.sigwatch);
	arg(&a, "-q");
	arg(&a, "--pidfile=%s", ready);
	arg(&a, "-o");
	arg(&a, "%s", file);
	arg(&a, "--");
	arg(&a, "%s", opt.path_sleep);
	arg(&a, "60");
	p = spawn(&a, devnull, -1, -1);
	if (!wait_ready(&p, ready)) {
		fail("memory round %d: sigwatch -- sleep never became ready "
		    "(%s)", round + 1, status_text(finish(&p, 0)));
		mem.wrap.failed = true;
		return;
	}
	wait_started(&p, file);
	sleep_ms(20);
	hwm = proc_status(p.pid, "VmHWM");
	kill(p.pid, SIGTERM);
	status = finish(&p, 5000);
	unlink(file);
	/* SIGTERM is forwarded to sleep, which dies of it: 128 + 15. */
	if (status != -1 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 128 + SIGTERM) {
		add(&mem.wrap, (double)hwm);
		return;
	}
	fail("memory round %d: sigwatch -- sleep: %s, not exit status 143 "
	    "after SIGTERM", round + 1, status_text(status));
	mem.wrap.failed = true;
}

/* The floor, once ready: a process that links only the C library. */
static void
run_floor(int round)
{
	const char	*file = tmp("wrap");
	char		 what[64];
	struct proc	 p;

	snprintf(what, sizeof what, "memory round %d, floor", round + 1);
	if (!rx_start(&p, RX_FLOOR, 0, file, -1, what)) {
		mem.floor.failed = true;
		return;
	}
	sleep_ms(20);
	add(&mem.floor, (double)proc_status(p.pid, "VmHWM"));
	kill_reap(&p);
	unlink(file);
}

void
memory_round(int round)
{
	run_watcher(round % 2 ? M_JSON : M_TEXT, round);
	run_watcher(round % 2 ? M_TEXT : M_JSON, round);
	run_wrapping(round);
	run_floor(round);
}

void
memory_print(void)
{
	heading("memory", "4. Memory: peak RSS (VmHWM) of sigwatch watching "
	    "every signal; growth = VmRSS after a %ld-signal flood minus "
	    "before it", opt.live_n);
	row(&mem.watch[M_TEXT], F_INT, "KiB", "<=", 2048, "watching, text");
	row(&mem.watch[M_JSON], F_INT, "KiB", "<=", 2048, "watching, --json");
	row(&mem.anon[M_TEXT], F_INT, "KiB", NULL, 0,
	    "(of which RssAnon, text)");
	row(&mem.wrap, F_INT, "KiB", NULL, 0, "wrapping sleep");
	row(&mem.flood[M_TEXT], F_INT, "KiB", NULL, 0, "after the flood, text");
	row(&mem.flood[M_JSON], F_INT, "KiB", NULL, 0,
	    "after the flood, --json");
	row(&mem.growth[M_TEXT], F_INT, "KiB", "<=", 0,
	    "growth over the flood, text");
	row(&mem.growth[M_JSON], F_INT, "KiB", "<=", 0,
	    "growth over the flood, --json");
	row(&mem.floor, F_INT, "KiB", NULL, 0,
	    "(floor watching, for reference)");
}
