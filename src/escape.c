/*
 * Strings a sender controls (its command name, a user name) made safe:
 * for a terminal, and for a JSON encoder that insists on valid UTF-8.
 */
#include <string.h>

#include "sigwatch.h"

/*
 * Text output: printable ASCII other than space and backslash stands for
 * itself, every other byte becomes \xHH, so no escape sequence and no
 * stray space reaches the reader. Returns the length written; dst holds
 * at least 4 * strlen(src) + 1 bytes or the result is cut.
 */
size_t
escape_text(char *dst, size_t len, const char *src)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 n = 0;

	if (len == 0)
		return 0;
	for (; *s != '\0'; s++) {
		if (*s > ' ' && *s < 0x7f && *s != '\\') {
			if (n + 1 >= len)
				break;
			dst[n++] = (char)*s;
			continue;
		}
		if (n + 4 >= len)
			break;
		dst[n++] = '\\';
		dst[n++] = 'x';
		dst[n++] = hex[*s >> 4];
		dst[n++] = hex[*s & 0xf];
	}
	dst[n] = '\0';
	return n;
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
