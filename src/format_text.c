/* SPDX-License-Identifier: ISC */
/*
 * Text output: one line per event, fixed columns first (time, signal,
 * code) then key=value fields in the order of the JSON schema, so a
 * line reads at a glance and greps reliably.
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

/* Room for the longest line: three escaped names and every field. */
#define LINE_RESERVE	(TIME_MAX + 3 * LABEL_TEXT_SIZE + 512)
_Static_assert(LINE_RESERVE <= LINE_RESERVE_MAX, "see output_room()");
#define NAME_COLUMN	11	/* "SIGRTMAX-14" */

static struct label_cache	 names = { .encode = escape_text };

/* s in the colour sgr names, when colour is on and sgr is not NULL. */
static char *
put_colored(char *p, const struct style *st, const char *sgr, const char *s)
{
	if (!st->color || sgr == NULL)
		return put_str(p, s);
	p = put_str(put_str(put_str(p, "\033["), sgr), "m");
	return put_str(put_str(p, s), "\033[0m");
}

static char *
put_key(char *p, const char *key)
{
	return put_between(p, ' ', key, '=');
}

/* "(name)", the name escaped. */
static char *
put_paren(char *p, const char *raw)
{
	return put_between(p, '(', raw != NULL ? label_of(&names, raw) : "?",
	    ')');
}

/* "(name)" after a pid or uid; "(?)" when the lookup found nothing. */
static char *
put_name(char *p, const struct event *ev, const char *raw)
{
	return ev->resolved ? put_paren(p, raw) : p;
}

static char *
text_put_pid(char *p, const struct event *ev, const struct field *f)
{
	return put_name(put_u64(p, field_uint(ev, f)), ev, ev->comm);
}

/* The sender's word comes after both of its numbers: it vouches for both. */
static char *
text_put_uid(char *p, const struct event *ev, const struct field *f)
{
	p = put_name(put_u64(p, field_uint(ev, f)), ev, ev->user);
	if ((ev->fields & F_PID) && ev->claimed)
		p = put_str(p, " sender=claimed");
	return p;
}

/* "syscall=59(execve)", as a pid with its command; no name, no parentheses. */
static char *
text_put_syscall(char *p, const struct event *ev, const struct field *f)
{
	p = put_i64(p, field_int(ev, f));
	return ev->syscall_name != NULL ?
	    put_between(p, '(', ev->syscall_name, ')') : p;
}

/* The child's fields: rare, so printf will do for the CPU times. */
static char *
text_put_status(char *p, const struct event *ev, const struct field *f)
{
	char	 sig[SIG_NAME_MAX];

	if (ev->status_is_signal)
		p = put_str(p, sig_name(ev->status, sig));
	else
		p = put_i64(p, field_int(ev, f));
	return p + sprintf(p, " utime=%.2f stime=%.2f", ev->utime, ev->stime);
}


/* "target=4711(nginx) tid=4712 disposition=caught action=handler" */
static char *
text_put_target(char *p, const struct event *ev, const struct field *f)
{
	const struct target	*t = ev->target;

	(void)f;
	p = put_i64(p, t->pid);
	if (t->comm[0] != '\0')
		p = put_paren(p, t->comm);
	if (t->tid != t->pid)
		p = put_i64(put_key(p, "tid"), t->tid);
	p = put_str(put_key(p, "disposition"), disposition_name(t->disposition));
	return put_str(put_key(p, "action"), sig_action_name(t->action));
}

/*
 * How every line starts, in room reserved for the whole line: the time
 * stamp, then a name left-aligned in the signal column, as "%-11s", and
 * coloured.
 */
static char *
begin_line(struct output *o, const struct style *st,
    const struct timespec *real, const struct timespec *mono,
    const char *sgr, const char *s)
{
	char	*p = output_reserve(o, LINE_RESERVE);
	size_t	 n = strlen(s);

	p = put_colored(time_text(p, st, real, mono), st, sgr, s);
	for (; n < NAME_COLUMN; n++)
		*p++ = ' ';
	return p;
}

/* A line about signo: its name in the signal column. */
static char *
begin_signal_line(struct output *o, const struct style *st,
    const struct timespec *real, const struct timespec *mono, int signo)
{
	char	 sig[SIG_NAME_MAX];

	return begin_line(o, st, real, mono, color_signal(signo),
	    sig_name(signo, sig));
}

/* The line begun in o's reserved room ends at p. */
static void
end_line(struct output *o, char *p)
{
	*p++ = '\n';
	output_commit(o, (size_t)(p - output_reserve(o, 0)));
}

static char *
put_code(char *p, const struct style *st, const struct event *ev)
{
	char	 num[24];

	if (ev->code == NULL)
		*put_i64(num, ev->si_code) = '\0';
	return put_colored(p, st, color_code(ev->si_code),
	    ev->code != NULL ? ev->code : num);
}

static void
text_signal(const struct formatter *fmt, struct output *o,
    const struct event *ev)
{
	const struct field	*f;
	char			*p;

	p = begin_signal_line(o, &fmt->style, &ev->time, &ev->mono,
	    ev->signo);
	p = put_code(put_str(p, " "), &fmt->style, ev);
	for (f = event_fields; f->key != NULL; f++)
		if (ev->fields & f->bit)
			p = fmt->field[f->kind](put_key(p, f->key), ev, f);
	end_line(o, p);
}

/* A command that could not be run has a name but no pid: "comm=x error=ENOENT". */
static char *
put_failure(char *p, const struct child_event *ev)
{
	const char	*name = runnable_errno_name(ev->err);
	char		 num[24];

	if (name == NULL)
		*put_i64(num, ev->err) = '\0';
	p = put_str(put_key(p, "comm"), label_of(&names, ev->comm));
	return put_str(put_key(p, "error"), name != NULL ? name : num);
}

/*
 * "08:14:42.123456 child       exited pid=1234(sleep) exit_code=3";
 * "child       failed comm=nosuchcmd error=ENOENT exit_code=127" when it
 * could not be run;
 * "traced" for a descendant --trace follows, "orphan" for an adopted one.
 */
static void
text_child(const struct formatter *fmt, struct output *o,
    const struct child_event *ev)
{
	char	*p, sig[SIG_NAME_MAX];

	p = begin_line(o, &fmt->style, &ev->time, &ev->mono,
	    color_signal(SIGCHLD), ev->main ? "child" : ev->traced ? "traced" :
	    "orphan");
	p = put_str(put_str(p, " "), child_state_name(ev->state));
	if (ev->state == CHILD_FAILED)
		p = put_failure(p, ev);
	else
		p = put_i64(put_key(p, "pid"), ev->pid);
	if (ev->state != CHILD_FAILED && ev->comm[0] != '\0')
		p = put_paren(p, ev->comm);
	if (ev->state == CHILD_EXITED || ev->state == CHILD_FAILED)
		p = put_i64(put_key(p, "exit_code"), ev->code);
	else if (ev->state == CHILD_FORKED)
		p = put_i64(put_key(p, "ppid"), ev->code);
	else if (child_state_has_signal(ev->state))
		p = put_str(put_key(p, "signal"), sig_name(ev->code, sig));
	end_line(o, p);
}

/*
 * "08:14:42.123456 SIGRTMIN+1  undelivered pid=1234 reason=gone value=7",
 * "08:14:42.123456 SIGTERM     group pgid=1234 processes=2"
 */
static void
text_sent(const struct formatter *fmt, struct output *o,
    const struct sent_line *l)
{
	const struct sent_item	*it;
	char			*p;

	p = begin_signal_line(o, &fmt->style, &l->time, &l->mono, l->signo);
	p = put_str(put_str(p, " "), l->what);
	for (it = l->item; it < l->item + l->nitems; it++) {
		if (it->kind == SENT_PID && it->value == 0)
			continue;
		p = put_key(p, it->key);
		if (it->kind == SENT_ERRNO)
			p = put_str(p, undelivered_reason((int)it->value));
		else
			p = put_i64(p, it->value);
	}
	end_line(o, p);
}

/*
 * "08:14:42.123456 attach      pid=4711(nginx) threads=4", and at the
 * end "detach" the same, with "reinjected=SIGUSR1,SIGHUP" if any.
 */
static void
text_tracer(const struct formatter *fmt, struct output *o,
    const struct trace_event *ev)
{
	char	*p, sig[SIG_NAME_MAX];
	int	 i;

	p = begin_line(o, &fmt->style, &ev->time, &ev->mono, NULL,
	    ev->attach ? "attach" : "detach");
	p = put_i64(put_str(p, " pid="), ev->pid);
	if (ev->comm[0] != '\0')
		p = put_paren(p, ev->comm);
	p = put_i64(put_key(p, "threads"), ev->threads);
	for (i = 0; i < ev->nreinjected; i++)
		p = put_str(i == 0 ? put_key(p, "reinjected") : put_str(p, ","),
		    sig_name(ev->reinjected[i], sig));
	end_line(o, p);
}

/* "dropped=grace": dropped, and by what. */
static char *
text_put_drop(char *p, const struct event *ev, const struct field *f)
{
	return put_str(p, drop_reason_name((int)field_int(ev, f)));
}

const struct formatter text_formatter = FORMATTER(text);
