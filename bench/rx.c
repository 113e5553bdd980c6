/* SPDX-License-Identifier: ISC */
/*
 * The receivers compared in the throughput and latency sections (the
 * floor, sigwatch text, sigwatch --json) and the sender that feeds them.
 * They are started alike, for the real-time signal only and with a
 * ready file, so that the sections differ only in what they measure. A
 * receiver that was once incorrect is not run again: its later figures
 * would mean nothing.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

const char *const rx_name[NRX] = { "floor", "sigwatch text", "sigwatch --json" };
const char *const rx_file[NRX] = { "floor", "text", "json" };
static bool	 rx_broken[NRX];	/* once incorrect: no more runs */

/*
 * The receiver r, for the real-time signal only, ending after count
 * signals (0: never), ready when ready exists, writing to out (NULL:
 * standard output).
 */
static void
rx_argv(struct argv *a, enum rx r, long count, const char *ready,
    const char *out)
{
	if (r == RX_FLOOR) {
		arg(a, "%s", opt.floor);
		arg(a, "-s");
		arg(a, "%s", opt.sigstr);
		arg(a, "-r");
		arg(a, "%s", ready);
		if (count > 0) {
			arg(a, "-n");
			arg(a, "%ld", count);
		}
	} else {
		arg(a, "%s", opt.sigwatch);
		arg(a, "-q");
		if (r == RX_JSON)
			arg(a, "--json");
		arg(a, "--signals=%s", opt.sigstr);
		arg(a, "--pidfile=%s", ready);
		if (count > 0)
			arg(a, "--count=%ld", count);
	}
	if (out != NULL) {
		arg(a, "-o");
		arg(a, "%s", out);
	}
}

/*
 * Start receiver r and wait until it is ready; false if it failed, and
 * the run what failed with it.
 */
bool
rx_start(struct proc *p, enum rx r, long count, const char *out, int outfd,
    const char *what)
{
	struct argv	 a = { .n = 0 };
	const char	*ready = tmp("ready");
	int		 status;

	unlink(ready);
	rx_argv(&a, r, count, ready, out);
	*p = spawn(&a, devnull, outfd, -1);
	if (!wait_ready(p, ready)) {
		status = finish(p, 0);
		fail("%s: never became ready (%s)", what, status_text(status));
		return false;
	}
	return true;
}

/*
 * One run of each receiver still correct, in this round's order, turned
 * by shift (no receiver always goes first or last), its figures added to
 * s. A receiver whose run fails is broken from then on.
 */
static void
run_each(struct rx_section *sc, int round, int shift,
    struct series s[NFIG][NRX])
{
	double	 fig[NFIG];
	char	 what[64];
	int	 i, j, r;

	for (j = 0; j < NRX; j++) {
		r = (round + shift + j) % NRX;
		if (rx_broken[r])
			continue;
		snprintf(what, sizeof what, "%s round %d, %s", sc->name,
		    round + 1, rx_name[r]);
		if (!sc->run((enum rx)r, what, fig)) {
			rx_broken[r] = true;
			continue;
		}
		for (i = 0; i < sc->nfig; i++)
			add(&s[i][r], fig[i]);
	}
}

/* A receiver broken: no verdict on any of its figures. */
static void
mark_failed(struct rx_section *sc, int r)
{
	int	 i;

	for (i = 0; i < sc->nfig; i++)
		sc->fig[i][r].failed = sc->ratio[i][r].failed = true;
}

/*
 * A round of the section: reps runs of each receiver, interleaved; the
 * round's figures are the medians of the runs, and each sigwatch's are
 * also taken against the floor's (-1 in med for a receiver broken).
 */
void
rx_round(struct rx_section *sc, int round)
{
	struct series	 s[NFIG][NRX] = { { { .n = 0 } } };
	double		 med[NRX][NFIG], lo, hi;
	int		 i, k, r;

	for (k = 0; k < sc->reps; k++)
		run_each(sc, round, k, s);
	for (r = 0; r < NRX; r++) {
		med[r][0] = -1;
		if (rx_broken[r]) {
			mark_failed(sc, r);
			continue;
		}
		for (i = 0; i < sc->nfig; i++) {
			med[r][i] = median(&s[i][r], &lo, &hi);
			add(&sc->fig[i][r], med[r][i]);
		}
	}
	for (r = RX_TEXT; r < NRX; r++)
		for (i = 0; i < sc->nfig; i++)
			if (med[r][0] > 0 && med[RX_FLOOR][0] > 0 &&
			    med[RX_FLOOR][i] > 0)
				add(&sc->ratio[i][r], med[r][i] /
				    med[RX_FLOOR][i]);
	fprintf(stderr, "  %-9s floor %s, text %s, json %s\n", sc->progress,
	    progress(med[RX_FLOOR][0], sc->scale, sc->fmt),
	    progress(med[RX_TEXT][0], sc->scale, sc->fmt),
	    progress(med[RX_JSON][0], sc->scale, sc->fmt));
}

/*
 * The sender, in mode "flood" or "ping", reporting on outfd and (ping)
 * reading the receiver's lines from infd; warm is ping's warm-up (-1
 * for a flood) and once a flood's -x.
 */
struct proc
sender(int outfd, int infd, const char *mode, pid_t pid, long n, long warm,
    bool once)
{
	struct argv	 a = { .n = 0 };

	arg(&a, "%s", opt.sender);
	arg(&a, "%s", mode);
	if (once)
		arg(&a, "-x");
	arg(&a, "%ld", (long)pid);
	arg(&a, "%s", opt.sigstr);
	arg(&a, "%ld", n);
	if (warm >= 0)
		arg(&a, "%ld", warm);
	return spawn(&a, infd >= 0 ? infd : devnull, outfd, -1);
}

/* Everything the sender wrote on its pipe, after it ended. */
void
read_report(int fd, char *buf, size_t len)
{
	size_t	 have = 0;
	ssize_t	 n;

	while (have < len - 1 && (n = read(fd, buf + have, len - 1 - have)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			err(1, "read");
		have += (size_t)n;
	}
	buf[have] = '\0';
	close(fd);
}

/* The NUMBER of "key=NUMBER" in the sender's report; it must be there. */
double
report_field(const char *report, const char *key)
{
	const char	*p = report;
	size_t		 klen = strlen(key);

	while ((p = strstr(p, key)) != NULL) {
		if ((p == report || p[-1] == ' ') && p[klen] == '=')
			return strtod(p + klen + 1, NULL);
		p += klen;
	}
	errx(1, "no %s= in the sender's report: %s", key, report);
}
