#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --time: the time stamp that starts each text line, in every format,
# for signal and child events alike; JSON's "time" and "mono".

load test_helper

# One SIGUSR1 from this shell, with --time=FORMAT and any other ARG.
one_usr1() {
	start_sigwatch -q --count=1 "$@"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 1
}

@test "--time=local is the default: the local time of day" {
	one_usr1 --time=local
	assert_output --regexp "^$TIME_RE SIGUSR1     SI_USER pid=$BASHPID\(bash\) "
	one_usr1
	assert_output --regexp "^$TIME_RE SIGUSR1     SI_USER pid=$BASHPID\(bash\) "
}

@test "--time=local follows TZ" {
	local hour
	TZ=Asia/Kolkata one_usr1
	hour=$(TZ=Asia/Kolkata date +%H)
	# the hour may turn between the two readings: allow the next one
	[[ ${lines[0]:0:2} == "$hour" ||
	    ${lines[0]:0:2} == "$(TZ=Asia/Kolkata date -d '+1 min' +%H)" ]] ||
	    fail "hour ${lines[0]:0:2}, expected $hour in Asia/Kolkata"
}

@test "--time=iso: local date and time with the UTC offset" {
	TZ=Asia/Kolkata one_usr1 --time=iso
	assert_output --regexp "^[0-9]{4}-[0-9]{2}-[0-9]{2}T$TIME_RE\+05:30 SIGUSR1     SI_USER "
	TZ=America/St_Johns one_usr1 --time=iso
	assert_output --regexp "^[0-9]{4}-[0-9]{2}-[0-9]{2}T$TIME_RE-0[23]:30 SIGUSR1 "
	TZ=UTC one_usr1 --time=iso
	assert_output --regexp "^$(date -u +%Y-%m-%d)T$TIME_RE\+00:00 SIGUSR1 "
}

@test "--time=iso: an offset of whole seconds is rounded to the minute, and the stamp still names the instant" {
	local before after t
	before=$(date +%s)
	TZ=XXX+05:30:15 one_usr1 --time=iso
	after=$(date +%s)
	assert_output --regexp "^[0-9]{4}-[0-9]{2}-[0-9]{2}T$TIME_RE-05:30 SIGUSR1 "
	t=$(date -d "${lines[0]%% *}" +%s)
	((before <= t && t <= after)) ||
	    fail "${lines[0]%% *} is $t, not from $before to $after"
}

@test "--time=epoch: seconds since 1970, to the microsecond" {
	local before after t
	before=$(date +%s)
	one_usr1 --time=epoch
	after=$(date +%s)
	assert_output --regexp '^[0-9]{10}\.[0-9]{6} SIGUSR1     SI_USER '
	t=${lines[0]%%.*}
	(( before <= t && t <= after )) ||
	    fail "epoch $t not within [$before, $after]"
}

@test "--time=mono: CLOCK_MONOTONIC seconds, right-aligned in 13 columns" {
	local up
	one_usr1 --time=mono
	assert_output --regexp '^ *[0-9]+\.[0-9]{6} SIGUSR1     SI_USER '
	[[ ${lines[0]} =~ ^(\ *[0-9]+\.[0-9]{6})\  ]]
	(( ${#BASH_REMATCH[1]} >= 13 )) || fail "not padded: '${BASH_REMATCH[1]}'"
	# the monotonic clock never runs ahead of the boot-time clock
	up=$(cut -d' ' -f1 /proc/uptime)
	awk -v m="${lines[0]%% SIGUSR1*}" -v u="$up" 'BEGIN { exit !(m > 0 && m <= u + 1) }' ||
	    fail "mono ${lines[0]%% SIGUSR1*} is not within the uptime $up"
}

@test "--time=relative: seconds since sigwatch started" {
	start_sigwatch -q --count=2 --time=relative
	kill -USR1 "$SW_PID"
	# the first line is written by now, so the second is read at least
	# 0.3 s after it was (under valgrind a read can lag its signal)
	wait_for_lines "$OUT" 1
	sleep 0.3
	kill -USR2 "$SW_PID"
	finish_sigwatch
	assert_line -n 0 --regexp '^ {5}0\.[0-9]{6} SIGUSR1     SI_USER '
	assert_line -n 1 --regexp '^ {5}[0-9]\.[0-9]{6} SIGUSR2     SI_USER '
	awk '{ t[NR] = $1 } END { exit !(t[1] >= 0 && t[2] - t[1] >= 0.3) }' "$OUT" ||
	    fail "times do not grow by the 0.3 s slept: $output"
}

@test "--time=none: lines start with the signal, and are the same every run" {
	one_usr1 --time=none
	assert_output "SIGUSR1     SI_USER pid=$BASHPID(bash) uid=$(id -u)($(id -un))"
}

@test "--time applies to a command's child events too" {
	run "$SIGWATCH" -q --time=none -- true
	assert_success
	assert_line -n 0 --regexp '^child       started pid=[0-9]+\(true\)$'
	assert_line -n 1 --regexp '^child       exited pid=[0-9]+\(true\) exit_code=0$'
	run "$SIGWATCH" -q --time=relative -- true
	assert_line -n 0 --regexp '^ {5}0\.[0-9]{6} child       started pid=[0-9]+\(true\)$'
	run "$SIGWATCH" -q --time=iso -- true
	assert_line -n 1 --regexp "^[0-9-]{10}T$TIME_RE[+-][0-9]{2}:[0-9]{2} child       exited "
}

@test "JSON: time is RFC 3339 UTC and mono has exactly six decimals, whatever --time says" {
	start_sigwatch -q --json --count=1 --time=none
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_output --regexp '^\{"event":"signal","time":"[0-9-]{10}T[0-9:]{8}\.[0-9]{6}Z","mono":[0-9]+\.[0-9]{6},"signal":"SIGUSR1",'
}

@test "JSON: child events carry mono too, and it grows" {
	command -v jq >/dev/null || skip "jq is not installed"
	run "$SIGWATCH" -q --json -- sleep 0.2
	assert_success
	assert_line -n 0 --regexp '^\{"event":"child","time":"[^"]+Z","mono":[0-9]+\.[0-9]{6},"pid":'
	run jq -s -e '.[1].mono - .[0].mono >= 0.2' <<<"$output"
	assert_success
}

@test "an unknown --time is a one-line error naming it, status 125" {
	run "$SIGWATCH" --time=utc
	assert_failure 125
	assert_output "sigwatch: unknown --time 'utc' (local, iso, epoch, mono, relative or none)"
}
