#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The soak test (make check-soak, SOAK_SECONDS=60 by default): mixed
# signals for a minute; memory must stay flat and every queued signal
# must be reported, once, in order. Then wrapping: forwarding that keeps
# meeting a full queue and a stalling reader loses and reorders nothing.

load ../test_helper

SECONDS_TO_SOAK=${SOAK_SECONDS:-60}
BATCH=5000

rss_kib() {
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$1/status"
}

@test "a ${SECONDS_TO_SOAK}s mixed flood: flat memory, nothing lost" {
	events=$BATS_TEST_TMPDIR/events
	start_sigwatch -q --json -o "$events" -s RTMIN+1,USR1,USR2,HUP,WINCH \
		--exit-on=TERM
	# warm up: the first batches size the buffers
	"$SIGSEND" flood "$SW_PID" $((RTMIN + 1)) "$BATCH"
	sleep 1
	rss_start=$(rss_kib "$SW_PID")
	end=$((SECONDS + SECONDS_TO_SOAK))
	floods=1
	while ((SECONDS < end)); do
		"$SIGSEND" flood "$SW_PID" $((RTMIN + 1)) "$BATCH"
		kill -USR1 "$SW_PID"; kill -USR2 "$SW_PID"
		kill -HUP "$SW_PID"; kill -WINCH "$SW_PID"
		floods=$((floods + 1))
	done
	# standard signals come first: wait for the real-time ones to drain
	for ((i = 0; i < 1000; i++)); do
		(( $(grep -c '"si_code":-1' "$events") >= floods * BATCH )) && break
		sleep 0.01
	done
	rss_end=$(rss_kib "$SW_PID")
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	echo "# $floods floods of $BATCH, RSS ${rss_start} KiB -> ${rss_end} KiB" >&3
	(( rss_end - rss_start < 300 )) ||
		fail "RSS grew from $rss_start KiB to $rss_end KiB"
	# every queued value, in order: 0..BATCH-1, floods times over
	grep -F '"si_code":-1,' "$events" | grep -o '"value":-\{0,1\}[0-9]*' |
		cut -d: -f2 >"$BATS_TEST_TMPDIR/values"
	run awk -v b="$BATCH" -v f="$floods" '$1 != (NR - 1) % b { print "line " NR ": " $1; exit 1 }
		END { if (NR != b * f) { print NR " values, want " b * f; exit 1 } }' \
		"$BATS_TEST_TMPDIR/values"
	assert_success
	# and every line a whole object (jq itself is too slow for millions)
	run grep -c -v '^{"event":"signal",.*}$' "$events"
	assert_output 0
	run jq -c 'select(.event != "signal")' < <(tail -n 1000 "$events")
	assert_output ""
}

@test "forwarding 2000 values per soak second into a full queue, to a slow pipe reader: each reaches the command once, in order" {
	# sigwatch and its command share a limit of 16 pending signals, so
	# forwarding keeps meeting EAGAIN; its output goes to a reader that
	# stalls now and then, so the loop keeps meeting backpressure too
	local n=$((SECONDS_TO_SOAK * 2000)) ready=$BATS_TEST_TMPDIR/ready
	local pidfile=$BATS_TEST_TMPDIR/pid
	(ulimit -i 16; exec "$SIGWATCH" -q --json --pidfile="$pidfile" -- \
		"$HELPERS/sigrecv" -r "$ready" -d 100 $((RTMIN + 1)) "$n" 3>&-) |
		awk '{ print } NR % 20000 == 0 { fflush(); system("sleep 0.2") }' \
		>"$BATS_TEST_TMPDIR/out" &
	job=$!
	wait_for_file "$pidfile"
	wait_for_file "$ready"
	rss_start=$(rss_kib "$(<"$pidfile")")
	"$SIGSEND" flood "$(<"$pidfile")" $((RTMIN + 1)) "$n"
	rss_end=$(rss_kib "$(<"$pidfile")")
	wait "$job"
	echo "# $n values forwarded, RSS ${rss_start} KiB -> ${rss_end:-gone} KiB" >&3
	[[ -z $rss_end ]] || (( rss_end - rss_start < 300 )) ||
		fail "RSS grew from $rss_start KiB to $rss_end KiB"
	run grep -v '^{' "$BATS_TEST_TMPDIR/out"
	assert_output "$n in order"
	run grep -c '"event":"signal"' "$BATS_TEST_TMPDIR/out"
	assert_output "$n"
	run grep -c '"event":"undelivered"' "$BATS_TEST_TMPDIR/out"
	assert_output 0
}
