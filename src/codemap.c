/* SPDX-License-Identifier: ISC */
/*
 * A map from small numbers to numbers that leaves the ones it does not
 * name alone, read from "FROM:TO,FROM:TO": --rewrite's signals and
 * --exit-map's statuses. The options differ only in how a side is read
 * and in the words of their errors; a number mapped twice is a mistake,
 * not an order to guess, so it is refused.
 */
#include <string.h>

#include "sigwatch.h"

/* false when from is mapped already, or is no key the map can hold. */
static bool
code_map_add(struct code_map *m, int from, int to)
{
	if (from < 0 || from >= CODE_MAP_KEYS || m->set[from])
		return false;
	m->set[from] = true;
	m->to[from] = to;
	return true;
}

/* What code maps to: itself when the map does not name it. */
int
code_map_of(const struct code_map *m, int code)
{
	if (code < 0 || code >= CODE_MAP_KEYS || !m->set[code])
		return code;
	return m->to[code];
}

struct code_map_parsing {
	struct code_map			*map;
	const struct code_map_syntax	*syntax;
	const char			*list;	/* all of it, for an empty item */
};

/* One FROM:TO, len bytes at s, into the map: NULL, or why not. */
static const char *
code_map_item(void *arg, const char *s, size_t len)
{
	const struct code_map_parsing	*p = arg;
	const struct code_map_syntax	*syn = p->syntax;
	const char			*colon = memchr(s, ':', len), *e = "";
	size_t				 from_len;
	int				 from, to;

	/* "1:2,,3:4": nothing to quote but the list, as a SPEC's. */
	if (len == 0)
		return parse_error("empty item in %s list '%s'", syn->item,
		    quote_str(p->list));
	from_len = colon != NULL ? (size_t)(colon - s) : len;
	if (colon != NULL && (e = syn->side(s, from_len, false, &from)) == NULL)
		e = syn->side(colon + 1, len - from_len - 1, true, &to);
	if (e != NULL && *e == '\0')
		return parse_error("invalid %s '%s' (%s)", syn->item,
		    quote_arg(s, len), syn->form);
	if (e != NULL)
		return e;
	if (!code_map_add(p->map, from, to))
		return parse_error("%s '%s' is %s twice", syn->key,
		    quote_arg(s, from_len), syn->mapped);
	return NULL;
}

/* "FROM:TO[,FROM:TO]..." into m: NULL, or an error naming the item. */
const char *
code_map_parse(struct code_map *m, const char *spec,
    const struct code_map_syntax *syntax)
{
	struct code_map_parsing	 p = { .map = m, .syntax = syntax,
	    .list = spec };

	return parse_list(spec, code_map_item, &p);
}
