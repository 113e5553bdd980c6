/*
 * AUDIT_ARCH_* values (SIGSYS records) as the short names uname -m uses.
 */
#include <linux/audit.h>
#include <stdio.h>

#include "sigwatch.h"

static const struct {
	uint32_t	 value;
	const char	*name;
} arches[] = {
	{ AUDIT_ARCH_X86_64,	"x86_64" },
	{ AUDIT_ARCH_I386,	"i386" },
	{ AUDIT_ARCH_AARCH64,	"aarch64" },
	{ AUDIT_ARCH_ARM,	"arm" },
	{ AUDIT_ARCH_PPC64,	"ppc64" },
	{ AUDIT_ARCH_PPC64LE,	"ppc64le" },
	{ AUDIT_ARCH_S390X,	"s390x" },
	{ AUDIT_ARCH_RISCV64,	"riscv64" },
	{ AUDIT_ARCH_MIPS,	"mips" },
	{ AUDIT_ARCH_MIPSEL64,	"mips64el" },
#ifdef AUDIT_ARCH_LOONGARCH64
	{ AUDIT_ARCH_LOONGARCH64, "loongarch64" },
#endif
};

/* The name of an audit architecture, or its value in hex. */
const char *
arch_name(uint32_t arch, char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof arches / sizeof arches[0]; i++)
		if (arches[i].value == arch)
			return arches[i].name;
	snprintf(buf, len, "0x%x", arch);
	return buf;
}
