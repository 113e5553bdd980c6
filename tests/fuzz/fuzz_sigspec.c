/* SPDX-License-Identifier: ISC */
/*
 * sigspec_parse, sigspec_names and sig_from_name on any string. A SPEC
 * either gives a set of catchable signals that holds each signal it
 * names by itself (when nothing is removed), or a one-line message in
 * one of the known forms quoting part of the SPEC, escaped; the answer
 * does not depend on what was chosen before, and a SPEC that starts
 * with a removal gives the same set either way.
 */
#include <stdbool.h>

#include "sigwatch.h"
#include "fuzz.h"

/*
 * parse_error() has room for any message; the quote in it is cut at
 * QUOTE_MAX bytes, as quote_arg() writes it, never inside an escape.
 */
#define MSG_MAX		511
#define QUOTE_MAX	256

static const struct {
	const char	*before;
	const char	*after;
	bool		 list;	/* quotes the whole SPEC, commas and all */
} forms[] = {
	{ "unknown signal '", "'", false },
	{ "signal '", "' cannot be caught or blocked", false },
	{ "signal '", "' is reserved by the C library", false },
	{ "invalid signal range '", "'", false },
	{ "empty item in signal list '", "'", true },
};

static int
hexval(char c)
{
	static const char	 digits[] = "0123456789abcdef";
	const char		*p;

	if (c == '\0' || (p = strchr(digits, c)) == NULL)
		return -1;
	return (int)(p - digits);
}

/*
 * Decode the n bytes at q, a token as quote_arg() writes it, into out:
 * printable ASCII other than backslash stands for itself, \xHH for any
 * other byte and for nothing else. Returns the length, or -1 for a bad
 * form.
 */
static long
unquote(const char *q, size_t n, char *out)
{
	size_t	 i = 0, o = 0;
	int	 hi, lo, c;

	while (i < n) {
		c = (unsigned char)q[i];
		if (c != '\\') {
			if (c < ' ' || c > '~')
				return -1;
			out[o++] = (char)c;
			i++;
			continue;
		}
		if (i + 4 > n || q[i + 1] != 'x' ||
		    (hi = hexval(q[i + 2])) == -1 ||
		    (lo = hexval(q[i + 3])) == -1)
			return -1;
		c = hi << 4 | lo;
		if (c >= ' ' && c <= '~' && c != '\\')
			return -1;
		out[o++] = (char)c;
		i += 4;
	}
	return (long)o;
}

/*
 * Whether msg has one of the forms, whole, quoting a part of spec. The
 * quote may hold an apostrophe: try every length for it. A quote of
 * nearly QUOTE_MAX bytes may have been cut: it holds the start of what
 * it names.
 */
static bool
known_message(const char *msg, const char *spec)
{
	const char	*q;
	char		 tok[MSG_MAX + 1];
	size_t		 len = strlen(msg), slen = strlen(spec), blen;
	size_t		 i, t;
	long		 d;
	bool		 cut;

	if (strcmp(msg, "empty signal list") == 0)
		return slen == 0;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		blen = strlen(forms[i].before);
		if (strncmp(msg, forms[i].before, blen) != 0)
			continue;
		q = msg + blen;
		for (t = 0; t <= len - blen; t++) {
			if (strcmp(q + t, forms[i].after) != 0 ||
			    (d = unquote(q, t, tok)) == -1)
				continue;
			/* An escape that did not fit: 3 bytes short at most. */
			cut = t + 3 >= QUOTE_MAX;
			if (forms[i].list) {
				/* The whole SPEC, or its start when cut. */
				if ((size_t)d <= slen &&
				    memcmp(spec, tok, (size_t)d) == 0 &&
				    (cut || (size_t)d == slen))
					return true;
			} else if (memchr(tok, ',', (size_t)d) == NULL &&
			    d > 0 && memmem(spec, slen, tok, (size_t)d))
				/* One item, or part of one, from the SPEC. */
				return true;
		}
	}
	return false;
}

/* Every signal in set can be caught. */
static void
check_catchable(const sigset_t *set)
{
	int	 signo;

	for (signo = 1; signo <= sig_max(); signo++)
		if (sigismember(set, signo) == 1)
			CHECK(sig_catchable(signo));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sigset_t	 set, from_all;
	char		*spec, *exact, msg[MSG_MAX + 1];
	const char	*e, *e2;
	size_t		 len, i;
	bool		 started, started2, removes;
	int		 signo, s;

	spec = fuzz_string(data, size);
	len = strlen(spec);

	/* Exactly len bytes, no NUL: ASan catches a read past them. */
	exact = malloc(len > 0 ? len : 1);
	CHECK(exact != NULL);
	if (len > 0)
		memcpy(exact, spec, len);
	s = sig_from_name(exact, len);
	CHECK(s == -1 || (s >= 0 && s <= sig_max()));
	free(exact);

	sigemptyset(&set);
	started = false;
	e = sigspec_parse(spec, &set, &started);
	msg[0] = '\0';
	if (e != NULL) {
		/* Whole: never as long as the buffer, which would cut it. */
		CHECK(*e != '\0' && strlen(e) < MSG_MAX);
		/* One line of printable ASCII, whatever the SPEC holds. */
		for (i = 0; e[i] != '\0'; i++)
			CHECK(e[i] >= ' ' && e[i] <= '~');
		CHECK(known_message(e, spec));
		/* The next call reuses sigspec.c's buffer. */
		snprintf(msg, sizeof msg, "%s", e);
	} else {
		CHECK(started);
		check_catchable(&set);
	}

	/* The same SPEC after "all": same verdict, same message. */
	sigspec_all(&from_all);
	started2 = true;
	e2 = sigspec_parse(spec, &from_all, &started2);
	CHECK((e == NULL) == (e2 == NULL));
	if (e2 != NULL)
		CHECK(strcmp(msg, e2) == 0);
	else {
		check_catchable(&from_all);
		/* A removal first starts from all anyway. */
		if (spec[0] == '-')
			for (signo = 1; signo <= sig_max(); signo++)
				CHECK(sigismember(&set, signo) ==
				    sigismember(&from_all, signo));
	}

	/*
	 * sigspec_names answers whatever the SPEC: for SIGCHLD, as the
	 * wrapper asks, and for what the whole SPEC would name. When the
	 * SPEC was good and removes nothing, what it names is in the set
	 * (checked on short ones only, to keep the fuzzer fast).
	 */
	(void)sigspec_names(spec, SIGCHLD);
	(void)sigspec_names(spec, s);
	removes = spec[0] == '-' || strstr(spec, ",-") != NULL;
	if (e == NULL && !removes && len <= 256)
		for (signo = 0; signo <= sig_max() + 1; signo++)
			if (sigspec_names(spec, signo))
				CHECK(signo >= 1 &&
				    sigismember(&set, signo) == 1);
	free(spec);
	return 0;
}
