#!/usr/bin/env bats
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
