#include "../../src/sigwatch.h"
#include "unit.h"

int
main(void)
{
	struct signalfd_siginfo	 si = { .ssi_signo = SIGUSR1, .ssi_code = SI_USER, .ssi_pid = 7 };
	struct event		 ev;

	decode(&si, 100, &ev);
	CHECK_STR(ev.code, "SI_USER", "SI_USER name");
	return unit_done();
}
