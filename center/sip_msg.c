/* sip_msg.c — SIP messages with libosip2 (center/sip_msg.h). */
#include "sip_msg.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sip_digest.h"

void sip_init(void)
{
	static bool done;

	if (!done) {
		parser_init();
		/* oSIP's own traces to stderr: the center says what was wrong itself. */
		for (int l = 0; l < END_TRACE_LEVEL; l++)
			osip_trace_disable_level((osip_trace_level_t)l);
	}
	done = true;
}

osip_message_t *sip_parse(const char *buf, size_t len, char *err, size_t errlen)
{
	osip_message_t *m = NULL;

	if (len > SIP_MAX_MESSAGE) {
		snprintf(err, errlen, "message of %zu bytes (at most %d)", len, SIP_MAX_MESSAGE);
		return NULL;
	}
	if (osip_message_init(&m) != 0)
		return NULL;
	if (osip_message_parse(m, buf, len) != 0) {
		snprintf(err, errlen, "not a SIP message");
		osip_message_free(m);
		return NULL;
	}
	if (m->call_id == NULL || m->cseq == NULL || m->from == NULL || m->to == NULL ||
	    osip_list_size(&m->vias) == 0) {
		snprintf(err, errlen, "no %s header",
			 m->call_id == NULL ? "Call-ID"
			 : m->cseq == NULL  ? "CSeq"
			 : m->from == NULL  ? "From"
			 : m->to == NULL    ? "To"
					    : "Via");
		osip_message_free(m);
		return NULL;
	}
	return m;
}

/* The value of Content-Length (or its compact form l) in the header block
 * hdr of n bytes; -1 when absent or not a number. */
static long content_length(const char *hdr, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *line = hdr + i, *eol = memchr(line, '\n', n - i), *colon;
		size_t ll = eol ? (size_t)(eol - line) : n - i;
		colon = memchr(line, ':', ll);
		if (colon) {
			size_t nl = (size_t)(colon - line);
			while (nl > 0 && (line[nl - 1] == ' ' || line[nl - 1] == '\t'))
				nl--;
			if ((nl == 14 && strncasecmp(line, "Content-Length", 14) == 0) ||
			    (nl == 1 && (line[0] == 'l' || line[0] == 'L'))) {
				char num[16];
				size_t k = 0;
				for (const char *p = colon + 1; p < line + ll && k + 1 < sizeof num;
				     p++)
					if (*p != ' ' && *p != '\t' && *p != '\r')
						num[k++] = *p;
				num[k] = '\0';
				if (k == 0 || strspn(num, "0123456789") != k)
					return -1;
				return strtol(num, NULL, 10);
			}
		}
		i += ll + 1;
	}
	return -1;
}

ssize_t sip_frame_len(const char *buf, size_t len, size_t *skip)
{
	size_t s = 0;
	const char *end;
	long cl;
	size_t hl;

	while (s < len && (buf[s] == '\r' || buf[s] == '\n'))
		s++;
	*skip = s;
	buf += s;
	len -= s;
	end = memmem(buf, len < SIP_MAX_HEADERS ? len : SIP_MAX_HEADERS, "\r\n\r\n", 4);
	if (end == NULL)
		return len >= SIP_MAX_HEADERS ? -1 : 0;
	hl = (size_t)(end - buf) + 4;
	if ((cl = content_length(buf, hl)) < 0 || cl > MANSCDP_MAX_BODY)
		return -1; /* on a stream the length is required (RFC 3261 18.3) */
	if (len < hl + (size_t)cl)
		return 0;
	return (ssize_t)(hl + (size_t)cl);
}

char *sip_to_text(osip_message_t *m, size_t *len)
{
	char *dest = NULL;

	if (osip_message_to_str(m, &dest, len) != 0)
		return NULL;
	return dest;
}

osip_message_t *sip_response(const osip_message_t *req, int code, const char *to_tag)
{
	osip_message_t *r = NULL;
	osip_generic_param_t *tag = NULL;
	const char *reason = osip_message_get_reason(code);

	if (osip_message_init(&r) != 0)
		return NULL;
	osip_message_set_version(r, osip_strdup("SIP/2.0"));
	osip_message_set_status_code(r, code);
	osip_message_set_reason_phrase(r, osip_strdup(reason ? reason : "Unknown"));
	for (int i = 0; i < osip_list_size(&req->vias); i++) {
		osip_via_t *v = osip_list_get(&req->vias, i), *copy = NULL;
		if (osip_via_clone(v, &copy) == 0)
			osip_list_add(&r->vias, copy, -1);
	}
	osip_from_clone(req->from, &r->from);
	osip_to_clone(req->to, &r->to);
	osip_call_id_clone(req->call_id, &r->call_id);
	osip_cseq_clone(req->cseq, &r->cseq);
	if (r->to && to_tag && (osip_to_get_tag(r->to, &tag) != 0 || tag == NULL))
		osip_to_set_tag(r->to, osip_strdup(to_tag));
	osip_message_set_header(r, "User-Agent", "alarmdesk-center");
	osip_message_set_content_length(r, "0");
	return r;
}

osip_message_t *sip_request(const struct sip_request_args *a)
{
	osip_message_t *m = NULL;
	osip_uri_t *uri = NULL;
	char buf[512];

	if (osip_message_init(&m) != 0)
		return NULL;
	if (osip_uri_init(&uri) != 0 || osip_uri_parse(uri, a->uri) != 0) {
		osip_uri_free(uri);
		osip_message_free(m);
		return NULL;
	}
	osip_message_set_method(m, osip_strdup(a->method));
	osip_message_set_version(m, osip_strdup("SIP/2.0"));
	osip_message_set_uri(m, uri);
	snprintf(buf, sizeof buf, "<%s>;tag=%s", a->from, a->from_tag);
	osip_message_set_from(m, buf);
	if (a->to_tag)
		snprintf(buf, sizeof buf, "<%s>;tag=%s", a->to, a->to_tag);
	else
		snprintf(buf, sizeof buf, "<%s>", a->to);
	osip_message_set_to(m, buf);
	osip_message_set_call_id(m, a->call_id);
	snprintf(buf, sizeof buf, "%u %s", a->cseq, a->method);
	osip_message_set_cseq(m, buf);
	osip_message_set_header(m, "Max-Forwards", "70");
	if (a->contact) {
		snprintf(buf, sizeof buf, "<%s>", a->contact);
		osip_message_set_contact(m, buf);
	}
	if (a->expires >= 0) {
		snprintf(buf, sizeof buf, "%d", a->expires);
		osip_message_set_header(m, "Expires", buf);
	}
	osip_message_set_header(m, "User-Agent", "alarmdesk-center");
	if (a->body) {
		osip_message_set_content_type(m, a->content_type);
		osip_message_set_body(m, a->body, a->body_len);
		snprintf(buf, sizeof buf, "%zu", a->body_len);
	} else {
		snprintf(buf, sizeof buf, "0");
	}
	osip_message_set_content_length(m, buf);
	return m;
}

osip_message_t *sip_manscdp_message(const char *uri, const char *from, const char *to,
				    unsigned cseq, const char *body, size_t len)
{
	char tag[20], call[40];

	sip_token(tag, sizeof tag);
	sip_token(call, sizeof call);
	return sip_request(&(struct sip_request_args){.method = "MESSAGE",
						      .uri = uri,
						      .from = from,
						      .from_tag = tag,
						      .to = to,
						      .call_id = call,
						      .cseq = cseq,
						      .expires = -1,
						      .content_type = MANSCDP_CONTENT_TYPE,
						      .body = body,
						      .body_len = len});
}

static const char *uri_user(const osip_from_t *f)
{
	return f && f->url && f->url->username ? f->url->username : "";
}

const char *sip_from_user(const osip_message_t *m)
{
	return uri_user(m->from);
}

const char *sip_to_user(const osip_message_t *m)
{
	return uri_user(m->to);
}

const char *sip_header(const osip_message_t *m, const char *name)
{
	osip_header_t *h = NULL;

	if (osip_message_header_get_byname(m, name, 0, &h) < 0 || h == NULL)
		return NULL;
	return h->hvalue;
}

int sip_expires(const osip_message_t *m, int dflt)
{
	const char *e = sip_header(m, "expires");
	osip_contact_t *c = NULL;
	osip_generic_param_t *p = NULL;

	if (e && *e)
		return atoi(e);
	if (osip_message_get_contact(m, 0, &c) >= 0 && c &&
	    osip_contact_param_get_byname(c, "expires", &p) == 0 && p && p->gvalue)
		return atoi(p->gvalue);
	return dflt;
}

const char *sip_body(const osip_message_t *m, size_t *len)
{
	osip_body_t *b = NULL;

	if (osip_message_get_body(m, 0, &b) < 0 || b == NULL || b->body == NULL)
		return NULL;
	*len = b->length;
	return b->body;
}

const char *sip_branch(const osip_message_t *m)
{
	osip_via_t *v = osip_list_get(&m->vias, 0);
	osip_generic_param_t *b = NULL;

	if (v == NULL || osip_via_param_get_byname(v, "branch", &b) != 0 || b == NULL || !b->gvalue)
		return "";
	return b->gvalue;
}

/* A quoted-string's content (or the value as it is). */
static void unquoted(const char *v, char *out, size_t len)
{
	size_t n = v ? strlen(v) : 0;

	if (n >= 2 && v[0] == '"' && v[n - 1] == '"')
		snprintf(out, len, "%.*s", (int)(n - 2), v + 1);
	else
		snprintf(out, len, "%s", v ? v : "");
}

int sip_answer_challenge(const osip_message_t *resp, const char *user, const char *password,
			 const char *method, const char *uri, char *out, size_t len)
{
	osip_www_authenticate_t *wa = NULL;
	char realm[96], nonce[128], qop[32], opaque[128], alg[16], cnonce[20], digest[DIGEST_HEX];
	bool auth_qop;

	if (osip_message_get_www_authenticate(resp, 0, &wa) < 0 || wa == NULL || wa->nonce == NULL)
		return -1;
	unquoted(wa->realm, realm, sizeof realm);
	unquoted(wa->nonce, nonce, sizeof nonce);
	unquoted(wa->qop_options, qop, sizeof qop);
	unquoted(wa->opaque, opaque, sizeof opaque);
	unquoted(wa->algorithm, alg, sizeof alg);
	if ((wa->auth_type && strcasecmp(wa->auth_type, "Digest") != 0) ||
	    (alg[0] && strcasecmp(alg, "MD5") != 0))
		return -1;
	auth_qop = strstr(qop, "auth") != NULL && strstr(qop, "auth-int") == NULL;
	sip_token(cnonce, sizeof cnonce);
	digest_response(user, realm, password, method, uri, nonce, auth_qop ? "auth" : NULL,
			"00000001", cnonce, digest);
	snprintf(out, len,
		 "Digest username=\"%s\", realm=\"%s\", nonce=\"%s\", uri=\"%s\", response=\"%s\", "
		 "algorithm=MD5%s%s%s%s%s%s",
		 user, realm, nonce, uri, digest,
		 auth_qop ? ", qop=auth, nc=00000001, cnonce=\"" : "", auth_qop ? cnonce : "",
		 auth_qop ? "\"" : "", opaque[0] ? ", opaque=\"" : "", opaque,
		 opaque[0] ? "\"" : "");
	return 0;
}

void sip_challenge(const unsigned char secret[32], const char *realm, int64_t now_ms, bool stale,
		   char *out, size_t len)
{
	char nonce[64];

	digest_nonce(secret, now_ms, nonce, sizeof nonce);
	snprintf(out, len, "Digest realm=\"%s\", nonce=\"%s\", algorithm=MD5%s", realm, nonce,
		 stale ? ", stale=true" : "");
}

enum sip_auth sip_check_authorization(const osip_message_t *req, const char *user,
				      const char *realm, const char *password,
				      const unsigned char secret[32], int64_t now_ms,
				      int64_t max_age_ms)
{
	osip_authorization_t *au = NULL;
	char u[64], r[64], nonce[80], uri[256], resp[64], qop[16], nc[16], cnonce[80];
	char want[DIGEST_HEX];

	if (osip_message_get_authorization(req, 0, &au) < 0 || au == NULL)
		return SIP_AUTH_NONE;
	unquoted(au->username, u, sizeof u);
	unquoted(au->realm, r, sizeof r);
	unquoted(au->nonce, nonce, sizeof nonce);
	unquoted(au->uri, uri, sizeof uri);
	unquoted(au->response, resp, sizeof resp);
	unquoted(au->message_qop, qop, sizeof qop);
	unquoted(au->nonce_count, nc, sizeof nc);
	unquoted(au->cnonce, cnonce, sizeof cnonce);
	if (!digest_nonce_ok(secret, nonce, now_ms, max_age_ms))
		return SIP_AUTH_STALE;
	if (strcmp(u, user) != 0)
		return SIP_AUTH_USER;
	if (strcmp(r, realm) != 0)
		return SIP_AUTH_REALM;
	digest_response(u, r, password, req->sip_method, uri, nonce, qop, nc, cnonce, want);
	return digest_equal(want, resp) ? SIP_AUTH_OK : SIP_AUTH_WRONG;
}

void sip_token(char *out, size_t len)
{
	unsigned char r[16];
	static const char digits[] = "0123456789abcdef";
	size_t n = (len - 1) / 2 < sizeof r ? (len - 1) / 2 : sizeof r;

	if (RAND_bytes(r, (int)n) != 1)
		for (size_t i = 0; i < n; i++)
			r[i] = (unsigned char)rand();
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[r[i] >> 4];
		out[2 * i + 1] = digits[r[i] & 15];
	}
	out[2 * n] = '\0';
}
