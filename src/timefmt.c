/*
 * Event timestamps. Broken-down time is formatted once per second: in a
 * flood thousands of events share it, and localtime_r() is not free.
 * The caller reserves TIME_MAX bytes.
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

struct second_cache {
	struct tm	*(*convert)(const time_t *, struct tm *);
	const char	*format;	/* strftime() format of the second */
	const char	*suffix;	/* after the microseconds */
	time_t		 sec;
	bool		 valid;
	char		 text[32];
	size_t		 len;
};

static char *
stamp(char *p, struct second_cache *c, const struct timespec *ts)
{
	struct tm	 tm;

	if (!c->valid || c->sec != ts->tv_sec) {
		if (c->convert(&ts->tv_sec, &tm) == NULL ||
		    (c->len = strftime(c->text, sizeof c->text, c->format,
		    &tm)) == 0)
			c->len = (size_t)snprintf(c->text, sizeof c->text,
			    "%lld", (long long)ts->tv_sec);
		c->sec = ts->tv_sec;
		c->valid = true;
	}
	p = put_mem(p, c->text, c->len);
	*p++ = '.';
	p = put_pad(p, (uint64_t)ts->tv_nsec / 1000, 6);
	return put_str(p, c->suffix);
}

/* "08:14:42.123456", the local time of day. */
char *
time_local(char *p, const struct timespec *ts)
{
	static struct second_cache	 c = {
		.convert = localtime_r, .format = "%H:%M:%S", .suffix = ""
	};

	return stamp(p, &c, ts);
}

/* "2026-11-26T08:14:42.123456Z", RFC 3339 in UTC. */
char *
time_rfc3339(char *p, const struct timespec *ts)
{
	static struct second_cache	 c = {
		.convert = gmtime_r, .format = "%Y-%m-%dT%H:%M:%S", .suffix = "Z"
	};

	return stamp(p, &c, ts);
}
