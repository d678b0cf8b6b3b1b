/* panel_sim.h — `alarmdesk-center panel`, a DC-09 panel simulator. */
#ifndef CENTER_PANEL_SIM_H
#define CENTER_PANEL_SIM_H

/* argv[0] is "panel". Returns the exit status. */
int panel_main(int argc, char **argv);

#endif
