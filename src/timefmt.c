/* SPDX-License-Identifier: ISC */
/*
 * Event timestamps. Broken-down time is formatted once per second: in a
 * flood thousands of events share it, and localtime_r() is not free.
 * The caller reserves TIME_MAX bytes.
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

/* What follows the microseconds. */
enum zone {
	ZONE_NONE,	/* local time of day: the reader's own zone */
	ZONE_UTC,	/* "Z" */
	ZONE_OFFSET,	/* "+01:00", the local offset from UTC */
};

struct second_cache {
	struct tm	*(*convert)(const time_t *, struct tm *);
	const char	*format;	/* strftime() format of the second */
	enum zone	 zone;
	time_t		 sec;
	bool		 valid;
	char		 text[32];
	size_t		 len;
	char		 suffix[8];
};

/* The zone as RFC 3339 writes it. */
static void
set_suffix(struct second_cache *c, const struct tm *tm)
{
	long	 off = tm->tm_gmtoff;
	char	*p = c->suffix;

	if (c->zone != ZONE_OFFSET) {
		strcpy(c->suffix, c->zone == ZONE_UTC ? "Z" : "");
		return;
	}
	*p++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	p = put_pad(p, (uint64_t)(off / 3600 % 100), 2);
	*p++ = ':';
	p = put_pad(p, (uint64_t)(off / 60 % 60), 2);
	*p = '\0';
}

/* The stamps made from broken-down time, one cache each. */
enum stamp_style {
	STAMP_LOCAL,
	STAMP_ISO,
	STAMP_RFC3339,
};

static struct second_cache	 caches[] = {
	/* "08:14:42.123456", the local time of day. */
	[STAMP_LOCAL] = {
		.convert = localtime_r, .format = "%H:%M:%S",
	},
	/* "2026-11-26T09:14:42.123456+01:00": the local time, unambiguous. */
	[STAMP_ISO] = {
		.convert = localtime_r, .format = "%Y-%m-%dT%H:%M:%S",
		.zone = ZONE_OFFSET,
	},
	/* "2026-11-26T08:14:42.123456Z", RFC 3339 in UTC. */
	[STAMP_RFC3339] = {
		.convert = gmtime_r, .format = "%Y-%m-%dT%H:%M:%S",
		.zone = ZONE_UTC,
	},
};

/*
 * RFC 3339 offsets are whole minutes, and TZ=XXX+05:30:15 (or a zone's
 * local mean time of old) is not: the offset is rounded to the minute
 * and the time shown is the instant at that offset, so that the stamp
 * still names the very instant, not one 15 seconds off.
 */
static struct tm *
convert(const struct second_cache *c, const time_t *t, struct tm *tm)
{
	time_t	 shifted;
	long	 off;

	if (c->convert(t, tm) == NULL)
		return NULL;
	if (c->zone != ZONE_OFFSET || tm->tm_gmtoff % 60 == 0)
		return tm;
	off = tm->tm_gmtoff;
	off = (off + (off < 0 ? -30 : 30)) / 60 * 60;
	shifted = *t + off;
	if (gmtime_r(&shifted, tm) == NULL)
		return NULL;
	tm->tm_gmtoff = off;
	return tm;
}

static char *
stamp(char *p, enum stamp_style style, const struct timespec *ts)
{
	struct second_cache	*c = &caches[style];
	struct tm		 tm;

	if (!c->valid || c->sec != ts->tv_sec) {
		if (convert(c, &ts->tv_sec, &tm) == NULL ||
		    (c->len = strftime(c->text, sizeof c->text, c->format,
		    &tm)) == 0) {
			c->len = (size_t)snprintf(c->text, sizeof c->text,
			    "%lld", (long long)ts->tv_sec);
			c->suffix[0] = '\0';
		} else
			set_suffix(c, &tm);
		c->sec = ts->tv_sec;
		c->valid = true;
	}
	p = put_mem(p, c->text, c->len);
	*p++ = '.';
	p = put_pad(p, (uint64_t)ts->tv_nsec / 1000, 6);
	return put_str(p, c->suffix);
}

char *
time_local(char *p, const struct timespec *ts)
{
	return stamp(p, STAMP_LOCAL, ts);
}

char *
time_iso(char *p, const struct timespec *ts)
{
	return stamp(p, STAMP_ISO, ts);
}

char *
time_rfc3339(char *p, const struct timespec *ts)
{
	return stamp(p, STAMP_RFC3339, ts);
}

/* "1795680000.123456": seconds and microseconds. */
char *
time_seconds(char *p, const struct timespec *ts)
{
	p = put_u64(p, (uint64_t)(ts->tv_sec < 0 ? 0 : ts->tv_sec));
	*p++ = '.';
	return put_pad(p, (uint64_t)ts->tv_nsec / 1000, 6);
}

/*
 * "     3.250000": seconds right-aligned in six columns, as strace -r
 * prints them, so that lines stay aligned for the first 11 days.
 */
static char *
time_aligned(char *p, const struct timespec *ts)
{
	char	 buf[32];
	size_t	 i, n = (size_t)(time_seconds(buf, ts) - buf);

	for (i = n; i < 6 + 7; i++)
		*p++ = ' ';
	return put_mem(p, buf, n);
}

/* when - since, or zero if when is earlier. */
struct timespec
time_since(const struct timespec *when, const struct timespec *since)
{
	struct timespec	 d = { when->tv_sec - since->tv_sec,
	    when->tv_nsec - since->tv_nsec };

	if (d.tv_nsec < 0) {
		d.tv_nsec += 1000000000;
		d.tv_sec--;
	}
	if (d.tv_sec < 0)
		d.tv_sec = d.tv_nsec = 0;
	return d;
}

/* Where each --time format takes its time from. */
enum stamp_clock {
	FROM_REAL,
	FROM_MONO,
	FROM_ORIGIN,	/* CLOCK_MONOTONIC since the style's origin */
};

/* What each --time format writes, and from which clock. */
static const struct {
	char		*(*write)(char *, const struct timespec *);
	enum stamp_clock from;
} text_stamps[] = {
	[TIME_LOCAL] =		{ .write = time_local },
	[TIME_ISO] =		{ .write = time_iso },
	[TIME_EPOCH] =		{ .write = time_seconds },
	[TIME_MONO] =		{ .write = time_aligned, .from = FROM_MONO },
	[TIME_RELATIVE] =	{ .write = time_aligned, .from = FROM_ORIGIN },
	[TIME_NONE] =		{ .write = NULL },
};

/*
 * A text line's time stamp in the style's format, and the space after
 * it; nothing at all for TIME_NONE.
 */
char *
time_text(char *p, const struct style *st, const struct timespec *real,
    const struct timespec *mono)
{
	struct timespec		 rel = time_since(mono, &st->origin);
	const struct timespec	*from[] = {
		[FROM_REAL] = real, [FROM_MONO] = mono, [FROM_ORIGIN] = &rel,
	};

	if (text_stamps[st->time].write == NULL)
		return p;
	p = text_stamps[st->time].write(p, from[text_stamps[st->time].from]);
	*p++ = ' ';
	return p;
}
