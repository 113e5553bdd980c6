/* SPDX-License-Identifier: ISC */
/*
 * From a signalfd record to an event: which fields the kernel filled,
 * following the layout it chose (kernel/signal.c siginfo_layout() and
 * fs/signalfd.c signalfd_copyinfo()). A traced process's siginfo_t is
 * first made the record signalfd would have given, so that one decoder
 * and one path to the formatters serve both. No system calls:
 * unit-testable.
 */
#include <string.h>

#include "sigwatch.h"

#ifndef SI_TKILL
#define SI_TKILL	(-6)
#endif

static const unsigned layout_fields[] = {
	[LAYOUT_KILL]		= F_PID | F_UID,
	[LAYOUT_TIMER]		= F_TIMERID | F_OVERRUN | F_VALUE | F_PTR,
	[LAYOUT_POLL]		= F_BAND | F_FD,
	[LAYOUT_FAULT]		= F_ADDR,
	[LAYOUT_FAULT_MCEERR]	= F_ADDR | F_ADDR_LSB,
	[LAYOUT_CHLD]		= F_PID | F_UID | F_STATUS,
	[LAYOUT_RT]		= F_PID | F_UID | F_VALUE | F_PTR,
	[LAYOUT_SYS]		= F_CALL_ADDR | F_SYSCALL | F_ARCH,
};

static enum si_layout
layout_of(int signo, int code)
{
	if (code > SI_USER && code < SI_KERNEL) {
		if (signo == SIGBUS &&
		    (code == BUS_MCEERR_AR || code == BUS_MCEERR_AO))
			return LAYOUT_FAULT_MCEERR;
		return si_code_layout(signo, code);
	}
	if (code == SI_TIMER)
		return LAYOUT_TIMER;
	if (code == SI_SIGIO)
		return LAYOUT_POLL;
	return code < 0 ? LAYOUT_RT : LAYOUT_KILL;
}

static unsigned
fields_of(enum si_layout layout, int code)
{
	/* The kernel sends these itself: there is no sender to name. */
	if (code == SI_KERNEL)
		return 0;
	/* tkill() and tgkill() fill only the sender; the value stays zero. */
	if (code == SI_TKILL)
		return F_PID | F_UID;
	return layout_fields[layout];
}

/*
 * The signalfd record of a siginfo_t: the members of the layout the
 * kernel chose, as fs/signalfd.c copies them, the same fields decode()
 * then reads back.
 */
void
siginfo_record(const siginfo_t *si, struct signalfd_siginfo *r)
{
	unsigned	 f = layout_fields[layout_of(si->si_signo, si->si_code)];

	memset(r, 0, sizeof *r);
	r->ssi_signo = (uint32_t)si->si_signo;
	r->ssi_errno = si->si_errno;
	r->ssi_code = si->si_code;
	if (f & F_PID) {
		r->ssi_pid = (uint32_t)si->si_pid;
		r->ssi_uid = si->si_uid;
	}
	if (f & F_VALUE) {
		r->ssi_ptr = (uint64_t)(uintptr_t)si->si_ptr;
		r->ssi_int = si->si_int;
	}
	if (f & F_TIMERID) {
		r->ssi_tid = (uint32_t)si->si_timerid;
		r->ssi_overrun = (uint32_t)si->si_overrun;
	}
	if (f & F_FD) {
		r->ssi_band = (uint32_t)si->si_band;
		r->ssi_fd = si->si_fd;
	}
	if (f & F_ADDR)
		r->ssi_addr = (uint64_t)(uintptr_t)si->si_addr;
	if (f & F_ADDR_LSB)
		r->ssi_addr_lsb = (uint16_t)si->si_addr_lsb;
	if (f & F_STATUS) {
		r->ssi_status = si->si_status;
		r->ssi_utime = (uint64_t)si->si_utime;
		r->ssi_stime = (uint64_t)si->si_stime;
	}
	if (f & F_SYSCALL) {
		r->ssi_call_addr = (uint64_t)(uintptr_t)si->si_call_addr;
		r->ssi_syscall = si->si_syscall;
		r->ssi_arch = si->si_arch;
	}
}

/* Whether the record names a sender: a process and user ID. */
bool
record_has_sender(const struct signalfd_siginfo *r)
{
	int	 signo = (int)r->ssi_signo;

	return (fields_of(layout_of(signo, r->ssi_code), r->ssi_code) &
	    F_PID) != 0;
}

/*
 * Decode one record. clk_tck converts the child's CPU times from clock
 * ticks to seconds. The event's time is left alone; comm and user are
 * cleared until resolve() looks them up.
 */
void
decode(const struct signalfd_siginfo *si, long clk_tck, struct event *ev)
{
	ev->signo = (int)si->ssi_signo;
	ev->si_code = si->ssi_code;
	ev->code = si_code_name(ev->signo, ev->si_code);
	ev->layout = layout_of(ev->signo, ev->si_code);
	ev->fields = fields_of(ev->layout, ev->si_code);
	if (si->ssi_errno != 0)
		ev->fields |= F_ERRNO;

	/*
	 * Only kill(), tkill() and the kernel itself vouch for the sender;
	 * sigqueue() and rt_sigqueueinfo() callers write pid and uid freely.
	 */
	ev->claimed = ev->si_code < 0 && ev->si_code != SI_TKILL;

	ev->pid = si->ssi_pid;
	ev->uid = si->ssi_uid;
	ev->value = si->ssi_int;
	ev->ptr = si->ssi_ptr;
	ev->addr = si->ssi_addr;
	ev->addr_lsb = si->ssi_addr_lsb;
	ev->call_addr = si->ssi_call_addr;
	ev->syscall = si->ssi_syscall;
	ev->arch = si->ssi_arch;
	ev->syscall_name = (ev->fields & F_SYSCALL) ?
	    syscall_name(ev->arch, ev->syscall) : NULL;
	ev->status = si->ssi_status;
	ev->status_is_signal = ev->layout == LAYOUT_CHLD &&
	    ev->si_code != CLD_EXITED;
	ev->utime = clk_tck > 0 ? (double)si->ssi_utime / (double)clk_tck : 0;
	ev->stime = clk_tck > 0 ? (double)si->ssi_stime / (double)clk_tck : 0;
	ev->fd = si->ssi_fd;
	ev->band = si->ssi_band;
	ev->timerid = si->ssi_tid;
	ev->overrun = si->ssi_overrun;
	ev->err = si->ssi_errno;
	ev->comm = NULL;
	ev->user = NULL;
	ev->resolved = false;
	ev->target = NULL;
}
