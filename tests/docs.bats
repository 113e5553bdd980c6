#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The manual page against the program: every option --help lists is
# documented and nothing documented is gone, the SYNOPSIS and --help list
# the same options with the same arguments, the sections and exit
# statuses are there, every JSON key the code can emit is described, the
# documented error messages are the real ones, and the page is clean mdoc
# (mandoc and groff say nothing). The examples are run by examples.bats.
load test_helper

MAN=$TOP_SRCDIR/man/sigwatch.1

# The body of one .Sh section of the manual page, without its heading.
man_section() {
	awk -v want="$1" '
		/^\.Sh / { on = (substr($0, 5) == want); next }
		on' "$MAN"
}

# Long option names (without "--") from --help, one per line.
help_long_opts() {
	"$SIGWATCH" --help |
	    sed -nE 's/^ +(-[[:alnum:]], )?--([a-z][a-z-]*).*/\2/p'
}

# Short option letters from --help, one per line.
help_short_opts() {
	"$SIGWATCH" --help | sed -nE 's/^ +-([[:alnum:]]), .*/\1/p'
}

# Every option of --help, one per line: "SHORT LONG ARG", SHORT "-" when
# there is none, ARG "none", "ARG" (required) or "[ARG]" (optional).
help_opts() {
	"$SIGWATCH" --help | sed -nE '
		s/^ +(-([[:alnum:]]), )?(--[a-z][a-z-]*)(=[A-Z:]+)?(\[=[A-Z]+\])?( .*)?$/\2|\3|\4\5/p' |
	    awk -F '|' '{ s = $1 == "" ? "-" : "-" $1
		a = $3 == "" ? "none" : $3 ~ /^\[/ ? "[ARG]" : "ARG"
		print s, $2, a }'
}

# Every option of the SYNOPSIS, one per line: "-s ARG", "-h none",
# "--color [ARG]": each Fl macro, with what follows it (Ar, Ns = Ns Ar,
# or an optional Ns Op/Oo = Ns Ar); bundled letters (Fl hjlqV) one by
# one; "Fl -" (the end of options) left out.
synopsis_opts() {
	man_section SYNOPSIS | awk '
		/^\./ {
			n = split($0, w, " ")
			for (i = 1; i < n; i++) {
				if (w[i] != "Fl" && w[i] != ".Fl") continue
				f = w[++i]
				a = "none"
				if (w[i + 1] == "Ar")
					a = "ARG"
				else if (w[i + 1] == "Ns" && w[i + 2] == "=" && w[i + 3] == "Ns" && w[i + 4] == "Ar")
					a = "ARG"
				else if (w[i + 1] == "Ns" && (w[i + 2] == "Op" || w[i + 2] == "Oo"))
					a = "[ARG]"
				if (f == "-")
					continue
				if (f ~ /^-/) {
					print "-" f, a
					continue
				}
				for (j = 1; j < length(f); j++)
					print "-" substr(f, j, 1), "none"
				print "-" substr(f, length(f), 1), a
			}
		}' | sort -u
}

# The numbers in the "Exit status:" paragraph of --help.
help_exit_statuses() {
	"$SIGWATCH" --help |
	    awk '/^Exit status:/ { on = 1 } on && /^$/ { exit } on' |
	    grep -oE '\<[0-9]+\>'
}

@test "man page: every long option in --help is in OPTIONS and SYNOPSIS" {
	local opts name missing=
	opts=$(help_long_opts)
	[ "$(wc -l <<<"$opts")" -ge 10 ] ||
	    fail "found too few long options in --help: $opts"
	for name in $opts; do
		man_section OPTIONS |
		    grep -qE "^\.It .*Fl -$name( |$)" ||
		    missing="$missing --$name(OPTIONS)"
	done
	# In the SYNOPSIS an option with a short form may appear as that.
	for name in $("$SIGWATCH" --help |
	    sed -nE 's/^ {4,}--([a-z][a-z-]*).*/\1/p'); do
		man_section SYNOPSIS | grep -qE "Fl -$name( |$)" ||
		    missing="$missing --$name(SYNOPSIS)"
	done
	[ -z "$missing" ] || fail "not in man/sigwatch.1:$missing"
}

@test "man page: every short option in --help is in OPTIONS and SYNOPSIS" {
	local opts c missing=
	opts=$(help_short_opts)
	[ "$(wc -l <<<"$opts")" -ge 5 ] ||
	    fail "found too few short options in --help: $opts"
	for c in $opts; do
		man_section OPTIONS | grep -qE "^\.It Fl $c( |$)" ||
		    missing="$missing -$c(OPTIONS)"
		man_section SYNOPSIS |
		    grep -qE "Fl ([[:alnum:]]*$c[[:alnum:]]*)( |$)" ||
		    missing="$missing -$c(SYNOPSIS)"
	done
	[ -z "$missing" ] || fail "not in man/sigwatch.1:$missing"
}

@test "man page: every option documented in OPTIONS exists in --help" {
	local long short name c stale=
	long=$(help_long_opts)
	short=$(help_short_opts)
	for name in $(man_section OPTIONS |
	    grep -oE 'Fl -[a-z][a-z-]*' | cut -c5- | sort -u); do
		grep -qx -- "$name" <<<"$long" || stale="$stale --$name"
	done
	for c in $(man_section OPTIONS |
	    sed -nE 's/^\.It Fl ([[:alnum:]])( .*)?$/\1/p'); do
		grep -qx -- "$c" <<<"$short" || stale="$stale -$c"
	done
	[ -z "$stale" ] || fail "in man/sigwatch.1 but not in --help:$stale"
}

@test "man page: has the NAME SYNOPSIS DESCRIPTION OPTIONS EXIT STATUS EXAMPLES sections" {
	local s missing=
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES; do
		grep -qx "\.Sh $s" "$MAN" || missing="$missing '$s'"
	done
	[ -z "$missing" ] || fail "sections missing from man/sigwatch.1:$missing"
}

@test "man page: the SYNOPSIS and --help have the same options, with the same arguments" {
	local -A syn=() arg=()
	local o a s l shown problems=
	while read -r o a; do
		syn[$o]=$a
	done < <(synopsis_opts)
	[ "${#syn[@]}" -ge 10 ] || fail "found too few options in the SYNOPSIS: ${!syn[*]}"
	while read -r s l a; do
		arg[$l]=$a
		[[ $s == - ]] || arg[$s]=$a
		# In the SYNOPSIS, an option with a short form may appear as
		# either.
		shown=
		[[ $s != - && -n ${syn[$s]+set} ]] && shown=$s
		[[ -z $shown && -n ${syn[$l]+set} ]] && shown=$l
		[[ $s == - ]] || l="$s, $l"
		[[ -n $shown ]] || problems+=$'\n'"  $l: in --help, not in the SYNOPSIS"
	done < <(help_opts)
	[ "${#arg[@]}" -ge 15 ] || fail "found too few options in --help: ${!arg[*]}"
	for o in "${!syn[@]}"; do
		if [[ -z ${arg[$o]+set} ]]; then
			problems+=$'\n'"  $o: in the SYNOPSIS, not in --help"
		elif [[ ${arg[$o]} != "${syn[$o]}" ]]; then
			problems+=$'\n'"  $o: argument ${syn[$o]} in the SYNOPSIS, ${arg[$o]} in --help"
		fi
	done
	[ -z "$problems" ] || fail "man/sigwatch.1's SYNOPSIS and --help disagree:$problems"
}

@test "man page: every exit status in --help is in EXIT STATUS" {
	local codes n missing=
	codes=$(help_exit_statuses)
	[ "$(wc -l <<<"$codes")" -ge 5 ] ||
	    fail "found too few exit statuses in --help: $codes"
	for n in $codes; do
		man_section "EXIT STATUS" | grep -qE "^\.It (Li |Ql )?$n([^0-9]|$)" ||
		    missing="$missing $n"
	done
	[ -z "$missing" ] || fail "exit statuses not in EXIT STATUS:$missing"
}

@test "man page: every JSON key of an event is in the schema table" {
	local keys k missing=
	keys=$(cat "$TOP_SRCDIR/src/format_json.c" "$TOP_SRCDIR/src/fields.c" |
	    grep -oE '(set\(o|put_key\(p|FIELD\(F_[A-Z_]+),[[:space:]]*"[a-z_]+"' |
	    sed -E 's/.*"(.*)"/\1/' | sort -u)
	[ "$(wc -l <<<"$keys")" -ge 25 ] ||
	    fail "found too few keys in src/format_json.c and src/fields.c: $keys"
	for k in $keys; do
		man_section OUTPUT | grep -qE "^\.It Li $k Ta " ||
		    missing="$missing $k"
	done
	[ -z "$missing" ] || fail "JSON keys not documented:$missing"
}

@test "man page: each kind of JSON event's table has the schema's keys, with their types, always there where required" {
	run python3 "$TOP_SRCDIR/tests/check-man-json" "$MAN" "$TOP_SRCDIR/man/sigwatch.schema.json"
	assert_success
	assert_output ""
}

@test "man page: a key of the schema without its row, with another type, or always there when optional fails, naming each" {
	jq '."$defs".group.properties.spare = {"type": "integer"} |
	    ."$defs".summary.properties.by_code.items.properties.spare = {"type": "integer"}' \
	    "$TOP_SRCDIR/man/sigwatch.schema.json" >"$BATS_TEST_TMPDIR/schema.json"
	sed -e '/^\.It Li reinjected Ta /d' \
	    -e 's/^\(\.It Li threads Ta \)integer\( Ta the number of threads\)$/\1string\2/' \
	    -e 's/^\(\.It Li value Ta integer Ta \)with Li SI_QUEUE$/\1always/' \
	    "$MAN" >"$BATS_TEST_TMPDIR/man"
	run -1 python3 "$TOP_SRCDIR/tests/check-man-json" "$BATS_TEST_TMPDIR/man" "$BATS_TEST_TMPDIR/schema.json"
	assert_output "man page JSON: undelivered: key 'value' is always there in the manual but not required in the schema
man page JSON: group: key 'spare' has no row in the manual's table
man page JSON: attach: key 'reinjected' has no row in the manual's table
man page JSON: detach: key 'reinjected' has no row in the manual's table
man page JSON: summary: the manual names the keys ['code', 'count', 'si_code', 'signal', 'signo'] of 'by_code', the schema ['code', 'count', 'si_code', 'signal', 'signo', 'spare']
man page JSON: inspect: key 'threads' is 'string' in the manual, 'integer' in the schema"
}

@test "man page: every key of --summary and --inspect JSON is documented" {
	local keys k missing=
	keys=$(cat "$TOP_SRCDIR/src/summary.c" "$TOP_SRCDIR/src/inspect.c" |
	    grep -oE '(json_set\(o,|struct row\)\{) "[a-z_]+"' |
	    sed -E 's/.*"(.*)"/\1/' | sort -u)
	[ "$(wc -l <<<"$keys")" -ge 25 ] ||
	    fail "found too few keys in src/summary.c and src/inspect.c: $keys"
	# a table row of its own, or named in the row of the array holding it
	for k in $keys; do
		man_section OUTPUT |
		    grep -qE "^\.It Li ([a-z_]+ , )*$k( ,| Ta )|^\.It Li [a-z_]+ Ta array of objects Ta Li .*\<$k\>" ||
		    missing="$missing $k"
	done
	[ -z "$missing" ] || fail "JSON keys not documented:$missing"
}

@test "man page: every key of --list --json is documented" {
	command -v jq >/dev/null || skip "jq is not installed"
	local keys k missing=
	keys=$("$SIGWATCH" --list --json | head -n 1 | jq -r 'keys[]')
	[ -n "$keys" ] || fail "--list --json printed no keys"
	for k in $keys; do
		man_section OPTIONS | grep -qE "^\.Li $k$" ||
		    missing="$missing $k"
	done
	[ -z "$missing" ] || fail "--list --json keys not documented:$missing"
}

@test "man page: SPEC error messages are the ones sigwatch prints" {
	local spec msg n=0
	# Pairs of ".It Fl s Ar SPEC ..." and the message on the next line.
	while IFS=$'\t' read -r spec msg; do
		[ "$spec" = "''" ] && spec=
		spec=${spec//\\&/}
		run "$SIGWATCH" -q --timeout=0.01 -s "$spec"
		assert_failure 125
		assert_output "sigwatch: $msg"
		n=$((n + 1))
	done < <(man_section "SIGNAL SPECIFICATIONS" | awk '
		/^\.It Fl s Ar / { split(substr($0, 13), w, " "); spec = w[1];
		    getline; printf "%s\t%s\n", spec, $0 }')
	[ "$n" -ge 5 ] || fail "found only $n documented SPEC errors"
}

@test "man page: mandoc -T lint is clean, style messages included" {
	command -v mandoc >/dev/null || skip "mandoc is not installed"
	# Whether an .Xr target is installed, and in mandoc.db, depends on
	# the machine, not on the page: those two messages are left out.
	run bash -c 'mandoc -T lint -W all "$1" 2>&1 |
	    grep -vE "outdated mandoc\.db lacks|referenced manual not found"' \
	    _ "$MAN"
	assert_output ''
}

@test "man page: groff -mandoc -ww is silent" {
	command -v groff >/dev/null || skip "groff is not installed"
	run groff -mandoc -ww -z "$MAN"
	assert_success
	assert_output ''
}

@test "README: the usage block is exactly what --help prints" {
	run awk 'f && /^```/ { exit } /^Usage: sigwatch/ { f = 1 } f' "$TOP_SRCDIR/README.md"
	assert_output "$("$SIGWATCH" --help)"
}

@test "README: the quick start has exactly the two commands, and .ci/run runs the second" {
	run awk '/^## Quick start/ { on = 1; next } /^## / { on = 0 } on && /^scripts\//' "$TOP_SRCDIR/README.md"
	assert_equal "${#lines[@]}" 2
	assert_line -n 0 --regexp '^scripts/demo( |$)'
	assert_line -n 1 --regexp '^scripts/check( |$)'
	run grep -c 'scripts/check' "$TOP_SRCDIR/.ci/run"
	assert_output 1
}

# The rows of the "Switching from tini and dumb-init" table, one per
# line: "PEER<TAB>THEIRS<TAB>SIGWATCH", continuation lines joined.
switching_rows() {
	man_section "WRAPPING A COMMAND" | awk '
		/^\.Ss / { on = ($0 == ".Ss Switching from tini and dumb-init"); next }
		!on { next }
		/^\.El/ { if (row != "") print row; exit }
		/^\.It (tini|dumb-init) Ta / { if (row != "") print row; row = substr($0, 5); next }
		row != "" { row = row " " $0 }' |
	    awk -F ' Ta ' '{ print $1 "\t" $2 "\t" $3 }'
}

@test "man page: the switching table covers tini's and dumb-init's options, each mapped to options the tests exercise" {
	local peer theirs ours o want missing= bad= n=0 covered=
	while IFS=$'\t' read -r peer theirs ours; do
		n=$((n + 1))
		covered+=" $peer:$(grep -oE '(Fl -?[A-Za-z][a-z-]*|Ev [A-Z_]+)' <<<"$theirs" | tr '\n' ' ')"
		[[ $ours == none:* ]] && continue
		[[ $ours =~ (Fl|Ev) ]] || bad+=$'\n'"  $peer $theirs: maps to nothing"
		for o in $(grep -oE 'Fl -[a-z][a-z-]*' <<<"$ours" | cut -c5-); do
			"$SIGWATCH" --help | grep -qE -- "--$o(\\[|=| |\$)" ||
			    bad+=$'\n'"  --$o: not in --help"
			grep -lqE -- "--$o(=| |\"|\$)" $(ls "$TOP_SRCDIR"/tests/*.bats | grep -v /docs.bats) ||
			    bad+=$'\n'"  --$o: no test uses it"
		done
		for o in $(grep -oE 'Fl [A-Za-z]( |$)' <<<"$ours" | cut -c4); do
			"$SIGWATCH" --help | grep -qE -- "^  -$o, " ||
			    bad+=$'\n'"  -$o: not in --help"
		done
		for o in $(grep -oE 'Ev SIGWATCH_[A-Z_]+' <<<"$ours" | cut -c4-); do
			grep -q -- "$o=" "$TOP_SRCDIR/tests/environment.bats" ||
			    bad+=$'\n'"  $o: not tested in environment.bats"
			grep -q "\"$o\"" "$TOP_SRCDIR/src/environment.c" ||
			    bad+=$'\n'"  $o: not a variable sigwatch reads"
		done
	done < <(switching_rows)
	[ "$n" -ge 12 ] || fail "found only $n rows in the switching table"
	# What the peers offer, from their --help and sources: each has a row.
	for want in "tini:Fl s" "tini:Ev TINI_SUBREAPER" "tini:Fl p" "tini:Fl g" \
	    "tini:Ev TINI_KILL_PROCESS_GROUP" "tini:Fl e" "tini:Fl v" \
	    "tini:Ev TINI_VERBOSITY" "tini:Fl w" "tini:Fl l" \
	    "dumb-init:Fl r" "dumb-init:Fl c" "dumb-init:Ev DUMB_INIT_SETSID" \
	    "dumb-init:Fl v" "dumb-init:Ev DUMB_INIT_DEBUG"; do
		grep -qE " ${want%%:*}:([^:]* )?${want#*:} " <<<"$covered " ||
		    missing+=" ${want}"
	done
	[ -z "$missing" ] || fail "not in the switching table:$missing"
	[ -z "$bad" ] || fail "the switching table maps to what is not there:$bad"
}

# man_rendered RENDERER: the manual page as plain text 80 columns wide,
# by mandoc or groff (as man(1) shows it with MANWIDTH=80), no trailing
# blanks.
man_rendered() {
	case $1 in
	mandoc) mandoc -T ascii -O width=80 "$MAN" ;;
	groff) groff -mandoc -T ascii -rLL=80n -P -cbou "$MAN" 2>/dev/null ;;
	esac | col -bx | sed 's/ *$//'
}

# The lines of the EXAMPLES section's literal blocks, as printed: the
# escapes examples.bats understands undone, leading blanks dropped.
examples_source_lines() {
	man_section EXAMPLES | awk '/^\.Bd -literal/ { on = 1; next }
		/^\.Ed/ { on = 0 } on' |
	    sed -E 's/\\e/\\/g; s/\\&//g; s/\\-/-/g; s/\\\(aq/'"'"'/g; s/\\\(dq/"/g; s/^ +//'
}

@test "man page: EXAMPLES fit in 80 columns, and no line of a literal block is wrapped" {
	local r found=0 long line text
	for r in mandoc groff; do
		command -v "$r" >/dev/null || continue
		found=1
		text=$(man_rendered "$r" | awk '/^EXAMPLES$/ { on = 1; next }
			/^[A-Z]/ { on = 0 } on')
		[ -n "$text" ] || fail "$r: no EXAMPLES section"
		long=$(awk 'length($0) > 80' <<<"$text")
		[ -z "$long" ] || fail "$r: EXAMPLES lines longer than 80 columns:
$long"
		# each line of a block shows whole on one line of its own
		while IFS= read -r line; do
			[ -n "$line" ] || continue
			sed 's/^ *//' <<<"$text" | grep -qxF -- "$line" ||
			    fail "$r: wrapped or missing at 80 columns: $line"
		done < <(examples_source_lines)
	done
	((found)) || skip "neither mandoc nor groff is installed"
}
