/* SPDX-License-Identifier: ISC */
/*
 * --summary: how many signals were reported, by signal, by signal and
 * code, and by sender, printed once at the end like strace -c. The
 * tallies are bounded: a sender can forge any number of codes and
 * there can be millions of pids, so past TALLY_MAX kinds the rest are
 * only counted as "others".
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "sigwatch.h"

#define TALLY_MAX	1024
#define NO_PID		UINT64_MAX	/* the kernel's own signals */

struct row {
	uint64_t		 key;
	unsigned long long	 n;
	int			 signo;		/* by code */
	int			 si_code;
	const char		*code;
	bool			 has_pid;	/* by sender */
	uint32_t		 pid;
	uint32_t		 uid;
	bool			 resolved;
	char			*comm;
	char			*user;
};

/* Open addressing on key; rows are never removed. */
struct tally {
	struct row		*slots;
	size_t			 cap;		/* a power of two, or 0 */
	size_t			 used;
	unsigned long long	 others;	/* too many kinds to tally */
};

static unsigned long long	 total;
static unsigned long long	 by_signal[_NSIG];
static struct tally		 codes, senders;

static struct row *
probe(struct row *slots, size_t cap, uint64_t key)
{
	size_t	 i = (size_t)(key * 0x9e3779b97f4a7c15ULL >> 7) & (cap - 1);

	while (slots[i].n != 0 && slots[i].key != key)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

/* Keep the table at most half full. */
static void
grow(struct tally *t)
{
	struct row	*old = t->slots;
	size_t		 i, cap = t->cap == 0 ? 16 : 2 * t->cap;

	if ((t->slots = calloc(cap, sizeof *t->slots)) == NULL)
		err(EXIT_TROUBLE, "calloc");
	for (i = 0; i < t->cap; i++)
		if (old[i].n != 0)
			*probe(t->slots, cap, old[i].key) = old[i];
	t->cap = cap;
	free(old);
}

/* The row for key, new and empty if it was not there; NULL if full. */
static struct row *
find(struct tally *t, uint64_t key, bool *fresh)
{
	struct row	*r;

	if (t->cap != 0 && (r = probe(t->slots, t->cap, key))->n != 0) {
		*fresh = false;
		return r;
	}
	if (t->used == TALLY_MAX) {
		t->others++;
		return NULL;
	}
	if (2 * (t->used + 1) > t->cap)
		grow(t);
	t->used++;
	*fresh = true;
	r = probe(t->slots, t->cap, key);
	r->key = key;
	return r;
}

static char *
copy(const char *s)
{
	char	*c;

	if (s == NULL)
		return NULL;
	if ((c = strdup(s)) == NULL)
		err(EXIT_TROUBLE, "strdup");
	return c;
}

void
summary_add(const struct event *ev)
{
	struct row	*r;
	bool		 fresh, has_pid = (ev->fields & F_PID) != 0;

	total++;
	if (ev->signo > 0 && ev->signo < _NSIG)
		by_signal[ev->signo]++;
	if ((r = find(&codes, (uint64_t)(uint32_t)ev->signo << 32 |
	    (uint32_t)ev->si_code, &fresh)) != NULL) {
		if (fresh) {
			r->signo = ev->signo;
			r->si_code = ev->si_code;
			r->code = ev->code;
		}
		r->n++;
	}
	if ((r = find(&senders, has_pid ? (uint64_t)ev->pid << 32 | ev->uid :
	    NO_PID, &fresh)) != NULL) {
		/* The names the sender had when it was first seen. */
		if (fresh && has_pid) {
			r->has_pid = true;
			r->pid = ev->pid;
			r->uid = ev->uid;
			r->resolved = ev->resolved;
			r->comm = copy(ev->comm);
			r->user = copy(ev->user);
		}
		r->n++;
	}
}

/* Most frequent first; ties in the order of the key. */
static int
by_count(const void *a, const void *b)
{
	const struct row	*x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* The used rows, sorted, moved to the front: the table is done with. */
static size_t
sorted(struct tally *t)
{
	struct row	 r;
	size_t		 i, n = 0;

	for (i = 0; i < t->cap; i++)
		if (t->slots[i].n != 0) {
			r = t->slots[i];
			t->slots[i] = (struct row){ 0 };
			t->slots[n++] = r;
		}
	if (n > 0)
		qsort(t->slots, n, sizeof t->slots[0], by_count);
	return n;
}

/* The signals that came, sorted as the other tables are. */
static size_t
signal_rows(struct row rows[_NSIG])
{
	size_t	 n = 0;
	int	 s;

	for (s = 1; s < _NSIG; s++)
		if (by_signal[s] != 0)
			rows[n++] = (struct row){ .key = (uint64_t)s,
			    .n = by_signal[s], .signo = s };
	qsort(rows, n, sizeof rows[0], by_count);
	return n;
}

static void
release(struct tally *t)
{
	size_t	 i;

	for (i = 0; i < t->cap; i++) {
		free(t->slots[i].comm);
		free(t->slots[i].user);
	}
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static const char *
code_text(const struct row *r, char *buf, size_t len)
{
	if (r->code != NULL)
		return r->code;
	snprintf(buf, len, "%d", r->si_code);
	return buf;
}

/* "pid=4711(bash) uid=1000(alice)", as event lines show a sender. */
static void
print_sender(const struct row *r)
{
	char	 name[4 * 256 + 1];

	if (!r->has_pid) {
		fprintf(stderr, "kernel\n");
		return;
	}
	fprintf(stderr, "pid=%u", r->pid);
	if (r->resolved) {
		escape_text(name, sizeof name, r->comm != NULL ? r->comm : "?");
		fprintf(stderr, "(%s)", name);
	}
	fprintf(stderr, " uid=%u", r->uid);
	if (r->resolved) {
		escape_text(name, sizeof name, r->user != NULL ? r->user : "?");
		fprintf(stderr, "(%s)", name);
	}
	fputc('\n', stderr);
}

static void
print_others(unsigned long long n)
{
	if (n != 0)
		fprintf(stderr, "%9llu  others (more than %d kinds)\n", n,
		    TALLY_MAX);
}

static void
print_text(const struct timespec *took)
{
	struct row	 sigs[_NSIG];
	char		 name[SIG_NAME_MAX], num[16];
	size_t		 i, n;

	fprintf(stderr, "sigwatch: %llu signal%s in %lld.%02ld s\n", total,
	    total == 1 ? "" : "s", (long long)took->tv_sec,
	    took->tv_nsec / 10000000);
	if (total == 0)
		return;
	fprintf(stderr, "%9s  %s\n", "count", "signal");
	for (i = 0, n = signal_rows(sigs); i < n; i++)
		fprintf(stderr, "%9llu  %s\n", sigs[i].n,
		    sig_name(sigs[i].signo, name));
	fprintf(stderr, "%9s  %-11s %s\n", "count", "signal", "code");
	for (i = 0, n = sorted(&codes); i < n; i++)
		fprintf(stderr, "%9llu  %-11s %s\n", codes.slots[i].n,
		    sig_name(codes.slots[i].signo, name),
		    code_text(&codes.slots[i], num, sizeof num));
	print_others(codes.others);
	fprintf(stderr, "%9s  %s\n", "count", "sender");
	for (i = 0, n = sorted(&senders); i < n; i++) {
		fprintf(stderr, "%9llu  ", senders.slots[i].n);
		print_sender(&senders.slots[i]);
	}
	print_others(senders.others);
}

static json_t *
signals_json(void)
{
	struct row	 sigs[_NSIG];
	char		 name[SIG_NAME_MAX];
	json_t		*a = json_must(json_array()), *o;
	size_t		 i, n;

	for (i = 0, n = signal_rows(sigs); i < n; i++) {
		o = json_new_object();
		json_set(o, "signal",
		    json_string(sig_name(sigs[i].signo, name)));
		json_set(o, "signo", json_integer(sigs[i].signo));
		json_set(o, "count", json_integer((json_int_t)sigs[i].n));
		json_push(a, o);
	}
	return a;
}

static json_t *
codes_json(void)
{
	char	 name[SIG_NAME_MAX], num[16];
	json_t	*a = json_must(json_array()), *o;
	size_t	 i, n;

	for (i = 0, n = sorted(&codes); i < n; i++) {
		const struct row	*r = &codes.slots[i];

		o = json_new_object();
		json_set(o, "signal", json_string(sig_name(r->signo, name)));
		json_set(o, "signo", json_integer(r->signo));
		json_set(o, "code", json_string(code_text(r, num, sizeof num)));
		json_set(o, "si_code", json_integer(r->si_code));
		json_set(o, "count", json_integer((json_int_t)r->n));
		json_push(a, o);
	}
	return a;
}

/* pid and uid are null for the kernel's own signals. */
static json_t *
senders_json(void)
{
	json_t	*a = json_must(json_array()), *o;
	size_t	 i, n;

	for (i = 0, n = sorted(&senders); i < n; i++) {
		const struct row	*r = &senders.slots[i];

		o = json_new_object();
		json_set(o, "pid", r->has_pid ? json_integer(r->pid) :
		    json_null());
		json_set(o, "uid", r->has_pid ? json_integer(r->uid) :
		    json_null());
		if (r->resolved) {
			json_set(o, "comm", json_untrusted(r->comm));
			json_set(o, "user", json_untrusted(r->user));
		}
		json_set(o, "count", json_integer((json_int_t)r->n));
		json_push(a, o);
	}
	return a;
}

static void
release_all(void)
{
	release(&codes);
	release(&senders);
}

/*
 * Text goes to standard error, apart from the events; JSON is the last
 * line of the event stream, where a jq pipeline finds it.
 */
void
text_summary(const struct formatter *fmt, struct output *out)
{
	struct timespec	 mono = clock_now(CLOCK_MONOTONIC);
	struct timespec	 took = time_since(&mono, &fmt->style.origin);

	output_flush(out);
	print_text(&took);
	release_all();
}

void
json_summary(const struct formatter *fmt, struct output *out)
{
	struct timespec	 real, mono, took;
	json_t		*o;

	clock_stamp(&real, &mono);
	took = time_since(&mono, &fmt->style.origin);
	o = json_new_object();
	json_set(o, "seconds", json_real((double)took.tv_sec +
	    (double)took.tv_nsec / 1e9));
	json_set(o, "total", json_integer((json_int_t)total));
	json_set(o, "by_signal", signals_json());
	json_set(o, "by_code", codes_json());
	json_set(o, "by_sender", senders_json());
	json_set(o, "codes_untallied", json_integer((json_int_t)codes.others));
	json_set(o, "senders_untallied",
	    json_integer((json_int_t)senders.others));
	json_emit_event(out, "summary", &real, &mono, o);
	release_all();
}
