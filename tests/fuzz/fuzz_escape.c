/* SPDX-License-Identifier: ISC */
/*
 * escape_text, sanitize_utf8 and quote_arg. The first two bytes of the
 * input are the sizes of the buffers escape_text and sanitize_utf8 write
 * into (0 to 255); the rest, up to a NUL, is the string. Each buffer is
 * allocated to exactly its size, so ASan catches a write past it.
 * Checked: the result is NUL-terminated at the returned length;
 * escape_text writes only bytes 0x21 to 0x7e (quote_arg 0x20 to 0x7e)
 * and its output decodes back to the input; sanitize_utf8 writes valid
 * UTF-8, the input with each byte of an invalid sequence made U+FFFD;
 * a result that does not fit is cut where the next piece would not.
 */
#include <stdbool.h>

#include "sigwatch.h"
#include "fuzz.h"

/* quote_arg() writes at most this many characters. */
#define QUOTE_MAX	256

static const char	 hexdigits[] = "0123456789abcdef";

/*
 * What escape_text writes for byte c: 1 byte, or 4 for \xHH. quote_arg
 * (space) lets a space stand for itself too.
 */
static size_t
escape_size(unsigned char c, bool space)
{
	return (c > ' ' || (space && c == ' ')) && c < 0x7f && c != '\\' ?
	    1 : 4;
}

/*
 * Length of the well-formed UTF-8 sequence at s (Unicode table 3-7,
 * byte ranges rather than code points), 0 when there is none.
 */
static size_t
wf_len(const unsigned char *s)
{
	static const struct {
		unsigned char	 lead_lo, lead_hi, len, next_lo, next_hi;
	} seq[] = {
		{ 0x00, 0x7f, 1, 0, 0 },
		{ 0xc2, 0xdf, 2, 0x80, 0xbf },
		{ 0xe0, 0xe0, 3, 0xa0, 0xbf },
		{ 0xe1, 0xec, 3, 0x80, 0xbf },
		{ 0xed, 0xed, 3, 0x80, 0x9f },
		{ 0xee, 0xef, 3, 0x80, 0xbf },
		{ 0xf0, 0xf0, 4, 0x90, 0xbf },
		{ 0xf1, 0xf3, 4, 0x80, 0xbf },
		{ 0xf4, 0xf4, 4, 0x80, 0x8f },
	};
	size_t	 i, k;

	for (i = 0; i < sizeof seq / sizeof seq[0]; i++) {
		if (s[0] < seq[i].lead_lo || s[0] > seq[i].lead_hi)
			continue;
		if (seq[i].len == 1)
			return 1;
		if (s[1] < seq[i].next_lo || s[1] > seq[i].next_hi)
			return 0;
		for (k = 2; k < seq[i].len; k++)
			if (s[k] < 0x80 || s[k] > 0xbf)
				return 0;
		return seq[i].len;
	}
	return 0;
}

/* Whether the n bytes at s are valid UTF-8 without a NUL. */
static bool
utf8_valid(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k;

	for (i = 0; i < n; i += k)
		if (p[i] == '\0' || (k = wf_len(p + i)) == 0 || i + k > n)
			return false;
	return true;
}

/* Hex digit value, -1 for anything escape_text does not write. */
static int
hexval(char c)
{
	const char	*p;

	if (c == '\0' || (p = strchr(hexdigits, c)) == NULL)
		return -1;
	return (int)(p - hexdigits);
}

/*
 * Escaped text: printable ASCII only, each byte that cannot stand for
 * itself as \xHH and nothing else escaped, decoding to the start of src.
 * Returns how many bytes of src it stands for.
 */
static size_t
check_escaped(const char *out, size_t n, const char *src, bool space)
{
	size_t		 i, j = 0;
	int		 hi, lo;
	unsigned char	 c;

	CHECK(out[n] == '\0' && strlen(out) == n);
	for (i = 0; i < n; i++)
		CHECK(out[i] >= (space ? 0x20 : 0x21) && out[i] <= 0x7e);
	for (i = 0; i < n; j++) {
		CHECK(src[j] != '\0');
		if (out[i] != '\\') {
			CHECK(out[i] == src[j]);
			i++;
			continue;
		}
		CHECK(i + 4 <= n && out[i + 1] == 'x');
		CHECK((hi = hexval(out[i + 2])) != -1);
		CHECK((lo = hexval(out[i + 3])) != -1);
		c = (unsigned char)(hi << 4 | lo);
		CHECK(escape_size(c, space) == 4);
		CHECK(c == (unsigned char)src[j]);
		i += 4;
	}
	return j;
}

/* sanitize_utf8(src) in full, worked out independently. */
static char *
sanitized(const char *src)
{
	const unsigned char	*s = (const unsigned char *)src;
	char			*out;
	size_t			 n = 0, k;

	if ((out = malloc(3 * strlen(src) + 1)) == NULL)
		abort();
	while (*s != '\0') {
		if ((k = wf_len(s)) == 0) {
			memcpy(out + n, "\xef\xbf\xbd", 3);
			n += 3;
			s++;
		} else {
			memcpy(out + n, s, k);
			n += k;
			s += k;
		}
	}
	out[n] = '\0';
	return out;
}

/*
 * The piece of output for the input at s: its size, and in *used how
 * many input bytes it stands for.
 */
static size_t
piece(const unsigned char *s, bool utf8, size_t *used)
{
	size_t	 k;

	*used = 1;
	if (!utf8)
		return escape_size(*s, false);
	if ((k = wf_len(s)) == 0)
		return 3;	/* U+FFFD */
	*used = k;
	return k;
}

/*
 * A result cut to fit len bytes: the start of the full one, ending where
 * a piece ends, and the next piece (if any) would not fit with the NUL.
 */
static void
check_cut(const char *out, size_t n, size_t len, const char *full,
    size_t fulllen, const char *src, bool utf8)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 pos = 0, used;

	if (len == 0) {
		CHECK(n == 0);
		return;
	}
	CHECK(n < len && out[n] == '\0' && strlen(out) == n);
	CHECK(n <= fulllen && memcmp(out, full, n) == 0);
	while (*s != '\0' && pos < n) {
		pos += piece(s, utf8, &used);
		s += used;
	}
	CHECK(pos == n);
	if (*s != '\0')
		CHECK(n + piece(s, utf8, &used) >= len);
	else
		CHECK(n == fulllen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		*src, *full, *want, *small, *exact;
	const char	*q;
	size_t		 slen, n, fulllen, len_esc, len_utf8, used;

	if (size < 2)
		return -1;
	len_esc = data[0];
	len_utf8 = data[1];
	src = fuzz_string(data + 2, size - 2);
	slen = strlen(src);

	/* escape_text: in full, then into len_esc bytes. */
	if ((full = malloc(4 * slen + 1)) == NULL)
		abort();
	fulllen = escape_text(full, 4 * slen + 1, src);
	CHECK(check_escaped(full, fulllen, src, false) == slen);
	if ((small = malloc(len_esc)) == NULL && len_esc > 0)
		abort();
	n = escape_text(small, len_esc, src);
	check_cut(small, n, len_esc, full, fulllen, src, false);
	free(small);
	free(full);

	/*
	 * quote_arg, for error messages: the string in exactly slen bytes,
	 * no NUL, so ASan catches a read past them. Its buffer holds 256
	 * characters: the quote is cut where the next escape would not fit.
	 */
	if ((exact = malloc(slen > 0 ? slen : 1)) == NULL)
		abort();
	memcpy(exact, src, slen);
	q = quote_arg(exact, slen);
	n = strlen(q);
	CHECK(n <= QUOTE_MAX);
	used = check_escaped(q, n, src, true);
	if (used < slen)
		CHECK(n + escape_size((unsigned char)src[used], true) >
		    QUOTE_MAX);
	free(exact);

	/* sanitize_utf8: in full, then into len_utf8 bytes. */
	want = sanitized(src);
	if ((full = malloc(3 * slen + 1)) == NULL)
		abort();
	fulllen = sanitize_utf8(full, 3 * slen + 1, src);
	CHECK(full[fulllen] == '\0' && strlen(full) == fulllen);
	CHECK(utf8_valid(full, fulllen));
	CHECK(strcmp(full, want) == 0);
	if (utf8_valid(src, slen))
		CHECK(strcmp(full, src) == 0);
	if ((small = malloc(len_utf8)) == NULL && len_utf8 > 0)
		abort();
	n = sanitize_utf8(small, len_utf8, src);
	if (len_utf8 > 0)
		CHECK(utf8_valid(small, n));
	check_cut(small, n, len_utf8, full, fulllen, src, true);
	free(small);
	free(full);
	free(want);
	free(src);
	return 0;
}
