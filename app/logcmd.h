/* logcmd.h — `alarmdesk log verify|show|export|report`: the journal tools.
 * They open the journal read-only, so they work while a console runs. */
#ifndef LOGCMD_H
#define LOGCMD_H

/* argv[0] is "log". Returns the process exit status. */
int logcmd_main(int argc, char **argv);

#endif
