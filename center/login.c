/* login.c — the center's login service (see login.h). */
#include "login.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "throttle.h"

#define TAG_LEN 32
#define VERIFIED 256                    /* accounts whose password is known good */
#define VERIFIED_MS (12 * 3600 * 1000)  /* for a shift */

/* A password checked lately: its tag, not the password. */
struct verified {
	char name[64];
	unsigned char tag[TAG_LEN];
	int64_t at_ms;
};

struct login_req {
	struct login_req *next;
	struct login *lg;
	uv_work_t work;
	bool running;
	login_done_fn *done; /* NULL once cancelled */
	void *ctx;
	enum proto_role role;
	char addr[64], console[64], password[PROTO_MAX_STRING + 1];
	struct accounts_login check;
	unsigned char tag[TAG_LEN]; /* after the check: the password's, if it matched */
};

#define TRUSTED 256

struct login {
	struct login_env env;
	struct throttle throttle;
	/* "addr name" of recent successful logins, newest at trusted_next - 1:
	 * an account under attack stays open from the desks it logged in from. */
	char trusted[TRUSTED][THROTTLE_KEY];
	unsigned trusted_next;
	struct login_req *reqs; /* waiting and running, oldest first */
	unsigned running;
	bool dead;
	unsigned char key[TAG_LEN]; /* this process's, for the tags (never stored) */
	struct verified verified[VERIFIED];
	unsigned verified_next;
};

struct login *login_new(const struct login_env *env)
{
	struct login *lg = calloc(1, sizeof *lg);

	if (lg == NULL)
		return NULL;
	lg->env = *env;
	if (RAND_bytes(lg->key, sizeof lg->key) != 1) {
		free(lg);
		return NULL;
	}
	return lg;
}

/* The tag of a password against the hash the account has: a keyed hash
 * (HMAC-SHA-256 under the process's key) of the name, the password and
 * the stored salt and hash, so a changed password or hash has another. */
static void tag_of(const unsigned char *key, const char *name, const char *password,
		   const unsigned char *salt, const unsigned char *hash, unsigned char *out)
{
	unsigned char buf[64 + PROTO_MAX_STRING + 2 + ACCOUNTS_SALT_LEN + ACCOUNTS_HASH_LEN];
	size_t n = 0, ln = strlen(name), lp = strlen(password);
	unsigned len = TAG_LEN;

	if (ln >= 64 || lp > PROTO_MAX_STRING) {
		memset(out, 0, TAG_LEN); /* matches nothing remembered */
		return;
	}
	memcpy(buf + n, name, ln + 1);
	n += ln + 1;
	memcpy(buf + n, password, lp + 1);
	n += lp + 1;
	memcpy(buf + n, salt, ACCOUNTS_SALT_LEN);
	n += ACCOUNTS_SALT_LEN;
	memcpy(buf + n, hash, ACCOUNTS_HASH_LEN);
	n += ACCOUNTS_HASH_LEN;
	if (HMAC(EVP_sha256(), key, TAG_LEN, buf, n, out, &len) == NULL)
		memset(out, 0, TAG_LEN);
	OPENSSL_cleanse(buf, sizeof buf);
}

static struct verified *verified_find(struct login *lg, const char *name)
{
	for (unsigned i = 0; i < VERIFIED; i++)
		if (lg->verified[i].name[0] && strcmp(lg->verified[i].name, name) == 0)
			return &lg->verified[i];
	return NULL;
}

/* Whether this password was found good for the account lately (within
 * VERIFIED_MS, against the hash it still has). */
static bool verified_lately(struct login *lg, const struct accounts_login *l,
			    const char *password)
{
	struct verified *v = verified_find(lg, l->name);
	unsigned char tag[TAG_LEN];
	bool same;

	if (!l->known || v == NULL || lg->env.now_ms() - v->at_ms > VERIFIED_MS)
		return false;
	tag_of(lg->key, l->name, password, l->salt, l->hash, tag);
	same = CRYPTO_memcmp(tag, v->tag, TAG_LEN) == 0;
	OPENSSL_cleanse(tag, sizeof tag);
	return same;
}

static void remember_verified(struct login *lg, const char *name, const unsigned char *tag)
{
	struct verified *v = verified_find(lg, name);

	if (v == NULL) {
		v = &lg->verified[lg->verified_next];
		lg->verified_next = (lg->verified_next + 1) % VERIFIED;
	}
	snprintf(v->name, sizeof v->name, "%s", name);
	memcpy(v->tag, tag, TAG_LEN);
	v->at_ms = lg->env.now_ms();
}

static void unlink_req(struct login *lg, struct login_req *r)
{
	for (struct login_req **pp = &lg->reqs; *pp; pp = &(*pp)->next) {
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	}
}

static void free_req(struct login_req *r)
{
	OPENSSL_cleanse(r, sizeof *r);
	free(r);
}

void login_free(struct login *lg)
{
	struct login_req *r, *next;

	if (lg == NULL)
		return;
	for (r = lg->reqs; r; r = next) {
		next = r->next;
		if (r->running) {
			r->done = NULL;
		} else {
			unlink_req(lg, r);
			free_req(r);
		}
	}
	lg->dead = true;
	if (lg->running == 0)
		free(lg);
}

static void keys(const char *addr, const char *name, char *ka, char *ku)
{
	snprintf(ka, THROTTLE_KEY, "a:%s", addr);
	snprintf(ku, THROTTLE_KEY, "u:%s", name);
}

static bool trusted(const struct login *lg, const char *addr, const char *name)
{
	char k[THROTTLE_KEY];

	snprintf(k, sizeof k, "%s %s", addr, name);
	for (unsigned i = 0; i < TRUSTED; i++)
		if (strcmp(lg->trusted[i], k) == 0)
			return true;
	return false;
}

static void trust(struct login *lg, const char *addr, const char *name)
{
	if (trusted(lg, addr, name))
		return;
	snprintf(lg->trusted[lg->trusted_next], THROTTLE_KEY, "%s %s", addr, name);
	lg->trusted_next = (lg->trusted_next + 1) % TRUSTED;
}

/* Milliseconds this address or account must still wait (0: may try now).
 * The account's wait does not apply where it logged in before. */
static int64_t wait_for(struct login *lg, const char *addr, const char *name)
{
	char ka[THROTTLE_KEY], ku[THROTTLE_KEY];
	int64_t now = lg->env.now_ms(), wa, wu;

	keys(addr, name, ka, ku);
	wa = throttle_wait(&lg->throttle, ka, now);
	wu = trusted(lg, addr, name) ? 0 : throttle_wait(&lg->throttle, ku, now);
	return wa > wu ? wa : wu;
}

static void refuse_throttled(struct login *lg, const char *addr, const char *console,
			     const char *name, int64_t wait_ms, login_done_fn *done, void *ctx)
{
	char msg[96];
	unsigned secs = (unsigned)((wait_ms + 999) / 1000);

	lg->env.log("login refused unchecked: operator '%s' from %s console '%s': too many "
		    "failures, next attempt in %u s", name, addr, console, secs);
	snprintf(msg, sizeof msg, "too many failed logins: try again in %u s", secs);
	done(ctx, PROTO_E_THROTTLED, msg);
}

static void work_cb(uv_work_t *w)
{
	struct login_req *r = w->data;

	accounts_login_run(&r->check, r->password, r->role);
	if (r->check.rc != PROTO_E_AUTH) /* the password matched: its tag, for the next login */
		tag_of(r->lg->key, r->check.name, r->password,
		       r->check.rehash ? r->check.new_salt : r->check.salt,
		       r->check.rehash ? r->check.new_hash : r->check.hash, r->tag);
	OPENSSL_cleanse(r->password, sizeof r->password);
}

static void after_work_cb(uv_work_t *w, int status);

static bool addr_busy(const struct login *lg, const char *addr)
{
	for (const struct login_req *r = lg->reqs; r; r = r->next)
		if (r->running && strcmp(r->addr, addr) == 0)
			return true;
	return false;
}

/* Starts the oldest waiting check of `addr`, refusing at once those that
 * the throttle now holds back. */
static void start_next(struct login *lg, const char *addr)
{
	struct login_req *r = lg->reqs, *next;
	int64_t wait;

	if (addr_busy(lg, addr))
		return;
	for (; r; r = next) {
		next = r->next;
		if (r->running || strcmp(r->addr, addr) != 0)
			continue;
		wait = wait_for(lg, r->addr, r->check.name);
		if (wait > 0) {
			unlink_req(lg, r);
			if (r->done)
				refuse_throttled(lg, r->addr, r->console, r->check.name, wait,
						 r->done, r->ctx);
			free_req(r);
			continue;
		}
		r->work.data = r;
		r->running = true;
		lg->running++;
		if (uv_queue_work(lg->env.loop, &r->work, work_cb, after_work_cb) == 0)
			return;
		r->running = false;
		lg->running--;
		unlink_req(lg, r);
		if (r->done)
			r->done(r->ctx, PROTO_E_INTERNAL, "cannot check the password now");
		free_req(r);
	}
}

static void record(struct login *lg, const struct login_req *r)
{
	char ka[THROTTLE_KEY], ku[THROTTLE_KEY], err[256];
	int64_t now = lg->env.now_ms(), wa, wu;
	unsigned fa, fu;

	keys(r->addr, r->check.name, ka, ku);
	if (r->check.rc != PROTO_E_AUTH)
		remember_verified(lg, r->check.name, r->tag);
	if (r->check.rc == PROTO_OK) {
		throttle_ok(&lg->throttle, ka);
		trust(lg, r->addr, r->check.name);
		if (accounts_login_commit(*lg->env.accounts, &r->check)) {
			if (accounts_save(*lg->env.accounts, lg->env.accounts_path, err, sizeof err))
				lg->env.log("warning: %s (the stronger hash of '%s' is kept in "
					    "memory only)", err, r->check.name);
			else
				lg->env.log("account '%s': password hash strengthened to %d "
					    "rounds", r->check.name, ACCOUNTS_ITERATIONS);
			if (lg->env.saved)
				lg->env.saved(lg->env.ctx);
		}
		return;
	}
	if (r->check.rc == PROTO_E_ROLE) {
		lg->env.log("login refused: operator '%s' from %s console '%s': role %s not "
			    "granted", r->check.name, r->addr, r->console,
			    proto_role_name(r->role));
		return;
	}
	fa = throttle_fail(&lg->throttle, ka, now, &wa);
	fu = throttle_fail(&lg->throttle, ku, now, &wu);
	lg->env.log("login refused: operator '%s' from %s console '%s': unknown operator or "
		    "wrong password (%u in a row from this address, %u for this name; next "
		    "attempt in %lld s)", r->check.name, r->addr, r->console, fa, fu,
		    (long long)((wa > wu ? wa : wu) + 999) / 1000);
}

static void after_work_cb(uv_work_t *w, int status)
{
	struct login_req *r = w->data;
	struct login *lg = r->lg;
	char addr[64];

	lg->running--;
	unlink_req(lg, r);
	if (!lg->dead && status == 0)
		record(lg, r);
	if (r->done) {
		int rc = status ? PROTO_E_INTERNAL : r->check.rc;
		r->done(r->ctx, rc,
			rc == PROTO_OK	       ? "welcome"
			: rc == PROTO_E_ROLE   ? "role not granted to this operator"
			: rc == PROTO_E_AUTH   ? "unknown operator or wrong password"
					       : "cannot check the password now");
	}
	snprintf(addr, sizeof addr, "%s", r->addr);
	free_req(r);
	if (lg->dead) {
		if (lg->running == 0)
			free(lg);
		return;
	}
	start_next(lg, addr);
}

struct login_req *login_start(struct login *lg, const char *addr, const char *console,
			      const char *operator_, const char *password, enum proto_role role,
			      login_done_fn *done, void *ctx)
{
	int64_t wait = wait_for(lg, addr, operator_);
	struct login_req *r, **pp;

	if (wait > 0) {
		refuse_throttled(lg, addr, console, operator_, wait, done, ctx);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		done(ctx, PROTO_E_INTERNAL, "out of memory");
		return NULL;
	}
	r->lg = lg;
	r->done = done;
	r->ctx = ctx;
	r->role = role;
	snprintf(r->addr, sizeof r->addr, "%s", addr);
	snprintf(r->console, sizeof r->console, "%s", console);
	snprintf(r->password, sizeof r->password, "%s", password);
	accounts_login_prepare(*lg->env.accounts, operator_, &r->check);
	if (verified_lately(lg, &r->check, password)) {
		/* Its password was found good lately: no second PBKDF2 (a
		 * console started again, links back after a blip). */
		char ka[THROTTLE_KEY], ku[THROTTLE_KEY];
		accounts_login_verified(&r->check, role);
		keys(addr, operator_, ka, ku);
		if (r->check.rc == PROTO_OK) {
			throttle_ok(&lg->throttle, ka);
			trust(lg, addr, operator_);
			lg->env.log("login: operator '%s' from %s console '%s': the password found "
				    "good %lld s ago, not checked again", operator_, addr, console,
				    (long long)(lg->env.now_ms() - verified_find(lg, operator_)->at_ms) /
					    1000);
		} else {
			lg->env.log("login refused: operator '%s' from %s console '%s': role %s "
				    "not granted", operator_, addr, console, proto_role_name(role));
		}
		done(ctx, r->check.rc, r->check.rc == PROTO_OK ? "welcome"
				       : "role not granted to this operator");
		free_req(r);
		return NULL;
	}
	for (pp = &lg->reqs; *pp; pp = &(*pp)->next)
		;
	*pp = r;
	start_next(lg, r->addr);
	for (struct login_req *q = lg->reqs; q; q = q->next)
		if (q == r)
			return r;
	return NULL; /* answered already (the worker queue refused it) */
}

void login_cancel(struct login_req *r)
{
	struct login *lg = r->lg;

	if (r->running) {
		r->done = NULL;
		return;
	}
	unlink_req(lg, r);
	free_req(r);
}
