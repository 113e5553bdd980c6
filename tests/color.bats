#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --color: signal names coloured by their default action and codes by
# who caused them, only where a person reads them.

load test_helper

E=$'\e'
# The text of an SGR-coloured word, as sigwatch writes it.
sgr() {
	printf '%s[%sm%s%s[0m' "$E" "$1" "$2" "$E"
}

# The same as an extended regular expression.
sgr_re() {
	printf '%s\\[%sm%s%s\\[0m' "$E" "$1" "$2" "$E"
}

@test "--color=always: the name by kind, the code by origin, nothing else" {
	start_sigwatch -q --count=1 --time=none --color=always
	kill -USR1 "$SW_PID"
	finish_sigwatch
	assert_output "$(sgr 31 SIGUSR1)     $(sgr 36 SI_USER) pid=$BASHPID(bash) uid=$(id -u)($(id -un))"
}

@test "--color=always: each kind of signal has its colour" {
	not_under_valgrind "it keeps SIGRTMAX"
	# (not CONT: it would discard a stop signal still pending)
	start_sigwatch -q --count=5 --time=none --color=always
	kill -SEGV "$SW_PID"	# core: bold red
	kill -TERM "$SW_PID"	# terminates: red
	kill -TTIN "$SW_PID"	# stops: yellow
	kill -WINCH "$SW_PID"	# ignored by default: plain
	kill -n $((RTMIN + 1)) "$SW_PID"	# real-time: magenta
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	# reads may split the batch: the order of the lines is not the point
	run bash -c 'cut -d" " -f1 "$1" | sort' _ "$OUT"
	assert_output "$(sort <<<"$(sgr 1\;31 SIGSEGV)
$(sgr 31 SIGTERM)
$(sgr 33 SIGTTIN)
SIGWINCH
$(sgr 35 SIGRTMIN+1)")"
}

@test "--color=always: the kernel's codes are blue, a child event's column green" {
	run "$SIGWATCH" -q --time=none --color=always -s CHLD -- true
	assert_success
	assert_line -n 0 --regexp "^$(sgr_re 32 child)       started pid=[0-9]+\(true\)\$"
	assert_line -n 1 --regexp "^$(sgr_re 32 SIGCHLD)     $(sgr_re 34 CLD_EXITED) pid=[0-9]+\(true\) "
	assert_line -n 2 --regexp "^$(sgr_re 32 child)       exited pid=[0-9]+\(true\) exit_code=0\$"
}

@test "a bare --color is --color=always" {
	run "$SIGWATCH" -q --time=none --color -- true
	assert_line -n 0 --regexp "^$(sgr_re 32 child) "
}

@test "--color=auto (the default) into a file or a pipe: no escape codes" {
	start_sigwatch -q --count=1 --color=auto
	kill -USR1 "$SW_PID"
	finish_sigwatch
	refute_output --partial "$E"
	run bash -c '"$1" -q -- true | cat' _ "$SIGWATCH"
	assert_success
	refute_output --partial "$E"
	assert_line -n 0 --regexp ' child       started '
}

@test "--color=never and JSON: no escape codes even when asked" {
	run "$SIGWATCH" -q --color=never -- true
	refute_output --partial "$E"
	run "$SIGWATCH" -q --json --color=always -- true
	assert_success
	refute_output --partial "$E"
	refute_output --partial '\u001b'
}

# On a terminal: the first line of the pane, with its SGR attributes.
colored_on_tmux() {
	tmux_sigwatch -q --count=1 --time=none "$@"
	kill -USR1 "$SW_PID"
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
	run tmux -L "$TMUX_SOCK" capture-pane -p -e
}

@test "--color=auto on a terminal: coloured" {
	colored_on_tmux
	assert_line -n 0 --regexp "^$E\[31mSIGUSR1$E\[(0|39)m +$E\[36mSI_USER"
}

@test "--color=auto on a terminal: NO_COLOR turns it off, an empty NO_COLOR does not" {
	SW_ENV=NO_COLOR=1 colored_on_tmux
	assert_line -n 0 "SIGUSR1     SI_USER pid=$BASHPID(bash) uid=$(id -u)($(id -un))"
	tmux -L "$TMUX_SOCK" kill-server
	SW_ENV=NO_COLOR= colored_on_tmux
	assert_line -n 0 --regexp "^$E\[31mSIGUSR1"
}

@test "--color=auto on a terminal: TERM=dumb turns it off" {
	SW_ENV=TERM=dumb colored_on_tmux
	assert_line -n 0 "SIGUSR1     SI_USER pid=$BASHPID(bash) uid=$(id -u)($(id -un))"
}

@test "--color=always wins over NO_COLOR, as an explicit choice; --color=never on a terminal is plain" {
	NO_COLOR=1 run "$SIGWATCH" -q --time=none --color=always -- true
	assert_line -n 0 --regexp "^$(sgr_re 32 child) "
	colored_on_tmux --color=never
	assert_line -n 0 "SIGUSR1     SI_USER pid=$BASHPID(bash) uid=$(id -u)($(id -un))"
}

@test "an unknown --color is a one-line error naming it, status 125" {
	run "$SIGWATCH" --color=yes
	assert_failure 125
	assert_output "sigwatch: unknown --color 'yes' (auto, always or never)"
	run "$SIGWATCH" --color=sometimes
	assert_failure 125
	assert_output "sigwatch: unknown --color 'sometimes' (auto, always or never)"
}
