#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --rewrite=FROM:TO: what a signal is forwarded as, or that it is not
# forwarded at all; the report shows what came, and what became of it.

load test_helper

SIGEXEC=$HELPERS/sigexec

# trapper: a bash command that says which signal it got and exits with
# its number; HUP is only noted. sigexec -r first undoes the SIG_IGN of
# INT and QUIT that a background job of a script inherits, which bash
# would not let it trap.
trapper() {
	TRAPPER=("$SIGEXEC" -r -- bash -c '
		for s in INT QUIT USR1 USR2 TERM; do
			trap "echo got $s; exit \$(kill -l $s)" $s
		done
		trap "echo got HUP" HUP
		echo $$ >"$0"
		while :; do sleep 0.05 & wait $!; done' "$BATS_TEST_TMPDIR/ready")
}

@test "a rewritten TERM arrives as QUIT, and the event shows both" {
	trapper
	start_sigwatch -q --rewrite=TERM:QUIT -- "${TRAPPER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 3
	assert_line --regexp "^$TIME_RE SIGTERM     SI_USER pid=$BASHPID\\([^)]*\\) uid=[0-9]+\\([^)]*\\) forwarded_as=SIGQUIT\$"
	assert_line "got QUIT"
	refute_line "got TERM"
}

@test "JSON: forwarded_as names what the command got" {
	trapper
	start_sigwatch -q --json --rewrite=sigterm:usr1 -- "${TRAPPER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 10
	run jq -c 'select(.event == "signal") | [.signal, .forwarded_as, .dropped]' < <(grep '^{' "$OUT")
	assert_output '["SIGTERM","SIGUSR1",null]'
}

@test "a dropped HUP never reaches the command, and the event says so" {
	trapper
	start_sigwatch -q --rewrite=1:none -- "${TRAPPER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	kill -HUP "$SW_PID"
	wait_for_lines "$OUT" 2
	kill -USR2 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 12
	assert_line --regexp "^$TIME_RE SIGHUP      SI_USER pid=$BASHPID\\(.* dropped=rewrite\$"
	refute_line "got HUP"
	assert_line "got USR2"
}

@test "JSON: a dropped signal is dropped: true, with drop_reason rewrite" {
	trapper
	start_sigwatch -q --json --rewrite=HUP:None -- "${TRAPPER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	kill -HUP "$SW_PID"
	wait_for_lines "$OUT" 2
	kill -USR2 "$SW_PID"
	finish_sigwatch
	run jq -c 'select(.event == "signal") | [.signal, .dropped, .drop_reason, .forwarded_as]' < <(grep '^{' "$OUT")
	assert_line -n 0 '["SIGHUP",true,"rewrite",null]'
	assert_line -n 1 '["SIGUSR2",null,null,null]'
}

@test "a real-time signal can be rewritten, its sigqueue() value kept" {
	need_sigqueue_room 1
	start_sigwatch -q --rewrite="RTMIN+1:RTMIN+2" -- "$HELPERS/sigrecv" -r "$BATS_TEST_TMPDIR/ready" $((RTMIN + 2)) 1
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 1)) 0
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --regexp " SIGRTMIN\\+1  SI_QUEUE .* value=0 .*forwarded_as=SIGRTMIN\\+2\$"
	assert_line "1 in order"
}

@test "--rewrite: comma-separated rules, one step each, not chained" {
	trapper
	start_sigwatch -q --rewrite=TERM:USR1,USR1:USR2 -- "${TRAPPER[@]}"
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 10
	assert_line "got USR1"
}

@test "--rewrite: bad rules are one-line errors naming the bad token" {
	bad --rewrite=TERM:USR3 -- true "unknown signal 'USR3'"
	bad --rewrite=KILL:TERM -- true "signal 'KILL' cannot be caught or blocked"
	bad --rewrite=TERM:STOP -- true "signal 'STOP' cannot be caught or blocked"
	bad --rewrite=32:TERM -- true "signal '32' is reserved by the C library"
	bad --rewrite=TERM -- true "invalid rewrite 'TERM' (FROM:TO)"
	bad --rewrite=:TERM -- true "invalid rewrite ':TERM' (FROM:TO)"
	bad --rewrite=TERM:QUIT,HUP: -- true "invalid rewrite 'HUP:' (FROM:TO)"
	bad --rewrite=1-5:TERM -- true "unknown signal '1-5'"
	bad --rewrite=TERM:QUIT,,HUP:INT -- true "empty item in rewrite list 'TERM:QUIT,,HUP:INT'"
	bad --rewrite=, -- true "empty item in rewrite list ','"
	bad --rewrite=TERM:QUIT,term:int -- true "signal 'term' is rewritten twice"
	bad --rewrite=TERM:QUIT --rewrite=15:none -- true "signal '15' is rewritten twice"
	bad --rewrite=TERM:QUIT "option '--rewrite' needs a COMMAND"
}

@test "at a terminal, fg's SIGCONT under --rewrite=CONT:USR1 is sigwatch's own: not reported as rewritten, and the command continues" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell cont
	tmux_type sleep "$SIGWATCH -q --json -o $BATS_TEST_TMPDIR/out --rewrite=CONT:USR1 --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 1"
	tmux_suspend
	tmux_fg_status
	# a USR1 would have killed sleep: 138
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
	run jq -c 'select(.signal == "SIGCONT") | [.event, .forwarded_as // "none"]' "$BATS_TEST_TMPDIR/out"
	assert_output '["signal","none"]'
	tmux -L "$TMUX_SOCK" kill-server
}
