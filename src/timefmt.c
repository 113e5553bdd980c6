/*
 * Event timestamps. Broken-down time is cached per second: in a flood
 * thousands of events share it, and localtime_r() is not free.
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
	char		 text[40];
};

static size_t
stamp(char *buf, size_t len, struct second_cache *c, const struct timespec *ts)
{
	struct tm	 tm;
	int		 n;

	if (!c->valid || c->sec != ts->tv_sec) {
		if (c->convert(&ts->tv_sec, &tm) == NULL ||
		    strftime(c->text, sizeof c->text, c->format, &tm) == 0)
			snprintf(c->text, sizeof c->text, "%lld",
			    (long long)ts->tv_sec);
		c->sec = ts->tv_sec;
		c->valid = true;
	}
	n = snprintf(buf, len, "%s.%06ld%s", c->text, ts->tv_nsec / 1000,
	    c->suffix);
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}

/* "08:14:42.123456", the local time of day. */
size_t
time_local(char *buf, size_t len, const struct timespec *ts)
{
	static struct second_cache	 c = {
		.convert = localtime_r, .format = "%H:%M:%S", .suffix = ""
	};

	return stamp(buf, len, &c, ts);
}

/* "2026-11-26T08:14:42.123456Z", RFC 3339 in UTC. */
size_t
time_rfc3339(char *buf, size_t len, const struct timespec *ts)
{
	static struct second_cache	 c = {
		.convert = gmtime_r, .format = "%Y-%m-%dT%H:%M:%S", .suffix = "Z"
	};

	return stamp(buf, len, &c, ts);
}
