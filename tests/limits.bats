#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# sigwatch in a hostile start-up environment: few descriptors, an empty
# environment, closed standard streams, every signal blocked or ignored.

load test_helper

SIGEXEC=$HELPERS/sigexec

# all_catchable FLAG: "-b 1 -b 2 ..." for every signal sigexec may set
all_catchable() {
	local n
	for ((n = 1; n <= RTMAX; n++)); do
		((n == 9 || n == 19 || (n >= 32 && n < RTMIN))) ||
			printf '%s %d ' "$1" "$n"
	done
}

@test "works with ulimit -n 8, watching and wrapping" {
	not_under_valgrind "it needs descriptors of its own"
	run bash -c 'ulimit -n 8; exec "$0" -q --json --timeout=0.5 -- sh -c "kill -USR1 \$PPID; exit 3"' "$SIGWATCH"
	assert_equal "$status" 3
	run jq -r 'select(.event == "signal") | .signal' <<<"$output"
	assert_output SIGUSR1
	pidfile=$BATS_TEST_TMPDIR/pid
	(ulimit -n 8; exec "$SIGWATCH" -q --count=1 --pidfile="$pidfile" \
		>"$BATS_TEST_TMPDIR/events" 3>&-) &
	job=$!
	wait_for_file "$pidfile"
	# the sender outlives the report (":" keeps bash from exec'ing sleep,
	# which would rename it), so its name can be looked up
	bash -c 'kill -USR2 "$0"; sleep 1; :' "$(<"$pidfile")" 3>&- &
	wait "$job"
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output --regexp " SIGUSR2     SI_USER pid=[0-9]+\\(bash\\) uid=0\\(root\\)\$"
}

@test "works in an empty environment: no PATH, no TZ, no HOME" {
	not_under_valgrind "the runner needs PATH"
	run env -i "$SIGWATCH" -q --json -- sh -c 'exit 7'
	assert_equal "$status" 7
	run jq -r '.time' <<<"${lines[0]}"
	assert_output --regexp 'Z$'
	pidfile=$BATS_TEST_TMPDIR/pid
	env -i "$SIGWATCH" -q --count=1 --pidfile="$pidfile" \
		>"$BATS_TEST_TMPDIR/events" 3>&- &
	job=$!
	wait_for_file "$pidfile"
	kill -USR1 "$(<"$pidfile")"
	wait "$job"
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output --regexp "^$TIME_RE SIGUSR1     SI_USER pid=$BASHPID\\([^)]+\\) uid=0\\(root\\)\$"
}

@test "works with standard input and standard error closed" {
	start_sigwatch --count=1 -o "$BATS_TEST_TMPDIR/events" <&- 2>&-
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output --regexp " SIGUSR1 "
	run -5 "$SIGWATCH" -q -o "$BATS_TEST_TMPDIR/events" -- sh -c 'exit 5' <&- 2>&-
}

@test "started with every signal blocked, it still reports what it watches" {
	# shellcheck disable=SC2046
	pidfile=$BATS_TEST_TMPDIR/pid
	"$SIGEXEC" $(all_catchable -b) -- "$SIGWATCH" -q -s USR1 --count=1 \
		--pidfile="$pidfile" >"$BATS_TEST_TMPDIR/events" 3>&- &
	job=$!
	wait_for_file "$pidfile"
	pid=$(<"$pidfile")
	# an unwatched signal stays blocked, as inherited: it does not kill
	kill -USR2 "$pid"
	sleep 0.1
	kill -0 "$pid"
	kill -USR1 "$pid"
	wait "$job"
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output --regexp " SIGUSR1     SI_USER "
}

@test "started with every signal ignored, it still reports what it watches" {
	pidfile=$BATS_TEST_TMPDIR/pid
	# shellcheck disable=SC2046
	"$SIGEXEC" $(all_catchable -i) -- "$SIGWATCH" -q -s USR1,TERM --count=2 \
		--pidfile="$pidfile" >"$BATS_TEST_TMPDIR/events" 3>&- &
	job=$!
	wait_for_file "$pidfile"
	pid=$(<"$pidfile")
	kill -USR1 "$pid"
	kill -TERM "$pid"
	wait "$job"
	run cut -d' ' -f2 "$BATS_TEST_TMPDIR/events"
	assert_line -n 0 SIGUSR1
	assert_line -n 1 SIGTERM
}

@test "binary junk as a SPEC, count or duration is a one-line, escaped error, status 125" {
	junk=($'\x01\x02\x03' $'\xff\xfe' $'INT\e[2J' $'\xc3\x28' $'1\x7f' $'\t'
		$'TERM\nKILL' $'5\rs' $'\e]0;pwned\a' "$(printf '%0300d' 7)x" $'\u202e' '%s%n')
	for j in "${junk[@]}"; do
		for opt in --signals --count --timeout --exit-on; do
			run -125 --separate-stderr "$SIGWATCH" -q "$opt=$j"
			assert_output ""
			[[ $stderr == "sigwatch: "* ]] || fail "no message for $opt"
			[[ $stderr != *$'\n'* ]] || fail "two lines: $stderr"
			[[ $stderr =~ ^[\ -~]*$ ]] || fail "raw control or 8-bit byte: $stderr"
		done
	done
}
