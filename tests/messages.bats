#!/usr/bin/env bats
# sigwatch's own messages: one line each on standard error, whatever
# bytes the user's arguments hold, never in the output file, and with
# the exit status the manual gives.

load test_helper

# bad ARG... -- expected message: one line on stderr, status 125
bad() {
	local want=${*: -1}
	run --separate-stderr "$SIGWATCH" "${@:1:$#-1}"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: $want"
	assert_output ""
}

@test "a command name that cannot be run is escaped in the message" {
	run -127 --separate-stderr "$SIGWATCH" -q -- $'no\x1b[2Jsuch\ncmd\x7f\xff'
	assert_equal "$stderr" "sigwatch: cannot run 'no\\x1b[2Jsuch\\x0acmd\\x7f\\xff': No such file or directory"
}

@test "a command name with a space and a backslash is shown as typed, the backslash escaped" {
	run -127 --separate-stderr "$SIGWATCH" -q -- 'no such\cmd'
	assert_equal "$stderr" "sigwatch: cannot run 'no such\\x5ccmd': No such file or directory"
}

@test "an ambiguous long option names every option it could be" {
	bad --co "option '--co' is ambiguous (--color, --count)"
	bad --co=5 "option '--co' is ambiguous (--color, --count)"
	bad --s USR1 "option '--s' is ambiguous (--signals, --subreaper, --summary)"
	bad --tim=1 "option '--tim' is ambiguous (--time, --timeout)"
}

@test "a long option that takes no argument says so when given one" {
	bad --json=1 "option '--json' doesn't allow an argument"
	bad --json=yes "option '--json' doesn't allow an argument"
	bad --js=1 "option '--json' doesn't allow an argument"
	bad --no-resolve= "option '--no-resolve' doesn't allow an argument"
}

@test "a missing argument names the option, not the word it was in" {
	bad -js "option '-s' requires an argument"
	bad -q -jn "option '-n' requires an argument"
	bad --sig "option '--signals' requires an argument"
	bad -q --cou "option '--count' requires an argument"
}

@test "an unknown letter is named even when the word before it was a long option" {
	bad --json -xj "unknown option '-x'; try 'sigwatch --help'"
	bad --quiet -qz "unknown option '-z'; try 'sigwatch --help'"
}
