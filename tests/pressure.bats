#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Under pressure: a full signal queue, a flood, a stalled reader, a full
# disk, a shared pipe, a tiny stack. sigwatch loses nothing it could
# keep, and what must happen on time (a deadline, the command's end, its
# SIGTERM) does.

load test_helper

SIGRECV=$HELPERS/sigrecv

# now_ms: CLOCK_REALTIME in milliseconds
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# flood_in_background PID SIG...: a sender per SIG, each queueing values
# until it is killed; their pids in FLOODERS
flood_in_background() {
	local pid=$1 sig
	shift
	FLOODERS=()
	for sig; do
		"$SIGSEND" flood "$pid" "$sig" 100000000 2>/dev/null &
		FLOODERS+=($!)
	done
}

stop_flooders() {
	local p
	for p in "${FLOODERS[@]}"; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	FLOODERS=()
}

# Every sigwatch here takes at most 4096 of its user's pending signals,
# the limit that counts being the receiver's: floods then leave the rest
# of the per-user queue to the tests running beside these.
setup() {
	ulimit -S -i 4096
}

teardown() {
	stop_flooders
	# a stalled reader's test that failed: its sigwatch and its reader go
	if [[ -n ${STALLED_SW:-} ]]; then
		kill -KILL "$STALLED_SW" 2>/dev/null || true
		timeout 2 sh -c 'echo >"$1"' - "$STALLED_GO" || true
	fi
	[[ -z ${TMUX_SOCK:-} ]] || tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	[[ -z ${MOUNTED:-} ]] || umount "$MOUNTED" 2>/dev/null || true
	json_collect_files
}

# queued_now: how many signals the user has pending now, across all of
# its processes (the count RLIMIT_SIGPENDING is checked against); other
# test files and their make processes hold some
queued_now() {
	local key sigq
	while read -r key sigq; do
		[[ $key == SigQ: ]] && echo "${sigq%/*}" && return
	done </proc/self/status
}

@test "a forwarded sigqueue() that finds the queue full is retried: every value arrives once, in order" {
	# the command may hold only 8 more pending signals than the user
	# has now, and takes them slowly, so forwarding meets EAGAIN again
	# and again (its limit is the one a sigqueue() to it is checked
	# against); the sender retries its own EAGAIN too
	N=400
	ready=$BATS_TEST_TMPDIR/ready
	pidfile=$BATS_TEST_TMPDIR/pid
	"$SIGWATCH" -q --json --pidfile="$pidfile" -- \
		prlimit --sigpending=$(($(queued_now) + 8)): \
		"$SIGRECV" -r "$ready" -d 1000 $((RTMIN + 1)) $N \
		>"$BATS_TEST_TMPDIR/out" 3>&- &
	job=$!
	wait_for_file "$pidfile"
	wait_for_file "$ready"
	"$SIGSEND" flood "$(<"$pidfile")" $((RTMIN + 1)) $N
	status=0
	wait "$job" || status=$?
	assert_equal "$status" 0
	run grep -vc '^{' "$BATS_TEST_TMPDIR/out"
	assert_output 1
	run grep -v '^{' "$BATS_TEST_TMPDIR/out"
	assert_output "$N in order"
	run jq -s -c '[map(select(.event == "signal") | .value) == [range('$N')],
		(map(select(.event == "undelivered")) | length)]' <(grep '^{' "$BATS_TEST_TMPDIR/out")
	assert_output '[true,0]'
}

# stuck_backlog: a wrapped command that blocks RTMIN+2 and may hold no
# queued signal at all (a limit of 0), so that every sigqueue() to it
# fails while kill() needs no room; five values sent, printed, held (in
# sigwatch, not in the kernel's per-user queue). The command's pid in
# cpid, once its started event is there: the command can be ready
# before sigwatch has written it.
stuck_backlog() {
	ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --json -- prlimit --sigpending=0: \
		"$SIGRECV" -r "$ready" $((RTMIN + 2)) 1000000
	wait_for_file "$ready"
	for ((i = 0; i < 5; i++)); do "$SIGSEND" queue "$SW_PID" $((RTMIN + 2)) $i; done
	wait_for_lines "$OUT" 6
	cpid=$(jq -r 'select(.state == "started") | .pid' "$OUT")
	[[ $cpid =~ ^[0-9]+$ ]] || fail "no started event: $(cat "$OUT")"
}

# undelivered_values: [signal, reason, value] of each undelivered RTMIN+2
# (the SIGCONT that resumes sigwatch is forwarded, and undelivered, too)
undelivered_values() {
	jq -s -c 'map(select(.event == "undelivered" and .signal == "SIGRTMIN+2") |
		[.signal, .reason, .value])' "$OUT"
}

@test "a backlog the command cannot take does not hold back a SIGTERM" {
	stuck_backlog
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 143
	run jq -r 'select(.event == "child") | .state + " " + (.signal // "")' "$OUT"
	assert_line "killed SIGTERM"
	# a retry may reach the command while it is dying, which the kernel
	# accepts and drops, unseen; what is reported is the rest, in order,
	# and for the reason that the command is gone
	run jq -s -c 'map(select(.event == "undelivered")) |
		[all(.signal == "SIGRTMIN+2" and .reason == "gone"),
		 (map(.value) | . == [range(5 - length; 5)])]' "$OUT"
	assert_output '[true,true]'
}

@test "what the backlog still holds when the command is gone is reported undelivered, in order" {
	# the command dies while sigwatch is stopped, so the next retry
	# finds it a zombie, never still dying
	stuck_backlog
	kill -STOP "$SW_PID"
	# stopped for real before the command dies, not merely sent SIGSTOP
	wait_for_state "$SW_PID" '^T$'
	kill -KILL "$cpid"
	wait_for_state "$cpid" '^Z$'
	kill -CONT "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 137
	run undelivered_values
	assert_output "$(printf '[%s]' "$(for i in 0 1 2 3 4; do printf '["SIGRTMIN+2","gone",%d]' $i; done | sed 's/\]\[/],[/g')")"
}

@test "--timeout=1 under a flood from several senders exits 124 on time, as text to a file" {
	start_sigwatch -q --timeout=1 -s RTMIN+1,RTMIN+2,RTMIN+3 -o "$BATS_TEST_TMPDIR/events"
	t0=$(now_ms)
	flood_in_background "$SW_PID" $((RTMIN + 1)) $((RTMIN + 2)) $((RTMIN + 3))
	finish_sigwatch
	took=$(($(now_ms) - t0))
	stop_flooders
	assert_equal "$SW_STATUS" 124
	(( took < 1500 )) || fail "exited after $took ms"
	# and it was a flood: far more than one batch was printed
	(( $(wc -l <"$BATS_TEST_TMPDIR/events") > 1000 ))
}

# ignoring RT: run ARG... with RTMIN+1 ignored. sigwatch still reads it
# (a blocked signal is queued whatever its disposition) and its command
# inherits the disposition, from before the first signal can reach it.
ignoring_rt() {
	"$HELPERS/sigexec" -i $((RTMIN + 1)) -- "$@"
}

@test "during a flood, a short command's end is reported within a second of it" {
	# the command ignores the flooded signal, so forwarding goes on
	# throughout
	pidfile=$BATS_TEST_TMPDIR/pid
	ignoring_rt "$SIGWATCH" -q --json --pidfile="$pidfile" \
		-o "$BATS_TEST_TMPDIR/events" -- sleep 0.5 3>&- &
	job=$!
	wait_for_file "$pidfile"
	flood_in_background "$(<"$pidfile")" $((RTMIN + 1)) $((RTMIN + 1))
	status=0
	wait "$job" || status=$?
	stop_flooders
	assert_equal "$status" 0
	run jq -s -r '(map(select(.event == "child"))) as $c |
		[($c | length), ($c[1].mono - $c[0].mono < 1.5),
		 (map(select(.event == "signal")) | length > 100)] | @tsv' \
		"$BATS_TEST_TMPDIR/events"
	assert_output "$(printf '2\ttrue\ttrue')"
}

@test "--timeout=1 with a stalled pipe reader still sends the command SIGTERM" {
	go=$BATS_TEST_TMPDIR/go
	termed=$BATS_TEST_TMPDIR/termed
	pidfile=$BATS_TEST_TMPDIR/pid
	mkfifo "$go"
	# the reader reads nothing until the test writes to go: sigwatch's
	# output fills the pipe within the first moments of the flood
	{ st=0; ignoring_rt "$SIGWATCH" -q --json --timeout=1 --pidfile="$pidfile" -- \
		sh -c \
		'trap "echo >\"$0\"; exit 0" TERM; sleep 30 & wait' "$termed" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- |
		{ read -r _ <"$go"; cat >/dev/null; } 3>&- &
	wait_for_file "$pidfile"
	STALLED_SW=$(<"$pidfile") STALLED_GO=$go
	flood_in_background "$STALLED_SW" $((RTMIN + 1))
	# standard signals too, so that both signalfds compete for the room
	# left while the buffer fills
	for ((i = 0; i < 200; i++)); do kill -WINCH "$STALLED_SW"; done
	# the limit's SIGTERM, while the reader has taken nothing
	wait_for_file "$termed" || fail "the command never got the SIGTERM"
	stop_flooders
	[[ ! -e $BATS_TEST_TMPDIR/status ]] ||
		fail "sigwatch ended before its reader read: $(<"$BATS_TEST_TMPDIR/status")"
	echo >"$go"
	STALLED_SW=
	WAIT_STEPS=1000 wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 124
}

# held_back PID SIG: PID, sigwatch, is asleep with SIG pending, three
# times in a row: it holds SIG back (backpressure), for a pending signal
# would wake a sigwatch that polls for it
held_back() {
	local i n=0 bit=$((1 << ($2 - 1)))
	for ((i = 0; i < WAIT_STEPS && n < 3; i++)); do
		if [[ $(state_of "$1") == S ]] &&
		    (($(awk '$1 == "ShdPnd:" { print "0x" $2 }' "/proc/$1/status") & bit)); then
			n=$((n + 1))
		else
			n=0
		fi
		sleep 0.01
	done
	((n == 3)) || fail "sigwatch $1 does not hold signal $2 back"
}

@test "a stalled pipe reader holds back a flood of real-time signals, not the SIGTERM for the command" {
	go=$BATS_TEST_TMPDIR/go
	termed=$BATS_TEST_TMPDIR/termed
	pidfile=$BATS_TEST_TMPDIR/pid
	mkfifo "$go"
	# the reader reads nothing until the test writes to go
	{ st=0; ignoring_rt "$SIGWATCH" -q --json --pidfile="$pidfile" -- \
		sh -c 'trap "echo >\"$0\"; exit 7" TERM; sleep 30 & wait' "$termed" || st=$?
	  echo $st >"$BATS_TEST_TMPDIR/status"; } 3>&- |
		{ read -r _ <"$go"; cat >/dev/null; } 3>&- &
	wait_for_file "$pidfile"
	sw=$(<"$pidfile")
	STALLED_SW=$sw STALLED_GO=$go
	flood_in_background "$sw" $((RTMIN + 1))
	held_back "$sw" $((RTMIN + 1))
	kill -TERM "$sw"
	wait_for_file "$termed" || fail "the command never got the SIGTERM"
	stop_flooders
	echo >"$go"
	STALLED_SW=
	WAIT_STEPS=1000 wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" 7
}

# not_pending PID SIG: until SIG is no longer pending for PID (5 s at most)
not_pending() {
	local i bit=$((1 << ($2 - 1)))
	for ((i = 0; i < WAIT_STEPS; i++)); do
		(($(awk '$1 == "ShdPnd:" { print "0x" $2 }' "/proc/$1/status") & bit)) ||
			return 0
		sleep 0.01
	done
	fail "signal $2 stays pending for $1"
}

@test "Ctrl-C twice quits within a second of it while a flood fills a stalled reader, the JSON summary included" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	go=$BATS_TEST_TMPDIR/go
	fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$go" "$fifo"
	{ read -r _ <"$go"; cat >/dev/null; } <"$fifo" 3>&- &
	tmux_sigwatch -q --json --summary -o "$fifo"
	STALLED_SW=$SW_PID STALLED_GO=$go
	flood_in_background "$SW_PID" $((RTMIN + 1))
	held_back "$SW_PID" $((RTMIN + 1))
	# any sender's SIGINT counts as a Ctrl-C, at a terminal
	kill -INT "$SW_PID"
	not_pending "$SW_PID" 2
	kill -INT "$SW_PID"
	wait_for_file "$BATS_TEST_TMPDIR/status"
	stop_flooders
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=130
	wait_for_pane '^sigwatch: output not taken: [0-9]+ events not written$'
	echo >"$go"
	STALLED_SW=
}

@test "no line torn when a chatty command shares a pipe with a flood of events" {
	# both write into one pipe; each of sigwatch's writes is at most
	# PIPE_BUF bytes and ends on a line, so the kernel keeps it whole.
	# The command chatters until a thousand events have come through
	# (a flood in a test file beside this one can slow ours down).
	pidfile=$BATS_TEST_TMPDIR/pid
	stop=$BATS_TEST_TMPDIR/stop
	mixed=$BATS_TEST_TMPDIR/mixed
	{ ignoring_rt "$SIGWATCH" -q --json -s RTMIN+1 --pidfile="$pidfile" -- \
		sh -c 'i=0; while [ ! -e "$0" ]; do
			echo "chatty line $i ........................................"
			i=$((i + 1))
		done' "$stop" 3>&-; } | cat >"$mixed" &
	job=$!
	wait_for_file "$pidfile"
	flood_in_background "$(<"$pidfile")" $((RTMIN + 1))
	for ((i = 0; i < 3000; i++)); do
		(( $(grep -c '"event":"signal"' "$mixed") >= 1000 )) && break
		sleep 0.01
	done
	touch "$stop"
	wait "$job"
	stop_flooders
	(( $(grep -c '"event":"signal"' "$mixed") >= 1000 )) ||
		fail "only $(grep -c '"event":"signal"' "$mixed") events came"
	# every line that starts as the command's is one of its lines whole,
	# and every other line is one whole JSON object
	run grep -c -v -e '^chatty line [0-9]* \.*$' -e '^{' "$mixed"
	assert_output 0
	run bash -c 'grep "^{" "$1" |
		jq -R -c "fromjson? // \"TORN: \(.)\" | select(type != \"object\")" | head -3' _ "$mixed"
	assert_output ""
	(( $(grep -c '^chatty line [0-9]* \.*$' "$mixed") > 1000 ))
}

# check_whole_lines FILE: every line a JSON signal event, values 0.. in order
check_whole_lines() {
	[[ -s $1 && $(tail -c1 "$1" | od -An -c | tr -d ' ') == '\n' ]] ||
		fail "$1 does not end with a newline"
	run jq -s -c '[length > 0, (map(.value) == [range(length)])]' "$1"
	assert_output '[true,true]'
}

@test "a full disk leaves only whole lines, and the message counts what was not written" {
	MOUNTED=$BATS_TEST_TMPDIR/small
	mkdir "$MOUNTED"
	mount -t tmpfs -o size=64k tmpfs "$MOUNTED" 2>/dev/null ||
		{ MOUNTED=; skip "cannot mount a tmpfs here"; }
	start_sigwatch -q --json -s RTMIN+1 -o "$MOUNTED/events"
	flood_in_background "$SW_PID" $((RTMIN + 1))
	finish_sigwatch
	stop_flooders
	assert_equal "$SW_STATUS" 125
	run cat "$ERR"
	assert_output --regexp "^sigwatch: write error on $MOUNTED/events: No space left on device; [0-9]+ events? not written\$"
	check_whole_lines "$MOUNTED/events"
}

@test "a file size limit (ulimit -f) leaves only whole lines too" {
	pidfile=$BATS_TEST_TMPDIR/pid
	(ulimit -f 32; exec "$SIGWATCH" -q --json -s RTMIN+1 --pidfile="$pidfile" \
		-o "$BATS_TEST_TMPDIR/events" 2>"$BATS_TEST_TMPDIR/err" 3>&-) &
	job=$!
	wait_for_file "$pidfile"
	flood_in_background "$(<"$pidfile")" $((RTMIN + 1))
	status=0
	wait "$job" || status=$?
	stop_flooders
	assert_equal "$status" 125
	run cat "$BATS_TEST_TMPDIR/err"
	assert_output --regexp "^sigwatch: write error on $BATS_TEST_TMPDIR/events: File too large; [0-9]+ events? not written\$"
	check_whole_lines "$BATS_TEST_TMPDIR/events"
}

@test "works with a 40 KiB stack, watching and wrapping" {
	run bash -c 'ulimit -s 40; exec "$0" -q --json --count=1 -- sh -c "kill -USR1 \$PPID; sleep 0.1; exit 3"' "$SIGWATCH"
	assert_equal "$status" 0
	run jq -r 'select(.event == "signal") | .signal' <<<"$output"
	assert_output SIGUSR1
	pidfile=$BATS_TEST_TMPDIR/pid
	(ulimit -s 40; exec "$SIGWATCH" -q --count=100 -s RTMIN+1 --pidfile="$pidfile" \
		>"$BATS_TEST_TMPDIR/events" 3>&-) &
	job=$!
	wait_for_file "$pidfile"
	"$SIGSEND" flood "$(<"$pidfile")" $((RTMIN + 1)) 100
	status=0
	wait "$job" || status=$?
	assert_equal "$status" 0
	run wc -l <"$BATS_TEST_TMPDIR/events"
	assert_output 100
}

@test "an output error while wrapping ends the command at once, not at its end" {
	t0=$(now_ms)
	run -125 "$SIGWATCH" -q -o /dev/full -- sleep 30
	took=$(($(now_ms) - t0))
	(( took < 10000 )) || fail "took $took ms"
}

@test "--subreaper: a limit ends the orphans too, SIGKILL after --kill-after for those that ignore SIGTERM" {
	# the command and its child ignore TERM; the child becomes an
	# orphan only when the command is killed, and must be killed too
	marker=$RANDOM$RANDOM
	t0=$(now_ms)
	run -124 "$SIGWATCH" -q --subreaper --timeout=0.3 --kill-after=0.3 -- \
		sh -c 'trap "" TERM; sleep 3'$marker' & sleep 3'$marker'; :'
	took=$(($(now_ms) - t0))
	assert_line --regexp "^$TIME_RE child       killed pid=[0-9]+\\(sh\\) signal=SIGKILL\$"
	assert_line --regexp "^$TIME_RE orphan      killed pid=[0-9]+\\(sleep\\) signal=SIGKILL\$"
	run pgrep -f "sleep 3$marker"
	assert_failure
	(( took < 10000 )) || fail "took $took ms"
}

@test "--forward-to=group keeps the command's group leader a zombie while its group may still be signalled" {
	# the leader exits at once; its group lives on in the orphan. Were
	# the leader reaped, the group's number could be reused by a
	# stranger's group before sigwatch forwards TERM to it
	cpid=$BATS_TEST_TMPDIR/cpid
	start_sigwatch -q --forward-to=group --subreaper -- \
		sh -c 'echo $$ >"$0"; sleep 30 & exit 0' "$cpid"
	wait_for_file "$cpid"
	leader=$(<"$cpid")
	wait_for_state "$leader" '^Z$'
	run awk '{ print $4 }' "/proc/$leader/stat"
	assert_output "$SW_PID"
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --regexp "^$TIME_RE orphan      killed pid=[0-9]+\\(sleep\\) signal=SIGTERM\$"
	[[ ! -e /proc/$leader ]]
}

@test "--forward-to=group at a terminal hands the terminal back, so a later read works" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TMUX_SOCK=sigwatch-$$-$BATS_TEST_NUMBER
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 150 -y 20 \
		"bash -c '$SIGWATCH -q --forward-to=group -- true; echo asking; read -r x; echo \"got=\$x\" >$BATS_TEST_TMPDIR/got'; sleep 30"
	wait_for_pane '^asking$'
	tmux -L "$TMUX_SOCK" send-keys hello Enter
	wait_for_file "$BATS_TEST_TMPDIR/got"
	assert_equal "$(<"$BATS_TEST_TMPDIR/got")" got=hello
}

@test "a command that stops itself at a terminal stops sigwatch too; fg resumes both" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	for mode in child group; do
		tmux_shell "$mode"
		tmux -L "$TMUX_SOCK" send-keys \
			"$SIGWATCH -q --forward-to=$mode -- sh -c 'kill -STOP \$\$; echo resumed'" Enter
		wait_for_pane 'stopped pid=[0-9]+\(sh\) signal=SIGSTOP'
		# the shell has the terminal again and sees the job stopped
		tmux -L "$TMUX_SOCK" send-keys "jobs -l >$BATS_TEST_TMPDIR/jobs" Enter
		wait_for_file "$BATS_TEST_TMPDIR/jobs"
		run cat "$BATS_TEST_TMPDIR/jobs"
		assert_output --partial Stopped
		tmux -L "$TMUX_SOCK" send-keys fg Enter
		wait_for_pane '^resumed$'
		wait_for_pane 'exited pid=[0-9]+\(sh\) exit_code=0'
		tmux -L "$TMUX_SOCK" kill-server
		rm -f "$BATS_TEST_TMPDIR/jobs"
	done
}
