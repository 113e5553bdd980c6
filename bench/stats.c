/* SPDX-License-Identifier: ISC */
/*
 * Statistics and the table. A figure is a series of one value a round;
 * the table shows its median and range, because the machine is shared
 * and a single round says little. Each row with a target is judged here
 * on its median, and tallied, so that the end of the table can list the
 * targets missed without any section keeping count.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static struct {
	int		 targets, met, missed;
	char		 list[4096];	/* the misses, a line each */
	const char	*section;	/* the heading's, for the list */
} tally;

void
add(struct series *s, double x)
{
	if (s->n < MAXRUNS)
		s->v[s->n++] = x;
}

static int
dcmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
median(const struct series *s, double *lo, double *hi)
{
	double	 v[MAXRUNS];

	memcpy(v, s->v, sizeof v[0] * (size_t)s->n);
	qsort(v, (size_t)s->n, sizeof v[0], dcmp);
	*lo = v[0];
	*hi = v[s->n - 1];
	return s->n % 2 ? v[s->n / 2] : (v[s->n / 2 - 1] + v[s->n / 2]) / 2;
}

static void
show(char *buf, size_t len, enum fmt f, double x)
{
	switch (f) {
	case F_RATE:
		if (x >= 1e6)
			snprintf(buf, len, "%.2fM", x / 1e6);
		else
			snprintf(buf, len, "%.0fk", x / 1e3);
		break;
	case F_RATIO:
		snprintf(buf, len, "%.2f", x);
		break;
	case F_US:
		snprintf(buf, len, x >= 100 ? "%.0f" : "%.1f", x);
		break;
	case F_INT:
		snprintf(buf, len, "%.0f", x);
		break;
	}
}

/* A section's heading; the rows after it are listed under section. */
void
heading(const char *section, const char *fmt, ...)
{
	va_list	 ap;

	tally.section = section;
	printf("\n");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

__attribute__((format(printf, 1, 2)))
static void
list_miss(const char *fmt, ...)
{
	size_t	 used = strlen(tally.list);
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(tally.list + used, sizeof tally.list - used, fmt, ap);
	va_end(ap);
}

/* A row whose series has no figure: failed, or never measured. */
static void
row_empty(const char *label, const struct series *s, const char *unit,
    const char *op, const char *target)
{
	printf("  %-34s %10s  %-21s %-6s %-9s %s\n", label,
	    s->failed ? "-" : "n/a", "", unit, target,
	    s->failed ? "FAILED (see Correctness below)" :
	    op != NULL ? "n/a (not measured)" : "");
	if (op != NULL) {
		tally.targets++;
		tally.missed++;
		list_miss("  %s, %s: %s\n", tally.section, label, s->failed ?
		    "FAILED" : "not measured");
	}
}

/* The verdict on median m against "op bound", tallied. */
static void
judge(const char *label, double m, const char *med, const char *unit,
    const char *op, double bound, const char *target, char *verdict,
    size_t len)
{
	bool	 ok = strcmp(op, ">=") == 0 ? m >= bound : m <= bound;

	tally.targets++;
	if (ok) {
		tally.met++;
		snprintf(verdict, len, "met");
		return;
	}
	tally.missed++;
	if (bound != 0)
		snprintf(verdict, len, "MISSED by %.0f%%",
		    (m > bound ? m - bound : bound - m) / bound * 100);
	else
		snprintf(verdict, len, "MISSED by %s", med);
	list_miss("  %s, %s: %s %s, target %s\n", tally.section, label, med,
	    unit, target);
}

/*
 * One row: the series, how its numbers are shown, its unit, a target
 * (op ">=" or "<=" and a bound; op NULL for none) and a label made with
 * printf. The verdict is the median's.
 */
void
row(const struct series *s, enum fmt f, const char *unit, const char *op,
    double bound, const char *fmt, ...)
{
	char	 label[64], med[32], lo[32], hi[32], range[80], target[32];
	char	 verdict[64] = "";
	double	 m, l, h;
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(label, sizeof label, fmt, ap);
	va_end(ap);
	target[0] = '\0';
	if (op != NULL) {
		snprintf(target, sizeof target, "%s ", op);
		show(target + strlen(target), sizeof target - strlen(target),
		    f, bound);
	}
	if (s->failed || s->n == 0) {
		row_empty(label, s, unit, op, target);
		return;
	}
	m = median(s, &l, &h);
	show(med, sizeof med, f, m);
	show(lo, sizeof lo, f, l);
	show(hi, sizeof hi, f, h);
	snprintf(range, sizeof range, "[%s - %s]", lo, hi);
	if (op != NULL)
		judge(label, m, med, unit, op, bound, target, verdict,
		    sizeof verdict);
	printf("  %-34s %10s  %-21s %-6s %-9s %s\n", label, med, range, unit,
	    target, verdict);
}

void
print_tally(void)
{
	printf("\nTargets: %d met, %d MISSED (of %d).\n", tally.met,
	    tally.missed, tally.targets);
	if (tally.missed != 0)
		printf("MISSED:\n%s", tally.list);
}

/* A figure for the progress lines: "-" for a failed run. */
const char *
progress(double v, double scale, const char *fmt)
{
	static char	 bufs[6][32];
	static int	 next;
	char		*p = bufs[next++ % 6];

	if (v < 0)
		return "-";
	snprintf(p, 32, fmt, v / scale);
	return p;
}
