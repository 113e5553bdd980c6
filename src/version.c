/* SPDX-License-Identifier: ISC */
/*
 * --version, in the GNU layout: name and version, copyright, licence, no
 * warranty; then how this binary was built, which a bug report needs:
 * static or dynamic, and the C library and libjansson it runs on.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

#include "sigwatch.h"

static const char	 notice[] =
    "Copyright (c) 2026 The sigwatch authors\n"
    "License ISC: <https://opensource.org/license/isc-license-txt>\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n";

/* The C library's name and version, asked at run time where it can be. */
static void
put_libc(void)
{
#ifdef __GLIBC__
	printf("glibc %s", gnu_get_libc_version());
#else
	/* musl has no call that says its version: configure read it. */
	fputs(SIGWATCH_LIBC, stdout);
#endif
}

static const char *
jansson_version(void)
{
#if JANSSON_VERSION_HEX >= 0x020d00
	return jansson_version_str();	/* the library's, not the header's */
#else
	return JANSSON_VERSION;
#endif
}

void
version(void)
{
	printf("sigwatch %s\n%s", PACKAGE_VERSION, notice);
#ifdef SIGWATCH_STATIC
	fputs("Built statically with ", stdout);
#else
	fputs("Built dynamically with ", stdout);
#endif
	put_libc();
	printf(" and jansson %s.\n", jansson_version());
	stdout_exit();
}
