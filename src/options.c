/* SPDX-License-Identifier: ISC */
/*
 * The command line: options read into a struct control, checked against
 * each other and against the COMMAND, and the mode they ask for, as
 * util-linux kill(1) parses its arguments. --help and --version end here,
 * and so does every mistake: status 125 and one line that names the
 * option, not getopt's two.
 */
#include <err.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	OPT_SUMMARY,
	OPT_TIME,
	OPT_COLOR,
	OPT_INSPECT,
	OPT_TRACE,
	OPT_REWRITE,
	OPT_EXIT_MAP,
	OPT_PDEATHSIG,
	OPT_CHILD_PDEATHSIG,
	OPT_GRACE,
	OPT_READY_FD,
	OPT_NO_FOLLOW,
	OPT_SAME_GROUP,
	OPT_KILL_GROUP,
	OPT_REAP_ORPHANS,
	/* The short options are their own values, as getopt returns them. */
	OPT_ATTACH = 'p',
	OPT_COUNT = 'n',
	OPT_HELP = 'h',
	OPT_JSON = 'j',
	OPT_LIST = 'l',
	OPT_OUTPUT = 'o',
	OPT_QUIET = 'q',
	OPT_SIGNALS = 's',
	OPT_VERSION = 'V',
};

static const char short_opts[] = "+:s:jo:n:p:qlhV";

static const struct option long_opts[] = {
	{ "attach",	required_argument,	NULL, OPT_ATTACH },
	{ "child-pdeathsig", required_argument,	NULL, OPT_CHILD_PDEATHSIG },
	{ "color",	optional_argument,	NULL, OPT_COLOR },
	{ "count",	required_argument,	NULL, OPT_COUNT },
	{ "exit-map",	required_argument,	NULL, OPT_EXIT_MAP },
	{ "exit-on",	required_argument,	NULL, OPT_EXIT_ON },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "forward-to",	required_argument,	NULL, OPT_FORWARD_TO },
	{ "grace",	required_argument,	NULL, OPT_GRACE },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ "inspect",	required_argument,	NULL, OPT_INSPECT },
	{ "json",	no_argument,		NULL, OPT_JSON },
	{ "kill-after",	required_argument,	NULL, OPT_KILL_AFTER },
	{ "kill-group",	no_argument,		NULL, OPT_KILL_GROUP },
	{ "list",	no_argument,		NULL, OPT_LIST },
	{ "no-follow",	no_argument,		NULL, OPT_NO_FOLLOW },
	{ "no-forward",	no_argument,		NULL, OPT_NO_FORWARD },
	{ "no-resolve",	no_argument,		NULL, OPT_NO_RESOLVE },
	{ "output",	required_argument,	NULL, OPT_OUTPUT },
	{ "pdeathsig",	required_argument,	NULL, OPT_PDEATHSIG },
	{ "pidfile",	required_argument,	NULL, OPT_PIDFILE },
	{ "quiet",	no_argument,		NULL, OPT_QUIET },
	{ "ready-fd",	required_argument,	NULL, OPT_READY_FD },
	{ "reap-orphans", no_argument,		NULL, OPT_REAP_ORPHANS },
	{ "rewrite",	required_argument,	NULL, OPT_REWRITE },
	{ "same-group",	no_argument,		NULL, OPT_SAME_GROUP },
	{ "signals",	required_argument,	NULL, OPT_SIGNALS },
	{ "subreaper",	no_argument,		NULL, OPT_SUBREAPER },
	{ "summary",	no_argument,		NULL, OPT_SUMMARY },
	{ "time",	required_argument,	NULL, OPT_TIME },
	{ "timeout",	required_argument,	NULL, OPT_TIMEOUT },
	{ "trace",	no_argument,		NULL, OPT_TRACE },
	{ "version",	no_argument,		NULL, OPT_VERSION },
	{ NULL,		0,			NULL, 0 }
};

/*
 * The long option tok names in full; NULL when none. *n says how many
 * it is a prefix of, and list names them.
 */
static const struct option *
long_match(const char *tok, size_t len, int *n, char *list, size_t size)
{
	const struct option	*o;

	*n = 0;
	*list = '\0';
	for (o = long_opts; len > 0 && o->name != NULL; o++) {
		if (strncmp(o->name, tok, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return o;
		if (strlen(list) + strlen(o->name) + 5 < size)
			snprintf(list + strlen(list), size - strlen(list),
			    "%s--%s", *n > 0 ? ", " : "", o->name);
		(*n)++;
	}
	return NULL;
}

/*
 * getopt_long takes a unique prefix for the whole name, so "--pid=1"
 * (an strace habit) would be "--pidfile=1" and write a file: sigwatch
 * takes its long options spelled out, and names what was meant.
 */
__attribute__((noreturn))
static void
abbreviated(const char *tok, const char *list)
{
	errx(EXIT_TROUBLE, "unknown option '%s' (long options are not "
	    "abbreviated: %s)", quote_str(tok), list);
}

/*
 * With opterr 0, getopt_long returns '?' alike for an unknown, an
 * abbreviated and a misused long option: tell them apart by matching
 * the token again. tok is "--name" or "--name=value".
 */
__attribute__((noreturn))
static void
bad_long(int c, const char *tok)
{
	const struct option	*o;
	const char		*eq = strchr(tok, '=');
	size_t			 len = eq != NULL ? (size_t)(eq - tok) : strlen(tok);
	char			 list[512];
	int			 n;

	o = long_match(tok + 2, len - 2, &n, list, sizeof list);
	if (o == NULL && n > 0)
		abbreviated(tok, list);
	if (c == ':' && o != NULL)
		errx(EXIT_TROUBLE, "option '--%s' requires an argument",
		    o->name);
	if (o != NULL && eq != NULL && o->has_arg == no_argument)
		errx(EXIT_TROUBLE, "option '--%s' doesn't allow an argument",
		    o->name);
	errx(EXIT_TROUBLE, "unknown option '%s'; try 'sigwatch --help'",
	    quote_str(tok));
}

/* getopt_long matched the long option tok by a prefix: refused. */
static void
check_spelled_out(const char *tok)
{
	const char	*eq = strchr(tok, '=');
	size_t		 len = eq != NULL ? (size_t)(eq - tok) : strlen(tok);
	char		 list[512];
	int		 n;

	if (long_match(tok + 2, len - 2, &n, list, sizeof list) == NULL)
		abbreviated(tok, list);
}

/*
 * getopt's own messages take two lines; ours name the option in one.
 * tok is the word getopt_long was reading. argv[optind - 1] is not
 * always that: in "-xj" optind has not yet moved past the word, and
 * after a missing argument at the end musl leaves it past argc.
 */
__attribute__((noreturn))
static void
bad_option(int c, const char *tok)
{
	char	 opt[2] = { (char)optopt, '\0' };

	if (strncmp(tok, "--", 2) == 0)
		bad_long(c, tok);
	if (c == ':')
		errx(EXIT_TROUBLE, "option '-%s' requires an argument",
		    quote_arg(opt, 1));
	errx(EXIT_TROUBLE, "unknown option '-%s'; try 'sigwatch --help'",
	    quote_arg(opt, 1));
}

/*
 * An empty value is no value: "--timeout=" and "-s ''" are refused as
 * "--timeout" and "-s" at the end are, not read as a value that happens
 * to be bad (an empty --output would be reported as ": No such file").
 * --color's value is optional, and its word list says what it takes.
 */
static void
check_not_empty(int c, int index, const char *tok)
{
	if (optarg == NULL || *optarg != '\0')
		return;
	if (index != -1 && long_opts[index].has_arg != required_argument)
		return;
	optopt = c;	/* as getopt leaves it for a missing argument */
	bad_option(':', tok);
}

/*
 * The variable being read (environment.c), while one is: an error in
 * its value names it, as an option's names the option's value.
 */
static const char	*variable;

__attribute__((noreturn, format(printf, 1, 2)))
static void
bad_value(const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (variable != NULL)
		errx(EXIT_TROUBLE, "%s: %s", variable, msg);
	errx(EXIT_TROUBLE, "%s", msg);
}

/* The words an option accepts, and what each means. */
struct choice {
	const char	*word;
	int		 value;
};

static const struct choice formats[] = {
	{ "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { NULL, 0 }
};
static const struct choice forwards[] = {
	{ "child", FORWARD_CHILD }, { "group", FORWARD_GROUP }, { NULL, 0 }
};
static const struct choice times[] = {
	{ "local", TIME_LOCAL }, { "iso", TIME_ISO }, { "epoch", TIME_EPOCH },
	{ "mono", TIME_MONO }, { "relative", TIME_RELATIVE },
	{ "none", TIME_NONE }, { NULL, 0 }
};
static const struct choice colors[] = {
	{ "auto", COLOR_AUTO }, { "always", COLOR_ALWAYS },
	{ "never", COLOR_NEVER }, { NULL, 0 }
};

/* The word's value; else an error that lists the words: "a, b or c". */
static int
choose(const char *what, const struct choice *c, const char *s)
{
	char	 words[128] = "";
	size_t	 i;

	for (i = 0; c[i].word != NULL; i++)
		if (strcmp(s, c[i].word) == 0)
			return c[i].value;
	for (i = 0; c[i].word != NULL; i++) {
		if (i > 0)
			strcat(words, c[i + 1].word != NULL ? ", " : " or ");
		strcat(words, c[i].word);
	}
	bad_value("unknown %s '%s' (%s)", what, quote_str(s), words);
}

/* What the checks after the options need to know of them. */
struct seen {
	bool		 started;	/* -s chose signals */
	bool		 exit_started;	/* --exit-on chose signals */
	bool		 list;
	const char	*wrap_only;	/* an option for COMMAND */
	const char	*alone;		/* an option that ends at once */
	bool		 attach;
	bool		 env_exit_map;	/* the exit map is the environment's */
	bool		 env_subreaper;	/* --subreaper from the environment alone */
	bool		 env_group;	/* --forward-to=group likewise */
	bool		 dashdash;	/* the options ended with "--" */
};

/* The long name of option c: messages name an option so. */
static const char *
long_name(int c)
{
	const struct option	*o;

	for (o = long_opts; o->val != c; o++)
		continue;
	return o->name;
}

static void
add_spec(struct watch_opts *o, const char *spec, sigset_t *set, bool *started)
{
	const char	*e;

	if ((e = sigspec_parse(spec, set, started)) != NULL)
		bad_value("%s", e);
	o->chld_named |= sigspec_names(spec, SIGCHLD);
}

static void
set_duration(const char *s, struct timespec *ts)
{
	if (parse_duration(s, ts) == -1)
		bad_value("invalid duration '%s'", quote_str(s));
}

/*
 * One signal to send: as a SPEC item names it. For the command's
 * parent-death signal SIGKILL too, which the kernel sends and no one
 * has to catch.
 */
static int
one_signal(const char *s, bool kill_too)
{
	const char	*e;
	int		 signo;

	if (kill_too && sig_from_name(s, strlen(s)) == SIGKILL)
		return SIGKILL;
	if ((e = sigspec_one(s, strlen(s), &signo)) != NULL)
		bad_value("%s", e);
	return signo;
}

/* What sigwatch forwards, and what it exits with. */
static void
policy_option(int c, struct watch_opts *o, struct seen *seen)
{
	const char	*e = NULL;

	switch (c) {
	case OPT_REWRITE:
		e = code_map_parse(&o->rewrites, optarg, &rewrite_syntax);
		break;
	case OPT_GRACE:
		set_duration(optarg, &o->grace);
		break;
	case OPT_EXIT_MAP:
		/* The command line's map replaces the environment's. */
		if (seen->env_exit_map && variable == NULL)
			memset(&o->exit_map, 0, sizeof o->exit_map);
		seen->env_exit_map = variable != NULL;
		e = code_map_parse(&o->exit_map, optarg, &exit_map_syntax);
		break;
	case OPT_CHILD_PDEATHSIG:
		o->child_pdeathsig = one_signal(optarg, true);
		break;
	}
	if (e != NULL)
		bad_value("%s", e);
}

/* Which signals count, and when watching them ends. */
static bool
signal_option(int c, struct watch_opts *o, struct seen *seen)
{
	switch (c) {
	case OPT_SIGNALS:
		add_spec(o, optarg, &o->set, &seen->started);
		break;
	case OPT_EXIT_ON:
		add_spec(o, optarg, &o->exit_on, &seen->exit_started);
		break;
	case OPT_COUNT:
		if (parse_count(optarg, &o->count) == -1)
			errx(EXIT_TROUBLE, "invalid count '%s'",
			    quote_str(optarg));
		break;
	case OPT_TIMEOUT:
		set_duration(optarg, &o->timeout);
		break;
	case OPT_PDEATHSIG:
		o->pdeathsig = one_signal(optarg, false);
		break;
	default:
		return false;
	}
	return true;
}

/* The files sigwatch writes, and how event lines look. */
static bool
output_option(int c, struct watch_opts *o)
{
	switch (c) {
	case OPT_OUTPUT:
		o->output = optarg;
		break;
	case OPT_PIDFILE:
		pidfile_add(optarg);
		break;
	case OPT_READY_FD:
		ready_open(optarg);
		break;
	case OPT_JSON:
	case OPT_FORMAT:
		/* -j is --format=json. */
		o->format = choose("format", formats,
		    c == OPT_JSON ? "json" : optarg);
		break;
	case OPT_TIME:
		o->time = choose("--time", times, optarg);
		break;
	case OPT_COLOR:
		/* A bare --color means always, as in ls(1). */
		o->color = optarg == NULL ? COLOR_ALWAYS :
		    choose("--color", colors, optarg);
		break;
	default:
		return false;
	}
	return true;
}

/*
 * The options that only set a flag: one row each, not a case each.
 * mark is where the checks after the options learn that one was given
 * that needs a COMMAND, or that ends at once.
 */
static bool
flag_option(int c, struct watch_opts *o, struct seen *seen)
{
	const struct {
		int		 opt;
		bool		*flag;
		bool		 value;
		const char	**mark;
	} flags[] = {
		{ OPT_SUMMARY,		&o->summary,	true,	NULL },
		{ OPT_NO_RESOLVE,	&o->resolve,	false,	NULL },
		{ OPT_QUIET,		&o->quiet,	true,	NULL },
		{ OPT_SUBREAPER,	&o->subreaper,	true,	&seen->wrap_only },
		{ OPT_TRACE,		&o->trace,	true,	&seen->wrap_only },
		{ OPT_NO_FOLLOW,	&o->no_follow,	true,	NULL },
		{ OPT_SAME_GROUP,	&o->same_group,	true,	&seen->wrap_only },
		{ OPT_KILL_GROUP,	&o->kill_group,	true,	&seen->wrap_only },
		{ OPT_REAP_ORPHANS,	&o->reap_orphans, true,	&seen->wrap_only },
		{ OPT_LIST,		&seen->list,	true,	&seen->alone },
	};
	size_t	 i;

	for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if (flags[i].opt == c) {
			*flags[i].flag = flags[i].value;
			if (flags[i].mark != NULL)
				*flags[i].mark = long_name(c);
			return true;
		}
	return false;
}

/* How the COMMAND is run; seen remembers that one was needed. */
static bool
wrap_option(int c, struct watch_opts *o, struct seen *seen)
{
	switch (c) {
	case OPT_FORWARD_TO:
		o->forward = choose("--forward-to", forwards, optarg);
		break;
	case OPT_NO_FORWARD:
		o->forward = FORWARD_NONE;
		break;
	case OPT_KILL_AFTER:
		set_duration(optarg, &o->kill_after);
		break;
	case OPT_REWRITE:
	case OPT_GRACE:
	case OPT_EXIT_MAP:
	case OPT_CHILD_PDEATHSIG:
		policy_option(c, o, seen);
		break;
	default:
		return false;
	}
	seen->wrap_only = long_name(c);
	return true;
}

/* One more pid at the end of *v, of *n. */
static void
push_pid(pid_t **v, int *n, pid_t pid)
{
	pid_t	*grown;

	if ((grown = reallocarray(*v, (size_t)*n + 1, sizeof **v)) == NULL)
		err(EXIT_TROUBLE, "reallocarray");
	*v = grown;
	grown[(*n)++] = pid;
}

/* An --attach pid. */
static void
attach_pid(void *arg, pid_t pid, char *typed)
{
	struct control	*ctl = arg;

	push_pid(&ctl->watch.attach, &ctl->watch.nattach, pid);
	free(typed);
}

/* An --inspect pid, kept as typed for its messages. */
static void
inspect_pid(void *arg, pid_t pid, char *typed)
{
	struct control	 *ctl = arg;
	const char	**args;

	if ((args = reallocarray(ctl->pid_args, (size_t)ctl->npids + 1,
	    sizeof *args)) == NULL)
		err(EXIT_TROUBLE, "reallocarray");
	ctl->pid_args = args;
	args[ctl->npids] = typed;
	push_pid(&ctl->pids, &ctl->npids, pid);
}

/*
 * The options that name a process: --inspect, which does its work
 * instead of watching, and --attach, which traces it instead of a
 * COMMAND. argc bounds how many there can be.
 */
static bool
pid_option(int c, struct control *ctl, struct seen *seen)
{
	const char	*e;

	if (c == OPT_INSPECT)
		seen->alone = long_name(c);
	else if (c == OPT_ATTACH)
		seen->attach = true;
	else
		return false;
	if ((e = parse_pids(optarg, c == OPT_ATTACH ? attach_pid : inspect_pid,
	    ctl)) != NULL)
		errx(EXIT_TROUBLE, "%s", e);
	return true;
}

/* Option c, with its argument in optarg, if it takes one. */
static bool
take_option(int c, struct control *ctl, struct seen *seen)
{
	return signal_option(c, &ctl->watch, seen) ||
	    output_option(c, &ctl->watch) ||
	    flag_option(c, &ctl->watch, seen) ||
	    wrap_option(c, &ctl->watch, seen) ||
	    pid_option(c, ctl, seen);
}

/*
 * The SIGWATCH_* variables, as if their options came first: the command
 * line can then override them. An option for a COMMAND that a variable
 * gives is not one asked for: a container's environment sets it for
 * whatever runs. The command does not see them.
 */
static void
read_environment(struct control *ctl, struct seen *seen)
{
	const struct variable	*v;
	const struct option	*o;
	const char		*value;
	bool			 bad;

	for (v = variables; v->name != NULL; v++) {
		variable = v->name;
		value = variable_value(v, &bad);
		if (bad)
			bad_value("invalid value '%s' (1, yes, true, 0, no or "
			    "false)", quote_str(value));
		if (value != NULL) {
			for (o = long_opts; strcmp(o->name, v->option) != 0;
			    o++)
				continue;
			optarg = v->boolean ? NULL : (char *)value;
			take_option(o->val, ctl, seen);
		}
		if (unsetenv(v->name) == -1)
			err(EXIT_TROUBLE, "unsetenv");
	}
	variable = NULL;
	seen->wrap_only = NULL;
	seen->env_subreaper = ctl->watch.subreaper;
	seen->env_group = ctl->watch.forward == FORWARD_GROUP;
}

static void
read_options(int argc, char **argv, struct control *ctl, struct seen *seen)
{
	int	 c, word, index;

	opterr = 0;
	for (;;) {
		word = optind;
		index = -1;
		if ((c = getopt_long(argc, argv, short_opts, long_opts,
		    &index)) == -1) {
			seen->dashdash = optind == word + 1 &&
			    strcmp(argv[word], "--") == 0;
			return;
		}
		if (index != -1)
			check_spelled_out(argv[word]);
		check_not_empty(c, index, argv[word]);
		if (c == OPT_HELP)
			usage();
		if (c == OPT_VERSION)
			version();
		seen->env_subreaper &= c != OPT_SUBREAPER;
		seen->env_group &= c != OPT_FORWARD_TO && c != OPT_NO_FORWARD;
		if (!take_option(c, ctl, seen))
			bad_option(c, argv[word]);
	}
}

/*
 * --list's operands, before "--": the signals to look up, all checked
 * before a word is written. An option among them came too late, as
 * parsing stops at the first operand.
 */
static void
check_lookups(int argc, char **argv, struct control *ctl,
    const struct seen *seen)
{
	int	 i;

	if (!seen->list || seen->dashdash || optind == argc)
		return;
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			errx(EXIT_TROUBLE, "option '--list' takes no COMMAND");
		if (argv[i][0] == '-')
			errx(EXIT_TROUBLE, "option '%s' must come before the "
			    "signals to look up", quote_str(argv[i]));
		if (list_lookup(argv[i]) == -1)
			errx(EXIT_TROUBLE, "unknown signal '%s'",
			    quote_str(argv[i]));
	}
	ctl->lookups = argv + optind;
	optind = argc;
}

/*
 * A variable gives way to an option of the command line that excludes
 * it, as to its own option: the environment is a default, not a choice.
 */
static void
give_way(struct watch_opts *o, const struct seen *seen)
{
	if (seen->env_subreaper && o->reap_orphans)
		o->subreaper = false;
	if (seen->env_group && o->same_group)
		o->forward = FORWARD_CHILD;
}

/* The COMMAND, if any, against the options that need or refuse one. */
static void
check_command(int argc, char **argv, struct control *ctl,
    const struct seen *seen)
{
	check_lookups(argc, argv, ctl, seen);
	give_way(&ctl->watch, seen);
	if (optind < argc)
		ctl->watch.argv = argv + optind;
	/* "sigwatch -- $cmd" with $cmd empty: a mistake, not a watch. */
	else if (seen->dashdash)
		errx(EXIT_TROUBLE, "no COMMAND after '--'");
	else if (seen->wrap_only != NULL)
		errx(EXIT_TROUBLE, "option '--%s' needs a COMMAND",
		    seen->wrap_only);
	if (seen->alone != NULL && ctl->watch.argv != NULL)
		errx(EXIT_TROUBLE, "option '--%s' takes no COMMAND",
		    seen->alone);
	if (seen->list && ctl->npids > 0)
		errx(EXIT_TROUBLE,
		    "options '--list' and '--inspect' exclude each other");
	if (seen->attach && ctl->watch.argv != NULL)
		errx(EXIT_TROUBLE, "option '--attach' takes no COMMAND");
	if (ctl->watch.same_group && ctl->watch.forward == FORWARD_GROUP)
		errx(EXIT_TROUBLE, "options '--same-group' and "
		    "'--forward-to=group' exclude each other");
	if (ctl->watch.same_group && ctl->watch.kill_group)
		errx(EXIT_TROUBLE, "options '--same-group' and '--kill-group' "
		    "exclude each other");
	if (ctl->watch.subreaper && ctl->watch.reap_orphans)
		errx(EXIT_TROUBLE, "options '--subreaper' and '--reap-orphans' "
		    "exclude each other");
	if (seen->attach && seen->alone != NULL)
		errx(EXIT_TROUBLE, "options '--attach' and '--%s' exclude each "
		    "other", seen->alone);
	if (ctl->watch.no_follow && !ctl->watch.trace && !seen->attach)
		errx(EXIT_TROUBLE,
		    "option '--no-follow' needs --trace or --attach");
}

/* The set to watch, whole, and what would stop the watch at once. */
static void
check_watch(struct watch_opts *o, bool started)
{
	int	 s;

	if (!started)
		sigspec_all(&o->set);
	/* Signals that end the run must be watched to be seen. */
	for (s = 1; s <= sig_max(); s++)
		if (sigismember(&o->exit_on, s) == 1)
			sigaddset(&o->set, s);
	if (sigspec_count(&o->set) == 0)
		errx(EXIT_TROUBLE, "no signals to watch");
}

enum mode
parse_options(int argc, char **argv, struct control *ctl)
{
	struct seen	 seen = { 0 };

	*ctl = (struct control){
		.watch = { .format = FORMAT_TEXT, .resolve = true },
	};
	sigemptyset(&ctl->watch.set);
	sigemptyset(&ctl->watch.exit_on);
	read_environment(ctl, &seen);
	read_options(argc, argv, ctl, &seen);
	check_command(argc, argv, ctl, &seen);
	/* Refused before the output is opened or the command run. */
	pidfile_check(ctl->watch.output);
	if (seen.list)
		return MODE_LIST;
	if (ctl->npids > 0)
		return MODE_INSPECT;
	check_watch(&ctl->watch, seen.started);
	return ctl->watch.argv != NULL ? MODE_WRAP : MODE_WATCH;
}

/* What parse_options() allocated. */
void
control_free(struct control *ctl)
{
	int	 i;

	for (i = 0; i < ctl->npids; i++)
		free((char *)ctl->pid_args[i]);
	free(ctl->pid_args);
	free(ctl->pids);
	free(ctl->watch.attach);
}
