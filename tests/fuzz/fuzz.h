/* SPDX-License-Identifier: ISC */
/*
 * Shared by the libFuzzer targets: the input as a C string, as the
 * parsers get it from the command line, and a check that aborts, so
 * libFuzzer reports the property and saves the input that broke it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: property failed: %s\n",		\
		    __FILE__, __LINE__, #cond);				\
		abort();						\
	}								\
} while (0)

/* size bytes of data on the heap, with a NUL after them; free() it. */
static inline char *
fuzz_copy(const uint8_t *data, size_t size)
{
	char	*s;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The input up to its first NUL: command-line strings hold none. */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	const uint8_t	*nul;

	if (size > 0 && (nul = memchr(data, '\0', size)) != NULL)
		size = (size_t)(nul - data);
	return fuzz_copy(data, size);
}

#endif
