/* gb_sim.h — `alarmdesk-center gbsim`, a GB/T 28181 device simulator. */
#ifndef CENTER_GB_SIM_H
#define CENTER_GB_SIM_H

/* argv[0] is "gbsim". Returns the exit status. */
int gbsim_main(int argc, char **argv);

#endif
