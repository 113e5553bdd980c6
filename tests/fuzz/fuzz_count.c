/* SPDX-License-Identifier: ISC */
/*
 * parse_count on any string: it accepts exactly the strings of digits
 * whose value is from 1 to 2^64 - 1, and gives that value.
 */
#include <stdbool.h>

#include "sigwatch.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long	 n = 0, want = 0;
	char			*s, *p;
	bool			 digits, overflow = false;
	int			 r;

	s = fuzz_string(data, size);
	digits = *s != '\0';
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			digits = false;
			break;
		}
		if (__builtin_mul_overflow(want, 10, &want) ||
		    __builtin_add_overflow(want, (unsigned)(*p - '0'), &want))
			overflow = true;
	}

	r = parse_count(s, &n);
	if (r == 0) {
		CHECK(digits && !overflow);
		CHECK(n > 0);
		CHECK(n == want);
	} else {
		CHECK(r == -1);
		CHECK(!digits || overflow || want == 0);
	}
	free(s);
	return 0;
}
