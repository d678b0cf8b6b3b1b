/* console-int.h — shared by the files of the console core. */
#ifndef CONSOLE_INT_H
#define CONSOLE_INT_H

#include "console.h"

/* A device message of center: the list of devices not online. */
void console__device(struct console *c, int center, const struct console_msg *m);
/* An arm message of center: the (site, partition)'s last state. */
void console__arm(struct console *c, int center, const struct console_msg *m);
/* A snapshot replaces them (its standing state says again). */
void console__test(struct console *c, int center, const struct console_msg *m);
void console__signal(struct console *c, int center, const struct console_msg *m);
/* An order message: the open work orders (a closed one leaves them). */
void console__order(struct console *c, int center, const struct console_msg *m);
/* A flood message: the center's storm state. */
void console__flood(struct console *c, int center, const struct console_msg *m);
void console__sites_forget(struct console *c, int center);

#endif
