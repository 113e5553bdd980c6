/* SPDX-License-Identifier: ISC */
/*
 * The signal system calls without the C library, for the test helpers:
 * glibc's sigaction() and sigprocmask() refuse or quietly leave out the
 * signals 32 and 33 it reserves, and the helpers must set those too.
 */
#ifndef RAWSIG_H
#define RAWSIG_H

#include <err.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline void
raw_mask(int how, uint64_t mask)
{
	if (syscall(SYS_rt_sigprocmask, how, &mask, NULL, sizeof mask) == -1)
		err(1, "rt_sigprocmask");
}

/*
 * SIG_DFL or SIG_IGN. Neither needs flags, a mask or a restorer, so the
 * kernel's struct sigaction is all zeros but the handler, which comes
 * first in the generic layout (x86, arm, arm64, riscv and most).
 */
static inline void
raw_action(int sig, void (*handler)(int))
{
	struct {
		void		(*handler)(int);
		unsigned long	 flags;
		void		(*restorer)(void);
		uint64_t	 mask;
	} ka;

	memset(&ka, 0, sizeof ka);
	ka.handler = handler;
	if (syscall(SYS_rt_sigaction, sig, &ka, NULL, sizeof ka.mask) == -1)
		err(1, "rt_sigaction %d", sig);
}

#endif
