/* SPDX-License-Identifier: ISC */
/*
 * Strings a sender controls (its command name, a user name) made safe:
 * for a terminal, and for a JSON encoder that insists on valid UTF-8.
 */
#include <string.h>

#include "sigwatch.h"

/*
 * Printable ASCII other than backslash (and, unless keep_space, space)
 * stands for itself; every other byte becomes \xHH. A cut never splits
 * an escape; dst is always terminated.
 */
static size_t
escape(char *dst, size_t len, const char *src, size_t srclen, bool keep_space)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 i, n = 0;

	if (len == 0)
		return 0;
	for (i = 0; i < srclen && s[i] != '\0'; i++) {
		if ((s[i] > ' ' || (keep_space && s[i] == ' ')) && s[i] < 0x7f &&
		    s[i] != '\\') {
			if (n + 1 >= len)
				break;
			dst[n++] = (char)s[i];
			continue;
		}
		if (n + 4 >= len)
			break;
		dst[n++] = '\\';
		dst[n++] = 'x';
		dst[n++] = hex[s[i] >> 4];
		dst[n++] = hex[s[i] & 0xf];
	}
	dst[n] = '\0';
	return n;
}

/*
 * Text output: no escape sequence and no stray space from what a sender
 * controls reaches the reader. dst holds at least 4 * strlen(src) + 1
 * bytes or the result is cut.
 */
size_t
escape_text(char *dst, size_t len, const char *src)
{
	return escape(dst, len, src, (size_t)-1, false);
}

/*
 * A command-line token in an error message, so that the message stays
 * one line and cannot drive the terminal; spaces stand for themselves.
 * Into the caller's buffer, for a vfork()ed child that must not touch
 * sigwatch's memory.
 */
size_t
escape_arg(char *dst, size_t len, const char *src)
{
	return escape(dst, len, src, (size_t)-1, true);
}

/*
 * The same, into one of a few static buffers: enough for the arguments
 * of one message.
 */
const char *
quote_arg(const char *s, size_t len)
{
	static char	 ring[4][4 * 64 + 1];
	static int	 next;
	char		*buf = ring[next++ % 4];

	escape(buf, sizeof ring[0], s, len, true);
	return buf;
}

/* The same for a whole string, from the same buffers. */
const char *
quote_str(const char *s)
{
	return quote_arg(s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s)
{
	size_t		 n, i;
	unsigned	 cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/*
 * JSON output: copy src with each byte that is not part of valid UTF-8
 * replaced by U+FFFD. dst holds at least 3 * strlen(src) + 1 bytes or
 * the result is cut at a character boundary.
 */
size_t
sanitize_utf8(char *dst, size_t len, const char *src)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 n = 0, k;

	if (len == 0)
		return 0;
	while (*s != '\0') {
		if ((k = utf8_len(s)) == 0) {
			if (n + 3 >= len)
				break;
			memcpy(dst + n, "\xef\xbf\xbd", 3);
			n += 3;
			s++;
			continue;
		}
		if (n + k >= len)
			break;
		memcpy(dst + n, s, k);
		n += k;
		s += k;
	}
	dst[n] = '\0';
	return n;
}
