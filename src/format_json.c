/*
 * JSON lines: one compact object per event. Addresses and pointers are
 * hex strings because jq loses integers past 2^53. Strings a sender
 * controls are made valid UTF-8, and everything outside ASCII is
 * \u-escaped so that raw JSON on a terminal cannot carry control codes.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "sigwatch.h"

#define JSON_FLAGS	(JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6))
#define JSON_GUESS	1024

static void
set(json_t *o, const char *key, json_t *value)
{
	if (value == NULL || json_object_set_new_nocheck(o, key, value) == -1)
		errx(EXIT_TROUBLE, "out of memory building JSON");
}

static json_t *
hex(uint64_t v)
{
	char	 buf[24];

	snprintf(buf, sizeof buf, "0x%llx", (unsigned long long)v);
	return json_string_nocheck(buf);
}

/* A sender-controlled name, or null when it could not be looked up. */
static json_t *
untrusted_string(const char *s)
{
	char	 clean[3 * 256 + 1];

	if (s == NULL)
		return json_null();
	sanitize_utf8(clean, sizeof clean, s);
	return json_string(clean);
}

static void
set_sender(json_t *o, const struct event *ev)
{
	if (ev->fields & F_PID) {
		set(o, "pid", json_integer(ev->pid));
		set(o, "sender", json_string_nocheck(ev->claimed ?
		    "claimed" : "kernel"));
	}
	if (ev->fields & F_UID)
		set(o, "uid", json_integer(ev->uid));
	if (ev->resolved) {
		set(o, "user", untrusted_string(ev->user));
		set(o, "comm", untrusted_string(ev->comm));
	}
}

static void
set_status(json_t *o, const struct event *ev)
{
	char	 name[SIG_NAME_MAX];

	set(o, "status", json_integer(ev->status));
	if (ev->status_is_signal)
		set(o, "status_signal",
		    json_string_nocheck(sig_name(ev->status, name)));
}

static void
set_fields(json_t *o, const struct event *ev)
{
	char	 arch[16];
	unsigned f = ev->fields;

	set_sender(o, ev);
	if (f & F_VALUE)
		set(o, "value", json_integer(ev->value));
	if (f & F_PTR)
		set(o, "ptr", hex(ev->ptr));
	if (f & F_ADDR)
		set(o, "addr", hex(ev->addr));
	if (f & F_ADDR_LSB)
		set(o, "addr_lsb", json_integer(ev->addr_lsb));
	if (f & F_CALL_ADDR)
		set(o, "call_addr", hex(ev->call_addr));
	if (f & F_SYSCALL)
		set(o, "syscall", json_integer(ev->syscall));
	if (f & F_ARCH)
		set(o, "arch", json_string_nocheck(arch_name(ev->arch, arch,
		    sizeof arch)));
	if (f & F_STATUS)
		set_status(o, ev);
	if (f & F_TIMES) {
		set(o, "utime", json_real(ev->utime));
		set(o, "stime", json_real(ev->stime));
	}
	if (f & F_FD)
		set(o, "fd", json_integer(ev->fd));
	if (f & F_BAND)
		set(o, "band", json_integer(ev->band));
	if (f & F_TIMERID)
		set(o, "timerid", json_integer(ev->timerid));
	if (f & F_OVERRUN)
		set(o, "overrun", json_integer(ev->overrun));
	if (f & F_ERRNO)
		set(o, "errno", json_integer(ev->err));
}

/* Serialise straight into the output buffer, growing it once if needed. */
void
json_emit(struct output *out, json_t *o)
{
	size_t	 need, room = JSON_GUESS;
	char	*p;

	for (;;) {
		p = output_reserve(out, room);
		if ((need = json_dumpb(o, p, room, JSON_FLAGS)) == 0)
			errx(EXIT_TROUBLE, "cannot encode JSON");
		if (need < room)
			break;
		room = need + 1;
	}
	p[need] = '\n';
	output_commit(out, need + 1);
	json_decref(o);
}

void
format_json(struct output *out, const struct event *ev)
{
	char	 name[SIG_NAME_MAX], code[16], time[40];
	json_t	*o;

	if ((o = json_object()) == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	time_rfc3339(time, sizeof time, &ev->time);
	if (ev->code == NULL)
		snprintf(code, sizeof code, "%d", ev->si_code);
	set(o, "event", json_string_nocheck("signal"));
	set(o, "time", json_string_nocheck(time));
	set(o, "signal", json_string_nocheck(sig_name(ev->signo, name)));
	set(o, "signo", json_integer(ev->signo));
	set(o, "code", json_string_nocheck(ev->code != NULL ? ev->code : code));
	set(o, "si_code", json_integer(ev->si_code));
	set_fields(o, ev);
	json_emit(out, o);
}

void
format_json_child(struct output *out, const struct child_event *ev)
{
	char	 name[SIG_NAME_MAX], time[40];
	json_t	*o;

	if ((o = json_object()) == NULL)
		errx(EXIT_TROUBLE, "out of memory building JSON");
	time_rfc3339(time, sizeof time, &ev->time);
	set(o, "event", json_string_nocheck("child"));
	set(o, "time", json_string_nocheck(time));
	set(o, "pid", json_integer(ev->pid));
	set(o, "comm", untrusted_string(ev->comm[0] != '\0' ? ev->comm : NULL));
	set(o, "main", json_boolean(ev->main));
	set(o, "state", json_string_nocheck(child_state_name(ev->state)));
	if (ev->state == CHILD_EXITED)
		set(o, "exit_code", json_integer(ev->code));
	else if (child_state_has_signal(ev->state)) {
		set(o, "signal", json_string_nocheck(sig_name(ev->code, name)));
		set(o, "signo", json_integer(ev->code));
	}
	json_emit(out, o);
}
