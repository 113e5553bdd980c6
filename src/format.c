/* SPDX-License-Identifier: ISC */
/*
 * The formatter, chosen once at start-up: from here on, sigwatch prints
 * every kind of line through it and no other file asks which format is
 * on. Also the field writers the two formats share: numbers, addresses
 * and names look the same in both, but for the quotes JSON puts around
 * its strings (format_json.c).
 */
#include "sigwatch.h"

static char *
put_int(char *p, const struct event *ev, const struct field *f)
{
	return put_i64(p, field_int(ev, f));
}

static char *
put_uint(char *p, const struct event *ev, const struct field *f)
{
	return put_u64(p, field_uint(ev, f));
}

static char *
put_address(char *p, const struct event *ev, const struct field *f)
{
	return put_hex(p, field_uint(ev, f));
}

static char *
put_arch(char *p, const struct event *ev, const struct field *f)
{
	char	 arch[16];

	return put_str(p, arch_name((uint32_t)field_uint(ev, f), arch,
	    sizeof arch));
}

static char *
put_signal(char *p, const struct event *ev, const struct field *f)
{
	char	 sig[SIG_NAME_MAX];

	return put_str(p, sig_name((int)field_int(ev, f), sig));
}

/* Why a signal was not forwarded, in a word: what rule dropped it. */
const char *
drop_reason_name(int reason)
{
	return reason == DROP_GRACE ? "grace" : "rewrite";
}

static field_put_fn *const shared[NKINDS] = {
	[KIND_SIGNAL]	= put_signal,
	[KIND_INT]	= put_int,
	[KIND_UINT]	= put_uint,
	[KIND_HEX]	= put_address,
	[KIND_ARCH]	= put_arch,
};

struct formatter
formatter_pick(enum out_format format, enum time_format time, bool color)
{
	struct formatter	 f;
	int			 k;

	f = format == FORMAT_JSON ? json_formatter : text_formatter;
	for (k = 0; k < NKINDS; k++)
		if (f.field[k] == NULL)
			f.field[k] = shared[k];
	f.style.time = time;
	f.style.color = color;
	f.style.origin = clock_now(CLOCK_MONOTONIC);
	return f;
}
