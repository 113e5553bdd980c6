#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The SIGWATCH_* variables: each has its option's effect, loses to the
# option, is refused like the option when bad, naming the variable, and
# is not passed on to the command.

load test_helper

SIGCOUNT=$HELPERS/sigcount
SIGEXEC=$HELPERS/sigexec

# grandchild_count: sigwatch (with the environment and ARG... given)
# runs sh, whose child counts the SIGTERMs it gets; TERM it, and leave
# the count in $count.
grandchild_count() {
	local ready=$BATS_TEST_TMPDIR/ready
	count=$BATS_TEST_TMPDIR/count
	start_sigwatch -q "$@" -- \
		sh -c '"$0" -r "$1" 15 0.5 >"$2" & wait' "$SIGCOUNT" "$ready" "$count"
	wait_for_file "$ready"
	kill -TERM "$SW_PID"
	finish_sigwatch
	wait_for_file "$count"
	count=$(<"$count")
}

@test "SIGWATCH_FORWARD_TO=group is --forward-to=group, and loses to --forward-to=child" {
	SIGWATCH_FORWARD_TO=group grandchild_count
	assert_equal "$count" "1 0"
	SIGWATCH_FORWARD_TO=group grandchild_count --forward-to=child
	assert_equal "$count" 0
	SIGWATCH_FORWARD_TO=group grandchild_count --no-forward
	assert_equal "$count" 0
}

@test "SIGWATCH_SUBREAPER=1 is --subreaper; 0 is not, and loses to --subreaper" {
	local v
	for v in 1 yes true; do
		SIGWATCH_SUBREAPER=$v run -2 "$SIGWATCH" -q -- sh -c '(sleep 0.3; exit 5) & exit 2'
		assert_line -n 2 --regexp " orphan      exited pid=[0-9]+\\(sh\\) exit_code=5\$"
	done
	for v in 0 no false ''; do
		SIGWATCH_SUBREAPER=$v run -2 "$SIGWATCH" -q -- sh -c '(sleep 0.3; exit 5) & exit 2'
		refute_output --partial orphan
	done
	SIGWATCH_SUBREAPER=0 run -2 "$SIGWATCH" -q --subreaper -- sh -c '(sleep 0.3; exit 5) & exit 2'
	assert_line -n 2 --regexp " orphan      exited pid=[0-9]+\\(sh\\) exit_code=5\$"
}

@test "a variable gives way to an option that excludes it, not an error" {
	SIGWATCH_SUBREAPER=1 run -2 --separate-stderr "$SIGWATCH" -q --reap-orphans -- sh -c 'exit 2'
	assert_equal "$stderr" ""
	assert_line -n 1 --regexp " child       exited pid=[0-9]+\\(sh\\) exit_code=2\$"
	# the command in sigwatch's group: --same-group, not the variable's group
	SIGWATCH_FORWARD_TO=group run -0 --separate-stderr "$SIGWATCH" -q --same-group -- \
		sh -c 'read -r _ _ _ _ g _ </proc/$$/stat; read -r _ _ _ _ p _ </proc/$PPID/stat; test "$g" = "$p"'
	assert_equal "$stderr" ""
	# both on the command line are still a mistake
	SIGWATCH_SUBREAPER=1 bad --subreaper --reap-orphans -- true \
		"options '--subreaper' and '--reap-orphans' exclude each other"
	SIGWATCH_FORWARD_TO=child bad --forward-to=group --same-group -- true \
		"options '--same-group' and '--forward-to=group' exclude each other"
}

@test "SIGWATCH_KILL_AFTER is --kill-after, and loses to it" {
	SIGWATCH_KILL_AFTER=200ms run -124 "$SIGEXEC" -i 15 -- "$SIGWATCH" -q --timeout=200ms -- sleep 5
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGKILL\$"
	SIGWATCH_KILL_AFTER=1h run -124 "$SIGEXEC" -i 15 -- "$SIGWATCH" -q --timeout=200ms --kill-after=200ms -- sleep 5
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGKILL\$"
}

@test "SIGWATCH_EXIT_MAP is --exit-map, and an --exit-map replaces it whole" {
	SIGWATCH_EXIT_MAP=143:0 run -0 "$SIGWATCH" -q -- sh -c 'kill -TERM $$'
	assert_line --regexp " child       killed pid=[0-9]+\\(sh\\) signal=SIGTERM\$"
	SIGWATCH_EXIT_MAP=143:0,3:4 run -4 "$SIGWATCH" -q -- sh -c 'exit 3'
	SIGWATCH_EXIT_MAP=143:0 run -7 "$SIGWATCH" -q --exit-map=143:7 -- sh -c 'kill -TERM $$'
	SIGWATCH_EXIT_MAP=143:0 run -143 "$SIGWATCH" -q --exit-map=3:4 -- sh -c 'kill -TERM $$'
	SIGWATCH_EXIT_MAP=143:0 run -0 "$SIGWATCH" -q --exit-map=3:4 --exit-map=143:0 -- sh -c 'kill -TERM $$'
}

# parent_dies [ARG]...: sigwatch ARG... -- sleep 300 as the child of a
# bash of its own, which is then killed; the output in $output.
parent_dies() {
	OUT=$BATS_TEST_TMPDIR/out
	bash -c '"$@" & wait' _ "$SIGWATCH" --pidfile="$BATS_TEST_TMPDIR/pid" "$@" -- sleep 300 \
		>"$OUT" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	local parent=$!
	wait_for_file "$BATS_TEST_TMPDIR/pid"
	SW_PID=$(<"$BATS_TEST_TMPDIR/pid")
	wait_for_child "$SW_PID" sleep
	kill -KILL "$parent"
	wait_for_state "$SW_PID" '^(Z|X|)$'
	output=$(<"$OUT")
	mapfile -t lines <"$OUT"
}

@test "SIGWATCH_PDEATHSIG is --pdeathsig, and loses to it" {
	SIGWATCH_PDEATHSIG=TERM parent_dies -q
	assert_line --regexp "^$TIME_RE SIGTERM     SI_USER pid="
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGTERM\$"
	SIGWATCH_PDEATHSIG=TERM parent_dies -q --pdeathsig=USR1
	assert_line --regexp "^$TIME_RE SIGUSR1     SI_USER pid="
	assert_line --regexp " child       killed pid=[0-9]+\\(sleep\\) signal=SIGUSR1\$"
	refute_output --partial SIGTERM
}

@test "SIGWATCH_QUIET=1 is -q; 0 is not, and loses to -q" {
	SIGWATCH_QUIET=1 run -0 --separate-stderr "$SIGWATCH" -- true
	assert_equal "$stderr" ""
	SIGWATCH_QUIET=0 run -0 --separate-stderr "$SIGWATCH" -- true
	assert_regex "$stderr" '^sigwatch: watching [0-9]+ signals as pid [0-9]+$'
	SIGWATCH_QUIET=no run -0 --separate-stderr "$SIGWATCH" -q -- true
	assert_equal "$stderr" ""
}

@test "SIGWATCH_FORMAT=json is --format=json, and loses to --format and -j" {
	SIGWATCH_FORMAT=json run -0 "$SIGWATCH" -q -- true
	assert_line -n 0 --regexp '^\{"event":"child",'
	SIGWATCH_FORMAT=json run -0 "$SIGWATCH" -q --format=text -- true
	assert_line -n 0 --regexp "^$TIME_RE child       started "
	SIGWATCH_FORMAT=text run -0 "$SIGWATCH" -q -j -- true
	assert_line -n 0 --regexp '^\{"event":"child",'
}

@test "SIGWATCH_OUTPUT is --output, and loses to it" {
	local a=$BATS_TEST_TMPDIR/a b=$BATS_TEST_TMPDIR/b
	SIGWATCH_OUTPUT=$a run -0 "$SIGWATCH" -q -- true
	assert_output ""
	run grep -c " child       " "$a"
	assert_output 2
	rm "$a"
	SIGWATCH_OUTPUT=$a run -0 "$SIGWATCH" -q -o "$b" -- true
	assert_output ""
	[[ ! -e $a ]] || fail "SIGWATCH_OUTPUT was written despite -o"
	run grep -c " child       " "$b"
	assert_output 2
}

@test "a variable set but empty is one not set: no error, the defaults, not passed on" {
	local v vars
	vars=$(sed -nE 's/.*\.name = "(SIGWATCH_[A-Z_]+)".*/\1/p' "$TOP_SRCDIR/src/environment.c")
	[[ $vars == *SIGWATCH_OUTPUT* ]] || fail "no variables found in src/environment.c"
	mkdir "$BATS_TEST_TMPDIR/cwd"
	cd "$BATS_TEST_TMPDIR/cwd"
	for v in $vars; do
		# the command's status as it is (no exit map), text on standard
		# output (no --output, no --format), the note (no -q); the
		# command has no $v
		run -3 --separate-stderr env "$v=" "$SIGWATCH" -- \
		    sh -c 'env | grep "^$0="; exit 3' "$v"
		assert_regex "$stderr" '^sigwatch: watching [0-9]+ signals as pid [0-9]+$'
		assert_line -n 0 --regexp "^$TIME_RE child       started pid=[0-9]+\\(sh\\)"
		assert_line -n 1 --regexp "^$TIME_RE child       exited pid=[0-9]+\\(sh\\) exit_code=3\$"
		assert_equal "${#lines[@]}" 2
	done
	run ls -A
	assert_output ""
}

@test "the variables are for sigwatch only: the command does not see them" {
	SIGWATCH_QUIET=1 SIGWATCH_FORMAT=text SIGWATCH_EXIT_MAP=1:0 SIGWATCH_SUBREAPER=0 \
	SIGWATCH_FORWARD_TO=child SIGWATCH_KILL_AFTER=1s SIGWATCH_PDEATHSIG=HUP \
	SIGWATCH_OUTPUT=/dev/stdout SIGWATCH_OTHER=kept \
		run -0 "$SIGWATCH" -- sh -c 'env | grep "^SIGWATCH_" | sort; exit 1'
	assert_line "SIGWATCH_OTHER=kept"
	refute_line --regexp '^SIGWATCH_(QUIET|FORMAT|EXIT_MAP|SUBREAPER|FORWARD_TO|KILL_AFTER|PDEATHSIG|OUTPUT)='
}

@test "without a COMMAND the command's variables are no error, and do nothing" {
	SIGWATCH_FORWARD_TO=group SIGWATCH_SUBREAPER=1 SIGWATCH_KILL_AFTER=1s \
	SIGWATCH_EXIT_MAP=124:0 run -124 "$SIGWATCH" -q --timeout=10ms
	assert_output ""
}

@test "a bad variable value is a one-line error naming the variable; exit 125" {
	SIGWATCH_FORWARD_TO=parent bad -- true "SIGWATCH_FORWARD_TO: unknown --forward-to 'parent' (child or group)"
	SIGWATCH_SUBREAPER=maybe bad -- true "SIGWATCH_SUBREAPER: invalid value 'maybe' (1, yes, true, 0, no or false)"
	SIGWATCH_KILL_AFTER=x bad -- true "SIGWATCH_KILL_AFTER: invalid duration 'x'"
	SIGWATCH_EXIT_MAP=143 bad -- true "SIGWATCH_EXIT_MAP: invalid exit map '143' (CODE:CODE, 0 to 255)"
	SIGWATCH_PDEATHSIG=USR3 bad -- true "SIGWATCH_PDEATHSIG: unknown signal 'USR3'"
	SIGWATCH_QUIET=on bad -- true "SIGWATCH_QUIET: invalid value 'on' (1, yes, true, 0, no or false)"
	SIGWATCH_FORMAT=yaml bad -- true "SIGWATCH_FORMAT: unknown format 'yaml' (text or json)"
	# Bad even where an option would win: the variable is wrong all the same.
	SIGWATCH_KILL_AFTER=x bad --kill-after=1s -- true "SIGWATCH_KILL_AFTER: invalid duration 'x'"
	# An option's error does not name a variable.
	SIGWATCH_KILL_AFTER=1s bad --kill-after=y -- true "invalid duration 'y'"
}
