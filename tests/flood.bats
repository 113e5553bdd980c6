#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Floods and overflows: every queued signal arrives once, in order, to a
# file or a slow reader; lines never tear; what the kernel drops when its
# queue is full is reported as the kernel delivers it.

load test_helper

N=100000

# A flooded sigwatch takes at most 4096 of its user's pending signals
# (the limit that counts is the receiver's), so that the tests running
# beside these still find room in the per-user queue; the senders retry.
setup() {
	ulimit -S -i 4096
}

# values_in_order FILE FORMAT: succeed if FILE has values 0..N-1 in order
values_in_order() {
	if [[ $2 == json ]]; then
		jq -r .value "$1"
	else
		sed -nE 's/.* value=(-?[0-9]+) .*/\1/p' "$1"
	fi | awk -v n="$N" '$1 != NR - 1 { print "line " NR ": " $1; bad = 1; exit }
		END { if (!bad && NR != n) { print NR " values"; bad = 1 } exit bad }'
}

@test "100,000 queued real-time signals arrive once each, in order, as text to a file" {
	start_sigwatch -q --count=$N -s RTMIN+1 -o "$BATS_TEST_TMPDIR/events"
	"$SIGSEND" flood "$SW_PID" $((RTMIN + 1)) $N
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run values_in_order "$BATS_TEST_TMPDIR/events" text
	assert_success
}

@test "100,000 queued real-time signals arrive once each, in order, as JSON to a file" {
	start_sigwatch -q --json --count=$N -s RTMIN+1 -o "$BATS_TEST_TMPDIR/events"
	"$SIGSEND" flood "$SW_PID" $((RTMIN + 1)) $N
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run values_in_order "$BATS_TEST_TMPDIR/events" json
	assert_success
}

# A reader that stalls every 5000 lines: sigwatch blocks on the pipe and
# the kernel's queue fills, the sender retries, and nothing is lost.
slow_reader() {
	awk '{ print } NR % 5000 == 0 { fflush(); system("sleep 0.05") }'
}

@test "a flood into a slow pipe reader loses nothing, text and JSON" {
	for format in text json; do
		pidfile=$BATS_TEST_TMPDIR/pid
		rm -f "$pidfile"
		"$SIGWATCH" -q --format=$format --count=$N -s RTMIN+2 \
			--pidfile="$pidfile" 3>&- | slow_reader >"$BATS_TEST_TMPDIR/events" &
		reader=$!
		wait_for_file "$pidfile"
		"$SIGSEND" flood "$(<"$pidfile")" $((RTMIN + 2)) $N
		# the reader ends once sigwatch has exited and closed the pipe
		wait "$reader"
		run values_in_order "$BATS_TEST_TMPDIR/events" $format
		assert_success
	done
}

@test "a mixed flood of standard and real-time signals never tears a line" {
	start_sigwatch -q --json -s USR1,USR2,HUP,WINCH,RTMIN+3,RTMAX \
		--exit-on=TERM -o "$BATS_TEST_TMPDIR/events"
	"$SIGSEND" flood "$SW_PID" $((RTMIN + 3)) 20000 &
	"$SIGSEND" flood "$SW_PID" "$RTMAX" 20000 &
	for ((i = 0; i < 300; i++)); do
		kill -USR1 "$SW_PID"; kill -USR2 "$SW_PID"
		kill -HUP "$SW_PID"; kill -WINCH "$SW_PID"
	done
	wait %2 %3
	# standard signals are dequeued first: let the real-time ones drain
	for ((i = 0; i < 500; i++)); do
		(( $(grep -c '"si_code":-1' "$BATS_TEST_TMPDIR/events") >= 40000 )) && break
		sleep 0.01
	done
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	# every line is one whole object
	run jq -e -c 'select(type != "object" or .event != "signal")' "$BATS_TEST_TMPDIR/events"
	assert_output ""
	run jq -s -c '[map(select(.signo == '$((RTMIN + 3))') | .value) == [range(20000)],
		map(select(.signo == '"$RTMAX"') | .value) == [range(20000)],
		(map(select(.signal == "SIGUSR1")) | length > 0)]' "$BATS_TEST_TMPDIR/events"
	assert_output '[true,true,true]'
}

@test "past RLIMIT_SIGPENDING, kill() still delivers: as SI_USER with pid 0, coalesced" {
	pidfile=$BATS_TEST_TMPDIR/pid
	(ulimit -i 0; exec "$SIGWATCH" -q --json -s RTMIN+1,RTMIN+2 --count=2 \
		--pidfile="$pidfile" >"$BATS_TEST_TMPDIR/events" 3>&-) &
	job=$!
	wait_for_file "$pidfile"
	pid=$(<"$pidfile")
	kill -STOP "$pid"
	kill -n $((RTMIN + 1)) "$pid"
	kill -n $((RTMIN + 1)) "$pid"
	kill -n $((RTMIN + 2)) "$pid"
	kill -CONT "$pid"
	wait "$job"
	run jq -c '[.signal, .code, .pid, .uid]' "$BATS_TEST_TMPDIR/events"
	assert_line -n 0 '["SIGRTMIN+1","SI_USER",0,0]'
	assert_line -n 1 '["SIGRTMIN+2","SI_USER",0,0]'
}

@test "standard signals sent while sigwatch is busy coalesce into one line each" {
	start_sigwatch -q -s USR1 --count=2
	kill -STOP "$SW_PID"
	for ((i = 0; i < 10; i++)); do kill -USR1 "$SW_PID"; done
	kill -CONT "$SW_PID"
	sleep 0.3
	kill -0 "$SW_PID"  # one line so far: still waiting for the second
	run grep -c SIGUSR1 "$OUT"
	assert_output 1
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
}
