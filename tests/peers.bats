#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# What the container inits tini and dumb-init check in their own test
# suites, and sigwatch does alike: exit codes, signals reaching the
# command and its group, zombies reaped as PID 1 and as a subreaper, a
# command that forks and exits, job control at a terminal, exec failures.

load test_helper

SIGCOUNT=$HELPERS/sigcount

@test "exit codes pass through: exit N is N, a command killed by signal N is 128+N" {
	for code in 0 1 2 100 255; do
		run -"$code" "$SIGWATCH" -q -- sh -c "exit $code"
	done
	for sig in HUP USR1 TERM KILL; do
		run -$((128 + $(kill -l "$sig"))) "$SIGWATCH" -q -- sh -c "kill -$sig \$\$"
	done
}

@test "each common signal sent to sigwatch reaches the command once" {
	for sig in 1 2 3 10 12 15 28; do
		ready=$BATS_TEST_TMPDIR/ready.$sig
		start_sigwatch -q -- "$SIGCOUNT" -r "$ready" "$sig" 0.5
		wait_for_file "$ready"
		kill -"$sig" "$SW_PID"
		finish_sigwatch
		assert_equal "$SW_STATUS" 1
		assert_line "1 0"
	done
}

@test "--forward-to=group: a signal reaches every process of the command's group once" {
	start_sigwatch -q --forward-to=group -- sh -c '
		"$0" -r "$1.a" 10 1 >"$1.a.out" &
		"$0" -r "$1.b" 10 1 >"$1.b.out" &
		wait' "$SIGCOUNT" "$BATS_TEST_TMPDIR/c"
	wait_for_file "$BATS_TEST_TMPDIR/c.a"
	wait_for_file "$BATS_TEST_TMPDIR/c.b"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 138  # the shell, in the group too
	wait_for_file "$BATS_TEST_TMPDIR/c.a.out"
	wait_for_file "$BATS_TEST_TMPDIR/c.b.out"
	assert_equal "$(<"$BATS_TEST_TMPDIR/c.a.out")" "1 0"
	assert_equal "$(<"$BATS_TEST_TMPDIR/c.b.out")" "1 0"
}

@test "as PID 1 every orphan is reaped: no zombie is left in the namespace" {
	unshare -fp --mount-proc true 2>/dev/null || skip "no pid namespaces here"
	run -0 unshare -fp --mount-proc "$SIGWATCH" -q --json -- sh -c '
		for i in 1 2 3 4 5; do sh -c "sh -c \"exit $i\" & exit 0"; done
		while ps -eo stat=,comm= | grep -q "^Z"; do sleep 0.01; done
		echo no-zombies'
	assert_line no-zombies
	run jq -s -c '[.[] | select(.main == false and .state == "exited") | .exit_code] | sort' < <(grep '^{' <<<"$output")
	assert_output '[1,2,3,4,5]'
}

@test "as a subreaper every orphan is reaped, with --subreaper or --reap-orphans" {
	for opt in --subreaper --reap-orphans; do
		# each orphan gone from /proc, not a zombie, before the command ends
		run -0 "$SIGWATCH" -q --json "$opt" -- sh -c '
			for i in 1 2 3; do
				sh -c "sh -c \"echo \\\$\\\$ >$0.$i; exit $i\" & exit 0"
				while [ ! -s "$0.$i" ]; do sleep 0.01; done
				while [ -e /proc/$(cat "$0.$i") ]; do sleep 0.01; done
			done' "$BATS_TEST_TMPDIR/orphan$opt"
		run jq -s -c '[.[] | select(.main == false) | .exit_code]' <<<"$output"
		assert_output '[1,2,3]'
	done
}

@test "a command that forks and exits: sigwatch exits with it; --subreaper waits for the child" {
	marker=$RANDOM$RANDOM
	run -0 "$SIGWATCH" -q -- sh -c "sleep 30$marker >/dev/null 2>&1 & exit 0"
	run pgrep -f "sleep 30$marker"
	assert_success
	pkill -f "sleep 30$marker"
	run -0 "$SIGWATCH" -q --subreaper -- sh -c 'sh -c "sleep 0.2; exit 4" & exit 0'
	assert_line -n 2 --regexp " orphan      exited pid=[0-9]+\\(sh\\) exit_code=4\$"
}

@test "exec failures: 127 when not found, 126 when not executable or a directory" {
	run -127 "$SIGWATCH" -q -- /nonexistent/command
	touch "$BATS_TEST_TMPDIR/plain"
	run -126 "$SIGWATCH" -q -- "$BATS_TEST_TMPDIR/plain"
	run -126 "$SIGWATCH" -q -- "$BATS_TEST_TMPDIR"
}

@test "at a terminal the command reads it, and still can after Ctrl-Z and fg" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell read
	tmux -L "$TMUX_SOCK" send-keys \
		"$SIGWATCH -q -- sh -c 'echo asking; read -r x; echo got=\$x'" Enter
	wait_for_pane '^asking$'
	tmux_suspend
	tmux -L "$TMUX_SOCK" send-keys fg Enter
	wait_for_pane 'continued pid=[0-9]+\(sh\)$'
	tmux -L "$TMUX_SOCK" send-keys hello Enter
	wait_for_pane '^got=hello$'
	wait_for_pane 'exited pid=[0-9]+\(sh\) exit_code=0$'
}

@test "at a terminal a command that ignores Ctrl-C ends with Ctrl-Z and kill %1: 143" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell ignore
	tmux_type sleep "$SIGWATCH -q --pidfile=$BATS_TEST_TMPDIR/pid -- sh -c 'trap \"\" INT; exec sleep 60'"
	tmux -L "$TMUX_SOCK" send-keys C-c
	tmux -L "$TMUX_SOCK" send-keys C-c
	tmux_suspend
	# the command ignored both: it was still there to be stopped
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " child       stopped pid=$CHILD_PID\\(sleep\\) signal=SIGTSTP\$"
	tmux -L "$TMUX_SOCK" send-keys "kill %1" Enter
	wait_for_pane " child       killed pid=$CHILD_PID\\(sleep\\) signal=SIGTERM\$"
	# the shell tells of the job's end at its next prompt, once it has
	# reaped it
	wait_for_state "$SW_PID" '^$'
	tmux -L "$TMUX_SOCK" send-keys Enter
	wait_for_pane '^\[1\]\+ +Exit 143 '
}
