/* SPDX-License-Identifier: ISC */
/*
 * Names a sender controls, encoded once per name rather than once per
 * event: a flood from one sender repeats the same two names, and
 * encoding them (escaping each byte, or a jansson string) would cost
 * more than the rest of the line. Each formatter keeps its own cache,
 * with its own encoder; resolve.c hands out the names raw.
 */
#include <string.h>

#include "sigwatch.h"

/* raw, encoded by the cache's encoder; valid until LABEL_SLOTS more. */
const char *
label_of(struct label_cache *c, const char *raw)
{
	unsigned	 i, s;
	size_t		 len = strlen(raw);

	for (i = 0; i < LABEL_SLOTS; i++) {
		s = (c->last + i) % LABEL_SLOTS;
		if (c->slot[s].used && strcmp(c->slot[s].raw, raw) == 0)
			return c->slot[(c->last = s)].encoded;
	}
	s = c->last = c->next;
	c->next = (c->next + 1) % LABEL_SLOTS;
	c->encode(c->slot[s].encoded, sizeof c->slot[s].encoded, raw);
	/* A name too long to key the cache is encoded, not kept. */
	c->slot[s].used = len < sizeof c->slot[s].raw;
	if (c->slot[s].used)
		memcpy(c->slot[s].raw, raw, len + 1);
	return c->slot[s].encoded;
}
