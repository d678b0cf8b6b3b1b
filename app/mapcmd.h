/* mapcmd.h — `alarmdesk map …`: the map keepers' command-line tools. */
#ifndef MAPCMD_H
#define MAPCMD_H

/* argv[0] is "map". Returns the process exit status. */
int mapcmd_main(int argc, char **argv);

#endif
