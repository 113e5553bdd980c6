/* SPDX-License-Identifier: ISC */
/*
 * --list: every signal this system has, the reserved ones included, as
 * text or JSON lines; or, given signals, what each is, as kill -l says:
 * a name for a number, a number for a name, and for 128+N, the exit
 * status of a process that signal N killed, the signal's name.
 */
#include <ctype.h>
#include <stdio.h>

#include <jansson.h>

#include "sigwatch.h"

/* What an exit status above 128 is, as a shell reports a killed command. */
#define STATUS_SIGNALLED	128

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* The signal arg names or numbers; -1 when none. */
int
list_lookup(const char *arg)
{
	size_t	 len = strlen(arg);
	int	 signo;

	/* "143": 129 to 128 + SIGRTMAX, the status of a process it killed. */
	if (all_digits(arg) && len == 3 && arg[0] == '1' &&
	    (signo = atoi(arg) - STATUS_SIGNALLED) > 0 && signo <= SIGRTMAX)
		return signo;
	signo = sig_from_name(arg, len);
	return signo >= 1 && signo <= SIGRTMAX ? signo : -1;
}

/* " 2 SIGINT      Interrupt" */
static void
list_line(struct output *out, int signo)
{
	char	 name[SIG_NAME_MAX], descr[128], line[256];
	int	 n;

	n = snprintf(line, sizeof line, "%2d %-11s %s%s\n", signo,
	    sig_name(signo, name), sig_description(signo, descr,
	    sizeof descr), sig_catchable(signo) ? "" : " (cannot be watched)");
	output_write(out, line, (size_t)n < sizeof line ? (size_t)n :
	    sizeof line - 1);
}

/*
 * One item of the list: signo, and arg when it was asked for by name or
 * number; NULL in the whole list.
 */
typedef void	 list_item_fn(struct output *, int, const char *);

/* Each signal args name, in order; without args, every signal. */
static void
list_walk(struct output *out, char *const *args, list_item_fn *item)
{
	int	 signo;

	if (args != NULL && *args != NULL)
		for (; *args != NULL; args++)
			item(out, list_lookup(*args), *args);
	else
		for (signo = 1; signo <= SIGRTMAX; signo++)
			item(out, signo, NULL);
}

/*
 * The whole list's line; for a lookup kill -l's answer: "TERM" for 15
 * or 143, "15" for TERM.
 */
static void
text_item(struct output *out, int signo, const char *arg)
{
	char	 name[SIG_NAME_MAX], line[SIG_NAME_MAX + 2];
	int	 n;

	if (arg == NULL) {
		list_line(out, signo);
		return;
	}
	if (all_digits(arg))
		n = snprintf(line, sizeof line, "%s\n",
		    sig_name(signo, name) + 3);
	else
		n = snprintf(line, sizeof line, "%d\n", signo);
	output_write(out, line, (size_t)n);
}

void
text_list(const struct formatter *fmt, struct output *out, char *const *args)
{
	(void)fmt;
	list_walk(out, args, text_item);
}

/* A lookup is the same object as the signal's in the whole list. */
static void
json_item(struct output *out, int signo, const char *arg)
{
	char	 name[SIG_NAME_MAX], descr[128];

	(void)arg;
	json_emit(out, json_must(json_pack("{s:s, s:i, s:s, s:s, s:b}",
	    "event", "list", "signo", signo, "signal", sig_name(signo, name),
	    "description", sig_description(signo, descr, sizeof descr),
	    "catchable", sig_catchable(signo))));
}

void
json_list(const struct formatter *fmt, struct output *out, char *const *args)
{
	(void)fmt;
	list_walk(out, args, json_item);
}
