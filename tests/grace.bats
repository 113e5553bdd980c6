#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --grace=DURATION: a repeat of a TERM, INT or QUIT just forwarded is
# dropped for DURATION, and its event says so.

load test_helper

# counter: a bash command that writes a line to $LOG for each TERM, INT
# and HUP it gets, and exits 0 on VTALRM, numbered above them all so
# that one forwarded before it is taken first (sigexec -r: a background
# job's SIG_IGN of INT would keep bash from trapping it).
counter() {
	LOG=$BATS_TEST_TMPDIR/log
	COUNTER=("$HELPERS/sigexec" -r -- bash -c '
		for s in TERM INT HUP; do
			trap "echo $s >>\"\$1\"" $s
		done
		trap "exit 0" VTALRM
		echo $$ >"$0"
		while :; do sleep 0.05 & wait $!; done' "$BATS_TEST_TMPDIR/ready" "$LOG")
}

# send SIG N [M]: send SIG to sigwatch; wait until its output has N
# lines and, if M is given, the command's log M.
send() {
	kill -"$1" "$SW_PID"
	wait_for_lines "$OUT" "$2"
	[[ -z ${3:-} ]] || wait_for_lines "$LOG" "$3"
}

# end: end the command; the signals it logged in the array got.
end() {
	kill -VTALRM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	touch "$LOG"
	mapfile -t got <"$LOG"
}

@test "a second TERM inside --grace is not forwarded, and its event says so" {
	counter
	start_sigwatch -q --grace=1h -- "${COUNTER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	send TERM 2 1
	send TERM 3
	send INT 4 2
	send INT 5
	send HUP 6 3
	send HUP 7 4
	end
	# HUP is a reload to many daemons: every one counts.
	assert_equal "${got[*]}" "TERM INT HUP HUP"
	assert_line -n 1 --regexp "^$TIME_RE SIGTERM     SI_USER pid=$BASHPID\\([^)]*\\) uid=[0-9]+\\([^)]*\\)\$"
	assert_line -n 2 --regexp "^$TIME_RE SIGTERM     SI_USER pid=$BASHPID\\(.* dropped=grace\$"
	assert_line -n 3 --regexp " SIGINT      SI_USER .*\\)\$"
	assert_line -n 4 --regexp " SIGINT      SI_USER .* dropped=grace\$"
	refute_line --regexp " SIGHUP .* dropped"
}

@test "JSON: a repeat dropped by --grace is dropped: true, drop_reason grace" {
	counter
	start_sigwatch -q --json --grace=1h -- "${COUNTER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	send TERM 2 1
	send TERM 3
	end
	assert_equal "${got[*]}" "TERM"
	run jq -c 'select(.event == "signal") | [.signal, .dropped, .drop_reason]' < <(grep '^{' "$OUT")
	assert_line -n 0 '["SIGTERM",null,null]'
	assert_line -n 1 '["SIGTERM",true,"grace"]'
	assert_line -n 2 '["SIGVTALRM",null,null]'
}

@test "after --grace a repeat is forwarded again" {
	counter
	start_sigwatch -q --grace=1ms -- "${COUNTER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	send TERM 2 1
	# 1 ms is over by the time the command has taken the first.
	send TERM 3 2
	end
	assert_equal "${got[*]}" "TERM TERM"
	refute_output --partial dropped
}

@test "--grace counts what is forwarded: a USR2 rewritten to TERM repeats TERM" {
	counter
	start_sigwatch -q --grace=1h --rewrite=USR2:TERM -- "${COUNTER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	send TERM 2 1
	send USR2 3
	end
	assert_equal "${got[*]}" "TERM"
	assert_line -n 2 --regexp " SIGUSR2     SI_USER .* forwarded_as=SIGTERM dropped=grace\$"
}

@test "--grace: a bad duration is an error naming it" {
	bad --grace=soon -- true "invalid duration 'soon'"
	bad --grace=1s "option '--grace' needs a COMMAND"
}
