/* SPDX-License-Identifier: ISC */
/*
 * System call names for SIGSYS records, by AUDIT_ARCH_* value and number,
 * from tables scripts/gen-syscalls wrote from the build's kernel headers:
 * on x86, the 64-bit, x32 and i386 ABIs; elsewhere the target's own.
 */
#include <linux/audit.h>
#include <stddef.h>

#include "sigwatch.h"

struct sysent {
	int32_t		 nr;
	const char	*name;
};

struct systable {
	uint32_t		 arch;
	const struct sysent	*ent;
	size_t			 n;
};

/* Generated in the build directory, which automake puts first (-I.). */
#include "src/syscall_table.h"

/* The formatters' line reserves count on names no longer than this. */
_Static_assert(SYSCALL_NAME_LONGEST <= SYSCALL_NAME_MAX,
    "a system call name longer than the output lines have room for");

/*
 * The name of system call nr of arch, or NULL. x32 shares x86_64's
 * AUDIT_ARCH value; its numbers carry __X32_SYSCALL_BIT, so that both
 * tables can be searched. A SIGSYS is rare: a linear search will do.
 */
const char *
syscall_name(uint32_t arch, int32_t nr)
{
	const struct systable	*t;
	size_t			 i;

	for (t = systables; t->ent != NULL; t++)
		if (t->arch == arch)
			for (i = 0; i < t->n; i++)
				if (t->ent[i].nr == nr)
					return t->ent[i].name;
	return NULL;
}
