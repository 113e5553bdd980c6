#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# When sigwatch stops: --count, --exit-on, --timeout, a double Ctrl-C at
# a terminal, unwatched signals; and --pidfile, which says it is ready.

load test_helper

@test "--count=N exits 0 after exactly N signals" {
	# all five queued before it reads any: a sigwatch that had already
	# exited after three would make the last sigqueue()s fail (ESRCH)
	need_sigqueue_room 5
	start_sigwatch -q --count=3 -s RTMIN
	kill -STOP "$SW_PID"
	"$SIGSEND" flood "$SW_PID" "$RTMIN" 5
	kill -CONT "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 3
}

@test "--exit-on exits 0 after printing that signal, and watches it even if -s does not" {
	start_sigwatch -q -s USR1 --exit-on=TERM
	kill -USR1 "$SW_PID"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --regexp " SIGUSR1 "
	assert_line -n 1 --regexp " SIGTERM "
}

@test "--exit-on stops at that signal: queued signals after it are not printed" {
	# up to five pending at once, two of them while it is stopped, where
	# sigsend would retry a full queue until it gives up
	need_sigqueue_room 5
	start_sigwatch -q --json -s RTMIN --exit-on=RTMIN+1
	"$SIGSEND" flood "$SW_PID" "$RTMIN" 3
	kill -STOP "$SW_PID"
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 1)) 99
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 1)) 100
	kill -CONT "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run jq -c .value "$OUT"
	assert_output $'0\n1\n2\n99'
}

@test "--timeout exits 124 after the duration with nothing printed" {
	start=$(date +%s%N)
	run "$SIGWATCH" -q --timeout=300ms
	elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
	assert_equal "$status" 124
	assert_output ""
	(( elapsed_ms >= 300 ))
}

@test "--timeout=0 means no timeout" {
	start_sigwatch -q --timeout=0 --count=1
	sleep 0.2
	kill -0 "$SW_PID"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
}

@test "a --timeout below a nanosecond is one nanosecond, not none" {
	# KILL after 10 s: "no timeout" would run on and end 137, not 124.
	run timeout --preserve-status -s KILL 10 \
		"$SIGWATCH" -q --timeout=0.0000000001
	assert_equal "$status" 124
	assert_output ""
	run timeout --preserve-status -s KILL 10 \
		"$SIGWATCH" -q --timeout=0.000000000001ms
	assert_equal "$status" 124
}

@test "signals arriving before --timeout are printed, then it exits 124" {
	start_sigwatch -q --timeout=1s
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	assert_line -n 0 --regexp " SIGUSR1 "
}

@test "--pidfile holds the pid once ready and is removed on exit" {
	start_sigwatch -q --count=1
	assert_equal "$(<"$BATS_TEST_TMPDIR/pid")" "$SW_PID"
	# ready means the signals are already blocked
	grep -q '^SigBlk:.*[1-9a-f]' "/proc/$SW_PID/status"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	[[ ! -e $BATS_TEST_TMPDIR/pid ]]
	run ls "$BATS_TEST_TMPDIR"
	refute_output --partial pid.
}

@test "--pidfile in a missing directory is an error naming the file" {
	run "$SIGWATCH" -q --pidfile=/nonexistent/dir/pid --timeout=1
	assert_equal "$status" 125
	assert_output "sigwatch: /nonexistent/dir/pid: No such file or directory"
}

@test "a signal that is not watched keeps its default action" {
	start_sigwatch -q -s USR1
	kill -USR2 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" $((128 + 12))  # SIGUSR2
	assert_output ""
}

@test "at a terminal, Ctrl-C twice within a second quits with 130" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_sigwatch
	tmux -L "$TMUX_SOCK" send-keys C-c
	# read before the second, or the two would be one pending SIGINT
	wait_for_pane ' SIGINT      SI_KERNEL$'
	tmux -L "$TMUX_SOCK" send-keys C-c
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=130
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line -n 0 --regexp "^sigwatch: watching $NWATCH signals as pid $SW_PID; press Ctrl-C twice within a second to quit\$"
	# the terminal echoes ^C before each line
	assert_line -n 1 --regexp "^(\^C)?$TIME_RE SIGINT      SI_KERNEL\$"
	assert_line -n 2 --regexp "^(\^C)?$TIME_RE SIGINT      SI_KERNEL\$"
}

@test "at a terminal, one Ctrl-C is only reported" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_sigwatch --count=2
	tmux -L "$TMUX_SOCK" send-keys C-c
	wait_for_pane ' SIGINT      SI_KERNEL$'
	kill -0 "$SW_PID"
	kill -USR1 "$SW_PID"
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line -n 1 --regexp " SIGINT      SI_KERNEL\$"
	assert_line -n 2 --regexp " SIGUSR1     SI_USER "
}

@test "without a terminal, SIGINT never quits" {
	start_sigwatch -q --count=3 </dev/null
	# one at a time: two pending SIGINTs would merge into one
	kill -INT "$SW_PID"
	wait_for_lines "$OUT" 1
	kill -INT "$SW_PID"
	wait_for_lines "$OUT" 2
	kill -INT "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 3
}
