/* accounts.c — account file parsing and writing, password hashing. */
#include "accounts.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../app/core/ad.h"
#include "../app/core/pwpolicy.h"

#define SALT_LEN ACCOUNTS_SALT_LEN
#define HASH_LEN ACCOUNTS_HASH_LEN

struct account {
	char name[64];
	char roles[64];
	unsigned iterations;
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
};

struct accounts {
	struct account *v;
	size_t n, cap;
};

struct accounts *accounts_new_empty(void)
{
	return calloc(1, sizeof(struct accounts));
}

void accounts_free(struct accounts *a)
{
	if (a == NULL)
		return;
	OPENSSL_cleanse(a->v, a->cap * sizeof *a->v);
	free(a->v);
	free(a);
}

size_t accounts_count(const struct accounts *a)
{
	return a->n;
}

static int hex_decode(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static void hex_encode(const unsigned char *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
}

static int valid_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= 64)
		return 0;
	for (; *s; s++)
		if (*s == ':' || *s == ',' || (unsigned char)*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

static int valid_roles(const char *roles)
{
	char buf[64], *save, *tok;
	enum proto_role r;

	if (strlen(roles) == 0 || strlen(roles) >= sizeof buf)
		return 0;
	snprintf(buf, sizeof buf, "%s", roles);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (proto_role_parse(tok, &r))
			return 0;
	return 1;
}

static struct account *find(const struct accounts *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			return &a->v[i];
	return NULL;
}

static struct account *slot(struct accounts *a, const char *name)
{
	struct account *x = find(a, name);

	if (x != NULL)
		return x;
	if (a->n == ACCOUNTS_MAX)
		return NULL;
	if (a->n == a->cap) {
		size_t nc = a->cap ? a->cap * 2 : 16;
		struct account *v = realloc(a->v, nc * sizeof *v);
		if (v == NULL)
			return NULL;
		a->v = v;
		a->cap = nc;
	}
	x = &a->v[a->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->name, sizeof x->name, "%s", name);
	return x;
}

static int parse_line(struct accounts *a, char *line)
{
	char *name = line, *roles, *hash, *iter, *salt, *digest;
	struct account *x;

	roles = strchr(name, ':');
	if (roles == NULL)
		return -1;
	*roles++ = '\0';
	hash = strchr(roles, ':');
	if (hash == NULL)
		return -1;
	*hash++ = '\0';
	if (strncmp(hash, "pbkdf2-sha256$", 14) != 0)
		return -1;
	iter = hash + 14;
	salt = strchr(iter, '$');
	if (salt == NULL)
		return -1;
	*salt++ = '\0';
	digest = strchr(salt, '$');
	if (digest == NULL)
		return -1;
	*digest++ = '\0';
	if (!valid_name(name) || !valid_roles(roles) || find(a, name) != NULL)
		return -1;
	x = slot(a, name);
	if (x == NULL)
		return -1;
	snprintf(x->roles, sizeof x->roles, "%s", roles);
	x->iterations = (unsigned)strtoul(iter, NULL, 10);
	if (x->iterations < 1000 || x->iterations > ACCOUNTS_ITERATIONS_MAX ||
	    hex_decode(salt, x->salt, SALT_LEN) ||
	    hex_decode(digest, x->hash, HASH_LEN)) {
		a->n--;
		return -1;
	}
	return 0;
}

struct accounts *accounts_parse(const char *text, size_t len, const char *origin, char *err,
				size_t errlen)
{
	struct accounts *a = accounts_new_empty();
	char line[512];
	int lineno = 0;

	for (size_t at = 0; a != NULL && at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t n = (nl ? (size_t)(nl - text) : len) - at;
		lineno++;
		if (n >= sizeof line) {
			ad_err(err, errlen, "%s:%d: line too long", origin, lineno);
			goto bad;
		}
		memcpy(line, text + at, n);
		line[n] = '\0';
		at += n + 1;
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (parse_line(a, line)) {
			ad_err(err, errlen,
			       "%s:%d: expected name:roles:pbkdf2-sha256$iterations$salt$hash",
			       origin, lineno);
			goto bad;
		}
	}
	if (a == NULL)
		ad_err(err, errlen, "%s: out of memory", origin);
	return a;
bad:
	accounts_free(a);
	return NULL;
}

struct accounts *accounts_load(const char *path, int missing_ok, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct accounts *a = NULL;
	char *text = NULL;
	size_t len = 0, cap = (size_t)ACCOUNTS_MAX * 512 + 1;
	struct stat st;

	if (f == NULL) {
		if (errno == ENOENT && missing_ok)
			return accounts_new_empty();
		ad_err(err, errlen, "accounts: cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077) != 0) {
		ad_err(err, errlen,
		       "accounts: '%s' is open to group or others (mode %04o): "
		       "password hashes must be private, run chmod 600 '%s'",
		       path, (unsigned)(st.st_mode & 07777), path);
		fclose(f);
		return NULL;
	}
	if ((text = malloc(cap)) == NULL)
		ad_err(err, errlen, "accounts: '%s': out of memory", path);
	else if ((len = fread(text, 1, cap, f)) == cap || ferror(f))
		ad_err(err, errlen, "accounts: '%s': %s", path,
		       ferror(f) ? strerror(errno) : "larger than the most accounts can take");
	else
		a = accounts_parse(text, len, path, err, errlen);
	free(text);
	fclose(f);
	return a;
}

static int derive(const char *pw, const unsigned char *salt, unsigned iterations,
		  unsigned char *out)
{
	return PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, SALT_LEN, (int)iterations,
				 EVP_sha256(), HASH_LEN, out) == 1
		       ? 0
		       : -1;
}

int accounts_set(struct accounts *a, const char *name, const char *password,
		 const char *roles, char *err, size_t errlen)
{
	struct account *x;

	if (!valid_name(name)) {
		ad_err(err, errlen, "user name must be 1-63 bytes without ':', ',' or spaces");
		return AD_EINVAL;
	}
	if (!valid_roles(roles)) {
		ad_err(err, errlen, "roles must be a comma list of operator, supervisor, trainee");
		return AD_EINVAL;
	}
	if (pwpolicy_check(name, password, err, errlen))
		return AD_EINVAL;
	x = slot(a, name);
	if (x == NULL) {
		ad_err(err, errlen, "too many accounts (at most %d)", ACCOUNTS_MAX);
		return AD_ENOMEM;
	}
	snprintf(x->roles, sizeof x->roles, "%s", roles);
	x->iterations = ACCOUNTS_ITERATIONS;
	if (RAND_bytes(x->salt, SALT_LEN) != 1 || derive(password, x->salt, x->iterations, x->hash)) {
		ad_err(err, errlen, "password hashing failed (OpenSSL)");
		return AD_EIO;
	}
	return 0;
}

char *accounts_format(const struct accounts *a, size_t *len)
{
	char salt[2 * SALT_LEN + 1], hash[2 * HASH_LEN + 1];
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	if (f == NULL)
		return NULL;
	fprintf(f, "# alarmdesk-center accounts: name:roles:pbkdf2-sha256$iterations$salt$hash\n");
	for (size_t i = 0; i < a->n; i++) {
		hex_encode(a->v[i].salt, SALT_LEN, salt);
		hex_encode(a->v[i].hash, HASH_LEN, hash);
		fprintf(f, "%s:%s:pbkdf2-sha256$%u$%s$%s\n", a->v[i].name, a->v[i].roles,
			a->v[i].iterations, salt, hash);
	}
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	*len = n;
	return text;
}

int accounts_save(const struct accounts *a, const char *path, char *err, size_t errlen)
{
	char tmp[4096];
	size_t len = 0;
	char *text = accounts_format(a, &len);
	bool ok;
	int fd;

	if (text == NULL) {
		ad_err(err, errlen, "accounts: out of memory");
		return AD_ENOMEM;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	ok = fd >= 0 && close(fd) == 0 && ok;
	OPENSSL_cleanse(text, len);
	free(text);
	if (!ok) {
		ad_err(err, errlen, "accounts: cannot write '%s': %s", tmp, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		return AD_EIO;
	}
	if (rename(tmp, path)) {
		ad_err(err, errlen, "accounts: cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp);
		return AD_EIO;
	}
	return 0;
}

static int has_role(const char *roles, enum proto_role role)
{
	const char *want = proto_role_name(role);
	size_t n = strlen(want);

	for (const char *p = roles; *p;) {
		if (strncmp(p, want, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
		p = strchr(p, ',');
		if (p == NULL)
			break;
		p++;
	}
	return 0;
}

void accounts_login_prepare(const struct accounts *a, const char *name,
			    struct accounts_login *l)
{
	const struct account *x = find(a, name);
	static unsigned char decoy_salt[SALT_LEN], decoy_hash[HASH_LEN];
	static bool decoy_ready;

	memset(l, 0, sizeof *l);
	snprintf(l->name, sizeof l->name, "%s", name);
	if (x != NULL) {
		l->known = true;
		snprintf(l->roles, sizeof l->roles, "%s", x->roles);
		l->iterations = x->iterations;
		memcpy(l->salt, x->salt, SALT_LEN);
		memcpy(l->hash, x->hash, HASH_LEN);
		return;
	}
	/* An unknown name costs a known one's time: a decoy at full strength. */
	if (!decoy_ready) {
		RAND_bytes(decoy_salt, SALT_LEN);
		RAND_bytes(decoy_hash, HASH_LEN);
		decoy_ready = true;
	}
	l->iterations = ACCOUNTS_ITERATIONS;
	memcpy(l->salt, decoy_salt, SALT_LEN);
	memcpy(l->hash, decoy_hash, HASH_LEN);
}

void accounts_login_run(struct accounts_login *l, const char *password, enum proto_role role)
{
	unsigned char h[HASH_LEN];
	bool match = derive(password, l->salt, l->iterations, h) == 0 &&
		     CRYPTO_memcmp(h, l->hash, HASH_LEN) == 0;

	OPENSSL_cleanse(h, sizeof h);
	if (!l->known || !match) {
		l->rc = PROTO_E_AUTH;
		return;
	}
	l->rc = has_role(l->roles, role) ? PROTO_OK : PROTO_E_ROLE;
	l->rehash = l->iterations < ACCOUNTS_ITERATIONS &&
		    RAND_bytes(l->new_salt, SALT_LEN) == 1 &&
		    derive(password, l->new_salt, ACCOUNTS_ITERATIONS, l->new_hash) == 0;
}

void accounts_login_verified(struct accounts_login *l, enum proto_role role)
{
	l->rc = l->known && has_role(l->roles, role) ? PROTO_OK : PROTO_E_ROLE;
	l->rehash = false;
}

bool accounts_login_commit(struct accounts *a, const struct accounts_login *l)
{
	struct account *x = find(a, l->name);

	/* Only if the account was not changed meanwhile. */
	if (!l->rehash || x == NULL || x->iterations != l->iterations ||
	    memcmp(x->salt, l->salt, SALT_LEN) != 0)
		return false;
	x->iterations = ACCOUNTS_ITERATIONS;
	memcpy(x->salt, l->new_salt, SALT_LEN);
	memcpy(x->hash, l->new_hash, HASH_LEN);
	return true;
}

int accounts_check(struct accounts *a, const char *name, const char *password,
		   enum proto_role role)
{
	struct accounts_login l;
	int rc;

	accounts_login_prepare(a, name, &l);
	accounts_login_run(&l, password, role);
	accounts_login_commit(a, &l);
	rc = l.rc;
	OPENSSL_cleanse(&l, sizeof l);
	return rc;
}

bool accounts_has(const struct accounts *a, const char *name)
{
	return find(a, name) != NULL;
}

void accounts_list(const struct accounts *a, void (*fn)(void *, const char *, const char *),
		   void *ctx)
{
	for (size_t i = 0; i < a->n; i++)
		fn(ctx, a->v[i].name, a->v[i].roles);
}
