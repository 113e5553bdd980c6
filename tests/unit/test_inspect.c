/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for --inspect: the /proc/PID/status parser on good,
 * malformed, cut and randomly mangled files, reading a file whole, and
 * both output formats. The parser's functions are static, so this file
 * includes inspect.c itself; inspect.o from the library is then not
 * linked in (nothing else refers to it).
 */
#include <stdlib.h>
#include <unistd.h>

#include "../../src/inspect.c"
#include "unit.h"

/* What the kernel writes, around the lines inspect reads. */
static const char good[] =
	"Name:\tmy\\\\server\\n\n"
	"Umask:\t0022\n"
	"State:\tS (sleeping)\n"
	"Tgid:\t4711\n"
	"Pid:\t4711\n"
	"Uid:\t1000\t1001\t1002\t1003\n"
	"Gid:\t1000\t1000\t1000\t1000\n"
	"Groups:\t \n"
	"VmRSS:\t    1000 kB\n"
	"Threads:\t3\n"
	"SigQ:\t2/63376\n"
	"SigPnd:\t0000000000000200\n"
	"ShdPnd:\t0000000000004000\n"
	"SigBlk:\t8000000080004202\n"
	"SigIgn:\t0000001000001000\n"
	"SigCgt:\t0000000000000a01\n"
	"CapInh:\t0000000000000000\n"
	"Cpus_allowed_list:\t0-3\n";

static char	 what[256];

/* Each line of s as a TAP comment. */
static void
diag(const char *label, const char *s)
{
	const char	*nl;

	printf("# %s:\n", label);
	for (; *s != '\0'; s = *nl != '\0' ? nl + 1 : nl) {
		nl = s + strcspn(s, "\n");
		printf("#   %s\n", quote_arg(s, (size_t)(nl - s)));
	}
}

/* As CHECK_STR, for strings with newlines and control characters. */
static void
check_same(const char *got, const char *want, const char *label)
{
	bool	 same = strcmp(got, want) == 0;

	CHECK(same, "%s", label);
	if (!same) {
		diag("got", got);
		diag("want", want);
	}
}

/* Parse exactly len bytes from a copy of their own, for ASan to guard. */
static enum verdict
parse(const char *text, size_t len, struct status *st, const char **key)
{
	char		*copy = malloc(len > 0 ? len : 1);
	enum verdict	 v;

	if (copy == NULL)
		abort();
	memcpy(copy, text, len);
	*key = NULL;
	v = parse_status(copy, len, st, key);
	free(copy);
	return v;
}

static void
test_good(void)
{
	struct status	 st;
	const char	*key;

	CHECK_INT(parse(good, strlen(good), &st, &key), STATUS_OK, "good file");
	check_same(st.comm, "my\\server\n", "Name unescaped");
	CHECK_INT(st.state, 'S', "State");
	CHECK_INT(st.uid, 1000, "Uid is the real one");
	CHECK_INT(st.threads, 3, "Threads");
	CHECK_INT(st.queue.queued, 2, "SigQ queued");
	CHECK_INT(st.queue.limit, 63376, "SigQ limit");
	CHECK_U64(st.pnd_thread, 0x200, "SigPnd");
	CHECK_U64(st.pnd_process, 0x4000, "ShdPnd");
	CHECK_U64(st.blocked, 0x8000000080004202, "SigBlk");
	CHECK_U64(st.ignored, 0x1000001000, "SigIgn");
	CHECK_U64(st.caught, 0xa01, "SigCgt");
}

/* good with the value of one line replaced. */
static const char *
with_value(const char *key, const char *value)
{
	static char	 buf[sizeof good + 1024];
	const char	*line, *nl;
	size_t		 k = strlen(key);

	for (line = good; strncmp(line, key, k) != 0 || line[k] != ':';
	    line = strchr(line, '\n') + 1)
		;
	nl = strchr(line, '\n');
	snprintf(buf, sizeof buf, "%.*s%s:\t%s%s", (int)(line - good), good,
	    key, value, nl);
	return buf;
}

/* The one-line change must give verdict v naming key. */
static void
check_line(const char *key, const char *value, enum verdict v)
{
	struct status	 st;
	const char	*text = with_value(key, value), *got;

	snprintf(what, sizeof what, "%s:\\t'%s'", key,
	    quote_arg(value, strlen(value)));
	CHECK_INT(parse(text, strlen(text), &st, &got), v, what);
	if (v != STATUS_OK)
		CHECK_STR(got, key, what);
}

/* The one-line change must parse, giving this mask. */
static void
check_mask(const char *value, uint64_t want)
{
	struct status	 st;
	const char	*text = with_value("SigBlk", value), *key;

	snprintf(what, sizeof what, "SigBlk '%s'", value);
	CHECK_INT(parse(text, strlen(text), &st, &key), STATUS_OK, what);
	CHECK_U64(st.blocked, want, what);
}

static void
test_masks(void)
{
	static const char *const bad[] = {
		"", " 0000000000000001", "0000000000000001 ", "0x0000000000000001",
		"000000000000000g", "-000000000000001", "+000000000000001",
		"10000000000000000", "00000000,00000001", "1\t",
	};
	size_t	 i;

	check_mask("0000000000000000", 0);
	check_mask("ffffffffffffffff", UINT64_MAX);
	check_mask("FFFFFFFFFFFFFFFF", UINT64_MAX);
	check_mask("8000000000000000", UINT64_C(1) << 63);
	check_mask("0000000000000001", 1);
	/* A wider kernel mask with nothing in the upper half. */
	check_mask("00000000000000008000000000000001", 0x8000000000000001);
	check_mask("1", 1);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		check_line("SigBlk", bad[i], STATUS_MALFORMED);
}

static void
test_numbers(void)
{
	static const struct {
		const char	*key, *value;
		enum verdict	 v;
	} cases[] = {
		{ "Threads", "9223372036854775807", STATUS_OK },
		{ "Threads", "9223372036854775808", STATUS_MALFORMED },
		{ "Threads", "99999999999999999999999", STATUS_MALFORMED },
		{ "Threads", "", STATUS_MALFORMED },
		{ "Threads", "-1", STATUS_MALFORMED },
		{ "Threads", " 1", STATUS_MALFORMED },
		{ "Threads", "1 ", STATUS_MALFORMED },
		{ "Uid", "4294967295\t0\t0\t0", STATUS_OK },
		{ "Uid", "4294967296\t0\t0\t0", STATUS_MALFORMED },
		{ "Uid", "0", STATUS_OK },
		{ "Uid", "0 0", STATUS_MALFORMED },
		{ "Uid", "\t0", STATUS_MALFORMED },
		{ "SigQ", "0/0", STATUS_OK },
		{ "SigQ", "1/18446744073709551615", STATUS_OK },
		{ "SigQ", "1/18446744073709551616", STATUS_MALFORMED },
		{ "SigQ", "9223372036854775808/1", STATUS_MALFORMED },
		{ "SigQ", "1/", STATUS_MALFORMED },
		{ "SigQ", "/1", STATUS_MALFORMED },
		{ "SigQ", "1", STATUS_MALFORMED },
		{ "SigQ", "1//2", STATUS_MALFORMED },
		{ "SigQ", "1/2/3", STATUS_MALFORMED },
		{ "SigQ", "1 /2", STATUS_MALFORMED },
		{ "State", "Z (zombie)", STATUS_OK },
		{ "State", "I", STATUS_OK },
		{ "State", "", STATUS_MALFORMED },
		{ "State", "SS", STATUS_MALFORMED },
		{ "State", "1 (one)", STATUS_MALFORMED },
		{ "State", " S", STATUS_MALFORMED },
		{ "Name", "", STATUS_OK },
	};
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_line(cases[i].key, cases[i].value, cases[i].v);
}

/* Name: as the kernel escapes it, and what the process really called itself. */
static void
test_names(void)
{
	static const struct {
		const char	*raw, *want;
	} cases[] = {
		{ "plain", "plain" },
		{ "a\\\\b", "a\\b" },
		{ "a\\nb", "a\nb" },
		{ "\\\\n", "\\n" },
		{ "tab\there )", "tab\there )" },
		{ "end\\", "end\\" },
		{ "odd\\x", "odd\\x" },
		{ "\xff\xfe", "\xff\xfe" },
	};
	struct status	 st;
	const char	*text, *key;
	char		 longname[600];
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		text = with_value("Name", cases[i].raw);
		snprintf(what, sizeof what, "Name '%s'",
		    quote_arg(cases[i].raw, strlen(cases[i].raw)));
		CHECK_INT(parse(text, strlen(text), &st, &key), STATUS_OK, what);
		check_same(st.comm, cases[i].want, what);
	}
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	text = with_value("Name", longname);
	CHECK_INT(parse(text, strlen(text), &st, &key), STATUS_OK, "long Name");
	CHECK_INT(strlen(st.comm), COMM_MAX - 1, "long Name is cut");
	/* A NUL ends the name, as it would the kernel's. */
	text = "Name:\tab\0cd\n";
	CHECK_INT(parse(text, 12, &st, &key), STATUS_MISSING, "Name with NUL");
	CHECK_STR(st.comm, "ab", "Name with NUL is cut there");
}

static void
test_structure(void)
{
	struct status	 st;
	const char	*key;
	char		 buf[sizeof good + 64];
	size_t		 i;

	/* Each needed line, taken out. */
	for (i = 0; i < NLINES; i++) {
		const char	*line, *nl;
		size_t		 k = strlen(lines[i].key);

		for (line = good; strncmp(line, lines[i].key, k) != 0 ||
		    line[k] != ':'; line = strchr(line, '\n') + 1)
			;
		nl = strchr(line, '\n');
		snprintf(buf, sizeof buf, "%.*s%s", (int)(line - good), good,
		    nl + 1);
		snprintf(what, sizeof what, "without %s", lines[i].key);
		CHECK_INT(parse(buf, strlen(buf), &st, &key), STATUS_MISSING,
		    what);
		CHECK_STR(key, lines[i].key, what);
	}
	/* Twice: which one would be the truth? */
	snprintf(buf, sizeof buf, "%sSigIgn:\t0000000000000000\n", good);
	CHECK_INT(parse(buf, strlen(buf), &st, &key), STATUS_MALFORMED,
	    "SigIgn twice");
	CHECK_STR(key, "SigIgn", "SigIgn twice: named");
	check_line("SigCgt", "", STATUS_MALFORMED);
	/* No tab after the colon. */
	snprintf(buf, sizeof buf, "%s", good);
	memcpy(strstr(buf, "SigCgt:\t"), "SigCgt: ", 8);
	CHECK_INT(parse(buf, strlen(buf), &st, &key), STATUS_MALFORMED,
	    "a space, not a tab");
	/* A longer key is another key; a shorter prefix is not the key. */
	snprintf(buf, sizeof buf, "SigCgtX:\tzz\nSigC:\tzz\n%s", good);
	CHECK_INT(parse(buf, strlen(buf), &st, &key), STATUS_OK,
	    "keys that only start alike");
	CHECK_INT(parse("", 0, &st, &key), STATUS_MISSING, "empty file");
	CHECK_STR(key, "Name", "empty file: the first line is missing");
	CHECK_INT(parse("\n\n\n", 3, &st, &key), STATUS_MISSING, "blank lines");
}

/*
 * Every cut of the file: never a crash, and never OK until the last
 * needed line is whole, newline and all; then the values are exact.
 */
static void
test_cuts(void)
{
	struct status	 st;
	const char	*key;
	size_t		 len, whole, bad = 0, wrong = 0;

	whole = (size_t)(strstr(good, "SigCgt:") - good) +
	    strlen("SigCgt:\t0000000000000a01\n");
	for (len = 0; len <= strlen(good); len++) {
		if ((parse(good, len, &st, &key) == STATUS_OK) != (len >= whole))
			bad++;
		else if (len >= whole && st.caught != 0xa01)
			wrong++;
	}
	CHECK_INT(bad, 0, "cut files are OK exactly when the lines are whole");
	CHECK_INT(wrong, 0, "whole cut files give the right values");
}

/* A small, fixed-seed generator: the same run every time. */
static uint64_t	 rng = 0x9e3779b97f4a7c15;

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/*
 * Mangle the good file at random (flip, insert, delete, duplicate bytes)
 * and parse each result: ASan and UBSan catch what the checks cannot.
 * Whatever parses must have a terminated name within bounds and a state
 * letter.
 */
static void
test_fuzz(void)
{
	static const char	 alphabet[] = "\n\t:/\\ 0123456789abcdefSgQ\xff";
	struct status		 st;
	const char		*key;
	char			 buf[2 * sizeof good];
	size_t			 len, pos, n, oddities = 0, ok = 0;
	int			 round, edits;

	for (round = 0; round < 200000; round++) {
		len = strlen(good);
		memcpy(buf, good, len);
		for (edits = 1 + (int)(next_random() % 4); edits > 0; edits--) {
			pos = (size_t)(next_random() % (len + 1));
			switch (next_random() % 4) {
			case 0:		/* replace */
				if (pos < len)
					buf[pos] = alphabet[next_random() %
					    (sizeof alphabet - 1)];
				break;
			case 1:		/* insert */
				if (len + 1 >= sizeof buf)
					break;
				memmove(buf + pos + 1, buf + pos, len - pos);
				buf[pos] = alphabet[next_random() %
				    (sizeof alphabet - 1)];
				len++;
				break;
			case 2:		/* delete */
				n = (size_t)(next_random() % 8);
				if (pos + n > len)
					n = len - pos;
				memmove(buf + pos, buf + pos + n, len - pos - n);
				len -= n;
				break;
			default:	/* any byte at all */
				if (pos < len)
					buf[pos] = (char)next_random();
			}
		}
		if (parse(buf, len, &st, &key) != STATUS_OK) {
			if (key == NULL)
				oddities++;
			continue;
		}
		ok++;
		if (memchr(st.comm, '\0', sizeof st.comm) == NULL ||
		    !((st.state >= 'A' && st.state <= 'Z') ||
		    (st.state >= 'a' && st.state <= 'z')))
			oddities++;
	}
	CHECK_INT(oddities, 0, "mangled files: a key for each failure, sane values");
	CHECK(ok > 0 && ok < 200000, "mangled files: %zu of 200000 parsed", ok);
}

static char	 tmpl[] = "/tmp/sigwatch-test-inspect-XXXXXX";

static void
write_file(size_t size)
{
	FILE	*f;
	size_t	 i;

	if ((f = fopen(tmpl, "w")) == NULL)
		abort();
	for (i = 0; i < size; i++)
		putc('a' + (int)(i % 26), f);
	if (fclose(f) == EOF)
		abort();
}

static void
test_read(void)
{
	char	*buf = NULL;
	size_t	 len = 0, i;
	int	 fd, ok = 1;

	if ((fd = mkstemp(tmpl)) == -1)
		abort();
	close(fd);
	/* Several chunks, and a last one that is not full. */
	write_file(3 * STATUS_CHUNK + 17);
	CHECK_INT(read_status(tmpl, &buf, &len), 0, "read a file in chunks");
	CHECK_INT(len, 3 * STATUS_CHUNK + 17, "all of it");
	for (i = 0; i < len; i++)
		ok &= buf[i] == 'a' + (int)(i % 26);
	CHECK(ok, "every byte in place");
	free(buf);
	write_file(0);
	buf = NULL;
	CHECK_INT(read_status(tmpl, &buf, &len), 0, "read an empty file");
	CHECK_INT(len, 0, "nothing in it");
	free(buf);
	write_file(STATUS_MAX + 1);
	errno = 0;
	CHECK_INT(read_status(tmpl, &buf, &len), -1, "a file too large");
	CHECK_INT(errno, EFBIG, "is EFBIG");
	unlink(tmpl);
	errno = 0;
	CHECK_INT(read_status(tmpl, &buf, &len), -1, "a missing file");
	CHECK_INT(errno, ENOENT, "is ENOENT");
}

static const char	 std_names[] = "SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP "
	"SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV SIGUSR2 SIGPIPE SIGALRM "
	"SIGTERM SIGSTKFLT SIGCHLD SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU "
	"SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS";

/*
 * Every signal's name: the standard ones as above, 32 on as sig_name()
 * has them (where SIGRTMIN is depends on the C library; test_decode
 * checks those names).
 */
static const char *
all_signal_names(void)
{
	static char	 names[1024];
	char		 buf[SIG_NAME_MAX];
	int		 signo;

	strcpy(names, std_names);
	for (signo = 32; signo <= 64; signo++) {
		strcat(names, " ");
		strcat(names, sig_name(signo, buf));
	}
	return names;
}

static void
check_prefix(const char *got, const char *want, const char *label)
{
	bool	 same = strncmp(got, want, strlen(want)) == 0;

	CHECK(same, "%s", label);
	if (!same) {
		diag("got", got);
		diag("want at the start", want);
	}
}

/* Names of 255 bytes 0x01 each, and every signal in every list. */
static const char *
longest_block(void)
{
	static char	 want[16384];
	char		 esc[4 * COMM_MAX] = "";
	const char	*all_names = all_signal_names();
	int		 i;

	for (i = 0; i < COMM_MAX - 1; i++)
		strcat(esc, "\\x01");
	snprintf(want, sizeof want, "pid=4711(%s) uid=4294967295(%s) state=Z "
	    "threads=0 queued=0/unlimited\n  blocked  %s\n  ignored  %s\n"
	    "  caught   %s\n  pending  %s\n", esc, esc, all_names, all_names,
	    all_names, all_names);
	return want;
}

/* Format st both ways into a file; the text back in out. */
static void
render(const struct status *st, enum out_format format, bool resolve,
    const char *user, char *out, size_t size)
{
	struct formatter fmt = formatter_pick(format, TIME_LOCAL, false);
	struct inspection in = { .pid = 4711, .st = st, .resolve = resolve,
	    .user = user };
	struct output	*o;
	FILE		*f;
	size_t		 n;
	int		 fd;

	strcpy(tmpl + strlen(tmpl) - 6, "XXXXXX");
	if ((fd = mkstemp(tmpl)) == -1)
		abort();
	close(fd);
	o = output_open(tmpl);
	fmt.inspect(&fmt, o, &in);
	output_close(o);
	if ((f = fopen(tmpl, "r")) == NULL)
		abort();
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(tmpl);
}

static void
test_output(void)
{
	struct status	 st = {
		.comm = "my)ser ver\n\xff", .state = 'S', .uid = 1000,
		.threads = 1, .queue = { 1, 63376 }, .pnd_thread = 0x4000,
		.pnd_process = 0x4000, .blocked = 0x4002, .ignored = 0x1000,
		.caught = 0xa01,
	};
	char		 out[16384];

	render(&st, FORMAT_TEXT, true, "alice", out, sizeof out);
	check_same(out,
	    "pid=4711(my)ser\\x20ver\\x0a\\xff) uid=1000(alice) state=S threads=1 queued=1/63376\n"
	    "  blocked  SIGINT SIGTERM\n"
	    "  ignored  SIGPIPE\n"
	    "  caught   SIGHUP SIGUSR1 SIGUSR2\n"
	    "  pending  SIGTERM\n", "text");
	render(&st, FORMAT_JSON, true, "alice", out, sizeof out);
	check_same(out,
	    "{\"event\":\"inspect\",\"pid\":4711,\"comm\":\"my)ser ver\\n\\uFFFD\","
	    "\"uid\":1000,\"user\":\"alice\",\"state\":\"S\",\"threads\":1,"
	    "\"queued\":1,\"queue_limit\":63376,\"blocked\":[\"SIGINT\",\"SIGTERM\"],"
	    "\"ignored\":[\"SIGPIPE\"],\"caught\":[\"SIGHUP\",\"SIGUSR1\",\"SIGUSR2\"],"
	    "\"pending\":[\"SIGTERM\"],\"pending_process\":[\"SIGTERM\"],"
	    "\"pending_thread\":[\"SIGTERM\"]}\n", "JSON");

	/* Unknown user, no limit, nothing set; and the same unresolved. */
	memset(&st, 0, sizeof st);
	st.state = 'Z';
	st.uid = 4294967295u;
	st.queue.limit = UINT64_MAX;
	render(&st, FORMAT_TEXT, true, NULL, out, sizeof out);
	check_same(out,
	    "pid=4711() uid=4294967295(?) state=Z threads=0 queued=0/unlimited\n"
	    "  blocked  -\n  ignored  -\n  caught   -\n  pending  -\n",
	    "text, unknown user, no limit, empty lists");
	render(&st, FORMAT_TEXT, false, NULL, out, sizeof out);
	check_prefix(out, "pid=4711() uid=4294967295 state=Z ",
	    "text, --no-resolve: no user");
	render(&st, FORMAT_JSON, true, NULL, out, sizeof out);
	check_same(out,
	    "{\"event\":\"inspect\",\"pid\":4711,\"comm\":\"\",\"uid\":4294967295,"
	    "\"user\":null,\"state\":\"Z\",\"threads\":0,\"queued\":0,"
	    "\"queue_limit\":null,\"blocked\":[],\"ignored\":[],\"caught\":[],"
	    "\"pending\":[],\"pending_process\":[],\"pending_thread\":[]}\n",
	    "JSON, unknown user, no limit, empty lists");
	render(&st, FORMAT_JSON, false, NULL, out, sizeof out);
	check_prefix(out, "{\"event\":\"inspect\",\"pid\":4711,\"comm\":\"\","
	    "\"uid\":4294967295,\"state\":\"Z\",", "JSON, --no-resolve: no user key");

	/* The longest block of all: hostile names, every signal everywhere. */
	memset(st.comm, 0x01, COMM_MAX - 1);
	st.blocked = st.ignored = st.caught = st.pnd_thread = UINT64_MAX;
	render(&st, FORMAT_TEXT, true, st.comm, out, sizeof out);
	check_same(out, longest_block(), "text, everything set");
}

int
main(void)
{
	test_good();
	test_masks();
	test_numbers();
	test_names();
	test_structure();
	test_cuts();
	test_fuzz();
	test_read();
	test_output();
	return unit_done();
}
