#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --exit-map=CODE:CODE: sigwatch's final status, read through a table;
# the child event still says what really happened.

load test_helper

@test "--exit-map=143:0 exits 0 after a SIGTERM'd command; the event still says killed by SIGTERM" {
	run -0 "$SIGWATCH" -q --exit-map=143:0 -- sh -c 'kill -TERM $$'
	assert_line --regexp "^$TIME_RE child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
	run -0 --separate-stderr "$SIGWATCH" -q --json --exit-map=143:0 -- sh -c 'kill -TERM $$'
	run jq -c 'select(.state == "killed") | [.signal, .exit_code]' <<<"$output"
	assert_output '["SIGTERM",null]'
}

@test "--exit-map maps exit codes too, only those named; comma lists and repeats add up" {
	run -7 "$SIGWATCH" -q --exit-map=3:7 -- sh -c 'exit 3'
	run -4 "$SIGWATCH" -q --exit-map=3:7 -- sh -c 'exit 4'
	run -0 "$SIGWATCH" -q --exit-map=3:7,4:0 -- sh -c 'exit 4'
	run -255 "$SIGWATCH" -q --exit-map=3:7 --exit-map=0:255 -- true
	# One step: 3 becomes 7, not what 7 would become.
	run -7 "$SIGWATCH" -q --exit-map=3:7,7:9 -- sh -c 'exit 3'
}

@test "--exit-map maps a failed exec's 127, which is the command's status" {
	run -0 --separate-stderr "$SIGWATCH" -q --exit-map=127:0 -- no-such-command-here
	assert_equal "$stderr" "sigwatch: cannot run 'no-such-command-here': No such file or directory"
}

@test "--exit-map leaves a limit's status alone: 124 after --timeout" {
	run -124 "$SIGWATCH" -q --timeout=100ms --exit-map=124:0,143:0 -- sleep 5
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGTERM\$"
}

@test "--exit-map leaves sigwatch's own errors alone: 125" {
	run -125 "$SIGWATCH" -q --exit-map=125:0 -o /nonexistent/dir/file -- true
}

@test "--exit-map: bad maps are one-line errors naming them" {
	bad --exit-map=143 -- true "invalid exit map '143' (CODE:CODE, 0 to 255)"
	bad --exit-map=256:0 -- true "invalid exit map '256:0' (CODE:CODE, 0 to 255)"
	bad --exit-map=1:-1 -- true "invalid exit map '1:-1' (CODE:CODE, 0 to 255)"
	bad --exit-map=1:2,,3:4 -- true "empty item in exit map list '1:2,,3:4'"
	bad --exit-map=1:2, -- true "empty item in exit map list '1:2,'"
	bad --exit-map=,1:2 -- true "empty item in exit map list ',1:2'"
	bad --exit-map=$'1:2,\e,' -- true "invalid exit map '\\x1b' (CODE:CODE, 0 to 255)"
	bad --exit-map=1:2,1:3 -- true "exit code '1' is mapped twice"
	# a long one is cut in the quote, not the message
	local long
	long=$(printf '1%.0s' {1..300})
	bad --exit-map="$long" -- true "invalid exit map '${long:0:256}' (CODE:CODE, 0 to 255)"
	bad --exit-map=143:0 "option '--exit-map' needs a COMMAND"
}
