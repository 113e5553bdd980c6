/* SPDX-License-Identifier: ISC */
/*
 * SPEC: "INT,term,SIGUSR1,15,RTMIN+2,1-15,RTMIN-RTMAX,all,-CHLD".
 * Items are applied left to right; "-" removes. A SPEC whose first item
 * removes starts from every catchable signal ("-WINCH" = "all,-WINCH").
 */
#include <string.h>

#include "sigwatch.h"

void
sigspec_all(sigset_t *set)
{
	int	 signo;

	sigemptyset(set);
	for (signo = 1; signo <= sig_max(); signo++)
		if (sig_catchable(signo))
			sigaddset(set, signo);
}

int
sigspec_count(const sigset_t *set)
{
	int	 signo, n = 0;

	for (signo = 1; signo <= sig_max(); signo++)
		n += sigismember(set, signo) == 1;
	return n;
}

/*
 * Length of the signal at the start of s: all of it, or up to the '-'
 * that makes it a range. A dash after RTMAX followed by a digit is an
 * offset, not a range: "RTMAX-2", "RTMAX-2-RTMAX", "RTMIN-RTMAX".
 */
static size_t
first_len(const char *s, size_t len)
{
	const char	*dash;
	size_t		 i;

	for (i = 1; i < len; i++) {
		if (s[i] != '-')
			continue;
		dash = s + i;
		if (i >= 5 && strncasecmp(dash - 5, "RTMAX", 5) == 0 &&
		    i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')
			continue;
		return i;
	}
	return len;
}

/*
 * The signal named by all of tok, or a message saying why it is bad. A
 * range's ends may be signals it cannot watch: it skips those.
 */
static const char *
parse_signal(const char *tok, size_t len, int *signo, bool in_range)
{
	int	 s = sig_from_name(tok, len);

	if (s <= 0)
		return parse_error("unknown signal '%s'", quote_arg(tok, len));
	if (!in_range && (s == SIGKILL || s == SIGSTOP))
		return parse_error("signal '%s' cannot be caught or blocked",
		    quote_arg(tok, len));
	if (!in_range && !sig_catchable(s))
		return parse_error("signal '%s' is reserved by the C library",
		    quote_arg(tok, len));
	*signo = s;
	return NULL;
}

/*
 * Whether a range's second end, the n bytes at hi, is one signal: not
 * missing ("1-"), not a dash ("1--5") and not a range itself ("1-5-7").
 * Else no end is to blame, and the message names the whole range.
 */
static bool
one_end(const char *hi, size_t n)
{
	return n > 0 && *hi != '-' && first_len(hi, n) == n;
}

/* Add the signals of one item (without its '-') to set, or remove them. */
static const char *
apply_item(const char *tok, size_t len, sigset_t *set, bool remove)
{
	const char	*e;
	size_t		 n;
	int		 lo, hi, s;
	sigset_t	 all;

	if (len == 3 && strncasecmp(tok, "all", 3) == 0) {
		sigspec_all(&all);
		for (s = 1; s <= sig_max(); s++)
			if (sigismember(&all, s) == 1)
				remove ? sigdelset(set, s) : sigaddset(set, s);
		return NULL;
	}
	n = first_len(tok, len);
	if (n == len) {
		if ((e = parse_signal(tok, len, &lo, false)) != NULL)
			return e;
		remove ? sigdelset(set, lo) : sigaddset(set, lo);
		return NULL;
	}
	if (!one_end(tok + n + 1, len - n - 1))
		return parse_error("invalid signal range '%s'",
		    quote_arg(tok, len));
	/* A range covers only what can be watched: "1-15" skips KILL. */
	if ((e = parse_signal(tok, n, &lo, true)) != NULL ||
	    (e = parse_signal(tok + n + 1, len - n - 1, &hi, true)) != NULL)
		return e;
	if (lo > hi)
		return parse_error("invalid signal range '%s'",
		    quote_arg(tok, len));
	for (s = lo; s <= hi; s++)
		if (sig_catchable(s))
			remove ? sigdelset(set, s) : sigaddset(set, s);
	return NULL;
}

/*
 * Apply spec to set. *started says whether an earlier item (in this or
 * an earlier SPEC) has already chosen signals. Returns NULL, or an error
 * message that names the bad item.
 */
const char *
sigspec_parse(const char *spec, sigset_t *set, bool *started)
{
	const char	*p = spec, *end, *e;
	size_t		 len;
	bool		 remove;

	if (*spec == '\0')
		return parse_error("empty signal list");
	for (;;) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		remove = len > 0 && *p == '-';
		if (remove) {
			p++;
			len--;
		}
		if (len == 0)
			return parse_error("empty item in signal list '%s'",
			    quote_str(spec));
		/* No signal starts with a dash: "--" is named as typed. */
		if (remove && *p == '-')
			return parse_error("unknown signal '%s'",
			    quote_arg(p - 1, len + 1));
		if (remove && !*started)
			sigspec_all(set);
		*started = true;
		if ((e = apply_item(p, len, set, remove)) != NULL)
			return e;
		if (end == NULL)
			return NULL;
		p = end + 1;
	}
}

/*
 * Whether spec names signo by itself, not only through "all" or a range:
 * wrapping, SIGCHLD is reported as a signal only when asked for by name.
 */
bool
sigspec_names(const char *spec, int signo)
{
	const char	*p = spec, *end;
	size_t		 len;

	for (;; p = end + 1) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		if (len > 0 && *p != '-' && first_len(p, len) == len &&
		    sig_from_name(p, len) == signo)
			return true;
		if (end == NULL)
			return false;
	}
}

/*
 * One signal, as a SPEC item names it but never a range or "all": for
 * the options that take a single signal (--rewrite, --pdeathsig), with
 * the same errors.
 */
const char *
sigspec_one(const char *tok, size_t len, int *signo)
{
	if (len == 0)
		return parse_error("empty signal name");
	return parse_signal(tok, len, signo, false);
}
