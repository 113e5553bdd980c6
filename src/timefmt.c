/*
 * Event timestamps. Broken-down time is cached per second: in a flood
 * thousands of events share it, and localtime_r() is not free.
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

struct second_cache {
	time_t	 sec;
	bool	 valid;
	char	 text[40];
	size_t	 len;
};

static size_t
with_micros(char *buf, size_t len, const struct second_cache *c,
    const struct timespec *ts, const char *suffix)
{
	int	 n;

	n = snprintf(buf, len, "%s.%06ld%s", c->text, ts->tv_nsec / 1000, suffix);
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}

/* "08:14:42.123456", the local time of day. */
size_t
time_local(char *buf, size_t len, const struct timespec *ts)
{
	static struct second_cache	 c;
	struct tm			 tm;

	if (!c.valid || c.sec != ts->tv_sec) {
		localtime_r(&ts->tv_sec, &tm);
		c.len = strftime(c.text, sizeof c.text, "%H:%M:%S", &tm);
		c.sec = ts->tv_sec;
		c.valid = true;
	}
	return with_micros(buf, len, &c, ts, "");
}

/* "2026-11-26T08:14:42.123456Z", RFC 3339 in UTC. */
size_t
time_rfc3339(char *buf, size_t len, const struct timespec *ts)
{
	static struct second_cache	 c;
	struct tm			 tm;

	if (!c.valid || c.sec != ts->tv_sec) {
		gmtime_r(&ts->tv_sec, &tm);
		c.len = strftime(c.text, sizeof c.text, "%Y-%m-%dT%H:%M:%S", &tm);
		c.sec = ts->tv_sec;
		c.valid = true;
	}
	return with_micros(buf, len, &c, ts, "Z");
}
