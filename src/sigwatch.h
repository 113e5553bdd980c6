/* SPDX-License-Identifier: ISC */
/*
 * sigwatch: shared types and the functions each file offers the others,
 * grouped by the file that defines them.
 */
#ifndef SIGWATCH_H
#define SIGWATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/types.h>
#include <time.h>

#define EXIT_TIMEOUT	124	/* --timeout expired, as timeout(1) */
#define EXIT_TROUBLE	125	/* sigwatch's own error, as env(1) and timeout(1) */
#define EXIT_CANNOT_RUN	126	/* the command was found but could not be run */
#define EXIT_NOT_FOUND	127	/* the command was not found */
#define EXIT_BROKEN_PIPE 141	/* the reader went away: 128 + SIGPIPE, as a shell reports it */
#define EXIT_INTERRUPT	130	/* quit from the terminal: 128 + SIGINT */

/* The most a formatter reserves in the output buffer for one event line. */
#define LINE_RESERVE_MAX	8192

/* Room any time stamp needs. */
#define TIME_MAX	48

/* Longest name sig_name() writes: "SIGRTMAX-14" and the like. */
#define SIG_NAME_MAX	24

/* Room the line reserves keep for a system call name (syscall.c checks). */
#define SYSCALL_NAME_MAX	32

/* Room for a name a sender controls (a command or user name), raw. */
#define NAME_SIZE	256
/* The same encoded: escaped for text, or a JSON string (label.c). */
#define LABEL_TEXT_SIZE	(4 * (NAME_SIZE - 1) + 1)
#define LABEL_JSON_SIZE	(6 * (NAME_SIZE - 1) + 3)
#define LABEL_SIZE	LABEL_JSON_SIZE

/* What a signal does to its receiver (action.c). */
enum sig_action {
	ACTION_TERMINATE,
	ACTION_CORE,		/* terminate and dump core */
	ACTION_STOP,
	ACTION_CONTINUE,
	ACTION_DISCARD,		/* ignored, by default or by choice */
	ACTION_HANDLER,		/* caught */
};
/* Which siginfo union member the kernel filled (kernel/signal.c siginfo_layout). */
enum si_layout {
	LAYOUT_KILL,
	LAYOUT_TIMER,
	LAYOUT_POLL,
	LAYOUT_FAULT,
	LAYOUT_FAULT_MCEERR,
	LAYOUT_CHLD,
	LAYOUT_RT,
	LAYOUT_SYS,
};

/* One bit per optional event field: fields.c says how each is printed. */
enum ev_field {
	F_PID		= 1u << 0,
	F_UID		= 1u << 1,
	F_VALUE		= 1u << 2,
	F_PTR		= 1u << 3,
	F_ADDR		= 1u << 4,
	F_ADDR_LSB	= 1u << 5,
	F_CALL_ADDR	= 1u << 6,
	F_SYSCALL	= 1u << 7,
	F_ARCH		= 1u << 8,
	F_STATUS	= 1u << 9,	/* with utime and stime */
	F_FD		= 1u << 10,
	F_BAND		= 1u << 11,
	F_TIMERID	= 1u << 12,
	F_OVERRUN	= 1u << 13,
	F_ERRNO		= 1u << 14,
	F_TARGET	= 1u << 15,	/* traced: who received it */
	F_FORWARDED_AS	= 1u << 16,	/* --rewrite: forwarded as another */
	F_DROPPED	= 1u << 17,	/* not forwarded: --rewrite, --grace */
	F_NS_PID	= 1u << 18,	/* traced: the sender in the target's PID namespace */
};

/* Why a signal for the command was not forwarded (F_DROPPED). */
enum drop_reason {
	DROP_REWRITE = 1,	/* --rewrite=SIG:none */
	DROP_GRACE,		/* a repeat within --grace */
};

/* A decoded signalfd record: what the formatters print. */
struct event {
	struct timespec	 time;		/* CLOCK_REALTIME when it was read */
	struct timespec	 mono;		/* CLOCK_MONOTONIC, the same moment */
	int		 signo;
	int		 si_code;
	const char	*code;		/* name of si_code, NULL when unknown */
	enum si_layout	 layout;
	unsigned	 fields;	/* enum ev_field bits present */
	bool		 claimed;	/* pid/uid supplied by the sender, not the kernel */

	uint32_t	 pid;
	uint32_t	 uid;
	uint32_t	 ns_pid;	/* pid, as the target's PID namespace has it */
	int32_t		 value;
	uint64_t	 ptr;
	uint64_t	 addr;
	uint16_t	 addr_lsb;
	uint64_t	 call_addr;
	int32_t		 syscall;
	const char	*syscall_name;	/* of syscall on arch, NULL when unknown */
	uint32_t	 arch;
	int32_t		 status;
	bool		 status_is_signal;
	double		 utime;		/* seconds */
	double		 stime;
	int32_t		 fd;
	uint32_t	 band;
	uint32_t	 timerid;
	uint32_t	 overrun;
	int32_t		 err;

	/* Filled by resolve.c; NULL when unknown or not looked up. */
	const char	*comm;
	const char	*user;
	bool		 resolved;	/* comm/user were looked up at all */

	/* Who received it, when traced (trace.c); NULL: sigwatch itself. */
	const struct target *target;

	/* What forwarding made of it (forward.c). */
	int32_t		 forwarded_as;	/* F_FORWARDED_AS */
	int32_t		 dropped;	/* F_DROPPED: enum drop_reason */
};

/* The traced process a signal was delivered to, and what it does with it. */
struct target {
	pid_t		 pid;		/* the process (thread group) */
	pid_t		 tid;		/* the thread that took it */
	char		 comm[64];	/* the process's; empty when unknown */
	pid_t		 sender_nspid;	/* in its PID namespace, if not sigwatch's */
	const struct trace *tracer;	/* which knows the names of senders it traced */
	enum disposition {
		DISP_DEFAULT,
		DISP_IGNORED,
		DISP_CAUGHT,
	} disposition;
	enum sig_action	 action;
};

/* How a field's value is written: each formatter has a writer per kind. */
enum field_kind {
	KIND_PID,	/* the sender's pid, with its command name */
	KIND_UID,	/* the sender's uid, with its user name */
	KIND_INT,	/* signed decimal */
	KIND_UINT,	/* unsigned decimal */
	KIND_HEX,	/* an address or pointer */
	KIND_ARCH,	/* an AUDIT_ARCH_* value, by name */
	KIND_SYSCALL,	/* a system call number, with its name */
	KIND_STATUS,	/* the child's status, with its CPU times */
	KIND_TARGET,	/* the traced receiver, and what it does with it */
	KIND_SIGNAL,	/* a signal number, by name */
	KIND_DROP,	/* enum drop_reason */
	NKINDS
};

/* One optional field of a signal event: fields.c lays them out once. */
struct field {
	unsigned	 bit;		/* enum ev_field */
	const char	*key;		/* in text and JSON alike */
	enum field_kind	 kind;
	size_t		 offset;	/* of the value in struct event */
	size_t		 size;
};

/* The fields in the order both formats print them; a NULL key ends it. */
extern const struct field event_fields[];

/* A field's value, widened. */
static inline uint64_t
field_uint(const struct event *ev, const struct field *f)
{
	const char	*v = (const char *)ev + f->offset;
	uint16_t	 u16;
	uint32_t	 u32;
	uint64_t	 u64;

	switch (f->size) {
	case sizeof u16:
		memcpy(&u16, v, sizeof u16);
		return u16;
	case sizeof u32:
		memcpy(&u32, v, sizeof u32);
		return u32;
	default:
		memcpy(&u64, v, sizeof u64);
		return u64;
	}
}

static inline int64_t
field_int(const struct event *ev, const struct field *f)
{
	uint64_t	 u = field_uint(ev, f);

	/* Sign-extend what was narrower. */
	if (f->size < sizeof u && (u >> (8 * f->size - 1)) != 0)
		u |= ~UINT64_C(0) << (8 * f->size);
	return (int64_t)u;
}

/* A child's state changes, as reported. */
enum child_state {
	CHILD_STARTED,
	CHILD_EXITED,
	CHILD_KILLED,
	CHILD_DUMPED,
	CHILD_STOPPED,
	CHILD_CONTINUED,
	CHILD_FORKED,		/* traced: a new process; code is its parent */
	CHILD_EXEC,		/* traced: a new program */
	CHILD_FAILED,		/* the command could not be run: no process */
	CHILD_TRAPPED,		/* a ptrace stop, for trace.c; never reported */
};

struct child_event {
	struct timespec	 time;
	struct timespec	 mono;
	pid_t		 pid;
	bool		 main;		/* the command, not an adopted orphan */
	bool		 traced;	/* a descendant followed by --trace */
	enum child_state state;
	int		 code;		/* exit code, or the signal */
	int		 err;		/* failed: why, an errno */
	char		 comm[64];	/* empty when unknown */
};

/*
 * A line about a signal sigwatch sent: "undelivered" (forward.c: the
 * command could not be given it) or "group" (ending.c: --kill-group
 * signalled what was left of the command's group). Its one producer
 * names the keys, in order; each format writes every kind of key its
 * one way (format_json.c, format_text.c), so a new such line is one
 * producer and no formatter change.
 */
enum sent_kind {
	SENT_INT,
	SENT_PID,	/* 0: nobody; JSON says null, text leaves it out */
	SENT_ERRNO,	/* "reason", a word; JSON adds the number as "errno" */
};
struct sent_item {
	const char	*key;
	enum sent_kind	 kind;
	int64_t		 value;
};
#define SENT_ITEMS_MAX	3
struct sent_line {
	struct timespec	 time;
	struct timespec	 mono;
	const char	*what;		/* "undelivered", "group" */
	int		 signo;
	int		 nitems;
	struct sent_item item[SENT_ITEMS_MAX];
};

/* A tracer taking hold of a process, or letting it go (trace.c). */
#define REINJECTED_MAX	16
struct trace_event {
	struct timespec	 time;
	struct timespec	 mono;
	bool		 attach;	/* else a detach */
	pid_t		 pid;
	char		 comm[64];	/* empty when unknown */
	int		 threads;
	int		 nreinjected;	/* detach: signals handed back */
	int		 reinjected[REINJECTED_MAX];
};

/* What the command must get back from sigwatch's own start-up. */
struct spawn {
	sigset_t	 mask;		/* the signal mask sigwatch inherited */
	bool		 chld_ignored;	/* SIGCHLD was SIG_IGN */
	bool		 foreground;	/* sigwatch's group owns the terminal */
	bool		 group;		/* the command leads its own group */
	int		 pdeathsig;	/* --child-pdeathsig; 0: none */
	pid_t		 parent;	/* sigwatch, for the command's race check */
};

enum forward_mode {
	FORWARD_CHILD,
	FORWARD_GROUP,
	FORWARD_NONE,
};

enum out_format {
	FORMAT_TEXT,
	FORMAT_JSON,
};

/* How text lines start (--time). */
enum time_format {
	TIME_LOCAL,
	TIME_ISO,
	TIME_EPOCH,
	TIME_MONO,
	TIME_RELATIVE,
	TIME_NONE,
};

enum color_mode {
	COLOR_AUTO,
	COLOR_ALWAYS,
	COLOR_NEVER,
};

struct output;
struct trace;
struct formatter;
struct inspection;

/* What every line of a run has in common. */
struct style {
	enum time_format time;		/* text only */
	bool		 color;		/* text only */
	struct timespec	 origin;	/* CLOCK_MONOTONIC when sigwatch started */
};

/*
 * How each kind of line looks, text or JSON: picked once at start-up
 * (format.c), and the only place that knows which format is on.
 */
typedef void	 format_signal_fn(const struct formatter *, struct output *,
		    const struct event *);
typedef void	 format_child_fn(const struct formatter *, struct output *,
		    const struct child_event *);
typedef void	 format_trace_fn(const struct formatter *, struct output *,
		    const struct trace_event *);
typedef void	 format_sent_fn(const struct formatter *, struct output *,
		    const struct sent_line *);
typedef void	 format_summary_fn(const struct formatter *, struct output *);
typedef void	 format_inspect_fn(const struct formatter *, struct output *,
		    const struct inspection *);
typedef void	 format_list_fn(const struct formatter *, struct output *,
		    char *const *);

typedef char	*field_put_fn(char *, const struct event *, const struct field *);

struct formatter {
	format_signal_fn	*signal;
	format_child_fn		*child;
	format_sent_fn		*sent;
	format_trace_fn		*tracer;
	format_summary_fn	*summary;
	format_inspect_fn	*inspect;
	format_list_fn		*list;
	/* How a field of each kind is written; NULL: as format.c does. */
	field_put_fn		*field[NKINDS];
	struct style		 style;
};

/*
 * The formatter named P: the functions P_signal, P_child, ... and the
 * writers of the kinds of field it writes its own way, P_put_pid, ...
 * laid out once for every format.
 */
#define FORMATTER(p) {							\
	.signal = p##_signal, .child = p##_child,			\
	.sent = p##_sent, .tracer = p##_tracer,				\
	.summary = p##_summary, .inspect = p##_inspect, .list = p##_list, \
	.field = {							\
		[KIND_PID] = p##_put_pid, [KIND_UID] = p##_put_uid,	\
		[KIND_SYSCALL] = p##_put_syscall,			\
		[KIND_STATUS] = p##_put_status,				\
		[KIND_TARGET] = p##_put_target,				\
		[KIND_DROP] = p##_put_drop,				\
	},								\
}

/* signames.c */
int		 sig_min_rt(void);
int		 sig_max(void);
bool		 sig_catchable(int);
const char	*sig_name(int, char [SIG_NAME_MAX]);
const char	*sig_description(int, char *, size_t);
int		 sig_from_name(const char *, size_t);

/* version.c */
__attribute__((noreturn)) void version(void);

/* help.c */
__attribute__((noreturn)) void usage(void);

/* sigtable.c */
const char	*sig_abbrev(int);
const char	*sig_descr(int);

/* sigspec.c */
const char	*sigspec_parse(const char *, sigset_t *, bool *);
const char	*sigspec_one(const char *, size_t, int *);
void		 sigspec_all(sigset_t *);
int		 sigspec_count(const sigset_t *);
bool		 sigspec_names(const char *, int);

/* parse.c */
typedef const char *parse_item_fn(void *, const char *, size_t);
const char	*parse_list(const char *, parse_item_fn *, void *);
typedef void	 parse_pid_fn(void *, pid_t, char *);
const char	*parse_pids(const char *, parse_pid_fn *, void *);
const char	*parse_error(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
int		 parse_count(const char *, unsigned long long *);
int		 parse_pid(const char *, pid_t *);
int		 parse_duration(const char *, struct timespec *);

/* append.c */
char		*put_mem(char *, const char *, size_t);
char		*put_str(char *, const char *);
char		*put_between(char *, char, const char *, char);
char		*put_u64(char *, uint64_t);
char		*put_i64(char *, int64_t);
char		*put_hex(char *, uint64_t);
char		*put_pad(char *, uint64_t, int);

/* arch.c */
const char	*arch_name(uint32_t, char *, size_t);

/* syscall.c */
const char	*syscall_name(uint32_t, int32_t);

/* sicodes.c */
const char	*si_code_name(int, int);
enum si_layout	 si_code_layout(int, int);

/* deadline.c */
struct timespec	 clock_now(clockid_t);
void		 clock_stamp(struct timespec *, struct timespec *);
struct timespec	 deadline_in(const struct timespec *);
struct timespec	 time_until(const struct timespec *);

/* decode.c */
void		 decode(const struct signalfd_siginfo *, long, struct event *);
void		 siginfo_record(const siginfo_t *, struct signalfd_siginfo *);
bool		 record_has_sender(const struct signalfd_siginfo *);

/* resolve.c */
void		 resolve_begin_batch(void);
void		 resolve(struct event *);
const char	*resolve_user(uint32_t);

/* child.c */
/* The "started" line, but for the child's pid, which only it knows. */
struct start_line {
	char		 head[LINE_RESERVE_MAX];
	size_t		 head_len;
	char		 tail[LINE_RESERVE_MAX];
	size_t		 tail_len;
	struct output	*out;
	char		*room;		/* reserved in out for the whole line */
};
void		 child_prepare(struct spawn *, const sigset_t *);
pid_t		 child_spawn(char **, const struct spawn *,
		    const struct start_line *);
pid_t		 child_fork(char **, const struct spawn *, int *);
void		 child_release(int);

/* runnable.c */
int		 runnable(const char *);
const char	*runnable_errno_name(int);

/* reap.c */
int		 reap_next(struct child_event *, pid_t, pid_t,
		    const struct trace *);
void		 reap_zombies(void);
int		 child_exit_status(const struct child_event *);
const char	*child_state_name(enum child_state);
bool		 child_state_has_signal(enum child_state);
bool		 child_state_is_end(enum child_state);

/* ptrace_denied.c */
bool		 ptrace_denied(pid_t, bool, char *, size_t);

/* proc.c */
struct proc_stat {
	char		 state;		/* R, S, Z...: ps(1)'s letter */
	pid_t		 ppid;
	pid_t		 pgrp;
	unsigned long	 flags;		/* the kernel's PF_* */
};
bool		 proc_stat(pid_t, struct proc_stat *);
bool		 comm_read(int, char *, size_t);
bool		 proc_comm(pid_t, char *, size_t);
bool		 proc_children(bool (*)(pid_t, void *), void *);
pid_t		 proc_tgid(pid_t);
pid_t		 proc_tracer(pid_t);
bool		 proc_threads(pid_t, bool (*)(pid_t, void *), void *);
bool		 proc_each(bool (*)(pid_t, void *), void *);
int		 proc_nspids(pid_t, pid_t *, int);

/* nsview.c */
struct nsview {
	bool		 read;		/* looked at since it was traced */
	int		 level;		/* PID namespaces below sigwatch's; -1 unknown */
	dev_t		 dev;		/* its PID namespace, if not sigwatch's */
	ino_t		 ino;
	bool		 userns;	/* in a user namespace not sigwatch's */
};
pid_t		 nsview_translate(struct nsview *, pid_t,
		    struct signalfd_siginfo *);

/* escape.c */
size_t		 escape_text(char *, size_t, const char *);
size_t		 escape_arg(char *, size_t, const char *);
const char	*quote_arg(const char *, size_t);
const char	*quote_str(const char *);
size_t		 sanitize_utf8(char *, size_t, const char *);

/* inspect.c */
int		 inspect(const struct formatter *, struct output *, pid_t,
		    const char *, bool);
format_inspect_fn text_inspect, json_inspect;

/* list.c */
int		 list_lookup(const char *);
format_list_fn	 text_list, json_list;

/* output.c */
struct output	*output_open(const char *);
int		 output_fd(const struct output *);
void		 output_prefault(struct output *);
char		*output_reserve(struct output *, size_t);
void		 output_commit(struct output *, size_t);
void		 output_write(struct output *, const char *, size_t);
bool		 output_pending(const struct output *);
size_t		 output_room(const struct output *, bool);
int		 output_poll_fd(const struct output *, short *);
bool		 output_gone(const struct output *, short);
void		 output_push(struct output *);
size_t		 output_drain(struct output *, const struct timespec *);
void		 output_flush(struct output *);
void		 output_flush_quietly(struct output *);
size_t		 output_take(struct output *, char *, size_t);
void		 output_close(struct output *);
void		 output_units(struct output *, size_t, const char *,
		    const char *);
__attribute__((noreturn)) void stdout_exit(void);

/* action.c */
enum sig_action	 sig_default_action(int);
const char	*sig_action_name(enum sig_action);
const char	*disposition_name(enum disposition);

/* color.c */
bool		 color_wanted(enum color_mode, int);
const char	*color_signal(int);
const char	*color_code(int);

/* summary.c */
void		 summary_add(const struct event *);
format_summary_fn text_summary, json_summary;

/* format.c */
struct formatter formatter_pick(enum out_format, enum time_format, bool);
const char	*drop_reason_name(int);

/* fields.c: event_fields[], above */

/* label.c */
#define LABEL_SLOTS	4
struct label_cache {
	size_t		(*encode)(char *, size_t, const char *);
	unsigned	 next;		/* the slot to fill next */
	unsigned	 last;		/* the slot that answered last */
	struct {
		bool	 used;
		char	 raw[NAME_SIZE];
		char	 encoded[LABEL_SIZE];
	} slot[LABEL_SLOTS];
};
const char	*label_of(struct label_cache *, const char *);

/* format_text.c */
extern const struct formatter text_formatter;

/* timefmt.c */
char		*time_local(char *, const struct timespec *);
char		*time_iso(char *, const struct timespec *);
char		*time_rfc3339(char *, const struct timespec *);
char		*time_seconds(char *, const struct timespec *);
struct timespec	 time_since(const struct timespec *, const struct timespec *);
char		*time_text(char *, const struct style *, const struct timespec *,
		    const struct timespec *);

/* format_json.c */
extern const struct formatter json_formatter;

/* json.c */
struct json_t;
struct json_t	*json_must(struct json_t *);
struct json_t	*json_new_object(void);
void		 json_set(struct json_t *, const char *, struct json_t *);
void		 json_push(struct json_t *, struct json_t *);
struct json_t	*json_untrusted(const char *);
size_t		 json_quote(char *, size_t, const char *);
void		 json_emit(struct output *, struct json_t *);
char		*json_put_head(char *, const char *, const struct timespec *,
		    const struct timespec *);
void		 json_emit_event(struct output *, const char *,
		    const struct timespec *, const struct timespec *,
		    struct json_t *);

/* codemap.c */
#define CODE_MAP_KEYS	256	/* exit statuses; signals are fewer */
struct code_map {
	bool		 set[CODE_MAP_KEYS];
	int		 to[CODE_MAP_KEYS];
};
/* How an option's FROM:TO items are read, and named in its errors. */
struct code_map_syntax {
	const char	*item;		/* invalid ITEM 'x' (FORM) */
	const char	*form;
	const char	*key;		/* KEY 'x' is MAPPED twice */
	const char	*mapped;
	/* One side's number: NULL, an error, or "": the item is invalid. */
	const char	*(*side)(const char *, size_t, bool, int *);
};
const char	*code_map_parse(struct code_map *, const char *,
		    const struct code_map_syntax *);
int		 code_map_of(const struct code_map *, int);

/* rewrite.c */
#define REWRITE_DROP	(-1)	/* --rewrite=SIG:none */
extern const struct code_map_syntax rewrite_syntax;

/* grace.c */
struct grace {
	struct timespec	 length;	/* --grace; 0: none */
	struct timespec	 until[NSIG];	/* CLOCK_MONOTONIC; 0: not running */
};
bool		 grace_drops(struct grace *, int, const struct timespec *);

/* exitmap.c */
extern const struct code_map_syntax exit_map_syntax;

/* pdeathsig.c */
void		 pdeathsig_note_parent(void);
void		 pdeathsig_arm(int);
bool		 pdeathsig_raised(const struct event *);

/* environment.c */
/* A SIGWATCH_* variable that stands for an option. */
struct variable {
	const char	*name;
	const char	*option;	/* its long option */
	bool		 boolean;	/* 1/yes/true: the option; 0/no/false: not */
};
extern const struct variable variables[];
const char	*variable_value(const struct variable *, bool *);

/* forward.c */
/* Signals on their way to the command: four batches of the loop's. */
#define BACKLOG_MAX	1024

struct pending {
	int		 signo;
	bool		 queued;	/* came with SI_QUEUE: sigqueue() it */
	union sigval	 value;
};
struct wrap;
bool		 wrap_enqueue(struct wrap *, struct event *);
bool		 wrap_room(const struct wrap *, size_t);
void		 wrap_forward(struct wrap *);
const char	*undelivered_reason(int);

/* wrap.c */
struct wrap {
	const struct watch_opts *opts;	/* forwarding, reaping, limits */
	struct output	*out;
	const struct formatter *fmt;
	bool		 reap_all;	/* report adopted orphans */
	bool		 own_group;	/* the command leads a group of its own */
	bool		 job_control;	/* started in the terminal's foreground */
	struct trace	*trace;		/* --trace; NULL: none */
	pid_t		 self;
	pid_t		 child;
	bool		 alive;		/* the command has not ended */
	bool		 kept;		/* ended, but left a zombie: its group */
	int		 status;	/* its exit status once it has */
	struct timespec	 grace;		/* SIGTERM to SIGKILL when sigwatch fails */
	struct grace	 repeats;	/* --grace */
	int		 ending;	/* what a limit sent: SIGTERM, SIGKILL */
	bool		 resumed;	/* continued the group after a stop */
	bool		 lingering;	/* --kill-group waits for the rest */
	bool		 group_killed;	/* and has sent it SIGKILL */
	struct timespec	 group_deadline; /* for SIGKILL, then to give up */
	struct timespec	 group_check;	/* when to count the rest again */
	long		 group_step_ns;
	pid_t		*termed;	/* orphans already sent SIGTERM */
	size_t		 ntermed;

	struct pending	 backlog[BACKLOG_MAX];
	size_t		 backlog_len;
	long		 retry_ns;
	struct timespec	 retry_at;	/* CLOCK_MONOTONIC */
};
bool		 wrap_start(struct wrap *, char **, const struct spawn *);
void		 wrap_finish(struct wrap *);
void		 wrap_emit(struct wrap *, struct child_event *);
const struct timespec *wrap_retry_at(const struct wrap *);

/* orphans.c */
/* Adopted orphans signalled at once; more are found as these end. */
#define ORPHANS_MAX	1024
size_t		 orphans(const struct wrap *, pid_t [ORPHANS_MAX]);
void		 end_orphans(struct wrap *);

/* ending.c */
void		 wrap_signal(struct wrap *, int);
bool		 wrap_lingering(const struct wrap *);
void		 end_group(struct wrap *);
bool		 group_settled(struct wrap *);

/* wrap_reap.c */
bool		 wrap_reap(struct wrap *, int *);

/* disposition.c */
struct disp_files {
	int		 stat, status;	/* /proc/PID's, open; -1: not yet */
};
void		 disp_files_init(struct disp_files *);
void		 disp_files_close(struct disp_files *);
bool		 disp_read(struct disp_files *, pid_t, int, uint64_t *,
		    uint64_t *);

/* trace.c */
struct tracee {
	pid_t		 tid;
	pid_t		 tgid;
	bool		 fresh;		/* its attach stop is still to come */
	bool		 announced;	/* its forked event is out */
	bool		 stopped;	/* in a group-stop, listening */
	bool		 held;		/* still traced when sigwatch let go */
	bool		 settled;	/* let go, or found ended, at the end */
	bool		 paused;	/* kept in its stop for a slow reader */
	int		 paused_sig;	/* the signal it is to take then */
	bool		 named;		/* comm is its process's, read since its exec */
	char		 comm[64];
	int		 handed_back;	/* the signal it was given then */
	struct disp_files disp;		/* a leader's: its process's */
	struct nsview	 ns;		/* its namespaces, if not sigwatch's */
};
typedef void	 trace_report_fn(void *, const struct signalfd_siginfo *,
		    const struct target *);
typedef void	 trace_announce_fn(void *, struct trace_event *);
typedef bool	 trace_behind_fn(void *);
#define TRACE_ENDED	8	/* ended processes whose names are kept */
struct trace {
	struct tracee	*t;		/* every traced thread */
	size_t		 n, cap;
	pid_t		 command;
	bool		 command_execed;	/* its first exec, from sigwatch */
	bool		 follow;	/* new processes too, not only threads */
	trace_report_fn	*report;	/* a signal was delivered to a tracee */
	trace_announce_fn *announce;	/* an attach or a detach */
	trace_behind_fn	*behind;	/* the reader is behind: hold tracees */
	void		*arg;
	size_t		 npaused;
	struct ended_name {
		pid_t	 pid;
		char	 comm[64];
	} ended[TRACE_ENDED];		/* the processes that ended last */
	unsigned	 nended;
};
void		 trace_start(struct trace *, pid_t);
void		 trace_attach(struct trace *, pid_t);
bool		 trace_reaped(struct trace *, struct child_event *);
const char	*trace_comm_of(const struct trace *, pid_t);
void		 trace_release(struct trace *);
void		 trace_finish(struct trace *);

/* stdfds.c */
void		 stdfds_open(void);
bool		 stdfd_was_closed(int);

/* ready.c */
void		 ready_open(const char *);
void		 ready_tell(pid_t);
void		 ready_close(void);

/* pgroup.c */
int		 pgroup_members(pid_t, pid_t);
void		 pgroup_hand_terminal(pid_t, pid_t);

/* pidfile.c */
void		 pidfile_add(const char *);
void		 pidfile_check(const char *);
void		 pidfile_write(void);

/* watch.c */
struct watch_opts {
	sigset_t	 set;		/* signals to report */
	sigset_t	 exit_on;	/* end after printing one of these */
	bool		 chld_named;	/* CHLD was named, not just implied */
	unsigned long long count;	/* end after this many; 0: no limit */
	struct timespec	 timeout;	/* end with 124 after this; 0: never */
	struct timespec	 kill_after;	/* then SIGKILL the command; 0: never */
	enum out_format	 format;
	const char	*output;	/* NULL: standard output */
	bool		 resolve;
	bool		 quiet;
	bool		 summary;	/* count what came, print it at the end */
	enum time_format time;
	enum color_mode	 color;
	char		**argv;		/* the command; NULL: only watch */
	enum forward_mode forward;
	bool		 subreaper;
	bool		 reap_orphans;	/* adopt orphans, but exit with the command */
	bool		 same_group;	/* the command stays in sigwatch's group */
	bool		 kill_group;	/* end the rest of its group with it */
	bool		 trace;		/* also the signals the command receives */
	bool		 no_follow;	/* trace no new process, only threads */
	pid_t		*attach;	/* --attach: processes to trace */
	int		 nattach;
	struct code_map	 rewrites;	/* --rewrite */
	struct timespec	 grace;		/* --grace: repeats dropped this long */
	struct code_map	 exit_map;	/* --exit-map */
	int		 pdeathsig;	/* --pdeathsig; 0: none */
	int		 child_pdeathsig; /* --child-pdeathsig; 0: none */
};
int		 watch(const struct watch_opts *, const sigset_t *);

/* options.c */
enum mode {
	MODE_WATCH,
	MODE_WRAP,	/* watch, and run a COMMAND */
	MODE_LIST,
	MODE_INSPECT,
};

/* What the command line asks for. */
struct control {
	struct watch_opts watch;
	pid_t		*pids;		/* --inspect's, in order */
	const char	**pid_args;	/* the same, as typed, for messages */
	int		 npids;
	char		**lookups;	/* --list's operands; NULL: none */
};
enum mode	 parse_options(int, char **, struct control *);
void		 control_free(struct control *);

#endif
