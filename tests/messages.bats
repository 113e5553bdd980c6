#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# sigwatch's own messages: one line each on standard error, whatever
# bytes the user's arguments hold, never in the output file, and with
# the exit status the manual gives.

load test_helper

@test "a command name that cannot be run is escaped in the message" {
	run -127 --separate-stderr "$SIGWATCH" -q -- $'no\x1b[2Jsuch\ncmd\x7f\xff'
	assert_equal "$stderr" "sigwatch: cannot run 'no\\x1b[2Jsuch\\x0acmd\\x7f\\xff': No such file or directory"
}

@test "a command name with a space and a backslash is shown as typed, the backslash escaped" {
	run -127 --separate-stderr "$SIGWATCH" -q -- 'no such\cmd'
	assert_equal "$stderr" "sigwatch: cannot run 'no such\\x5ccmd': No such file or directory"
}

@test "a long option is never abbreviated: the message names what it could be" {
	bad --co "unknown option '--co' (long options are not abbreviated: --color, --count)"
	bad --co=5 "unknown option '--co=5' (long options are not abbreviated: --color, --count)"
	bad --s USR1 "unknown option '--s' (long options are not abbreviated: --same-group, --signals, --subreaper, --summary)"
	bad --tim=1 "unknown option '--tim=1' (long options are not abbreviated: --time, --timeout)"
	bad --js "unknown option '--js' (long options are not abbreviated: --json)"
	bad --js=1 "unknown option '--js=1' (long options are not abbreviated: --json)"
	bad -q --cou "unknown option '--cou' (long options are not abbreviated: --count)"
}

@test "--pid=1 (an strace habit) is refused and writes no file" {
	mkdir "$BATS_TEST_TMPDIR/cwd"
	cd "$BATS_TEST_TMPDIR/cwd"
	bad --pid=1 -s USR1 --timeout=1 "unknown option '--pid=1' (long options are not abbreviated: --pidfile)"
	bad --pid 1 -s USR1 --timeout=1 "unknown option '--pid' (long options are not abbreviated: --pidfile)"
	bad --out=x --timeout=1 "unknown option '--out=x' (long options are not abbreviated: --output)"
	run ls -A
	assert_output ""
}

@test "a long option that takes no argument says so when given one" {
	bad --json=1 "option '--json' doesn't allow an argument"
	bad --json=yes "option '--json' doesn't allow an argument"
	bad --no-resolve= "option '--no-resolve' doesn't allow an argument"
}

@test "a missing argument names the option, not the word it was in" {
	bad -js "option '-s' requires an argument"
	bad -q -jn "option '-n' requires an argument"
	bad --signals "option '--signals' requires an argument"
	bad -q --count "option '--count' requires an argument"
}

# The options of src/options.c that take a value: long names from the
# long_opts rows with required_argument, letters from short_opts.
valued_long_opts() {
	sed -nE 's/^[[:space:]]*\{ "([a-z-]+)",[[:space:]]*required_argument,.*/\1/p' \
	    "$TOP_SRCDIR/src/options.c"
}
valued_short_opts() {
	sed -nE 's/^static const char short_opts\[\] = "([^"]*)";/\1/p' \
	    "$TOP_SRCDIR/src/options.c" | grep -oE '[[:alnum:]]:' | tr -d :
}

@test "an empty value is a missing argument: named as typed, 125, nothing run, no file written" {
	local long short o n=0
	long=$(valued_long_opts) short=$(valued_short_opts)
	# the extraction itself: an empty list would test nothing
	[[ $'\n'$long$'\n' == *$'\n'timeout$'\n'* && $'\n'$long$'\n' == *$'\n'pidfile$'\n'* ]] ||
	    fail "no long options with a value found in src/options.c: '$long'"
	[[ $short == *s* && $short == *o* ]] ||
	    fail "no short options with a value found in src/options.c: '$short'"
	mkdir "$BATS_TEST_TMPDIR/cwd"
	cd "$BATS_TEST_TMPDIR/cwd"
	for o in $long; do
		bad "--$o=" -- touch ran "option '--$o' requires an argument"
		bad -q "--$o" '' -- touch ran "option '--$o' requires an argument"
		n=$((n + 2))
	done
	for o in $short; do
		bad "-$o" '' -- touch ran "option '-$o' requires an argument"
		bad "-q$o" '' -- touch ran "option '-$o' requires an argument"
		n=$((n + 2))
	done
	run ls -A
	assert_output ""
	echo "# $n empty values refused" >&3
}

@test "--color's value is optional: an empty one is refused by its word list, not as missing" {
	bad --color= "unknown --color '' (auto, always or never)"
}

@test "an unknown letter is named even when the word before it was a long option" {
	bad --json -xj "unknown option '-x'; try 'sigwatch --help'"
	bad --quiet -qz "unknown option '-z'; try 'sigwatch --help'"
}

@test "with standard error closed, the start-up note stays out of the -o file" {
	not_under_valgrind "valgrind does not start without a standard error"
	OUT=$BATS_TEST_TMPDIR/events
	"$SIGWATCH" --pidfile="$BATS_TEST_TMPDIR/pid" --time=none -s USR1 \
		--count=1 -o "$OUT" </dev/null >/dev/null 2>&- 3>&- &
	SW_JOB=$!
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	kill -USR1 "$SW_JOB"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "${#lines[@]}" 1
	assert_line -n 0 --regexp "^SIGUSR1     SI_USER pid=$BASHPID\\("
}

@test "with standard error closed, a command's error message stays out of the -o file" {
	not_under_valgrind "valgrind does not start without a standard error"
	run -127 bash -c '"$0" -q --time=none -o "$1" -- no-such-command </dev/null 2>&-' \
		"$SIGWATCH" "$BATS_TEST_TMPDIR/events"
	assert_output ""
	run cat "$BATS_TEST_TMPDIR/events"
	assert_output "child       failed comm=no-such-command error=ENOENT exit_code=127"
}

@test "with standard output closed, the command gets /dev/null there and events for it are an error" {
	run bash -c '"$0" -q -o "$1" -- sh -c "echo hi && echo written >\"\$0\"" "$2" >&-' \
		"$SIGWATCH" "$BATS_TEST_TMPDIR/events" "$BATS_TEST_TMPDIR/written"
	assert_success
	assert_equal "$(<"$BATS_TEST_TMPDIR/written")" written
	run --separate-stderr bash -c '"$0" -q --timeout=5 >&-' "$SIGWATCH"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: standard output: Bad file descriptor"
	run --separate-stderr bash -c '"$0" -l -o - >&-' "$SIGWATCH"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: standard output: Bad file descriptor"
}

@test "a pid file's name is escaped in its messages" {
	local p=$BATS_TEST_TMPDIR/$'p\x1b[1m\nq'
	mkfifo "$p"
	bad -q --timeout=5 --pidfile="$p" \
		"pid file '$BATS_TEST_TMPDIR/p\\x1b[1m\\x0aq' is a FIFO, not a regular file"
	bad -q --timeout=5 --pidfile=$'/nonexistent/\x1b\x7f' \
		"/nonexistent/\\x1b\\x7f: No such file or directory"
}

@test "an output file's name is escaped in its messages, opening and writing" {
	run -125 --separate-stderr "$SIGWATCH" -q --timeout=1 -o $'/nonexistent/a\x1b[31mb'
	assert_equal "$stderr" 'sigwatch: /nonexistent/a\x1b[31mb: No such file or directory'
	ln -s /dev/full "$BATS_TEST_TMPDIR/full"$'\n'
	run -125 --separate-stderr "$SIGWATCH" -q -o "$BATS_TEST_TMPDIR/full"$'\n' -- true
	assert_equal "$stderr" "sigwatch: write error on $BATS_TEST_TMPDIR/full\\x0a: No space left on device; 1 event not written"
}

@test "DEL in a sender's command name is \\u007f in JSON: the output is printable ASCII" {
	export -f wait_for_file
	export WAIT_STEPS
	start_sigwatch -q --count=1 --json -s USR1
	# The sender stays until its line is out, so that its name is read.
	bash -c 'printf "a\x7fb" >/proc/self/comm; kill -USR1 "$1"; wait_for_file "$2"' \
		_ "$SW_PID" "$OUT" 3>&-
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run grep -c -F '"comm":"a\u007fb"' "$OUT"
	assert_output 1
	run grep -c -P '[^\x20-\x7e]' "$OUT"
	assert_output 0
	run jq -r .comm "$OUT"
	assert_output $'a\x7fb'
}

@test "DEL in a command's name is \\u007f in its JSON child events" {
	ln -s /bin/true "$BATS_TEST_TMPDIR/"$'a\x7fb'
	run -0 --separate-stderr "$SIGWATCH" -q --json -- "$BATS_TEST_TMPDIR/"$'a\x7fb'
	assert_equal "${#lines[@]}" 2
	run grep -c -F '"comm":"a\u007fb"' <<<"$output"
	assert_output 2
	run grep -c -P '[^\x20-\x7e]' <<<"$output"
	assert_output 0
}
