/* SPDX-License-Identifier: ISC */
/*
 * Where a receiver's line carries the sigqueue() value: "value=V" in
 * sigwatch's text and the floor's lines, "\"value\":V" in sigwatch
 * --json. The sender (waiting for its ping's reply) and the driver
 * (checking a whole output) read lines the same way, so that the two
 * cannot disagree on what was received.
 */
#ifndef VALUE_H
#define VALUE_H

#include <string.h>

/* The value on the line from p to end; -1 if it has none, -2 if bad. */
static inline long
line_value(const char *p, const char *end)
{
	const char	*q;
	long		 v = 0;

	if ((q = memmem(p, (size_t)(end - p), "value=", 6)) != NULL)
		q += 6;
	else if ((q = memmem(p, (size_t)(end - p), "\"value\":", 8)) != NULL)
		q += 8;
	else
		return -1;
	if (q >= end || *q < '0' || *q > '9')
		return -2;
	while (q < end && *q >= '0' && *q <= '9')
		v = v * 10 + (*q++ - '0');
	return v;
}

#endif
