/* SPDX-License-Identifier: ISC */
/*
 * parse_duration on any string: it accepts exactly
 * DIGITS[.DIGITS][ms|s|m|h|d] up to 100 years, and its value matches
 * one worked out here in 128-bit arithmetic, with fraction digits past
 * the ninth dropped as parse.c documents, and a value that is not zero
 * but below a nanosecond made one.
 */
#include <stdbool.h>

#include "sigwatch.h"
#include "fuzz.h"

#define NSEC		1000000000ULL
#define MAX_SEC		(100ULL * 365 * 24 * 3600)
#define WHOLE_CAP	((u128)10000000000ULL * 10000000000ULL)

typedef unsigned __int128 u128;

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* -1 when s is not a duration; else 0 and its nanoseconds in *ns. */
static int
expect(const char *s, u128 *ns)
{
	static const struct {
		const char	*suffix;
		u128		 nsec;
	} units[] = {
		{ "", NSEC }, { "ms", NSEC / 1000 }, { "s", NSEC },
		{ "m", 60 * NSEC }, { "h", 3600 * NSEC }, { "d", 86400 * NSEC },
	};
	u128	 whole = 0, frac = 0, scale = 1;
	size_t	 i;
	bool	 nonzero = false;

	if (!digit(*s))
		return -1;
	/* Saturate far past the limit: 10^20 days still fit in 128 bits. */
	for (; digit(*s); s++) {
		nonzero |= *s != '0';
		if ((whole = whole * 10 + (unsigned)(*s - '0')) > WHOLE_CAP)
			whole = WHOLE_CAP;
	}
	if (*s == '.') {
		if (!digit(*++s))
			return -1;
		for (; digit(*s); s++) {
			nonzero |= *s != '0';
			if (scale < NSEC) {
				frac = frac * 10 + (unsigned)(*s - '0');
				scale *= 10;
			}
		}
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(s, units[i].suffix) == 0) {
			*ns = whole * units[i].nsec +
			    frac * units[i].nsec / scale;
			if (*ns == 0 && nonzero)
				*ns = 1;
			return 0;
		}
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct timespec	 ts = { -1, -1 };
	u128		 ns = 0;
	char		*s;
	int		 r, e;

	s = fuzz_string(data, size);
	e = expect(s, &ns);
	r = parse_duration(s, &ts);
	if (r == 0) {
		CHECK(e == 0);
		CHECK(ts.tv_sec >= 0);
		CHECK(ts.tv_nsec >= 0 && (unsigned long long)ts.tv_nsec < NSEC);
		CHECK((unsigned long long)ts.tv_sec < MAX_SEC ||
		    ((unsigned long long)ts.tv_sec == MAX_SEC &&
		    ts.tv_nsec == 0));
		CHECK((u128)ts.tv_sec * NSEC + (u128)ts.tv_nsec == ns);
	} else {
		CHECK(r == -1);
		CHECK(e == -1 || ns > (u128)MAX_SEC * NSEC);
	}
	free(s);
	return 0;
}
