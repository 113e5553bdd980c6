/* SPDX-License-Identifier: ISC */
/*
 * Counts, durations, pid lists and comma lists from the command line. Strict: no
 * sign, no space, no trailing garbage, no overflow.
 */
#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sigwatch.h"

#define NSEC_PER_SEC	1000000000ULL
/* Far beyond any useful timeout, and safe from overflow below. */
#define DURATION_MAX_SEC (100ULL * 365 * 24 * 3600)

/* Digits only; -1 on overflow or when there are none. */
static int
parse_digits(const char **sp, unsigned long long *out)
{
	const char		*s = *sp;
	unsigned long long	 v = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	for (; isdigit((unsigned char)*s); s++) {
		if (v > (~0ULL - (unsigned)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
	}
	*sp = s;
	*out = v;
	return 0;
}

/* A positive whole number. */
int
parse_count(const char *s, unsigned long long *out)
{
	if (parse_digits(&s, out) == -1 || *s != '\0' || *out == 0)
		return -1;
	return 0;
}

/* A process ID: a positive whole number that fits a pid_t. */
int
parse_pid(const char *s, pid_t *out)
{
	unsigned long long	 v;

	if (parse_digits(&s, &v) == -1 || *s != '\0' || v == 0 || v > INT_MAX)
		return -1;
	*out = (pid_t)v;
	return 0;
}

static const struct {
	const char		*suffix;
	unsigned long long	 nsec;
} units[] = {
	{ "",	NSEC_PER_SEC },
	{ "ms",	NSEC_PER_SEC / 1000 },
	{ "s",	NSEC_PER_SEC },
	{ "m",	60 * NSEC_PER_SEC },
	{ "h",	3600 * NSEC_PER_SEC },
	{ "d",	86400 * NSEC_PER_SEC },
};

/*
 * "500ms", "2s", "1.5m", "1h", "1d"; a bare number is seconds. Zero is
 * accepted and means no timeout, as in timeout(1). A duration that is
 * not zero but below a nanosecond is one: to make it zero would make it
 * mean none.
 */
int
parse_duration(const char *s, struct timespec *out)
{
	unsigned long long	 whole, frac = 0, scale = 1, unit = 0, ns;
	size_t			 i;
	bool			 nonzero;

	if (parse_digits(&s, &whole) == -1)
		return -1;
	nonzero = whole != 0;
	if (*s == '.') {
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		/* Nanoseconds are the finest unit: ignore digits past them. */
		for (; isdigit((unsigned char)*s); s++) {
			nonzero |= *s != '0';
			if (scale < NSEC_PER_SEC) {
				frac = frac * 10 + (unsigned)(*s - '0');
				scale *= 10;
			}
		}
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s, units[i].suffix) == 0)
			unit = units[i].nsec;
	if (unit == 0 || whole > DURATION_MAX_SEC * NSEC_PER_SEC / unit)
		return -1;
	/* frac / scale of a unit, without overflow or floating point. */
	ns = frac * (unit / scale) + (unit % scale) * frac / scale;
	if ((ns += whole * unit) > DURATION_MAX_SEC * NSEC_PER_SEC)
		return -1;
	if (ns == 0 && nonzero)
		ns = 1;
	out->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	out->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

/*
 * Each item of a comma-separated list, as one(arg, item, length), until
 * one returns an error: NULL, or that error.
 */
const char *
parse_list(const char *list, parse_item_fn *one, void *arg)
{
	const char	*p = list, *end, *e;
	size_t		 len;

	for (;; p = end + 1) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if ((e = one(arg, p, len)) != NULL)
			return e;
		if (end == NULL)
			return NULL;
	}
}

/* What separates the pids of a list: strace's, for -p "$(pidof nginx)". */
#define PID_SEPARATORS	", \t\n"

/*
 * Each pid of a list separated by commas or white space, as one(arg,
 * pid, typed): typed is the item as written, one's to keep or free.
 * NULL, or the error that names the item that is not a pid (the whole
 * list when it has none).
 */
const char *
parse_pids(const char *list, parse_pid_fn *one, void *arg)
{
	const char	*p = list;
	char		*item;
	size_t		 len;
	pid_t		 pid;
	int		 n = 0;

	for (; *(p += strspn(p, PID_SEPARATORS)) != '\0'; p += len, n++) {
		len = strcspn(p, PID_SEPARATORS);
		if ((item = strndup(p, len)) == NULL)
			err(EXIT_TROUBLE, "strndup");
		if (parse_pid(item, &pid) == -1) {
			free(item);
			return parse_error("invalid pid '%s'", quote_arg(p, len));
		}
		one(arg, pid, item);
	}
	return n == 0 ? parse_error("invalid pid '%s'", quote_str(list)) : NULL;
}

/*
 * The error a parser of an option's value returns, formatted: valid
 * until the next one, which the caller prints or passes on first. Room
 * for a whole quote_arg() quote (256 bytes at most) and the words around
 * it, so that a long token never cuts the message's closing quote off.
 */
const char *
parse_error(const char *fmt, ...)
{
	static char	 buf[512];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}
