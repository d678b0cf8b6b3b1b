/* user_cmd.h — the `user` subcommand of alarmdesk-center. */
#ifndef CENTER_USER_CMD_H
#define CENTER_USER_CMD_H

/* argv: add NAME | remove NAME | list, on the accounts file at accounts
 * (role: --role of add). The exit status. */
int user_main(int argc, char **argv, const char *accounts, const char *role);

#endif
