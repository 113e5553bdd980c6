/* SPDX-License-Identifier: ISC */
/*
 * A minimal TAP producer for the C unit tests: ok/not ok per check, a
 * plan at the end, exit 1 if anything failed.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_run, unit_failed;

#define CHECK(cond, ...) do {						\
	unit_run++;							\
	if (cond)							\
		printf("ok %d - ", unit_run);				\
	else {								\
		unit_failed++;						\
		printf("not ok %d - %s:%d: ", unit_run, __FILE__, __LINE__); \
	}								\
	printf(__VA_ARGS__);						\
	printf("\n");							\
} while (0)

#define CHECK_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	CHECK(g_ == w_, "%s: got %lld, want %lld", (what), g_, w_);	\
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	CHECK((g_ == NULL && w_ == NULL) ||				\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0),		\
	    "%s: got '%s', want '%s'", (what), g_ ? g_ : "(null)",	\
	    w_ ? w_ : "(null)");					\
} while (0)

#define CHECK_U64(got, want, what) do {					\
	unsigned long long g_ = (unsigned long long)(got);		\
	unsigned long long w_ = (unsigned long long)(want);		\
	CHECK(g_ == w_, "%s: got %#llx, want %#llx", (what), g_, w_);	\
} while (0)

/* Exact: want must be the correctly rounded result (2.5, 0.025). */
#define CHECK_DBL(got, want, what) do {					\
	double g_ = (got), w_ = (want);					\
	CHECK(g_ == w_, "%s: got %.17g, want %.17g", (what), g_, w_);	\
} while (0)

static inline int
unit_done(void)
{
	printf("1..%d\n", unit_run);
	return unit_failed != 0;
}

#endif
