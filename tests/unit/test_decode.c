/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for decode() and the naming helpers it relies on: fabricated
 * signalfd records, one group per si_code family and per layout. Code
 * values are written as numbers (from the kernel's uapi siginfo.h) so a
 * wrong fallback #define in sicodes.c cannot hide behind its own name.
 */
#include <linux/audit.h>
#include <string.h>

#include "../../src/sigwatch.h"
#include "unit.h"

#define KILL_FIELDS	(F_PID | F_UID)
#define TIMER_FIELDS	(F_TIMERID | F_OVERRUN | F_VALUE | F_PTR)
#define POLL_FIELDS	(F_BAND | F_FD)
#define FAULT_FIELDS	F_ADDR
#define MCEERR_FIELDS	(F_ADDR | F_ADDR_LSB)
#define CHLD_FIELDS	(F_PID | F_UID | F_STATUS)
#define RT_FIELDS	(F_PID | F_UID | F_VALUE | F_PTR)
#define SYS_FIELDS	(F_CALL_ADDR | F_SYSCALL | F_ARCH)

struct code_case {
	int		 code;
	const char	*name;		/* NULL: no name */
	enum si_layout	 layout;
	unsigned	 fields;
};

static char	 label[128];

/* Garbage in every field, so that decode() must write what we check. */
static void
poison(struct event *ev)
{
	memset(ev, 0xa5, sizeof *ev);
	ev->comm = "stale comm";
	ev->user = "stale user";
	ev->resolved = true;
}

static void
decode_code(int signo, int code, struct event *ev)
{
	struct signalfd_siginfo	 si;

	memset(&si, 0, sizeof si);
	si.ssi_signo = (uint32_t)signo;
	si.ssi_code = code;
	poison(ev);
	decode(&si, 100, ev);
}

static const char *
lbl(int signo, int code, const char *what)
{
	char	 name[SIG_NAME_MAX];

	snprintf(label, sizeof label, "%s code %d: %s",
	    sig_name(signo, name), code, what);
	return label;
}

/* Name, layout, fields and the flags that follow from the code alone. */
static void
check_code(int signo, const struct code_case *c)
{
	struct event	 ev;

	decode_code(signo, c->code, &ev);
	CHECK_INT(ev.signo, signo, lbl(signo, c->code, "signo"));
	CHECK_INT(ev.si_code, c->code, lbl(signo, c->code, "si_code"));
	CHECK_STR(ev.code, c->name, lbl(signo, c->code, "name"));
	CHECK_STR(si_code_name(signo, c->code), c->name,
	    lbl(signo, c->code, "si_code_name"));
	CHECK_INT(ev.layout, c->layout, lbl(signo, c->code, "layout"));
	CHECK_U64(ev.fields, c->fields, lbl(signo, c->code, "fields"));
	CHECK_INT(ev.claimed, c->code < 0 && c->code != -6,
	    lbl(signo, c->code, "claimed"));
	CHECK_INT(ev.status_is_signal,
	    c->layout == LAYOUT_CHLD && c->code != 1,
	    lbl(signo, c->code, "status_is_signal"));
	CHECK(ev.comm == NULL && ev.user == NULL && !ev.resolved,
	    "%s", lbl(signo, c->code, "comm/user cleared, not resolved"));
}

static void
check_codes(int signo, const struct code_case *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		check_code(signo, &c[i]);
}

#define CHECK_CODES(signo, table) \
	check_codes((signo), (table), sizeof (table) / sizeof (table)[0])

static void
test_generic(void)
{
	static const struct code_case generic[] = {
		{ 0, "SI_USER", LAYOUT_KILL, KILL_FIELDS },
		/* The kernel itself: no sender to report. */
		{ 0x80, "SI_KERNEL", LAYOUT_KILL, 0 },
		{ -1, "SI_QUEUE", LAYOUT_RT, RT_FIELDS },
		{ -2, "SI_TIMER", LAYOUT_TIMER, TIMER_FIELDS },
		{ -3, "SI_MESGQ", LAYOUT_RT, RT_FIELDS },
		{ -4, "SI_ASYNCIO", LAYOUT_RT, RT_FIELDS },
		{ -5, "SI_SIGIO", LAYOUT_POLL, POLL_FIELDS },
		/* tkill() fills the sender but no value. */
		{ -6, "SI_TKILL", LAYOUT_RT, KILL_FIELDS },
		{ -7, "SI_DETHREAD", LAYOUT_RT, RT_FIELDS },
		{ -60, "SI_ASYNCNL", LAYOUT_RT, RT_FIELDS },
	};

	CHECK_CODES(SIGUSR1, generic);
	CHECK_CODES(SIGRTMIN + 3, generic);
}

/* The generic table is tried first, whatever the signal's own family. */
static void
test_generic_wins(void)
{
	static const struct code_case kernel[] = {
		{ 0x80, "SI_KERNEL", LAYOUT_KILL, 0 },
		{ 0, "SI_USER", LAYOUT_KILL, KILL_FIELDS },
		{ -1, "SI_QUEUE", LAYOUT_RT, RT_FIELDS },
		{ -6, "SI_TKILL", LAYOUT_RT, KILL_FIELDS },
	};
	static const int signals[] = {
		SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGCHLD, SIGIO,
		SIGSYS,
	};
	size_t	 i;

	for (i = 0; i < sizeof signals / sizeof signals[0]; i++)
		CHECK_CODES(signals[i], kernel);
}

static void
test_chld(void)
{
	static const struct code_case chld[] = {
		{ 1, "CLD_EXITED", LAYOUT_CHLD, CHLD_FIELDS },
		{ 2, "CLD_KILLED", LAYOUT_CHLD, CHLD_FIELDS },
		{ 3, "CLD_DUMPED", LAYOUT_CHLD, CHLD_FIELDS },
		{ 4, "CLD_TRAPPED", LAYOUT_CHLD, CHLD_FIELDS },
		{ 5, "CLD_STOPPED", LAYOUT_CHLD, CHLD_FIELDS },
		{ 6, "CLD_CONTINUED", LAYOUT_CHLD, CHLD_FIELDS },
		/* Past the family: the kernel's siginfo_layout() falls back. */
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGCHLD, chld);
}

static void
test_segv(void)
{
	static const struct code_case segv[] = {
		{ 1, "SEGV_MAPERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 2, "SEGV_ACCERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 3, "SEGV_BNDERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 4, "SEGV_PKUERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 5, "SEGV_ACCADI", LAYOUT_FAULT, FAULT_FIELDS },
		{ 6, "SEGV_ADIDERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 7, "SEGV_ADIPERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 8, "SEGV_MTEAERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 9, "SEGV_MTESERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 10, "SEGV_CPERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 11, NULL, LAYOUT_KILL, KILL_FIELDS },
		{ 99, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGSEGV, segv);
}

static void
test_bus(void)
{
	static const struct code_case bus[] = {
		{ 1, "BUS_ADRALN", LAYOUT_FAULT, FAULT_FIELDS },
		{ 2, "BUS_ADRERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 3, "BUS_OBJERR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 4, "BUS_MCEERR_AR", LAYOUT_FAULT_MCEERR, MCEERR_FIELDS },
		{ 5, "BUS_MCEERR_AO", LAYOUT_FAULT_MCEERR, MCEERR_FIELDS },
		/* Past the family but within NSIGPOLL: poll, as the kernel. */
		{ 6, "POLL_HUP", LAYOUT_POLL, POLL_FIELDS },
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGBUS, bus);
}

static void
test_ill(void)
{
	static const struct code_case ill[] = {
		{ 1, "ILL_ILLOPC", LAYOUT_FAULT, FAULT_FIELDS },
		{ 2, "ILL_ILLOPN", LAYOUT_FAULT, FAULT_FIELDS },
		{ 3, "ILL_ILLADR", LAYOUT_FAULT, FAULT_FIELDS },
		{ 4, "ILL_ILLTRP", LAYOUT_FAULT, FAULT_FIELDS },
		{ 5, "ILL_PRVOPC", LAYOUT_FAULT, FAULT_FIELDS },
		{ 6, "ILL_PRVREG", LAYOUT_FAULT, FAULT_FIELDS },
		{ 7, "ILL_COPROC", LAYOUT_FAULT, FAULT_FIELDS },
		{ 8, "ILL_BADSTK", LAYOUT_FAULT, FAULT_FIELDS },
		{ 9, "ILL_BADIADDR", LAYOUT_FAULT, FAULT_FIELDS },
		/*
		 * ia64's __ILL_BREAK and __ILL_BNDMOD: the kernel counts them
		 * (NSIGILL is 11) but gives userspace no name for them.
		 */
		{ 10, NULL, LAYOUT_FAULT, FAULT_FIELDS },
		{ 11, NULL, LAYOUT_FAULT, FAULT_FIELDS },
		{ 12, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGILL, ill);
}

static void
test_fpe(void)
{
	static const struct code_case fpe[] = {
		{ 1, "FPE_INTDIV", LAYOUT_FAULT, FAULT_FIELDS },
		{ 2, "FPE_INTOVF", LAYOUT_FAULT, FAULT_FIELDS },
		{ 3, "FPE_FLTDIV", LAYOUT_FAULT, FAULT_FIELDS },
		{ 4, "FPE_FLTOVF", LAYOUT_FAULT, FAULT_FIELDS },
		{ 5, "FPE_FLTUND", LAYOUT_FAULT, FAULT_FIELDS },
		{ 6, "FPE_FLTRES", LAYOUT_FAULT, FAULT_FIELDS },
		{ 7, "FPE_FLTINV", LAYOUT_FAULT, FAULT_FIELDS },
		{ 8, "FPE_FLTSUB", LAYOUT_FAULT, FAULT_FIELDS },
		/* 9-13 are ia64's __FPE_DEC* codes: in the family, unnamed. */
		{ 9, NULL, LAYOUT_FAULT, FAULT_FIELDS },
		{ 13, NULL, LAYOUT_FAULT, FAULT_FIELDS },
		{ 14, "FPE_FLTUNK", LAYOUT_FAULT, FAULT_FIELDS },
		{ 15, "FPE_CONDTRAP", LAYOUT_FAULT, FAULT_FIELDS },
		{ 16, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGFPE, fpe);
}

static void
test_trap(void)
{
	static const struct code_case trap[] = {
		{ 1, "TRAP_BRKPT", LAYOUT_FAULT, FAULT_FIELDS },
		{ 2, "TRAP_TRACE", LAYOUT_FAULT, FAULT_FIELDS },
		{ 3, "TRAP_BRANCH", LAYOUT_FAULT, FAULT_FIELDS },
		{ 4, "TRAP_HWBKPT", LAYOUT_FAULT, FAULT_FIELDS },
		{ 5, "TRAP_UNK", LAYOUT_FAULT, FAULT_FIELDS },
		{ 6, "TRAP_PERF", LAYOUT_FAULT, FAULT_FIELDS },
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGTRAP, trap);
}

static void
test_poll(void)
{
	static const struct code_case pollc[] = {
		{ 1, "POLL_IN", LAYOUT_POLL, POLL_FIELDS },
		{ 2, "POLL_OUT", LAYOUT_POLL, POLL_FIELDS },
		{ 3, "POLL_MSG", LAYOUT_POLL, POLL_FIELDS },
		{ 4, "POLL_ERR", LAYOUT_POLL, POLL_FIELDS },
		{ 5, "POLL_PRI", LAYOUT_POLL, POLL_FIELDS },
		{ 6, "POLL_HUP", LAYOUT_POLL, POLL_FIELDS },
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
		{ -5, "SI_SIGIO", LAYOUT_POLL, POLL_FIELDS },
	};

	CHECK_INT(SIGPOLL, SIGIO, "SIGPOLL is SIGIO");
	CHECK_CODES(SIGIO, pollc);
}

static void
test_sys(void)
{
	static const struct code_case sys[] = {
		{ 1, "SYS_SECCOMP", LAYOUT_SYS, SYS_FIELDS },
		{ 2, "SYS_USER_DISPATCH", LAYOUT_SYS, SYS_FIELDS },
		{ 3, "POLL_MSG", LAYOUT_POLL, POLL_FIELDS },
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(SIGSYS, sys);
}

/*
 * Codes that name nothing still get the layout the kernel gives them;
 * codes 1 to 6 are I/O readiness on any signal (F_SETSIG).
 */
static void
test_unknown(void)
{
	static const struct code_case usr1[] = {
		{ 1, "POLL_IN", LAYOUT_POLL, POLL_FIELDS },
		{ 5, "POLL_PRI", LAYOUT_POLL, POLL_FIELDS },
		{ 6, "POLL_HUP", LAYOUT_POLL, POLL_FIELDS },
		{ 7, NULL, LAYOUT_KILL, KILL_FIELDS },
		{ 0x7f, NULL, LAYOUT_KILL, KILL_FIELDS },
		{ 0x81, NULL, LAYOUT_KILL, KILL_FIELDS },
		{ -8, NULL, LAYOUT_RT, RT_FIELDS },
		{ -42, NULL, LAYOUT_RT, RT_FIELDS },
		{ -61, NULL, LAYOUT_RT, RT_FIELDS },
	};

	CHECK_CODES(SIGUSR1, usr1);
	CHECK_CODES(SIGRTMAX, usr1);
}

/* A record with every field set; each layout's values must come through. */
static void
fill(struct signalfd_siginfo *si, int signo, int code)
{
	memset(si, 0, sizeof *si);
	si->ssi_signo = (uint32_t)signo;
	si->ssi_code = code;
	si->ssi_pid = 4242;
	si->ssi_uid = 1000;
	si->ssi_fd = 7;
	si->ssi_tid = 0x1234;
	si->ssi_band = 0x41;
	si->ssi_overrun = 3;
	si->ssi_status = 9;
	si->ssi_int = -17;
	si->ssi_ptr = 0xfedcba9876543210ULL;
	si->ssi_utime = 250;
	si->ssi_stime = 25;
	si->ssi_addr = 0x7ffdeadbeef0ULL;
	si->ssi_addr_lsb = 12;
	si->ssi_syscall = 231;
	si->ssi_call_addr = 0xffffffffff600400ULL;
	si->ssi_arch = AUDIT_ARCH_X86_64;
}

static void
test_values_kill(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGTERM, 0);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_INT(ev.signo, SIGTERM, "kill: signo");
	CHECK_U64(ev.fields, F_PID | F_UID, "kill: fields");
	CHECK_INT(ev.pid, 4242, "kill: pid");
	CHECK_INT(ev.uid, 1000, "kill: uid");
	CHECK_INT(ev.claimed, 0, "kill: kill() vouches for the sender");

	/* The largest uid the kernel passes: (uid_t)-1, the overflow uid. */
	si.ssi_uid = 0xffffffffU;
	si.ssi_pid = 0x7fffffffU;
	decode(&si, 100, &ev);
	CHECK_U64(ev.uid, 0xffffffffU, "kill: uid 2^32-1");
	CHECK_U64(ev.pid, 0x7fffffffU, "kill: pid 2^31-1");
}

static void
test_values_rt(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGRTMIN + 1, -1);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_STR(ev.code, "SI_QUEUE", "rt: name");
	CHECK_U64(ev.fields, RT_FIELDS, "rt: fields");
	CHECK_INT(ev.pid, 4242, "rt: pid");
	CHECK_INT(ev.uid, 1000, "rt: uid");
	CHECK_INT(ev.value, -17, "rt: negative value");
	CHECK_U64(ev.ptr, 0xfedcba9876543210ULL, "rt: ptr above 2^63");
	CHECK_INT(ev.claimed, 1, "rt: sigqueue() pid/uid are claimed");

	si.ssi_int = 0x7fffffff;
	si.ssi_ptr = 1;
	decode(&si, 100, &ev);
	CHECK_INT(ev.value, 0x7fffffff, "rt: INT32_MAX value");
	CHECK_U64(ev.ptr, 1, "rt: ptr 1");

	si.ssi_int = INT32_MIN;
	decode(&si, 100, &ev);
	CHECK_INT(ev.value, INT32_MIN, "rt: INT32_MIN value");

	fill(&si, SIGRTMIN + 1, -6);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_PID | F_UID, "tkill: fields");
	CHECK_INT(ev.pid, 4242, "tkill: pid");
	CHECK_INT(ev.claimed, 0, "tkill: the kernel fills the sender");
}

static void
test_values_timer(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGALRM, -2);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_STR(ev.code, "SI_TIMER", "timer: name");
	CHECK_INT(ev.layout, LAYOUT_TIMER, "timer: layout");
	CHECK_U64(ev.fields, TIMER_FIELDS, "timer: fields");
	CHECK_U64(ev.timerid, 0x1234, "timer: timerid from ssi_tid");
	CHECK_INT(ev.overrun, 3, "timer: overrun");
	CHECK_INT(ev.value, -17, "timer: value");
	CHECK_U64(ev.ptr, 0xfedcba9876543210ULL, "timer: ptr");
}

static void
test_values_poll(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGIO, 1);
	si.ssi_fd = -1;
	si.ssi_band = 0x80000001U;
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_STR(ev.code, "POLL_IN", "poll: name");
	CHECK_U64(ev.fields, POLL_FIELDS, "poll: fields");
	CHECK_INT(ev.fd, -1, "poll: fd");
	CHECK_U64(ev.band, 0x80000001U, "poll: band");

	fill(&si, SIGURG, -5);
	decode(&si, 100, &ev);
	CHECK_STR(ev.code, "SI_SIGIO", "sigio: name");
	CHECK_INT(ev.layout, LAYOUT_POLL, "sigio: layout");
	CHECK_INT(ev.fd, 7, "sigio: fd");
	CHECK_U64(ev.band, 0x41, "sigio: band");
}

static void
test_values_fault(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGSEGV, 1);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_ADDR, "segv: fields");
	CHECK_U64(ev.addr, 0x7ffdeadbeef0ULL, "segv: addr");

	si.ssi_addr = 0xffffffffffffffffULL;
	decode(&si, 100, &ev);
	CHECK_U64(ev.addr, 0xffffffffffffffffULL, "segv: addr 2^64-1");

	fill(&si, SIGBUS, 4);
	decode(&si, 100, &ev);
	CHECK_INT(ev.layout, LAYOUT_FAULT_MCEERR, "mceerr_ar: layout");
	CHECK_U64(ev.fields, F_ADDR | F_ADDR_LSB, "mceerr_ar: fields");
	CHECK_U64(ev.addr, 0x7ffdeadbeef0ULL, "mceerr_ar: addr");
	CHECK_INT(ev.addr_lsb, 12, "mceerr_ar: addr_lsb");

	fill(&si, SIGBUS, 5);
	si.ssi_addr_lsb = 0xffff;
	decode(&si, 100, &ev);
	CHECK_INT(ev.layout, LAYOUT_FAULT_MCEERR, "mceerr_ao: layout");
	CHECK_INT(ev.addr_lsb, 0xffff, "mceerr_ao: addr_lsb 0xffff");

	fill(&si, SIGBUS, 2);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_ADDR, "bus_adrerr: no addr_lsb");
}

static void
test_values_chld(void)
{
	static const struct {
		int	 code;
		bool	 is_signal;
	} cases[] = {
		{ 1, false }, { 2, true }, { 3, true }, { 4, true },
		{ 5, true }, { 6, true },
	};
	struct signalfd_siginfo	 si;
	struct event		 ev;
	size_t			 i;

	fill(&si, SIGCHLD, 1);
	si.ssi_status = 3;
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, CHLD_FIELDS, "chld: fields");
	CHECK_INT(ev.pid, 4242, "chld: pid");
	CHECK_INT(ev.uid, 1000, "chld: uid");
	CHECK_INT(ev.status, 3, "chld: exit status");
	CHECK_INT(ev.status_is_signal, 0, "chld: exited status is a code");
	CHECK_DBL(ev.utime, 2.5, "chld: 250 ticks at 100 Hz");
	CHECK_DBL(ev.stime, 0.25, "chld: 25 ticks at 100 Hz");
	CHECK_INT(ev.claimed, 0, "chld: the kernel vouches");

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fill(&si, SIGCHLD, cases[i].code);
		decode(&si, 100, &ev);
		CHECK_INT(ev.status_is_signal, cases[i].is_signal,
		    lbl(SIGCHLD, cases[i].code, "status_is_signal"));
	}

	/* status_is_signal belongs to the CHLD layout only. */
	fill(&si, SIGCHLD, 0);
	decode(&si, 100, &ev);
	CHECK_INT(ev.status_is_signal, 0, "chld SI_USER: no status");
	fill(&si, SIGUSR1, 2);
	decode(&si, 100, &ev);
	CHECK_INT(ev.status_is_signal, 0, "usr1 code 2: no status");

	fill(&si, SIGCHLD, 2);
	si.ssi_status = -1;
	decode(&si, 100, &ev);
	CHECK_INT(ev.status, -1, "chld: negative status");
}

static void
test_times(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGCHLD, 1);
	decode(&si, 1000, &ev);
	CHECK_DBL(ev.utime, 0.25, "250 ticks at 1000 Hz");
	CHECK_DBL(ev.stime, 0.025, "25 ticks at 1000 Hz");

	/* A bad sysconf(_SC_CLK_TCK) must not divide by zero. */
	decode(&si, 0, &ev);
	CHECK_DBL(ev.utime, 0, "clk_tck 0: utime");
	CHECK_DBL(ev.stime, 0, "clk_tck 0: stime");
	decode(&si, -1, &ev);
	CHECK_DBL(ev.utime, 0, "clk_tck -1: utime");
	CHECK_DBL(ev.stime, 0, "clk_tck -1: stime");

	si.ssi_utime = 0;
	si.ssi_stime = 1ULL << 40;
	decode(&si, 1, &ev);
	CHECK_DBL(ev.utime, 0, "0 ticks");
	CHECK_DBL(ev.stime, 1099511627776.0, "2^40 ticks at 1 Hz");
}

static void
test_values_sys(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGSYS, 1);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, SYS_FIELDS, "sys: fields");
	CHECK_U64(ev.call_addr, 0xffffffffff600400ULL, "sys: call_addr");
	CHECK_INT(ev.syscall, 231, "sys: syscall");
	CHECK_U64(ev.arch, AUDIT_ARCH_X86_64, "sys: arch");

	si.ssi_syscall = -1;
	si.ssi_arch = 0xdeadbeefU;
	decode(&si, 100, &ev);
	CHECK_INT(ev.syscall, -1, "sys: syscall -1");
	CHECK_U64(ev.arch, 0xdeadbeefU, "sys: unknown arch kept");
	CHECK_STR(ev.syscall_name, NULL, "sys: unknown arch, no name");

	/* Only the sys layout has a system call to name. */
	fill(&si, SIGUSR1, 0);
	si.ssi_syscall = 59;
	si.ssi_arch = AUDIT_ARCH_X86_64;
	decode(&si, 100, &ev);
	CHECK_STR(ev.syscall_name, NULL, "kill layout: no syscall name");
#ifdef __x86_64__
	fill(&si, SIGSYS, 1);
	decode(&si, 100, &ev);
	CHECK_STR(ev.syscall_name, "exit_group", "sys: 231 on x86_64");
	fill(&si, SIGSYS, 2);
	si.ssi_syscall = 11;
	si.ssi_arch = AUDIT_ARCH_I386;
	decode(&si, 100, &ev);
	CHECK_STR(ev.syscall_name, "execve", "user dispatch: 11 on i386");
#endif
}

/*
 * The tables scripts/gen-syscalls made of the kernel headers: on x86,
 * the three ABIs a process can call with, looked up by (arch, nr).
 */
static void
test_syscall_name(void)
{
	CHECK_STR(syscall_name(0x12345678U, 0), NULL, "unknown arch");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, -1), NULL, "nr -1");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 99999), NULL, "nr 99999");
	CHECK_STR(syscall_name(AUDIT_ARCH_I386, 99999), NULL, "i386 nr 99999");
	CHECK_STR(syscall_name(AUDIT_ARCH_AARCH64, 0x7fffffff), NULL,
	    "aarch64 nr 2^31-1");
#ifdef __x86_64__
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 59), "execve", "x86_64 59");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 0), "read", "x86_64 0");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 435), "clone3",
	    "x86_64 435");
	CHECK_STR(syscall_name(AUDIT_ARCH_I386, 11), "execve", "i386 11");
	CHECK_STR(syscall_name(AUDIT_ARCH_I386, 59), "oldolduname",
	    "i386 59 is not x86_64's");
	CHECK_STR(syscall_name(AUDIT_ARCH_I386, 0), "restart_syscall",
	    "i386 0");
	/* x32: x86_64's AUDIT_ARCH, numbers with __X32_SYSCALL_BIT. */
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 0x40000000 + 520), "execve",
	    "x32 520");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 0x40000000 + 0), "read",
	    "x32 0");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 0x40000000 + 59), NULL,
	    "x32 59: not an x32 system call");
	CHECK_STR(syscall_name(AUDIT_ARCH_X86_64, 520), NULL,
	    "x86_64 520: x32's number without the bit");
	CHECK_STR(syscall_name(AUDIT_ARCH_I386, 0x40000000 + 11), NULL,
	    "i386 with the x32 bit");
#endif
}

static void
test_errno(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGUSR1, 0);
	poison(&ev);
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields & F_ERRNO, 0, "errno 0: no F_ERRNO");
	CHECK_INT(ev.err, 0, "errno 0: err");

	si.ssi_errno = 5;
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_PID | F_UID | F_ERRNO, "errno 5: fields");
	CHECK_INT(ev.err, 5, "errno 5: err");

	si.ssi_errno = -22;
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_PID | F_UID | F_ERRNO, "errno -22: fields");
	CHECK_INT(ev.err, -22, "errno -22: err");

	fill(&si, SIGSEGV, 0x80);
	si.ssi_errno = 14;
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, F_ERRNO, "SI_KERNEL with errno: F_ERRNO only");

	fill(&si, SIGSYS, 1);
	si.ssi_errno = 1;
	decode(&si, 100, &ev);
	CHECK_U64(ev.fields, SYS_FIELDS | F_ERRNO, "sys with errno: fields");
}

/* decode() copies every field whatever the layout; fields says which count. */
static void
test_copy_all(void)
{
	struct signalfd_siginfo	 si;
	struct event		 ev;

	fill(&si, SIGSEGV, 0x80);
	si.ssi_errno = 2;
	poison(&ev);
	ev.time.tv_sec = 123;
	ev.time.tv_nsec = 456;
	decode(&si, 100, &ev);
	CHECK_INT(ev.pid, 4242, "copy: pid");
	CHECK_INT(ev.uid, 1000, "copy: uid");
	CHECK_INT(ev.value, -17, "copy: value");
	CHECK_U64(ev.ptr, 0xfedcba9876543210ULL, "copy: ptr");
	CHECK_U64(ev.addr, 0x7ffdeadbeef0ULL, "copy: addr");
	CHECK_INT(ev.addr_lsb, 12, "copy: addr_lsb");
	CHECK_U64(ev.call_addr, 0xffffffffff600400ULL, "copy: call_addr");
	CHECK_INT(ev.syscall, 231, "copy: syscall");
	CHECK_U64(ev.arch, AUDIT_ARCH_X86_64, "copy: arch");
	CHECK_INT(ev.status, 9, "copy: status");
	CHECK_DBL(ev.utime, 2.5, "copy: utime");
	CHECK_DBL(ev.stime, 0.25, "copy: stime");
	CHECK_INT(ev.fd, 7, "copy: fd");
	CHECK_U64(ev.band, 0x41, "copy: band");
	CHECK_U64(ev.timerid, 0x1234, "copy: timerid");
	CHECK_INT(ev.overrun, 3, "copy: overrun");
	CHECK_INT(ev.err, 2, "copy: err");
	CHECK_STR(ev.comm, NULL, "copy: comm cleared");
	CHECK_STR(ev.user, NULL, "copy: user cleared");
	CHECK_INT(ev.resolved, 0, "copy: not resolved");
	/* The caller stamps the time after decoding; decode() leaves it. */
	CHECK_INT(ev.time.tv_sec, 123, "copy: time.tv_sec untouched");
	CHECK_INT(ev.time.tv_nsec, 456, "copy: time.tv_nsec untouched");
}

static void
test_si_code_name(void)
{
	CHECK_STR(si_code_name(SIGUSR1, 0), "SI_USER", "usr1 0");
	CHECK_STR(si_code_name(SIGSEGV, 0x80), "SI_KERNEL", "segv 0x80");
	CHECK_STR(si_code_name(SIGCHLD, -60), "SI_ASYNCNL", "chld -60");
	CHECK_STR(si_code_name(SIGSEGV, 1), "SEGV_MAPERR", "segv 1");
	CHECK_STR(si_code_name(SIGBUS, 1), "BUS_ADRALN", "bus 1");
	CHECK_STR(si_code_name(SIGCHLD, 1), "CLD_EXITED", "chld 1");
	CHECK_STR(si_code_name(SIGIO, 1), "POLL_IN", "io 1");
	CHECK_STR(si_code_name(SIGSYS, 1), "SYS_SECCOMP", "sys 1");
	/* Family names belong to their signal; 1 to 6 elsewhere are POLL_*. */
	CHECK_STR(si_code_name(SIGUSR1, 1), "POLL_IN", "usr1 1");
	CHECK_STR(si_code_name(SIGUSR1, 5), "POLL_PRI", "usr1 5");
	CHECK_STR(si_code_name(SIGTERM, 4), "POLL_ERR", "term 4");
	CHECK_STR(si_code_name(SIGTERM, 7), NULL, "term 7");
	CHECK_STR(si_code_name(SIGSEGV, 99), NULL, "segv 99");
	CHECK_STR(si_code_name(SIGCHLD, 7), NULL, "chld 7");
	CHECK_STR(si_code_name(SIGSYS, 3), "POLL_MSG", "sys 3");
	CHECK_STR(si_code_name(SIGUSR1, -42), NULL, "usr1 -42");
	CHECK_STR(si_code_name(SIGSEGV, -42), NULL, "segv -42");
	/* Out-of-range signal numbers must not index past the tables. */
	CHECK_STR(si_code_name(0, 1), "POLL_IN", "signal 0");
	CHECK_STR(si_code_name(-1, 1), "POLL_IN", "signal -1");
	CHECK_STR(si_code_name(64, 1), "POLL_IN", "signal 64");
	CHECK_STR(si_code_name(100000, 1), "POLL_IN", "signal 100000");
	CHECK_STR(si_code_name(100000, 9), NULL, "signal 100000, code 9");
	CHECK_STR(si_code_name(-1, 0), "SI_USER", "signal -1, SI_USER");
}

/* Out-of-range signal numbers in a record must not index past the tables. */
static void
test_odd_signals(void)
{
	static const struct code_case odd[] = {
		{ 1, "POLL_IN", LAYOUT_POLL, POLL_FIELDS },
		{ 0, "SI_USER", LAYOUT_KILL, KILL_FIELDS },
	};

	CHECK_CODES(0, odd);
	CHECK_CODES(65, odd);
	CHECK_CODES(1000000, odd);
}

static void
test_sig_name(void)
{
	char	 buf[SIG_NAME_MAX], want[SIG_NAME_MAX];

	CHECK_STR(sig_name(SIGHUP, buf), "SIGHUP", "1");
	CHECK_STR(sig_name(SIGINT, buf), "SIGINT", "2");
	CHECK_STR(sig_name(SIGUSR1, buf), "SIGUSR1", "SIGUSR1");
	CHECK_STR(sig_name(SIGCHLD, buf), "SIGCHLD", "SIGCHLD");
	CHECK_STR(sig_name(SIGSYS, buf), "SIGSYS", "SIGSYS");
	CHECK(sig_name(SIGUSR1, buf) == buf, "sig_name returns its buffer");
	CHECK_STR(sig_name(SIGRTMIN, buf), "SIGRTMIN", "SIGRTMIN");
	CHECK_STR(sig_name(SIGRTMIN + 1, buf), "SIGRTMIN+1", "SIGRTMIN+1");
	/*
	 * The halfway split, as bash's kill -l: glibc's 31 real-time
	 * signals are +15 then -14, musl's 30 are +14 then -14.
	 */
	CHECK_STR(sig_name(SIGRTMAX - 14, buf), "SIGRTMAX-14", "SIGRTMAX-14");
	snprintf(want, sizeof want, "SIGRTMIN+%d", SIGRTMAX - 15 - SIGRTMIN);
	CHECK_STR(sig_name(SIGRTMAX - 15, buf), want, "the split");
	CHECK_STR(sig_name(SIGRTMAX - 1, buf), "SIGRTMAX-1", "SIGRTMAX-1");
	CHECK_STR(sig_name(SIGRTMAX, buf), "SIGRTMAX", "SIGRTMAX");
	CHECK_STR(sig_name(32, buf), "SIG32", "reserved 32");
	CHECK_STR(sig_name(33, buf), "SIG33", "reserved 33");
	CHECK_STR(sig_name(0, buf), "SIG0", "0");
	CHECK_STR(sig_name(65, buf), "SIG65", "65");
	CHECK_STR(sig_name(-1, buf), "SIG-1", "-1");
}

static void
test_arch_name(void)
{
	static const struct {
		uint32_t	 value;
		const char	*name;
	} arches[] = {
		{ AUDIT_ARCH_X86_64, "x86_64" }, { AUDIT_ARCH_I386, "i386" },
		{ AUDIT_ARCH_AARCH64, "aarch64" }, { AUDIT_ARCH_ARM, "arm" },
		{ AUDIT_ARCH_ARMEB, "armeb" }, { AUDIT_ARCH_PPC, "ppc" },
		{ AUDIT_ARCH_PPC64LE, "ppc64le" }, { AUDIT_ARCH_S390X, "s390x" },
		{ AUDIT_ARCH_RISCV64, "riscv64" }, { AUDIT_ARCH_MIPS64, "mips64" },
		{ AUDIT_ARCH_MIPSEL64N32, "mips64eln32" },
		{ AUDIT_ARCH_SPARC64, "sparc64" }, { AUDIT_ARCH_SHEL64, "shel64" },
		{ AUDIT_ARCH_IA64, "ia64" }, { AUDIT_ARCH_UNICORE, "unicore32" },
#ifdef AUDIT_ARCH_LOONGARCH64
		{ AUDIT_ARCH_LOONGARCH64, "loongarch64" },
#endif
		/* Values as the kernel composes them: EM_*, 64-bit, LE. */
		{ 0xc000003eU, "x86_64" }, { 0xc00000f3U, "riscv64" },
		{ 0x80000016U, "s390x" },
	};
	char	 buf[16], what[32];
	size_t	 i;

	for (i = 0; i < sizeof arches / sizeof arches[0]; i++) {
		snprintf(what, sizeof what, "arch %#x", arches[i].value);
		CHECK_STR(arch_name(arches[i].value, buf, sizeof buf),
		    arches[i].name, what);
	}
	CHECK_STR(arch_name(0x12345678U, buf, sizeof buf), "0x12345678",
	    "unknown in hex");
	CHECK(arch_name(0x12345678U, buf, sizeof buf) == buf,
	    "unknown arch written to the buffer");
	CHECK_STR(arch_name(0, buf, sizeof buf), "0x0", "zero");
	CHECK_STR(arch_name(0xdeadbeefU, buf, sizeof buf), "0xdeadbeef",
	    "lowercase hex");
}

/*
 * A traced process's siginfo_t as the record signalfd would have given:
 * each layout's members copied, the rest zero, so that decode() reads
 * the same event either way.
 */
static void
test_siginfo_record(void)
{
	struct signalfd_siginfo	 r;
	siginfo_t		 si;

	memset(&si, 0, sizeof si);
	si.si_signo = SIGCHLD;
	si.si_code = CLD_EXITED;
	si.si_pid = 4711;
	si.si_uid = 1000;
	si.si_status = 3;
	si.si_utime = 7;
	siginfo_record(&si, &r);
	CHECK(r.ssi_signo == SIGCHLD && r.ssi_code == CLD_EXITED &&
	    r.ssi_pid == 4711 && r.ssi_uid == 1000 && r.ssi_status == 3 &&
	    r.ssi_utime == 7 && r.ssi_addr == 0, "record: child layout");
	memset(&si, 0, sizeof si);
	si.si_signo = SIGSEGV;
	si.si_code = SEGV_MAPERR;
	si.si_addr = (void *)0x7ffdeadbeef0;
	siginfo_record(&si, &r);
	CHECK(r.ssi_addr == 0x7ffdeadbeef0 && r.ssi_pid == 0 && r.ssi_uid == 0,
	    "record: fault layout, the address only");
	memset(&si, 0, sizeof si);
	si.si_signo = SIGRTMIN;
	si.si_code = SI_QUEUE;
	si.si_pid = 42;
	si.si_uid = 7;
	si.si_value.sival_int = -5;
	siginfo_record(&si, &r);
	CHECK(r.ssi_pid == 42 && r.ssi_uid == 7 && r.ssi_int == -5 &&
	    r.ssi_ptr == (uint64_t)(uint32_t)-5, "record: rt layout");
	memset(&si, 0, sizeof si);
	si.si_signo = SIGALRM;
	si.si_code = SI_TIMER;
	si.si_timerid = 3;
	si.si_overrun = 2;
	si.si_value.sival_int = 9;
	siginfo_record(&si, &r);
	CHECK(r.ssi_tid == 3 && r.ssi_overrun == 2 && r.ssi_int == 9 &&
	    r.ssi_pid == 0, "record: timer layout");
	memset(&si, 0, sizeof si);
	si.si_signo = SIGIO;
	si.si_code = POLL_IN;
	si.si_band = 65;
	si.si_fd = 5;
	siginfo_record(&si, &r);
	CHECK(r.ssi_band == 65 && r.ssi_fd == 5, "record: poll layout");
}

int
main(void)
{
	test_generic();
	test_generic_wins();
	test_chld();
	test_segv();
	test_bus();
	test_ill();
	test_fpe();
	test_trap();
	test_poll();
	test_sys();
	test_unknown();
	test_odd_signals();
	test_values_kill();
	test_values_rt();
	test_values_timer();
	test_values_poll();
	test_values_fault();
	test_values_chld();
	test_times();
	test_values_sys();
	test_errno();
	test_copy_all();
	test_si_code_name();
	test_sig_name();
	test_arch_name();
	test_syscall_name();
	test_siginfo_record();
	return unit_done();
}
