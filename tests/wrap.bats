#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# sigwatch -- COMMAND: a transparent wrapper that reports, forwards, reaps
# and exits with the command's status.

load test_helper

SIGCOUNT=$HELPERS/sigcount
SIGEXEC=$HELPERS/sigexec

@test "the command's exit code is sigwatch's: 0, 3, 255" {
	for code in 0 3 255; do
		run -"$code" "$SIGWATCH" -q -- sh -c "exit $code"
	done
}

@test "option parsing stops at the command: sigwatch sh -c works" {
	run -3 "$SIGWATCH" -q sh -c 'exit 3' -q
}

@test "a command killed by signal N gives 128+N, and the event names the signal" {
	run -143 "$SIGWATCH" -q -- sh -c 'kill -TERM $$'
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
	run -137 "$SIGWATCH" -q -- sh -c 'kill -KILL $$'
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGKILL\$"
	run -139 "$SIGWATCH" -q -- sh -c 'ulimit -c 0; kill -SEGV $$'
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGSEGV\$"
}

@test "a command that is not found gives 127, a message naming it, and a failed event, not started" {
	run -127 --separate-stderr "$SIGWATCH" -q --time=none -- no-such-command-here
	assert_equal "$stderr" "sigwatch: cannot run 'no-such-command-here': No such file or directory"
	assert_output "child       failed comm=no-such-command error=ENOENT exit_code=127"
	run -127 --separate-stderr "$SIGWATCH" -q --json -- no-such-command-here
	run jq -c 'del(.time, .mono)' <<<"$output"
	assert_output '{"event":"child","comm":"no-such-command","main":true,"state":"failed","exit_code":127,"errno":2,"error":"ENOENT","message":"No such file or directory"}'
}

@test "a command that cannot be run gives 126, a message naming it, and a failed event, not started" {
	touch "$BATS_TEST_TMPDIR/not-executable"
	run -126 --separate-stderr "$SIGWATCH" -q --time=none -- "$BATS_TEST_TMPDIR/not-executable"
	assert_equal "$stderr" "sigwatch: cannot run '$BATS_TEST_TMPDIR/not-executable': Permission denied"
	assert_output "child       failed comm=not-executable error=EACCES exit_code=126"
	# a directory, and a file in PATH that is there but not executable
	run -126 --separate-stderr "$SIGWATCH" -q --json -- "$BATS_TEST_TMPDIR"
	assert_equal "$(jq -r '[.state, .error, .exit_code] | @tsv' <<<"$output")" "failed	EACCES	126"
	run -126 --separate-stderr env PATH="$BATS_TEST_TMPDIR/none:$BATS_TEST_TMPDIR:$PATH" \
		"$SIGWATCH" -q --json -- not-executable
	assert_equal "$(jq -r '[.state, .comm, .error, .message] | @tsv' <<<"$output")" \
		"failed	not-executable	EACCES	Permission denied"
}

@test "a command found later in PATH than a file that is not executable is run" {
	mkdir "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	touch "$BATS_TEST_TMPDIR/a/cmd"
	printf '#!/bin/sh\nexit 7\n' >"$BATS_TEST_TMPDIR/b/cmd"
	chmod +x "$BATS_TEST_TMPDIR/b/cmd"
	run -7 --separate-stderr env PATH="$BATS_TEST_TMPDIR/a:$BATS_TEST_TMPDIR/b:$PATH" \
		"$SIGWATCH" -q --time=none -- cmd
	assert_line -n 0 --regexp '^child       started pid=[0-9]+\(cmd\)$'
}

@test "a command in PATH without #! runs as the C library's execvp() runs it: glibc by sh, musl not" {
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf 'exit 9\n' >"$BATS_TEST_TMPDIR/bin/plain"
	chmod +x "$BATS_TEST_TMPDIR/bin/plain"
	if "$SIGWATCH" --version | grep -q ' with musl '; then
		run -126 --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" \
			"$SIGWATCH" -q --time=none -- plain
		assert_equal "$stderr" "sigwatch: cannot run 'plain': Exec format error"
	else
		run -9 --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" \
			"$SIGWATCH" -q --time=none -- plain
		assert_line -n 1 --regexp '^child       exited pid=[0-9]+\(sh\) exit_code=9$'
	fi
}

@test "the child's life is reported: started, then exited, as text and JSON" {
	run "$SIGWATCH" -q -- sh -c 'exit 4'
	assert_line -n 0 --regexp "^$TIME_RE child       started pid=([0-9]+)\\(sh\\)\$"
	assert_line -n 1 --regexp "^$TIME_RE child       exited pid=[0-9]+\\(sh\\) exit_code=4\$"
	run -4 --separate-stderr "$SIGWATCH" -q --json -- sh -c 'exit 4'
	run jq -c '[.event, .state, .main, .comm, .exit_code, (.pid | type), (.time | test("Z$"))]' <<<"$output"
	assert_line -n 0 '["child","started",true,"sh",null,"number",true]'
	assert_line -n 1 '["child","exited",true,"sh",4,"number",true]'
}

@test "kill -TERM to sigwatch is reported and reaches the command exactly once" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q -- "$SIGCOUNT" -r "$ready" 15 1
	wait_for_file "$ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 1
	assert_line --regexp " SIGTERM     SI_USER pid=$BASHPID"
	assert_line "1 0"
}

@test "a sigqueue() value is forwarded with the signal" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q -- "$SIGCOUNT" -r "$ready" $((RTMIN + 4)) 1
	wait_for_file "$ready"
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 4)) 77
	finish_sigwatch
	assert_equal "$SW_STATUS" 1
	assert_line "1 77"
}

@test "a signal pending before sigwatch started is forwarded once, not lost" {
	# sigexec leaves RTMIN+1 pending and blocked across both execs;
	# sigcount unblocks it only once its handler is in place.
	run -1 "$SIGEXEC" -q $((RTMIN + 1)):7 -- "$SIGWATCH" -q -- "$SIGCOUNT" $((RTMIN + 1)) 0.5
	assert_line --regexp " SIGRTMIN\\+1  SI_QUEUE pid=[0-9]+\\([a-z?]+\\) uid=0\\(root\\) sender=claimed value=7 ptr=0x7\$"
	assert_line "1 7"
}

@test "--no-forward only watches" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --no-forward -- "$SIGCOUNT" -r "$ready" 15 0.5
	wait_for_file "$ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --regexp " SIGTERM     SI_USER "
	assert_line "0"
}

@test "--forward-to=group reaches a grandchild in the command's group" {
	ready=$BATS_TEST_TMPDIR/ready
	count=$BATS_TEST_TMPDIR/count
	start_sigwatch -q --forward-to=group -- \
		sh -c '"$0" -r "$1" 15 0.5 >"$2" & wait' "$SIGCOUNT" "$ready" "$count"
	wait_for_file "$ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 143  # sh, killed by SIGTERM
	wait_for_file "$count"
	assert_equal "$(<"$count")" "1 0"
}

@test "--forward-to=child does not reach the grandchild" {
	ready=$BATS_TEST_TMPDIR/ready
	count=$BATS_TEST_TMPDIR/count
	start_sigwatch -q -- \
		sh -c '"$0" -r "$1" 15 0.5 >"$2" & wait' "$SIGCOUNT" "$ready" "$count"
	wait_for_file "$ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 143
	wait_for_file "$count"
	assert_equal "$(<"$count")" 0
}

@test "the command inherits exactly the mask and dispositions sigwatch inherited" {
	not_under_valgrind "it does not pass SIGCHLD=SIG_IGN on"
	# blocked: HUP USR1 RTMIN+2; ignored: USR2 CHLD PIPE
	opts=(-b 1 -b 10 -b $((RTMIN + 2)) -i 12 -i 17 -i 13)
	want=$("$SIGEXEC" "${opts[@]}" -- grep -E '^Sig(Blk|Ign)' /proc/self/status)
	run "$SIGEXEC" "${opts[@]}" -- "$SIGWATCH" -q -o /dev/null -- grep -E '^Sig(Blk|Ign)' /proc/self/status
	assert_success
	assert_output "$want"
	assert_line --regexp '^SigIgn:.*1[0-9a-f]{4}$'
}

@test "the command gets no descriptor of sigwatch's" {
	want=$(ls /proc/self/fd)
	run "$SIGWATCH" -q --json -o "$BATS_TEST_TMPDIR/events" \
		--pidfile="$BATS_TEST_TMPDIR/pid" -- ls /proc/self/fd
	assert_success
	assert_output "$want"
}

@test "with SIGCHLD ignored by the parent, the exit status still comes through" {
	run -3 "$SIGEXEC" -i 17 -- "$SIGWATCH" -q -- sh -c 'exit 3'
	assert_line --regexp " child       exited pid=[0-9]+\\(sh\\) exit_code=3\$"
}

@test "kill -STOP and -CONT of the command are reported as stopped and continued" {
	ready=$BATS_TEST_TMPDIR/ready
	events=$BATS_TEST_TMPDIR/events
	start_sigwatch -q --json -o "$events" -- "$SIGCOUNT" -r "$ready" 15 0.5
	wait_for_file "$ready"
	child=$(jq -r 'select(.state == "started") | .pid' "$events")
	kill -STOP "$child"
	# reported before the CONT: once continued, waitid() has no stop to
	# tell of, and the two SIGCHLDs may be one
	wait_for_lines "$events" 2
	kill -CONT "$child"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run jq -c '[.state, .signal]' "$events"
	assert_output "$(printf '%s\n' '["started",null]' '["stopped","SIGSTOP"]' \
		'["continued",null]' '["exited",null]')"
}

@test "SIGCHLD is not printed as a signal unless CHLD is named" {
	run "$SIGWATCH" -q -- true
	refute_output --partial SIGCHLD
	run "$SIGWATCH" -q -s CHLD -- true
	assert_line --regexp " SIGCHLD     CLD_EXITED pid=[0-9]+\\(true\\) uid=0\\(root\\) status=0 utime=[0-9.]+ stime=[0-9.]+\$"
}

@test "every catchable signal is forwarded, reported or not" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q -s USR1 -- "$SIGCOUNT" -r "$ready" 12 0.5
	wait_for_file "$ready"
	kill -USR2 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 1
	refute_output --partial SIGUSR2
}

@test "--subreaper reports an orphaned grandchild and waits for it" {
	run -2 "$SIGWATCH" -q --subreaper -- sh -c '(sleep 0.3; exit 5) & exit 2'
	assert_line -n 1 --regexp " child       exited pid=[0-9]+\\(sh\\) exit_code=2\$"
	assert_line -n 2 --regexp " orphan      exited pid=[0-9]+\\(sh\\) exit_code=5\$"
}

@test "without --subreaper, sigwatch does not wait for orphans" {
	run -2 "$SIGWATCH" -q -- sh -c '(sleep 0.3; exit 5) & exit 2'
	refute_output --partial orphan
}

@test "as PID 1 it reaps orphaned zombies, like an init" {
	unshare -fp --mount-proc true 2>/dev/null || skip "no pid namespaces here"
	run -0 unshare -fp --mount-proc "$SIGWATCH" -q --json -- sh -c '
		sh -c "sleep 0.1 & exit 0"; sleep 0.4; ps -eo stat= | grep -c "^Z" || true'
	assert_line 0
	run jq -c 'select(.main == false) | [.state, .exit_code, .comm]' <<<"$output"
	assert_line '["exited",0,"sleep"]'
}

@test "--timeout asks the command to end with SIGTERM, then exits 124" {
	ready=$BATS_TEST_TMPDIR/ready
	run -124 "$SIGWATCH" -q --timeout=300ms -- sh -c 'sleep 5'
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
}

@test "--kill-after sends SIGKILL to a command that ignores SIGTERM" {
	run -124 "$SIGEXEC" -i 15 -- "$SIGWATCH" -q --timeout=200ms --kill-after=200ms -- sleep 5
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGKILL\$"
}

@test "--exit-on forwards the signal, then asks the command to end; exit 0" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --exit-on=USR1 -- "$SIGCOUNT" -r "$ready" 10 5
	wait_for_file "$ready"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line -n 1 --regexp " SIGUSR1     SI_USER "
	assert_line -n 2 --regexp " child       killed pid=[0-9]+\\(sigcount\\) signal=SIGTERM\$"
}

@test "--count=N ends the command after N reported signals; exit 0" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --count=2 -s USR1 -- "$SIGCOUNT" -r "$ready" 10 5
	wait_for_file "$ready"
	kill -WINCH "$SW_PID"  # forwarded (ignored by default), not reported or counted
	kill -USR1 "$SW_PID"
	# the first read before the second is sent, or the two would be one
	wait_for_lines "$OUT" 2
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 4
	assert_line -n 1 --regexp " SIGUSR1     SI_USER "
	assert_line -n 2 --regexp " SIGUSR1     SI_USER "
	assert_line -n 3 --regexp " child       killed pid=[0-9]+\\(sigcount\\) signal=SIGTERM\$"
}

@test "at a terminal, one Ctrl-C reaches the command exactly once" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	for mode in child group; do
		rm -f "$BATS_TEST_TMPDIR/ready" "$BATS_TEST_TMPDIR/status"
		tmux_sigwatch -q --forward-to=$mode -- "$SIGCOUNT" -r "$BATS_TEST_TMPDIR/ready" 2 1
		wait_for_file "$BATS_TEST_TMPDIR/ready"
		tmux -L "$TMUX_SOCK" send-keys C-c
		wait_for_file "$BATS_TEST_TMPDIR/status"
		assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=1
		run tmux -L "$TMUX_SOCK" capture-pane -p
		assert_line --regexp '^(\^C)?1 0$'
		tmux -L "$TMUX_SOCK" kill-server
	done
}

@test "at a terminal, Ctrl-Z stops the job and fg resumes it, in both modes" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	for mode in child group; do
		tmux_shell "$mode"
		# in group mode the command has taken the terminal by its exec
		tmux_type sleep "$SIGWATCH -q --forward-to=$mode --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 1"
		tmux_suspend
		run tmux -L "$TMUX_SOCK" capture-pane -p
		assert_line --regexp " child       stopped pid=[0-9]+\\(sleep\\) signal=SIGTSTP\$"
		assert_line --regexp '^\[1\]\+ +Stopped '
		tmux_fg_status
		assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
		run tmux -L "$TMUX_SOCK" capture-pane -p
		assert_line --regexp " child       continued pid=[0-9]+\\(sleep\\)\$"
		assert_line --regexp " child       exited pid=[0-9]+\\(sleep\\) exit_code=0\$"
		# "bg" must leave the terminal with the shell
		tmux_type sleep "$SIGWATCH -q --forward-to=$mode --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 1"
		tmux -L "$TMUX_SOCK" send-keys C-z
		wait_for_state "$SW_PID" '^T$'
		tmux -L "$TMUX_SOCK" send-keys bg Enter
		# running again, or done already
		wait_for_state "$SW_PID" '^([^T]|)$'
		tmux -L "$TMUX_SOCK" send-keys "echo shell=\$\$ >$BATS_TEST_TMPDIR/alive" Enter
		wait_for_file "$BATS_TEST_TMPDIR/alive"
		rm -f "$BATS_TEST_TMPDIR/alive"
		tmux -L "$TMUX_SOCK" kill-server
		rm -f "$BATS_TEST_TMPDIR/pid" "$BATS_TEST_TMPDIR/status"
	done
}

# wait_for_foreground PID: until PID's process group is its terminal's
# foreground group (5 s at most).
wait_for_foreground() {
	local i s
	for ((i = 0; i < WAIT_STEPS; i++)); do
		s=$(cat "/proc/$1/stat" 2>/dev/null) || break
		# state ppid pgrp session tty_nr tpgid, after the command name
		read -r -a s <<<"${s##*) }"
		[[ ${s[2]} == "${s[5]}" ]] && return 0
		sleep 0.01
	done
	echo "process $1's group never had the terminal" >&2
	return 1
}

@test "in a pipeline at a terminal, --same-group leaves the terminal to the pipeline: its reader gets the keys" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell pipeline
	tmux_type sleep "$SIGWATCH -q -o /dev/null --same-group --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 30 | { read -r x </dev/tty; echo \"got=\$x\" >$BATS_TEST_TMPDIR/got; }"
	wait_for_foreground "$SW_PID"
	tmux -L "$TMUX_SOCK" send-keys abc Enter
	wait_for_file "$BATS_TEST_TMPDIR/got"
	assert_equal "$(<"$BATS_TEST_TMPDIR/got")" got=abc
	# and Ctrl-C, from the terminal to the whole job, ends it
	tmux -L "$TMUX_SOCK" send-keys C-c
	wait_for_exit "$SW_PID"
}

@test "started in the background, then fg: Ctrl-Z and Ctrl-C reach the command" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell bg
	tmux_type sleep "$SIGWATCH -q --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 30 &"
	# "fg" of a running job hands sigwatch's group the terminal, no more
	tmux -L "$TMUX_SOCK" send-keys fg Enter
	wait_for_foreground "$SW_PID"
	tmux_suspend
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " child       stopped pid=$CHILD_PID\\(sleep\\) signal=SIGTSTP\$"
	tmux -L "$TMUX_SOCK" send-keys fg Enter
	wait_for_foreground "$CHILD_PID"
	tmux_end_by C-c 130
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " child       killed pid=$CHILD_PID\\(sleep\\) signal=SIGINT\$"
}

@test "started in the background, a command stopped for the terminal is a stopped job, and fg resumes it" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell ttin
	tmux_type cat "$SIGWATCH -q --pidfile=$BATS_TEST_TMPDIR/pid -- cat &"
	# cat reads the terminal from the background: SIGTTIN; its job stops
	wait_for_state "$SW_PID" '^T$'
	tmux -L "$TMUX_SOCK" send-keys jobs Enter
	wait_for_pane '^\[1\]\+ +Stopped '
	tmux -L "$TMUX_SOCK" send-keys fg Enter
	wait_for_foreground "$CHILD_PID"
	tmux -L "$TMUX_SOCK" send-keys "typed.$$" Enter
	wait_for_pane "^typed\\.$$\$" 2
	tmux_end_by C-d 0
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " child       stopped pid=$CHILD_PID\\(cat\\) signal=SIGTTIN\$"
	assert_line --regexp " child       exited pid=$CHILD_PID\\(cat\\) exit_code=0\$"
}

@test "when the reader goes away, sigwatch ends the command at once and exits 141" {
	# nothing more is written after "started": the reader's end alone
	# must end the run, not the next event
	marker=28.$RANDOM$RANDOM
	{ st=0; "$SIGWATCH" -q --json -- sleep "$marker" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- | head -1 >/dev/null &
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 141
	run pgrep -f "sleep $marker"
	assert_failure
}

@test "on an output error sigwatch exits 125 and does not leave the command running" {
	marker=29.$RANDOM$RANDOM
	run -125 "$SIGWATCH" -q -o /dev/full -- sleep "$marker"
	assert_output "sigwatch: write error on /dev/full: No space left on device; 1 event not written"
	run pgrep -f "sleep $marker"
	assert_failure
}

@test "a signal the command sends its parent is reported, not sent back" {
	run -4 "$SIGWATCH" -q -- sh -c 'kill -USR1 $PPID; sleep 0.3; exit 4'
	assert_line --regexp " SIGUSR1     SI_USER pid=[0-9]+\\(sh\\) uid=0\\(root\\)\$"
}

@test "--exit-on=CHLD counts as naming CHLD: the SIGCHLD line is printed and ends the run" {
	run -0 "$SIGWATCH" -q --exit-on=CHLD -- sh -c 'kill -STOP $$'
	assert_line --regexp " SIGCHLD     CLD_STOPPED pid=[0-9]+\\(sh\\) uid=0\\(root\\) status=SIGSTOP "
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
}

@test "a limit's SIGTERM is followed by SIGCONT, so a stopped command can act on it" {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --timeout=0.5 -- "$SIGCOUNT" -r "$ready" 15 1
	wait_for_file "$ready"
	kill -STOP "$(pgrep -P "$SW_PID")"
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	assert_line "1 0"
}

@test "-o /dev/stderr shares sigwatch's standard error: nothing truncated or overwritten" {
	echo before >"$BATS_TEST_TMPDIR/err"
	"$SIGWATCH" -q -o /dev/stderr -- sh -c 'echo from-command >&2' 2>>"$BATS_TEST_TMPDIR/err"
	run cat "$BATS_TEST_TMPDIR/err"
	assert_line -n 0 before
	assert_line -n 1 --regexp " child       started pid="
	assert_line -n 2 from-command
	assert_line -n 3 --regexp " child       exited pid=[0-9]+\\(sh\\) exit_code=0\$"
}

@test "options for a COMMAND without one are errors" {
	for opt in --subreaper --reap-orphans --no-forward --forward-to=group \
	    --same-group --kill-group --kill-after=1s; do
		run -125 "$SIGWATCH" -q "$opt"
		assert_output "sigwatch: option '${opt%%=*}' needs a COMMAND"
	done
}

@test "the command leads a process group of its own; --same-group keeps it in sigwatch's" {
	run -0 "$SIGWATCH" -q -- sh -c 'echo $$ $(ps -o pgid= -p $$) $(ps -o pgid= -p $PPID)'
	read -r pid pgid parent_pgid <<<"${lines[1]}"
	assert_equal "$pgid" "$pid"
	[[ $parent_pgid != "$pgid" ]] || fail "the command is in sigwatch's group $pgid"
	run -0 "$SIGWATCH" -q --same-group -- sh -c 'echo $(ps -o pgid= -p $$) $(ps -o pgid= -p $PPID)'
	read -r pgid parent_pgid <<<"${lines[1]}"
	assert_equal "$pgid" "$parent_pgid"
}

@test "a signal sent to sigwatch's process group reaches the command exactly once, in both modes" {
	# a real-time signal too, which cannot merge with a second one
	for run in child:15 group:15 child:$((RTMIN + 2)) group:$((RTMIN + 2)); do
		mode=${run%:*} sig=${run#*:}
		rm -f "$BATS_TEST_TMPDIR/pid" "$BATS_TEST_TMPDIR/ready"
		# setsid: a group of sigwatch's own, as a shell's job has
		setsid "$SIGWATCH" -q --forward-to=$mode --pidfile="$BATS_TEST_TMPDIR/pid" -- \
			"$SIGCOUNT" -r "$BATS_TEST_TMPDIR/ready" "$sig" 1 >"$BATS_TEST_TMPDIR/out" 3>&- &
		job=$!
		wait_for_file "$BATS_TEST_TMPDIR/ready"
		assert_equal "$(<"$BATS_TEST_TMPDIR/pid")" "$job"
		kill -"$sig" -- "-$job"
		status=0
		wait "$job" || status=$?
		assert_equal "$status" 1
		run cat "$BATS_TEST_TMPDIR/out"
		assert_line --regexp " SIG(TERM|RTMIN\+2) +SI_USER pid=$BASHPID"
		assert_line "1 0"
	done
}

@test "options that exclude each other: --same-group and --forward-to=group or --kill-group, --subreaper and --reap-orphans" {
	bad --same-group --forward-to=group -- true \
		"options '--same-group' and '--forward-to=group' exclude each other"
	bad --same-group --kill-group -- true \
		"options '--same-group' and '--kill-group' exclude each other"
	bad --subreaper --reap-orphans -- true \
		"options '--subreaper' and '--reap-orphans' exclude each other"
}

# hangup_count [ARG]...: sigwatch ARG... as the session leader of a pty,
# wrapping sigcount for SIGHUP, and the pty closed once the command is
# ready; sigwatch's status, then what sigcount counted.
hangup_count() {
	printf '#!/bin/sh\nexec "%s" -r "%s/ready" 1 1 >"%s/count"\n' \
		"$SIGCOUNT" "$BATS_TEST_TMPDIR" "$BATS_TEST_TMPDIR" >"$BATS_TEST_TMPDIR/cmd"
	chmod +x "$BATS_TEST_TMPDIR/cmd"
	rm -f "$BATS_TEST_TMPDIR/ready"
	python3 - "$BATS_TEST_TMPDIR" "$WAIT_STEPS" "$SIGWATCH" "$@" 3>&- <<'PY'
import os, pty, sys, time
tmp, steps, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
pid, fd = pty.fork()   # setsid(): the child leads a session on the pty
if pid == 0:
    os.execv(argv[0], argv + ["-q", "-o", tmp + "/events", "--", tmp + "/cmd"])
for _ in range(steps):
    if os.path.exists(tmp + "/ready"):
        break
    time.sleep(0.01)
os.close(fd)           # the terminal hangs up
print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
PY
	cat "$BATS_TEST_TMPDIR/count"
}

@test "a hangup of the terminal sigwatch leads reaches the command once, in its own group or sigwatch's" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	for group in "" --same-group; do
		run hangup_count $group
		assert_output "1
1 0"
		run cat "$BATS_TEST_TMPDIR/events"
		assert_line --regexp " SIGHUP      SI_KERNEL\$"
	done
}

@test "a limit ends the command's whole group: nothing of it is left running" {
	# the sleep not on run's output, which would wait for it to end; the
	# group is the one the command is in, whichever that is
	pgid=$BATS_TEST_TMPDIR/pgid
	run -124 "$SIGWATCH" -q --timeout=2s --kill-after=1s -- \
		sh -c 'echo $(ps -o pgid= -p $$) >"$0"; sleep 30 >/dev/null 2>&1 & wait' "$pgid"
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
	wait_for_group_gone "$(<"$pgid")"
	# all of it ignoring SIGTERM: --kill-after's SIGKILL goes to the group
	# too. The limit comes once all ignore it (the pgid file): --exit-on
	rm -f "$pgid"
	start_sigwatch -q --exit-on=USR1 --kill-after=0.3s -- sh -c '
		trap "" TERM USR1; sleep 30 >/dev/null 2>&1 &
		echo $(ps -o pgid= -p $$) >"$0"; wait' "$pgid"
	wait_for_file "$pgid"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGKILL\$"
	wait_for_group_gone "$(<"$pgid")"
}

@test "--kill-group: the rest of the command's group gets SIGTERM when it ends, and the event says so" {
	pgid=$BATS_TEST_TMPDIR/pgid
	run -3 "$SIGWATCH" -q --kill-group -- sh -c 'echo $$ >"$0"; sleep 30 & exit 3' "$pgid"
	assert_line -n 2 --regexp "^$TIME_RE SIGTERM     group pgid=$(<"$pgid") processes=1\$"
	wait_for_group_gone "$(<"$pgid")"
	run -3 --separate-stderr "$SIGWATCH" -q --json --kill-group -- \
		sh -c 'echo $$ >"$0"; sleep 30 & exit 3' "$pgid"
	run jq -c 'select(.event == "group") | [.signal, .signo, .pgid == '"$(<"$pgid")"', .processes]' <<<"$output"
	assert_output '["SIGTERM",15,true,1]'
	wait_for_group_gone "$(<"$pgid")"
}

@test "--kill-group --kill-after: SIGKILL for what ignores SIGTERM, then exit with the command's status" {
	pgid=$BATS_TEST_TMPDIR/pgid
	run -3 "$SIGWATCH" -q --kill-group --kill-after=0.3s -- \
		sh -c 'echo $$ >"$0"
			(trap "" TERM; echo >"$0.ignoring"; exec sleep 30) &
			while [ ! -e "$0.ignoring" ]; do sleep 0.01; done
			exit 3' "$pgid"
	assert_line -n 2 --regexp " SIGTERM     group pgid=$(<"$pgid") processes=1\$"
	assert_line -n 3 --regexp " SIGKILL     group pgid=$(<"$pgid") processes=1\$"
	wait_for_group_gone "$(<"$pgid")"
}

@test "without --kill-group the rest of the command's group runs on" {
	pgid=$BATS_TEST_TMPDIR/pgid
	# not on run's output, which it would keep open
	run -3 "$SIGWATCH" -q -- sh -c 'echo $$ >"$0"; sleep 30 >/dev/null 2>&1 & exit 3' "$pgid"
	refute_output --partial group
	left=$(group_alive "$(<"$pgid")")
	[[ -n $left ]] || fail "nothing left in the group"
	kill $left
}

@test "--reap-orphans: a limit ends the adopted orphans too, SIGTERM at once, SIGKILL after --kill-after" {
	local t=$BATS_TEST_TMPDIR/t k=$BATS_TEST_TMPDIR/k ready=$BATS_TEST_TMPDIR/ready
	# two orphans, each leading a session of its own, out of reach of
	# what is sent to the command's group; the second ignores TERM. The
	# command ignores TERM (and the USR1 forwarded to it), so sigwatch
	# runs on until --kill-after. Both are sigwatch's by the time ready
	# is written: each subshell that started one has been reaped.
	start_sigwatch -q --reap-orphans --exit-on=USR1 --kill-after=2 -- sh -c '
		(setsid sleep 30 & echo $! >"$0")
		(trap "" TERM; setsid sleep 30 & echo $! >"$1")
		trap "" TERM USR1
		echo >"$2"
		exec sleep 30' "$t" "$k" "$ready"
	wait_for_file "$ready"
	# and each is sleep by now, not setsid still
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ $(comm_of "$(<"$t")") == sleep && $(comm_of "$(<"$k")") == sleep ]] && break
		sleep 0.01
	done
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --regexp "^$TIME_RE orphan      killed pid=$(<"$t")\\(sleep\\) signal=SIGTERM\$"
	assert_line --regexp "^$TIME_RE child       killed pid=[0-9]+\\(sleep\\) signal=SIGKILL\$"
	# the second has had SIGKILL: gone, or a zombie its new parent reaps
	wait_for_state "$(<"$k")" '^(Z|X|)$'
}

@test "--reap-orphans reaps and reports orphans, and exits with the command without waiting for the rest" {
	marker=$RANDOM$RANDOM
	orphan=$BATS_TEST_TMPDIR/orphan
	# the first orphan has ended and been reaped (gone from /proc, not a
	# zombie) before the command starts the second and exits
	run -2 "$SIGWATCH" -q --reap-orphans -- sh -c '
		sh -c "sh -c \"echo \\\$\\\$ >$0; exit 5\" & exit 0"
		while [ ! -s "$0" ]; do sleep 0.01; done
		while [ -e /proc/$(cat "$0") ]; do sleep 0.01; done
		sh -c "exec sleep 30$1 >/dev/null 2>&1 &"
		exit 2' "$orphan" "$marker"
	assert_line -n 1 --regexp " orphan      exited pid=$(<"$orphan")\\(sh\\) exit_code=5\$"
	assert_line -n 2 --regexp " child       exited pid=[0-9]+\\(sh\\) exit_code=2\$"
	assert_equal "${#lines[@]}" 3
	run pgrep -f "sleep 30$marker"
	assert_success
	pkill -f "sleep 30$marker"
}
