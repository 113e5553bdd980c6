#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The container entrypoint of the README, run as a container runtime runs
# it: in a root that holds only busybox and the static sigwatch, as
# process ID 1 of a new PID namespace with its own /proc, and stopped as
# docker stop stops it (SIGTERM to process 1, SIGKILL after a grace).
# The ENTRYPOINT and COPY lines are read from README.md, so that the
# README's are the ones tested.

load test_helper

setup() {
	((EUID == 0)) || skip "needs root: a PID namespace, a mount and chroot"
	command -v unshare >/dev/null || skip "unshare (util-linux) is not installed"
	not_under_valgrind "the image has no valgrind"
	readelf -l "$SIGWATCH" | grep -q 'program interpreter' &&
		skip "sigwatch is linked dynamically (--disable-static-binary, or the sanitizers'): the image has no C library"
	BUSYBOX=/bin/busybox
	[[ -x $BUSYBOX ]] || fail "no $BUSYBOX: install busybox-static (scripts/install-deps)"
	readelf -l "$BUSYBOX" | grep -q 'program interpreter' &&
		fail "$BUSYBOX is linked dynamically: install busybox-static"
	readme_entrypoint
	image
}

# A container a failed test leaves: SIGKILL to its process 1 ends it all.
teardown() {
	local kids
	if [[ -n ${JOB:-} ]] && kill -0 "$JOB" 2>/dev/null; then
		kids=$(cat "/proc/$JOB/task/$JOB/children" 2>/dev/null) || true
		[[ -z $kids ]] || kill -KILL $kids 2>/dev/null || true
		wait "$JOB" 2>/dev/null || true
	fi
	json_collect_files
}

# readme_entrypoint: ENTRY, the README's ENTRYPOINT as an array, and
# COPY_TO, where its COPY line puts sigwatch in the image.
readme_entrypoint() {
	local readme=$TOP_SRCDIR/README.md json
	run grep -c -E '^ENTRYPOINT ' "$readme"
	assert_output 1
	json=$(sed -n 's/^ENTRYPOINT //p' "$readme")
	mapfile -t ENTRY < <(jq -r '.[]' <<<"$json")
	COPY_TO=$(sed -nE 's|^COPY sigwatch (/[^ ]+)$|\1|p' "$readme")
	[[ -n $COPY_TO ]] || fail "no 'COPY sigwatch /PATH' line in README.md"
	assert_equal "${ENTRY[0]}" "$COPY_TO"
}

# image: ROOT, a root with busybox, sigwatch where the README copies it,
# an empty /proc to mount the namespace's on, the /dev/null a runtime
# gives (sh's background jobs read it), and /app, the application.
# /app [ignore]: write its pid to /ready once it has its TERM trap,
# leave an orphan (its parent exits at once, it 0.1 s later), wait; on
# SIGTERM note it in /term and exit 42; with "ignore", ignore SIGTERM.
image() {
	local applet
	ROOT=$BATS_TEST_TMPDIR/root
	mkdir -p "$ROOT/bin" "$ROOT/proc" "$ROOT/dev" "$ROOT${COPY_TO%/*}"
	mknod -m 666 "$ROOT/dev/null" c 1 3
	cp "$BUSYBOX" "$ROOT/bin/busybox"
	for applet in sh sleep cat; do
		ln -s busybox "$ROOT/bin/$applet"
	done
	cp "$SIGWATCH" "$ROOT$COPY_TO"
	cat >"$ROOT/app" <<'EOF'
#!/bin/sh
if [ "$1" = ignore ]; then
	trap '' TERM
else
	trap 'echo TERM >/term; exit 42' TERM
fi
echo "the application's stdout"
echo "the application's stderr" >&2
# the orphan: its parent exits at once, so process 1 inherits it
sh -c 'sleep 0.1 & echo $! >/orphan'
sleep 1000 &
echo $$ >/ready
wait $!
EOF
	chmod +x "$ROOT/app"
}

# run_container [ARG]...: the README's ENTRYPOINT with CMD ["/app", ARG...]
# as process 1 of a new PID namespace, in the background: standard output
# in $OUT, standard error in $ERR, the job in JOB, process 1's pid outside
# the namespace in INIT, once /app is ready.
run_container() {
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	# docker run's PATH, and nothing else from the environment
	env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		unshare --fork --pid --mount-proc="$ROOT/proc" \
		chroot "$ROOT" "${ENTRY[@]}" /app "$@" >"$OUT" 2>"$ERR" 3>&- &
	JOB=$!
	wait_for_file "$ROOT/ready"
	INIT=$(<"/proc/$JOB/task/$JOB/children")
	INIT=${INIT%% *}
	assert_equal "$(comm_of "$INIT")" "${COPY_TO##*/}"
	NS=$(readlink "/proc/$INIT/ns/pid")
}

# finish_container: wait for the container to end (5 s at most, then
# SIGKILL its process 1, which ends it all, and fail); its status in ST.
finish_container() {
	if ! wait_for_exit "$JOB"; then
		kill -KILL "$INIT"
		wait "$JOB" || true
		fail "the container did not end; standard error: $(cat "$ERR")"
	fi
	ST=0
	wait "$JOB" || ST=$?
}

# in_namespace: the state letter of each process in the namespace, one
# a line ("" when none is left).
in_namespace() {
	local p
	for p in /proc/[0-9]*; do
		[[ $(readlink "$p/ns/pid" 2>/dev/null) == "$NS" ]] &&
			state_of "${p#/proc/}"
	done
	return 0
}

# wait_for_err REGEX: until a line of $ERR matches REGEX (5 s at most).
wait_for_err() {
	local i
	for ((i = 0; i < WAIT_STEPS; i++)); do
		grep -q -E -- "$1" "$ERR" && return 0
		sleep 0.01
	done
	echo "timed out waiting for '$1' in standard error:" >&2
	cat "$ERR" >&2
	return 1
}

# wait_for_orphan: until sigwatch has reaped /app's orphan and said so.
wait_for_orphan() {
	local pid
	pid=$(<"$ROOT/orphan")
	wait_for_err '"pid":'"$pid"',"comm":"sleep","main":false,"state":"exited","exit_code":0'
}

# The JSON events on standard error, apart from the application's line.
events() {
	grep -v -x "the application's stderr" "$ERR"
}

@test "the README's ENTRYPOINT runs as process 1 and keeps -q, --json and -o /dev/stderr" {
	assert_equal "${ENTRY[*]}" "/sigwatch -q --json -o /dev/stderr --"
	run grep -c -x -F 'COPY sigwatch /sigwatch' "$TOP_SRCDIR/README.md"
	assert_output 1
	run_container
	run cat "$ROOT/ready"
	assert_output 2		# the application, sigwatch's child
	kill -TERM "$INIT"
	finish_container
}

@test "docker stop: SIGTERM to process 1 reaches the application, whose status is the container's" {
	run_container
	kill -TERM "$INIT"	# what docker stop sends first
	finish_container
	assert_equal "$ST" 42
	run cat "$ROOT/term"
	assert_output TERM
	# The application's output where it was; events on standard error.
	run cat "$OUT"
	assert_output "the application's stdout"
	run grep -c -x "the application's stderr" "$ERR"
	assert_output 1
	run jq -c -r 'select(.event == "signal") | [.signal, .sender] | @tsv' < <(events)
	assert_output "$(printf 'SIGTERM\tkernel')"
	run jq -c 'select(.event == "child" and .main) | [.pid, .comm, .state, .exit_code]' < <(events)
	assert_line -n 0 '[2,"app","started",null]'
	assert_line -n 1 '[2,"app","exited",42]'
	assert_equal "${#lines[@]}" 2
	# Every line but the application's is a JSON event, from the first:
	# no start-up note (-q).
	run jq -e -n '[inputs | type == "object" and has("event")] | all' < <(events)
	assert_success
}

@test "an orphan that exits is reaped by process 1: no zombie is left in the namespace" {
	run_container
	wait_for_orphan
	# Left: sigwatch, the application and its sleep; none a zombie.
	run in_namespace
	assert_equal "${#lines[@]}" 3
	refute_line Z
	kill -TERM "$INIT"
	finish_container
	assert_equal "$ST" 42
}

@test "docker stop's SIGKILL after the grace ends everything, when the application ignores SIGTERM" {
	run_container ignore
	wait_for_orphan
	kill -TERM "$INIT"
	wait_for_err '"event":"signal".*"signal":"SIGTERM"'
	# The grace docker stop gives (10 s by default): the application
	# ignores the forwarded SIGTERM and everything runs on.
	sleep 0.5
	run in_namespace
	assert_equal "${#lines[@]}" 3
	[[ ! -e $ROOT/term ]]
	kill -KILL "$INIT"
	# unshare says 1 ("sigprocmask unblock failed") for a child killed
	# by SIGKILL; a runtime's 137 is not unshare's to mimic
	finish_container
	for ((i = 0; i < WAIT_STEPS; i++)); do
		[[ -z $(in_namespace) ]] && break
		sleep 0.01
	done
	run in_namespace
	assert_output ""
	# Nothing said the application ended: the kernel ended sigwatch
	# first.
	run jq -c 'select(.event == "child" and .main) | .state' < <(grep '^{' "$ERR")
	assert_output '"started"'
}
