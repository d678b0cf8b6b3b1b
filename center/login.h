/* login.h — the center's login service. The password check (PBKDF2, about
 * 0.15 s of CPU) runs on libuv's worker threads, never on the loop, so a flood
 * of logins cannot stall fan-out. Checks from one peer address run one at a
 * time, so one address cannot take every worker; an address or account that
 * failed too often lately is refused at once without a check (throttle.h),
 * except that an account stays open from an address it logged in from
 * before (an attack on a name does not lock its operator out of the desk);
 * every refusal is logged with its address. A password found good is
 * remembered for 12 hours as a tag (HMAC-SHA-256, under a key this process
 * drew and never stores, of the name, the password and the account's
 * stored hash): the same password again is let in without a second
 * PBKDF2, so a console started again or a link back after a blip does not
 * wait for one, nor a hundred consoles for each other. Any other password
 * takes the full check and the throttle; a changed password or hash
 * matches no tag. */
#ifndef CENTER_LOGIN_H
#define CENTER_LOGIN_H

#include <stdint.h>
#include <uv.h>

#include "accounts.h"

struct login;
struct login_req;

struct login_env {
	uv_loop_t *loop;
	struct accounts *const *accounts; /* where the current ones are: a reload swaps them */
	const char *accounts_path; /* rewritten when a hash is strengthened */
	int64_t (*now_ms)(void);
	void (*log)(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
	void (*saved)(void *ctx); /* the file was rewritten (a hash strengthened); may be NULL */
	void *ctx;
};

/* The result of a check: rc is PROTO_OK, PROTO_E_AUTH, PROTO_E_ROLE or
 * PROTO_E_THROTTLED; msg says it to the peer (names no account). */
typedef void login_done_fn(void *ctx, int rc, const char *msg);

struct login *login_new(const struct login_env *env);
/* Cancels what waits; checks in flight finish on their thread and are dropped. */
void login_free(struct login *lg);

/* Checks a login from `addr`. done runs on the loop exactly once: later, or
 * before login_start returns when the answer needs no check (throttled, out
 * of memory), in which case the result is NULL. Otherwise the request, for
 * login_cancel until done has run. */
struct login_req *login_start(struct login *lg, const char *addr, const char *console,
			      const char *operator_, const char *password, enum proto_role role,
			      login_done_fn *done, void *ctx);
/* The peer is gone: done will not run (a check in flight still counts). */
void login_cancel(struct login_req *r);

#endif
