#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# What sigwatch says about each signal: the code, the sender and the
# fields of the record's layout, as text and as JSON.

load test_helper

@test "kill -USR1 is reported with SI_USER and the sender's pid, comm and user" {
	start_sigwatch -q --count=1
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_output --regexp "^$TIME_RE SIGUSR1     SI_USER pid=$BASHPID\\($(comm_of $BASHPID)\\) uid=0\\(root\\)\$"
}

@test "kill -USR1 as JSON carries the sender, marked as vouched for by the kernel" {
	start_sigwatch -q --count=1 --json
	kill -USR1 "$SW_PID"
	finish_sigwatch
	run jq -c --arg comm "$(comm_of $BASHPID)" --argjson pid "$BASHPID" '
		[.event == "signal", .signal == "SIGUSR1", .signo == 10,
		 .code == "SI_USER", .si_code == 0, .pid == $pid,
		 .sender == "kernel", .uid == 0, .user == "root",
		 .comm == $comm, has("value") == false] | all' <<<"$output"
	assert_output true
}

@test "JSON time is RFC 3339 UTC with microseconds" {
	start_sigwatch -q --count=1 --json
	kill -HUP "$SW_PID"
	finish_sigwatch
	run jq -r .time <<<"$output"
	assert_output --regexp '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$'
}

@test "sigqueue values arrive as SI_QUEUE with the exact value, marked as claimed" {
	start_sigwatch -q --count=2 --json
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 1)) 42
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 1)) -2147483648
	finish_sigwatch
	run jq -c '[.signal, .code, .si_code, .value, .ptr, .sender]' <<<"$output"
	assert_line -n 0 '["SIGRTMIN+1","SI_QUEUE",-1,42,"0x2a","claimed"]'
	assert_line -n 1 '["SIGRTMIN+1","SI_QUEUE",-1,-2147483648,"0x80000000","claimed"]'
}

@test "sigqueue in text shows value, ptr and sender=claimed" {
	not_under_valgrind "it keeps SIGRTMAX"
	start_sigwatch -q --count=1
	"$SIGSEND" queue "$SW_PID" "$RTMAX" 7
	finish_sigwatch
	assert_output --regexp "^$TIME_RE SIGRTMAX    SI_QUEUE pid=[0-9]+\\([a-z?]+\\) uid=0\\(root\\) sender=claimed value=7 ptr=0x7\$"
}

@test "a forged sender pid and uid are reported as claimed, with no names found" {
	start_sigwatch -q --count=1 --json
	"$SIGSEND" forge "$SW_PID" "$RTMIN" 3999999 777 5
	finish_sigwatch
	run jq -c '[.pid, .uid, .sender, .user, .comm, .value]' <<<"$output"
	assert_output '[3999999,777,"claimed",null,null,5]'
}

@test "tgkill is SI_TKILL with the sender and no value" {
	start_sigwatch -q --count=1 --json
	"$SIGSEND" tgkill "$SW_PID" 15
	finish_sigwatch
	run jq -c '[.signal, .code, .si_code, .sender, has("pid"), has("value"), has("ptr")]' <<<"$output"
	assert_output '["SIGTERM","SI_TKILL",-6,"kernel",true,false,false]'
}

@test "F_SETSIG I/O readiness is POLL_IN with fd and band, and no sender" {
	start_sigwatch -q --count=1 --json -s IO
	fd=$("$SIGSEND" sigio "$SW_PID" 29)
	finish_sigwatch
	run jq -c '[.signal, .code, .fd, .band, has("pid")]' <<<"${lines[0]}"
	# band 65 is POLLIN|POLLRDNORM
	assert_output '["SIGIO","POLL_IN",'"$fd"',65,false]'
}

@test "F_SETSIG with a real-time signal is still named POLL_IN" {
	start_sigwatch -q --count=1 --json -s RTMIN+5
	fd=$("$SIGSEND" sigio "$SW_PID" $((RTMIN + 5)))
	finish_sigwatch
	run jq -c '[.signal, .code, .si_code, .fd]' <<<"${lines[0]}"
	assert_output '["SIGRTMIN+5","POLL_IN",1,'"$fd"']'
}

@test "an inherited child's exit is reported as SIGCHLD, and it is reaped" {
	# the shell starts a child, then becomes sigwatch: the child is ours.
	# It must outlive sigwatch's start-up, which valgrind makes slow.
	local life=0.2
	[[ -z ${SIGWATCH_VALGRIND:-} ]] || life=3
	OUT=$BATS_TEST_TMPDIR/out
	bash -c 'sleep "$2" & exec "$0" -q --count=2 --json --pidfile="$1"' \
		"$SIGWATCH" "$BATS_TEST_TMPDIR/pid" "$life" >"$OUT" 3>&- &
	SW_JOB=$!
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
	wait_for_file "$OUT"
	run jq -c '[.signal, .code, .status, .comm]' "$OUT"
	assert_output '["SIGCHLD","CLD_EXITED",0,"sleep"]'
	sleep 0.1
	run ps --ppid "$SW_PID" -o stat=
	assert_output ""
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
}

@test "--no-resolve leaves out comm and user" {
	start_sigwatch -q --count=1 --no-resolve
	kill -USR2 "$SW_PID"
	finish_sigwatch
	assert_output --regexp "^$TIME_RE SIGUSR2     SI_USER pid=$BASHPID uid=0\$"
	start_sigwatch -q --count=1 --no-resolve --json
	kill -USR2 "$SW_PID"
	finish_sigwatch
	run jq -c '[has("pid"), has("comm"), has("user")]' <<<"$output"
	assert_output '[true,false,false]'
}

@test "a sender that has exited gets comm null, text (?)" {
	start_sigwatch -q --count=1 --json
	"$SIGSEND" queue "$SW_PID" "$RTMIN" 1
	finish_sigwatch
	# sigsend was gone before sigwatch looked it up, or it was not: both
	# are legal, but the key is always there and a string or null.
	run jq -r '.comm | type' <<<"$output"
	assert_output --regexp '^(string|null)$'
}

@test "a thousand queued real-time signals arrive exactly once each, in order" {
	start_sigwatch -q --count=1000 --json -s RTMIN+3
	"$SIGSEND" flood "$SW_PID" $((RTMIN + 3)) 1000
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run jq -s -c '[.[].value] == [range(1000)]' <<<"$output"
	assert_output true
}

@test "a hostile command name cannot put control characters on the terminal" {
	start_sigwatch -q --count=1
	bash -c 'printf "\033[2J\x01 a\\\\" >/proc/self/comm; kill -USR1 '"$SW_PID"'; sleep 0.5; :' 3>&-
	finish_sigwatch
	assert_output --regexp 'pid=[0-9]+\(\\x1b\[2J\\x01\\x20a\\x5c\) uid=0\(root\)$'
	run grep -c $'\x1b' "$OUT"
	assert_output 0
}

@test "a hostile command name is valid, ASCII-only JSON" {
	start_sigwatch -q --count=1 --json
	bash -c 'printf "\033\xff\xc3\xa9" >/proc/self/comm; kill -USR1 '"$SW_PID"'; sleep 0.5; :' 3>&-
	finish_sigwatch
	run jq -r .comm <<<"$output"
	assert_output $'\x1b\xef\xbf\xbd\xc3\xa9'
	run grep -c -P '[^\x20-\x7e]' "$OUT"
	assert_output 0
}

@test "a background job of a non-interactive shell still reports SIGINT" {
	OUT=$BATS_TEST_TMPDIR/out
	pidfile=$BATS_TEST_TMPDIR/pid
	sh -c '"$0" -q -s INT,QUIT --count=2 --pidfile="$1" >"$2" &
		while [ ! -s "$1" ]; do sleep 0.01; done
		grep -E "^SigIgn:" /proc/$(cat "$1")/status >"$2.ign"
		kill -INT $(cat "$1"); kill -QUIT $(cat "$1"); wait' \
		"$SIGWATCH" "$pidfile" "$OUT" 3>&-
	# the shell did ignore INT (bit 2) and QUIT (bit 3) for the job
	read -r _ mask <"$OUT.ign"
	assert_equal $((0x$mask & 6)) 6
	run cut -d' ' -f2 "$OUT"
	assert_line -n 0 SIGINT
	assert_line -n 1 SIGQUIT
}
