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
