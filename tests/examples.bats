#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The examples in the documentation run, and show what sigwatch prints.
#
# Every example of the manual page's EXAMPLES section and of README.md is
# extracted and run here, as jq does with its manual: an option renamed,
# a signal name changed, output that no longer looks like that or a jq
# filter on a key that is gone fails `make check`, naming the example by
# file, line and command. One test per document; a failure lists every
# example of it that failed.
#
# RULES FOR EXAMPLES (follow them and a new example is run with no change
# here):
#
#  1. Which blocks are examples.
#     man/sigwatch.1: every .Bd -literal block of .Sh EXAMPLES, no
#     exceptions. Write them as mdoc wants (\e for a backslash, \&. for a
#     line that starts with a dot); the escapes \e \& \- \\ \. \(aq \(dq
#     \(ga \(ti \(ha are understood, anything else is an error.
#     README.md: every fenced block (``` with or without a language) with
#     a line that runs sigwatch: "sigwatch" as the first word of a line,
#     after an optional "$ " prompt, or after | ; & (, or "sigwatch" as the
#     first word of a JSON exec array (Dockerfile). That leaves out, on
#     purpose: the quick start (scripts/demo and scripts/check install and
#     build), the Usage block (the text of --help, which docs.bats compares
#     with --help), the JSON samples under "JSON output" (output, not
#     commands), "Building by hand" (the build) and "Project layout".
#
#  2. Three kinds of block.
#     - A transcript starts with a "$ " line. Each "$ " line is a command
#       (a line ending in "\" continues on the next line, with no prompt);
#       the lines up to the next "$ " line are ALL it prints, standard
#       output and standard error as a terminal shows them, in order. A
#       blank line just before the next "$ " line is a separator, not
#       output.
#     - A Dockerfile block (```dockerfile, or lines in capitals such as
#       ENTRYPOINT [...]): ENTRYPOINT and CMD must be JSON arrays of
#       strings, and together run sigwatch wrapping a command. That
#       command is run as a container would run it (as process ID 1, when
#       this machine allows a PID namespace), is sent SIGTERM once ready
#       (docker stop), and must then exit 143 (the server was killed by
#       the forwarded SIGTERM) having printed nothing on standard output,
#       with the start-up note (none with -q) and JSON events on standard
#       error: the child started, the SIGTERM, the child killed by it. A
#       "COPY sigwatch /PATH" line makes /PATH the sigwatch in PATH.
#     - Anything else is a script: it runs as one `bash -e` script, with
#       standard input /dev/null, and must exit 0; its output is shown
#       only when it fails.
#
#  3. Where it runs. Each block runs in a fresh empty directory, which
#     also holds ./flaky-test (a test that hangs until a signal ends it)
#     and ./start.sh (starts myserver in the background and exits);
#     myserver (waits until a signal ends it) is on PATH. Write files
#     with relative paths (sig.log, not /tmp/sig.log). `sigwatch` is the
#     build's, through a wrapper that adds --pidfile so that the test
#     knows when each sigwatch is ready (an example's own --pidfile wins).
#     jq, /bin/kill (procps) and the usual tools are there.
#
#  4. How a transcript runs. Its commands run in order in one
#     non-interactive bash on a terminal of its own (script(1)): standard
#     input, output and error are that terminal, as for someone typing.
#     So sigwatch's note ends in "; press Ctrl-C twice within a second to
#     quit" when it watches SIGINT and has no COMMAND, and a jq reading
#     from sigwatch writes line by line.
#     - A command must not end with "&": an interactive shell would print
#       "[1] PID", which the harness's shell does not. Use a script block
#       for background jobs, or let the output say what arrived from
#       another terminal (next point).
#     - Signals from another terminal: when a command runs sigwatch in
#       the foreground without a COMMAND to wrap, the test sends it, once
#       it is ready, each signal shown in that command's output (a text
#       line or a JSON "signal" event, as sigwatch or a jq filter prints
#       it), one at a time, each once the lines before it have appeared,
#       from a sender that matches what the line shows:
#         SI_USER  from bash (its kill builtin), kill (/bin/kill) or
#                  sigsend (the test helper);
#         SI_QUEUE from kill (/bin/kill -q VALUE) or sigsend, or forged
#                  (rt_sigqueueinfo) when the sender is shown as "?" or
#                  null: a pid and uid that do not exist here, such as
#                  pid=4242(?) uid=777(?);
#         SI_TKILL from sigsend (tgkill);
#         POLL_IN  the kernel's SIGIO for data on a pipe (fd=3 band=65).
#       Any other signal line in such an output is an error. Signals a
#       command sends itself (kill ... in the transcript, a wrapped
#       COMMAND) are not sent again.
#     - Stopping: a foreground sigwatch still running once everything its
#       command shows has appeared (and a grace of 0.5 s, 3 s under
#       valgrind, to exit by itself) is stopped by the test, as the reader
#       would stop it: with SIGKILL or, when it wraps a COMMAND, with
#       SIGTERM, which it forwards, so that the command ends and sigwatch
#       exits. What appears from then to the end of that command (the
#       shell's "Killed", the command's last events) is not compared: a
#       transcript shows the screen as it is before the reader stops
#       sigwatch, so show nothing that only comes after. Whatever is still
#       running after the last command is killed the same way. A command
#       that never ends by itself and is not such a sigwatch hits the
#       time limit.
#     - Before the next command starts, every sigwatch started so far is
#       ready (or has exited) and the lines shown so far have appeared.
#
#  5. What must match, exactly, line by line: everything, after these
#     are normalised on both sides (they vary from run to run): the time
#     stamp at the start of a text line (HH:MM:SS.uuuuuu and the other
#     --time forms), "time" and "mono" in JSON, pids (pid=N, "pid":N,
#     pid N as in "as pid N", and --trace's target=N, tid=N, ppid=N and
#     their JSON forms), the user (uid=N(NAME), bare uid=N, "uid":N and
#     "user":"NAME"; a uid shown as uid=N(?) or "user":null is kept, it
#     was forged), utime and stime, colour escapes and the terminal's
#     carriage returns; and the figures of --summary ("in N.NN s",
#     "seconds") and --inspect (queued=N/LIMIT, "queued", "queue_limit"),
#     which depend on the run and the machine. So pids may only appear in those forms: print
#     them from jq as {pid} (not [.pid]), or leave them out.
#
#     Under a C library that numbers the real-time signals otherwise
#     than glibc, whose numbers the docs show (musl: SIGRTMIN is 35 and
#     59 signals can be watched), the count in "watching N signals" and
#     the "signo" of a real-time signal are normalised too, a line that
#     is only the name of a signal glibc does not reserve (SIG34) goes,
#     and the signals the output names are sent by sigwatch's numbering.
#
#  6. Time: each block has a hard limit of 30 s (180 s under valgrind),
#     each wait for a line or for readiness 10 s (60 s). An example that
#     times out fails, naming its first line and the command it was in.
#
# tests/examples.log has a line per example run (ok or FAILED, its kind,
# how long it took). `make check TESTS=tests/examples.bats
# SIGWATCH_EXAMPLE='README.md:1*'` (a pattern on "FILE:LINE" of a block's
# first line) runs only the matching examples. The harness needs script(1),
# setsid(1), perl and jq; it runs without bats' DEBUG trap, for speed.
load test_helper

MAN=$TOP_SRCDIR/man/sigwatch.1
README=$TOP_SRCDIR/README.md

# The limits, in milliseconds.
if [[ -n ${SIGWATCH_VALGRIND:-} ]]; then
	EX_LIMIT=${EX_LIMIT:-180000} EX_WAIT=60000 EX_GRACE=3000
else
	EX_LIMIT=${EX_LIMIT:-30000} EX_WAIT=10000 EX_GRACE=500
fi

# The text time stamps sigwatch prints at the start of a line, with the
# padding --time gives the right-aligned ones.
EX_STAMP='^ *([0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}(Z|[+-][0-9]{2}:[0-9]{2})?|[0-9]+\.[0-9]{6}) +'

# ex_normalise: standard input with what varies from run to run replaced
# by a fixed word (rule 5).
ex_normalise() {
	sed -E \
	    -e 's/\r//g' \
	    -e 's/\x1b\[[0-9;]*m//g' \
	    -e "s/$EX_STAMP/TIME /" \
	    -e 's/"time":"[^"]*"/"time":"TIME"/g' \
	    -e 's/"mono":[0-9.]+/"mono":MONO/g' \
	    -e 's/\<pid=[0-9]+/pid=PID/g' \
	    -e 's/\<(target|tid|ppid)=[0-9]+/\1=PID/g' \
	    -e 's/"(tid|ppid)":[0-9]+/"\1":PID/g' \
	    -e 's/"pid":[0-9]+/"pid":PID/g' \
	    -e 's/\<pid [0-9]+/pid PID/g' \
	    -e 's/\<uid=([0-9]+)\(\?\)/uid=#\1(?)/g' \
	    -e 's/\<uid=[0-9]+/uid=UID/g' \
	    -e 's/uid=UID\([^)]*\)/uid=UID(USER)/g' \
	    -e 's/uid=#/uid=/g' \
	    -e 's/"uid":([0-9]+),"user":null/"uid":#\1,"user":null/g' \
	    -e 's/"uid":[0-9]+/"uid":UID/g' \
	    -e 's/"uid":#/"uid":/g' \
	    -e 's/"user":"[^"]*"/"user":"USER"/g' \
	    -e 's/\<(utime|stime)=[0-9.]+/\1=T/g' \
	    -e 's/"(utime|stime)":[0-9.]+/"\1":T/g' \
	    -e 's/^(sigwatch: [0-9]+ signals? in )[0-9]+\.[0-9]{2} s$/\1S s/' \
	    -e 's/"seconds":[0-9.e+-]+/"seconds":S/g' \
	    -e 's/\<queued=[0-9]+\/([0-9]+|unlimited)/queued=N\/LIMIT/g' \
	    -e 's/"queued":[0-9]+,"queue_limit":([0-9]+|null)/"queued":N,"queue_limit":LIMIT/g' |
	    if ((RTMIN == 34)); then cat; else sed -E \
		-e 's/^(sigwatch: watching )[0-9]+ signal/\1N signal/' \
		-e 's/"signo":(3[2-9]|[4-6][0-9])\>/"signo":RT/g' \
		-e '/^SIG3[4-9]$/d'
	    fi
}

# ex_now: the time in milliseconds, in NOW.
ex_now() {
	local t=${EPOCHREALTIME/[.,]/}
	NOW=$((10#$t / 1000))
}

# ex_wait_until MS COMMAND...: run COMMAND every 10 ms until it succeeds
# or MS have passed (or the block's deadline, EX_DEADLINE).
ex_wait_until() {
	local ms=$1 end
	shift
	ex_now
	end=$((NOW + ms))
	((end < EX_DEADLINE)) || end=$EX_DEADLINE
	until "$@"; do
		ex_now
		((NOW < end)) || return 1
		sleep 0.01
	done
}

# ----------------------------------------------------------------------
# Extraction. Each block goes to $dir/N.txt; $dir/list gets a line
# "N<TAB>KIND<TAB>LINE" (LINE: the block's first line in the document).

# ex_kind FILE LANG: transcript, dockerfile or script.
ex_kind() {
	local first
	first=$(grep -m 1 -v '^[[:space:]]*$' "$1")
	if [[ $first == '$ '* ]]; then
		echo transcript
	elif [[ $2 == dockerfile ]] || { grep -qE '^(ENTRYPOINT|CMD) ' "$1" &&
	    ! grep -qvE '^([A-Z]+ .*|[[:space:]]*|#.*)$' "$1"; }; then
		echo dockerfile
	else
		echo script
	fi
}

# ex_extract_man DIR: the .Bd -literal blocks of .Sh EXAMPLES.
ex_extract_man() {
	local dir=$1 n kind line
	awk -v dir="$dir" -v q="'" '
		function unescape(s,    out, c, i, two) {
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c != "\\") { out = out c; continue }
				c = substr(s, ++i, 1)
				if (c == "&") continue
				if (c == "e" || c == "\\") { out = out "\\"; continue }
				if (c == "-" || c == ".") { out = out c; continue }
				if (c == "(") {
					two = substr(s, i + 1, 2); i += 2
					if (two == "aq") { out = out q; continue }
					if (two == "dq") { out = out "\""; continue }
					if (two == "ga") { out = out "`"; continue }
					if (two == "ti") { out = out "~"; continue }
					if (two == "ha") { out = out "^"; continue }
				}
				printf "man/sigwatch.1:%d: an escape the examples test does not know: %s\n",
				    NR, s > "/dev/stderr"
				bad = 1
			}
			return out
		}
		/^\.Sh / { on = ($0 == ".Sh EXAMPLES"); next }
		!on { next }
		/^\.Bd -literal/ { n++; inblock = 1
			printf "%d\t%d\n", n, NR + 1 > (dir "/lines"); next }
		inblock && /^\.Ed/ { inblock = 0; close(dir "/" n ".txt"); next }
		inblock && (substr($0, 1, 1) == "." || substr($0, 1, 1) == q) {
			printf "man/sigwatch.1:%d: a request in an example: %s\n",
			    NR, $0 > "/dev/stderr"
			bad = 1; next }
		inblock { print unescape($0) > (dir "/" n ".txt") }
		END { exit bad }' "$MAN" || return 1
	[[ -e $dir/lines ]] || return 0
	while IFS=$'\t' read -r n line; do
		touch "$dir/$n.txt"
		kind=$(ex_kind "$dir/$n.txt" '')
		printf '%s\t%s\t%s\n' "$n" "$kind" "$line" >>"$dir/list"
	done <"$dir/lines"
}

# ex_extract_readme DIR: the fenced blocks that run sigwatch (rule 1).
ex_extract_readme() {
	local dir=$1 n lang line kind
	awk -v dir="$dir" '
		/^```/ && !inblock { inblock = 1; n++; lang = substr($0, 4)
			start = NR + 1; text = ""; runs = 0; next }
		/^```/ && inblock { inblock = 0
			if (runs) {
				printf "%s", text > (dir "/" n ".txt")
				close(dir "/" n ".txt")
				printf "%d\t%d\t%s\n", n, start, lang > (dir "/lines")
			}
			next }
		!inblock { next }
		/^(\$ )?sigwatch( |$)/ || /[|;&(] *sigwatch( |$)/ ||
		    /\[ *"(\/)?sigwatch"/ { runs = 1 }
		{ text = text $0 "\n" }' "$README"
	[[ -e $dir/lines ]] || return 0
	while IFS=$'\t' read -r n line lang; do
		kind=$(ex_kind "$dir/$n.txt" "$lang")
		printf '%s\t%s\t%s\n' "$n" "$kind" "$line" >>"$dir/list"
	done <"$dir/lines"
}

# ----------------------------------------------------------------------
# The sandbox: the wrapper, the fixtures, and the processes of a block.

# ex_setup: $EX_BIN with the sigwatch wrapper and myserver.
ex_setup() {
	EX_BIN=$BATS_TEST_TMPDIR/bin
	mkdir -p "$EX_BIN"
	# Which options take an argument, from --help: the wrapper must
	# find an example's own --pidfile and whether it wraps a COMMAND.
	local help
	help=$("${SIGWATCH_REAL:-$SIGWATCH}" --help)
	EX_LONG_ALL=$(sed -nE 's/^ +(-[[:alnum:]], )?--([a-z][a-z-]*).*/\2/p' <<<"$help" | tr '\n' ' ')
	EX_LONG_ARG=$(sed -nE 's/^ +(-[[:alnum:]], )?--([a-z][a-z-]*)=.*/\2/p' <<<"$help" | tr '\n' ' ')
	EX_SHORT_ARG=$(sed -nE 's/^ +-([[:alnum:]]), --[a-z-]+=.*/\1/p' <<<"$help" | tr -d '\n')
	[[ " $EX_LONG_ARG " == *" pidfile "* && $EX_SHORT_ARG == *s* ]] ||
	    fail "cannot read the options from --help"

	cat >"$EX_BIN/sigwatch" <<'EOF'
#!/bin/bash
# sigwatch as the examples run it: the one under test, with a pid file.
# Records "SEQUENCE STEP WRAPS PIDFILE" in $EX_STATE/inst.PID for the test:
# which transcript step started it, whether it wraps a COMMAND, and the
# pid file that says it is ready (the example's own --pidfile wins).
state=${EX_STATE:?}
pidfile=$state/pid.$$
wraps=0
args=("$@")
k=0
while ((k < ${#args[@]})); do
	a=${args[k]}
	k=$((k + 1))
	case $a in
	--)
		((k < ${#args[@]})) && wraps=1
		break ;;
	--?*)
		name=${a#--} val= has=0 full=
		if [[ $name == *=* ]]; then
			val=${name#*=} name=${name%%=*} has=1
		fi
		for o in $EX_LONG_ALL; do
			if [[ $o == "$name" ]]; then
				full=$o
				break
			fi
			[[ $o == "$name"* ]] && full=${full:+?}${full:-$o}
		done
		if [[ " $EX_LONG_ARG " == *" $full "* ]] && ((!has)); then
			val=${args[k]-}
			k=$((k + 1))
		fi
		if [[ $full == pidfile && -n $val ]]; then
			[[ $val == /* ]] || val=$PWD/$val
			pidfile=$val
		fi ;;
	-?*)
		w=${a#-}
		while [[ -n $w ]]; do
			c=${w:0:1} w=${w:1}
			if [[ $EX_SHORT_ARG == *"$c"* ]]; then
				[[ -n $w ]] || k=$((k + 1))
				break
			fi
		done ;;
	*)
		wraps=1
		break ;;
	esac
done
step=$(cat "$state/step" 2>/dev/null) || step=0
printf '%s %s %s %s\n' "${EPOCHREALTIME/[.,]/}" "$step" "$wraps" "$pidfile" \
	>"$state/.inst.$$" && mv "$state/.inst.$$" "$state/inst.$$"
exec "$SIGWATCH" --pidfile="$state/pid.$$" "$@"
EOF
	cat >"$EX_BIN/myserver" <<'EOF'
#!/usr/bin/perl
# myserver for the examples: a server that runs until a signal ends it.
sleep;
EOF
	chmod +x "$EX_BIN/sigwatch" "$EX_BIN/myserver"

	# Not on the examples' PATH: what the test sends signals with.
	EX_HOLD=$BATS_TEST_TMPDIR/hold
	cat >"$EX_HOLD" <<'EOF'
#!/usr/bin/perl
# hold COMMAND...: run COMMAND and leave it unreaped, a zombie whose name
# sigwatch can still read in /proc, until SIGTERM; then pass SIGTERM on,
# and exit with its status, saying on standard error how it ended unless
# it exited 0. A sender that has gone would be shown as pid=N(?).
my $p;
$SIG{TERM} = sub {
	kill TERM => $p;
	waitpid($p, 0);
	my $sig = $? & 127;
	print STDERR "hold: $ARGV[0]: ",
	    ($sig ? "killed by signal $sig" : "exited " . ($? >> 8)), "\n"
	    if $?;
	exit($sig ? 128 + $sig : $? >> 8);
};
$p = fork // die "hold: fork: $!\n";
if (!$p) { exec @ARGV or die "hold: $ARGV[0]: $!\n" }
sleep 1 while 1;
EOF
	# sigsend sigio closes its pipe as it exits, which makes the kernel
	# send a second SIGIO: whether it merges with the first is a race.
	EX_SIGIO=$BATS_TEST_TMPDIR/sigio
	cat >"$EX_SIGIO" <<'EOF'
#!/usr/bin/perl
# sigio PID SIG: have the kernel send SIG with POLL_IN to PID for data on
# a pipe (F_SETOWN, F_SETSIG, O_ASYNC); keep the pipe until SIGTERM, then
# close it without a second signal.
use Fcntl;
my ($pid, $sig) = @ARGV;
my $F_SETSIG = 10;	# Linux, asm-generic/fcntl.h
pipe(my $r, my $w) or die "sigio: pipe: $!\n";
fcntl($r, F_SETOWN, $pid + 0) && fcntl($r, $F_SETSIG, $sig + 0) &&
    fcntl($r, F_SETFL, O_ASYNC | O_NONBLOCK) or die "sigio: fcntl: $!\n";
$SIG{TERM} = sub { fcntl($r, F_SETFL, O_NONBLOCK); exit 0 };
syswrite($w, "x") == 1 or die "sigio: write: $!\n";
sleep 1 while 1;
EOF
	chmod +x "$EX_HOLD" "$EX_SIGIO"
}

# ex_sandbox DIR: a fresh directory for a block, with its fixtures.
ex_sandbox() {
	mkdir -p "$1/sandbox" "$1/state"
	cat >"$1/sandbox/flaky-test" <<'EOF'
#!/usr/bin/perl
# flaky-test for the examples: a test that hangs until a signal ends it.
sleep;
EOF
	cat >"$1/sandbox/start.sh" <<'EOF'
#!/bin/sh
# start.sh for the examples: starts the server in the background and
# returns, as start scripts do.
myserver &
EOF
	chmod +x "$1/sandbox/flaky-test" "$1/sandbox/start.sh"
}

# ex_env COMMAND...: exec COMMAND in the examples' environment, in the
# sandbox (from a subshell).
ex_env() {
	cd "$EX_DIR/sandbox" || exit 1
	export PATH=$EX_BIN:$(dirname "${SIGWATCH_REAL:-$SIGWATCH}"):$PATH
	export EX_STATE EX_LONG_ALL EX_LONG_ARG EX_SHORT_ARG SHELL=/bin/bash
	exec "$@"
}

# ex_stat PID: the state and session of a process in ST and SID; fails
# if it is gone.
ex_stat() {
	local s
	read -r s 2>/dev/null <"/proc/$1/stat" || return 1
	s=${s##*) }
	read -r ST _ _ SID _ <<<"$s"
}

# ex_alive PID: the process exists and is not a zombie.
ex_alive() {
	ex_stat "$1" && [[ $ST != Z ]]
}

# ex_kill_session SID [EXCEPT]: SIGKILL every process of session SID.
ex_kill_session() {
	local p
	[[ -n $1 ]] || return 0
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $p != "${2:-}" ]] && ex_stat "$p" && [[ $SID == "$1" ]] &&
		    kill -KILL "$p" 2>/dev/null
	done
	return 0
}

# ex_spawn OUT ERR COMMAND...: run COMMAND (which writes
# $EX_STATE/leader) in the examples' environment, stdin /dev/null, in the
# background: EX_JOB is a subshell that waits for it and writes its
# status to $EX_STATE/status (and keeps the shell's "Killed" to itself).
# Sets EX_SID, the session of the example's processes.
ex_spawn() {
	local out=$1 err=$2
	shift 2
	rm -f "$EX_STATE/leader" "$EX_STATE/status"
	(
		(ex_env "$@") </dev/null >"$out" 2>"$err"
		echo $? >"$EX_STATE/status"
	) 2>/dev/null 3>&- &
	EX_JOB=$!
	ex_wait_until 5000 test -s "$EX_STATE/leader"
	EX_SID=$(cat "$EX_STATE/leader" 2>/dev/null)
}

# ex_launch OUT ERR COMMAND...: ex_spawn COMMAND in a session of its own.
ex_launch() {
	local out=$1 err=$2
	shift 2
	ex_spawn "$out" "$err" setsid -w bash -c \
	    'printf "%s\n" "$$" >"$0"; exec "$@"' "$EX_STATE/leader" "$@"
}

# ex_finish: kill what is left of the block and reap it; its status in
# EX_STATUS.
ex_finish() {
	ex_kill_session "$EX_SID"
	ex_wait_until 5000 eval '! ex_alive "$EX_JOB"' ||
	    kill -KILL "$EX_JOB" 2>/dev/null
	wait "$EX_JOB" 2>/dev/null
	EX_STATUS=$(cat "$EX_STATE/status" 2>/dev/null) || EX_STATUS=killed
}

# ----------------------------------------------------------------------
# Signals from another terminal (rule 4).

# ex_signo NAME: the number of a signal name as sigwatch prints it, by
# sigwatch's --list (bash's kill -l has bash's C library's numbers).
ex_signo() {
	local n=SIG${1#SIG} num name rest
	case $n in
	SIGPOLL) n=SIGIO ;;
	SIGCLD) n=SIGCHLD ;;
	SIGIOT) n=SIGABRT ;;
	esac
	while read -r num name rest; do
		[[ $name == "$n" ]] && echo "$num" && return 0
	done < <("${SIGWATCH_REAL:-$SIGWATCH}" --list)
	return 1
}

EX_EVENT_RE='^(SIG[A-Z0-9+-]+) +([A-Z_0-9]+)( .*)?$'
EX_PID_RE=' pid=([0-9]+)(\(([^)]*)\))?'
EX_UID_RE=' uid=([0-9]+)'
EX_VALUE_RE=' value=(-?[0-9]+)'

# ex_event LINE: if LINE is a signal event, (SIG CODE PID COMM UID VALUE)
# in EV, COMM "?" for a sender that does not exist, "" when not shown.
ex_event() {
	local line=$1 f i
	EV=()
	if [[ $line == '{'* ]]; then
		# A signal event, or jq's projection of one without its "event".
		[[ $line == *'"event":"signal"'* ||
		    ($line != *'"event":'* && $line == *'"signal":"SIG'*) ]] ||
		    return 1
		IFS=$'\t' read -r -a EV < <(jq -r '[.signal, .code, (.pid // "-"),
		    (if has("comm") then (.comm // "?") else "-" end),
		    (.uid // "-"), (.value // "-")] | map(tostring) | @tsv' \
		    <<<"$line" 2>/dev/null)
		((${#EV[@]} == 6)) || return 1
		for i in 2 3 4 5; do
			[[ ${EV[i]} != - ]] || EV[i]=
		done
		return 0
	fi
	line=$(sed -E "s/$EX_STAMP//" <<<"$line")
	[[ $line =~ $EX_EVENT_RE ]] || return 1
	EV=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "" "" "" "")
	f=${BASH_REMATCH[3]}
	if [[ $f =~ $EX_PID_RE ]]; then
		EV[2]=${BASH_REMATCH[1]} EV[3]=${BASH_REMATCH[3]}
	fi
	[[ $f =~ $EX_UID_RE ]] && EV[4]=${BASH_REMATCH[1]}
	[[ $f =~ $EX_VALUE_RE ]] && EV[5]=${BASH_REMATCH[1]}
	return 0
}

# ex_free_pid PID: PID if no process has it, else one that is free.
ex_free_pid() {
	local p=$1
	while [[ -e /proc/$p ]]; do p=$(((p + 7919) % 4000000 + 300)); done
	echo "$p"
}

# ex_sigqueue_room: 16 more signals can be queued for this user now, in
# EX_SIGQ what SigQ shows ("pending/limit"). The kernel counts what is
# pending for a user over all of its processes (other tests, benchmarks)
# against the receiver's RLIMIT_SIGPENDING, which the examples' sigwatch
# inherits from here.
ex_sigqueue_room() {
	local key
	EX_SIGQ=?
	while read -r key EX_SIGQ; do
		[[ $key == SigQ: ]] && break
	done </proc/self/status
	[[ ${EX_SIGQ#*/} =~ ^[0-9]{1,18}$ ]] || return 0
	((${EX_SIGQ#*/} - ${EX_SIGQ%/*} >= 16))
}

# ex_send TARGET LINE: send TARGET the signal LINE shows, from a sender
# like the one it shows, kept as a zombie until ex_sent; fails with a
# message in EX_WHY.
#
# A real-time signal, and any sent with sigqueue(), needs room in the
# per-user signal queue: without it sigqueue() fails with EAGAIN and
# kill() loses the sender. What fills it is some other process holding
# signals for a while, not the example: the test waits for room (and
# sigsend retries a full queue for a while), and fails saying so if none
# comes. Skipping would hide every other example of the document.
ex_send() {
	local target=$1 sig code pid comm uid value signo
	ex_event "$2" || { EX_WHY="not a signal line: $2"; return 1; }
	sig=${EV[0]} code=${EV[1]} pid=${EV[2]} comm=${EV[3]} uid=${EV[4]} value=${EV[5]}
	if ! signo=$(ex_signo "$sig"); then
		EX_WHY="unknown signal $sig in: $2"
		return 1
	fi
	local -a how
	case $code:$comm in
	SI_USER:bash | SI_USER:)
		how=(bash -c 'kill -s "$1" "$2"' _ "$signo" "$target") ;;
	SI_USER:kill)
		how=(/bin/kill -s "$signo" "$target") ;;
	SI_USER:sigsend)
		how=("$SIGSEND" kill "$target" "$signo") ;;
	SI_QUEUE:kill | SI_QUEUE:)
		how=(/bin/kill -q "${value:-0}" -s "$signo" "$target") ;;
	SI_QUEUE:sigsend)
		how=("$SIGSEND" queue "$target" "$signo" "${value:-0}") ;;
	SI_QUEUE:\?)
		how=("$SIGSEND" forge "$target" "$signo"
		    "$(ex_free_pid "${pid:-4242}")" "${uid:-777}" "${value:-0}") ;;
	SI_TKILL:sigsend)
		how=("$SIGSEND" tgkill "$target" "$signo") ;;
	POLL_IN:*)
		how=("$EX_SIGIO" "$target" "$signo") ;;
	*)
		EX_WHY="no way to send $code from '$comm' (see rule 4): $2"
		return 1 ;;
	esac
	if { ((signo >= RTMIN)) || [[ $code == SI_QUEUE ]]; } &&
	    ! ex_wait_until "$EX_WAIT" ex_sigqueue_room; then
		EX_WHY="no room in the per-user signal queue for $((EX_WAIT / 1000)) s"
		EX_WHY+=" (SigQ, the user's pending/limit: $EX_SIGQ) to send: $2"
		return 1
	fi
	# All but the sigio helper end by themselves, once they have sent.
	[[ ${how[0]} == "$EX_SIGIO" ]] && EX_SENDER_ENDS=0 || EX_SENDER_ENDS=1
	EX_WHY="sending failed: $2"
	# Only 0, 1 and 2 open: the sigio pipe is fd 3, as the doc shows.
	(
		for fd in /proc/$BASHPID/fd/*; do
			fd=${fd##*/}
			((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
		done
		exec "$EX_HOLD" "${how[@]}"
	) </dev/null >/dev/null 2>"$EX_DIR/send.err" &
	EX_SENDER=$!
}

# ex_sender_state: the state of hold's command (ex_stat's ST); fails if
# hold has not started it yet.
ex_sender_state() {
	local c=
	read -r c _ 2>/dev/null <"/proc/$EX_SENDER/task/$EX_SENDER/children"
	[[ -n $c ]] && ex_stat "$c"
}

# ex_sent: let the last sender go, once it has started (and hold has its
# SIGTERM handler) and, unless it is one that waits for the SIGTERM, once
# it has ended by itself: the line can appear while the sender is still
# on its way out (an AddressSanitizer build checks for leaks at exit),
# and the SIGTERM that hold passes on would kill it there. Fails if the
# sender failed, saying how.
ex_sent() {
	local done=ex_sender_state late=
	((EX_SENDER_ENDS)) && done='ex_sender_state && [[ $ST == Z ]]'
	if ! ex_wait_until "$EX_WAIT" eval "$done"; then
		ex_sender_state || ST="not started"
		late=" (it had not ended after $((EX_WAIT / 1000)) s, state $ST)"
	fi
	kill -TERM "$EX_SENDER" 2>/dev/null
	wait "$EX_SENDER" && [[ -z $late ]] && return 0
	EX_WHY+="$late ($(cat "$EX_DIR/send.err"))"
	return 1
}

# ----------------------------------------------------------------------
# Running each kind of block. Each fails, with EX_CMD naming the place
# and EX_WHY saying what is wrong, if the example is broken.

# In a transcript's output, the shell marks the end of each command and
# the test marks where it stops a sigwatch (rule 4): what comes between
# the two is not shown in the example. The marks are OSC sequences, which
# a terminal would not show either.
EX_MARK_DONE=$'\e]sigwatch-example;done\a'
EX_MARK_CUT=$'\e]sigwatch-example;cut\a'

# ex_shown: the transcript's output so far without the marks and what
# they cut out, in $EX_DIR/shown.
ex_shown() {
	perl -0777 -pe '
		s/\e\]sigwatch-example;cut\a.*?(?:\e\]sigwatch-example;done\a|\z)//sg;
		s/\e\]sigwatch-example;done\a//g' \
	    "$EX_DIR/out" >"$EX_DIR/shown"
}

# ex_has_lines N: the transcript has shown at least N lines.
ex_has_lines() {
	ex_shown
	(($(wc -l <"$EX_DIR/shown") >= $1))
}

# ex_instances STEP: the sigwatch instances started in STEP (all if
# empty), oldest first, as "PID WRAPS PIDFILE".
ex_instances() {
	local f seq step wraps pidfile
	for f in "$EX_STATE"/inst.*; do
		[[ -e $f ]] || continue
		read -r seq step wraps pidfile <"$f"
		[[ -z $1 || $step == "$1" ]] || continue
		echo "$seq ${f##*/inst.} $wraps $pidfile"
	done | sort -n | cut -d' ' -f2-
}

# ex_settled PID PIDFILE: that sigwatch is ready or gone.
ex_settled() {
	[[ -s $2 ]] || ! ex_alive "$1"
}

# ex_running: the sigwatch instances still running.
ex_running() {
	local pid wraps pidfile
	while read -r pid wraps pidfile; do
		[[ -z $pid ]] || ! ex_alive "$pid" || echo "$pid"
	done < <(ex_instances '')
}

# ex_all_settled: every sigwatch started so far is ready or gone.
ex_all_settled() {
	local pid wraps pidfile
	while read -r pid wraps pidfile; do
		ex_settled "$pid" "$pidfile" || return 1
	done < <(ex_instances '')
}

# ex_cut: mark the transcript's output where the test stops something:
# from there to the end of the command is not compared.
ex_cut() {
	printf '%s' "$EX_MARK_CUT" >"$EX_TTY"
}

ex_run_transcript() {
	local file=$1 first=$2 src=$3
	local -a cmd=() cline=() exp=() len=()
	local l n=-1 cont=0 lineno=$((first - 1)) i

	# The commands and what each shows.
	while IFS= read -r l || [[ -n $l ]]; do
		lineno=$((lineno + 1))
		if ((cont)); then
			cmd[n]+=$'\n'$l
			[[ $l == *\\ ]] || cont=0
			continue
		fi
		if [[ $l == '$ '* ]]; then
			n=$((n + 1))
			cmd[n]=${l#'$ '} cline[n]=$lineno exp[n]=
			[[ $l == *\\ ]] && cont=1
			continue
		fi
		exp[n]+=$l$'\n'
	done <"$file"
	for ((i = 0; i <= n; i++)); do
		while [[ ${exp[i]} == *$'\n\n' || ${exp[i]} == $'\n' ]]; do
			exp[i]=${exp[i]%$'\n'}
		done
		len[i]=$(printf '%s' "${exp[i]}" | grep -c '')
		EX_CMD="$src:${cline[i]}: \$ ${cmd[i]%%$'\n'*}"
		if ! bash -n -c "${cmd[i]}" 2>/dev/null; then
			EX_WHY="not a valid shell command"
			return 1
		fi
		l=${cmd[i]%"${cmd[i]##*[![:space:]]}"}
		if [[ $l == *'&' && $l != *'&&' ]]; then
			EX_WHY="the command ends with '&': an interactive shell would print '[1] PID' (rule 4)"
			return 1
		fi
	done
	printf '%s' "${exp[@]}" >"$EX_DIR/expected"

	# The transcript as a script: it says which command runs, marks the
	# end of each in the output and waits for the test's go-ahead.
	{
		echo '__ex_s=$EX_STATE'
		echo 'tty >"$__ex_s/tty"'
		echo 'printf "%s\n" "$$" >"$__ex_s/leader"'
		echo '__ex_step() { printf "%s\n" "$1" >"$__ex_s/step"; }'
		echo '__ex_done() {'
		echo '	local s=$?'
		printf '\tprintf %%s %q >/dev/tty\n' "$EX_MARK_DONE"
		echo '	: >"$__ex_s/done.$1"'
		echo '	while [ ! -e "$__ex_s/go.$1" ]; do sleep 0.01; done'
		echo '	return $s'
		echo '}'
		for ((i = 0; i <= n; i++)); do
			echo "__ex_step $i"
			printf '%s\n' "${cmd[i]}"
			echo "__ex_done $i"
		done
	} >"$EX_DIR/transcript.sh"

	# On a terminal of its own: script(1) makes the session, and its
	# standard output is what the terminal shows. The shell starts with
	# every signal at its default, as at a fresh login, whatever this
	# test suite inherited (--inspect shows dispositions).
	ex_spawn "$EX_DIR/out" "$EX_DIR/script.err" \
	    script -q -e -c "exec '$HELPERS/sigexec' -r -- bash '$EX_DIR/transcript.sh'" /dev/null
	EX_TTY=$(cat "$EX_STATE/tty" 2>/dev/null)

	# base: the lines shown before the command runs, so that lines
	# missing from one command do not throw the next ones off.
	local step=0 base=0 pid wraps pidfile target k insts all sig
	local -A seen=()
	local -a lines
	EX_WHY=
	while ex_alive "$EX_JOB"; do
		ex_now
		if ((NOW >= EX_DEADLINE)); then
			EX_CMD="$src:${cline[step]:-$first}: \$ ${cmd[step]%%$'\n'*}"
			EX_WHY="timed out after $((EX_LIMIT / 1000)) s in this command"
			break
		fi
		if ((step > n)); then
			sleep 0.01
			continue
		fi
		if [[ -e $EX_STATE/done.$step ]]; then
			# Before the next command: every sigwatch ready, the
			# lines it shows there (if a sigwatch still runs to
			# print them; else only what is still on its way).
			ex_wait_until "$EX_WAIT" ex_all_settled
			if [[ -n $(ex_running) ]]; then
				ex_wait_until "$EX_WAIT" ex_has_lines $((base + len[step]))
			else
				ex_wait_until "$EX_GRACE" ex_has_lines $((base + len[step]))
			fi
			# After the last, nothing may linger in the session.
			if ((step == n)); then
				ex_cut
				ex_kill_session "$EX_SID" "$EX_SID"
			fi
			ex_shown
			base=$(wc -l <"$EX_DIR/shown")
			: >"$EX_STATE/go.$step"
			step=$((step + 1))
			continue
		fi
		# The command runs. A foreground sigwatch without a COMMAND
		# gets the signals its output shows, once it is ready.
		insts=$(ex_instances "$step")
		all=${insts:+1}
		while read -r pid wraps pidfile; do
			[[ -n $pid ]] || continue
			[[ -z ${seen[$pid]:-} ]] || continue
			if ! ex_settled "$pid" "$pidfile"; then
				all=
				continue
			fi
			seen[$pid]=1
			((wraps == 0)) && ex_alive "$pid" || continue
			target=$(cat "$pidfile")
			k=$base
			mapfile -t lines < <(printf '%s' "${exp[step]}")
			for l in "${lines[@]}"; do
				k=$((k + 1))
				ex_event "$l" || continue
				if ! ex_send "$target" "$l"; then
					EX_CMD="$src:${cline[step]}: \$ ${cmd[step]%%$'\n'*}"
					break 3
				fi
				ex_wait_until "$EX_WAIT" ex_has_lines "$k"
				if ! ex_sent; then
					EX_CMD="$src:${cline[step]}: \$ ${cmd[step]%%$'\n'*}"
					break 3
				fi
			done
			EX_WHY=
		done <<<"$insts"
		# Once all it shows is there, a sigwatch still running gets a
		# grace to end by itself, then is stopped as the reader would.
		if [[ -n $all ]] && ex_has_lines $((base + len[step])); then
			while read -r pid wraps pidfile; do
				ex_wait_until "$EX_GRACE" eval '! ex_alive "$pid"' && continue
				[[ -e $EX_STATE/done.$step ]] && continue
				((wraps)) && sig=TERM || sig=KILL
				ex_cut
				kill -s "$sig" "$pid" 2>/dev/null
			done <<<"$insts"
			ex_wait_until "$EX_WAIT" test -e "$EX_STATE/done.$step"
		fi
		sleep 0.01
	done
	ex_finish
	if [[ -n $EX_WHY ]]; then
		ex_shown
		diff -u --label "shown in $src:$first" --label "printed so far" \
		    <(ex_normalise <"$EX_DIR/expected") \
		    <(ex_normalise <"$EX_DIR/shown") >"$EX_DIR/diff" ||
		    EX_WHY+=$'\n'$(cat "$EX_DIR/diff")
		return 1
	fi

	if ((step <= n)); then
		EX_CMD="$src:${cline[step]}: \$ ${cmd[step]%%$'\n'*}"
		EX_WHY="the shell stopped in this command (status $EX_STATUS): $(cat "$EX_DIR/script.err" "$EX_DIR/out")"
		return 1
	fi
	EX_CMD="$src:$first: \$ ${cmd[0]%%$'\n'*}"
	ex_shown
	if ! diff -u --label "shown in $src:$first" --label printed \
	    <(ex_normalise <"$EX_DIR/expected") \
	    <(ex_normalise <"$EX_DIR/shown") >"$EX_DIR/diff"; then
		EX_WHY="the output differs (after rule 5's normalisation):"$'\n'$(cat "$EX_DIR/diff")
		return 1
	fi
}

ex_run_script() {
	local file=$1 first=$2 src=$3
	EX_CMD="$src:$first: $(grep -m 1 -v -e '^[[:space:]]*$' -e '^[[:space:]]*#' "$file")"
	cp "$file" "$EX_DIR/script.sh"
	ex_launch "$EX_DIR/out" "$EX_DIR/out" bash -e "$EX_DIR/script.sh"
	EX_WHY=
	ex_wait_until "$EX_LIMIT" eval '! ex_alive "$EX_JOB"' ||
	    EX_WHY="timed out after $((EX_LIMIT / 1000)) s"
	ex_finish
	if [[ -z $EX_WHY ]] && ((EX_STATUS != 0)); then
		EX_WHY="exited $EX_STATUS"
	fi
	[[ -z $EX_WHY ]] && return 0
	EX_WHY+=$'; it printed:\n'$(cat "$EX_DIR/out")
	return 1
}

ex_run_dockerfile() {
	local file=$1 first=$2 src=$3 entry='[]' cmd='[]' l word json copy note=1
	local -a argv=() ns=()
	EX_CMD="$src:$first: $(grep -m 1 -E '^(ENTRYPOINT|CMD) ' "$file")"
	while IFS= read -r l; do
		[[ $l =~ ^(ENTRYPOINT|CMD)\ +(.*)$ ]] || continue
		word=${BASH_REMATCH[1]} json=${BASH_REMATCH[2]}
		if ! jq -e 'type == "array" and length > 0 and all(.[]; type == "string")' \
		    <<<"$json" >/dev/null 2>&1; then
			EX_WHY="$word is not a JSON array of strings: $json"
			return 1
		fi
		[[ $word == ENTRYPOINT ]] && entry=$json || cmd=$json
	done <"$file"
	mapfile -t argv < <(jq -nr --argjson e "$entry" --argjson c "$cmd" '($e + $c)[]')
	# COPY sigwatch /PATH: the image's /PATH is the sigwatch in PATH.
	copy=$(sed -nE 's|^COPY sigwatch (/[^ ]+)$|\1|p' "$file")
	[[ -z $copy || ${argv[0]:-} != "$copy" ]] || argv[0]=sigwatch
	[[ " ${argv[*]} " != *" -q "* ]] || note=0
	if [[ ${argv[0]:-} != sigwatch ]]; then
		EX_WHY="ENTRYPOINT and CMD do not run sigwatch: ${argv[*]}"
		return 1
	fi
	# As process ID 1 where a PID namespace can be had, as in a container.
	unshare --pid --fork --mount-proc true 2>/dev/null &&
	    ns=(unshare --pid --fork --mount-proc)
	ex_launch "$EX_DIR/stdout" "$EX_DIR/stderr" "${ns[@]}" "${argv[@]}"
	EX_WHY=
	local pid wraps pidfile target
	ex_wait_until "$EX_WAIT" eval '[[ -n $(ex_instances "") ]]'
	read -r pid wraps pidfile < <(ex_instances '')
	if ! ex_wait_until "$EX_WAIT" test -s "${pidfile:-/nonexistent}"; then
		EX_WHY="sigwatch did not get ready"
	else
		# docker stop: SIGTERM to process 1 of the container.
		target=$EX_SID
		((${#ns[@]} == 0)) ||
		    target=$(cat "/proc/$EX_SID/task/$EX_SID/children")
		kill -TERM $target
		ex_wait_until "$EX_LIMIT" eval '! ex_alive "$EX_JOB"' ||
		    EX_WHY="it did not exit after SIGTERM"
	fi
	ex_finish
	if [[ -z $EX_WHY ]]; then
		if ((EX_STATUS != 143)); then
			EX_WHY="it exited $EX_STATUS after SIGTERM, not 143"
		elif [[ -s $EX_DIR/stdout ]]; then
			EX_WHY="it wrote to standard output, which is the server's"
		elif ((note)) && ! head -n 1 "$EX_DIR/stderr" |
		    grep -qE '^sigwatch: watching [0-9]+ signals? as pid [0-9]+$'; then
			EX_WHY="no start-up note on standard error"
		elif ! tail -n +$((1 + note)) "$EX_DIR/stderr" | jq -s -e '
		    map(select(.event == "child") | .state) == ["started", "killed"] and
		    map(select(.event == "signal") | .signal) == ["SIGTERM"] and
		    (map(select(.state == "killed"))[0].signal == "SIGTERM")' \
		    >/dev/null 2>&1; then
			EX_WHY="standard error is not the JSON events expected"
		fi
	fi
	[[ -z $EX_WHY ]] && return 0
	EX_WHY+=$'\nstandard output:\n'$(cat "$EX_DIR/stdout")$'\nstandard error:\n'$(cat "$EX_DIR/stderr")
	return 1
}

# ex_run_doc DOC: run every example of DOC (man or readme); fail with a
# report of each broken one. Without bats' DEBUG trap, which runs at every
# command and would make the harness several times slower.
ex_run_doc() {
	local debug rc=0
	debug=$(trap -p DEBUG)
	trap - DEBUG
	ex_run_examples "$@" || rc=$?
	eval "$debug"
	return "$rc"
}

ex_run_examples() {
	local doc=$1 src dir n kind line failed=0 ran=0 report= start result
	case $doc in
	man) src=man/sigwatch.1 ;;
	readme) src=README.md ;;
	esac
	dir=$BATS_TEST_TMPDIR/$doc
	mkdir -p "$dir"
	ex_extract_"$doc" "$dir" || fail "cannot extract the examples of $src"
	[[ -s $dir/list ]] || fail "no examples found in $src"
	ex_setup
	while IFS=$'\t' read -r n kind line; do
		[[ "$src:$line" == ${SIGWATCH_EXAMPLE:-*} ]] || continue
		EX_DIR=$dir/run.$n EX_STATE=$dir/run.$n/state EX_SID= EX_JOB=
		ex_sandbox "$EX_DIR"
		ex_now
		start=$NOW
		EX_DEADLINE=$((NOW + EX_LIMIT))
		ran=$((ran + 1))
		if ex_run_"$kind" "$dir/$n.txt" "$line" "$src"; then
			result=ok
		else
			result=FAILED
			failed=$((failed + 1))
			report+=$'\n'"FAILED ($kind) $EX_CMD"$'\n'"$EX_WHY"$'\n'
		fi
		# In the test log, a line per example.
		ex_now
		[[ -n ${EX_QUIET:-} ]] || printf '# %s (%s, %d.%d s) %s:%s: %s\n' "$result" "$kind" \
		    $(((NOW - start) / 1000)) $(((NOW - start) % 1000 / 100)) \
		    "$src" "$line" "$(head -n 1 "$dir/$n.txt")" >&3
	done <"$dir/list"
	((ran > 0)) || skip "no example matches SIGWATCH_EXAMPLE=$SIGWATCH_EXAMPLE"
	((failed == 0)) || fail "$failed of $ran examples in $src are broken:$report"
}

@test "examples: the blocks found in the man page and README, and their kinds" {
	local dir
	for doc in man readme; do
		dir=$BATS_TEST_TMPDIR/$doc
		mkdir -p "$dir"
		ex_extract_$doc "$dir" || fail "cannot extract the examples ($doc)"
	done
	# Guards against an extraction that silently finds less.
	run cut -f2 "$BATS_TEST_TMPDIR/man/list"
	[ "${#lines[@]}" -ge 8 ] || fail "only ${#lines[@]} examples in the man page"
	assert_line transcript
	assert_line script
	assert_line dockerfile
	run cut -f2 "$BATS_TEST_TMPDIR/readme/list"
	[ "${#lines[@]}" -ge 8 ] || fail "only ${#lines[@]} examples in README.md"
	assert_line transcript
	assert_line script
	assert_line dockerfile
	# The README blocks that are not examples stay out.
	run cat "$BATS_TEST_TMPDIR"/readme/*.txt
	refute_line --partial 'Usage: sigwatch'
	refute_line --partial 'scripts/check'
	refute_line --partial './configure'
	refute_line --partial 'src/main.c'
}

@test "examples: the man page's EXAMPLES run and show what sigwatch prints" {
	ex_run_doc man
}

@test "examples: README's examples run and show what sigwatch prints" {
	ex_run_doc readme
}

@test "examples: the harness catches a broken example" {
	# Broken copies of real examples must fail, each with its own reason.
	local doc=$BATS_TEST_TMPDIR/broken.md
	cat >"$doc" <<'EOF'
A wrong signal name in the output:

```
$ sigwatch -s IO -n 1
sigwatch: watching 1 signal as pid 4711
08:19:38.407036 SIGPOLL     SI_USER pid=4690(bash) uid=1000(alice)
```

An option that does not exist:

```
$ sigwatch --list --jsn | jq -r 'select(.catchable | not) | .signal'
SIGKILL
```

A wrong exit status:

```
$ sigwatch -- sh -c 'exit 3'; echo $?
sigwatch: watching 60 signals as pid 4711
08:35:59.498915 child       started pid=4712(sh)
08:35:59.499761 child       exited pid=4712(sh) exit_code=3
4
```

A line missing:

```
$ sigwatch --list --json | jq -r 'select(.catchable | not) | .signal'
SIGKILL
SIGSTOP
SIG32
```

A jq filter on a key that is not there:

```sh
sigwatch --list --json | jq -e -s 'all(.[]; .catchable_by_sigwatch != null)'
```

A command that never ends:

```
$ sigwatch -- myserver --forever; sleep 1000
sigwatch: watching 60 signals as pid 4711
```
EOF
	README=$doc EX_LIMIT=4000 EX_QUIET=1 SIGWATCH_EXAMPLE= run ex_run_doc readme
	assert_failure
	assert_output --partial "6 of 6 examples in README.md are broken"
	assert_output --partial "README.md:4: \$ sigwatch -s IO -n 1"
	assert_output --regexp '-TIME SIGPOLL +SI_USER'
	assert_output --regexp '\+TIME SIGIO +SI_USER pid=PID\(bash\)'
	assert_output --partial "README.md:12: \$ sigwatch --list --jsn"
	assert_output --partial "unknown option '--jsn'"
	assert_output --partial '-4'
	assert_output --partial '+3'
	assert_output --partial '+SIG33'
	assert_output --partial "FAILED (script) README.md:38: sigwatch --list --json"
	assert_output --partial "README.md:44: \$ sigwatch -- myserver --forever; sleep 1000"
	assert_output --partial "timed out after 4 s in this command"
}
