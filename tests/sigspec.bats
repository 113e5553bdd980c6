#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# SPEC: which signals sigwatch blocks and watches for each form, read
# back from /proc/PID/status; and the exact error for each bad SPEC.

load test_helper

# mask N...: the /proc SigBlk value of a sigwatch watching signals N...:
# those, and SIGPIPE and SIGXFSZ, which it always blocks so that its own
# failed writes are errors it reports rather than its death.
mask() {
	local n m=$((1 << 12 | 1 << 24))
	for n; do m=$((m | 1 << (n - 1))); done
	printf '%016x\n' "$m"
}

# seq_catchable FROM TO: the watchable signals in FROM..TO.
seq_catchable() {
	local n
	for ((n = $1; n <= $2; n++)); do
		# KILL, STOP and what the C library keeps below RTMIN
		((n == 9 || n == 19 || (n >= 32 && n < RTMIN))) || echo "$n"
	done
}

# blocked [ARG]...: SigBlk of a sigwatch started with ARG...
blocked() {
	start_sigwatch -q "$@"
	sed -n 's/^SigBlk:\t//p' "/proc/$SW_PID/status"
	kill -KILL "$SW_PID"
	wait "$SW_JOB" || true
}

@test "a name in any case, with or without SIG, or a number" {
	not_under_valgrind "/proc shows valgrind's own signal mask while its scheduler runs"
	run blocked -s INT,sigterm,SIGusr1,12
	assert_output "$(mask 2 15 10 12)"
}

@test "the default is every catchable signal, as is 'all'" {
	not_under_valgrind "it keeps SIGRTMAX"
	want=$(mask $(seq_catchable 1 "$RTMAX"))
	run blocked
	assert_output "$want"
	run blocked -s ALL
	assert_output "$want"
}

@test "removals: all,-CHLD,-WINCH, and a SPEC that starts with a removal" {
	not_under_valgrind "it keeps SIGRTMAX"
	want=$(mask $(seq_catchable 1 "$RTMAX" | grep -vxE '17|28'))
	run blocked -s all,-CHLD,-WINCH
	assert_output "$want"
	run blocked -s -CHLD,-WINCH
	assert_output "$want"
}

@test "ranges skip what cannot be watched: 1-15 leaves out KILL" {
	not_under_valgrind "/proc shows valgrind's own signal mask while its scheduler runs"
	run blocked -s 1-15
	assert_output "$(mask $(seq_catchable 1 15))"
}

@test "real-time names: RTMIN, RTMIN+n, RTMAX-n, RTMAX, and ranges of them" {
	not_under_valgrind "it keeps SIGRTMAX"
	run blocked -s RTMIN,RTMIN+2,RTMAX-3,rtmax
	assert_output "$(mask "$RTMIN" $((RTMIN + 2)) $((RTMAX - 3)) "$RTMAX")"
	run blocked -s RTMIN-RTMAX
	assert_output "$(mask $(seq "$RTMIN" "$RTMAX"))"
	run blocked -s SIGRTMAX-2-RTMAX,RTMIN+1-RTMIN+2
	assert_output "$(mask $((RTMAX - 2)) $((RTMAX - 1)) "$RTMAX" $((RTMIN + 1)) $((RTMIN + 2)))"
}

@test "aliases IOT, CLD, POLL and IO" {
	not_under_valgrind "/proc shows valgrind's own signal mask while its scheduler runs"
	run blocked -s IOT,CLD,POLL
	assert_output "$(mask 6 17 29)"
	run blocked -s io
	assert_output "$(mask 29)"
}

@test "-s is repeatable and applied left to right" {
	not_under_valgrind "it keeps SIGRTMAX"
	run blocked -s USR1 -s USR2
	assert_output "$(mask 10 12)"
	run blocked -s all -s -CHLD
	assert_output "$(mask $(seq_catchable 1 "$RTMAX" | grep -vx 17))"
}

@test "--exit-on signals are watched too" {
	not_under_valgrind "/proc shows valgrind's own signal mask while its scheduler runs"
	run blocked -s USR1 --exit-on=HUP,TERM
	assert_output "$(mask 1 10 15)"
}

@test "watched signals are reported, others are not watched" {
	start_sigwatch -q -s USR1,RTMIN+2 --count=2
	kill -USR1 "$SW_PID"
	"$SIGSEND" queue "$SW_PID" $((RTMIN + 2)) 0
	finish_sigwatch
	assert_line -n 0 --regexp " SIGUSR1 "
	assert_line -n 1 --regexp " SIGRTMIN\\+2 "
}

# bad SPEC, expected message: one line, status 125
bad_spec() {
	run "$SIGWATCH" -q -s "$1" --timeout=1
	assert_equal "$status" 125
	assert_output "sigwatch: $2"
	run "$SIGWATCH" -q --exit-on="$1" --timeout=1
	assert_equal "$status" 125
	assert_output "sigwatch: $2"
}

@test "an unknown name or number is an error naming it" {
	bad_spec USR3 "unknown signal 'USR3'"
	bad_spec INT,SIGFOO "unknown signal 'SIGFOO'"
	bad_spec 65 "unknown signal '65'"
	bad_spec 0 "unknown signal '0'"
	bad_spec 99999999999999999999 "unknown signal '99999999999999999999'"
	bad_spec RTMIN+31 "unknown signal 'RTMIN+31'"
	bad_spec RTMAX+1 "unknown signal 'RTMAX+1'"
	bad_spec ' INT' "unknown signal ' INT'"
	bad_spec SIG "unknown signal 'SIG'"
	bad_spec 2x "unknown signal '2x'"
}

@test "KILL and STOP cannot be watched" {
	bad_spec KILL "signal 'KILL' cannot be caught or blocked"
	bad_spec TERM,sigstop "signal 'sigstop' cannot be caught or blocked"
	bad_spec 9 "signal '9' cannot be caught or blocked"
	bad_spec -KILL "signal 'KILL' cannot be caught or blocked"
}

@test "the C library's reserved 32 and 33 cannot be watched" {
	bad_spec 32 "signal '32' is reserved by the C library"
	bad_spec 33 "signal '33' is reserved by the C library"
	bad_spec SIG32 "signal 'SIG32' is reserved by the C library"
}

@test "empty items, empty SPECs and reversed ranges are errors" {
	bad_spec INT,,TERM "empty item in signal list 'INT,,TERM'"
	bad_spec INT, "empty item in signal list 'INT,'"
	bad_spec ,INT "empty item in signal list ',INT'"
	bad_spec - "empty item in signal list '-'"
	bad -s "" --timeout=1 "option '-s' requires an argument"
	bad --exit-on= --timeout=1 "option '--exit-on' requires an argument"
	bad_spec 15-1 "invalid signal range '15-1'"
	bad_spec RTMAX-RTMIN "invalid signal range 'RTMAX-RTMIN'"
	bad_spec 1-USR3 "unknown signal 'USR3'"
}

@test "a bad item is named as typed: a range without two signals whole, dashes and all" {
	bad -s -- -- true "unknown signal '--'"
	bad_spec -- "unknown signal '--'"
	bad_spec INT,--5 "unknown signal '--5'"
	bad_spec 1- "invalid signal range '1-'"
	bad_spec -5- "invalid signal range '5-'"
	bad_spec 1--5 "invalid signal range '1--5'"
	bad_spec 1-5-7 "invalid signal range '1-5-7'"
	bad_spec RTMAX-2- "invalid signal range 'RTMAX-2-'"
	bad_spec RTMIN-RTMAX- "invalid signal range 'RTMIN-RTMAX-'"
	bad_spec all- "invalid signal range 'all-'"
	bad_spec 5-1 "invalid signal range '5-1'"
	bad_spec USR1,,USR2 "empty item in signal list 'USR1,,USR2'"
	bad_spec RTMIN+99 "unknown signal 'RTMIN+99'"
	bad_spec $'1-\e[2J' "unknown signal '\\x1b[2J'"
	bad_spec $'--\e' "unknown signal '--\\x1b'"
	# -5 is all but 5: no error
	run -124 "$SIGWATCH" -q -s -5 --timeout=0.01
	assert_output ""
}

@test "a SPEC that removes everything leaves nothing to watch" {
	run "$SIGWATCH" -q -s USR1,-USR1
	assert_equal "$status" 125
	assert_output "sigwatch: no signals to watch"
}
