# SPDX-License-Identifier: ISC
# Shared set-up for the bats suite: assertions, paths, and helpers to run
# sigwatch in the background and know when it is ready.
bats_load_library bats-support
bats_load_library bats-assert
# run -N and --separate-stderr
bats_require_minimum_version 1.5.0

: "${SIGWATCH:?run the suite through make check}"
: "${HELPERS:?run the suite through make check}"

# SIGWATCH_VALGRIND=1: every sigwatch the tests start runs under valgrind.
# (Once: this file is loaded again in each test's process.)
if [[ -n ${SIGWATCH_VALGRIND:-} && -z ${SIGWATCH_REAL:-} ]]; then
	export SIGWATCH_REAL=$SIGWATCH
	SIGWATCH=$TOP_SRCDIR/tests/valgrind-sigwatch
fi

SIGSEND=$HELPERS/sigsend
# The real-time range and how many signals can be watched are the C
# library's (glibc: 34-64 and 60, musl: 35-64 and 59), so they are read
# from sigwatch --list, not from bash's own C library. Once per run.
if [[ -z ${SW_NWATCH:-} ]]; then
	read -r SW_RTMIN SW_RTMAX SW_NWATCH < <("${SIGWATCH_REAL:-$SIGWATCH}" --list |
		awk '$2 == "SIGRTMIN" { min = $1 } !/cannot be watched/ { n++ }
		    END { print min, $1, n }')
	export SW_RTMIN SW_RTMAX SW_NWATCH
fi
RTMIN=$SW_RTMIN
RTMAX=$SW_RTMAX
NWATCH=$SW_NWATCH

# not_under_valgrind WHY: skip a test that valgrind itself would break
# (it keeps SIGRTMAX, more descriptors, a PATH and SIGCHLD for itself).
not_under_valgrind() {
	[[ -z ${SIGWATCH_VALGRIND:-} ]] || skip "not under valgrind: $1"
}

# need_sigqueue_room N: skip unless N more signals can be queued now.
# The kernel counts the signals queued for a real user, over all of that
# user's processes (other test runs too), against the receiver's
# RLIMIT_SIGPENDING, root not exempt; past it sigqueue() fails with
# EAGAIN and kill() of a real-time signal loses its sender and
# coalesces. SigQ in /proc/PID/status is "queued/limit" for that user
# and this process's limit, which the sigwatch it starts inherits.
need_sigqueue_room() {
	local key sigq= queued limit
	while read -r key sigq; do
		[[ $key == SigQ: ]] && break
	done </proc/self/status
	queued=${sigq%/*} limit=${sigq#*/}
	[[ $queued =~ ^[0-9]+$ && $limit =~ ^[0-9]+$ ]] ||
		fail "no SigQ in /proc/self/status: '$sigq'"
	# unlimited (2^64 - 1) or near it: more than bash's arithmetic holds
	((${#limit} < 19)) || return 0
	((limit - queued >= $1)) ||
		skip "needs $1 free slots in the per-user signal queue; SigQ is $sigq"
}

# How many 10 ms steps to wait for sigwatch: valgrind starts slowly.
WAIT_STEPS=${SIGWATCH_VALGRIND:+3000}
WAIT_STEPS=${WAIT_STEPS:-500}

# wait_for_file FILE: until FILE exists and is not empty (5 s at most).
wait_for_file() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -s $1 ]] && return 0
		sleep 0.01
	done
	echo "timed out waiting for $1" >&2
	return 1
}

# wait_for_exit PID: until process PID (a child of this shell, or
# another's) has ended (5 s at most); fails if it still runs.
wait_for_exit() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.01
	done
	! kill -0 "$1" 2>/dev/null
}

# tmux_fg_status: "fg" the stopped job in the tmux shell, wait until it
# has ended (its --pidfile $BATS_TEST_TMPDIR/pid gone, 5 s at most), and
# have the shell write its status, "exit=N", to $BATS_TEST_TMPDIR/status.
tmux_fg_status() {
	local i
	tmux -L "$TMUX_SOCK" send-keys fg Enter
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -e $BATS_TEST_TMPDIR/pid ]] || break
		sleep 0.01
	done
	tmux_status
}

# tmux_end_by KEY STATUS: type KEY at the tmux shell's job (tmux_type's
# sigwatch), wait for sigwatch's end, and check the shell's status for
# it, "exit=STATUS".
tmux_end_by() {
	tmux -L "$TMUX_SOCK" send-keys "$1"
	wait_for_exit "$SW_PID"
	tmux_status
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" "exit=$2"
}

# tmux_status: have the tmux shell write the status of its last job,
# "exit=N", to $BATS_TEST_TMPDIR/status, and wait for it.
tmux_status() {
	tmux -L "$TMUX_SOCK" send-keys "echo exit=\$? >$BATS_TEST_TMPDIR/status" Enter
	wait_for_file "$BATS_TEST_TMPDIR/status"
}

# wait_for_lines FILE N: until FILE has at least N lines (5 s at most).
wait_for_lines() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		(($(wc -l <"$1") >= $2)) && return 0
		sleep 0.01
	done
	echo "timed out waiting for $2 lines in $1" >&2
	return 1
}

# wait_for_child PID COMM: until PID has a child that has exec'd COMM;
# its pid in CHILD_PID (5 s at most). sigwatch writes its pidfile before
# it starts the command.
wait_for_child() {
	local i c
	for ((i = 0; i < WAIT_STEPS; i++)); do
		for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
			if [[ $(cat "/proc/$c/comm" 2>/dev/null) == "$2" ]]; then
				CHILD_PID=$c
				return 0
			fi
		done
		sleep 0.01
	done
	echo "timed out waiting for a child $2 of $1" >&2
	return 1
}

# state_of PID: the one-letter state the kernel shows for PID, "" once
# it is gone.
state_of() {
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	s=${s##*) }
	echo "${s%% *}"
}

# wait_for_state PID REGEX: until PID's state (state_of) matches REGEX
# (5 s at most).
wait_for_state() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ $(state_of "$1") =~ $2 ]] && return 0
		sleep 0.01
	done
	echo "timed out waiting for $1 to be in state $2, it is '$(state_of "$1")'" >&2
	return 1
}

# group_alive PGID: the pids of the processes of group PGID that are not
# zombies (a zombie runs nothing; its reaper may be slow to collect it).
group_alive() {
	local f stat state ppid pgrp
	for f in /proc/[0-9]*/stat; do
		stat=$(cat "$f" 2>/dev/null) || continue
		read -r state ppid pgrp _ <<<"${stat##*) }"
		[[ $pgrp == "$1" && $state != [ZX] ]] && echo "${stat%% *}"
	done
	return 0
}

# wait_for_group_gone PGID: until group PGID has no live process (5 s at
# most); then fail naming those left.
wait_for_group_gone() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -z $(group_alive "$1") ]] && return 0
		sleep 0.01
	done
	echo "group $1 still has: $(group_alive "$1")" >&2
	return 1
}

# start_sigwatch [ARG]...: run sigwatch in the background, its standard
# output in $OUT and standard error in $ERR, and wait until it is ready
# (its pidfile exists). Sets SW_PID. fd 3 is bats' own: not inherited.
start_sigwatch() {
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	rm -f "$BATS_TEST_TMPDIR/pid"
	"$SIGWATCH" --pidfile="$BATS_TEST_TMPDIR/pid" "$@" \
		>"$OUT" 2>"$ERR" 3>&- &
	SW_JOB=$!
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
	[[ $SW_PID == "$SW_JOB" ]]
}

# finish_sigwatch: wait for it to exit (5 s at most, then kill it and
# fail); its exit status in $SW_STATUS, its output in $output.
finish_sigwatch() {
	if ! wait_for_exit "$SW_JOB"; then
		kill -KILL "$SW_JOB"
		wait "$SW_JOB" || true
		echo "sigwatch did not exit" >&2
		return 1
	fi
	SW_STATUS=0
	wait "$SW_JOB" || SW_STATUS=$?
	output=$(<"$OUT")
	lines=()
	mapfile -t lines <"$OUT"
}

# bad ARG... MESSAGE: sigwatch ARG... fails with status 125, MESSAGE
# (after "sigwatch: ") as its one line on standard error, no output
bad() {
	local want=${*: -1}
	run --separate-stderr "$SIGWATCH" "${@:1:$#-1}"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: $want"
	assert_output ""
}

# comm_of PID: the command name the kernel keeps for PID.
comm_of() {
	cat "/proc/$1/comm"
}

# The local-time prefix of a text line, as a regular expression.
TIME_RE='[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}'

# tmux_sigwatch [ARG]...: run sigwatch ARG... on a real terminal (tmux),
# where Ctrl-C comes from the kernel to the foreground process group.
# Its exit status lands in $BATS_TEST_TMPDIR/status as "exit=N".
# SW_ENV="VAR=value ...": set in sigwatch's environment (tmux would
# override TERM if it were set any other way).
tmux_sigwatch() {
	rm -f "$BATS_TEST_TMPDIR/status" "$BATS_TEST_TMPDIR/pid"
	# a socket of its own each time: a server just killed may still be
	# going away, and a new one on its socket then dies with it
	TMUX_SEQ=$((${TMUX_SEQ:-0} + 1))
	TMUX_SOCK=sigwatch-$$-$BATS_TEST_NUMBER-$TMUX_SEQ
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 20 \
		"env ${SW_ENV:-} $SIGWATCH --pidfile=$BATS_TEST_TMPDIR/pid $* 2>&1; echo exit=\$? >$BATS_TEST_TMPDIR/status; sleep 30"
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
}

# wait_for_pane REGEX [N]: until the tmux pane (tmux_sigwatch's, or
# TMUX_SOCK's) shows at least N lines (1 unless told) matching REGEX
# (5 s at most).
wait_for_pane() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		(($(tmux -L "$TMUX_SOCK" capture-pane -p | grep -c -E -- "$1") >= ${2:-1})) &&
			return 0
		sleep 0.01
	done
	echo "timed out waiting for ${2:-1} lines matching '$1' in the pane:" >&2
	tmux -L "$TMUX_SOCK" capture-pane -p >&2
	return 1
}

# tmux_shell NAME: an interactive bash on a tmux terminal of its own
# (socket sigwatch-...-NAME, in TMUX_SOCK), with the prompt "$ ", for
# job control tests that need a real shell.
tmux_shell() {
	TMUX_SOCK=sigwatch-$$-$BATS_TEST_NUMBER-$1
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 30 \
		"bash --norc --noprofile -i"
	tmux -L "$TMUX_SOCK" send-keys "PS1='$ '" Enter
}

# tmux_type CHILD LINE: type LINE, which starts sigwatch with
# --pidfile=$BATS_TEST_TMPDIR/pid, at the tmux_shell's prompt, and wait
# until sigwatch runs its command CHILD (the pid file comes before the
# command's exec). SW_PID is sigwatch's pid, CHILD_PID the command's.
tmux_type() {
	rm -f "$BATS_TEST_TMPDIR/pid"
	tmux -L "$TMUX_SOCK" send-keys "$2" Enter
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
	wait_for_child "$SW_PID" "$1"
}

# tmux_suspend: Ctrl-Z at the tmux shell's job, and wait until the shell
# says it is stopped.
tmux_suspend() {
	tmux -L "$TMUX_SOCK" send-keys C-z
	wait_for_pane '^\[1\]\+ +Stopped '
}

# The JSON corpus: every sigwatch JSON line the tests see, in the output
# of run and in the files a test leaves in its directory (-o files,
# start_sigwatch's), one file per test under $SIGWATCH_JSON_CORPUS: a
# line "#<tab>SOURCE", then the JSON lines seen there. tests/schema.bats,
# which make check runs after every other bats file, validates them all
# against the published schema.
# A line is sigwatch's if it starts as sigwatch starts its objects
# ({"event":, or {"signo": as --list's did before they had an event, so
# that one that lost it fails), so that jq's projections are left out. Without the variable (bats run by hand) nothing is
# kept.
JSON_CORPUS=${SIGWATCH_JSON_CORPUS:-}
if [[ -n $JSON_CORPUS && -z ${BATS_TEST_NUMBER:-} ]]; then
	# Loaded once for the whole file before its tests: a fresh start.
	mkdir -p "$JSON_CORPUS"
	rm -f "$JSON_CORPUS/${BATS_TEST_FILENAME##*/}".*
fi

# json_collect ORIGIN: the JSON lines on standard input into the corpus,
# ORIGIN saying where the test saw them.
json_collect() {
	local src=${BATS_TEST_FILENAME##*/}:$BATS_TEST_NUMBER
	grep -a -E '^\{"(event|signo)":' |
		awk -v src="$src ${BATS_TEST_DESCRIPTION//$'\t'/ } ($1)" \
			-v to="$JSON_CORPUS/${BATS_TEST_FILENAME##*/}.$BATS_TEST_NUMBER" \
			'NR == 1 { print "#\t" src >>to } { print >>to }'
}

# json_collect_files: every file the test left in its directory; from
# teardown (inspect.bats, pressure.bats and trace.bats have teardowns of
# their own, which call it too).
json_collect_files() {
	local f
	[[ -n $JSON_CORPUS ]] || return 0
	while IFS= read -r -d '' f; do
		json_collect "${f#"$BATS_TEST_TMPDIR"/}" <"$f" || true
	done < <(find "$BATS_TEST_TMPDIR" -type f ! -name 'separate-stderr-*' -print0)
}

# run, then its output into the corpus (for --separate-stderr, both).
eval "bats_run_uncollected() $(declare -f run | tail -n +2)"
run() {
	local st=0 arg separate=
	bats_run_uncollected "$@" || st=$?
	[[ -n $JSON_CORPUS ]] || return "$st"
	for arg; do
		[[ $arg == --separate-stderr ]] && separate=1
		[[ $arg == -* || $arg == '!' ]] || break
	done
	# jq's output is what a filter made of sigwatch's
	[[ $arg != jq ]] || return "$st"
	[[ $output != *'{"'* ]] ||
		json_collect "run ${BATS_RUN_COMMAND:0:60}" <<<"$output" || true
	[[ -z $separate || ${stderr:-} != *'{"'* ]] ||
		json_collect "run ${BATS_RUN_COMMAND:0:60}, stderr" <<<"$stderr" || true
	return "$st"
}

teardown() {
	[[ -z ${TMUX_SOCK:-} ]] || tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	json_collect_files
}

