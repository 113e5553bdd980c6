#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The published JSON Schema, man/sigwatch.schema.json: it is one, the
# manual states its version, and every JSON line the rest of the suite
# saw validates against it (make check runs this file after all others;
# test_helper.bash collects the lines).

load test_helper

SCHEMA=$TOP_SRCDIR/man/sigwatch.schema.json
VALIDATE=$TOP_SRCDIR/tests/validate-json
# The whole suite sees over 500000 lines (the floods), and thousands even
# when the floods skip; fewer means that collecting broke.
MIN_LINES=5000

@test "every JSON line the test suite produced is valid by the schema" {
	[[ -n $JSON_CORPUS ]] || fail "no SIGWATCH_JSON_CORPUS: run the suite with make check"
	run python3 "$VALIDATE" "$SCHEMA" "$JSON_CORPUS" "$MIN_LINES"
	echo "$output"
	assert_success
}

@test "the schema is draft 2020-12, with its version as the end of its \$id" {
	run python3 -c '
import json, sys, jsonschema
s = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(s)
print(s["$schema"], s["$id"], s["schema_version"])' "$SCHEMA"
	assert_success
	assert_output --regexp '^https://json-schema.org/draft/2020-12/schema urn:sigwatch:events:([0-9]+) \1$'
}

@test "the manual states the schema's version and where it is installed" {
	version=$(jq .schema_version "$SCHEMA")
	run grep -c -F "version $version of the schema" "$TOP_SRCDIR/man/sigwatch.1"
	assert_output 1
	run grep -c -x -F '.It Pa /usr/share/sigwatch/sigwatch.schema.json' "$TOP_SRCDIR/man/sigwatch.1"
	assert_output 1
}

# A corpus of one test's lines, in $BATS_TEST_TMPDIR/corpus.
one_test_corpus() {
	mkdir -p "$BATS_TEST_TMPDIR/corpus"
	{
		printf '#\t%s\n' 'wrap.bats:7 a test (run sigwatch)'
		printf '%s\n' "$@"
	} >"$BATS_TEST_TMPDIR/corpus/wrap.bats.7"
}

@test "a line the schema rejects fails, naming the test, the line, the key and the error" {
	run -3 "$SIGWATCH" -q --json -- sh -c 'exit 3'
	good=${lines[0]}
	one_test_corpus "$good" "${good%\}},\"extra\":1}" \
		"${good/\"main\":true/\"main\":\"yes\"}"
	run -1 python3 "$VALIDATE" "$SCHEMA" "$BATS_TEST_TMPDIR/corpus" 3
	assert_line -n 0 "wrap.bats.7:3: wrap.bats:7 a test (run sigwatch): \$: Additional properties are not allowed ('extra' was unexpected)"
	assert_line -n 1 "  ${good%\}},\"extra\":1}"
	assert_line -n 2 "wrap.bats.7:4: wrap.bats:7 a test (run sigwatch): \$.main: 'yes' is not of type 'boolean'"
}

@test "a corpus too small or without every kind of event fails" {
	run -3 "$SIGWATCH" -q --json -- sh -c 'exit 3'
	one_test_corpus "${lines[@]}"
	run -1 python3 "$VALIDATE" "$SCHEMA" "$BATS_TEST_TMPDIR/corpus" 3
	assert_line "no valid attach, detach, group, inspect, list, signal, summary, undelivered event in the corpus: the tests that print them were skipped, or collecting broke"
	assert_line "only 2 lines in the corpus $BATS_TEST_TMPDIR/corpus, expected at least 3: run the whole suite (make check)"
	assert_line "2 lines (2 validated), 0 errors: child 2"
}

@test "an unknown event, a --list object with an unknown key, and a child state that is not one fail" {
	run -3 "$SIGWATCH" -q --json -- sh -c 'exit 3'
	child=${lines[0]}
	run -0 "$SIGWATCH" --list --json
	list=${lines[0]}
	one_test_corpus '{"event":"signals"}' "${list%\}},\"x\":true}" \
		"${child/started/trapped}"
	run -1 python3 "$VALIDATE" "$SCHEMA" "$BATS_TEST_TMPDIR/corpus" 0
	assert_line -n 0 --partial ".7:2: wrap.bats:7 a test (run sigwatch): \$.event: 'signals' is not one of ['signal', "
	assert_line -n 2 --partial ".7:3: wrap.bats:7 a test (run sigwatch): \$: Additional properties are not allowed ('x' was unexpected)"
	assert_line -n 4 --partial ".7:4: wrap.bats:7 a test (run sigwatch): \$.state: 'trapped' is not one of ['started', "
	assert_line "3 lines (3 validated), 3 errors: "
}

@test "every key the source writes is a key of the schema" {
	local keys schema_keys k missing=
	# The keys of the lines about a signal sigwatch sent are named by
	# their producers (forward.c, ending.c) as sent items.
	keys=$(cd "$TOP_SRCDIR/src" &&
	    cat format_json.c fields.c summary.c inspect.c forward.c ending.c |
	    grep -oE '(json_set\(o,|put_key\(p,|FIELD\(F_[A-Z_]+,|struct row\)\{)[[:space:]]*"[a-z_]+"|\{ "[a-z_]+", SENT_' |
	    sed -E 's/.*"([a-z_]+)".*/\1/' | sort -u)
	for k in pid reason value pgid processes; do
		grep -q -x -F "$k" <<<"$keys" || fail "the source scan missed the sent key $k"
	done
	(($(wc -l <<<"$keys") >= 50)) || fail "found too few keys in the source: $keys"
	keys+=$'\n'$("$SIGWATCH" --list --json | head -n 1 | jq -r 'keys[]')
	schema_keys=$(jq -r '[.. | objects | .properties? // empty | keys[]] | unique[]' "$SCHEMA")
	for k in $keys; do
		grep -q -x -F "$k" <<<"$schema_keys" || missing+=" $k"
	done
	[[ -z $missing ]] || fail "keys sigwatch writes that the schema lacks:$missing"
}
