#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --pdeathsig: sigwatch gets a signal when its parent dies, and forwards
# it; --child-pdeathsig: the command gets one when sigwatch dies.

load test_helper

# under_parent [ARG]...: sigwatch ARG... as the child of a bash of its
# own (PARENT), its output in $OUT; sets SW_PID once it is ready.
under_parent() {
	OUT=$BATS_TEST_TMPDIR/out
	bash -c '"$@" & wait' _ "$SIGWATCH" --pidfile="$BATS_TEST_TMPDIR/pid" "$@" \
		>"$OUT" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	PARENT=$!
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
}

# gone PID: wait until PID has ended (a zombie or gone).
gone() {
	wait_for_state "$1" '^(Z|X|)$'
}

@test "killing sigwatch's parent with --pdeathsig=TERM ends the command" {
	under_parent -q --pdeathsig=TERM -- sleep 300
	wait_for_child "$SW_PID" sleep
	kill -KILL "$PARENT"
	gone "$CHILD_PID"
	gone "$SW_PID"
	wait_for_lines "$OUT" 3
	run cat "$OUT"
	assert_line -n 1 --regexp "^$TIME_RE SIGTERM     SI_USER pid=$PARENT\\("
	assert_line -n 2 --regexp "^$TIME_RE child       killed pid=$CHILD_PID\\(sleep\\) signal=SIGTERM\$"
}

@test "without --pdeathsig the command outlives sigwatch's parent" {
	under_parent -q -- sleep 300
	wait_for_child "$SW_PID" sleep
	kill -KILL "$PARENT"
	gone "$PARENT"
	run state_of "$CHILD_PID"
	assert_output --regexp '^[RS]$'
	kill -TERM "$SW_PID"
	gone "$SW_PID"
}

@test "with --child-pdeathsig=TERM, kill -9 of sigwatch ends the command" {
	log=$BATS_TEST_TMPDIR/log
	start_sigwatch -q --child-pdeathsig=TERM -- "$HELPERS/sigexec" -r -- \
		bash -c 'trap "echo got TERM >\"\$0\"; exit 0" TERM
			while :; do sleep 0.05 & wait $!; done' "$log"
	wait_for_child "$SW_PID" bash
	kill -KILL "$SW_PID"
	wait_for_file "$log"
	gone "$CHILD_PID"
	assert_equal "$(<"$log")" "got TERM"
}

@test "without --child-pdeathsig the command outlives a kill -9 of sigwatch" {
	start_sigwatch -q -- sleep 300
	wait_for_child "$SW_PID" sleep
	kill -KILL "$SW_PID"
	gone "$SW_PID"
	run state_of "$CHILD_PID"
	assert_output --regexp '^[RS]$'
	kill -TERM "$CHILD_PID"
}

@test "--child-pdeathsig=KILL is allowed: the kernel sends it, no one catches it" {
	start_sigwatch -q --child-pdeathsig=KILL -- sleep 300
	wait_for_child "$SW_PID" sleep
	kill -KILL "$SW_PID"
	gone "$CHILD_PID"
}

@test "--pdeathsig and --child-pdeathsig: bad signals are one-line errors naming them" {
	bad --pdeathsig=USR3 "unknown signal 'USR3'"
	bad --pdeathsig=KILL "signal 'KILL' cannot be caught or blocked"
	bad --pdeathsig=TERM,HUP "unknown signal 'TERM,HUP'"
	bad --child-pdeathsig=nope -- true "unknown signal 'nope'"
	bad --child-pdeathsig=STOP -- true "signal 'STOP' cannot be caught or blocked"
	bad --child-pdeathsig=TERM "option '--child-pdeathsig' needs a COMMAND"
}
