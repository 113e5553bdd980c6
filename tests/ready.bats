#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --ready-fd=N: one line on N once sigwatch is ready, then end-of-file;
# end-of-file and no line when it fails to start; never the command's.

load test_helper

# ready_sigwatch ARG...: sigwatch --ready-fd=4 ARG..., with descriptor 4
# the write end of a pipe whose read end is this shell's 5, as a script's
# `exec 5< <(...)` has it. Its standard output in $OUT, standard error in
# $ERR, pid in SW_JOB.
ready_sigwatch() {
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	exec 5< <(exec "$SIGWATCH" --ready-fd=4 "$@" 4>&1 >"$OUT" 2>"$ERR" 3>&-)
	SW_JOB=$!
}

# ready2_sigwatch ARG...: sigwatch --ready-fd=4 --ready-fd=7 ARG...,
# 4 and 7 the write ends of two FIFOs whose read ends are this shell's 5
# and 6. sigwatch's shell opens 4 and then 7, each open waiting for its
# reader, and this one opens 5 and then 6: no deadlock. Standard output
# in $OUT, standard error in $ERR, pid in SW_JOB.
ready2_sigwatch() {
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	mkfifo "$BATS_TEST_TMPDIR/r4" "$BATS_TEST_TMPDIR/r7"
	"$SIGWATCH" --ready-fd=4 --ready-fd=7 "$@" \
		4>"$BATS_TEST_TMPDIR/r4" 7>"$BATS_TEST_TMPDIR/r7" \
		>"$OUT" 2>"$ERR" 3>&- 5>&- 6>&- &
	SW_JOB=$!
	exec 5<"$BATS_TEST_TMPDIR/r4" 6<"$BATS_TEST_TMPDIR/r7"
}

# read_ready [FD]: the next line from FD (5 unless told) into $line,
# waiting 10 s at most: status 0 for a line, 1 at end-of-file; a
# time-out fails the test.
read_ready() {
	local st=0
	line=
	read -r -t 10 line <&"${1:-5}" || st=$?
	((st <= 1)) || fail "no line and no end-of-file on the --ready-fd pipe ${1:-5} in 10 s"
	return "$st"
}

# wait_job: sigwatch's exit status in SW_STATUS.
wait_job() {
	SW_STATUS=0
	wait "$SW_JOB" || SW_STATUS=$?
}

@test "--ready-fd: 'ready PID' once the watched signals are reported, then end-of-file; the same descriptor twice is told once" {
	for again in "" --ready-fd=4; do
		ready_sigwatch -q -s USR1 --count=1 $again
		read_ready
		assert_equal "$line" "ready $SW_JOB"
		# sigwatch has closed it: nothing more, and no wait for its end
		run -1 read_ready
		exec 5<&-
		kill -USR1 "$SW_JOB"
		wait_job
		assert_equal "$SW_STATUS" 0
		run cat "$OUT"
		assert_output --regexp " SIGUSR1     SI_USER pid=$$\\("
	done
}

@test "--ready-fd with a COMMAND: 'ready PID COMMAND_PID', once it runs, and the command never has the descriptor" {
	ready_sigwatch -q --json -o "$BATS_TEST_TMPDIR/events" -- sh -c \
		'if [ -e /proc/$$/fd/4 ]; then echo inherited; else echo closed; fi; exec sleep 30'
	read_ready || fail "no ready line: $(cat "$ERR")"
	[[ $line =~ ^ready\ $SW_JOB\ ([0-9]+)$ ]] || fail "not a ready line: '$line'"
	cmd=${BASH_REMATCH[1]}
	# end-of-file while the command still runs: it does not hold the pipe
	run -1 read_ready
	exec 5<&-
	wait_for_file "$OUT"
	run cat "$OUT"
	assert_output closed
	run jq -r 'select(.state == "started") | .pid' "$BATS_TEST_TMPDIR/events"
	assert_output "$cmd"
	kill -TERM "$SW_JOB"
	wait_job
	assert_equal "$SW_STATUS" 143
}

@test "--ready-fd: a start-up error closes it without a line" {
	ready_sigwatch -q --pidfile="$BATS_TEST_TMPDIR/no/such/dir/pid"
	run -1 read_ready
	assert_equal "$line" ""
	exec 5<&-
	wait_job
	assert_equal "$SW_STATUS" 125
	run cat "$ERR"
	assert_output "sigwatch: $BATS_TEST_TMPDIR/no/such/dir/pid: No such file or directory"
}

@test "--ready-fd: a command that cannot be run is no readiness: no line, 127" {
	ready_sigwatch -q -- no-such-command-here
	run -1 read_ready
	exec 5<&-
	wait_job
	assert_equal "$SW_STATUS" 127
	run cat "$OUT"
	assert_output --regexp " child       failed comm=no-such-command error=ENOENT exit_code=127\$"
}

@test "--ready-fd: not a number, not open, or a standard descriptor is a one-line error" {
	bad --ready-fd=x "invalid descriptor 'x'"
	bad --ready-fd=-4 "invalid descriptor '-4'"
	bad --ready-fd=987 "--ready-fd=987: Bad file descriptor"
	bad --ready-fd=1 "--ready-fd=1: must be 3 or more"
	bad --ready-fd=0 "--ready-fd=0: must be 3 or more"
	# named as typed
	bad --ready-fd=00 "--ready-fd=00: must be 3 or more"
	bad --ready-fd=02 "--ready-fd=02: must be 3 or more"
	bad --ready-fd=0987 "--ready-fd=0987: Bad file descriptor"
}

@test "--ready-fd given twice: each descriptor gets the line, then end-of-file while sigwatch runs" {
	ready2_sigwatch -q -s USR1 --count=1
	read_ready 5
	assert_equal "$line" "ready $SW_JOB"
	read_ready 6
	assert_equal "$line" "ready $SW_JOB"
	run -1 read_ready 5
	run -1 read_ready 6
	exec 5<&- 6<&-
	kill -0 "$SW_JOB"
	kill -USR1 "$SW_JOB"
	wait_job
	assert_equal "$SW_STATUS" 0
}

@test "--ready-fd given twice with a COMMAND: both get 'ready PID COMMAND_PID', neither is the command's" {
	ready2_sigwatch -q -o "$BATS_TEST_TMPDIR/events" -- sh -c \
		'for fd in 4 7; do [ -e /proc/$$/fd/$fd ] && echo "$fd inherited"; done; echo checked; exec sleep 30'
	read_ready 5 || fail "no ready line on the first: $(cat "$ERR")"
	[[ $line =~ ^ready\ $SW_JOB\ [0-9]+$ ]] || fail "not a ready line: '$line'"
	local first=$line
	read_ready 6 || fail "no ready line on the second: $(cat "$ERR")"
	assert_equal "$line" "$first"
	run -1 read_ready 5
	run -1 read_ready 6
	exec 5<&- 6<&-
	wait_for_file "$OUT"
	run cat "$OUT"
	assert_output checked
	kill -TERM "$SW_JOB"
	wait_job
	assert_equal "$SW_STATUS" 143
}

@test "--ready-fd given twice: a start-up error, or a command that cannot be run, closes both without a word" {
	ready2_sigwatch -q --pidfile="$BATS_TEST_TMPDIR/no/such/dir/pid"
	run -1 read_ready 5
	run -1 read_ready 6
	exec 5<&- 6<&-
	wait_job
	assert_equal "$SW_STATUS" 125
	rm "$BATS_TEST_TMPDIR"/r[47]
	ready2_sigwatch -q -- no-such-command-here
	run -1 read_ready 5
	run -1 read_ready 6
	exec 5<&- 6<&-
	wait_job
	assert_equal "$SW_STATUS" 127
}
