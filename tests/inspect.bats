#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --inspect PID: a process's blocked, ignored, caught and pending signals
# and its queue, from /proc/PID/status, against a helper (sigstate) that
# sets up a known signal state; and the errors for bad, missing and
# unreadable pids.

load test_helper

SIGSTATE=$HELPERS/sigstate
STATE_PIDS=()

# start_sigstate [OPTION]...: sigstate in the background with the signal
# state the options describe (see tests/helpers/sigstate.c); its pid in
# $STATE_PID once it is set up. $STATE_WRAP, if set, runs it.
start_sigstate() {
	local ready=$BATS_TEST_TMPDIR/ready.${#STATE_PIDS[@]} i
	${STATE_WRAP:-} "$SIGSTATE" "$@" "$ready" 3>&- &
	STATE_PIDS+=("$!")
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -s $ready ]] && break
		kill -0 "$!" 2>/dev/null || { echo "sigstate $* failed" >&2; return 1; }
		sleep 0.01
	done
	STATE_PID=$(<"$ready")
	[[ $STATE_PID == "$!" ]]
}

teardown() {
	local pid
	for pid in "${STATE_PIDS[@]}"; do
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	json_collect_files
}

# Who runs the tests, as sigwatch should name them.
ME_UID=$(id -u)
if ME=$(id -un 2>/dev/null); then
	ME_TEXT="($ME)"
	ME_JSON="\"$ME\""
else
	ME_TEXT='(?)'
	ME_JSON=null
fi
# The helper's RLIMIT_SIGPENDING, inherited from here.
LIMIT=$(ulimit -i)
LIMIT_JSON=$LIMIT
[[ $LIMIT != unlimited ]] || LIMIT_JSON=null

# A pid no process has: pids stay below pid_max.
missing_pid() {
	cat /proc/sys/kernel/pid_max
}

# A regular expression matching the string literally.
re_quote() {
	sed 's/[][\.*^$(){}?+|/]/\\&/g' <<<"$1"
}

# The state most tests use: every list has a standard signal, a
# real-time one and one past 31; SIGUSR1 is blocked, caught and pending
# for the main thread, SIGTERM blocked and pending process-wide.
known_state() {
	start_sigstate -b 2 -b 15 -b 32 -b "$RTMAX" -i 13 -i $((RTMIN + 3)) \
		-c 1 -c 12 -c 10 -p 15 -P 10
}

@test "--inspect: what a process blocks, ignores, catches and has pending, by name, in signal order" {
	known_state
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 5
	# It is in pause(), or on its way there.
	assert_regex "${lines[0]}" "^pid=$STATE_PID\(sigstate\) uid=$ME_UID$(re_quote "$ME_TEXT") state=[SR] threads=1 queued=[0-9]+/$LIMIT\$"
	assert_equal "${lines[1]}" "  blocked  SIGINT SIGUSR1 SIGTERM SIG32 SIGRTMAX"
	assert_equal "${lines[2]}" "  ignored  SIGPIPE SIGRTMIN+3"
	assert_equal "${lines[3]}" "  caught   SIGHUP SIGUSR1 SIGUSR2"
	assert_equal "${lines[4]}" "  pending  SIGUSR1 SIGTERM"
}

@test "--inspect --json: one line, the keys in order, pending split by process and thread" {
	known_state
	run --separate-stderr "$SIGWATCH" --json --inspect="$STATE_PID"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 1
	# What the helper queued, and whatever else this user has queued.
	[[ $output =~ \"queued\":([0-9]+), ]]
	(( BASH_REMATCH[1] >= 2 ))
	# It is in pause(), or on its way there.
	assert_equal "$(sed -E 's/"state":"[SR]"/"state":"S"/; s/"queued":[0-9]+/"queued":N/' <<<"$output")" \
		"{\"event\":\"inspect\",\"pid\":$STATE_PID,\"comm\":\"sigstate\",\"uid\":$ME_UID,\"user\":$ME_JSON,\"state\":\"S\",\"threads\":1,\"queued\":N,\"queue_limit\":$LIMIT_JSON,\"blocked\":[\"SIGINT\",\"SIGUSR1\",\"SIGTERM\",\"SIG32\",\"SIGRTMAX\"],\"ignored\":[\"SIGPIPE\",\"SIGRTMIN+3\"],\"caught\":[\"SIGHUP\",\"SIGUSR1\",\"SIGUSR2\"],\"pending\":[\"SIGUSR1\",\"SIGTERM\"],\"pending_process\":[\"SIGTERM\"],\"pending_thread\":[\"SIGUSR1\"]}"
	command -v jq >/dev/null || skip "jq is not installed"
	# pending is the two together, as a set
	run jq -e '(.pending | sort) == (.pending_process + .pending_thread | unique)' <<<"$output"
	assert_success
}

@test "--inspect: nothing set is a dash in text and [] in JSON, whatever was inherited" {
	# sigstate forgets what sigexec leaves it: the state is its own
	STATE_WRAP="$HELPERS/sigexec -b 10 -i 13 -q 12:1 --" start_sigstate
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_regex "${lines[0]}" "^pid=$STATE_PID\(sigstate\) "
	assert_equal "${lines[1]}" "  blocked  -"
	assert_equal "${lines[2]}" "  ignored  -"
	assert_equal "${lines[3]}" "  caught   -"
	assert_equal "${lines[4]}" "  pending  -"
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID" --json
	assert_success
	assert_regex "$output" ',"blocked":\[\],"ignored":\[\],"caught":\[\],"pending":\[\],"pending_process":\[\],"pending_thread":\[\]}$'
}

@test "--inspect: pending for the process and for the main thread stay apart; a second thread counts" {
	# The second thread blocks everything: SIGTERM waits for either.
	start_sigstate -t -p 15 -p "$RTMIN" -P 10
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_regex "${lines[0]}" " threads=2 queued=[0-9]+/$LIMIT\$"
	assert_equal "${lines[1]}" "  blocked  SIGUSR1 SIGTERM SIGRTMIN"
	assert_equal "${lines[4]}" "  pending  SIGUSR1 SIGTERM SIGRTMIN"
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID" --json
	assert_success
	assert_regex "$output" '"threads":2,'
	assert_regex "$output" ',"pending":\["SIGUSR1","SIGTERM","SIGRTMIN"\],"pending_process":\["SIGTERM","SIGRTMIN"\],"pending_thread":\["SIGUSR1"\]}$'
}

@test "--inspect: queued is what is queued for the process's user, out of its limit" {
	[[ $ME_UID == 0 ]] || skip "needs root to run the helper as a user of its own"
	local uid
	# A uid nobody has, so that the helper's signals are all it has queued.
	for ((uid = 40000 + $$ % 20000; uid < 65000; uid++)); do
		! getent passwd "$uid" >/dev/null && ! pgrep -U "$uid" >/dev/null && break
	done
	start_sigstate -u "$uid" -p 15 -p "$RTMIN" -P 10
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_regex "${lines[0]}" "^pid=$STATE_PID\(sigstate\) uid=$uid\(\?\) state=[SR] threads=1 queued=3/$LIMIT\$"
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID" --json
	assert_success
	assert_regex "$output" "\"uid\":$uid,\"user\":null,\"state\":\"[SR]\",\"threads\":1,\"queued\":3,\"queue_limit\":$LIMIT_JSON,"
}

@test "--inspect --no-resolve: the uid without a name; the command name stays" {
	start_sigstate
	run --separate-stderr "$SIGWATCH" --no-resolve --inspect="$STATE_PID"
	assert_success
	assert_regex "${lines[0]}" "^pid=$STATE_PID\(sigstate\) uid=$ME_UID state=[SR] "
	run --separate-stderr "$SIGWATCH" --no-resolve --json --inspect="$STATE_PID"
	assert_success
	assert_regex "$output" "^\{\"event\":\"inspect\",\"pid\":$STATE_PID,\"comm\":\"sigstate\",\"uid\":$ME_UID,\"state\":"
	refute_output --partial '"user"'
}

@test "--inspect: a name with a space, a backslash, a newline and bad UTF-8 is escaped, in text and in JSON" {
	start_sigstate -n $'a b\\c)d\n\xff'
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_regex "${lines[0]}" "^pid=$STATE_PID\(a\\\\x20b\\\\x5cc\)d\\\\x0a\\\\xff\) uid="
	run --separate-stderr "$SIGWATCH" --json --inspect="$STATE_PID"
	assert_success
	assert_output --partial "\"pid\":$STATE_PID,\"comm\":\"a b\\\\c)d\\n\\uFFFD\",\"uid\":"
}

@test "--inspect: the name is escaped exactly as sigwatch's other lines escape it" {
	local name=$'a b\\c)d\n\xff' paren
	start_sigstate -n "$name"
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	paren=$(sed -nE '1s/^pid=[0-9]+(\(.*\)) uid=.*/\1/p' <<<"$output")
	[[ -n $paren ]]
	# The same process wrapped: the line of its end names it too.
	rm -f "$BATS_TEST_TMPDIR/ready.w"
	start_sigwatch -q -- "$SIGSTATE" -n "$name" "$BATS_TEST_TMPDIR/ready.w"
	wait_for_file "$BATS_TEST_TMPDIR/ready.w"
	pid=$(<"$BATS_TEST_TMPDIR/ready.w")
	kill -KILL "$pid"
	finish_sigwatch
	assert_output --partial " killed pid=$pid$paren signal=SIGKILL"
}

@test "--inspect repeated: one block per pid, in the order given" {
	start_sigstate -b 2
	first=$STATE_PID
	start_sigstate -i 13
	second=$STATE_PID
	run --separate-stderr "$SIGWATCH" --inspect="$second" --inspect="$first" --inspect="$second"
	assert_success
	assert_equal "${#lines[@]}" 15
	assert_regex "${lines[0]}" "^pid=$second\("
	assert_equal "${lines[2]}" "  ignored  SIGPIPE"
	assert_regex "${lines[5]}" "^pid=$first\("
	assert_equal "${lines[6]}" "  blocked  SIGINT"
	assert_regex "${lines[10]}" "^pid=$second\("
	run --separate-stderr "$SIGWATCH" --json --inspect="$first" --inspect="$second"
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_regex "${lines[0]}" "^\{\"event\":\"inspect\",\"pid\":$first,"
	assert_regex "${lines[1]}" "^\{\"event\":\"inspect\",\"pid\":$second,"
}

@test "--inspect with a list, as pidof(8) prints one: one block per pid, in order" {
	start_sigstate -b 2
	first=$STATE_PID
	start_sigstate -i 13
	second=$STATE_PID
	run --separate-stderr "$SIGWATCH" --json --inspect="$second $first,$second"$'\n'
	assert_success
	run jq -c .pid <<<"$output"
	assert_output "$second
$first
$second"
}

@test "--inspect -o FILE: the blocks go to FILE, nothing to standard output" {
	start_sigstate -c 1
	run --separate-stderr "$SIGWATCH" -o "$BATS_TEST_TMPDIR/state" --inspect="$STATE_PID"
	assert_success
	assert_output ""
	assert_equal "$stderr" ""
	run cat "$BATS_TEST_TMPDIR/state"
	assert_line --index 0 --regexp "^pid=$STATE_PID\(sigstate\) "
	assert_line --index 3 "  caught   SIGHUP"
	run --separate-stderr "$SIGWATCH" --json --output="$BATS_TEST_TMPDIR/state.json" --inspect="$STATE_PID"
	assert_success
	assert_output ""
	run cat "$BATS_TEST_TMPDIR/state.json"
	assert_output --regexp "^\{\"event\":\"inspect\",\"pid\":$STATE_PID,.*,\"caught\":\[\"SIGHUP\"\],"
}

@test "--inspect: an invalid pid is refused naming it, status 125" {
	local tok
	for tok in abc 0 -5 12x +5 2147483648 99999999999999999999999; do
		run -125 --separate-stderr "$SIGWATCH" --inspect="$tok"
		assert_equal "$stderr" "sigwatch: invalid pid '$tok'"
		assert_output ""
	done
	# in a list, the item; a list of separators alone, as typed
	run -125 --separate-stderr "$SIGWATCH" --inspect "1,12x 2"
	assert_equal "$stderr" "sigwatch: invalid pid '12x'"
	run -125 --separate-stderr "$SIGWATCH" --inspect $' ,\n'
	assert_equal "$stderr" "sigwatch: invalid pid ' ,\\x0a'"
	assert_output ""
}

@test "--inspect: a pid with no process is 'no such process', named as typed, leading zeros and all, status 125" {
	local pid arg format
	pid=$(missing_pid)
	for arg in "$pid" "000$pid"; do
		for format in text json; do
			run -125 --separate-stderr "$SIGWATCH" --format="$format" --inspect="$arg"
			assert_output ""
			assert_equal "$stderr" "sigwatch: no such process '$arg'"
		done
	done
}

@test "--inspect: a pid with leading zeros is that process; the block shows the number" {
	start_sigstate -b 2
	run --separate-stderr "$SIGWATCH" --inspect="0$STATE_PID"
	assert_equal "$stderr" ""
	assert_regex "${lines[0]}" "^pid=$STATE_PID\\(sigstate\\) "
}

@test "--inspect: a good pid and a missing one: the good one printed, the error in its place, status 125" {
	local missing
	missing=$(missing_pid)
	start_sigstate -b 2
	run -125 --separate-stderr "$SIGWATCH" --inspect="$STATE_PID" --inspect="$missing" --inspect="$STATE_PID"
	assert_equal "${#lines[@]}" 10
	assert_regex "${lines[0]}" "^pid=$STATE_PID\("
	assert_regex "${lines[5]}" "^pid=$STATE_PID\("
	assert_equal "$stderr" "sigwatch: no such process '$missing'"
	# Standard output is written before the error: in order on one stream.
	run -125 bash -c '"$0" --inspect="$1" --inspect="$2" --inspect="$1" 2>&1' \
		"$SIGWATCH" "$STATE_PID" "$missing"
	assert_equal "${#lines[@]}" 11
	assert_equal "${lines[4]}" "  pending  -"
	assert_equal "${lines[5]}" "sigwatch: no such process '$missing'"
	assert_regex "${lines[6]}" "^pid=$STATE_PID\("
}

@test "--inspect takes no COMMAND and excludes --list" {
	run -125 --separate-stderr "$SIGWATCH" --inspect=1 -- sleep 5
	assert_output ""
	assert_equal "$stderr" "sigwatch: option '--inspect' takes no COMMAND"
	run -125 --separate-stderr "$SIGWATCH" --inspect=1 sleep 5
	assert_equal "$stderr" "sigwatch: option '--inspect' takes no COMMAND"
	run -125 --separate-stderr "$SIGWATCH" --list --inspect=1
	assert_output ""
	assert_equal "$stderr" "sigwatch: options '--list' and '--inspect' exclude each other"
	run -125 --separate-stderr "$SIGWATCH" --inspect=1 --list
	assert_equal "$stderr" "sigwatch: options '--list' and '--inspect' exclude each other"
}

@test "--inspect: a zombie shows state Z and what its status file still has" {
	start_sigstate -z "$BATS_TEST_TMPDIR/zombie"
	zombie=$(<"$BATS_TEST_TMPDIR/zombie")
	run --separate-stderr "$SIGWATCH" --inspect="$zombie"
	assert_success
	assert_equal "$stderr" ""
	assert_equal "${#lines[@]}" 5
	assert_regex "${lines[0]}" "^pid=$zombie\(sigstate\) uid=$ME_UID$(re_quote "$ME_TEXT") state=Z threads=1 queued=[0-9]+/$LIMIT\$"
	assert_equal "${lines[1]}" "  blocked  -"
	assert_equal "${lines[4]}" "  pending  -"
	run --separate-stderr "$SIGWATCH" --json --inspect="$zombie"
	assert_success
	assert_regex "$output" "\"state\":\"Z\",\"threads\":1,"
}

@test "--inspect: a main thread that has exited while another runs: that thread's mask and pending, and its tid" {
	local tid
	start_sigstate -b 2 -x 10
	tid=$(ls "/proc/$STATE_PID/task" | grep -vx "$STATE_PID")
	run --separate-stderr "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_equal "$stderr" ""
	assert_regex "${lines[0]}" "^pid=$STATE_PID\\(sigstate\\) uid=$ME_UID$(re_quote "$ME_TEXT") state=Z threads=2 tid=$tid queued=[0-9]+/$LIMIT\$"
	assert_equal "${lines[1]}" "  blocked  SIGINT SIGUSR1"
	assert_equal "${lines[4]}" "  pending  -"
	run --separate-stderr "$SIGWATCH" --json --inspect="$STATE_PID"
	assert_success
	assert_regex "$output" "\"state\":\"Z\",\"threads\":2,\"tid\":$tid,.*\"blocked\":\\[\"SIGINT\",\"SIGUSR1\"\\],"
	# A live main thread has no tid: its own mask is the one shown.
	run --separate-stderr "$SIGWATCH" --json --inspect=$$
	refute_output --partial '"tid":'
}

@test "--inspect: pid 1 and a kernel thread are inspected, not a crash" {
	run --separate-stderr "$SIGWATCH" --inspect=1
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_regex "${lines[0]}" '^pid=1\([^ ]*\) uid=[0-9]+(\([^ ]*\))? state=[A-Za-z] threads=[0-9]+ queued=[0-9]+/([0-9]+|unlimited)$'
	grep -qx $'Kthread:\t1' /proc/2/status 2>/dev/null ||
		[[ $(cat /proc/2/comm 2>/dev/null) == kthreadd ]] ||
		skip "pid 2 is not a kernel thread here"
	run --separate-stderr "$SIGWATCH" --inspect=2
	assert_success
	assert_regex "${lines[0]}" '^pid=2\(kthreadd\) uid=0'
	# A kernel thread ignores every signal, even KILL: all 64 names.
	assert_equal "${lines[2]}" "  ignored  $("$SIGWATCH" --list | awk '{ print $2 }' | paste -sd ' ')"
	assert_equal "${lines[3]}" "  caught   -"
}

# run_with_status FILE PID [ARG]...: sigwatch ARG... with FILE mounted over
# /proc/PID/status, in a mount namespace of its own.
run_with_status() {
	local file=$1 pid=$2
	shift 2
	run --separate-stderr unshare -m sh -c \
		'mount --bind "$1" "/proc/$2/status" && shift 2 && exec "$@"' \
		sh "$file" "$pid" "$@"
}

# needs_mounts: skip unless this can mount over /proc files.
needs_mounts() {
	[[ $(id -u) == 0 ]] || skip "needs root"
	unshare -m true 2>/dev/null || skip "no mount namespaces here"
}

@test "--inspect: a status file sigwatch may not read is its error, status 125" {
	needs_mounts
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$SIGWATCH" --version >/dev/null 2>&1 ||
		skip "nobody cannot run $SIGWATCH"
	start_sigstate
	: >"$BATS_TEST_TMPDIR/status"
	chmod 000 "$BATS_TEST_TMPDIR/status"
	run_with_status "$BATS_TEST_TMPDIR/status" "$STATE_PID" \
		setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SIGWATCH" --inspect="$STATE_PID"
	assert_equal "$status" 125
	assert_output ""
	assert_equal "$stderr" "sigwatch: /proc/$STATE_PID/status: Permission denied"
}

@test "--inspect: a status file without a line, or with a bad one, names the line, status 125" {
	needs_mounts
	start_sigstate
	local real=$BATS_TEST_TMPDIR/real fake=$BATS_TEST_TMPDIR/fake
	cat "/proc/$STATE_PID/status" >"$real"
	grep -v '^SigBlk:' "$real" >"$fake"
	run_with_status "$fake" "$STATE_PID" "$SIGWATCH" --inspect="$STATE_PID"
	assert_equal "$status" 125
	assert_output ""
	assert_equal "$stderr" "sigwatch: /proc/$STATE_PID/status: no SigBlk line"
	sed 's/^SigCgt:.*/SigCgt:\t1ffffffffffffffff/' "$real" >"$fake"
	run_with_status "$fake" "$STATE_PID" "$SIGWATCH" --inspect="$STATE_PID"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: /proc/$STATE_PID/status: malformed SigCgt line"
	# Cut in the middle of a mask: that line does not count.
	head -c "$(grep -bo $'SigIgn:\t00000' "$real" | cut -d: -f1)" "$real" >"$fake"
	printf 'SigIgn:\t00000' >>"$fake"
	run_with_status "$fake" "$STATE_PID" "$SIGWATCH" --inspect="$STATE_PID"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: /proc/$STATE_PID/status: no SigIgn line"
}

@test "--inspect: a queue without a limit is 'unlimited' in text and null in JSON" {
	needs_mounts
	start_sigstate
	sed 's|^SigQ:.*|SigQ:\t0/18446744073709551615|' "/proc/$STATE_PID/status" \
		>"$BATS_TEST_TMPDIR/fake"
	run_with_status "$BATS_TEST_TMPDIR/fake" "$STATE_PID" "$SIGWATCH" --inspect="$STATE_PID"
	assert_success
	assert_regex "${lines[0]}" " queued=0/unlimited\$"
	run_with_status "$BATS_TEST_TMPDIR/fake" "$STATE_PID" "$SIGWATCH" --json --inspect="$STATE_PID"
	assert_success
	assert_output --partial '"queued":0,"queue_limit":null,'
}

@test "--inspect on a full disk counts the processes not written, not lines as events, status 125" {
	start_sigstate -b 2
	run -125 --separate-stderr "$SIGWATCH" --inspect="$STATE_PID" --inspect="$STATE_PID" -o /dev/full
	assert_equal "$stderr" "sigwatch: write error on /dev/full: No space left on device; 2 processes' states not written"
	run -125 --separate-stderr bash -c '"$0" --json --inspect="$1" >/dev/full' "$SIGWATCH" "$STATE_PID"
	assert_equal "$stderr" "sigwatch: write error on standard output: No space left on device; 1 process's state not written"
}
