/* SPDX-License-Identifier: ISC */
/*
 * JSON lines: one compact object per event. Addresses and pointers are
 * hex strings because jq loses integers past 2^53.
 *
 * Signal events are written by hand: building and freeing a jansson
 * object per signal costs ten times the kernel's work. Every string
 * here is ASCII we chose, or a name json_quote() encoded; the unit
 * tests check the result against a jansson rendering of the same event.
 * The rarer lines are built with jansson (json.c).
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "sigwatch.h"

/* Room for the longest signal event: three encoded names and every field. */
#define LINE_RESERVE	(TIME_MAX + 3 * LABEL_JSON_SIZE + 768)
_Static_assert(LINE_RESERVE <= LINE_RESERVE_MAX, "see output_room()");

static struct label_cache	 names = { .encode = json_quote };

static char *
put_string(char *p, const char *s)
{
	return put_between(p, '"', s, '"');
}

static char *
put_key(char *p, const char *key)
{
	*p++ = ',';
	p = put_string(p, key);
	*p++ = ':';
	return p;
}

/*
 * CPU seconds, clock ticks over CLK_TCK: the fewest decimals that read
 * back as the same double, so that 12345.67 stays 12345.67 where
 * jansson's six digits would say 12345.7. At least one decimal, so that
 * a reader sees a real. No exponent: the value is at least one tick.
 */
static char *
put_seconds(char *p, double v)
{
	int	 d, n;

	for (d = 1; d <= DBL_DECIMAL_DIG; d++) {
		n = sprintf(p, "%.*f", d, v);
		if (strtod(p, NULL) == v)
			return p + n;
	}
	return p + sprintf(p, "%.*g", DBL_DECIMAL_DIG, v);
}

static const char *
name(const char *raw)
{
	return raw != NULL ? label_of(&names, raw) : "null";
}

static char *
json_put_pid(char *p, const struct event *ev, const struct field *f)
{
	p = put_u64(p, field_uint(ev, f));
	return put_string(put_key(p, "sender"), ev->claimed ? "claimed" :
	    "kernel");
}

static char *
json_put_uid(char *p, const struct event *ev, const struct field *f)
{
	p = put_u64(p, field_uint(ev, f));
	if (ev->resolved) {
		p = put_str(put_key(p, "user"), name(ev->user));
		p = put_str(put_key(p, "comm"), name(ev->comm));
	}
	return p;
}

/* The number stays an integer; its name, when known, follows. */
static char *
json_put_syscall(char *p, const struct event *ev, const struct field *f)
{
	p = put_i64(p, field_int(ev, f));
	if (ev->syscall_name != NULL)
		p = put_string(put_key(p, "syscall_name"), ev->syscall_name);
	return p;
}

static char *
json_put_status(char *p, const struct event *ev, const struct field *f)
{
	char	 sig[SIG_NAME_MAX];

	p = put_i64(p, field_int(ev, f));
	if (ev->status_is_signal)
		p = put_string(put_key(p, "status_signal"),
		    sig_name(ev->status, sig));
	p = put_seconds(put_key(p, "utime"), ev->utime);
	return put_seconds(put_key(p, "stime"), ev->stime);
}


/*
 * "target":{"pid":4711,"tid":4712,"comm":"nginx"},"disposition":"caught",
 * "action":"handler"
 */
static char *
json_put_target(char *p, const struct event *ev, const struct field *f)
{
	const struct target	*t = ev->target;

	(void)f;
	p = put_i64(put_str(p, "{\"pid\":"), t->pid);
	p = put_i64(put_key(p, "tid"), t->tid);
	p = put_str(put_key(p, "comm"), name(t->comm[0] != '\0' ? t->comm :
	    NULL));
	*p++ = '}';
	p = put_string(put_key(p, "disposition"),
	    disposition_name(t->disposition));
	return put_string(put_key(p, "action"), sig_action_name(t->action));
}

/* "dropped":true,"drop_reason":"grace" */
static char *
json_put_drop(char *p, const struct event *ev, const struct field *f)
{
	p = put_str(p, "true");
	return put_string(put_key(p, "drop_reason"),
	    drop_reason_name((int)field_int(ev, f)));
}

/* Strings in JSON: a hex address, past what jq keeps exact, and names. */
static const bool quoted[NKINDS] = {
	[KIND_HEX]	= true,
	[KIND_ARCH]	= true,
	[KIND_SIGNAL]	= true,
};

static char *
put_field(const struct formatter *fmt, char *p, const struct event *ev,
    const struct field *f)
{
	p = put_key(p, f->key);
	if (!quoted[f->kind])
		return fmt->field[f->kind](p, ev, f);
	*p++ = '"';
	p = fmt->field[f->kind](p, ev, f);
	*p++ = '"';
	return p;
}

static char *
put_code(char *p, const struct event *ev)
{
	if (ev->code != NULL)
		return put_string(p, ev->code);
	*p++ = '"';
	p = put_i64(p, ev->si_code);
	*p++ = '"';
	return p;
}

static void
json_signal(const struct formatter *fmt, struct output *out,
    const struct event *ev)
{
	const struct field	*f;
	char			*start, *p, sig[SIG_NAME_MAX];

	start = p = output_reserve(out, LINE_RESERVE);
	p = json_put_head(p, "signal", &ev->time, &ev->mono);
	p = put_string(put_key(p, "signal"), sig_name(ev->signo, sig));
	p = put_i64(put_key(p, "signo"), ev->signo);
	p = put_code(put_key(p, "code"), ev);
	p = put_i64(put_key(p, "si_code"), ev->si_code);
	for (f = event_fields; f->key != NULL; f++)
		if (ev->fields & f->bit)
			p = put_field(fmt, p, ev, f);
	*p++ = '}';
	*p++ = '\n';
	output_commit(out, (size_t)(p - start));
}

/* "signal" and "signo": how every line about one signal names it. */
static void
set_signal(json_t *o, int signo)
{
	char	 sig[SIG_NAME_MAX];

	json_set(o, "signal", json_string_nocheck(sig_name(signo, sig)));
	json_set(o, "signo", json_integer(signo));
}

/* Why the command could not be run, and the status that makes. */
static void
set_failure(json_t *o, const struct child_event *ev)
{
	const char	*name = runnable_errno_name(ev->err);

	json_set(o, "exit_code", json_integer(ev->code));
	json_set(o, "errno", json_integer(ev->err));
	json_set(o, "error", name != NULL ? json_string_nocheck(name) :
	    json_null());
	json_set(o, "message", json_untrusted(strerror(ev->err)));
}

static void
json_child(const struct formatter *fmt, struct output *out,
    const struct child_event *ev)
{
	json_t	*o = json_new_object();

	(void)fmt;
	/* A command that could not be run has no pid. */
	if (ev->state != CHILD_FAILED)
		json_set(o, "pid", json_integer(ev->pid));
	json_set(o, "comm", json_untrusted(ev->comm[0] != '\0' ? ev->comm :
	    NULL));
	json_set(o, "main", json_boolean(ev->main));
	if (ev->traced)
		json_set(o, "traced", json_true());
	json_set(o, "state", json_string_nocheck(child_state_name(ev->state)));
	if (ev->state == CHILD_EXITED)
		json_set(o, "exit_code", json_integer(ev->code));
	else if (ev->state == CHILD_FAILED)
		set_failure(o, ev);
	else if (ev->state == CHILD_FORKED)
		json_set(o, "ppid", json_integer(ev->code));
	else if (child_state_has_signal(ev->state))
		set_signal(o, ev->code);
	json_emit_event(out, "child", &ev->time, &ev->mono, o);
}

static void
json_sent(const struct formatter *fmt, struct output *out,
    const struct sent_line *l)
{
	const struct sent_item	*it;
	json_t			*o = json_new_object();

	(void)fmt;
	set_signal(o, l->signo);
	for (it = l->item; it < l->item + l->nitems; it++) {
		if (it->kind == SENT_PID && it->value == 0)
			json_set(o, it->key, json_null());
		else if (it->kind == SENT_ERRNO) {
			json_set(o, it->key, json_string_nocheck(
			    undelivered_reason((int)it->value)));
			json_set(o, "errno", json_integer(it->value));
		} else
			json_set(o, it->key, json_integer(it->value));
	}
	json_emit_event(out, l->what, &l->time, &l->mono, o);
}

static void
json_tracer(const struct formatter *fmt, struct output *out,
    const struct trace_event *ev)
{
	char	 sig[SIG_NAME_MAX];
	json_t	*o = json_new_object(), *a;
	int	 i;

	(void)fmt;
	json_set(o, "pid", json_integer(ev->pid));
	json_set(o, "comm", json_untrusted(ev->comm[0] != '\0' ? ev->comm :
	    NULL));
	json_set(o, "threads", json_integer(ev->threads));
	if (!ev->attach) {
		a = json_must(json_array());
		for (i = 0; i < ev->nreinjected; i++)
			json_push(a, json_string_nocheck(sig_name(
			    ev->reinjected[i], sig)));
		json_set(o, "reinjected", a);
	}
	json_emit_event(out, ev->attach ? "attach" : "detach", &ev->time,
	    &ev->mono, o);
}

const struct formatter json_formatter = FORMATTER(json);
