/* SPDX-License-Identifier: ISC */
/*
 * Verification: a figure counts only if the run behind it was correct,
 * so every receiver's output is checked here against what was sent, and
 * every incorrect run is reported as it happens and listed again under
 * "Correctness" at the end (where it makes the driver exit 1). A run
 * with one sender and one real-time signal must deliver in FIFO order,
 * so the check is strict: each value once, in order, nothing else.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "value.h"

static char	 failures[4096];
static bool	 any_failed;

void
fail(const char *fmt, ...)
{
	char	 line[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "bench: FAILED: %s\n", line);
	if (strlen(failures) + strlen(line) + 8 < sizeof failures) {
		strcat(failures, "  ");
		strcat(failures, line);
		strcat(failures, "\n");
	}
	any_failed = true;
}

/* The table's last word on correctness; false if a run failed. */
bool
print_correctness(void)
{
	printf("Correctness: %s\n", any_failed ? "FAILED" :
	    "every run delivered every value exactly once, in order, and "
	    "ended as expected.");
	if (any_failed)
		printf("%s", failures);
	return !any_failed;
}

/* What a pass over an output found. */
struct check {
	const long	*seg;		/* the values 0..seg[i]-1, in turn */
	int		 nseg, s;	/* s: the segment under way */
	long		 total, expect, seen;
	long		 first_bad, first_v, first_e;
	unsigned char	*cnt;		/* how often each value came */
};

/* Map path; false (and why) if it cannot be read or is empty. */
static bool
map(const char *path, const char **base, size_t *len, long total,
    char *why, size_t whylen)
{
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(why, whylen, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return false;
	}
	if (st.st_size == 0) {
		close(fd);
		snprintf(why, whylen, "no output at all (%ld values expected)",
		    total);
		return false;
	}
	*len = (size_t)st.st_size;
	*base = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*base == MAP_FAILED)
		err(1, "mmap %s", path);
	return true;
}

/* One line's value against what was due. */
static void
take(struct check *c, long line, long v)
{
	c->seen++;
	if (c->cnt != NULL && v < c->total && c->cnt[v] < 255)
		c->cnt[v]++;
	if (c->s < c->nseg && v == c->expect) {
		if (++c->expect == c->seg[c->s])
			c->s++, c->expect = 0;
	} else if (c->first_bad == -1) {
		c->first_bad = line;
		c->first_v = v;
		c->first_e = c->s < c->nseg ? c->expect : -1;
	}
}

/* Every line of the output; false (and why) on a line that is broken. */
static bool
scan(struct check *c, const char *base, const char *end, bool others,
    char *why, size_t whylen)
{
	const char	*p, *nl;
	long		 line = 0, v;

	for (p = base; p < end; p = nl + 1) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL) {
			snprintf(why, whylen, "line %ld is cut short", line);
			return false;
		}
		if ((v = line_value(p, nl)) == -1 && others)
			continue;
		if (v < 0) {
			snprintf(why, whylen, "line %ld has no value: %.*s",
			    line, (int)(nl - p > 120 ? 120 : nl - p), p);
			return false;
		}
		take(c, line, v);
	}
	return true;
}

/* Why the output was wrong: lost and duplicated, or where order broke. */
static void
explain(const struct check *c, char *why, size_t whylen)
{
	long	 lost = 0, dup = 0, stray = c->seen, i;

	if (c->cnt != NULL) {
		for (i = 0; i < c->total; i++) {
			lost += c->cnt[i] == 0;
			dup += c->cnt[i] > 1 ? c->cnt[i] - 1 : 0;
			stray -= c->cnt[i];
		}
		snprintf(why, whylen, "%ld lines for %ld values: %ld lost, "
		    "%ld duplicated, %ld out of range%s", c->seen, c->total,
		    lost, dup, stray, lost == 0 && dup == 0 && stray == 0 ?
		    ", out of order" : "");
	} else if (c->first_bad != -1)
		snprintf(why, whylen, "line %ld: value %ld where %ld was due",
		    c->first_bad, c->first_v, c->first_e);
	else
		snprintf(why, whylen, "%ld values of %ld arrived", c->seen,
		    c->total);
}

/*
 * The file must hold the values 0..seg[0]-1, then 0..seg[1]-1, ..., each
 * once and in order, and (unless others) no line without a value. On a
 * mismatch, why says what went wrong.
 */
static bool
verify(const char *path, const long *seg, int nseg, bool others, char *why,
    size_t whylen)
{
	struct check	 c = { .seg = seg, .nseg = nseg, .first_bad = -1 };
	const char	*base;
	size_t		 len;
	bool		 ok;
	int		 i;

	for (i = 0; i < nseg; i++)
		c.total += seg[i];
	if (!map(path, &base, &len, c.total, why, whylen))
		return false;
	/* One segment: count each value, to say what was lost. */
	if (nseg == 1 && (c.cnt = calloc((size_t)c.total, 1)) == NULL)
		err(1, "calloc");
	ok = scan(&c, base, base + len, others, why, whylen);
	munmap((void *)base, len);
	if (ok && (c.first_bad != -1 || c.s != nseg)) {
		explain(&c, why, whylen);
		ok = false;
	}
	free(c.cnt);
	return ok;
}

/*
 * Verify a run's output file (see verify()) and remove it; false, and
 * the run failed under the name what, if it was not right.
 */
bool
verified(const char *path, const long *seg, int nseg, bool others,
    const char *what)
{
	char	 why[256];
	bool	 ok;

	if (!(ok = verify(path, seg, nseg, others, why, sizeof why)))
		fail("%s: %s", what, why);
	unlink(path);
	return ok;
}

/* The value on the last line of path, or -1. */
static long
last_value(const char *path)
{
	char		 buf[4096];
	const char	*end, *start;
	struct stat	 st;
	off_t		 off;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || st.st_size == 0) {
		close(fd);
		return -1;
	}
	off = st.st_size > (off_t)sizeof buf ? st.st_size - (off_t)sizeof buf : 0;
	n = pread(fd, buf, sizeof buf, off);
	close(fd);
	if (n <= 0 || buf[n - 1] != '\n')
		return -1;
	end = buf + n - 1;
	for (start = end; start > buf && start[-1] != '\n'; start--)
		;
	return line_value(start, end);
}

/* Wait until the last line of path carries value v; false if p ended. */
bool
wait_last_value(const struct proc *p, const char *path, long v, int timeout_ms)
{
	long long	 end = now() + timeout_ms * 1000000LL;

	while (last_value(path) != v) {
		if (exited(p, 2) || now() > end)
			return false;
	}
	return true;
}
