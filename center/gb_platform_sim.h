/* gb_platform_sim.h — `alarmdesk-center gbplatform`, an upper platform
 * (the police alarm-receiving platform) simulator for the cascade. */
#ifndef CENTER_GB_PLATFORM_SIM_H
#define CENTER_GB_PLATFORM_SIM_H

/* argv[0] is "gbplatform". Returns the exit status. */
int gbplatform_main(int argc, char **argv);

#endif
