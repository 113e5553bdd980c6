#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The licence: COPYING is ISC, and every source file says so in an SPDX
# line on its first line, or its second after a #! or #compdef line.

load test_helper

SPDX='SPDX-License-Identifier: ISC'

# Files that are not source: documentation, data, and JSON (which has no
# comments). Everything else in the tree must carry the SPDX line.
not_source() {
	[[ $1 == *.md || $1 == */corpus/* || $1 == */.gitignore ||
	    $1 == .gitignore || $1 == */.gitkeep || $1 == *.json ||
	    $1 == COPYING || $1 == NEWS ]]
}

# source_files: the tracked files of a git checkout; in a tarball (make
# distcheck, no .git) the files of the tree the tarball ships, less what
# configure and automake generate.
source_files() {
	local top
	top=$(git -C "$TOP_SRCDIR" rev-parse --show-toplevel 2>/dev/null) || top=
	if [[ -n $top && $(cd "$top" && pwd -P) == $(cd "$TOP_SRCDIR" && pwd -P) ]]; then
		git -C "$TOP_SRCDIR" ls-files
	else
		(cd "$TOP_SRCDIR" && find src tests bench scripts completions man .ci \
		    configure.ac Makefile.am -type f ! -name Makefile.in | sed 's|^\./||')
	fi
}

@test "COPYING is the ISC licence of the sigwatch authors" {
	run head -n 3 "$TOP_SRCDIR/COPYING"
	assert_output "Copyright (c) 2026 The sigwatch authors

Permission to use, copy, modify, and distribute this software for any"
	run grep -c 'THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES' "$TOP_SRCDIR/COPYING"
	assert_output 1
}

@test "every source file has the SPDX line on its first line, or second after #! or #compdef" {
	local f n=0 missing=()
	while read -r f; do
		not_source "$f" && continue
		n=$((n + 1))
		if ! head -n 1 "$TOP_SRCDIR/$f" | grep -qF "$SPDX" &&
		    ! { head -n 1 "$TOP_SRCDIR/$f" | grep -qE '^#(!|compdef)' &&
		    sed -n 2p "$TOP_SRCDIR/$f" | grep -qF "$SPDX"; }; then
			missing+=("$f")
		fi
	done < <(source_files)
	# The list is really the tree's: src/main.c and this file are in it.
	source_files | grep -qx src/main.c
	source_files | grep -qx tests/licence.bats
	((n > 100)) || fail "only $n source files found"
	((${#missing[@]} == 0)) || fail "no '$SPDX' line in: ${missing[*]}"
}
