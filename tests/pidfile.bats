#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --pidfile: sigwatch replaces, follows and removes nothing but a regular
# file it wrote; what it refuses, it refuses before it opens the output
# or runs the command; at exit it removes the file only if it still
# holds its pid.

load test_helper

# wait_for_pid FILE PID: until FILE holds PID (5 s at most).
wait_for_pid() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -f $1 && $(<"$1") == "$2" ]] && return 0
		sleep 0.01
	done
	echo "timed out waiting for $1 to hold $2" >&2
	return 1
}

# refused FILE KIND: --pidfile=FILE is one line on standard error and
# status 125, before the -o file is truncated, the start-up note is
# written or the command runs; no temporary file is left.
refused() {
	refused_as "$1" "pid file '$1' is $2, not a regular file"
}

# refused_as FILE MESSAGE: as refused, MESSAGE the line.
refused_as() {
	local out=$BATS_TEST_TMPDIR/out
	echo keep >"$out"
	run --separate-stderr "$SIGWATCH" --pidfile="$1" -o "$out" \
		-- touch "$BATS_TEST_TMPDIR/ran"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: $2"
	assert_output ""
	assert_equal "$(<"$out")" keep
	[[ ! -e $BATS_TEST_TMPDIR/ran ]] || fail "the command ran"
	run ls -A "$(dirname "$1")"
	refute_output --partial "$(basename "$1")."
}

@test "a device node is refused and left as it was" {
	mknod "$BATS_TEST_TMPDIR/dev" c 1 3 2>/dev/null ||
	    skip "mknod is not allowed here"
	local before
	before=$(stat -c '%i %F %t:%T %a' "$BATS_TEST_TMPDIR/dev")
	refused "$BATS_TEST_TMPDIR/dev" "a character device"
	assert_equal "$(stat -c '%i %F %t:%T %a' "$BATS_TEST_TMPDIR/dev")" "$before"
}

@test "a symbolic link is refused, not followed: the link and its target stay as they were" {
	echo target >"$BATS_TEST_TMPDIR/target"
	ln -s target "$BATS_TEST_TMPDIR/link"
	refused "$BATS_TEST_TMPDIR/link" "a symbolic link"
	assert_equal "$(readlink "$BATS_TEST_TMPDIR/link")" target
	assert_equal "$(<"$BATS_TEST_TMPDIR/target")" target
	ln -s nowhere "$BATS_TEST_TMPDIR/dangling"
	refused "$BATS_TEST_TMPDIR/dangling" "a symbolic link"
	assert_equal "$(readlink "$BATS_TEST_TMPDIR/dangling")" nowhere
	[[ ! -e $BATS_TEST_TMPDIR/nowhere ]]
}

@test "a directory is refused and left as it was" {
	mkdir "$BATS_TEST_TMPDIR/dir"
	touch "$BATS_TEST_TMPDIR/dir/inside"
	refused "$BATS_TEST_TMPDIR/dir" "a directory"
	run ls -A "$BATS_TEST_TMPDIR/dir"
	assert_output inside
}

@test "a pid file in a directory that is missing, or not a directory, is refused before anything" {
	refused_as "$BATS_TEST_TMPDIR/no/such/dir/pid" "$BATS_TEST_TMPDIR/no/such/dir/pid: No such file or directory"
	echo file >"$BATS_TEST_TMPDIR/file"
	refused_as "$BATS_TEST_TMPDIR/file/pid" "$BATS_TEST_TMPDIR/file/pid: Not a directory"
	assert_equal "$(<"$BATS_TEST_TMPDIR/file")" file
	# a bare name: its directory is the current one
	cd "$BATS_TEST_TMPDIR"
	run -124 "$SIGWATCH" -q --pidfile=pid --timeout=0.01
	[[ ! -e pid ]] || fail "the pid file was left"
}

@test "a FIFO is refused and left as it was" {
	mkfifo "$BATS_TEST_TMPDIR/fifo"
	refused "$BATS_TEST_TMPDIR/fifo" "a FIFO"
	[[ -p $BATS_TEST_TMPDIR/fifo ]]
}

@test "a second run takes the pid file over, and the first one's exit leaves it alone" {
	local pidfile=$BATS_TEST_TMPDIR/shared first second status
	"$SIGWATCH" -q -s USR1 --count=1 --timeout=10 --pidfile="$pidfile" \
		>/dev/null 3>&- &
	first=$!
	wait_for_pid "$pidfile" "$first"
	"$SIGWATCH" -q -s USR1 --count=1 --timeout=10 --pidfile="$pidfile" \
		>/dev/null 3>&- &
	second=$!
	wait_for_pid "$pidfile" "$second"
	kill -USR1 "$first"
	status=0
	wait "$first" || status=$?
	assert_equal "$status" 0
	assert_equal "$(<"$pidfile")" "$second"
	kill -USR1 "$second"
	status=0
	wait "$second" || status=$?
	assert_equal "$status" 0
	[[ ! -e $pidfile ]]
}

@test "the pid file holds the pid while sigwatch runs and goes at exit, unless it no longer holds it" {
	local pidfile=$BATS_TEST_TMPDIR/pid
	start_sigwatch -q -s USR1 --count=1 --timeout=10
	assert_equal "$(<"$pidfile")" "$SW_PID"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	[[ ! -e $pidfile ]]

	# Someone else's pid put in its place stays.
	start_sigwatch -q -s USR1 --count=1 --timeout=10
	echo 4242 >"$pidfile.new"
	mv "$pidfile.new" "$pidfile"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "$(<"$pidfile")" 4242

	# So does a symbolic link, even to a file that holds sigwatch's pid.
	start_sigwatch -q -s USR1 --count=1 --timeout=10
	echo "$SW_PID" >"$BATS_TEST_TMPDIR/elsewhere"
	ln -s elsewhere "$pidfile.new"
	mv -T "$pidfile.new" "$pidfile"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "$(readlink "$pidfile")" elsewhere
	assert_equal "$(<"$BATS_TEST_TMPDIR/elsewhere")" "$SW_PID"
}

@test "a pid file that is the output file is refused, by its name or another, and the file is left as it was" {
	cd "$BATS_TEST_TMPDIR"
	bad -o events --pidfile=events -s USR1 "pid file 'events' is the output file"
	echo "the last run's events" >events
	ln -s events link
	bad -o link --pidfile=events -s USR1 "pid file 'events' is the output file"
	assert_equal "$(<events)" "the last run's events"
}

@test "every --pidfile given is written, each removed at exit; one file named twice is written once" {
	mkdir "$BATS_TEST_TMPDIR/run"
	cd "$BATS_TEST_TMPDIR/run"
	start_sigwatch -q -s USR1 --count=1 --timeout=10 --pidfile=second \
		--pidfile=../run/second
	# Written in the order given: the first is there already.
	wait_for_pid second "$SW_PID"
	assert_equal "$(<"$BATS_TEST_TMPDIR/pid")" "$SW_PID"
	run ls -A
	assert_output second
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	[[ ! -e $BATS_TEST_TMPDIR/pid ]] || fail "the first pid file was left"
	run ls -A
	assert_output ""
}

@test "two hard links of one old pid file given as two pid files each get the pid" {
	mkdir "$BATS_TEST_TMPDIR/run"
	cd "$BATS_TEST_TMPDIR/run"
	echo 4242 >a
	ln a b
	start_sigwatch -q -s USR1 --count=1 --timeout=10 --pidfile=a --pidfile=b
	wait_for_pid b "$SW_PID"
	assert_equal "$(<a)" "$SW_PID"
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run ls -A
	assert_output ""
}

@test "each pid file is checked against the -o file, also by another name of one not there yet" {
	mkdir "$BATS_TEST_TMPDIR/run"
	cd "$BATS_TEST_TMPDIR/run"
	bad -o events --pidfile=events --pidfile=other -s USR1 --timeout=5 "pid file 'events' is the output file"
	bad -o events --pidfile=other --pidfile=./events -s USR1 --timeout=5 "pid file './events' is the output file"
	mkdir d
	bad -o d/../events --pidfile="$BATS_TEST_TMPDIR/run/events" -s USR1 --timeout=5 "pid file '$BATS_TEST_TMPDIR/run/events' is the output file"
	run ls -A
	assert_output d
	# A pid file that merely shares the output's last name is not it.
	run -124 --separate-stderr "$SIGWATCH" -q -o events --pidfile=d/events --timeout=0.01
	assert_equal "$stderr" ""
	run ls -A . d
	assert_output $'.:\nd\nevents\n\nd:'
}

# held_pidfile ARGS...: sigwatch --pidfile=pid -o FIFO ARGS, whose output
# is more than the FIFO holds, so that it is still running, held by its
# reader, when the pid file is looked at; then read, it exits 0 with the
# pid file gone.
held_pidfile() {
	local fifo=$BATS_TEST_TMPDIR/fifo pidfile=$BATS_TEST_TMPDIR/pid sw status
	mkfifo "$fifo"
	"$SIGWATCH" --pidfile="$pidfile" -o "$fifo" "$@" 3>&- &
	sw=$!
	exec 4<"$fifo"
	if ! wait_for_pid "$pidfile" "$sw"; then
		kill "$sw"
		exec 4<&-
		fail "no pid file while it runs"
	fi
	cat <&4 >/dev/null
	exec 4<&-
	status=0
	wait "$sw" || status=$?
	assert_equal "$status" 0
	[[ ! -e $pidfile ]] || fail "the pid file was left"
	rm "$fifo"
}

@test "--list and --inspect write the pid file while they run and remove it at exit" {
	local lookups=() inspects=() i
	for ((i = 0; i < 40000; i++)); do
		lookups+=(INT)
	done
	held_pidfile --list "${lookups[@]}"
	for ((i = 0; i < 1000; i++)); do
		inspects+=(--inspect=$$)
	done
	held_pidfile "${inspects[@]}"
}

@test "--list and --inspect refuse a pid file as watching does, before the output is touched" {
	mkdir "$BATS_TEST_TMPDIR/run"
	cd "$BATS_TEST_TMPDIR/run"
	echo keep >events
	bad --list -o events --pidfile=./events "pid file './events' is the output file"
	bad --inspect=$$ -o events --pidfile=events "pid file 'events' is the output file"
	bad --inspect=$$ --pidfile=no/pid "no/pid: No such file or directory"
	assert_equal "$(<events)" keep
}
