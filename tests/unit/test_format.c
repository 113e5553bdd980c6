/* SPDX-License-Identifier: ISC */
/*
 * The hand-written formatters against references built the slow, sure
 * way: JSON with jansson, text with snprintf. Every layout, resolved and
 * not, hostile names, extreme values.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../../src/sigwatch.h"
#include "unit.h"

#define FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6))

static char	 outpath[] = "/tmp/sigwatch-test-format-XXXXXX";
static struct formatter	 text, json;	/* as the command line picks them */

/* Run a formatter into a file and return its one line. */
static char *
render(const struct formatter *fmt, const struct event *ev)
{
	static char	 line[8192];
	struct output	*o = output_open(outpath);
	FILE		*f;

	fmt->signal(fmt, o, ev);
	output_close(o);
	if ((f = fopen(outpath, "r")) == NULL || fgets(line, sizeof line, f) == NULL)
		abort();
	fclose(f);
	return line;
}

static void
jset(json_t *o, const char *k, json_t *v)
{
	json_object_set_new(o, k, v);
}

static json_t *
jhex(uint64_t v)
{
	char	 b[24];

	snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
	return json_string(b);
}

static json_t *
jname(const char *s)
{
	char	 clean[1024];

	if (s == NULL)
		return json_null();
	sanitize_utf8(clean, sizeof clean, s);
	return json_string(clean);
}

#define MONO_MARK	424242424242LL
#define UTIME_MARK	434343434343LL
#define STIME_MARK	444444444444LL

/* s with the first mark replaced by rs. */
static char *
with_text(char *s, long long mark, const char *rs)
{
	char	 m[24], *at, *r;

	snprintf(m, sizeof m, "%lld", mark);
	if ((at = strstr(s, m)) == NULL || asprintf(&r, "%.*s%s%s",
	    (int)(at - s), s, rs, at + strlen(m)) == -1)
		abort();
	free(s);
	return r;
}

/* s with MONO_MARK replaced by mono, as "seconds.micro". */
static char *
with_mono(char *s, const struct timespec *mono)
{
	char	 t[48];

	snprintf(t, sizeof t, "%lld.%06ld", (long long)mono->tv_sec,
	    mono->tv_nsec / 1000);
	return with_text(s, MONO_MARK, t);
}

/*
 * s with mark replaced by ticks at 100 Hz in seconds, exactly, in
 * integer arithmetic: the decimal JSON promises, at least one digit
 * after the point and no trailing zero past it.
 */
static char *
with_ticks(char *s, long long mark, uint64_t ticks)
{
	char	 t[48];
	int	 n;

	n = snprintf(t, sizeof t, "%llu.%02llu",
	    (unsigned long long)(ticks / 100), (unsigned long long)(ticks % 100));
	if (t[n - 1] == '0')
		t[n - 1] = '\0';
	return with_text(s, mark, t);
}

/*
 * jansson's rendering with DEL as \u007f: its JSON_ENSURE_ASCII lets
 * DEL through, and the man page promises printable ASCII.
 */
static char *
del_escaped(char *s)
{
	size_t	 i, n = 0;
	char	*r;

	if ((r = malloc(6 * strlen(s) + 1)) == NULL)
		abort();
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] == 0x7f) {
			memcpy(r + n, "\\u007f", 6);
			n += 6;
		} else
			r[n++] = s[i];
	r[n] = '\0';
	free(s);
	return r;
}

/* Every byte of the line printable ASCII, up to its newline. */
static int
printable(const char *s)
{
	for (; *s != '\0' && *s != '\n'; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

/*
 * The schema, as the man page gives it, built with jansson; the CPU
 * times from the record's ticks, at 100 Hz.
 */
static char *
json_reference(const struct event *ev, const struct signalfd_siginfo *si)
{
	json_t	*o = json_object();
	char	 t[TIME_MAX], name[SIG_NAME_MAX], code[16], arch[16], *s;
	unsigned f = ev->fields;

	*time_rfc3339(t, &ev->time) = '\0';
	snprintf(code, sizeof code, "%d", ev->si_code);
	jset(o, "event", json_string("signal"));
	jset(o, "time", json_string(t));
	/* A placeholder: jansson would round a real to six digits. */
	jset(o, "mono", json_integer(MONO_MARK));
	jset(o, "signal", json_string(sig_name(ev->signo, name)));
	jset(o, "signo", json_integer(ev->signo));
	jset(o, "code", json_string(ev->code ? ev->code : code));
	jset(o, "si_code", json_integer(ev->si_code));
	if (f & F_PID) {
		jset(o, "pid", json_integer(ev->pid));
		jset(o, "sender", json_string(ev->claimed ? "claimed" : "kernel"));
	}
	if (f & F_UID)
		jset(o, "uid", json_integer(ev->uid));
	if (ev->resolved) {
		jset(o, "user", jname(ev->user));
		jset(o, "comm", jname(ev->comm));
	}
	if (f & F_VALUE)
		jset(o, "value", json_integer(ev->value));
	if (f & F_PTR)
		jset(o, "ptr", jhex(ev->ptr));
	if (f & F_ADDR)
		jset(o, "addr", jhex(ev->addr));
	if (f & F_ADDR_LSB)
		jset(o, "addr_lsb", json_integer(ev->addr_lsb));
	if (f & F_CALL_ADDR)
		jset(o, "call_addr", jhex(ev->call_addr));
	if (f & F_SYSCALL) {
		jset(o, "syscall", json_integer(ev->syscall));
		if (ev->syscall_name != NULL)
			jset(o, "syscall_name", json_string(ev->syscall_name));
	}
	if (f & F_ARCH)
		jset(o, "arch", json_string(arch_name(ev->arch, arch, sizeof arch)));
	if (f & F_STATUS) {
		jset(o, "status", json_integer(ev->status));
		if (ev->status_is_signal)
			jset(o, "status_signal",
			    json_string(sig_name(ev->status, name)));
		/* Placeholders: jansson would round a real to six digits. */
		jset(o, "utime", json_integer(UTIME_MARK));
		jset(o, "stime", json_integer(STIME_MARK));
	}
	if (f & F_FD)
		jset(o, "fd", json_integer(ev->fd));
	if (f & F_BAND)
		jset(o, "band", json_integer(ev->band));
	if (f & F_TIMERID)
		jset(o, "timerid", json_integer(ev->timerid));
	if (f & F_OVERRUN)
		jset(o, "overrun", json_integer(ev->overrun));
	if (f & F_ERRNO)
		jset(o, "errno", json_integer(ev->err));
	if (f & F_FORWARDED_AS)
		jset(o, "forwarded_as",
		    json_string(sig_name(ev->forwarded_as, name)));
	if (f & F_DROPPED) {
		jset(o, "dropped", json_true());
		jset(o, "drop_reason", json_string(ev->dropped == DROP_GRACE ?
		    "grace" : "rewrite"));
	}
	s = json_dumps(o, FLAGS);
	json_decref(o);
	if (f & F_STATUS)
		s = with_ticks(with_ticks(s, UTIME_MARK, si->ssi_utime),
		    STIME_MARK, si->ssi_stime);
	return with_mono(del_escaped(s), &ev->mono);
}

struct line {
	char	 b[8192];
	size_t	 n;
};

__attribute__((format(printf, 2, 3)))
static void
add(struct line *l, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	l->n += (size_t)vsnprintf(l->b + l->n, sizeof l->b - l->n, fmt, ap);
	va_end(ap);
}

static void
add_name(struct line *l, const struct event *ev, const char *raw)
{
	char	 esc[4096];

	if (!ev->resolved)
		return;
	if (raw == NULL) {
		add(l, "(?)");
		return;
	}
	escape_text(esc, sizeof esc, raw);
	add(l, "(%s)", esc);
}

/* The text layout, as the man page gives it, with printf. */
static char *
text_reference(const struct event *ev)
{
	static struct line	 l;
	char			 t[TIME_MAX], name[SIG_NAME_MAX], arch[16];
	unsigned		 f = ev->fields;

	l.n = 0;
	*time_local(t, &ev->time) = '\0';
	add(&l, "%s %-11s ", t, sig_name(ev->signo, name));
	if (ev->code)
		add(&l, "%s", ev->code);
	else
		add(&l, "%d", ev->si_code);
	if (f & F_PID) {
		add(&l, " pid=%u", ev->pid);
		add_name(&l, ev, ev->comm);
	}
	if (f & F_UID) {
		add(&l, " uid=%u", ev->uid);
		add_name(&l, ev, ev->user);
	}
	if ((f & F_PID) && ev->claimed)
		add(&l, " sender=claimed");
	if (f & F_VALUE)
		add(&l, " value=%d", ev->value);
	if (f & F_PTR)
		add(&l, " ptr=0x%llx", (unsigned long long)ev->ptr);
	if (f & F_ADDR)
		add(&l, " addr=0x%llx", (unsigned long long)ev->addr);
	if (f & F_ADDR_LSB)
		add(&l, " addr_lsb=%u", ev->addr_lsb);
	if (f & F_CALL_ADDR)
		add(&l, " call_addr=0x%llx", (unsigned long long)ev->call_addr);
	if (f & F_SYSCALL) {
		add(&l, " syscall=%d", ev->syscall);
		if (ev->syscall_name != NULL)
			add(&l, "(%s)", ev->syscall_name);
	}
	if (f & F_ARCH)
		add(&l, " arch=%s", arch_name(ev->arch, arch, sizeof arch));
	if (f & F_STATUS) {
		if (ev->status_is_signal)
			add(&l, " status=%s", sig_name(ev->status, name));
		else
			add(&l, " status=%d", ev->status);
		add(&l, " utime=%.2f stime=%.2f", ev->utime, ev->stime);
	}
	if (f & F_FD)
		add(&l, " fd=%d", ev->fd);
	if (f & F_BAND)
		add(&l, " band=%u", ev->band);
	if (f & F_TIMERID)
		add(&l, " timerid=%u", ev->timerid);
	if (f & F_OVERRUN)
		add(&l, " overrun=%u", ev->overrun);
	if (f & F_ERRNO)
		add(&l, " errno=%d", ev->err);
	if (f & F_FORWARDED_AS)
		add(&l, " forwarded_as=%s", sig_name(ev->forwarded_as, name));
	if (f & F_DROPPED)
		add(&l, " dropped=%s", ev->dropped == DROP_GRACE ? "grace" :
		    "rewrite");
	add(&l, "\n");
	return l.b;
}

/* What resolve() does, with names of our choosing. */
static void
name_it(struct event *ev, const char *comm, const char *user)
{
	ev->resolved = true;
	ev->comm = comm;
	ev->user = user;
}

/*
 * What forwarding may add to an event (forward.c), one way per case:
 * nothing, a rewrite, a drop by --rewrite, a rewrite dropped by --grace.
 */
#define FORWARDINGS	4
static int	 forwarding;

static void
forwarded(struct event *ev)
{
	if (forwarding == 1 || forwarding == 3) {
		ev->fields |= F_FORWARDED_AS;
		ev->forwarded_as = 64;
	}
	if (forwarding >= 2) {
		ev->fields |= F_DROPPED;
		ev->dropped = forwarding == 2 ? DROP_REWRITE : DROP_GRACE;
	}
}

static void
compare(const struct signalfd_siginfo *si, const char *comm,
    const char *user, bool resolve, const char *what)
{
	struct event	 ev;
	char		*want, *got;
	json_t		*parsed;
	json_error_t	 e;

	decode(si, 100, &ev);
	forwarded(&ev);
	ev.time.tv_sec = 1795680000 + si->ssi_code;	/* 2026 */
	ev.time.tv_nsec = 123456789;
	ev.mono.tv_sec = 12345 + si->ssi_signo;
	ev.mono.tv_nsec = 678901234;
	if (resolve && (ev.fields & F_PID))
		name_it(&ev, comm, user);
	want = json_reference(&ev, si);
	got = render(&json, &ev);
	parsed = json_loads(got, 0, &e);
	CHECK(parsed != NULL, "%s: JSON parses (%s)", what, e.text);
	CHECK(printable(got), "%s: JSON is printable ASCII", what);
	got[strcspn(got, "\n")] = '\0';
	CHECK_STR(got, want, what);
	if (ev.fields & F_STATUS)
		CHECK(json_real_value(json_object_get(parsed, "utime")) ==
		    ev.utime, "%s: utime reads back exact", what);
	free(want);
	json_decref(parsed);
	CHECK_STR(render(&text, &ev), text_reference(&ev), what);
}

static void
fill(struct signalfd_siginfo *si, int signo, int code)
{
	memset(si, 0, sizeof *si);
	si->ssi_signo = (uint32_t)signo;
	si->ssi_code = code;
	si->ssi_pid = 4294967295u;
	si->ssi_uid = 1000;
	si->ssi_int = -2147483647 - 1;
	si->ssi_ptr = 0xffffffffffffffffull;
	si->ssi_addr = 0x7ffdeadbeef0ull;
	si->ssi_addr_lsb = 12;
	si->ssi_call_addr = 0x401000;
	si->ssi_syscall = 59;
	si->ssi_arch = 0xc000003e;
	si->ssi_status = 9;
	si->ssi_utime = 1234567;	/* 12345.67 s: more than six digits */
	si->ssi_stime = 1;
	si->ssi_fd = 2147483647;
	si->ssi_band = 4294967295u;
	si->ssi_tid = 7;
	si->ssi_overrun = 3;
}

/* The first line of outpath, after a writer filled it. */
static char *
first_line(void)
{
	static char	 line[8192];
	FILE		*f;

	if ((f = fopen(outpath, "r")) == NULL || fgets(line, sizeof line, f) == NULL)
		abort();
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/*
 * DEL where jansson writes the JSON: labels, child events, and an object
 * whose escapes outgrow the room emit_after() first reserves.
 */
static void
test_json_del(void)
{
	struct child_event	 ce = { .pid = 7, .main = true,
	    .state = CHILD_EXITED, .code = 3, .comm = "a\x7f" "b" };
	char			 l[LABEL_JSON_SIZE];
	struct output		*o;
	char			 dels[251], want[6 * 250 + 32];
	json_t			*obj;
	size_t			 i;

	json_quote(l, sizeof l, "\x7f" "a\x7f");
	CHECK_STR(l, "\"\\u007fa\\u007f\"", "label with DEL");
	o = output_open(outpath);
	json.child(&json, o, &ce);
	output_close(o);
	CHECK(strstr(first_line(), "\"comm\":\"a\\u007fb\"") != NULL,
	    "child event comm with DEL: %s", first_line());
	CHECK(printable(first_line()), "child event is printable ASCII");
	memset(dels, 0x7f, 250);
	dels[250] = '\0';
	strcpy(want, "{\"comm\":\"");
	for (i = 0; i < 250; i++)
		strcat(want, "\\u007f");
	strcat(want, "\"}");
	obj = json_object();
	json_set(obj, "comm", json_untrusted(dels));
	o = output_open(outpath);
	json_emit(o, obj);
	output_close(o);
	CHECK_STR(first_line(), want, "250 DELs");
}

/* What follows the time stamp of the line a writer left in outpath. */
static const char *
after_time(const struct formatter *fmt)
{
	const char	*line = first_line();

	return fmt == &text ? strchr(line, ' ') + 1 :
	    strstr(line, "\"signal\"");
}

/*
 * The lines about a signal sigwatch sent, exact in both formats, as
 * forward.c and ending.c lay them out: text leaves out a pid of 0 that
 * JSON calls null, JSON adds the errno to the reason, and the value is
 * there only for a queued signal.
 */
static void
test_sent_lines(void)
{
	static const struct sent_line	 line[] = {
		{ .what = "undelivered", .signo = SIGUSR1, .nitems = 3,
		  .item = { { "pid", SENT_PID, 1234 },
		    { "reason", SENT_ERRNO, ESRCH },
		    { "value", SENT_INT, -7 } } },
		{ .what = "undelivered", .signo = SIGTERM, .nitems = 2,
		  .item = { { "pid", SENT_PID, 0 },
		    { "reason", SENT_ERRNO, EPERM } } },
		{ .what = "group", .signo = SIGKILL, .nitems = 2,
		  .item = { { "pgid", SENT_INT, 4711 },
		    { "processes", SENT_INT, 2 } } },
	};
	const struct formatter		*f[] = { &text, &json };
	static const char *const	 want[][3] = {
		{ "SIGUSR1     undelivered pid=1234 reason=gone value=-7",
		  "SIGTERM     undelivered reason=denied",
		  "SIGKILL     group pgid=4711 processes=2" },
		{ "\"signal\":\"SIGUSR1\",\"signo\":10,\"pid\":1234,"
		  "\"reason\":\"gone\",\"errno\":3,\"value\":-7}",
		  "\"signal\":\"SIGTERM\",\"signo\":15,\"pid\":null,"
		  "\"reason\":\"denied\",\"errno\":1}",
		  "\"signal\":\"SIGKILL\",\"signo\":9,\"pgid\":4711,"
		  "\"processes\":2}" },
	};
	struct output			*o;
	size_t				 i, k;

	for (i = 0; i < 2; i++)
		for (k = 0; k < 3; k++) {
			o = output_open(outpath);
			f[i]->sent(f[i], o, &line[k]);
			output_close(o);
			CHECK_STR(after_time(f[i]), want[i][k], line[k].what);
		}
}

/*
 * A SIGSYS names its system call after the number, which stays an
 * integer; an unknown one has no name at all.
 */
static void
test_syscall_names(void)
{
	static const struct {
		int32_t		 nr;
		uint32_t	 arch;
		const char	*json, *text;
	} cases[] = {
#ifdef __x86_64__
		{ 59, 0xc000003eU,
		    "\"syscall\":59,\"syscall_name\":\"execve\",\"arch\":\"x86_64\"",
		    " syscall=59(execve) arch=x86_64" },
		{ 11, 0x40000003U,
		    "\"syscall\":11,\"syscall_name\":\"execve\",\"arch\":\"i386\"",
		    " syscall=11(execve) arch=i386" },
		{ 0x40000000 + 520, 0xc000003eU,
		    "\"syscall\":1073742344,\"syscall_name\":\"execve\",\"arch\":\"x86_64\"",
		    " syscall=1073742344(execve) arch=x86_64" },
#endif
		{ 99999, 0xc000003eU, "\"syscall\":99999,\"arch\":\"x86_64\"",
		    " syscall=99999 arch=x86_64" },
		{ 59, 0x12345678U, "\"syscall\":59,\"arch\":\"0x12345678\"",
		    " syscall=59 arch=0x12345678" },
		{ -1, 0xc000003eU, "\"syscall\":-1,\"arch\":\"x86_64\"",
		    " syscall=-1 arch=x86_64" },
	};
	struct signalfd_siginfo	 si;
	struct event		 ev;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fill(&si, SIGSYS, 1);
		si.ssi_syscall = cases[i].nr;
		si.ssi_arch = cases[i].arch;
		decode(&si, 100, &ev);
		CHECK(strstr(render(&json, &ev), cases[i].json) != NULL,
		    "JSON has %s: %s", cases[i].json, render(&json, &ev));
		CHECK(strstr(render(&text, &ev), cases[i].text) != NULL,
		    "text has '%s': %s", cases[i].text, render(&text, &ev));
	}
}

/* CPU times at a clock rate that is no power of ten still read back. */
static void
test_json_seconds(void)
{
	static const struct {
		uint64_t	 ticks;
		long		 hz;
		const char	*want;
	} cases[] = {
		{ 1234567, 100, "12345.67" }, { 1, 3, "0.3333333333333333" },
		{ 2, 3, "0.6666666666666666" }, { 250, 1000, "0.25" },
		{ 7, 1024, "0.0068359375" }, { 0, 100, "0.0" },
		{ 100000 * 100ULL, 100, "100000.0" },
		{ 18446744073709551615ULL, 100, "184467440737095520.0" },
	};
	struct signalfd_siginfo	 si;
	struct event		 ev;
	json_t			*parsed;
	char			*got, want[64];
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fill(&si, SIGCHLD, CLD_EXITED);
		si.ssi_utime = cases[i].ticks;
		decode(&si, cases[i].hz, &ev);
		got = render(&json, &ev);
		snprintf(want, sizeof want, "\"utime\":%s,", cases[i].want);
		CHECK(strstr(got, want) != NULL, "%llu ticks at %ld Hz: %s in %s",
		    (unsigned long long)cases[i].ticks, cases[i].hz, want, got);
		parsed = json_loads(got, 0, NULL);
		CHECK(parsed != NULL && json_real_value(json_object_get(parsed,
		    "utime")) == ev.utime, "%llu ticks at %ld Hz read back",
		    (unsigned long long)cases[i].ticks, cases[i].hz);
		json_decref(parsed);
	}
}

int
main(void)
{
	static const struct {
		int	 signo, code;
	} cases[] = {
		{ SIGUSR1, SI_USER }, { SIGINT, SI_KERNEL }, { 35, SI_QUEUE },
		{ SIGALRM, SI_TIMER }, { SIGIO, SI_SIGIO }, { SIGTERM, SI_TKILL },
		{ 40, SI_MESGQ }, { SIGSEGV, 1 }, { SIGBUS, 4 }, { SIGILL, 3 },
		{ SIGFPE, 1 }, { SIGTRAP, 2 }, { SIGCHLD, 1 }, { SIGCHLD, 2 },
		{ SIGCHLD, 5 }, { SIGSYS, 1 }, { SIGSYS, 2 }, { SIGIO, 1 },
		{ 50, 3 },
		{ SIGUSR2, -42 }, { SIGUSR2, 99 }, { 64, SI_QUEUE },
	};
	static const char *const names[][2] = {
		{ "bash", "root" }, { NULL, NULL },
		{ "\033[2J evil\\\"", "us\ter" }, { "\xff\xfe\xc3\xa9", "\xe2\x82\xac" },
		{ "\x7f" "del\x7f\x7f", "d\x7f" "el" },
	};
	struct signalfd_siginfo	 si;
	char			 what[96];
	size_t			 i, j;
	int			 fd;

	if ((fd = mkstemp(outpath)) == -1)
		abort();
	close(fd);
	setenv("TZ", "UTC", 1);
	text = formatter_pick(FORMAT_TEXT, TIME_LOCAL, false);
	json = formatter_pick(FORMAT_JSON, TIME_LOCAL, false);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fill(&si, cases[i].signo, cases[i].code);
		snprintf(what, sizeof what, "signal %d code %d", cases[i].signo,
		    cases[i].code);
		compare(&si, NULL, NULL, false, what);
		for (j = 0; j < sizeof names / sizeof names[0]; j++) {
			snprintf(what, sizeof what, "signal %d code %d names %zu",
			    cases[i].signo, cases[i].code, j);
			compare(&si, names[j][0], names[j][1], true, what);
		}
		si.ssi_errno = 0;
		si.ssi_int = 0;
		si.ssi_ptr = 0;
		si.ssi_status = 0;
		si.ssi_utime = 0;
		si.ssi_stime = 10;
		snprintf(what, sizeof what, "signal %d code %d zeros",
		    cases[i].signo, cases[i].code);
		compare(&si, "x", "y", true, what);
		for (forwarding = 1; forwarding < FORWARDINGS; forwarding++) {
			snprintf(what, sizeof what, "signal %d code %d "
			    "forwarding %d", cases[i].signo, cases[i].code,
			    forwarding);
			compare(&si, "x", "y", true, what);
		}
		forwarding = 0;
	}
	test_json_del();
	test_sent_lines();
	test_json_seconds();
	test_syscall_names();
	unlink(outpath);
	return unit_done();
}
