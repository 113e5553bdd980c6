/*
 * sigwatch: print the signals it receives, decoded. Option parsing and
 * the choice between listing signals and watching them.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sigwatch.h"

enum {
	OPT_FORMAT = 256,
	OPT_EXIT_ON,
	OPT_TIMEOUT,
	OPT_PIDFILE,
	OPT_NO_RESOLVE,
	OPT_FORWARD_TO,
	OPT_NO_FORWARD,
	OPT_KILL_AFTER,
	OPT_SUBREAPER,
};

static const char short_opts[] = "+:s:jo:n:qlhV";

static const struct option long_opts[] = {
	{ "count",	required_argument,	NULL, 'n' },
	{ "exit-on",	required_argument,	NULL, OPT_EXIT_ON },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "forward-to",	required_argument,	NULL, OPT_FORWARD_TO },
	{ "help",	no_argument,		NULL, 'h' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "kill-after",	required_argument,	NULL, OPT_KILL_AFTER },
	{ "list",	no_argument,		NULL, 'l' },
	{ "no-forward",	no_argument,		NULL, OPT_NO_FORWARD },
	{ "no-resolve",	no_argument,		NULL, OPT_NO_RESOLVE },
	{ "output",	required_argument,	NULL, 'o' },
	{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "signals",	required_argument,	NULL, 's' },
	{ "subreaper",	no_argument,		NULL, OPT_SUBREAPER },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

__attribute__((noreturn))
static void
usage(void)
{
	printf(
"Usage: sigwatch [OPTION]... [-- COMMAND [ARG]...]\n"
"Print each signal sigwatch receives, with who sent it and why. With a\n"
"COMMAND, run it, forward the signals to it, report its state changes and\n"
"exit with its status.\n"
"\n"
"Options:\n"
"  -s, --signals=SPEC      watch these signals (repeatable); default: all\n"
"  -j, --json              print JSON lines (same as --format=json)\n"
"      --format=FORMAT     text (the default) or json\n"
"  -o, --output=FILE       write events to FILE instead of standard output\n"
"  -n, --count=N           exit 0 after N signals\n"
"      --exit-on=SPEC      exit 0 after printing one of these signals\n"
"      --timeout=DURATION  exit 124 after DURATION (500ms, 2s, 1.5m, 1h)\n"
"      --pidfile=FILE      write sigwatch's pid to FILE once it is ready\n"
"      --no-resolve        do not look up sender command and user names\n"
"  -q, --quiet             no start-up note on standard error\n"
"\n"
"With a COMMAND:\n"
"      --forward-to=WHOM   child (the default) or group: the command's own\n"
"                          process group, which it then leads\n"
"      --no-forward        only watch; forward nothing to the command\n"
"      --kill-after=DURATION\n"
"                          SIGKILL the command if it still runs DURATION\n"
"                          after a limit sent it SIGTERM\n"
"      --subreaper         adopt orphaned descendants, report them, and wait\n"
"                          for all of them before exiting\n"
"\n"
"  -l, --list              list the signals this system has and exit\n"
"  -h, --help              display this help and exit\n"
"  -V, --version           output version information and exit\n"
"\n"
"SPEC is a comma-separated list of signal names (INT, sigint, SIGINT),\n"
"numbers, RTMIN+n, RTMAX-n, ranges (1-15, RTMIN-RTMAX) and 'all';\n"
"an item starting with '-' removes signals (all,-CHLD,-WINCH).\n"
"\n"
"Exit status: 0 after --count or --exit-on, 124 after --timeout,\n"
"125 on error, 130 after Ctrl-C twice at a terminal, 141 when the\n"
"reader of the output has gone. With a COMMAND: its exit code, 128+N\n"
"if signal N killed it, 126 if it could not be run, 127 if not found.\n"
"\n"
"Full documentation: man sigwatch\n");
	exit(EXIT_SUCCESS);
}

__attribute__((noreturn))
static void
version(void)
{
	printf("sigwatch %s\n", PACKAGE_VERSION);
	exit(EXIT_SUCCESS);
}

/* A token as error messages show it. */
static const char *
q(const char *s)
{
	return quote_arg(s, strlen(s));
}

/* getopt's own messages take two lines; ours name the token in one. */
__attribute__((noreturn))
static void
bad_option(int c, char **argv)
{
	const char	*tok = argv[optind - 1];

	if (c == ':')
		errx(EXIT_TROUBLE, "option '%s' requires an argument", q(tok));
	if (optopt != 0 && strncmp(tok, "--", 2) != 0)
		errx(EXIT_TROUBLE, "unknown option '-%s'; try 'sigwatch --help'",
		    quote_arg((char []){ (char)optopt }, 1));
	errx(EXIT_TROUBLE, "unknown option '%s'; try 'sigwatch --help'", q(tok));
}

static void
add_spec(const char *spec, sigset_t *set, bool *started)
{
	const char	*e;

	if ((e = sigspec_parse(spec, set, started)) != NULL)
		errx(EXIT_TROUBLE, "%s", e);
}

static enum forward_mode
forward_or_err(const char *s)
{
	if (strcmp(s, "child") == 0)
		return FORWARD_CHILD;
	if (strcmp(s, "group") == 0)
		return FORWARD_GROUP;
	errx(EXIT_TROUBLE, "unknown --forward-to '%s' (child or group)", q(s));
}

static enum out_format
format_or_err(const char *s)
{
	if (strcmp(s, "text") == 0)
		return FORMAT_TEXT;
	if (strcmp(s, "json") == 0)
		return FORMAT_JSON;
	errx(EXIT_TROUBLE, "unknown format '%s' (text or json)", q(s));
}

static int
list_signals(const struct watch_opts *o)
{
	struct output	*out = output_open(o->output);

	sig_list(out, o->format);
	output_close(out);
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	struct watch_opts	 o = { .format = FORMAT_TEXT, .resolve = true };
	bool			 started = false, exit_started = false;
	bool			 list = false;
	sigset_t		 all, inherited;
	const char		*wrap_only = NULL;	/* an option for COMMAND */
	int			 c, s;

	/*
	 * Block everything first: a signal that comes while sigwatch starts
	 * is then read and reported (and forwarded) rather than lost.
	 */
	sigfillset(&all);
	if (sigprocmask(SIG_BLOCK, &all, &inherited) == -1)
		err(EXIT_TROUBLE, "sigprocmask");
	sigemptyset(&o.set);
	sigemptyset(&o.exit_on);
	opterr = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 's':
			add_spec(optarg, &o.set, &started);
			o.chld_named |= sigspec_names(optarg, SIGCHLD);
			break;
		case 'j':
			o.format = FORMAT_JSON;
			break;
		case OPT_FORMAT:
			o.format = format_or_err(optarg);
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'n':
			if (parse_count(optarg, &o.count) == -1)
				errx(EXIT_TROUBLE, "invalid count '%s'", q(optarg));
			break;
		case OPT_EXIT_ON:
			add_spec(optarg, &o.exit_on, &exit_started);
			o.chld_named |= sigspec_names(optarg, SIGCHLD);
			break;
		case OPT_TIMEOUT:
			if (parse_duration(optarg, &o.timeout) == -1)
				errx(EXIT_TROUBLE, "invalid duration '%s'",
				    q(optarg));
			break;
		case OPT_PIDFILE:
			o.pidfile = optarg;
			break;
		case OPT_NO_RESOLVE:
			o.resolve = false;
			break;
		case OPT_FORWARD_TO:
			wrap_only = "--forward-to";
			o.forward = forward_or_err(optarg);
			break;
		case OPT_NO_FORWARD:
			wrap_only = "--no-forward";
			o.forward = FORWARD_NONE;
			break;
		case OPT_KILL_AFTER:
			wrap_only = "--kill-after";
			if (parse_duration(optarg, &o.kill_after) == -1)
				errx(EXIT_TROUBLE, "invalid duration '%s'",
				    q(optarg));
			break;
		case OPT_SUBREAPER:
			wrap_only = "--subreaper";
			o.subreaper = true;
			break;
		case 'q':
			o.quiet = true;
			break;
		case 'l':
			list = true;
			break;
		case 'h':
			usage();
		case 'V':
			version();
		default:
			bad_option(c, argv);
		}
	}
	if (optind < argc)
		o.argv = argv + optind;
	else if (wrap_only != NULL)
		errx(EXIT_TROUBLE, "option '%s' needs a COMMAND", wrap_only);
	if (list) {
		sigprocmask(SIG_SETMASK, &inherited, NULL);
		return list_signals(&o);
	}
	if (!started)
		sigspec_all(&o.set);
	/* Signals that end the run must be watched to be seen. */
	for (s = 1; s <= sig_max(); s++)
		if (sigismember(&o.exit_on, s) == 1)
			sigaddset(&o.set, s);
	if (sigspec_count(&o.set) == 0)
		errx(EXIT_TROUBLE, "no signals to watch");
	return watch(&o, &inherited);
}
