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

# read_ready: the next line from 5 into $line, waiting 10 s at most:
# status 0 for a line, 1 at end-of-file; a time-out fails the test.
read_ready() {
	local st=0
	line=
	read -r -t 10 line <&5 || st=$?
	((st <= 1)) || fail "no line and no end-of-file on the --ready-fd pipe in 10 s"
	return "$st"
}

# wait_job: sigwatch's exit status in SW_STATUS.
wait_job() {
	SW_STATUS=0
	wait "$SW_JOB" || SW_STATUS=$?
}

@test "--ready-fd: 'ready PID' once the watched signals are reported, then end-of-file" {
	ready_sigwatch -q -s USR1 --count=1
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
}
