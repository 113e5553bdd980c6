/* SPDX-License-Identifier: ISC */
/*
 * The jansson side of the JSON output, shared by every JSON line: one
 * set of flags, errors that end the run rather than a half-built line,
 * and DEL escaped as jansson does not. Strings a sender controls are
 * made valid UTF-8 first, and everything outside printable ASCII is
 * \u-escaped, so that raw JSON on a terminal cannot carry control codes.
 */
#include <err.h>
#include <string.h>

#include <jansson.h>

#include "sigwatch.h"

#define JSON_FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6))
#define JSON_GUESS	1024

/* Building a line can only fail for want of memory. */
json_t *
json_must(json_t *v)
{
	if (v == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	return v;
}

json_t *
json_new_object(void)
{
	return json_must(json_object());
}

void
json_set(json_t *o, const char *key, json_t *value)
{
	if (json_object_set_new_nocheck(o, key, json_must(value)) == -1)
		errx(EXIT_TROUBLE, "out of memory building JSON");
}

/* Append value to the array a. */
void
json_push(json_t *a, json_t *value)
{
	if (json_array_append_new(a, json_must(value)) == -1)
		errx(EXIT_TROUBLE, "out of memory building JSON");
}

/* A sender-controlled name, or null when it could not be looked up. */
json_t *
json_untrusted(const char *s)
{
	char	 clean[3 * NAME_SIZE + 1];

	if (s == NULL)
		return json_null();
	sanitize_utf8(clean, sizeof clean, s);
	return json_string(clean);
}

/*
 * JSON_ENSURE_ASCII escapes the control characters below 0x20 and all
 * above 0x7f, but lets DEL through: make each \u007f in the n bytes
 * jansson wrote at p. Outside a string JSON has no DEL, so every one is
 * in a string. Returns the length that takes, rewriting p only if it
 * fits in size.
 */
static size_t
escape_del(char *p, size_t n, size_t size)
{
	size_t	 i, j, dels = 0;

	for (i = 0; i < n; i++)
		dels += p[i] == 0x7f;
	if (dels == 0 || n + 5 * dels > size)
		return n + 5 * dels;
	/* From the end, so that each byte moves before it is overwritten. */
	for (i = n, j = n + 5 * dels; i > 0; )
		if (p[--i] == 0x7f) {
			j -= 6;
			memcpy(p + j, "\\u007f", 6);
		} else
			p[--j] = p[i];
	return n + 5 * dels;
}

/*
 * A name a sender controls as a JSON string, in buf: its length, or
 * "null" if it cannot be encoded. The labels' encoder (label.c).
 */
size_t
json_quote(char *buf, size_t size, const char *raw)
{
	char	 clean[3 * NAME_SIZE + 1];
	json_t	*s;
	size_t	 n;

	sanitize_utf8(clean, sizeof clean, raw);
	s = json_must(json_string(clean));
	n = json_dumpb(s, buf, size - 1, JSON_ENCODE_ANY | JSON_FLAGS);
	json_decref(s);
	if (n != 0 && n < size)
		n = escape_del(buf, n, size - 1);
	if (n == 0 || n >= size)
		n = (size_t)(stpcpy(buf, "null") - buf);
	buf[n] = '\0';
	return n;
}

/*
 * Serialise straight into the output buffer after head, growing it if
 * needed. A non-empty head replaces the object's opening brace, so that
 * hand-written members can lead.
 */
static void
emit_after(struct output *out, const char *head, size_t hn, json_t *o)
{
	size_t	 need, room = hn + JSON_GUESS;
	char	*p;

	for (;;) {
		p = output_reserve(out, room);
		if ((need = json_dumpb(o, p + hn, room - hn, JSON_FLAGS)) == 0)
			errx(EXIT_TROUBLE, "cannot encode JSON");
		if (hn + need < room)
			need = escape_del(p + hn, need, room - hn - 1);
		if (hn + need < room)
			break;
		room = hn + need + 1;
	}
	json_decref(o);
	if (hn > 0) {
		memcpy(p, head, hn);
		if (need == 2)		/* "{}": the head was all */
			p[hn] = '}', need = 1;
		else
			p[hn] = ',';
	}
	p[hn + need] = '\n';
	output_commit(out, hn + need + 1);
}

void
json_emit(struct output *out, json_t *o)
{
	emit_after(out, "", 0, o);
}

/*
 * {"event":"...","time":"...","mono":...: how every time-stamped event
 * starts. mono is written by hand: a jansson real would keep only six
 * significant digits.
 */
char *
json_put_head(char *p, const char *event, const struct timespec *time,
    const struct timespec *mono)
{
	p = put_str(p, "{\"event\":\"");
	p = put_str(p, event);
	p = put_str(p, "\",\"time\":\"");
	p = time_rfc3339(p, time);
	p = put_str(p, "\",\"mono\":");
	return time_seconds(p, mono);
}

/* The object's members after the common head. */
void
json_emit_event(struct output *out, const char *event,
    const struct timespec *time, const struct timespec *mono, json_t *rest)
{
	char	 head[64 + TIME_MAX + 32];

	emit_after(out, head, (size_t)(json_put_head(head, event, time, mono) -
	    head), rest);
}
