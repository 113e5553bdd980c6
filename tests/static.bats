#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The static build (the default): sigwatch needs no C library at run time,
# so it watches and wraps in a container image that has none, and takes
# user names from that image's /etc/passwd.

load test_helper

setup() {
	readelf -l "$SIGWATCH" | grep -q 'program interpreter' &&
		skip "sigwatch is linked dynamically (--disable-static-binary)"
	((EUID == 0)) || skip "chroot needs root"
	# An empty root: sigwatch, an /etc/passwd of its own, nothing else.
	ROOT=$BATS_TEST_TMPDIR/root
	mkdir -p "$ROOT/etc"
	cp "$SIGWATCH" "$ROOT/sigwatch"
	echo 'scratch:x:0:0:in the image:/:/nonexistent' >"$ROOT/etc/passwd"
}

@test "in an empty root it watches, and names the sender's user from that root's /etc/passwd" {
	chroot "$ROOT" /sigwatch -q --time=none -s USR1 --count=1 \
		--pidfile=/pid -o /out 3>&- &
	job=$!
	wait_for_file "$ROOT/pid"
	kill -USR1 "$(<"$ROOT/pid")"
	wait "$job"
	# No /proc in there: the sender's command name is unknown.
	run cat "$ROOT/out"
	assert_output --regexp '^SIGUSR1     SI_USER pid=[0-9]+\(\?\) uid=0\(scratch\)$'
}

@test "in an empty root it wraps a command and exits with its status" {
	run -125 chroot "$ROOT" /sigwatch -q --time=none -- /sigwatch --bogus-option
	assert_line -n 0 --regexp '^child       started pid=[0-9]+\(sigwatch\)$'
	assert_line -n 1 "sigwatch: unknown option '--bogus-option'; try 'sigwatch --help'"
	# Its name is read from /proc, which the image does not have.
	assert_line -n 2 --regexp '^child       exited pid=[0-9]+ exit_code=125$'
	assert_equal "${#lines[@]}" 3
}
