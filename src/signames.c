/* SPDX-License-Identifier: ISC */
/*
 * Signal names and numbers: the C library's abbreviations for the standard
 * signals, bash's "kill -l" layout for the real-time ones.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sigwatch.h"

/* Spellings the C library does not return from sig_abbrev(). */
static const struct {
	const char	*name;
	int		 signo;
} aliases[] = {
	{ "IOT",	SIGABRT },
	{ "CLD",	SIGCHLD },
	{ "POLL",	SIGPOLL },
	{ "IO",		SIGIO },
};

int
sig_min_rt(void)
{
	return SIGRTMIN;
}

int
sig_max(void)
{
	return SIGRTMAX;
}

/*
 * The C library keeps the signals between the kernel's first real-time
 * signal (32) and SIGRTMIN for its threads: they cannot be blocked.
 */
static bool
sig_reserved(int signo)
{
	return signo >= 32 && signo < SIGRTMIN;
}

bool
sig_catchable(int signo)
{
	return signo >= 1 && signo <= SIGRTMAX && signo != SIGKILL &&
	    signo != SIGSTOP && !sig_reserved(signo);
}

static bool
sig_realtime(int signo)
{
	return signo >= SIGRTMIN && signo <= SIGRTMAX;
}

/*
 * Real-time signals are named from the nearer end, as bash does:
 * SIGRTMIN+1..SIGRTMIN+15, then SIGRTMAX-14..SIGRTMAX.
 */
static char *
put_rt_name(char *p, int signo)
{
	bool	 low = signo - SIGRTMIN <= SIGRTMAX - signo;
	int	 off = low ? signo - SIGRTMIN : SIGRTMAX - signo;

	p = put_str(p, low ? "RTMIN" : "RTMAX");
	if (off > 0) {
		*p++ = low ? '+' : '-';
		p = put_u64(p, (uint64_t)off);
	}
	return p;
}

const char *
sig_name(int signo, char buf[SIG_NAME_MAX])
{
	/* The C library says POLL; kill -l, strace and people say IO. */
	const char	*abbrev = signo == SIGIO ? "IO" : sig_abbrev(signo);
	char		*p = put_str(buf, "SIG");

	if (sig_realtime(signo))
		p = put_rt_name(p, signo);
	else if (abbrev != NULL)
		p = put_str(p, abbrev);
	else
		p = put_i64(p, signo);
	*p = '\0';
	return buf;
}

const char *
sig_description(int signo, char *buf, size_t len)
{
	const char	*d = sig_reserved(signo) ? "Reserved by the C library" :
	    sig_descr(signo);

	if (sig_realtime(signo))
		snprintf(buf, len, "Real-time signal %d", signo - SIGRTMIN);
	else if (d != NULL)
		snprintf(buf, len, "%s", d);
	else
		snprintf(buf, len, "Unknown signal %d", signo);
	return buf;
}

static bool
name_eq(const char *a, const char *b, size_t blen)
{
	return strlen(a) == blen && strncasecmp(a, b, blen) == 0;
}

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (the SIG prefix already gone). */
static int
sig_from_rt_name(const char *s, size_t len)
{
	int	 base, dir, off = 0;
	size_t	 i;

	if (len < 5)
		return -1;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		base = SIGRTMIN;
		dir = 1;
	} else if (strncasecmp(s, "RTMAX", 5) == 0) {
		base = SIGRTMAX;
		dir = -1;
	} else
		return -1;
	if (len == 5)
		return base;
	if (len < 7 || s[5] != (dir > 0 ? '+' : '-'))
		return -1;
	for (i = 6; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) || off > SIGRTMAX)
			return -1;
		off = off * 10 + (s[i] - '0');
	}
	if (off > SIGRTMAX - SIGRTMIN)
		return -1;
	return base + dir * off;
}

/*
 * The signal named by the first len bytes of s, in any case, with or
 * without "SIG", or as a number; -1 when there is no such signal.
 * Numbers are not range-checked beyond what the system has.
 */
int
sig_from_name(const char *s, size_t len)
{
	size_t	 i;
	int	 signo;

	/* "SIG32", as --list names the reserved ones, is a number too. */
	if (len > 3 && strncasecmp(s, "SIG", 3) == 0 &&
	    isdigit((unsigned char)s[3])) {
		s += 3;
		len -= 3;
	}
	if (len > 0 && isdigit((unsigned char)s[0])) {
		signo = 0;
		for (i = 0; i < len; i++) {
			if (!isdigit((unsigned char)s[i]))
				return -1;
			signo = signo * 10 + (s[i] - '0');
			if (signo > SIGRTMAX)
				return -1;
		}
		return signo;
	}
	if (len >= 3 && strncasecmp(s, "SIG", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len == 0)
		return -1;
	if ((signo = sig_from_rt_name(s, len)) != -1)
		return signo;
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (name_eq(aliases[i].name, s, len))
			return aliases[i].signo;
	for (signo = 1; signo < SIGRTMIN; signo++)
		if (sig_abbrev(signo) != NULL && name_eq(sig_abbrev(signo), s, len))
			return signo;
	return -1;
}
