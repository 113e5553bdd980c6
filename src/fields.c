/* SPDX-License-Identifier: ISC */
/*
 * The optional fields of a signal event, laid out once: which bit says
 * the kernel filled a field, its key, how it is written, and where the
 * value is. Both formatters walk this table, in this order, which is
 * also the order of the JSON schema; adding a field is one line here.
 *
 * Alone in its file so that a unit test can link the formatters with
 * a table of its own.
 */
#include <stddef.h>

#include "sigwatch.h"

#define FIELD(bit, key, kind, member)	{ (bit), (key), (kind),		\
	offsetof(struct event, member), sizeof(((struct event *)0)->member) }

const struct field event_fields[] = {
	FIELD(F_PID,		"pid",		KIND_PID,	pid),
	FIELD(F_UID,		"uid",		KIND_UID,	uid),
	FIELD(F_NS_PID,		"ns_pid",	KIND_UINT,	ns_pid),
	FIELD(F_VALUE,		"value",	KIND_INT,	value),
	FIELD(F_PTR,		"ptr",		KIND_HEX,	ptr),
	FIELD(F_ADDR,		"addr",		KIND_HEX,	addr),
	FIELD(F_ADDR_LSB,	"addr_lsb",	KIND_UINT,	addr_lsb),
	FIELD(F_CALL_ADDR,	"call_addr",	KIND_HEX,	call_addr),
	FIELD(F_SYSCALL,	"syscall",	KIND_SYSCALL,	syscall),
	FIELD(F_ARCH,		"arch",		KIND_ARCH,	arch),
	FIELD(F_STATUS,		"status",	KIND_STATUS,	status),
	FIELD(F_FD,		"fd",		KIND_INT,	fd),
	FIELD(F_BAND,		"band",		KIND_UINT,	band),
	FIELD(F_TIMERID,	"timerid",	KIND_UINT,	timerid),
	FIELD(F_OVERRUN,	"overrun",	KIND_UINT,	overrun),
	FIELD(F_ERRNO,		"errno",	KIND_INT,	err),
	FIELD(F_TARGET,		"target",	KIND_TARGET,	target),
	FIELD(F_FORWARDED_AS,	"forwarded_as",	KIND_SIGNAL,	forwarded_as),
	FIELD(F_DROPPED,	"dropped",	KIND_DROP,	dropped),
	{ 0, NULL, 0, 0, 0 }
};
