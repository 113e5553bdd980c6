/* SPDX-License-Identifier: ISC */
/*
 * --inspect PID: the signal state of a running process, decoded from the
 * lines of /proc/PID/status that the kernel renders in task_state() and
 * task_sig() (fs/proc/array.c): what it blocks, ignores, catches and has pending,
 * and how full its user's signal queue is. This answers "why does my
 * server not stop on SIGTERM?" without attaching a debugger.
 *
 * The whole file is read at once: the kernel renders it in one go, so
 * the fields are one consistent snapshot. The parser takes only lines
 * that end in a newline, rejects a field that is malformed, repeated or
 * missing, and never trusts a length: the file can be anything if
 * something is mounted over it.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "sigwatch.h"

#define STATUS_CHUNK	4096
#define STATUS_MAX	(1024 * 1024)	/* a real one is a few kilobytes */
#define COMM_MAX	256	/* the kernel's is 16 bytes, 64 for workqueues */
#define MASK_BITS	64	/* "hex bitmaps of 64 bits": bit n-1 is signal n */
#define LIST_COLUMN	11	/* "  blocked  SIGINT": the names line up */
/* Two escaped names, the numbers, and four lists of every signal. */
#define TEXT_RESERVE	(2 * 4 * COMM_MAX + 160 + \
			 4 * (16 + MASK_BITS * SIG_NAME_MAX))

/* SigQ: "queued/limit". */
struct sigq {
	/*
	 * The kernel counts the signals queued for the process's real user
	 * (all of that user's processes; per user namespace since Linux
	 * 5.14), not for this process alone: what RLIMIT_SIGPENDING, this
	 * process's limit, is checked against when a signal is queued.
	 */
	uint64_t	 queued;
	uint64_t	 limit;		/* > INT64_MAX: unlimited */
};

/* What inspect takes from /proc/PID/status. */
struct status {
	char		 comm[COMM_MAX];	/* Name:, unescaped */
	char		 state;		/* State: "S (sleeping)" */
	uint32_t	 uid;		/* Uid: the real one, the first */
	uint64_t	 threads;
	struct sigq	 queue;
	uint64_t	 pnd_thread;	/* SigPnd: the thread's own */
	uint64_t	 pnd_process;	/* ShdPnd: for whichever thread takes it */
	uint64_t	 blocked;	/* SigBlk: the thread's mask */
	uint64_t	 ignored;	/* SigIgn */
	uint64_t	 caught;	/* SigCgt: a handler is installed */
};

/* Each parser gets a line's value (without "Key:\t" and "\n"). */
typedef bool	 parse_fn(const char *, size_t, void *);

/* Digits only, at least one, at most max: no sign, no space, no overflow. */
static const char *
parse_dec(const char *s, const char *end, uint64_t max, uint64_t *out)
{
	const char	*start = s;
	uint64_t	 v = 0, d;

	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		d = (uint64_t)(*s - '0');
		if (v > (max - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	if (s == start)
		return NULL;
	*out = v;
	return s;
}

/* A count JSON can carry as an integer. */
static bool
parse_number(const char *s, size_t n, void *dst)
{
	return parse_dec(s, s + n, INT64_MAX, dst) == s + n;
}

/*
 * A signal mask in hex. The kernel writes 16 digits here (_NSIG / 4);
 * leading zeros beyond them are harmless, any other digit is a signal
 * this program cannot name.
 */
static bool
parse_mask(const char *s, size_t n, void *dst)
{
	uint64_t	 v = 0;
	size_t		 i;
	int		 d;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return false;
		if (v >> (MASK_BITS - 4) != 0)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	*(uint64_t *)dst = v;
	return true;
}

/* "S (sleeping)": the letter is what ps(1) shows. */
static bool
parse_state(const char *s, size_t n, void *dst)
{
	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
	    (s[0] >= 'a' && s[0] <= 'z')) || (n > 1 && s[1] != ' '))
		return false;
	*(char *)dst = s[0];
	return true;
}

/* "1000\t1000\t1000\t1000": real, effective, saved, filesystem. */
static bool
parse_uid(const char *s, size_t n, void *dst)
{
	const char	*p;
	uint64_t	 v;

	if ((p = parse_dec(s, s + n, UINT32_MAX, &v)) == NULL ||
	    (p != s + n && *p != '\t'))
		return false;
	*(uint32_t *)dst = (uint32_t)v;
	return true;
}

static bool
parse_sigq(const char *s, size_t n, void *dst)
{
	struct sigq	*q = dst;
	const char	*p, *end = s + n;

	return (p = parse_dec(s, end, INT64_MAX, &q->queued)) != NULL &&
	    p < end && *p == '/' &&
	    parse_dec(p + 1, end, UINT64_MAX, &q->limit) == end;
}

/*
 * The kernel writes '\\' and '\n' of the name as two characters each
 * (proc_task_name()), so that a name cannot end the line: undo that, for
 * the name /proc/PID/comm and event lines show. Anything else is as the
 * process set it, and escaped again on the way out. Longer names are cut.
 */
static bool
parse_name(const char *s, size_t n, void *dst)
{
	char	*d = dst;
	size_t	 i, k = 0;

	for (i = 0; i < n && s[i] != '\0' && k < COMM_MAX - 1; i++) {
		if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '\\' ||
		    s[i + 1] == 'n'))
			d[k++] = s[++i] == 'n' ? '\n' : '\\';
		else
			d[k++] = s[i];
	}
	d[k] = '\0';
	return true;
}

/* The lines inspect needs, each exactly once. */
static const struct status_line {
	const char	*key;
	parse_fn	*parse;
	size_t		 offset;
} lines[] = {
	{ "Name",	parse_name,	offsetof(struct status, comm) },
	{ "State",	parse_state,	offsetof(struct status, state) },
	{ "Uid",	parse_uid,	offsetof(struct status, uid) },
	{ "Threads",	parse_number,	offsetof(struct status, threads) },
	{ "SigQ",	parse_sigq,	offsetof(struct status, queue) },
	{ "SigPnd",	parse_mask,	offsetof(struct status, pnd_thread) },
	{ "ShdPnd",	parse_mask,	offsetof(struct status, pnd_process) },
	{ "SigBlk",	parse_mask,	offsetof(struct status, blocked) },
	{ "SigIgn",	parse_mask,	offsetof(struct status, ignored) },
	{ "SigCgt",	parse_mask,	offsetof(struct status, caught) },
};
#define NLINES	(sizeof lines / sizeof lines[0])

enum verdict {
	STATUS_OK,
	STATUS_MISSING,
	STATUS_MALFORMED,
};

/* The field whose key this line has ("Key:\tvalue"), or NULL. */
static const struct status_line *
field_of(const char *line, size_t n)
{
	size_t	 i, k;

	for (i = 0; i < NLINES; i++) {
		k = strlen(lines[i].key);
		if (n > k && line[k] == ':' &&
		    memcmp(line, lines[i].key, k) == 0)
			return &lines[i];
	}
	return NULL;
}

/*
 * Fill st from the text of a status file. On failure *key names the
 * line that is missing or malformed. A last line without its newline
 * was cut short and does not count: a cut mask would read as another.
 */
static enum verdict
parse_status(const char *buf, size_t len, struct status *st, const char **key)
{
	const struct status_line *f;
	const char		*line = buf, *nl, *end = buf + len, *v;
	bool			 seen[NLINES] = { false };
	size_t			 i;

	memset(st, 0, sizeof *st);
	for (; (nl = memchr(line, '\n', (size_t)(end - line))) != NULL;
	    line = nl + 1) {
		if ((f = field_of(line, (size_t)(nl - line))) == NULL)
			continue;
		*key = f->key;
		i = (size_t)(f - lines);
		v = line + strlen(f->key) + 1;
		if (seen[i] || v >= nl || *v++ != '\t' ||
		    !f->parse(v, (size_t)(nl - v), (char *)st + f->offset))
			return STATUS_MALFORMED;
		seen[i] = true;
	}
	for (i = 0; i < NLINES; i++)
		if (!seen[i]) {
			*key = lines[i].key;
			return STATUS_MISSING;
		}
	return STATUS_OK;
}

/*
 * The whole file into *bufp (the caller frees it); -1 with errno set.
 * A file larger than any status file is EFBIG rather than a truncation.
 */
static int
read_status(const char *path, char **bufp, size_t *lenp)
{
	char	*buf = NULL, *bigger;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;
	int	 fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		if (len == cap) {
			if (cap >= STATUS_MAX) {
				errno = EFBIG;
				break;
			}
			cap += STATUS_CHUNK;
			if ((bigger = realloc(buf, cap)) == NULL)
				err(EXIT_TROUBLE, "realloc");
			buf = bigger;
		}
		if ((n = read(fd, buf + len, cap - len)) > 0)
			len += (size_t)n;
		else if (n == 0) {
			close(fd);
			*bufp = buf;
			*lenp = len;
			return 0;
		} else if (errno != EINTR)
			break;
	}
	saved = errno;
	close(fd);
	free(buf);
	errno = saved;
	return -1;
}

/* The signals a set shows, and which of them the text output lists. */
#define NROWS	6
struct row {
	const char	*key;
	uint64_t	 mask;
	bool		 text;
};

static void
rows_of(const struct status *st, struct row r[NROWS])
{
	r[0] = (struct row){ "blocked", st->blocked, true };
	r[1] = (struct row){ "ignored", st->ignored, true };
	r[2] = (struct row){ "caught", st->caught, true };
	/* A signal pending either way is waiting on the same mask. */
	r[3] = (struct row){ "pending", st->pnd_process | st->pnd_thread, true };
	r[4] = (struct row){ "pending_process", st->pnd_process, false };
	r[5] = (struct row){ "pending_thread", st->pnd_thread, false };
}

static bool
unlimited(const struct sigq *q)
{
	/* RLIM_INFINITY; and no queue ever holds 2^63 signals. */
	return q->limit > INT64_MAX;
}

/* "SIGINT SIGTERM", or "-" for none. */
static char *
put_signals(char *p, uint64_t mask)
{
	char	 name[SIG_NAME_MAX];
	int	 signo;
	bool	 first = true;

	for (signo = 1; signo <= MASK_BITS; signo++) {
		if (!(mask & (UINT64_C(1) << (signo - 1))))
			continue;
		if (!first)
			*p++ = ' ';
		p = put_str(p, sig_name(signo, name));
		first = false;
	}
	return first ? put_str(p, "-") : p;
}

/* "(name)" as event lines show a looked-up name; "(?)" when unknown. */
static char *
put_label(char *p, const char *name)
{
	*p++ = '(';
	if (name == NULL)
		*p++ = '?';
	else
		p += escape_text(p, 4 * COMM_MAX, name);
	*p++ = ')';
	return p;
}

/* What the formatters print about one process. */
struct inspection {
	pid_t			 pid;
	pid_t			 tid;	/* whose mask, when not pid's: see live_thread() */
	const struct status	*st;
	bool			 resolve;
	const char		*user;		/* NULL: not found */
};

void
text_inspect(const struct formatter *fmt, struct output *out,
    const struct inspection *in)
{
	const struct status	*st = in->st;
	struct row	 rows[NROWS];
	char		*start, *p;
	size_t		 i, n;

	(void)fmt;
	start = p = output_reserve(out, TEXT_RESERVE);
	p = put_label(put_i64(put_str(p, "pid="), in->pid), st->comm);
	p = put_u64(put_str(p, " uid="), st->uid);
	if (in->resolve)
		p = put_label(p, in->user);
	p = put_str(p, " state=");
	*p++ = st->state;
	p = put_u64(put_str(p, " threads="), st->threads);
	if (in->tid != 0)
		p = put_i64(put_str(p, " tid="), in->tid);
	p = put_u64(put_str(p, " queued="), st->queue.queued);
	*p++ = '/';
	p = unlimited(&st->queue) ? put_str(p, "unlimited") :
	    put_u64(p, st->queue.limit);
	*p++ = '\n';
	rows_of(st, rows);
	for (i = 0; i < NROWS; i++) {
		if (!rows[i].text)
			continue;
		p = put_str(put_str(p, "  "), rows[i].key);
		for (n = 2 + strlen(rows[i].key); n < LIST_COLUMN; n++)
			*p++ = ' ';
		p = put_signals(p, rows[i].mask);
		*p++ = '\n';
	}
	output_commit(out, (size_t)(p - start));
}

/* ["SIGINT","SIGTERM"], in signal order. */
static json_t *
signal_array(uint64_t mask)
{
	char	 name[SIG_NAME_MAX];
	json_t	*a;
	int	 signo;

	a = json_must(json_array());
	for (signo = 1; signo <= MASK_BITS; signo++)
		if (mask & (UINT64_C(1) << (signo - 1)))
			json_push(a, json_string_nocheck(sig_name(signo, name)));
	return a;
}

void
json_inspect(const struct formatter *fmt, struct output *out,
    const struct inspection *in)
{
	const struct status	*st = in->st;
	struct row	 rows[NROWS];
	json_t		*o = json_new_object();
	size_t		 i;

	(void)fmt;
	json_set(o, "event", json_string_nocheck("inspect"));
	json_set(o, "pid", json_integer(in->pid));
	json_set(o, "comm", json_untrusted(st->comm));
	json_set(o, "uid", json_integer(st->uid));
	if (in->resolve)
		json_set(o, "user", json_untrusted(in->user));
	json_set(o, "state", json_stringn_nocheck(&st->state, 1));
	json_set(o, "threads", json_integer((json_int_t)st->threads));
	if (in->tid != 0)
		json_set(o, "tid", json_integer(in->tid));
	json_set(o, "queued", json_integer((json_int_t)st->queue.queued));
	json_set(o, "queue_limit", unlimited(&st->queue) ? json_null() :
	    json_integer((json_int_t)st->queue.limit));
	rows_of(st, rows);
	for (i = 0; i < NROWS; i++)
		json_set(o, rows[i].key, signal_array(rows[i].mask));
	json_emit(out, o);
}

/*
 * Why the file could not be read, after what was printed so far. With
 * /proc there and no entry for the pid, the process does not exist (or
 * is hidden from us: hidepid=invisible); ESRCH is a process that was
 * reaped between the open and the read.
 */
static int
read_failed(struct output *out, const char *arg, const char *path)
{
	int	 saved = errno;

	output_flush(out);
	if (saved == ESRCH ||
	    (saved == ENOENT && access("/proc/self/status", F_OK) == 0))
		warnx("no such process '%s'", quote_str(arg));
	else {
		errno = saved;
		warn("%s", path);
	}
	return -1;
}

/* arg: the pid as typed ("00012"), for messages. */
/* A status file read and parsed; -1 with errno set if it cannot be read. */
static int
load_status(const char *path, struct status *st, enum verdict *v,
    const char **key)
{
	char	*buf;
	size_t	 len;

	if (read_status(path, &buf, &len) == -1)
		return -1;
	*v = parse_status(buf, len, st, key);
	free(buf);
	return 0;
}

/*
 * A main thread that has ended while others run (pthread_exit() in
 * main()) is a zombie, and its status keeps the mask and the pending
 * signals it had when it ended, which no running thread has: those of
 * the live thread with the lowest ID are taken instead. Its ID; 0 when
 * none is found, and st is left as it was.
 */
static pid_t
live_thread(pid_t pid, struct status *st)
{
	struct status	 t;
	struct dirent	*e;
	enum verdict	 v;
	const char	*key;
	char		 path[64];
	pid_t		 tid, best = 0;
	DIR		*d;

	snprintf(path, sizeof path, "/proc/%ld/task", (long)pid);
	if ((d = opendir(path)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (parse_pid(e->d_name, &tid) == -1 || tid == pid ||
		    (best != 0 && tid > best))
			continue;
		snprintf(path, sizeof path, "/proc/%ld/task/%ld/status",
		    (long)pid, (long)tid);
		if (load_status(path, &t, &v, &key) == -1 || v != STATUS_OK ||
		    t.state == 'Z' || t.state == 'X')
			continue;
		best = tid;
		st->blocked = t.blocked;
		st->pnd_thread = t.pnd_thread;
	}
	closedir(d);
	return best;
}

int
inspect(const struct formatter *fmt, struct output *out, pid_t pid,
    const char *arg, bool resolve)
{
	struct status	 st;
	struct inspection in = { .pid = pid, .st = &st, .resolve = resolve };
	enum verdict	 v;
	const char	*key = NULL;
	char		 path[32];

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if (load_status(path, &st, &v, &key) == -1)
		return read_failed(out, arg, path);
	if (v != STATUS_OK) {
		output_flush(out);
		warnx("%s: %s %s line", path,
		    v == STATUS_MISSING ? "no" : "malformed", key);
		return -1;
	}
	if (st.state == 'Z' && st.threads > 1)
		in.tid = live_thread(pid, &st);
	if (resolve)
		in.user = resolve_user(st.uid);
	fmt->inspect(fmt, out, &in);
	return 0;
}
