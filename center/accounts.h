/* accounts.h — operator accounts of the reference center: a text file of
 * `name:roles:pbkdf2-sha256$iterations$salt$hash` lines, salted PBKDF2
 * (OpenSSL), roles granted per account. Weak passwords are refused when an
 * account is created (app/core/pwpolicy). */
#ifndef CENTER_ACCOUNTS_H
#define CENTER_ACCOUNTS_H

#include <stddef.h>

#include "../net/proto.h"

#define ACCOUNTS_MAX 4096
#define ACCOUNTS_ITERATIONS 60000

struct accounts;

/* Loads the file; a missing file is an empty set when `missing_ok`. NULL with
 * "file:line: what" in err on a malformed line. */
struct accounts *accounts_load(const char *path, int missing_ok, char *err, size_t errlen);
struct accounts *accounts_new_empty(void);
void accounts_free(struct accounts *a);
size_t accounts_count(const struct accounts *a);

/* Adds (or replaces) an account in memory after the password policy check;
 * `roles` is a comma list of operator, supervisor, trainee. */
int accounts_set(struct accounts *a, const char *name, const char *password,
		 const char *roles, char *err, size_t errlen);

/* Writes the set to path atomically with mode 0600. */
int accounts_save(const struct accounts *a, const char *path, char *err, size_t errlen);

/* Checks a login: PROTO_OK, PROTO_E_AUTH (unknown user or bad password) or
 * PROTO_E_ROLE (the role is not granted). Constant-time comparison. */
int accounts_check(const struct accounts *a, const char *name, const char *password,
		   enum proto_role role);

/* Writes "name roles" lines (no hashes) to buf, for `user list`. */
void accounts_list(const struct accounts *a, void (*fn)(void *, const char *name,
						       const char *roles), void *ctx);

#endif
