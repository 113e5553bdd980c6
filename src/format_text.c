/*
 * Text output: one line per event, fixed columns first (time, signal,
 * code) then key=value fields in the order of the JSON schema, so a
 * line reads at a glance and greps reliably.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

#define LINE_MAX_TEXT	1024

struct line {
	char	 buf[LINE_MAX_TEXT];
	size_t	 len;
};

__attribute__((format(printf, 2, 3)))
static void
put(struct line *l, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof l->buf - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < sizeof l->buf - l->len ?
		    (size_t)n : sizeof l->buf - l->len - 1;
}

/* "(name)" after a pid or uid; "(?)" when the lookup found nothing. */
static void
put_name(struct line *l, const struct event *ev, const char *name)
{
	char	 esc[4 * 256 + 1];

	if (!ev->resolved)
		return;
	if (name == NULL) {
		put(l, "(?)");
		return;
	}
	escape_text(esc, sizeof esc, name);
	put(l, "(%s)", esc);
}

static void
put_sender(struct line *l, const struct event *ev)
{
	if (ev->fields & F_PID) {
		put(l, " pid=%u", ev->pid);
		put_name(l, ev, ev->comm);
	}
	if (ev->fields & F_UID) {
		put(l, " uid=%u", ev->uid);
		put_name(l, ev, ev->user);
	}
	if ((ev->fields & F_PID) && ev->claimed)
		put(l, " sender=claimed");
}

static void
put_status(struct line *l, const struct event *ev)
{
	char	 name[SIG_NAME_MAX];

	if (ev->status_is_signal)
		put(l, " status=%s", sig_name(ev->status, name));
	else
		put(l, " status=%d", ev->status);
}

static void
put_fields(struct line *l, const struct event *ev)
{
	char	 arch[16];
	unsigned f = ev->fields;

	put_sender(l, ev);
	if (f & F_VALUE)
		put(l, " value=%d", ev->value);
	if (f & F_PTR)
		put(l, " ptr=0x%llx", (unsigned long long)ev->ptr);
	if (f & F_ADDR)
		put(l, " addr=0x%llx", (unsigned long long)ev->addr);
	if (f & F_ADDR_LSB)
		put(l, " addr_lsb=%u", ev->addr_lsb);
	if (f & F_CALL_ADDR)
		put(l, " call_addr=0x%llx", (unsigned long long)ev->call_addr);
	if (f & F_SYSCALL)
		put(l, " syscall=%d", ev->syscall);
	if (f & F_ARCH)
		put(l, " arch=%s", arch_name(ev->arch, arch, sizeof arch));
	if (f & F_STATUS)
		put_status(l, ev);
	if (f & F_TIMES)
		put(l, " utime=%.2f stime=%.2f", ev->utime, ev->stime);
	if (f & F_FD)
		put(l, " fd=%d", ev->fd);
	if (f & F_BAND)
		put(l, " band=%u", ev->band);
	if (f & F_TIMERID)
		put(l, " timerid=%u", ev->timerid);
	if (f & F_OVERRUN)
		put(l, " overrun=%u", ev->overrun);
	if (f & F_ERRNO)
		put(l, " errno=%d", ev->err);
}

void
format_text(struct output *o, const struct event *ev)
{
	struct line	 l = { .len = 0 };
	char		 name[SIG_NAME_MAX];

	l.len = time_local(l.buf, sizeof l.buf, &ev->time);
	put(&l, " %-11s", sig_name(ev->signo, name));
	if (ev->code != NULL)
		put(&l, " %s", ev->code);
	else
		put(&l, " %d", ev->si_code);
	put_fields(&l, ev);
	put(&l, "\n");
	/* A cut line still ends in a newline: never half a record. */
	if (l.buf[l.len - 1] != '\n')
		l.buf[l.len - 1] = '\n';
	output_write(o, l.buf, l.len);
}

/* "08:14:42.123456 child       exited pid=1234(sleep) exit_code=3" */
void
format_text_child(struct output *o, const struct child_event *ev)
{
	struct line	 l = { .len = 0 };
	char		 name[SIG_NAME_MAX], esc[4 * sizeof ev->comm];

	l.len = time_local(l.buf, sizeof l.buf, &ev->time);
	put(&l, " %-11s %s pid=%ld", ev->main ? "child" : "orphan",
	    child_state_name(ev->state), (long)ev->pid);
	if (ev->comm[0] != '\0') {
		escape_text(esc, sizeof esc, ev->comm);
		put(&l, "(%s)", esc);
	}
	if (ev->state == CHILD_EXITED)
		put(&l, " exit_code=%d", ev->code);
	else if (child_state_has_signal(ev->state))
		put(&l, " signal=%s", sig_name(ev->code, name));
	put(&l, "\n");
	output_write(o, l.buf, l.len);
}
