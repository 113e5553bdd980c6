#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --summary: at the end, the signals counted by signal, by signal and
# code, and by sender; text on standard error, JSON as the last event.

load test_helper

ME="uid=$(id -u)($(id -un))"

# Five signals from two senders: four from this shell (three RTMIN, one
# USR1; real-time signals queue, so none merge) and one sigqueue() from
# sigsend. The tests watch with --count=5: whatever order they are read
# in, all five count. The three real-time kill()s must each be queued:
# with the user's queue full they would coalesce into one, and the count
# never reach five.
send_five() {
	kill -n "$RTMIN" "$SW_PID"
	kill -n "$RTMIN" "$SW_PID"
	kill -n "$RTMIN" "$SW_PID"
	kill -USR1 "$SW_PID"
	"$SIGSEND" queue "$SW_PID" "$RTMIN" 7
}

@test "text: three tables on standard error, most frequent first, ties by number" {
	need_sigqueue_room 4
	start_sigwatch -q --summary --count=5 -s USR1,RTMIN
	send_five
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 5
	run cat "$ERR"
	assert_line -n 0 --regexp '^sigwatch: 5 signals in [0-9]+\.[0-9]{2} s$'
	assert_line -n 1 '    count  signal'
	assert_line -n 2 '        4  SIGRTMIN'
	assert_line -n 3 '        1  SIGUSR1'
	assert_line -n 4 '    count  signal      code'
	assert_line -n 5 '        3  SIGRTMIN    SI_USER'
	assert_line -n 6 '        1  SIGUSR1     SI_USER'
	assert_line -n 7 '        1  SIGRTMIN    SI_QUEUE'
	assert_line -n 8 '    count  sender'
	assert_line -n 9 "        4  pid=$BASHPID(bash) $ME"
	assert_line -n 10 --regexp "^        1  pid=[0-9]+\(([a-z]+|\?)\) uid=$(id -u)\("
	assert_equal "${#lines[@]}" 11
}

@test "JSON: the summary is the last line of the event stream" {
	command -v jq >/dev/null || skip "jq is not installed"
	need_sigqueue_room 4
	start_sigwatch -q --json --summary --count=5 -s USR1,RTMIN
	send_five
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 6
	assert_equal "$(cat "$ERR")" ""
	local summary=${lines[5]}
	run jq -c 'del(.time, .mono, .seconds, .by_sender)' <<<"$summary"
	assert_output '{"event":"summary","total":5,"by_signal":[{"signal":"SIGRTMIN","signo":'$RTMIN',"count":4},{"signal":"SIGUSR1","signo":10,"count":1}],"by_code":[{"signal":"SIGRTMIN","signo":'$RTMIN',"code":"SI_USER","si_code":0,"count":3},{"signal":"SIGUSR1","signo":10,"code":"SI_USER","si_code":0,"count":1},{"signal":"SIGRTMIN","signo":'$RTMIN',"code":"SI_QUEUE","si_code":-1,"count":1}],"codes_untallied":0,"senders_untallied":0}'
	run jq -c '.by_sender[0]' <<<"$summary"
	assert_output "{\"pid\":$BASHPID,\"uid\":$(id -u),\"comm\":\"bash\",\"user\":\"$(id -un)\",\"count\":4}"
	run jq -e '(.by_sender | length) == 2 and .by_sender[1].count == 1 and
	    (.seconds | type) == "number" and .seconds >= 0 and
	    (.time | test("Z$")) and (.mono | type) == "number"' <<<"$summary"
	assert_success
	[[ $summary == '{"event":"summary","time":"'*'","mono":'*',"seconds":'* ]] ||
	    fail "keys out of order: $summary"
}

@test "--no-resolve: senders without names" {
	command -v jq >/dev/null || skip "jq is not installed"
	start_sigwatch -q --summary --no-resolve --count=1 -s USR1
	kill -USR1 "$SW_PID"
	finish_sigwatch
	run tail -n 1 "$ERR"
	assert_output "        1  pid=$BASHPID uid=$(id -u)"
	start_sigwatch -q --json --summary --no-resolve --count=1 -s USR1
	kill -USR1 "$SW_PID"
	finish_sigwatch
	run jq -c '.by_sender' <<<"${lines[1]}"
	assert_output "[{\"pid\":$BASHPID,\"uid\":$(id -u),\"count\":1}]"
}

@test "signals without a sender process are the kernel's" {
	command -v jq >/dev/null || skip "jq is not installed"
	start_sigwatch -q --summary --count=1 -s IO
	"$SIGSEND" sigio "$SW_PID" 29 >/dev/null
	finish_sigwatch
	run cat "$ERR"
	assert_line -n 4 '        1  SIGIO       POLL_IN'
	assert_line -n 6 '        1  kernel'
	start_sigwatch -q --json --summary --count=1 -s IO
	"$SIGSEND" sigio "$SW_PID" 29 >/dev/null
	finish_sigwatch
	run jq -c '.by_sender' <<<"${lines[1]}"
	assert_output '[{"pid":null,"uid":null,"count":1}]'
}

@test "nothing came: one line of text, empty JSON tables, and --timeout's status" {
	start_sigwatch -q --summary --timeout=0.1
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	assert_output ""
	run cat "$ERR"
	assert_output --regexp '^sigwatch: 0 signals in 0\.[0-9]{2} s$'
	start_sigwatch -q --json --summary --timeout=0.1
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	assert_equal "${#lines[@]}" 1
	assert_output --regexp '^\{"event":"summary",.*"total":0,"by_signal":\[\],"by_code":\[\],"by_sender":\[\],'
}

@test "wrapping: the summary follows the command's end, and its status is kept" {
	run "$SIGWATCH" -q --json --summary -s USR1 -- sh -c 'kill -USR1 $PPID; exit 3'
	assert_failure 3
	assert_equal "${#lines[@]}" 4
	assert_line -n 0 --regexp '^\{"event":"child",.*"state":"started"\}$'
	assert_line -n 1 --regexp '^\{"event":"signal",.*"signal":"SIGUSR1",'
	assert_line -n 2 --regexp '^\{"event":"child",.*"state":"exited","exit_code":3\}$'
	assert_line -n 3 --regexp '^\{"event":"summary",.*"total":1,"by_signal":\[\{"signal":"SIGUSR1","signo":10,"count":1\}\],'
}

@test "text summary goes to standard error even with -o, JSON to the output file" {
	run --separate-stderr "$SIGWATCH" -q --summary -o "$BATS_TEST_TMPDIR/ev" -- true
	assert_success
	assert_output ""
	assert_equal "$stderr" "sigwatch: 0 signals in ${stderr#sigwatch: 0 signals in }"
	run --separate-stderr "$SIGWATCH" -q -j --summary -o "$BATS_TEST_TMPDIR/ev" -- true
	assert_success
	assert_equal "$stderr" ""
	run tail -n 1 "$BATS_TEST_TMPDIR/ev"
	assert_output --regexp '^\{"event":"summary",'
}

@test "Ctrl-C twice at a terminal still prints the summary" {
	tmux_sigwatch --summary -s INT
	tmux -L "$TMUX_SOCK" send-keys C-c
	# read before the second, or the two would be one pending SIGINT
	wait_for_pane ' SIGINT      SI_KERNEL$'
	tmux -L "$TMUX_SOCK" send-keys C-c
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=130
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp '^sigwatch: 2 signals in [0-9]+\.[0-9]{2} s$'
	assert_line '        2  SIGINT      SI_KERNEL'
	assert_line '        2  kernel'
}
