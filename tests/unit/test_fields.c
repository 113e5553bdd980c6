/* SPDX-License-Identifier: ISC */
/*
 * The field table drives both formats: this test links the formatters
 * with a table of its own instead of src/fields.c (the library's
 * fields.o defines nothing else, so the linker takes this one), adds a
 * field to it, and finds that field in text and in JSON alike, in the
 * table's order, without either formatter knowing about it.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/sigwatch.h"
#include "unit.h"

#define F_EXTRA		(1u << 30)

const struct field event_fields[] = {
	{ F_PID, "pid", KIND_PID, offsetof(struct event, pid),
	    sizeof(uint32_t) },
	{ F_EXTRA, "extra_band", KIND_UINT, offsetof(struct event, band),
	    sizeof(uint32_t) },
	{ F_UID, "uid", KIND_UID, offsetof(struct event, uid),
	    sizeof(uint32_t) },
	{ F_VALUE, "value", KIND_INT, offsetof(struct event, value),
	    sizeof(int32_t) },
	{ F_EXTRA, "extra_addr", KIND_HEX, offsetof(struct event, addr),
	    sizeof(uint64_t) },
	{ 0, NULL, 0, 0, 0 }
};

static char	 outpath[] = "/tmp/sigwatch-test-fields-XXXXXX";

static char *
render(const struct formatter *fmt, const struct event *ev)
{
	static char	 line[8192];
	struct output	*o = output_open(outpath);
	FILE		*f;

	fmt->signal(fmt, o, ev);
	output_close(o);
	if ((f = fopen(outpath, "r")) == NULL || fgets(line, sizeof line, f) == NULL)
		abort();
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* The part of s from its first "from" on. */
static const char *
from(const char *s, const char *from)
{
	const char	*a = strstr(s, from);

	return a != NULL ? a : "(not found)";
}

int
main(void)
{
	struct formatter	 text = formatter_pick(FORMAT_TEXT, TIME_NONE,
	    false);
	struct formatter	 json = formatter_pick(FORMAT_JSON, TIME_NONE,
	    false);
	struct event		 ev = {
		.signo = SIGRTMIN, .si_code = SI_QUEUE, .code = "SI_QUEUE",
		.fields = F_PID | F_UID | F_VALUE | F_EXTRA,
		.claimed = true, .pid = 4711, .uid = 1000, .value = -7,
		.band = 4294967295u, .addr = 0x7ffdeadbeef0ull,
	};
	int			 fd;

	if ((fd = mkstemp(outpath)) == -1)
		abort();
	close(fd);
	CHECK_STR(from(render(&text, &ev), " pid="),
	    " pid=4711 extra_band=4294967295 uid=1000 sender=claimed "
	    "value=-7 extra_addr=0x7ffdeadbeef0", "text, in the table's order");
	CHECK_STR(from(render(&json, &ev), ",\"pid\""),
	    ",\"pid\":4711,\"sender\":\"claimed\",\"extra_band\":4294967295,"
	    "\"uid\":1000,\"value\":-7,\"extra_addr\":\"0x7ffdeadbeef0\"}",
	    "JSON, in the table's order");
	ev.fields &= ~F_EXTRA;
	CHECK(strstr(render(&text, &ev), "extra") == NULL,
	    "text: a field whose bit is clear is left out");
	CHECK(strstr(render(&json, &ev), "extra") == NULL,
	    "JSON: a field whose bit is clear is left out");
	unlink(outpath);
	return unit_done();
}
