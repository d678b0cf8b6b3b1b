/* user_cmd.c — `alarmdesk-center user add|remove|list`: the accounts file
 * edited from the command line, the password read twice without echo. */
#include "user_cmd.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../common/file.h"
#include "accounts.h"

static int usage_error(const char *what)
{
	fprintf(stderr, "alarmdesk-center: %s (see alarmdesk-center --help)\n", what);
	return 2;
}

static int read_password(char *buf, size_t len)
{
	char again[256];
	struct termios t, quiet;
	int tty = isatty(0);

	if (tty) {
		fprintf(stderr, "Password: ");
		tcgetattr(0, &t);
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSAFLUSH, &quiet);
	}
	if (fgets(buf, (int)len, stdin) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (tty) {
		fprintf(stderr, "\nAgain: ");
		if (fgets(again, sizeof again, stdin) == NULL)
			again[0] = '\0';
		again[strcspn(again, "\r\n")] = '\0';
		tcsetattr(0, TCSAFLUSH, &t);
		fprintf(stderr, "\n");
		if (strcmp(buf, again) != 0) {
			fprintf(stderr, "alarmdesk-center: the passwords differ\n");
			return -1;
		}
	}
	return buf[0] ? 0 : -1;
}

static void print_account(void *ctx, const char *name, const char *roles)
{
	printf("%-24s %s\n", name, roles);
}

int user_main(int argc, char **argv, const char *accounts, const char *role)
{
	char err[512], pw[256];
	struct accounts *acc;
	int rc;

	if (argc < 1)
		return usage_error("user: expected 'add' or 'list'");
	acc = accounts_load(accounts, 1, err, sizeof err);
	if (acc == NULL) {
		fprintf(stderr, "alarmdesk-center: %s\n", err);
		return 2;
	}
	if (strcmp(argv[0], "list") == 0 && argc == 1) {
		accounts_list(acc, print_account, NULL);
		accounts_free(acc);
		return 0;
	}
	if (strcmp(argv[0], "add") != 0 || argc != 2) {
		accounts_free(acc);
		return usage_error("user: expected 'add NAME' or 'list'");
	}
	if (role == NULL) {
		accounts_free(acc);
		return usage_error("user add: --role is required");
	}
	if (read_password(pw, sizeof pw)) {
		accounts_free(acc);
		fprintf(stderr, "alarmdesk-center: no password given\n");
		return 2;
	}
	rc = accounts_set(acc, argv[1], pw, role, err, sizeof err);
	memset(pw, 0, sizeof pw);
	if (rc == 0) {
		file_make_parents(accounts);
		rc = accounts_save(acc, accounts, err, sizeof err);
	}
	accounts_free(acc);
	if (rc) {
		fprintf(stderr, "alarmdesk-center: user add %s: %s\n", argv[1], err);
		return 2;
	}
	printf("account '%s' (%s) saved in %s\n", argv[1], role, accounts);
	return 0;
}

/* The state file for a command that reads it (NULL: said why on stderr);
 * one that does not exist is an error, never made here. */
