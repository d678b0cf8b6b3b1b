/* accounts.h — operator accounts of the reference center: a text file of
 * `name:roles:pbkdf2-sha256$iterations$salt$hash` lines, salted PBKDF2
 * (OpenSSL), roles granted per account. Weak passwords are refused when an
 * account is created (app/core/pwpolicy). */
#ifndef CENTER_ACCOUNTS_H
#define CENTER_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../net/proto.h"

#define ACCOUNTS_MAX 4096
#define ACCOUNTS_ITERATIONS 600000       /* PBKDF2-SHA256 rounds of a new hash */
#define ACCOUNTS_ITERATIONS_MAX 10000000 /* a file asking for more is refused */
#define ACCOUNTS_SALT_LEN 16
#define ACCOUNTS_HASH_LEN 32

struct accounts;

/* Loads the file; a missing file is an empty set when `missing_ok`. NULL with
 * "file:line: what" in err on a malformed line, and with the mode and the fix
 * when group or others may open the file (as ssh does with keys). */
struct accounts *accounts_load(const char *path, int missing_ok, char *err, size_t errlen);
/* The same from text (a cluster's bucket): origin names it in err. */
struct accounts *accounts_parse(const char *text, size_t len, const char *origin, char *err,
				size_t errlen);
struct accounts *accounts_new_empty(void);
void accounts_free(struct accounts *a);
size_t accounts_count(const struct accounts *a);

/* Adds (or replaces) an account in memory after the password policy check;
 * `roles` is a comma list of operator, supervisor, trainee. */
int accounts_set(struct accounts *a, const char *name, const char *password,
		 const char *roles, char *err, size_t errlen);

/* The file's text (malloc'd, its length in len); NULL when out of memory. */
char *accounts_format(const struct accounts *a, size_t *len);

/* Writes the set to path atomically with mode 0600. */
int accounts_save(const struct accounts *a, const char *path, char *err, size_t errlen);

/* A login check in three steps, so that the costly middle one can run on a
 * worker thread: prepare (on the loop) copies what the check needs, run (any
 * thread, touches nothing shared) derives the key, commit (on the loop)
 * stores a rehash. An unknown name is checked against a decoy of full
 * strength, so it costs the time a known one does. A hash made with fewer
 * than ACCOUNTS_ITERATIONS rounds is remade on a successful login. */
struct accounts_login {
	char name[64], roles[64];
	bool known;
	unsigned iterations;
	unsigned char salt[ACCOUNTS_SALT_LEN], hash[ACCOUNTS_HASH_LEN];
	int rc;      /* after run: PROTO_OK, PROTO_E_AUTH or PROTO_E_ROLE */
	bool rehash; /* after run: new_salt/new_hash at ACCOUNTS_ITERATIONS */
	unsigned char new_salt[ACCOUNTS_SALT_LEN], new_hash[ACCOUNTS_HASH_LEN];
};

void accounts_login_prepare(const struct accounts *a, const char *name,
			    struct accounts_login *l);
void accounts_login_run(struct accounts_login *l, const char *password, enum proto_role role);
/* In place of run, when the caller knows the password good (login.c's
 * memory of recent checks): only the role is checked. */
void accounts_login_verified(struct accounts_login *l, enum proto_role role);
/* True when the rehash was stored (the caller saves the file). */
bool accounts_login_commit(struct accounts *a, const struct accounts_login *l);

/* The three steps at once: PROTO_OK, PROTO_E_AUTH (unknown user or bad
 * password) or PROTO_E_ROLE (the role is not granted). */
int accounts_check(struct accounts *a, const char *name, const char *password,
		   enum proto_role role);

/* True when name is an account. */
bool accounts_has(const struct accounts *a, const char *name);

/* Writes "name roles" lines (no hashes) to buf, for `user list`. */
void accounts_list(const struct accounts *a, void (*fn)(void *, const char *name,
						       const char *roles), void *ctx);

#endif
