/*
 * JSON lines: one compact object per event. Addresses and pointers are
 * hex strings because jq loses integers past 2^53. Strings a sender
 * controls are made valid UTF-8, and everything outside printable ASCII
 * is \u-escaped so that raw JSON on a terminal cannot carry control codes.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "sigwatch.h"

#define JSON_FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6))
#define JSON_GUESS	1024
/* Room for the longest signal event: two encoded names and every field. */
#define LINE_RESERVE	(TIME_MAX + 2 * sizeof(struct label) + 768)
_Static_assert(LINE_RESERVE <= LINE_RESERVE_MAX, "see output_room()");

void
json_set(json_t *o, const char *key, json_t *value)
{
	if (value == NULL || json_object_set_new_nocheck(o, key, value) == -1)
		errx(EXIT_TROUBLE, "out of memory building JSON");
}

/* A sender-controlled name, or null when it could not be looked up. */
json_t *
json_untrusted(const char *s)
{
	char	 clean[3 * 256 + 1];

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
 * A name a sender controls, as a JSON value, encoded by jansson once per
 * lookup rather than once per event.
 */
void
json_label(struct label *l, const char *raw)
{
	char	 clean[sizeof l->text];
	json_t	*s;
	size_t	 n;

	sanitize_utf8(clean, sizeof clean, raw);
	if ((s = json_string(clean)) == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	n = json_dumpb(s, l->json, sizeof l->json - 1,
	    JSON_ENCODE_ANY | JSON_FLAGS);
	if (n != 0 && n < sizeof l->json)
		n = escape_del(l->json, n, sizeof l->json - 1);
	if (n == 0 || n >= sizeof l->json)
		strcpy(l->json, "null");
	else
		l->json[n] = '\0';
	json_decref(s);
}

/*
 * Signal events are written by hand: building and freeing a jansson
 * object per signal costs ten times the kernel's work. Every string
 * here is ASCII we chose, or a label jansson encoded; the test suite
 * checks the result against a jansson rendering of the same event.
 */
static char *
put_key(char *p, const char *key)
{
	*p++ = ',';
	*p++ = '"';
	p = put_str(p, key);
	*p++ = '"';
	*p++ = ':';
	return p;
}

/*
 * {"event":"...","time":"...","mono":...: how every time-stamped event
 * starts. mono is written by hand: a jansson real would keep only six
 * significant digits.
 */
static char *
put_head(char *p, const char *event, const struct timespec *time,
    const struct timespec *mono)
{
	p = put_str(p, "{\"event\":\"");
	p = put_str(p, event);
	p = put_str(p, "\",\"time\":\"");
	p = time_rfc3339(p, time);
	*p++ = '"';
	return time_seconds(put_key(p, "mono"), mono);
}

/* The object's members after the common head. */
void
json_emit_event(struct output *out, const char *event,
    const struct timespec *time, const struct timespec *mono, json_t *rest)
{
	char	 head[64 + TIME_MAX + 32];

	emit_after(out, head, (size_t)(put_head(head, event, time, mono) -
	    head), rest);
}

static char *
put_string(char *p, const char *s)
{
	*p++ = '"';
	p = put_str(p, s);
	*p++ = '"';
	return p;
}

static char *
put_hexstring(char *p, uint64_t v)
{
	*p++ = '"';
	p = put_hex(p, v);
	*p++ = '"';
	return p;
}

/* As jansson prints a real with JSON_REAL_PRECISION(6). */
static char *
put_real(char *p, double v)
{
	int	 n = sprintf(p, "%.6g", v);

	if (strpbrk(p, ".eE") == NULL) {
		strcpy(p + n, ".0");
		n += 2;
	}
	return p + n;
}

static char *
put_sender(char *p, const struct event *ev)
{
	if (ev->fields & F_PID) {
		p = put_u64(put_key(p, "pid"), ev->pid);
		p = put_string(put_key(p, "sender"), ev->claimed ?
		    "claimed" : "kernel");
	}
	if (ev->fields & F_UID)
		p = put_u64(put_key(p, "uid"), ev->uid);
	if (ev->resolved) {
		p = put_str(put_key(p, "user"), ev->user_label->json);
		p = put_str(put_key(p, "comm"), ev->comm_label->json);
	}
	return p;
}

static char *
put_child(char *p, const struct event *ev)
{
	char	 name[SIG_NAME_MAX];

	p = put_i64(put_key(p, "status"), ev->status);
	if (ev->status_is_signal)
		p = put_string(put_key(p, "status_signal"),
		    sig_name(ev->status, name));
	p = put_real(put_key(p, "utime"), ev->utime);
	return put_real(put_key(p, "stime"), ev->stime);
}

static char *
put_fields(char *p, const struct event *ev)
{
	char	 arch[16];
	unsigned f = ev->fields;

	p = put_sender(p, ev);
	if (f & F_VALUE)
		p = put_i64(put_key(p, "value"), ev->value);
	if (f & F_PTR)
		p = put_hexstring(put_key(p, "ptr"), ev->ptr);
	if (f & F_ADDR)
		p = put_hexstring(put_key(p, "addr"), ev->addr);
	if (f & F_ADDR_LSB)
		p = put_u64(put_key(p, "addr_lsb"), ev->addr_lsb);
	if (f & F_CALL_ADDR)
		p = put_hexstring(put_key(p, "call_addr"), ev->call_addr);
	if (f & F_SYSCALL)
		p = put_i64(put_key(p, "syscall"), ev->syscall);
	if (f & F_ARCH)
		p = put_string(put_key(p, "arch"), arch_name(ev->arch, arch,
		    sizeof arch));
	if (f & F_STATUS)
		p = put_child(p, ev);
	if (f & F_FD)
		p = put_i64(put_key(p, "fd"), ev->fd);
	if (f & F_BAND)
		p = put_u64(put_key(p, "band"), ev->band);
	if (f & F_TIMERID)
		p = put_u64(put_key(p, "timerid"), ev->timerid);
	if (f & F_OVERRUN)
		p = put_u64(put_key(p, "overrun"), ev->overrun);
	if (f & F_ERRNO)
		p = put_i64(put_key(p, "errno"), ev->err);
	return p;
}

void
format_json(struct output *out, const struct event *ev)
{
	char	*start, *p, name[SIG_NAME_MAX];

	start = p = output_reserve(out, LINE_RESERVE);
	p = put_head(p, "signal", &ev->time, &ev->mono);
	p = put_string(put_key(p, "signal"), sig_name(ev->signo, name));
	p = put_i64(put_key(p, "signo"), ev->signo);
	p = put_key(p, "code");
	if (ev->code != NULL)
		p = put_string(p, ev->code);
	else {
		*p++ = '"';
		p = put_i64(p, ev->si_code);
		*p++ = '"';
	}
	p = put_i64(put_key(p, "si_code"), ev->si_code);
	p = put_fields(p, ev);
	*p++ = '}';
	*p++ = '\n';
	output_commit(out, (size_t)(p - start));
}

void
format_json_child(struct output *out, const struct child_event *ev)
{
	char	 name[SIG_NAME_MAX];
	json_t	*o;

	if ((o = json_object()) == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	json_set(o, "pid", json_integer(ev->pid));
	json_set(o, "comm", json_untrusted(ev->comm[0] != '\0' ? ev->comm :
	    NULL));
	json_set(o, "main", json_boolean(ev->main));
	json_set(o, "state", json_string_nocheck(child_state_name(ev->state)));
	if (ev->state == CHILD_EXITED)
		json_set(o, "exit_code", json_integer(ev->code));
	else if (child_state_has_signal(ev->state)) {
		json_set(o, "signal",
		    json_string_nocheck(sig_name(ev->code, name)));
		json_set(o, "signo", json_integer(ev->code));
	}
	json_emit_event(out, "child", &ev->time, &ev->mono, o);
}

void
format_json_undelivered(struct output *out, const struct undelivered *u)
{
	char	 name[SIG_NAME_MAX];
	json_t	*o;

	if ((o = json_object()) == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	json_set(o, "signal", json_string_nocheck(sig_name(u->signo, name)));
	json_set(o, "signo", json_integer(u->signo));
	json_set(o, "pid", u->pid != 0 ? json_integer(u->pid) : json_null());
	json_set(o, "reason", json_string_nocheck(undelivered_reason(u->err)));
	json_set(o, "errno", json_integer(u->err));
	if (u->queued)
		json_set(o, "value", json_integer(u->value));
	json_emit_event(out, "undelivered", &u->time, &u->mono, o);
}
