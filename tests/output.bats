#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Where events go and what happens when that fails: --output, JSON lines
# for jq, flushing, a full disk, a closed stdout, a reader that leaves.

load test_helper

@test "--output=FILE writes the events there and nothing to stdout" {
	start_sigwatch -q --count=1 --output="$BATS_TEST_TMPDIR/events"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_output ""
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output --regexp "^$TIME_RE SIGUSR1     SI_USER pid=$BASHPID"
}

@test "--output=- is standard output" {
	start_sigwatch -q --count=1 -o -
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_output --regexp " SIGUSR1 "
}

@test "an output file that cannot be opened is a one-line error, status 125" {
	run "$SIGWATCH" -q --output=/nonexistent/dir/events
	assert_equal "$status" 125
	assert_output "sigwatch: /nonexistent/dir/events: No such file or directory"
}

@test "every line is flushed as it happens, while sigwatch keeps running" {
	start_sigwatch -q --count=2
	kill -USR1 "$SW_PID"
	wait_for_file "$OUT"
	kill -0 "$SW_PID"
	run cat "$OUT"
	assert_output --regexp " SIGUSR1 "
	kill -USR2 "$SW_PID"
	finish_sigwatch
}

@test "--json output parses with jq line by line, for every kind of record" {
	not_under_valgrind "it keeps SIGRTMAX"
	start_sigwatch -q --json --exit-on=TERM
	kill -HUP "$SW_PID"
	"$SIGSEND" queue "$SW_PID" "$RTMIN" -5
	"$SIGSEND" tgkill "$SW_PID" 10
	"$SIGSEND" forge "$SW_PID" "$RTMAX" 1 2 3
	"$SIGSEND" sigio "$SW_PID" 29 >/dev/null
	# pending standard signals come lowest number first: TERM (15) must
	# not overtake SIGIO (29) and end the run before it is printed
	wait_for_lines "$OUT" 5
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	# the pipe may raise SIGIO twice: once per wake-up
	(( ${#lines[@]} >= 6 ))
	for line in "${lines[@]}"; do
		run jq -e 'type == "object" and .event == "signal"' <<<"$line"
		assert_success
	done
}

@test "-j and --format=json are the same as --json; --format=text is the default" {
	for opt in -j --format=json; do
		start_sigwatch -q --count=1 "$opt"
		kill -USR1 "$SW_PID"
		finish_sigwatch
		run jq -r .signal <<<"$output"
		assert_output SIGUSR1
	done
	start_sigwatch -q --count=1 --json --format=text
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_output --regexp "^$TIME_RE SIGUSR1 "
}

@test "JSON never carries pointers as numbers" {
	start_sigwatch -q --json --count=1
	"$SIGSEND" queue "$SW_PID" "$RTMIN" -1
	finish_sigwatch
	run jq -r '.ptr | type' <<<"$output"
	assert_output string
}

@test "a full disk is a one-line error with status 125, not a silent drop" {
	start_sigwatch -q --count=1 --output=/dev/full
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 125
	run cat "$ERR"
	assert_output "sigwatch: write error on /dev/full: No space left on device; 1 event not written"
}

@test "a closed standard output is a one-line error with status 125" {
	run -125 --separate-stderr bash -c '"$0" -q --timeout=1 >&-' "$SIGWATCH"
	assert_equal "$stderr" "sigwatch: standard output: Bad file descriptor"
}

@test "--help and --version check their output too: a full disk or a closed one is 125, a gone reader 141" {
	local opt
	for opt in --help --version; do
		run -125 --separate-stderr bash -c '"$0" "$1" >/dev/full' "$SIGWATCH" "$opt"
		assert_equal "$stderr" "sigwatch: write error on standard output: No space left on device"
		assert_output ""
		run -125 --separate-stderr bash -c '"$0" "$1" >&-' "$SIGWATCH" "$opt"
		assert_equal "$stderr" "sigwatch: standard output: Bad file descriptor"
		# a pipe whose reader has gone before the first byte
		run -141 --separate-stderr python3 -c 'import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.call(sys.argv[1:], stdout=w))' "$SIGWATCH" "$opt"
		assert_equal "$stderr" ""
	done
}

@test "-o naming a standard descriptor that was closed is the same error, not /dev/null" {
	run -125 --separate-stderr bash -c '"$0" -q --timeout=1 -o /dev/stdout >&-' "$SIGWATCH"
	assert_equal "$stderr" "sigwatch: /dev/stdout: Bad file descriptor"
	run -125 --separate-stderr bash -c '"$0" -q --list -o /dev/fd/1 >&-' "$SIGWATCH"
	assert_equal "$stderr" "sigwatch: /dev/fd/1: Bad file descriptor"
}

@test "when the reader goes away (| head -1), sigwatch exits 141 quietly" {
	pidfile=$BATS_TEST_TMPDIR/pid
	# bats runs with set -e: keep the status without ending the group
	{ st=0; "$SIGWATCH" -q --json --pidfile="$pidfile" \
		2>"$BATS_TEST_TMPDIR/err" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- | head -1 >"$BATS_TEST_TMPDIR/first" &
	wait_for_file "$pidfile"
	pid=$(<"$pidfile")
	kill -USR1 "$pid"
	wait_for_file "$BATS_TEST_TMPDIR/first"
	for ((i = 0; i < 100; i++)); do
		kill -USR2 "$pid" 2>/dev/null || break
		sleep 0.02
	done
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 141
	run jq -r .signal "$BATS_TEST_TMPDIR/first"
	assert_output SIGUSR1
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output ""
}

@test "sigwatch | true: the reader gone while nothing is written ends sigwatch at once, 141, pid file removed" {
	pidfile=$BATS_TEST_TMPDIR/pid
	# nothing is ever written: the reader's end alone must end the run
	{ st=0; "$SIGWATCH" -q --pidfile="$pidfile" 2>"$BATS_TEST_TMPDIR/err" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- | true &
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 141
	assert [ ! -e "$pidfile" ]
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output ""
}

@test "an unwatched SIGPIPE does not bypass the exit path: -s USR1 | true is 141, pid file removed, command ended" {
	pidfile=$BATS_TEST_TMPDIR/pid
	marker=31.$RANDOM$RANDOM
	{ st=0; "$SIGWATCH" -q -s USR1 --pidfile="$pidfile" -- sleep "$marker" \
		2>"$BATS_TEST_TMPDIR/err" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- | true &
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 141
	assert [ ! -e "$pidfile" ]
	run pgrep -f "sleep $marker"
	assert_failure
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output ""
}

@test "an unwatched SIGPIPE from outside is held, not a death that leaves the pid file behind" {
	start_sigwatch -q -s USR1 --count=1
	run grep -E '^SigBlk:' "/proc/$SW_PID/status"
	# SIGPIPE is bit 13, SIGXFSZ bit 25, SIGUSR1 bit 10
	(( (0x${output##*[[:space:]]} >> 12) & 1 )) || fail "SIGPIPE not blocked: $output"
	(( (0x${output##*[[:space:]]} >> 24) & 1 )) || fail "SIGXFSZ not blocked: $output"
	kill -PIPE "$SW_PID"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line -n 0 --regexp " SIGUSR1     SI_USER "
	assert_equal "${#lines[@]}" 1
	assert [ ! -e "$BATS_TEST_TMPDIR/pid" ]
}

@test "the reader of a socket gone while nothing is written ends sigwatch at once with 141" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run -0 python3 - "$SIGWATCH" "$BATS_TEST_TMPDIR/pid" <<'PY'
import os, socket, subprocess, sys, time
a, b = socket.socketpair()
p = subprocess.Popen([sys.argv[1], "-q", "-s", "USR1", "--pidfile=" + sys.argv[2]],
                     stdout=a.fileno())
a.close()
while not os.path.exists(sys.argv[2]):
    if p.poll() is not None:
        sys.exit("sigwatch ended before it was ready: %d" % p.returncode)
    time.sleep(0.01)
b.close()
try:
    print(p.wait(timeout=10))
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit("sigwatch did not notice its reader had gone")
PY
	assert_output 141
	assert [ ! -e "$BATS_TEST_TMPDIR/pid" ]
}

@test "sigwatch --json | jq with jq killed by one Ctrl-C at a terminal: sigwatch ends too, 141" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TMUX_SOCK=sigwatch-$$-$BATS_TEST_NUMBER-jq
	# the shell outlives the Ctrl-C (a trap) to say how sigwatch ended;
	# sigwatch and jq, which exec'd, have SIGINT's default action
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 20 \
		"bash -c 'trap : INT; \"\$0\" --pidfile=\"\$1\" --json | jq -c .signal; echo exit=\${PIPESTATUS[0]} >\"\$2\"; sleep 30' $SIGWATCH $BATS_TEST_TMPDIR/pid $BATS_TEST_TMPDIR/status"
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	wait_for_pane "^sigwatch: watching "
	tmux -L "$TMUX_SOCK" send-keys C-c
	# one Ctrl-C, and no second: sigwatch must end because jq did
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=141
	assert [ ! -e "$BATS_TEST_TMPDIR/pid" ]
}

# stays_asleep PID: PID falls asleep, and is found asleep each of 20
# times after: a loop on poll(2) never sleeps, an idle sigwatch always.
stays_asleep() {
	local i
	wait_for_state "$1" '^S$'
	for ((i = 0; i < 20; i++)); do
		assert_equal "$(state_of "$1")" S
	done
}

@test "a regular file or a terminal as the output is not polled while idle: no busy loop" {
	start_sigwatch -q -s USR1 --count=1
	stays_asleep "$SW_PID"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_sigwatch -q -s USR1 --count=1
	stays_asleep "$SW_PID"
	kill -USR1 "$SW_PID"
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
}

@test "-o FILE: a start-up that fails leaves the file as it was; a run that starts cuts it, even with nothing to write" {
	f=$BATS_TEST_TMPDIR/events
	echo "the last run's events" >"$f"
	# no process 2^22+1: pid_max is at most 2^22
	run -125 "$SIGWATCH" -q -o "$f" --attach=4194305
	assert_equal "$(<"$f")" "the last run's events"
	run -125 "$SIGWATCH" -q -o "$f" -s NOSUCH
	assert_equal "$(<"$f")" "the last run's events"
	run -124 "$SIGWATCH" -q -o "$f" -s USR1 --timeout=0.1s
	[[ ! -s $f ]] || fail "not cut: $(<"$f")"
	echo "the last run's events, and more of them" >"$f"
	run -0 "$SIGWATCH" -q --json -o "$f" -- true
	run jq -r .state "$f"
	assert_output "started
exited"
}

@test "-o FIFO: waiting for the FIFO's reader, SIGTERM or SIGHUP still ends sigwatch" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	for sig in TERM HUP; do
		"$SIGWATCH" -q -o "$BATS_TEST_TMPDIR/fifo" -- true &
		pid=$!
		# in the open(2) that waits for a reader, before a signal
		for ((i = 0; i < WAIT_STEPS; i++)); do
			[[ $(cat "/proc/$pid/wchan" 2>/dev/null) == wait_for_partner ]] &&
			    break
			sleep 0.01
		done
		assert_equal "$(cat "/proc/$pid/wchan")" wait_for_partner
		kill -"$sig" "$pid"
		wait_for_exit "$pid" || fail "SIG$sig did not end sigwatch"
		status=0
		wait "$pid" || status=$?
		assert_equal "$status" $((128 + $(kill -l "$sig")))
	done
	# and with a reader it writes as before
	"$SIGWATCH" -q --time=none -o "$BATS_TEST_TMPDIR/fifo" -- true &
	pid=$!
	run cat "$BATS_TEST_TMPDIR/fifo"
	assert_output --regexp "^child       started pid=[0-9]+\(true\)
child       exited pid=[0-9]+\(true\) exit_code=0$"
	status=0
	wait "$pid" || status=$?
	assert_equal "$status" 0
}
