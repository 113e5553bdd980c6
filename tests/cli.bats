#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The command line: help, version, --list, the start-up note, and the
# one-line error with status 125 for every bad option or value.

load test_helper

@test "--help prints the GNU-style usage to stdout and exits 0" {
	run --separate-stderr "$SIGWATCH" --help
	assert_success
	assert_line -n 0 "Usage: sigwatch [OPTION]... [-- COMMAND [ARG]...]"
	assert_line "  -s, --signals=SPEC      watch these signals (repeatable); default: all"
	assert_equal "$stderr" ""
	run "$SIGWATCH" -h
	assert_line -n 0 "Usage: sigwatch [OPTION]... [-- COMMAND [ARG]...]"
}

@test "--help fits an 80-column terminal" {
	run "$SIGWATCH" --help
	run awk 'length > 79' <<<"$output"
	assert_output ""
}

@test "--version: name and configure.ac's version, copyright, licence, no warranty, how it was built" {
	local v how=statically
	v=$(sed -n 's/^AC_INIT(\[sigwatch\], \[\([^]]*\)\].*/\1/p' "$TOP_SRCDIR/configure.ac")
	readelf -l "${SIGWATCH_REAL:-$SIGWATCH}" | grep -q 'program interpreter' &&
		how=dynamically
	run "$SIGWATCH" --version
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line -n 0 "sigwatch $v"
	assert_line -n 1 "Copyright (c) 2026 The sigwatch authors"
	assert_line -n 2 "License ISC: <https://opensource.org/license/isc-license-txt>"
	assert_line -n 3 "This is free software: you are free to change and redistribute it."
	assert_line -n 4 "There is NO WARRANTY, to the extent permitted by law."
	assert_line -n 5 --regexp "^Built $how with (glibc [0-9]+\.[0-9]+|musl [0-9]+\.[0-9]+\.[0-9]+) and jansson [0-9]+\.[0-9]+(\.[0-9]+)?\.\$"
	# A dynamic glibc build names the glibc it runs on.
	[[ $how == statically || ${lines[5]} != *glibc* ]] ||
		assert_line -n 5 --partial "with $(getconf GNU_LIBC_VERSION) and"
	run "$SIGWATCH" -V
	assert_line -n 0 "sigwatch $v"
}

@test "--list shows every signal with number, name and description" {
	run "$SIGWATCH" --list
	assert_success
	assert_equal "${#lines[@]}" "$RTMAX"
	assert_line -n 0 " 1 SIGHUP      Hangup"
	assert_line -n 8 " 9 SIGKILL     Killed (cannot be watched)"
	assert_line -n 28 "29 SIGIO       I/O possible"
	assert_line -n 31 "32 SIG32       Reserved by the C library (cannot be watched)"
	assert_line -n $((RTMIN - 1)) "$RTMIN SIGRTMIN    Real-time signal 0"
	assert_line -n $((RTMAX - 1)) "$RTMAX SIGRTMAX    Real-time signal $((RTMAX - RTMIN))"
}

# bash_rt_name N: how bash's kill -l names real-time signal N of sigwatch's
# C library: from the nearer end, RTMIN+k up to half-way. Where bash
# has the same C library it says so itself.
bash_rt_name() {
	local k=$(($1 - RTMIN)) m=$((RTMAX - $1))
	if [[ $(kill -l RTMIN) == "$RTMIN" ]]; then
		kill -l "$1"
	elif ((k == 0)); then
		echo RTMIN
	elif ((m == 0)); then
		echo RTMAX
	elif ((k <= m)); then
		echo "RTMIN+$k"
	else
		echo "RTMAX-$m"
	fi
}

@test "--list names real-time signals as bash's kill -l does" {
	run "$SIGWATCH" --list --json
	for ((n = RTMIN; n <= RTMAX; n++)); do
		name=$(jq -r --argjson n "$n" 'select(.signo == $n) | .signal' <<<"$output")
		assert_equal "$name" "SIG$(bash_rt_name "$n")"
	done
}

@test "--list --json is one object per signal" {
	run "$SIGWATCH" -l -j
	assert_success
	assert_equal "${#lines[@]}" "$RTMAX"
	assert_line -n 1 '{"event":"list","signo":2,"signal":"SIGINT","description":"Interrupt","catchable":true}'
	assert_line -n 18 '{"event":"list","signo":19,"signal":"SIGSTOP","description":"Stopped (signal)","catchable":false}'
}

@test "--list SIGNAL... looks each up as kill -l does: 15 and 143 are TERM, TERM is 15" {
	run -0 --separate-stderr "$SIGWATCH" -l 15
	assert_output TERM
	run -0 --separate-stderr "$SIGWATCH" --list TERM
	assert_output 15
	run -0 --separate-stderr "$SIGWATCH" -l 143
	assert_output TERM
	run -0 --separate-stderr "$SIGWATCH" -l sigterm SIGUSR1 129 $((RTMIN + 1)) RTMAX-2 $((128 + RTMAX)) SIG32
	assert_equal "$stderr" ""
	assert_equal "$output" "15
10
HUP
RTMIN+1
$((RTMAX - 2))
RTMAX
32"
}

@test "--list --json SIGNAL... prints each signal's list object, in the order given" {
	run -0 "$SIGWATCH" -j -l 143 KILL
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 '{"event":"list","signo":15,"signal":"SIGTERM","description":"Terminated","catchable":true}'
	assert_line -n 1 '{"event":"list","signo":9,"signal":"SIGKILL","description":"Killed","catchable":false}'
}

@test "--list with an unknown signal is one line and 125, and prints none of the others" {
	bad -l 15 USR3 "unknown signal 'USR3'"
	bad -l 0 "unknown signal '0'"
	bad -l 128 "unknown signal '128'"
	bad -l $((RTMAX + 1)) "unknown signal '$((RTMAX + 1))'"
	bad -l $((128 + RTMAX + 1)) "unknown signal '$((128 + RTMAX + 1))'"
	bad -l '' "unknown signal ''"
	bad -l 15 -j "option '-j' must come before the signals to look up"
	bad -l 15 -- sleep 1 "option '--list' takes no COMMAND"
}

@test "a '--' with nothing after it is an error, not a watch: sigwatch -- \"\$@\" with no arguments" {
	bad -- "no COMMAND after '--'"
	bad -q -s USR1 -- "no COMMAND after '--'"
	bad -l -- "no COMMAND after '--'"
	bad --attach=$$ -- "no COMMAND after '--'"
}

@test "--list -o FILE writes the list to FILE" {
	run "$SIGWATCH" --list -o "$BATS_TEST_TMPDIR/list"
	assert_output ""
	run head -1 "$BATS_TEST_TMPDIR/list"
	assert_output " 1 SIGHUP      Hangup"
}

@test "a start-up note on stderr says what is watched; -q silences it" {
	start_sigwatch --count=1 -s USR1,USR2 </dev/null
	kill -USR1 "$SW_PID"
	finish_sigwatch
	run cat "$ERR"
	assert_output "sigwatch: watching 2 signals as pid $SW_PID"
	start_sigwatch -q --count=1 </dev/null
	kill -USR1 "$SW_PID"
	finish_sigwatch
	run cat "$ERR"
	assert_output ""
}

@test "unknown options are one-line errors naming the option" {
	bad --bogus "unknown option '--bogus'; try 'sigwatch --help'"
	bad -x "unknown option '-x'; try 'sigwatch --help'"
	bad -jx "unknown option '-x'; try 'sigwatch --help'"
}

@test "a missing option argument is a one-line error" {
	bad --count "option '--count' requires an argument"
	bad -s "option '-s' requires an argument"
	bad --output "option '--output' requires an argument"
}

@test "bad counts are rejected" {
	for n in 0 -1 +1 abc 5x ' 1' 1.5 99999999999999999999; do
		bad --count="$n" "invalid count '$n'"
	done
	bad -n 0 "invalid count '0'"
}

@test "bad durations are rejected" {
	for d in 2s5 -1 abc s 1. .5 1e3 5x '1 s' 1S 99999999999999999999 200000000000d; do
		bad --timeout="$d" "invalid duration '$d'"
	done
}

@test "a bad --format is rejected" {
	bad --format=xml "unknown format 'xml' (text or json)"
	bad --forward-to=parent "unknown --forward-to 'parent' (child or group)"
	bad --kill-after=soon "invalid duration 'soon'"
}


@test "--list with a COMMAND is an error, not a silently ignored command" {
	run "$SIGWATCH" --list -- touch "$BATS_TEST_TMPDIR/ran"
	assert_failure 125
	assert_output "sigwatch: option '--list' takes no COMMAND"
	[ ! -e "$BATS_TEST_TMPDIR/ran" ]
}
