/*
 * Text output: one line per event, fixed columns first (time, signal,
 * code) then key=value fields in the order of the JSON schema, so a
 * line reads at a glance and greps reliably.
 */
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

/* Room for the longest line: two escaped names and every field. */
#define LINE_RESERVE	(TIME_MAX + 2 * sizeof(struct label) + 512)
_Static_assert(LINE_RESERVE <= LINE_RESERVE_MAX, "see output_room()");
#define NAME_COLUMN	11	/* "SIGRTMAX-14" */

/* Set once from the command line. */
static enum time_format	 time_format = TIME_LOCAL;
static bool		 colored;

void
format_text_style(enum time_format t, bool color)
{
	time_format = t;
	colored = color;
}

/* s in the colour sgr names, when colour is on and sgr is not NULL. */
static char *
put_colored(char *p, const char *sgr, const char *s)
{
	if (!colored || sgr == NULL)
		return put_str(p, s);
	p = put_str(put_str(put_str(p, "\033["), sgr), "m");
	return put_str(put_str(p, s), "\033[0m");
}

static char *
put_key(char *p, const char *key)
{
	*p++ = ' ';
	p = put_str(p, key);
	*p++ = '=';
	return p;
}

/* "(name)" after a pid or uid; "(?)" when the lookup found nothing. */
static char *
put_label(char *p, const struct event *ev, const struct label *l)
{
	if (!ev->resolved)
		return p;
	*p++ = '(';
	p = put_str(p, l->text);
	*p++ = ')';
	return p;
}

static char *
put_sender(char *p, const struct event *ev)
{
	if (ev->fields & F_PID) {
		p = put_u64(put_key(p, "pid"), ev->pid);
		p = put_label(p, ev, ev->comm_label);
	}
	if (ev->fields & F_UID) {
		p = put_u64(put_key(p, "uid"), ev->uid);
		p = put_label(p, ev, ev->user_label);
	}
	if ((ev->fields & F_PID) && ev->claimed)
		p = put_str(p, " sender=claimed");
	return p;
}

/* The child's fields: rare, so printf will do for the CPU times. */
static char *
put_child(char *p, const struct event *ev)
{
	char	 name[SIG_NAME_MAX];

	p = put_key(p, "status");
	if (ev->status_is_signal)
		p = put_str(p, sig_name(ev->status, name));
	else
		p = put_i64(p, ev->status);
	return p + sprintf(p, " utime=%.2f stime=%.2f", ev->utime, ev->stime);
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
		p = put_hex(put_key(p, "ptr"), ev->ptr);
	if (f & F_ADDR)
		p = put_hex(put_key(p, "addr"), ev->addr);
	if (f & F_ADDR_LSB)
		p = put_u64(put_key(p, "addr_lsb"), ev->addr_lsb);
	if (f & F_CALL_ADDR)
		p = put_hex(put_key(p, "call_addr"), ev->call_addr);
	if (f & F_SYSCALL)
		p = put_i64(put_key(p, "syscall"), ev->syscall);
	if (f & F_ARCH)
		p = put_str(put_key(p, "arch"), arch_name(ev->arch, arch,
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

/* Left-aligned in the signal column, as "%-11s", and coloured. */
static char *
put_column(char *p, const char *sgr, const char *s)
{
	size_t	 n = strlen(s);

	p = put_colored(p, sgr, s);
	for (; n < NAME_COLUMN; n++)
		*p++ = ' ';
	return p;
}

static char *
put_code(char *p, const struct event *ev)
{
	char	 num[24];

	if (ev->code == NULL)
		*put_i64(num, ev->si_code) = '\0';
	return put_colored(p, color_code(ev->si_code),
	    ev->code != NULL ? ev->code : num);
}

void
format_text(struct output *o, const struct event *ev)
{
	char	*start, *p, name[SIG_NAME_MAX];

	start = p = output_reserve(o, LINE_RESERVE);
	p = time_text(p, time_format, &ev->time, &ev->mono);
	p = put_column(p, color_signal(ev->signo), sig_name(ev->signo, name));
	*p++ = ' ';
	p = put_code(p, ev);
	p = put_fields(p, ev);
	*p++ = '\n';
	output_commit(o, (size_t)(p - start));
}

/* "08:14:42.123456 child       exited pid=1234(sleep) exit_code=3" */
void
format_text_child(struct output *o, const struct child_event *ev)
{
	char	*start, *p, name[SIG_NAME_MAX];

	start = p = output_reserve(o, LINE_RESERVE);
	p = time_text(p, time_format, &ev->time, &ev->mono);
	p = put_column(p, color_signal(SIGCHLD), ev->main ? "child" : "orphan");
	*p++ = ' ';
	p = put_str(p, child_state_name(ev->state));
	p = put_i64(put_key(p, "pid"), ev->pid);
	if (ev->comm[0] != '\0') {
		*p++ = '(';
		p += escape_text(p, 4 * sizeof ev->comm, ev->comm);
		*p++ = ')';
	}
	if (ev->state == CHILD_EXITED)
		p = put_i64(put_key(p, "exit_code"), ev->code);
	else if (child_state_has_signal(ev->state))
		p = put_str(put_key(p, "signal"), sig_name(ev->code, name));
	*p++ = '\n';
	output_commit(o, (size_t)(p - start));
}

/* "08:14:42.123456 SIGRTMIN+1  undelivered pid=1234 reason=gone value=7" */
void
format_text_undelivered(struct output *o, const struct undelivered *u)
{
	char	*start, *p, name[SIG_NAME_MAX];

	start = p = output_reserve(o, LINE_RESERVE);
	p = time_text(p, time_format, &u->time, &u->mono);
	p = put_column(p, color_signal(u->signo), sig_name(u->signo, name));
	p = put_str(p, " undelivered");
	if (u->pid != 0)
		p = put_i64(put_key(p, "pid"), u->pid);
	p = put_str(put_key(p, "reason"), undelivered_reason(u->err));
	if (u->queued)
		p = put_i64(put_key(p, "value"), u->value);
	*p++ = '\n';
	output_commit(o, (size_t)(p - start));
}
