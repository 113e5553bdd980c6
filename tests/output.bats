#!/usr/bin/env bats
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
