/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for what sigwatch parses from its command line (signal lists,
 * counts, durations) and for the escaping of sender-controlled strings.
 */
#include <string.h>

#include "../../src/sigwatch.h"
#include "unit.h"

#define NSIG_MAX	65	/* signals are 1..64 on Linux */

static char	 label[192];

/* Parse spec into a fresh set; the error message, or NULL. */
static const char *
spec(const char *s, sigset_t *set)
{
	bool	 started = false;

	sigemptyset(set);
	return sigspec_parse(s, set, &started);
}

/* want: 0-terminated list of signals; the set must hold exactly those. */
static void
check_set(const sigset_t *set, const int *want, const char *what)
{
	bool	 expect[NSIG_MAX] = { false };
	int	 signo, n = 0;

	for (; *want != 0; want++) {
		expect[*want] = true;
		n++;
	}
	for (signo = 1; signo <= sig_max(); signo++)
		if ((sigismember(set, signo) == 1) != expect[signo])
			break;
	if (signo <= sig_max())
		CHECK(0, "%s: signal %d %s", what, signo,
		    expect[signo] ? "missing" : "unexpected");
	else
		CHECK(1, "%s: exactly the expected signals", what);
	CHECK_INT(sigspec_count(set), n, what);
}

/* spec must parse and select exactly want. */
static void
check_spec(const char *s, const int *want)
{
	sigset_t	 set;

	snprintf(label, sizeof label, "spec '%s'", s);
	CHECK_STR(spec(s, &set), NULL, label);
	check_set(&set, want, label);
}

/*
 * The real-time signals are the C library's SIGRTMIN..SIGRTMAX: glibc's
 * 34..64, musl's 35..64. Specs with numbers that depend on it are made
 * from the span, RTMAX - RTMIN.
 */
static const char *
rt_spec(char buf[64], const char *fmt, int n)
{
	snprintf(buf, 64, fmt, n);
	return buf;
}

/* sig_from_name() of fmt with n. */
static int
rt_from_name(const char *fmt, int n)
{
	char	 buf[64];

	rt_spec(buf, fmt, n);
	return sig_from_name(buf, strlen(buf));
}

/* spec must fail with exactly msg. */
static void
check_spec_err(const char *s, const char *msg)
{
	sigset_t	 set;

	snprintf(label, sizeof label, "spec '%s' error", s);
	CHECK_STR(spec(s, &set), msg, label);
}

/* Every catchable signal but those in drop, into buf; both 0-terminated. */
static int *
all_but(int *buf, const int *drop)
{
	const int	*d;
	int		 signo, n = 0;

	for (signo = 1; signo <= sig_max(); signo++) {
		if (!sig_catchable(signo))
			continue;
		for (d = drop; *d != 0 && *d != signo; d++)
			;
		if (*d == 0)
			buf[n++] = signo;
	}
	buf[n] = 0;
	return buf;
}

static void
test_sigspec_names(void)
{
	static const int	 sigint[] = { SIGINT, 0 };
	static const int	 usr[] = { SIGUSR1, SIGUSR2, 0 };
	static const int	 several[] = {
		SIGHUP, SIGINT, SIGTERM, SIGUSR1, 0
	};

	check_spec("INT", sigint);
	check_spec("int", sigint);
	check_spec("SIGINT", sigint);
	check_spec("sigint", sigint);
	check_spec("SigInt", sigint);
	check_spec("2", sigint);
	check_spec("INT,2,sigint", sigint);
	check_spec("USR1,SIGUSR2", usr);
	check_spec("hup,INT,15,SIGusr1", several);
}

static void
test_sigspec_aliases(void)
{
	static const int	 abrt[] = { SIGABRT, 0 };
	static const int	 chld[] = { SIGCHLD, 0 };
	static const int	 io[] = { SIGIO, 0 };

	check_spec("IOT", abrt);
	check_spec("SIGIOT", abrt);
	check_spec("ABRT", abrt);
	check_spec("CLD", chld);
	check_spec("sigcld", chld);
	check_spec("POLL", io);
	check_spec("IO", io);
	check_spec("SIGIO", io);
}

static void
test_sigspec_rt(void)
{
	int	 want[8], span = SIGRTMAX - SIGRTMIN;
	char	 buf[64];

	want[0] = SIGRTMIN, want[1] = 0;
	check_spec("RTMIN", want);
	check_spec("SIGRTMIN", want);
	check_spec("rtmin+0", want);
	check_spec(rt_spec(buf, "RTMAX-%d", span), want);
	want[0] = SIGRTMIN + 1;
	check_spec("RTMIN+1", want);
	check_spec("sigrtmin+1", want);
	want[0] = SIGRTMAX;
	check_spec("RTMAX", want);
	check_spec(rt_spec(buf, "RTMIN+%d", span), want);
	check_spec("64", want);
	want[0] = SIGRTMAX - 2;
	check_spec("RTMAX-2", want);
	check_spec("SIGRTMAX-2", want);
	/* The literal numbers in these tests assume Linux's 64 signals. */
	CHECK(SIGRTMIN == 34 || SIGRTMIN == 35, "SIGRTMIN is glibc's or musl's");
	CHECK_INT(SIGRTMAX, 64, "SIGRTMAX");
}

static void
test_sigspec_ranges(void)
{
	static const int	 low[] = {
		1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 0
	};
	static const int	 stop[] = { 17, 18, 20, 0 };
	int			 want[NSIG_MAX + 1], i, n;
	char			 buf[64];

	/* A range takes only what can be watched: 1-15 skips KILL. */
	check_spec("1-15", low);
	check_spec("HUP-TERM", low);
	check_spec("sighup-15", low);
	check_spec("CHLD-TSTP", stop);

	for (n = 0, i = SIGRTMIN; i <= SIGRTMAX; i++)
		want[n++] = i;
	want[n] = 0;
	check_spec("RTMIN-RTMAX", want);
	check_spec("SIGRTMIN-SIGRTMAX", want);
	check_spec("32-64", want);
	check_spec("RTMIN-64", want);

	want[0] = SIGRTMAX - 2, want[1] = SIGRTMAX - 1, want[2] = SIGRTMAX;
	want[3] = 0;
	check_spec("RTMAX-2-RTMAX", want);
	check_spec("SIGRTMAX-2-SIGRTMAX", want);
	check_spec("rtmax-2-rtmax", want);
	check_spec("RTMAX-2-64", want);

	want[0] = SIGRTMIN + 1, want[1] = SIGRTMIN + 2, want[2] = SIGRTMIN + 3;
	want[3] = 0;
	check_spec("RTMIN+1-RTMIN+3", want);
	check_spec(rt_spec(buf, "RTMIN+1-RTMAX-%d", SIGRTMAX - SIGRTMIN - 3),
	    want);

	want[0] = SIGINT, want[1] = 0;
	check_spec("2-2", want);
	check_spec("INT-INT", want);

	/* A range's ends may be signals that cannot be named alone. */
	want[0] = 8, want[1] = 10, want[2] = 0;
	check_spec("8-KILL,KILL-10", want);
	want[0] = 31, want[1] = SIGRTMIN, want[2] = 0;
	check_spec("31-RTMIN", want);
	want[0] = 0;
	check_spec("32-33", want);

	for (n = 0, i = 1; i <= SIGRTMAX - 2; i++)
		if (sig_catchable(i))
			want[n++] = i;
	want[n] = 0;
	check_spec("1-RTMAX-2", want);
}

static void
test_sigspec_all(void)
{
	static const int	 none[] = { 0 };
	static const int	 chld_winch[] = { SIGCHLD, SIGWINCH, 0 };
	static const int	 winch[] = { SIGWINCH, 0 };
	static const int	 int_term[] = { SIGINT, SIGTERM, 0 };
	int			 rt[NSIG_MAX + 1], n = 0;
	sigset_t		 set;
	int			 want[NSIG_MAX + 1], signo;

	for (signo = SIGRTMIN; signo <= SIGRTMAX; signo++)
		rt[n++] = signo;
	rt[n] = 0;

	sigspec_all(&set);
	for (signo = 1; signo <= 31; signo++) {
		snprintf(label, sizeof label, "all: signal %d", signo);
		CHECK_INT(sigismember(&set, signo) == 1,
		    signo != SIGKILL && signo != SIGSTOP, label);
	}
	for (signo = 32; signo <= 64; signo++) {
		snprintf(label, sizeof label, "all: signal %d", signo);
		CHECK_INT(sigismember(&set, signo), signo >= SIGRTMIN, label);
	}
	/* 64 signals less KILL, STOP and the C library's 32 to RTMIN - 1. */
	CHECK_INT(sigspec_count(&set), 64 - 2 - (SIGRTMIN - 32), "all: count");

	check_spec("all", all_but(want, none));
	check_spec("ALL", all_but(want, none));
	check_spec("INT,all", all_but(want, none));
	check_spec("all,-CHLD,-WINCH", all_but(want, chld_winch));
	check_spec("all,-sigchld,-28", all_but(want, chld_winch));
	/* A first item that removes starts from everything. */
	check_spec("-WINCH", all_but(want, winch));
	check_spec("-CHLD,-WINCH", all_but(want, chld_winch));
	check_spec("-all", none);
	check_spec("all,-all", none);
	check_spec("all,-all,INT,TERM", int_term);
	check_spec("INT,TERM,-all,INT,TERM", int_term);
	/* Not the first item: removes from what is there. */
	check_spec("INT,TERM,USR1,-USR1", int_term);
	check_spec("INT,TERM,-WINCH", int_term);
	check_spec("all,-1-31", rt);
	check_spec("-1-31", rt);
	check_spec("RTMIN-RTMAX,-RTMIN-RTMAX,INT,TERM", int_term);
}

static void
test_sigspec_count(void)
{
	sigset_t	 set;

	sigemptyset(&set);
	CHECK_INT(sigspec_count(&set), 0, "count: empty");
	sigaddset(&set, SIGINT);
	CHECK_INT(sigspec_count(&set), 1, "count: one");
	sigaddset(&set, 1);
	sigaddset(&set, 64);
	CHECK_INT(sigspec_count(&set), 3, "count: both ends");
	sigaddset(&set, SIGINT);
	CHECK_INT(sigspec_count(&set), 3, "count: added twice");
}

/* One `started` flag shared by several lists, as for repeated options. */
static void
test_sigspec_accumulate(void)
{
	static const int	 int_term[] = { SIGINT, SIGTERM, 0 };
	static const int	 term[] = { SIGTERM, 0 };
	static const int	 winch[] = { SIGWINCH, 0 };
	sigset_t		 set;
	bool			 started = false;
	int			 want[NSIG_MAX + 1];

	sigemptyset(&set);
	CHECK_STR(sigspec_parse("INT", &set, &started), NULL, "acc: INT");
	CHECK_INT(started, 1, "acc: started after INT");
	CHECK_STR(sigspec_parse("TERM", &set, &started), NULL, "acc: TERM");
	check_set(&set, int_term, "acc: INT then TERM");
	/* Already started: a removal does not reset to all. */
	CHECK_STR(sigspec_parse("-INT", &set, &started), NULL, "acc: -INT");
	check_set(&set, term, "acc: then -INT");

	sigemptyset(&set);
	started = false;
	CHECK_STR(sigspec_parse("-WINCH", &set, &started), NULL,
	    "acc: -WINCH first");
	CHECK_INT(started, 1, "acc: started after -WINCH");
	CHECK_STR(sigspec_parse("-INT", &set, &started), NULL,
	    "acc: then -INT");
	check_set(&set, all_but(want, (const int []){ SIGWINCH, SIGINT, 0 }),
	    "acc: -WINCH then -INT");
	CHECK_STR(sigspec_parse("WINCH", &set, &started), NULL,
	    "acc: then WINCH");
	check_set(&set, all_but(want, (const int []){ SIGINT, 0 }),
	    "acc: then WINCH back");

	/* An empty list changes nothing, started or not. */
	sigemptyset(&set);
	started = false;
	CHECK_STR(sigspec_parse("", &set, &started), "empty signal list",
	    "acc: empty");
	CHECK_INT(started, 0, "acc: empty does not start");
	CHECK_STR(sigspec_parse("WINCH", &set, &started), NULL, "acc: WINCH");
	check_set(&set, winch, "acc: WINCH after an empty list");
}

/* A token longer than a quote holds is cut; the message stays whole. */
static void
test_sigspec_long(void)
{
	char		 s[400], want[400];
	sigset_t	 set;
	int		 i;

	memset(s, 'A', 300);
	s[300] = '\0';
	snprintf(want, sizeof want, "unknown signal '%.256s'", s);
	CHECK_STR(spec(s, &set), want, "long name: cut, closing quote kept");
	for (s[0] = '\0', i = 0; i < 75; i++)
		strcat(s, "INT,");
	strcat(s, ",");
	snprintf(want, sizeof want, "empty item in signal list '%.256s'", s);
	CHECK_STR(spec(s, &set), want, "long list: cut, closing quote kept");
}

static void
test_sigspec_errors(void)
{
	check_spec_err("USR3", "unknown signal 'USR3'");
	check_spec_err("INT,USR3,TERM", "unknown signal 'USR3'");
	check_spec_err("0", "unknown signal '0'");
	check_spec_err("65", "unknown signal '65'");
	check_spec_err("99999999999999999999",
	    "unknown signal '99999999999999999999'");
	check_spec_err("KILL", "signal 'KILL' cannot be caught or blocked");
	check_spec_err("9", "signal '9' cannot be caught or blocked");
	check_spec_err("sigstop",
	    "signal 'sigstop' cannot be caught or blocked");
	check_spec_err("-KILL", "signal 'KILL' cannot be caught or blocked");
	check_spec_err("32", "signal '32' is reserved by the C library");
	check_spec_err("33", "signal '33' is reserved by the C library");
	check_spec_err("INT,,TERM", "empty item in signal list 'INT,,TERM'");
	check_spec_err("INT,", "empty item in signal list 'INT,'");
	check_spec_err(",INT", "empty item in signal list ',INT'");
	check_spec_err(",", "empty item in signal list ','");
	check_spec_err("-", "empty item in signal list '-'");
	check_spec_err("INT,-", "empty item in signal list 'INT,-'");
	check_spec_err("", "empty signal list");
	check_spec_err("15-1", "invalid signal range '15-1'");
	check_spec_err("RTMAX-RTMIN", "invalid signal range 'RTMAX-RTMIN'");
	check_spec_err("RTMAX-1-2", "invalid signal range 'RTMAX-1-2'");
	check_spec_err("0-5", "unknown signal '0'");
	check_spec_err("1-65", "unknown signal '65'");
	check_spec_err("1-", "invalid signal range '1-'");
	check_spec_err("-1-", "invalid signal range '1-'");
	check_spec_err("1--5", "invalid signal range '1--5'");
	check_spec_err("1-5-7", "invalid signal range '1-5-7'");
	check_spec_err("RTMAX-2-", "invalid signal range 'RTMAX-2-'");
	check_spec_err("RTMIN-RTMAX-", "invalid signal range 'RTMIN-RTMAX-'");
	check_spec_err("all-", "invalid signal range 'all-'");
	check_spec_err("--", "unknown signal '--'");
	check_spec_err("INT,--5", "unknown signal '--5'");
	check_spec_err("INT-USR3", "unknown signal 'USR3'");
	check_spec_err("RTMIN+31", "unknown signal 'RTMIN+31'");
	check_spec_err("RTMAX-31", "unknown signal 'RTMAX-31'");
	check_spec_err("RTMIN+", "unknown signal 'RTMIN+'");
	check_spec_err("RTMIN-1", "invalid signal range 'RTMIN-1'");
	check_spec_err(" INT", "unknown signal ' INT'");
	check_spec_err("INT ", "unknown signal 'INT '");
	check_spec_err("INT, TERM", "unknown signal ' TERM'");
	check_spec_err("SIG", "unknown signal 'SIG'");
	check_spec_err("+2", "unknown signal '+2'");
	check_spec_err("2x", "unknown signal '2x'");
	check_spec_err("--INT", "unknown signal '--INT'");
	check_spec_err("alll", "unknown signal 'alll'");
}

static void
test_sig_from_name(void)
{
	static const struct {
		const char	*s;
		int		 signo;
	} cases[] = {
		{ "INT", SIGINT }, { "int", SIGINT }, { "SIGINT", SIGINT },
		{ "sigint", SIGINT }, { "sIgInT", SIGINT }, { "2", SIGINT },
		{ "HUP", SIGHUP }, { "SYS", SIGSYS }, { "STKFLT", 16 },
		{ "PWR", 30 }, { "WINCH", SIGWINCH },
		{ "KILL", SIGKILL }, { "STOP", SIGSTOP },
		{ "IOT", SIGABRT }, { "CLD", SIGCHLD }, { "POLL", SIGIO },
		{ "IO", SIGIO }, { "sigiot", SIGABRT }, { "SIGCLD", SIGCHLD },
		{ "1", 1 }, { "64", 64 }, { "0", 0 }, { "32", 32 },
		{ "65", -1 }, { "100", -1 }, { "99999999999999999999", -1 },
		{ "RTMIN+31", -1 }, { "RTMAX", 64 },
		{ "RTMAX-0", 64 }, { "RTMAX-31", -1 },
		{ "sigrtmax-2", 62 }, { "RTMIN+99999999999", -1 },
		{ "RTMIN-1", -1 }, { "RTMAX+1", -1 }, { "RTMIN+", -1 },
		{ "RTMINX", -1 }, { "RTMIN+1x", -1 }, { "RTMIN++1", -1 },
		{ "RTMIN+-1", -1 }, { "RTM", -1 }, { "RT", -1 },
		{ "", -1 }, { "SIG", -1 }, { "sig", -1 }, { "SIGSIGINT", -1 },
		{ "SIG2", 2 }, { "sig32", 32 }, { "SIG", -1 }, { "SIGx2", -1 }, { "INTX", -1 }, { "IN", -1 }, { " INT", -1 },
		{ "INT ", -1 }, { "-2", -1 }, { "+2", -1 }, { "2x", -1 },
		{ " 2", -1 }, { "USR3", -1 }, { "all", -1 },
	};
	size_t	 i;
	int	 span = SIGRTMAX - SIGRTMIN;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(label, sizeof label, "sig_from_name '%s'",
		    cases[i].s);
		CHECK_INT(sig_from_name(cases[i].s, strlen(cases[i].s)),
		    cases[i].signo, label);
	}
	CHECK_INT(sig_from_name("RTMIN", 5), SIGRTMIN, "RTMIN");
	CHECK_INT(sig_from_name("RTMIN+0", 7), SIGRTMIN, "RTMIN+0");
	CHECK_INT(sig_from_name("RTMIN+1", 7), SIGRTMIN + 1, "RTMIN+1");
	CHECK_INT(rt_from_name("RTMIN+%d", span), 64, "RTMIN+span");
	CHECK_INT(rt_from_name("RTMIN+%d", span + 1), -1, "RTMIN+span+1");
	CHECK_INT(rt_from_name("RTMAX-%d", span), SIGRTMIN, "RTMAX-span");
	CHECK_INT(rt_from_name("RTMAX-%d", span + 1), -1, "RTMAX-span-1");
	/* Only len bytes count: the rest of a list must be ignored. */
	CHECK_INT(sig_from_name("INT,TERM", 3), SIGINT, "len: 'INT' of list");
	CHECK_INT(sig_from_name("INTERRUPT", 3), SIGINT, "len: prefix");
	CHECK_INT(sig_from_name("INT", 2), -1, "len: 'IN'");
	CHECK_INT(sig_from_name("15-1", 2), SIGTERM, "len: '15' of range");
	CHECK_INT(sig_from_name("RTMIN+1-RTMIN+3", 7), SIGRTMIN + 1,
	    "len: RTMIN+1");
	CHECK_INT(sig_from_name("RTMAX-2-RTMAX", 7), 62, "len: RTMAX-2");
	CHECK_INT(sig_from_name("SIGINT", 0), -1, "len 0");
}

static void
test_sig_catchable(void)
{
	CHECK_INT(sig_catchable(0), 0, "catchable 0");
	CHECK_INT(sig_catchable(1), 1, "catchable 1");
	CHECK_INT(sig_catchable(SIGKILL), 0, "catchable KILL");
	CHECK_INT(sig_catchable(SIGSTOP), 0, "catchable STOP");
	CHECK_INT(sig_catchable(32), 0, "catchable 32");
	CHECK_INT(sig_catchable(33), 0, "catchable 33");
	CHECK_INT(sig_catchable(SIGRTMIN - 1), 0, "catchable RTMIN - 1");
	CHECK_INT(sig_catchable(SIGRTMIN), 1, "catchable RTMIN");
	CHECK_INT(sig_catchable(64), 1, "catchable 64");
	CHECK_INT(sig_catchable(65), 0, "catchable 65");
	CHECK_INT(sig_catchable(-1), 0, "catchable -1");
	CHECK_INT(sig_min_rt(), SIGRTMIN, "sig_min_rt");
	CHECK_INT(sig_max(), SIGRTMAX, "sig_max");
}

static void
test_parse_count(void)
{
	static const char *const bad[] = {
		"0", "-1", "+1", "", " 1", "1 ", "1x", "x", "0x10", "1.5",
		"1e3", "99999999999999999999", "18446744073709551616",
		"-0", "00",
	};
	unsigned long long	 n;
	size_t			 i;

	n = 0;
	CHECK_INT(parse_count("1", &n), 0, "count '1'");
	CHECK_U64(n, 1, "count '1' value");
	CHECK_INT(parse_count("1000", &n), 0, "count '1000'");
	CHECK_U64(n, 1000, "count '1000' value");
	CHECK_INT(parse_count("007", &n), 0, "count '007'");
	CHECK_U64(n, 7, "count '007' value");
	CHECK_INT(parse_count("18446744073709551615", &n), 0,
	    "count 2^64-1");
	CHECK_U64(n, 18446744073709551615ULL, "count 2^64-1 value");
	CHECK_INT(parse_count("18446744073709551610", &n), 0,
	    "count 2^64-6");
	CHECK_U64(n, 18446744073709551610ULL, "count 2^64-6 value");

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(label, sizeof label, "count '%s' rejected", bad[i]);
		CHECK_INT(parse_count(bad[i], &n), -1, label);
	}
}

static void
check_duration(const char *s, long long sec, long nsec)
{
	struct timespec	 ts = { -1, -1 };

	snprintf(label, sizeof label, "duration '%s'", s);
	CHECK_INT(parse_duration(s, &ts), 0, label);
	snprintf(label, sizeof label, "duration '%s' tv_sec", s);
	CHECK_INT(ts.tv_sec, sec, label);
	snprintf(label, sizeof label, "duration '%s' tv_nsec", s);
	CHECK_INT(ts.tv_nsec, nsec, label);
}

static void
test_parse_duration(void)
{
	static const char *const bad[] = {
		"", "s", "ms", "2s5", "1.", "1.s", ".5", "-1", "+1", "1e3",
		"5x", "1 s", " 1", "1s ", "1ss", "1sm", "1.5.5", "1,5", "0x10",
		"inf", "nan", "99999999999999999999", "200000000000d",
		"36501d", "876001h", "52560001m", "3153600001s", "3153600001",
		"3153600000001ms", "18446744073709551615ms", "36500.5d",
		"36500.000000001d", "3153600000.000000001s", "1S", "1MS", "1D",
	};
	struct timespec		 ts;
	size_t			 i;

	check_duration("500ms", 0, 500000000);
	check_duration("2s", 2, 0);
	check_duration("1.5m", 90, 0);
	check_duration("1h", 3600, 0);
	check_duration("1d", 86400, 0);
	check_duration("2", 2, 0);
	check_duration("0.25", 0, 250000000);
	check_duration("0.5", 0, 500000000);
	check_duration("0", 0, 0);
	check_duration("0s", 0, 0);
	check_duration("0ms", 0, 0);
	check_duration("0.0d", 0, 0);
	check_duration("1ms", 0, 1000000);
	check_duration("1500ms", 1, 500000000);
	check_duration("1.5ms", 0, 1500000);
	check_duration("0.001ms", 0, 1000);
	check_duration("1.000000001s", 1, 1);
	check_duration("1.000000001", 1, 1);
	/* Past nanoseconds, digits are dropped, not rounded... */
	check_duration("1.0000000019s", 1, 1);
	check_duration("0.9999999999", 0, 999999999);
	check_duration("1.123456789012345678901234567890s", 1, 123456789);
	check_duration("1.25h", 4500, 0);
	check_duration("0.5d", 43200, 0);
	check_duration("0.1m", 6, 0);
	check_duration("1.000000001m", 60, 60);
	check_duration("0.3333333333ms", 0, 333333);
	check_duration("010s", 10, 0);
	/* ...but what is not zero never becomes zero, which means none. */
	check_duration("0.0000000001", 0, 1);
	check_duration("0.0000000009s", 0, 1);
	check_duration("0.000000001ms", 0, 1);
	check_duration("0.0000000000000000000000001d", 0, 1);
	check_duration("0.0000000000", 0, 0);
	check_duration("000.000000000000ms", 0, 0);
	/* 100 years in every unit: the documented ceiling. */
	check_duration("36500d", 3153600000LL, 0);
	check_duration("876000h", 3153600000LL, 0);
	check_duration("52560000m", 3153600000LL, 0);
	check_duration("3153600000s", 3153600000LL, 0);
	check_duration("3153600000", 3153600000LL, 0);
	check_duration("3153600000000ms", 3153600000LL, 0);
	check_duration("36500.0d", 3153600000LL, 0);
	check_duration("3153599999.999999999s", 3153599999LL, 999999999);
	check_duration("0.25h", 900, 0);
	/* Beyond a month in milliseconds, as in days. */
	check_duration("4000000000ms", 4000000, 0);

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(label, sizeof label, "duration '%s' rejected",
		    bad[i]);
		CHECK_INT(parse_duration(bad[i], &ts), -1, label);
	}
}

/* escape_text into a buffer of len bytes, checking nothing is written past. */
static void
check_escape(const char *src, size_t len, const char *want)
{
	char	 buf[256];
	size_t	 n, i;

	memset(buf, 'Z', sizeof buf);
	n = escape_text(buf, len, src);
	snprintf(label, sizeof label, "escape '%s' in %zu", want, len);
	CHECK_STR(buf, want, label);
	CHECK_INT(n, strlen(want), label);
	for (i = len; i < sizeof buf && buf[i] == 'Z'; i++)
		;
	CHECK_INT(i, sizeof buf, label);
}

static void
test_escape_text(void)
{
	char	 buf[8];

	check_escape("abcXYZ019~!\"#$%&'()*+,-./:;<=>?@[]^_`{|}", 256,
	    "abcXYZ019~!\"#$%&'()*+,-./:;<=>?@[]^_`{|}");
	check_escape("", 256, "");
	check_escape("a b", 256, "a\\x20b");
	check_escape("a\\b", 256, "a\\x5cb");
	check_escape("\x1b[31m", 256, "\\x1b[31m");
	check_escape("\x7f", 256, "\\x7f");
	check_escape("\t\n\r\x01", 256, "\\x09\\x0a\\x0d\\x01");
	check_escape("\x80\xab\xff", 256, "\\x80\\xab\\xff");
	check_escape("caf\xc3\xa9", 256, "caf\\xc3\\xa9");

	/* Cut where the next item no longer fits with its NUL. */
	check_escape("abc", 1, "");
	check_escape("abc", 3, "ab");
	check_escape("abc", 4, "abc");
	check_escape("a b", 5, "a");
	check_escape("a b", 6, "a\\x20");
	check_escape("a b", 7, "a\\x20b");
	check_escape("ab cd", 7, "ab\\x20");
	check_escape("ab cd", 8, "ab\\x20c");
	check_escape(" ", 4, "");
	check_escape(" ", 5, "\\x20");
	check_escape("  ", 8, "\\x20");
	/* Once cut, a short character later on must not sneak in. */
	check_escape("a\x1b" "b", 4, "a");

	memset(buf, 'Z', sizeof buf);
	CHECK_INT(escape_text(buf, 0, "abc"), 0, "escape into 0 bytes");
	CHECK_INT(buf[0], 'Z', "escape into 0 bytes writes nothing");
}

/* s as hex bytes, for a readable failure message. */
static const char *
hex(const char *s)
{
	static char	 out[3 * 64 + 1];
	size_t		 n = 0;

	for (; *s != '\0' && n + 3 < sizeof out; s++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%02x ",
		    (unsigned char)*s);
	out[n] = '\0';
	return out;
}

/* sanitize_utf8 into len bytes, checking nothing is written past them. */
static void
check_utf8(const char *what, const char *src, size_t len, const char *want)
{
	char	 buf[256];
	size_t	 n, i;

	memset(buf, 'Z', sizeof buf);
	n = sanitize_utf8(buf, len, src);
	snprintf(label, sizeof label, "utf8 %s in %zu", what, len);
	CHECK(strcmp(buf, want) == 0, "%s: got %s", label, hex(buf));
	CHECK_INT(n, strlen(want), label);
	for (i = len; i < sizeof buf && buf[i] == 'Z'; i++)
		;
	CHECK_INT(i, sizeof buf, label);
}

#define FFFD	"\xef\xbf\xbd"

static void
test_sanitize_utf8(void)
{
	char	 buf[8];

	check_utf8("ascii", "hello, world", 256, "hello, world");
	check_utf8("empty", "", 256, "");
	check_utf8("control bytes kept", "a\x1b\x7f", 256, "a\x1b\x7f");
	check_utf8("2-byte", "caf\xc3\xa9", 256, "caf\xc3\xa9");
	check_utf8("U+0080", "\xc2\x80", 256, "\xc2\x80");
	check_utf8("U+07FF", "\xdf\xbf", 256, "\xdf\xbf");
	check_utf8("U+0800", "\xe0\xa0\x80", 256, "\xe0\xa0\x80");
	check_utf8("3-byte euro", "\xe2\x82\xac", 256, "\xe2\x82\xac");
	check_utf8("U+D7FF", "\xed\x9f\xbf", 256, "\xed\x9f\xbf");
	check_utf8("U+E000", "\xee\x80\x80", 256, "\xee\x80\x80");
	check_utf8("U+FFFF", "\xef\xbf\xbf", 256, "\xef\xbf\xbf");
	check_utf8("U+10000", "\xf0\x90\x80\x80", 256, "\xf0\x90\x80\x80");
	check_utf8("4-byte emoji", "\xf0\x9f\x98\x80", 256,
	    "\xf0\x9f\x98\x80");
	check_utf8("U+10FFFF", "\xf4\x8f\xbf\xbf", 256, "\xf4\x8f\xbf\xbf");
	check_utf8("mixed", "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z", 256,
	    "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z");

	/* Every byte that is not part of a valid sequence: one U+FFFD. */
	check_utf8("lone continuation", "\x80", 256, FFFD);
	check_utf8("0xff", "a\xff" "b", 256, "a" FFFD "b");
	check_utf8("0xfe", "\xfe", 256, FFFD);
	check_utf8("0xf5 lead", "\xf5\x80\x80\x80", 256,
	    FFFD FFFD FFFD FFFD);
	check_utf8("overlong C0 AF", "\xc0\xaf", 256, FFFD FFFD);
	check_utf8("overlong C1 BF", "\xc1\xbf", 256, FFFD FFFD);
	check_utf8("overlong E0 80 AF", "\xe0\x80\xaf", 256,
	    FFFD FFFD FFFD);
	check_utf8("overlong F0 80 80 AF", "\xf0\x80\x80\xaf", 256,
	    FFFD FFFD FFFD FFFD);
	check_utf8("surrogate ED A0 80", "\xed\xa0\x80", 256,
	    FFFD FFFD FFFD);
	check_utf8("surrogate ED BF BF", "\xed\xbf\xbf", 256,
	    FFFD FFFD FFFD);
	check_utf8("past U+10FFFF", "\xf4\x90\x80\x80", 256,
	    FFFD FFFD FFFD FFFD);
	check_utf8("truncated 2 at end", "a\xc3", 256, "a" FFFD);
	check_utf8("truncated 3 at end", "\xe2\x82", 256, FFFD FFFD);
	check_utf8("truncated 4 at end", "\xf0\x9f\x98", 256,
	    FFFD FFFD FFFD);
	check_utf8("truncated then ascii", "\xe2\x82" "A", 256,
	    FFFD FFFD "A");
	check_utf8("lead then lead", "\xc3\xc3\xa9", 256, FFFD "\xc3\xa9");
	check_utf8("already U+FFFD", FFFD, 256, FFFD);

	/* Cut at a character boundary, with room for the NUL. */
	check_utf8("cut ascii", "abc", 3, "ab");
	check_utf8("cut 2-byte", "a\xc3\xa9", 3, "a");
	check_utf8("fit 2-byte", "a\xc3\xa9", 4, "a\xc3\xa9");
	check_utf8("cut 4-byte", "\xf0\x9f\x98\x80", 4, "");
	check_utf8("fit 4-byte", "\xf0\x9f\x98\x80", 5, "\xf0\x9f\x98\x80");
	check_utf8("cut U+FFFD", "a\xff", 4, "a");
	check_utf8("fit U+FFFD", "a\xff", 5, "a" FFFD);
	check_utf8("cut in 1", "abc", 1, "");
	/* Once cut, a shorter character later on must not sneak in. */
	check_utf8("cut stays cut", "\xe2\x82\xac" "b", 3, "");
	check_utf8("cut U+FFFD stays cut", "a\xff" "b", 4, "a");

	memset(buf, 'Z', sizeof buf);
	CHECK_INT(sanitize_utf8(buf, 0, "abc"), 0, "utf8 into 0 bytes");
	CHECK_INT(buf[0], 'Z', "utf8 into 0 bytes writes nothing");
}

int
main(void)
{
	test_sigspec_names();
	test_sigspec_aliases();
	test_sigspec_rt();
	test_sigspec_ranges();
	test_sigspec_all();
	test_sigspec_count();
	test_sigspec_accumulate();
	test_sigspec_errors();
	test_sigspec_long();
	test_sig_from_name();
	test_sig_catchable();
	test_parse_count();
	test_parse_duration();
	test_escape_text();
	test_sanitize_utf8();
	return unit_done();
}
