/* SPDX-License-Identifier: ISC */
/*
 * sigwatch: print the signals it receives, decoded. main() blocks them
 * all, has the command line read (options.c) and hands over: to --list,
 * to --inspect, or to the watch loop (watch.c), which also runs and
 * wraps a COMMAND.
 */
#include <err.h>
#include <signal.h>
#include <stdlib.h>

#include "sigwatch.h"

static int
list_signals(const struct watch_opts *o, char **lookups)
{
	struct output	*out = output_open(o->output);
	struct formatter fmt = formatter_pick(o->format, o->time, false);

	pidfile_write();
	fmt.list(&fmt, out, lookups);
	output_close(out);
	return EXIT_SUCCESS;
}

/* Every process asked about, even after one could not be read. */
static int
inspect_all(const struct watch_opts *o, const pid_t *pids,
    const char *const *args, int n)
{
	struct output	*out = output_open(o->output);
	struct formatter fmt = formatter_pick(o->format, o->time, false);
	int		 i, status = EXIT_SUCCESS;

	pidfile_write();
	/* Each written before the next: a write error counts processes. */
	for (i = 0; i < n; i++) {
		output_units(out, (size_t)(n - i), "process's state",
		    "processes' states");
		if (inspect(&fmt, out, pids[i], args[i], o->resolve) == -1)
			status = EXIT_TROUBLE;
		output_flush(out);
	}
	output_close(out);
	return status;
}

int
main(int argc, char **argv)
{
	static struct control	 ctl;	/* reachable still when an error exits */
	sigset_t		 all, inherited;
	enum mode		 mode;
	int			 status;

	/*
	 * Block everything first: a signal that comes while sigwatch starts
	 * is then read and reported (and forwarded) rather than lost.
	 */
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, &inherited) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	/* Before anything that takes time: a parent gone since is news. */
	pdeathsig_note_parent();
	stdfds_open();
	mode = parse_options(argc, argv, &ctl);
	if (mode == MODE_WATCH || mode == MODE_WRAP) {
		status = watch(&ctl.watch, &inherited);
		control_free(&ctl);
		return status;
	}
	/* Listing and inspecting read no signals: let them act as usual. */
	sigprocmask(SIG_SETMASK, &inherited, NULL);
	status = mode == MODE_LIST ? list_signals(&ctl.watch, ctl.lookups) :
	    inspect_all(&ctl.watch, ctl.pids, ctl.pid_args, ctl.npids);
	control_free(&ctl);
	return status;
}
