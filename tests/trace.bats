#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# --trace: the signals delivered to the command and its descendants, with
# who received them and what they do with them, and the tree's changes.

load test_helper

TRACEE=$HELPERS/tracee
# LeakSanitizer exits 1 under any tracer: the ASan-built helper is told
# not to look for leaks (sigwatch, the tracer, still does), nor to catch
# the fault it is to die of.
T="env ASAN_OPTIONS=detect_leaks=0:handle_segv=0 $TRACEE"

# no_stopped_tracee PID...: none of PID is left stopped or traced.
no_stopped_tracee() {
	local p
	for p in "$@"; do
		[[ $(state_of "$p") != [tT] ]] ||
			fail "process $p was left stopped ($(state_of "$p"))"
		! grep -q '^TracerPid:[[:space:]]*[1-9]' "/proc/$p/status" 2>/dev/null ||
			fail "process $p is still traced: $(grep TracerPid "/proc/$p/status")"
	done
}

@test "a signal the command sends itself is reported with its sender and its target" {
	run -138 "$SIGWATCH" -q --json --trace -- sh -c 'kill -USR1 $$'
	events=$output
	run jq -c 'select(.event == "signal") | [.signal, .code, .pid == .target.pid, .target.tid == .target.pid, .target.comm, .disposition, .action, has("ns_pid")]' <<<"$events"
	assert_output '["SIGUSR1","SI_USER",true,true,"sh","default","terminate",false]'
	run jq -r 'select(.event == "child") | "\(.state) \(.signal // "-")"' <<<"$events"
	assert_output "started -
killed SIGUSR1"
}

@test "text: target=PID(comm), disposition and action on the signal's line" {
	run -138 "$SIGWATCH" -q --trace --no-resolve -- sh -c 'kill -USR1 $$'
	assert_line --regexp "^$TIME_RE SIGUSR1     SI_USER pid=([0-9]+) uid=0 target=\\1\\(sh\\) disposition=default action=terminate\$"
}

@test "a fault shows with its code and address, then the process dumped or killed" {
	cd "$BATS_TEST_TMPDIR"	# where a core would go
	run -139 "$SIGWATCH" -q --json --trace -- $T segv
	events=$output
	run jq -c 'select(.event == "signal") | [.signal, .code, .addr, .action, has("pid")]' <<<"$events"
	assert_output '["SIGSEGV","SEGV_MAPERR","0x8","core",false]'
	# env's exec of the helper is a change of program like any other
	run jq -r 'select(.event == "child" and .state != "started" and .state != "exec") | "\(.state) \(.signal)"' <<<"$events"
	assert_output --regexp '^(dumped|killed) SIGSEGV$'
}

@test "a grandchild's signal names the grandchild, which is reported forked and ended" {
	run -3 --separate-stderr "$SIGWATCH" -q --json --trace -- sh -c 'sh -c "kill -USR2 \$\$"; exit 3'
	events=$output
	grandchild=$(jq -r 'select(.event == "child" and .state == "forked") | .pid' <<<"$events")
	[[ $grandchild =~ ^[0-9]+$ ]] || fail "no forked event: $events"
	# and the SIGCHLD of its end, which sh receives, with sh as the target;
	# the grandchild is named though it is gone by then
	run jq -c --argjson g "$grandchild" 'select(.event == "signal") | [.signal, .target.pid == $g, .pid == $g, .comm, .code, .status_signal]' <<<"$events"
	assert_output '["SIGUSR2",true,true,"sh","SI_USER",null]
["SIGCHLD",false,true,"sh","CLD_KILLED","SIGUSR2"]'
	run jq -c --argjson g "$grandchild" 'select(.event == "child" and .pid == $g) | [.state, .traced, .main]' <<<"$events"
	assert_output '["forked",true,false]
["exec",true,false]
["killed",true,false]'
}

@test "a signal sent to one thread names that thread: tid is not the pid" {
	run -0 "$SIGWATCH" -q --json --trace -s USR1 -- $T tgkill 10
	tid=$(sed -n 's/^tid=//p' <<<"$output")
	[[ $tid =~ ^[0-9]+$ ]] || fail "no tid from the helper: $output"
	run jq -c --argjson t "$tid" 'select(.event == "signal") | [.signal, .code, .target.tid == $t, .target.pid != $t, .disposition, .action]' <<<"$(grep '^{' <<<"$output")"
	assert_output '["SIGUSR1","SI_TKILL",true,true,"caught","handler"]'
}

@test "a SIGCHLD that comes once its sender is gone from /proc still names it, as its tracer knew it" {
	run -0 "$SIGWATCH" -q --json --trace -- $T reaped
	child=$(sed -n 's/^child=//p' <<<"$output")
	[[ $child =~ ^[0-9]+$ ]] || fail "no child from the helper: $output"
	run jq -c --argjson c "$child" 'select(.event == "signal") | [.signal, .code, .pid == $c, .comm]' <<<"$(grep '^{' <<<"$output")"
	assert_output '["SIGCHLD","CLD_EXITED",true,"tracee"]'
}

@test "a seccomp filter's trap: SIGSYS with SYS_SECCOMP, the call's number, name and arch, the filter's data" {
	run -0 "$SIGWATCH" -q --json --trace -s SYS -- $T seccomp
	nr=$(sed -n 's/^nr=//p' <<<"$output")
	[[ $nr =~ ^[0-9]+$ ]] || fail "the helper was not trapped: $output"
	# a native build's arch is named as uname names it on these; on
	# others, named at least
	case $(uname -m) in
	x86_64|aarch64) arch=$(uname -m) ;;
	*) arch= ;;
	esac
	run jq -c --argjson nr "$nr" --arg arch "$arch" 'select(.event == "signal") | [.signal, .code, .syscall == $nr, .syscall_name, (if $arch == "" then .arch | test("^[a-z]") else .arch == $arch end), .errno, .disposition]' <<<"$(grep '^{' <<<"$output")"
	assert_output '["SIGSYS","SYS_SECCOMP",true,"getppid",true,42,"caught"]'
}

@test "an ignored signal is reported, as ignored and discarded" {
	run -5 "$SIGWATCH" -q --json --trace -- sh -c 'trap "" USR2; kill -USR2 $$; exit 5'
	run jq -c 'select(.event == "signal") | [.signal, .disposition, .action]' <<<"$output"
	assert_output '["SIGUSR2","ignored","discard"]'
}

@test "exec from a thread that is not the leader: the process goes on under its pid" {
	run -140 "$SIGWATCH" -q --json --trace -- $T exec sh -c 'kill -USR2 $$'
	events=$output
	pid=$(jq -r 'select(.state == "started") | .pid' <<<"$events")
	run jq -c --argjson p "$pid" 'select(.event == "child" and .state != "started") | [.state, .pid == $p, .comm]' <<<"$events"
	assert_output '["exec",true,"tracee"]
["exec",true,"sh"]
["killed",true,"sh"]'
	run jq -c --argjson p "$pid" 'select(.event == "signal") | [.signal, .target.pid == $p, .target.tid == $p]' <<<"$events"
	assert_output '["SIGUSR2",true,true]'
}

@test "a forwarded signal shows twice: as sigwatch got it, and as the command got it from sigwatch" {
	start_sigwatch -q --json --trace -s TERM -- sleep 30
	wait_for_child "$SW_PID" sleep
	kill -TERM "$SW_PID"
	finish_sigwatch
	assert_equal "$SW_STATUS" 143
	run jq -c --argjson s "$SW_PID" '[.event, .state // .signal, has("target"), .pid == $s]' <<<"$output"
	assert_output '["child","started",false,false]
["signal","SIGTERM",false,false]
["signal","SIGTERM",true,true]
["child","killed",false,false]'
}

@test "the command's exit status and output are what they would be untraced" {
	run -7 "$SIGWATCH" -q --trace -- sh -c 'echo out; echo err >&2; exit 7'
	assert_line out
	assert_line err
}

@test "a descendant that outlives the command is let go, running and untraced" {
	pidfile=$BATS_TEST_TMPDIR/bg
	# not through run: its pipe would be held open by the sleep
	"$SIGWATCH" -q --json --trace -- sh -c "sleep 30 >/dev/null 2>&1 & echo \$! >$pidfile" >"$BATS_TEST_TMPDIR/out" 3>&-
	bg=$(<"$pidfile")
	[[ $(state_of "$bg") =~ ^[SR]$ ]] || fail "the background sleep is '$(state_of "$bg")'"
	no_stopped_tracee "$bg"
	kill "$bg"
}

@test "at a terminal, Ctrl-Z stops a traced job and fg resumes it" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	tmux_shell trace
	tmux_type sleep "$SIGWATCH -q --trace --pidfile=$BATS_TEST_TMPDIR/pid -- sleep 1"
	tmux_suspend
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " SIGTSTP     SI_KERNEL target=[0-9]+\\(sleep\\) disposition=default action=stop\$"
	assert_line --regexp " child       stopped pid=[0-9]+\\(sleep\\) signal=SIGTSTP\$"
	tmux_fg_status
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=0
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " child       continued pid=[0-9]+\\(sleep\\)\$"
	assert_line --regexp " child       exited pid=[0-9]+\\(sleep\\) exit_code=0\$"
}

# children_test [OPTION]...: the tracee's children, caught while they
# live (their state and TracerPid in $states), then let end; the events
# in $events, the thread's tid in $thread.
children_test() {
	local p ready=$BATS_TEST_TMPDIR/ready
	start_sigwatch -q --json --trace -s USR1,USR2 "$@" -- $T children "$ready"
	wait_for_file "$ready"
	children=$(sed -n 's/^child=//p' "$OUT")
	[[ $(wc -w <<<"$children") == 2 ]] || fail "no children: $(<"$OUT")"
	states=
	for p in $children; do
		states+="$(state_of "$p") $(awk '$1 == "TracerPid:" { print ($2 != 0) }' "/proc/$p/status");"
		kill "$p"
	done
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	events=$(grep '^{' <<<"$output")
	thread=$(sed -n 's/^thread=//p' <<<"$output")
	[[ $thread =~ ^[0-9]+$ ]] || fail "no thread: $output"
}

@test "--no-follow: the command's signals and its new thread's, none of its children's" {
	children_test --no-follow
	# neither stopped nor traced while they lived, a fork and a clone alike
	assert_equal "$states" "S 0;S 0;"
	pid=$(jq -r 'select(.state == "started") | .pid' <<<"$events")
	run jq -c --argjson p "$pid" --argjson t "$thread" 'select(.event == "signal") | [.signal, .target.pid == $p, .target.tid == $t]' <<<"$events"
	assert_output '["SIGUSR2",true,true]
["SIGUSR2",true,false]'
	# env's exec of the helper, and nothing of the children
	run jq -r 'select(.event == "child") | .state' <<<"$events"
	assert_output 'started
exec
exited'
}

@test "without --no-follow the same children are followed: their signals and ends are reported" {
	children_test
	assert_equal "$states" "S 1;S 1;"
	run jq -c 'select(.event == "signal") | .signal' <<<"$events"
	assert_output '"SIGUSR1"
"SIGUSR1"
"SIGUSR2"
"SIGUSR2"'
	run jq -r 'select(.event == "child" and .state == "killed") | .pid' <<<"$events"
	assert_output "$children"
}

@test "--attach --no-follow: the process's own signals, none of a child it starts once attached" {
	mkfifo "$BATS_TEST_TMPDIR/go"
	# once told, it starts a child that is sent (and ignores) SIGUSR2,
	# sends itself SIGUSR1 (ignored too) and waits for the child
	cat >"$BATS_TEST_TMPDIR/proc.sh" <<'END'
trap '' USR1
read -r _ <"$1"
sh -c 'trap "" USR2; kill -USR2 $$; echo $$ >"$0.child"; exec sleep 30' "$1" &
kill -USR1 $$
wait
END
	bash "$BATS_TEST_TMPDIR/proc.sh" "$BATS_TEST_TMPDIR/go" 3>&- &
	target=$!
	start_sigwatch -q --json --no-follow --attach="$target" -s USR1,USR2
	echo >"$BATS_TEST_TMPDIR/go"
	wait_for_file "$BATS_TEST_TMPDIR/go.child"
	child=$(<"$BATS_TEST_TMPDIR/go.child")
	wait_for_lines "$OUT" 2
	assert_equal "$(awk '$1 == "TracerPid:" { print $2 }' "/proc/$child/status")" 0
	kill "$child"
	wait "$target"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	run jq -c 'select(.event == "signal") | [.signal, .target.pid, .disposition]' "$OUT"
	assert_output "[\"SIGUSR1\",$target,\"ignored\"]"
	run jq -c 'select(.event == "child") | [.pid, .state]' "$OUT"
	assert_output "[$target,\"exited\"]"
}

@test "--no-follow needs --trace or --attach" {
	bad --no-follow "option '--no-follow' needs --trace or --attach"
	bad --no-follow -- true "option '--no-follow' needs --trace or --attach"
}

@test "--trace needs a COMMAND" {
	bad --trace "option '--trace' needs a COMMAND"
}

@test "--attach during a stream of queued signals: each value is handled once, the process runs on" {
	need_sigqueue_room 2000
	ready=$BATS_TEST_TMPDIR/ready
	$T threads 4 "$((RTMIN + 1))" 20000 "$ready" >"$BATS_TEST_TMPDIR/tracee" 3>&- &
	tracee=$!
	wait_for_file "$ready"
	start_sigwatch -q --json --attach="$tracee" -s "$((RTMIN + 1))" --count=500
	"$SIGSEND" flood "$tracee" "$((RTMIN + 1))" 20000
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	# it ends once every value came, and never if one was lost
	wait_for_state "$tracee" '^(Z|)$' ||
		fail "the traced process did not get every value: $(kill "$tracee")"
	wait "$tracee" || fail "the traced process failed: $(<"$BATS_TEST_TMPDIR/tracee")"
	assert_equal "$(<"$BATS_TEST_TMPDIR/tracee")" got=20000
	run jq -c 'select(.event == "attach" or .event == "detach") | [.event, .threads]' <<<"$output"
	assert_output '["attach",4]
["detach",4]'
	run jq -s -c '[.[] | select(.event == "signal")] | [length, (map(.target.pid) | unique | length), (map(.code) | unique)]' "$OUT"
	assert_output '[500,1,["SI_QUEUE"]]'
}

@test "--attach: the process's end ends sigwatch, with the process's last events" {
	# it ends once it is written to, after sigwatch has attached to it
	mkfifo "$BATS_TEST_TMPDIR/go"
	head -c1 "$BATS_TEST_TMPDIR/go" >/dev/null 3>&- &
	target=$!
	start_sigwatch -q --attach="$target"
	echo >"$BATS_TEST_TMPDIR/go"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_line --index 0 --regexp "^$TIME_RE attach      pid=$target\\(head\\) threads=1\$"
	assert_line --index 1 --regexp "^$TIME_RE traced      exited pid=$target\\(head\\) exit_code=0\$"
	assert_equal "${#lines[@]}" 2
	wait "$target"
}

# attach_until_go PID: sigwatch --json attached to PID, which ends once
# the test writes to $BATS_TEST_TMPDIR/go; sigwatch ends with it, 0.
attach_until_go() {
	start_sigwatch -q --json --attach="$1"
	echo >"$BATS_TEST_TMPDIR/go"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
}

@test "--attach: the end of a child the process had before shows as the SIGCHLD it receives" {
	mkfifo "$BATS_TEST_TMPDIR/go"
	# head is sh's child before sigwatch attaches, so it is not traced:
	# the SIGCHLD that sh receives is the only word of its end
	sh -c 'head -c1 "$1" >/dev/null & wait $!' sh "$BATS_TEST_TMPDIR/go" 3>&- &
	target=$!
	wait_for_child "$target" head
	attach_until_go "$target"
	run jq -c --argjson t "$target" --argjson c "$CHILD_PID" 'select(.event == "signal") | [.signal, .code, .pid == $c, .status, .target.pid == $t, .disposition]' "$OUT"
	assert_output '["SIGCHLD","CLD_EXITED",true,0,true,"caught"]'
	wait "$target"
}

# need_unshare ARG...: skip unless unshare(1) can make these namespaces.
need_unshare() {
	unshare "$@" true 2>/dev/null ||
		skip "unshare $* is refused here (needs CAP_SYS_ADMIN or user namespaces)"
}

# attach_in_pidns SCRIPT: sh -c SCRIPT as process 1 of a PID namespace of
# its own, given the go FIFO as $1, attached to (attach_until_go); its
# pid in CHILD_PID, and it has ended.
attach_in_pidns() {
	need_unshare -p -f --mount-proc
	mkfifo "$BATS_TEST_TMPDIR/go"
	unshare -p -f --mount-proc sh -c "$1" sh "$BATS_TEST_TMPDIR/go" 3>&- &
	local job=$!
	wait_for_child "$job" sh
	attach_until_go "$CHILD_PID"
	wait "$job"
}

@test "--attach to a process in a PID namespace of its own: the sender as sigwatch numbers it, and as the namespace does" {
	# sh sends itself SIGUSR1 once sigwatch is attached
	attach_in_pidns 'trap : USR1; read x <"$1"; kill -USR1 $$'
	run jq -c --argjson p "$CHILD_PID" 'select(.event == "signal") | [.signal, .pid == $p, .comm, .ns_pid, .target.pid == $p]' "$OUT"
	assert_output '["SIGUSR1",true,"sh",1,true]'
}

@test "a new process is reported forked before anything it does, whichever of its stops the kernel gives first" {
	# attached in a namespace of its own, a child's first stop often
	# comes before its parent's fork event (here 1 in 7)
	attach_in_pidns 'read x <"$1"; for i in $(seq 60); do sleep 0; done'
	run jq -s -c --argjson p "$CHILD_PID" '[.[] | select(.event == "child" and .pid != $p)] | group_by(.pid) | map(map(.state) | join(" ")) | unique' "$OUT"
	assert_output '["forked exec exited"]'
}

@test "a traced process in a user namespace of its own: the sender's uid as sigwatch's namespace has it" {
	need_unshare -U --map-user=1000 --map-group=1000
	# inside, sigwatch's user is uid 1000; the signal is sent as it
	run -138 "$SIGWATCH" -q --json --trace -- unshare -U --map-user=1000 --map-group=1000 sh -c 'kill -USR1 $$'
	run jq -c 'select(.event == "signal") | [.signal, .uid, has("ns_pid")]' <<<"$output"
	assert_output "[\"SIGUSR1\",$(id -u),false]"
}

@test "--attach at a terminal: Ctrl-C twice lets the process go, running and untraced" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	sleep 30 3>&- &
	target=$!
	tmux_sigwatch -q --attach="$target"
	wait_for_pane " attach      pid=$target"
	tmux -L "$TMUX_SOCK" send-keys C-c
	tmux -L "$TMUX_SOCK" send-keys C-c
	wait_for_file "$BATS_TEST_TMPDIR/status"
	assert_equal "$(<"$BATS_TEST_TMPDIR/status")" exit=130
	run tmux -L "$TMUX_SOCK" capture-pane -p
	assert_line --regexp " detach      pid=$target\\(sleep\\) threads=1\$"
	no_stopped_tracee "$target"
	[[ $(state_of "$target") == S ]] || fail "sleep is '$(state_of "$target")'"
	kill "$target"
}

@test "letting go waits 2 s at most for a process that cannot stop, which then runs on" {
	ready=$BATS_TEST_TMPDIR/ready
	# the process waits for its vfork child 6 s, where no interrupt stops it
	$T vfork 6000 "$ready" 3>&- &
	helper=$!
	wait_for_file "$ready"
	start_sigwatch -q --no-follow --attach="$helper" --timeout=0.3s
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	[[ $(state_of "$helper") == D ]] ||
		fail "the process is '$(state_of "$helper")', not in its vfork"
	assert_equal "$(<"$ERR")" "sigwatch: process $helper did not stop to be let go within 2 s: as sigwatch exits, the kernel lets it go"
	no_stopped_tracee "$helper"
	wait "$helper" || fail "the process did not run on to its end: status $?"
}

@test "--trace, sigwatch's own error: the kernel kills the traced tree with SIGKILL, no SIGTERM first" {
	cd "$BATS_TEST_TMPDIR"
	# the output file may not grow past 2 KiB: the USR2s overflow it
	run -125 --separate-stderr bash -c 'ulimit -f 2; exec "$@"' - \
		"$SIGWATCH" -q --trace -o out -- sh -c 'trap "echo >termed; exit 3" TERM; trap "" USR2; sleep 30 & echo $! >bg; while :; do kill -USR2 $$; done'
	assert_regex "$stderr" '^sigwatch: write error on out: File too large; [0-9]+ events? not written$'
	[[ ! -e termed ]] || fail "the command was sent SIGTERM and ran its trap"
	bg=$(<bg)
	wait_for_state "$bg" '^(Z|)$' || fail "the traced sleep runs on: $(state_of "$bg")"
}

@test "--attach to a process that is traced already names its tracer, status 125" {
	start_sigwatch -q --trace -- sleep 30
	wait_for_child "$SW_PID" sleep
	tracer=$(comm_of "$SW_PID")	# valgrind's name, under valgrind
	run --separate-stderr "$SIGWATCH" -q --attach="$CHILD_PID"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $CHILD_PID: it is traced already, by process $SW_PID ($tracer)"
	kill -TERM "$SW_PID"
	finish_sigwatch
}

@test "--attach named twice, or by a thread's id, holds the process once, under its process ID" {
	ready=$BATS_TEST_TMPDIR/ready
	# a second thread that blocks everything; the main one catches USR1
	"$HELPERS/sigstate" -t -c 10 "$ready" 3>&- &
	target=$!
	wait_for_file "$ready"
	tid=$(ls "/proc/$target/task" | grep -vx "$target")
	[[ $tid =~ ^[0-9]+$ ]] || fail "no second thread: $tid"
	start_sigwatch -q --json --attach="$tid" --attach="$target" --attach="$tid" -s USR1 --count=1
	kill -USR1 "$target"
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "$(<"$ERR")" ""
	run jq -c '[.event, .pid, .threads // .target.pid]' <<<"$output"
	assert_output "[\"attach\",$target,2]
[\"signal\",$BASHPID,$target]
[\"detach\",$target,2]"
	no_stopped_tracee "$target" "$tid"
	kill "$target"
}

@test "--attach to sigwatch itself, a kernel thread or a zombie: one line that says which, status 125" {
	run -125 --separate-stderr bash -c 'exec "$1" -q --attach=$$' - "$SIGWATCH"
	assert_regex "$stderr" "^sigwatch: cannot attach to process [0-9]+: it is sigwatch itself\$"
	# kthreadd, the kernel threads' parent, is pid 2 in the first namespace
	if [[ $(<"/proc/2/comm") == kthreadd ]]; then
		bad --attach=2 "cannot attach to process 2: it is a kernel thread"
	fi
	ready=$BATS_TEST_TMPDIR/ready
	"$HELPERS/sigstate" -z "$BATS_TEST_TMPDIR/zombie" "$ready" 3>&- &
	parent=$!
	wait_for_file "$ready"
	zombie=$(<"$BATS_TEST_TMPDIR/zombie")
	bad --attach="$zombie" "cannot attach to process $zombie: it has ended, and its parent has not reaped it yet (a zombie)"
	kill "$parent"
}

@test "a seccomp filter refuses ptrace, as a container's may: --trace and --attach say so, 125, the command never runs" {
	cd "$BATS_TEST_TMPDIR"
	# LeakSanitizer, at an ASan build's exit, needs ptrace() too
	export ASAN_OPTIONS=detect_leaks=0
	run --separate-stderr "$HELPERS/tracee" no-ptrace \
		"$SIGWATCH" -q --trace -- touch ran
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot trace the command: a seccomp filter refuses sigwatch the ptrace() system call, as a container's profile may"
	# not started, so no "started" line, and never run untraced
	assert_equal "$output" ""
	[[ ! -e ran ]] || fail "the command ran untraced"
	sleep 30 3>&- &
	target=$!
	run --separate-stderr "$HELPERS/tracee" no-ptrace \
		"$SIGWATCH" -q --attach="$target"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: a seccomp filter refuses sigwatch the ptrace() system call, as a container's profile may"
	no_stopped_tracee "$target"
	kill "$target"
}

@test "--attach without the right: one line that says so, status 125, the process untouched" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	# valgrind run as nobody cannot always reach the build's binary
	not_under_valgrind "it runs sigwatch as another user"
	sleep 30 3>&- &
	target=$!
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SIGWATCH" -q --attach="$target"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: it runs as another user (uid 0), and sigwatch has no CAP_SYS_PTRACE"
	no_stopped_tracee "$target"
	kill "$target"
}

@test "--attach to a process with more capabilities, without CAP_SYS_PTRACE: says that" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	grep -q '^CapEff:.*[1-9a-f]' /proc/self/status || skip "the tests run without capabilities"
	sleep 30 3>&- &
	target=$!
	run --separate-stderr setpriv --bounding-set=-sys_ptrace \
		"$SIGWATCH" -q --attach="$target"
	assert_equal "$status" 125
	# CAP_SYS_PTRACE is bit 19: the one the target has and sigwatch not
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: it has capabilities sigwatch lacks (CapPrm 0x80000), and sigwatch has no CAP_SYS_PTRACE"
	no_stopped_tracee "$target"
	kill "$target"
}

@test "--attach to the same user's process that is not dumpable: says that" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	not_under_valgrind "it runs sigwatch as another user"
	# a directory the helper, run as nobody, can write its ready file in,
	# and run from: the build may be in a private one (mktemp -d)
	dir=$(mktemp -d /tmp/sigwatch-trace.XXXXXX)
	chmod 777 "$dir"
	cp "$TRACEE" "$dir/tracee"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env ASAN_OPTIONS=detect_leaks=0:handle_segv=0 "$dir/tracee" \
		undumpable "$dir/ready" 3>&- &
	helper=$!
	wait_for_file "$dir/ready"
	target=$(<"$dir/ready")
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SIGWATCH" -q --attach="$target"
	kill "$target"
	wait "$helper" || true
	rm -rf "$dir"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: it is not dumpable (set-user-ID, file capabilities or prctl), and sigwatch has no CAP_SYS_PTRACE"
}

YAMA=/proc/sys/kernel/yama/ptrace_scope

# yama_scope N: set Yama's ptrace_scope to N (never 3, which cannot be
# undone), restored by teardown; skips where Yama cannot be set.
yama_scope() {
	[[ -e $YAMA ]] || skip "no Yama here: $YAMA does not exist"
	[[ -w $YAMA ]] || skip "$YAMA is not writable here"
	YAMA_WAS=$(<"$YAMA")
	echo "$1" >"$YAMA" 2>/dev/null || skip "$YAMA cannot be set here"
}

teardown() {
	[[ -z ${YAMA_WAS:-} ]] || echo "$YAMA_WAS" >"$YAMA"
	[[ -z ${TMUX_SOCK:-} ]] || tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	json_collect_files
}

@test "--attach under Yama's ptrace_scope 1 without CAP_SYS_PTRACE: names the scope" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	yama_scope 1
	sleep 30 3>&- &
	target=$!
	run --separate-stderr setpriv --bounding-set=-sys_ptrace \
		"$SIGWATCH" -q --attach="$target"
	kill "$target"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: kernel.yama.ptrace_scope is 1: only a process's ancestors may trace it, without CAP_SYS_PTRACE"
}

@test "--attach under Yama's ptrace_scope 2 without CAP_SYS_PTRACE: names the scope" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	yama_scope 2
	sleep 30 3>&- &
	target=$!
	# the same capabilities: only Yama stands in the way
	run --separate-stderr setpriv --bounding-set=-sys_ptrace \
		setpriv --bounding-set=-sys_ptrace "$SIGWATCH" -q --attach="$target"
	kill "$target"
	assert_equal "$status" 125
	assert_equal "$stderr" "sigwatch: cannot attach to process $target: kernel.yama.ptrace_scope is 2: only a process with CAP_SYS_PTRACE may trace"
}

@test "--attach with a list, as strace's -p \"\$(pidof PROG)\": every process of it, once" {
	sleep 30 3>&- &
	a=$!
	sleep 30 3>&- &
	b=$!
	run -124 "$SIGWATCH" -q --json -p "$a $b" -p "$b,$a" -o "$BATS_TEST_TMPDIR/out" --timeout=0.5
	OUT=$BATS_TEST_TMPDIR/out
	run jq -c --argjson a "$a" --argjson b "$b" 'select(.event == "attach") | .pid | if . == $a then "a" elif . == $b then "b" else . end' "$OUT"
	assert_output '"a"
"b"'
	no_stopped_tracee "$a" "$b"
	kill "$a" "$b"
}

@test "--attach: bad uses are one-line errors" {
	bad --attach=0 "invalid pid '0'"
	bad -p "1 0x1" "invalid pid '0x1'"
	bad -p " , " "invalid pid ' , '"
	bad -p 999999999 "no such process '999999999'"
	bad --attach=1 -- true "option '--attach' takes no COMMAND"
	bad -p 1 --list "options '--attach' and '--list' exclude each other"
}

# held_tracee PID: PID is found in a tracing stop 20 times in a row,
# 10 ms apart: held there, not stopping at each signal and resumed (which
# a slow tracer, under valgrind, can also look like for a moment).
held_tracee() {
	local i n=0
	for ((i = 0; i < WAIT_STEPS && n < 20; i++)); do
		if [[ $(state_of "$1") == t ]]; then
			n=$((n + 1))
		else
			n=0
		fi
		sleep 0.01
	done
	((n == 20)) || fail "process $1 is not held in its stop: it is '$(state_of "$1")'"
}

# stall_reader: a reader that is there but does not read: the FIFO
# $fifo ($BATS_TEST_TMPDIR/fifo), open on this shell's descriptor 4.
stall_reader() {
	fifo=$BATS_TEST_TMPDIR/fifo
	mkfifo "$fifo"
	exec 4<>"$fifo"
}

# The --timeout of a run that is to end while its tracee is held: long
# enough for the buffer to fill and held_tracee to see the hold first, on
# a loaded machine and under valgrind too.
HELD_LIMIT=${SIGWATCH_VALGRIND:+10s}
HELD_LIMIT=${HELD_LIMIT:-3s}

# read_fifo FIFO FILE: a reader that copies FIFO to FILE from now on,
# READER its pid; back once it has the FIFO open, so that the test's own
# descriptor of it can go without leaving sigwatch without a reader.
read_fifo() {
	local i
	cat <"$1" >"$2" 3>&- 4<&- &
	READER=$!
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ $(readlink "/proc/$READER/fd/0") == "$1" ]] && return 0
		sleep 0.01
	done
	fail "the reader never opened $1"
}

@test "--trace with a reader that does not read: the traced program is held, not buffered for; every signal comes once it reads" {
	stall_reader
	start_sigwatch -q --json --trace -s USR1 -o "$fifo" -- $T raise 10 20000 "$BATS_TEST_TMPDIR/ready" 4<&-
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	wait_for_child "$SW_PID" tracee
	held_tracee "$CHILD_PID"
	tracee=$CHILD_PID
	read_fifo "$fifo" "$BATS_TEST_TMPDIR/events"
	exec 4<&-
	finish_sigwatch
	assert_equal "$SW_STATUS" 0
	assert_equal "$output" handled=20000
	wait_for_exit "$READER"
	run jq -s -c '[.[] | select(.event == "signal")] | [length, (map(.target.pid) | unique)]' "$BATS_TEST_TMPDIR/events"
	assert_output "[20000,[$tracee]]"
}

@test "--attach with a reader that does not read: at the end the process is let go at once, before sigwatch's last lines are taken" {
	stall_reader
	$T raise 10 20000 "$BATS_TEST_TMPDIR/ready" >"$BATS_TEST_TMPDIR/tracee" 3>&- 4<&- &
	tracee=$!
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	start_sigwatch -q --json --attach="$tracee" -s USR1 -o "$fifo" --timeout="$HELD_LIMIT" 4<&-
	held_tracee "$tracee"
	# the timeout ends the run while the reader still does not read
	wait_for_state "$tracee" '^(Z|)$' ||
		fail "the process was not let go: $(kill "$tracee")"
	wait "$tracee" || fail "the process failed: $(<"$BATS_TEST_TMPDIR/tracee")"
	assert_equal "$(<"$BATS_TEST_TMPDIR/tracee")" handled=20000
	no_stopped_tracee "$tracee"
	read_fifo "$fifo" "$BATS_TEST_TMPDIR/events"
	exec 4<&-
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	run jq -c 'select(.event != "signal") | [.event, .pid == '"$tracee"']' "$BATS_TEST_TMPDIR/events"
	assert_output '["attach",true]
["detach",true]'
}

@test "--trace with a reader that does not read: a limit's SIGTERM still ends the held command on time" {
	stall_reader
	start_sigwatch -q --json --trace -s USR1 -o "$fifo" --timeout="$HELD_LIMIT" -- $T raise 10 20000 "$BATS_TEST_TMPDIR/ready" 4<&-
	wait_for_file "$BATS_TEST_TMPDIR/ready"
	wait_for_child "$SW_PID" tracee
	held_tracee "$CHILD_PID"
	# ended by the SIGTERM while nothing has been read
	wait_for_state "$CHILD_PID" '^(Z|)$' ||
		fail "the held command did not end at the limit: it is $(state_of "$CHILD_PID")"
	read_fifo "$fifo" "$BATS_TEST_TMPDIR/events"
	exec 4<&-
	finish_sigwatch
	assert_equal "$SW_STATUS" 124
	run jq -c 'select(.event == "child" and .state != "exec") | [.state, .signal]' "$BATS_TEST_TMPDIR/events"
	assert_output '["started",null]
["killed","SIGTERM"]'
}
