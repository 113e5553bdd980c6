/*
 * The formatter, chosen once at start-up: from here on, sigwatch prints
 * every kind of line through it and no other file asks which format is
 * on.
 */
#include "sigwatch.h"

struct formatter
formatter_pick(enum out_format format, enum time_format time, bool color)
{
	struct formatter	 f;

	f = format == FORMAT_JSON ? json_formatter : text_formatter;
	f.style.time = time;
	f.style.color = color;
	f.style.origin = clock_now(CLOCK_MONOTONIC);
	return f;
}
