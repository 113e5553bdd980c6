#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The shell completions in completions/. The bash one is driven as bash
# drives it: bash-completion's main script and ours sourced, COMP_WORDS,
# COMP_CWORD, COMP_LINE and COMP_POINT set as readline sets them for a line
# with the cursor at its end, then the function "complete -p sigwatch"
# names is called, and its COMPREPLY compared, sorted, with the exact
# answer; once more through a real bash at a terminal (tmux). The zsh one
# is checked for syntax and driven in a real zsh through zsh/zpty. Both are
# checked against --help, so that a new option cannot be forgotten.
load test_helper

# bash-completion's main script (Debian's place unless set).
BASH_COMPLETION_SCRIPT=${BASH_COMPLETION_SCRIPT:-/usr/share/bash-completion/bash_completion}

setup_file() {
	# drive.bash LINE: complete LINE as bash would on a Tab at its end
	# and print COMPREPLY, sorted, one per line; the calls to compopt
	# (-o nospace) are written to $COMPOPT_LOG. The completion runs with
	# PATH=$DRIVE_PATH when that is set.
	cat >"$BATS_FILE_TMPDIR/drive.bash" <<'EOF'
source "$BASH_COMPLETION_SCRIPT" || exit 2
source "$TOP_SRCDIR/completions/bash/sigwatch" || exit 2
# compopt only works while bash itself is completing.
compopt() { printf '%s\n' "$*" >>"${COMPOPT_LOG:-/dev/null}"; }

line=$1
# Readline's words: split at blanks, and "=", ":" and runs of "<" and ">"
# are words of their own ("--time=iso" is "--time" "=" "iso"), as
# COMP_WORDBREAKS says. No quotes in these lines.
COMP_WORDS=()
read -ra blank_words <<<"$line"
for w in "${blank_words[@]}"; do
	while [[ $w =~ ^([^=:\<\>]*)([=:]|[\<\>]+)(.*)$ ]]; do
		[[ -n ${BASH_REMATCH[1]} ]] && COMP_WORDS+=("${BASH_REMATCH[1]}")
		COMP_WORDS+=("${BASH_REMATCH[2]}")
		w=${BASH_REMATCH[3]}
	done
	[[ -n $w ]] && COMP_WORDS+=("$w")
done
[[ $line == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}

# The function registered for the command's name, as bash looks it up.
spec=$(complete -p "${COMP_WORDS[0]##*/}") || exit 2
[[ $spec == *' -F '* ]] || exit 2
func=${spec#* -F }
func=${func%% *}
COMPREPLY=()
saved_path=$PATH
PATH=${DRIVE_PATH:-$PATH}
"$func" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
	"${COMP_WORDS[COMP_CWORD - 1]}"
PATH=$saved_path
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort
EOF

	# zdrive.zsh ZDOTDIR LINE: type LINE and a Tab in an interactive zsh
	# (under zsh/zpty) that loads compinit with completions/zsh first in
	# $fpath, and print every match offered, one per line.
	cat >"$BATS_FILE_TMPDIR/zdrive.zsh" <<'EOF'
zmodload zsh/zpty || exit 2
dir=$1 line=$2
cat >$dir/.zshrc <<RC
PS1='' RPS1='' PS2=''
fpath=(${(q)TOP_SRCDIR}/completions/zsh \$fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
# Every process, not only those of this terminal (zsh's default "ps").
zstyle ':completion:*:processes' command 'ps -e -o pid,args'
[[ -z \$ZDRIVE_PATH ]] || PATH=\$ZDRIVE_PATH
RC
cat >>$dir/.zshrc <<'RC'
# Every match goes through compadd: print those that match the line (-O:
# matched, not added) and add nothing. The -O, -A and -D forms are the
# completion system's own computations: leave them be.
compadd() {
	if [[ ${(j: :)@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a hits
	builtin compadd -O hits "$@"
	# ">>" written so that the echo of this file is not taken for it
	(( $#hits )) && print -rl -- $'\x3e\x3e'${^hits} >/dev/tty
	return $(( ! $#hits ))
}
zdrive_end() { print -r -- $'\x3e\x3eEND' >/dev/tty; exit; }
comppostfuncs=(zdrive_end)
RC
zpty z "ZDOTDIR=${(q)dir} zsh -i" || exit 2
zpty -w -n z "$line"$'\t'
while zpty -r z out; do
	print -rn -- "$out"
	[[ $out == *'>>END'* ]] && break
done | tr -d '\r' | sed -n 's/^.*>>//p' | grep -vx END | LC_ALL=C sort -u
EOF
}

setup() {
	[[ -r $BASH_COMPLETION_SCRIPT ]] ||
		fail "no $BASH_COMPLETION_SCRIPT: scripts/install-deps installs bash-completion"
	# "sigwatch" is the sigwatch under test (not under valgrind: its
	# --list is only read).
	SW_BIN=${SIGWATCH_REAL:-$SIGWATCH}
	PATH=${SW_BIN%/*}:$PATH
	export BASH_COMPLETION_SCRIPT COMPOPT_LOG=$BATS_TEST_TMPDIR/compopt
	: >"$COMPOPT_LOG"
	# A directory of the test's own, for files to complete.
	mkdir "$BATS_TEST_TMPDIR/work"
	cd "$BATS_TEST_TMPDIR/work"
}

# complete_bash LINE: run the bash completion for LINE; its words in
# $output, sorted, one per line.
complete_bash() {
	run --separate-stderr bash "$BATS_FILE_TMPDIR/drive.bash" "$1"
	assert_success
	assert_equal "$stderr" ""
}

# assert_reply WORD...: the completion offered exactly these words.
assert_reply() {
	if (($# == 0)); then
		assert_output ""
	else
		assert_output "$(printf '%s\n' "$@" | LC_ALL=C sort)"
	fi
}

# assert_nospace yes|no: whether the completion asked for no space after
# the word.
assert_nospace() {
	if [[ $1 == yes ]]; then
		assert_equal "$(grep -c -- '-o nospace' "$COMPOPT_LOG")" 1
	else
		assert_equal "$(grep -c -- '-o nospace' "$COMPOPT_LOG")" 0
	fi
}

# Long options (--name, without "=...") and short ones (-c) from --help.
help_long_opts() {
	"$SIGWATCH" --help | sed -nE 's/^ +(-[[:alnum:]], )?(--[a-z][a-z-]*).*/\2/p'
}
help_short_opts() {
	"$SIGWATCH" --help | sed -nE 's/^ +(-[[:alnum:]]), .*/\1/p'
}

# The names (without SIG) of the signals that can be watched, from
# sigwatch --list.
watchable_names() {
	"$SIGWATCH" --list |
		awk '!/\(cannot be watched\)$/ { sub(/^SIG/, "", $2); print $2 }'
}

# A directory of commands for "-- sle": sleep and sleepless only, so that
# the answer does not depend on what is installed.
make_bin() {
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -sf "$(command -v sleep)" "$BATS_TEST_TMPDIR/bin/sleep"
	printf '#!/bin/sh\n' >"$BATS_TEST_TMPDIR/bin/sleepless"
	chmod +x "$BATS_TEST_TMPDIR/bin/sleepless"
	export DRIVE_PATH=$BATS_TEST_TMPDIR/bin
}

# --- bash: options ---------------------------------------------------------

# rtmin_tens: the names RTMIN+10 on, as far as the low half of the
# real-time signals goes (glibc: RTMIN+15, musl: RTMIN+14).
rtmin_tens() {
	local k
	for ((k = 10; k <= (RTMAX - RTMIN) / 2; k++)); do echo "RTMIN+$k"; done
}

@test "bash: an option prefix completes to the options, '=' and no space for an argument" {
	complete_bash "sigwatch --ti"
	assert_reply --time= --timeout=
	assert_nospace yes
}

@test "bash: a flag completes with a space after it" {
	complete_bash "sigwatch --summ"
	assert_reply --summary
	assert_nospace no
	complete_bash "sigwatch --no-"
	assert_reply --no-follow --no-forward --no-resolve
}

@test "bash: --color is offered bare and with '='" {
	complete_bash "sigwatch --col"
	assert_reply --color --color=
}

@test "bash: '-' offers exactly the options --help lists, short and long" {
	local want
	want=$( (help_long_opts; help_short_opts) | LC_ALL=C sort)
	[ "$(wc -l <<<"$want")" -ge 25 ] || fail "too few options in --help: $want"
	complete_bash "sigwatch -"
	# "--opt=" is --opt; "--color=" is the same option as "--color".
	assert_equal "$(sed 's/=$//' <<<"$output" | LC_ALL=C sort -u)" "$want"
}

@test "bash: '--' offers every long option of --help" {
	local name missing=
	complete_bash "sigwatch --"
	for name in $(help_long_opts); do
		grep -qxE -- "$name=?" <<<"$output" || missing="$missing $name"
	done
	[ -z "$missing" ] || fail "not offered:$missing"
	refute_line --regexp '^-[^-]'
}

@test "bash: nothing after --help or --version" {
	complete_bash "sigwatch --help -"
	assert_reply
	complete_bash "sigwatch -V --"
	assert_reply
}

# --- bash: option values -----------------------------------------------------

@test "bash: --format words, after '=' and in the next word, not after an abbreviation" {
	complete_bash "sigwatch --format="
	assert_reply json text
	complete_bash "sigwatch --format j"
	assert_reply json
	# sigwatch refuses "--form=text": nothing to complete
	complete_bash "sigwatch --form=t"
	assert_reply
}

@test "bash: --time words" {
	complete_bash "sigwatch --time="
	assert_reply epoch iso local mono none relative
	complete_bash "sigwatch --time r"
	assert_reply relative
}

@test "bash: --color words only after '=' (its argument is optional)" {
	complete_bash "sigwatch --color="
	assert_reply always auto never
	complete_bash "sigwatch --color=n"
	assert_reply never
	# "--color WORD": WORD is the command.
	make_bin
	complete_bash "sigwatch --color sle"
	assert_reply sleep sleepless
}

@test "bash: --forward-to words" {
	complete_bash "sigwatch --forward-to="
	assert_reply child group
	complete_bash "sigwatch --forward-to g"
	assert_reply group
}

@test "bash: no completion for a count or a duration, not even files" {
	touch 1s 2h 3
	local line
	for line in "sigwatch -n " "sigwatch --count=" "sigwatch --timeout=" \
		"sigwatch --kill-after " "sigwatch -q -n 3 --timeout="; do
		complete_bash "$line"
		assert_reply
	done
}

@test "bash: -o, --output and --pidfile complete files" {
	mkdir sub
	touch a.log a.txt b.txt
	complete_bash "sigwatch -o a."
	assert_reply a.log a.txt
	complete_bash "sigwatch --output=b"
	assert_reply b.txt
	complete_bash "sigwatch --pidfile "
	assert_reply a.log a.txt b.txt sub
	complete_bash "sigwatch -qo s"
	assert_reply sub
}

@test "bash: --inspect completes live process IDs" {
	sleep 100 3>&- &
	local pid=$! live
	complete_bash "sigwatch --inspect=$pid"
	kill "$pid"
	assert_line "$pid"
	# Everything offered is a live process (then) that starts with it.
	for live in "${lines[@]}"; do
		[[ $live == "$pid"* ]] || fail "offered $live for $pid"
	done
	complete_bash "sigwatch --inspect $$"
	assert_line "$$"
}

# --- bash: SPEC ----------------------------------------------------------------

@test "bash: -s completes signal names without SIG" {
	complete_bash "sigwatch -s US"
	assert_reply USR1 USR2
	complete_bash "sigwatch --signals=US"
	assert_reply USR1 USR2
	complete_bash "sigwatch --signals US"
	assert_reply USR1 USR2
	complete_bash "sigwatch -js US"
	assert_reply USR1 USR2
}

@test "bash: an empty SPEC item offers every signal that can be watched, and all" {
	complete_bash "sigwatch -s "
	assert_output "$( (watchable_names; echo all) | LC_ALL=C sort)"
	refute_line KILL
	refute_line STOP
	assert_line RTMIN+3
	assert_line RTMAX-2
	# every watchable signal, and all
	assert_equal "${#lines[@]}" $((NWATCH + 1))
}

@test "bash: only the item after the last comma is completed" {
	complete_bash "sigwatch -s INT,TE"
	assert_reply INT,TERM
	complete_bash "sigwatch --signals=HUP,INT,QU"
	assert_reply HUP,INT,QUIT
	complete_bash "sigwatch -sINT,US"
	assert_reply -sINT,USR1 -sINT,USR2
}

@test "bash: --exit-on completes a SPEC, real-time names too" {
	complete_bash "sigwatch --exit-on=RTMIN+1"
	assert_reply RTMIN+1 $(rtmin_tens)
	complete_bash "sigwatch --exit-on RTMAX-"
	assert_reply RTMAX-1 RTMAX-2 RTMAX-3 RTMAX-4 RTMAX-5 RTMAX-6 RTMAX-7 \
		RTMAX-8 RTMAX-9 RTMAX-10 RTMAX-11 RTMAX-12 RTMAX-13 RTMAX-14
}

@test "bash: removal items keep their '-', and 'all' is not offered after one" {
	complete_bash "sigwatch -s all,-CH"
	assert_reply all,-CHLD
	complete_bash "sigwatch -s -WI"
	assert_reply -WINCH
	complete_bash "sigwatch -s all,-a"
	assert_reply all,-abrt all,-alrm
}

@test "bash: numbers once a digit is typed, without those that cannot be watched" {
	complete_bash "sigwatch -s 1"
	assert_reply 1 10 11 12 13 14 15 16 17 18
	complete_bash "sigwatch -s INT,3"
	# 34 is reserved under musl, whose RTMIN is 35
	assert_reply INT,3 INT,30 INT,31 $(for ((n = 34; n <= 39; n++)); do
		((n < RTMIN)) || echo "INT,$n"; done)
	complete_bash "sigwatch -s KI"
	assert_reply
}

@test "bash: names follow the case typed, and a typed SIG is kept" {
	complete_bash "sigwatch -s us"
	assert_reply usr1 usr2
	complete_bash "sigwatch -s sigte"
	assert_reply sigterm
	complete_bash "sigwatch -s SIGUS"
	assert_reply SIGUSR1 SIGUSR2
	# No name starts with SI: SIG being typed.
	complete_bash "sigwatch -s INT,SI"
	assert_output "$(watchable_names | sed 's/^/INT,SIG/' | LC_ALL=C sort)"
	complete_bash "sigwatch -s A"
	assert_reply ABRT ALL ALRM
	complete_bash "sigwatch -s a"
	assert_reply abrt all alrm
}

@test "bash: the end of a range, which may be a signal that cannot be watched" {
	complete_bash "sigwatch -s HUP-TE"
	assert_reply HUP-TERM
	complete_bash "sigwatch -s 1-KI"
	assert_reply 1-KILL
	complete_bash "sigwatch -s RTMIN-RTMAX-1"
	assert_reply RTMIN-RTMAX-1 RTMIN-RTMAX-10 RTMIN-RTMAX-11 RTMIN-RTMAX-12 \
		RTMIN-RTMAX-13 RTMIN-RTMAX-14
	# RTMAX-2-: the dash of RTMAX-2 belongs to the name.
	complete_bash "sigwatch -s RTMAX-2-RTMA"
	assert_line RTMAX-2-RTMAX
	assert_line RTMAX-2-RTMAX-1
	refute_line --regexp 'RTMIN'
}

@test "bash: the signal names come from --list of the sigwatch being completed" {
	# A sigwatch with signals of its own: its names, no one else's.
	mkdir fake
	cat >fake/sigwatch <<-'EOF'
	#!/bin/sh
	[ "$1" = --list ] || exit 125
	printf '%2d %-11s %s\n' 1 SIGHUP Hangup 9 SIGKILL 'Killed (cannot be watched)' \
		10 SIGUSR1 'User defined signal 1' 11 SIGFAKEONE 'Fake signal' \
		32 SIG32 'Reserved by the C library (cannot be watched)'
	EOF
	chmod +x fake/sigwatch
	complete_bash "$PWD/fake/sigwatch -s "
	assert_reply FAKEONE HUP USR1 all
	complete_bash "$PWD/fake/sigwatch --exit-on=INT,F"
	assert_reply INT,FAKEONE
	# The one on PATH is the one under test, whose names are the real ones.
	complete_bash "sigwatch -s F"
	assert_reply FPE
}

@test "bash: a sigwatch that cannot be run still gets bash's signal names" {
	complete_bash "$PWD/not-built/sigwatch -s US"
	assert_reply USR1 USR2
	complete_bash "$PWD/not-built/sigwatch -s all,-KI"
	assert_reply
}

# --- bash: the command ---------------------------------------------------------

@test "bash: after '--' or the first non-option word: command names" {
	make_bin
	complete_bash "sigwatch -- sle"
	assert_reply sleep sleepless
	complete_bash "sigwatch -q -s INT,TERM --time=iso -o out sle"
	assert_reply sleep sleepless
	complete_bash "sigwatch 2>/dev/null -- sle"
	assert_reply sleep sleepless
	# "-o -- sle": "--" is the file, "sle" the command.
	complete_bash "sigwatch -o -- sle"
	assert_reply sleep sleepless
}

@test "bash: the command's arguments get the command's own completion" {
	touch x.txt
	# sleep has none of its own: bash-completion's default, files.
	complete_bash "sigwatch -- sleep "
	assert_reply x.txt
	complete_bash "sigwatch --time=iso --format json -n 2 sleep x"
	assert_reply x.txt
	# sigwatch wrapping sigwatch: its options, its SPEC.
	complete_bash "sigwatch --format=json -- sigwatch --forw"
	assert_reply --forward-to=
	complete_bash "sigwatch -s INT -- sigwatch --exit-on=US"
	assert_reply USR1 USR2
	# After "--", "-s" is the command's, not sigwatch's.
	complete_bash "sigwatch -- -s US"
	assert_reply
}

@test "bash: real bash at a terminal loads the completion by name and completes" {
	# bash-completion loads completions/sigwatch from this directory the
	# first time sigwatch is completed, as from completionsdir.
	mkdir -p bc/completions
	ln -s "$TOP_SRCDIR/completions/bash/sigwatch" bc/completions/sigwatch
	cat >rc <<-EOF
	PS1='$ '
	PATH='$PATH'
	BASH_COMPLETION_USER_DIR='$PWD/bc'
	source '$BASH_COMPLETION_SCRIPT'
	EOF
	TMUX_SOCK=sigwatch-completion-$$-$BATS_TEST_NUMBER
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 10 \
		"bash --noprofile --rcfile '$PWD/rc' -i"
	type_and_see "" "" '$ '
	type_and_see "sigwatch --form" Tab '$ sigwatch --format='
	type_and_see "j" Tab '$ sigwatch --format=json '
	type_and_see "-s INT,TE" Tab '$ sigwatch --format=json -s INT,TERM '
}

# type_and_see KEYS KEY LINE: send KEYS literally, then KEY (either may be
# empty), to the tmux bash and wait until the prompt line reads LINE, with the cursor at its
# end (so a trailing space in LINE, the space completion adds, counts).
type_and_see() {
	local i seen= x=
	[[ -z $1 ]] || tmux -L "$TMUX_SOCK" send-keys -l -- "$1"
	[[ -z $2 ]] || tmux -L "$TMUX_SOCK" send-keys "$2"
	for ((i = 0; i < 500; i++)); do
		seen=$(tmux -L "$TMUX_SOCK" capture-pane -p | grep '^\$' | tail -n 1)
		x=$(tmux -L "$TMUX_SOCK" display-message -p '#{cursor_x}')
		[[ $seen == "${3%% }" && $x == "${#3}" ]] && return 0
		sleep 0.01
	done
	tmux -L "$TMUX_SOCK" capture-pane -p >&2
	fail "the line reads '$seen' with the cursor at $x, not '$3'"
}

# --- zsh -----------------------------------------------------------------------

@test "zsh: every option of --help is in _sigwatch, and nothing else" {
	local file=$TOP_SRCDIR/completions/zsh/_sigwatch name c missing= want got
	for name in $(help_long_opts); do
		grep -qE -- "[{,'\")*]$name(=-?)?[[,}]" "$file" || missing="$missing $name"
	done
	for c in $(help_short_opts); do
		grep -qE -- "[{'\"]$c\+?[[,]" "$file" || missing="$missing $c"
	done
	[ -z "$missing" ] || fail "not in _sigwatch:$missing"
	want=$(help_long_opts | LC_ALL=C sort)
	got=$(grep -oE -- "[{,'\")*]--[a-z][a-z-]*(=-?)?[[,}]" "$file" |
		sed -E 's/^.//; s/(=-?)?.$//' | LC_ALL=C sort -u)
	assert_equal "$got" "$want"
}

@test "zsh: _sigwatch is valid zsh" {
	command -v zsh >/dev/null || skip "no zsh"
	run zsh -n "$TOP_SRCDIR/completions/zsh/_sigwatch"
	assert_success
	assert_output ""
	run head -n 1 "$TOP_SRCDIR/completions/zsh/_sigwatch"
	assert_output "#compdef sigwatch"
}

# complete_zsh LINE: the matches a real zsh offers for LINE and a Tab.
complete_zsh() {
	command -v zsh >/dev/null || skip "no zsh"
	zsh -fc 'zmodload zsh/zpty' || skip "no zsh/zpty"
	mkdir -p "$BATS_TEST_TMPDIR/zdot"
	ZDRIVE_PATH=${ZDRIVE_PATH-} run --separate-stderr timeout 20 zsh -f "$BATS_FILE_TMPDIR/zdrive.zsh" \
		"$BATS_TEST_TMPDIR/zdot" "$1"
	assert_success
}

@test "zsh: options and their words" {
	complete_zsh "sigwatch --ti"
	assert_reply --time --timeout
	complete_zsh "sigwatch --format="
	assert_reply json text
	complete_zsh "sigwatch --time="
	assert_reply epoch iso local mono none relative
	complete_zsh "sigwatch --color="
	assert_reply always auto never
	complete_zsh "sigwatch --forward-to "
	assert_reply child group
	complete_zsh "sigwatch --timeout="
	assert_reply
}

@test "zsh: SPEC items: names, numbers, removals, ranges" {
	complete_zsh "sigwatch -s US"
	assert_reply USR1 USR2
	complete_zsh "sigwatch -s INT,TE"
	assert_reply TERM
	complete_zsh "sigwatch --signals=all,-CH"
	assert_reply CHLD
	complete_zsh "sigwatch --exit-on=RTMIN+1"
	assert_reply RTMIN+1 $(rtmin_tens)
	complete_zsh "sigwatch -s 1"
	assert_reply 1 10 11 12 13 14 15 16 17 18
	complete_zsh "sigwatch -s RTMIN-RTMAX-1"
	assert_reply RTMAX-1 RTMAX-10 RTMAX-11 RTMAX-12 RTMAX-13 RTMAX-14
	complete_zsh "sigwatch -s KI"
	assert_reply
	complete_zsh "sigwatch -s 1-KI"
	assert_reply KILL
}

@test "zsh: the signal names come from --list of the sigwatch being completed" {
	mkdir fake
	cat >fake/sigwatch <<-'EOF'
	#!/bin/sh
	[ "$1" = --list ] || exit 125
	printf '%2d %-11s %s\n' 1 SIGHUP Hangup 11 SIGFAKEONE 'Fake signal'
	EOF
	chmod +x fake/sigwatch
	complete_zsh "$PWD/fake/sigwatch -s F"
	assert_reply FAKEONE
	complete_zsh "sigwatch -s F"
	assert_reply FPE
}

@test "zsh: files, process IDs, and the command after '--'" {
	touch a.log a.txt
	complete_zsh "sigwatch -o a."
	assert_reply a.log a.txt
	complete_zsh "sigwatch --pidfile=a.l"
	assert_reply a.log
	sleep 100 3>&- &
	local pid=$!
	complete_zsh "sigwatch --inspect=$pid"
	kill "$pid"
	assert_line "$pid"
	make_bin
	ZDRIVE_PATH=$DRIVE_PATH complete_zsh "sigwatch -q -- sle"
	assert_reply sleep sleepless
	complete_zsh "sigwatch -q -- sleep a.t"
	assert_reply a.txt
}
