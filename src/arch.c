/* SPDX-License-Identifier: ISC */
/*
 * AUDIT_ARCH_* values (SIGSYS records) by name: every value the kernel's
 * <linux/audit.h> defines, as the lower-case machine name uname -m
 * prints, with the byte order or ABI the header tells apart added where
 * one machine has several (mipsel, mips64n32, armeb, shel). Where uname
 * gives no name of its own, the header's: arcompact, arcv2, c6x, nds32.
 * Values a header may lack are guarded: a build with older headers names
 * fewer, rather than failing.
 */
#include <linux/audit.h>
#include <stdio.h>

#include "sigwatch.h"

static const struct {
	uint32_t	 value;
	const char	*name;
} arches[] = {
	{ AUDIT_ARCH_AARCH64,		"aarch64" },
#ifdef AUDIT_ARCH_ALPHA
	{ AUDIT_ARCH_ALPHA,		"alpha" },
#endif
#ifdef AUDIT_ARCH_ARCOMPACT
	{ AUDIT_ARCH_ARCOMPACT,		"arcompact" },
#endif
#ifdef AUDIT_ARCH_ARCOMPACTBE
	{ AUDIT_ARCH_ARCOMPACTBE,	"arcompactbe" },
#endif
#ifdef AUDIT_ARCH_ARCV2
	{ AUDIT_ARCH_ARCV2,		"arcv2" },
#endif
#ifdef AUDIT_ARCH_ARCV2BE
	{ AUDIT_ARCH_ARCV2BE,		"arcv2be" },
#endif
	{ AUDIT_ARCH_ARM,		"arm" },
#ifdef AUDIT_ARCH_ARMEB
	{ AUDIT_ARCH_ARMEB,		"armeb" },
#endif
#ifdef AUDIT_ARCH_C6X
	{ AUDIT_ARCH_C6X,		"c6x" },
#endif
#ifdef AUDIT_ARCH_C6XBE
	{ AUDIT_ARCH_C6XBE,		"c6xbe" },
#endif
#ifdef AUDIT_ARCH_CRIS
	{ AUDIT_ARCH_CRIS,		"cris" },
#endif
#ifdef AUDIT_ARCH_CSKY
	{ AUDIT_ARCH_CSKY,		"csky" },
#endif
#ifdef AUDIT_ARCH_FRV
	{ AUDIT_ARCH_FRV,		"frv" },
#endif
#ifdef AUDIT_ARCH_H8300
	{ AUDIT_ARCH_H8300,		"h8300" },
#endif
#ifdef AUDIT_ARCH_HEXAGON
	{ AUDIT_ARCH_HEXAGON,		"hexagon" },
#endif
	{ AUDIT_ARCH_I386,		"i386" },
#ifdef AUDIT_ARCH_IA64
	{ AUDIT_ARCH_IA64,		"ia64" },
#endif
#ifdef AUDIT_ARCH_LOONGARCH32
	{ AUDIT_ARCH_LOONGARCH32,	"loongarch32" },
#endif
#ifdef AUDIT_ARCH_LOONGARCH64
	{ AUDIT_ARCH_LOONGARCH64,	"loongarch64" },
#endif
#ifdef AUDIT_ARCH_M32R
	{ AUDIT_ARCH_M32R,		"m32r" },
#endif
#ifdef AUDIT_ARCH_M68K
	{ AUDIT_ARCH_M68K,		"m68k" },
#endif
#ifdef AUDIT_ARCH_MICROBLAZE
	{ AUDIT_ARCH_MICROBLAZE,	"microblaze" },
#endif
	{ AUDIT_ARCH_MIPS,		"mips" },
#ifdef AUDIT_ARCH_MIPSEL
	{ AUDIT_ARCH_MIPSEL,		"mipsel" },
#endif
#ifdef AUDIT_ARCH_MIPS64
	{ AUDIT_ARCH_MIPS64,		"mips64" },
#endif
#ifdef AUDIT_ARCH_MIPS64N32
	{ AUDIT_ARCH_MIPS64N32,		"mips64n32" },
#endif
	{ AUDIT_ARCH_MIPSEL64,		"mips64el" },
#ifdef AUDIT_ARCH_MIPSEL64N32
	{ AUDIT_ARCH_MIPSEL64N32,	"mips64eln32" },
#endif
#ifdef AUDIT_ARCH_NDS32
	{ AUDIT_ARCH_NDS32,		"nds32" },
#endif
#ifdef AUDIT_ARCH_NDS32BE
	{ AUDIT_ARCH_NDS32BE,		"nds32be" },
#endif
#ifdef AUDIT_ARCH_NIOS2
	{ AUDIT_ARCH_NIOS2,		"nios2" },
#endif
#ifdef AUDIT_ARCH_OPENRISC
	{ AUDIT_ARCH_OPENRISC,		"openrisc" },
#endif
#ifdef AUDIT_ARCH_PARISC
	{ AUDIT_ARCH_PARISC,		"parisc" },
#endif
#ifdef AUDIT_ARCH_PARISC64
	{ AUDIT_ARCH_PARISC64,		"parisc64" },
#endif
#ifdef AUDIT_ARCH_PPC
	{ AUDIT_ARCH_PPC,		"ppc" },
#endif
	{ AUDIT_ARCH_PPC64,		"ppc64" },
	{ AUDIT_ARCH_PPC64LE,		"ppc64le" },
#ifdef AUDIT_ARCH_RISCV32
	{ AUDIT_ARCH_RISCV32,		"riscv32" },
#endif
	{ AUDIT_ARCH_RISCV64,		"riscv64" },
#ifdef AUDIT_ARCH_S390
	{ AUDIT_ARCH_S390,		"s390" },
#endif
	{ AUDIT_ARCH_S390X,		"s390x" },
#ifdef AUDIT_ARCH_SH
	{ AUDIT_ARCH_SH,		"sh" },
#endif
#ifdef AUDIT_ARCH_SHEL
	{ AUDIT_ARCH_SHEL,		"shel" },
#endif
#ifdef AUDIT_ARCH_SH64
	{ AUDIT_ARCH_SH64,		"sh64" },
#endif
#ifdef AUDIT_ARCH_SHEL64
	{ AUDIT_ARCH_SHEL64,		"shel64" },
#endif
#ifdef AUDIT_ARCH_SPARC
	{ AUDIT_ARCH_SPARC,		"sparc" },
#endif
#ifdef AUDIT_ARCH_SPARC64
	{ AUDIT_ARCH_SPARC64,		"sparc64" },
#endif
#ifdef AUDIT_ARCH_TILEGX
	{ AUDIT_ARCH_TILEGX,		"tilegx" },
#endif
#ifdef AUDIT_ARCH_TILEGX32
	{ AUDIT_ARCH_TILEGX32,		"tilegx32" },
#endif
#ifdef AUDIT_ARCH_TILEPRO
	{ AUDIT_ARCH_TILEPRO,		"tilepro" },
#endif
#ifdef AUDIT_ARCH_UNICORE
	{ AUDIT_ARCH_UNICORE,		"unicore32" },
#endif
	{ AUDIT_ARCH_X86_64,		"x86_64" },
#ifdef AUDIT_ARCH_XTENSA
	{ AUDIT_ARCH_XTENSA,		"xtensa" },
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
