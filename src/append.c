/* SPDX-License-Identifier: ISC */
/*
 * Appending numbers and strings to a buffer without printf. Every field
 * of every event goes through here: vsnprintf's set-up alone costs more
 * than the kernel's share of delivering a signal. The caller reserves
 * room; each function returns the new end.
 */
#include <string.h>

#include "sigwatch.h"

char *
put_mem(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

char *
put_str(char *p, const char *s)
{
	return put_mem(p, s, strlen(s));
}

/* s between two delimiters: "(s)", "\"s\"", " s=". */
char *
put_between(char *p, char open, const char *s, char close)
{
	*p++ = open;
	p = put_str(p, s);
	*p++ = close;
	return p;
}

char *
put_u64(char *p, uint64_t v)
{
	char	 tmp[20], *t = tmp + sizeof tmp;

	do
		*--t = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return put_mem(p, t, (size_t)(tmp + sizeof tmp - t));
}

char *
put_i64(char *p, int64_t v)
{
	if (v >= 0)
		return put_u64(p, (uint64_t)v);
	*p++ = '-';
	return put_u64(p, -(uint64_t)v);
}

/* "0x2a", as printf's "0x%llx". */
char *
put_hex(char *p, uint64_t v)
{
	static const char	 digits[] = "0123456789abcdef";
	char			 tmp[16], *t = tmp + sizeof tmp;

	do
		*--t = digits[v & 0xf];
	while ((v >>= 4) != 0);
	*p++ = '0';
	*p++ = 'x';
	return put_mem(p, t, (size_t)(tmp + sizeof tmp - t));
}

/* v in exactly width digits, zero-padded: the microseconds of a time. */
char *
put_pad(char *p, uint64_t v, int width)
{
	int	 i;

	for (i = width - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + width;
}
