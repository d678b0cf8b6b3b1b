/* sip_msg.h — SIP messages through the GNU oSIP parser (libosip2): reading
 * a datagram or a stream's next message, answering a request, making a
 * request, and the few header reads the center needs. The transactions
 * are sip_link.c's, the meaning gb_server.c's. */
#ifndef CENTER_SIP_MSG_H
#define CENTER_SIP_MSG_H

#include <osipparser2/osip_message.h>
#include <osipparser2/osip_parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "manscdp.h"

#define SIP_MAX_HEADERS 8192 /* the header block of one message */
#define SIP_MAX_MESSAGE (MANSCDP_MAX_BODY + SIP_MAX_HEADERS)

/* Once per process, before any other call. */
void sip_init(void);

/* A message from buf, or NULL with why in err. */
osip_message_t *sip_parse(const char *buf, size_t len, char *err, size_t errlen);

/* Of a stream: the length of the whole message at the start of buf (its
 * headers and Content-Length of body), 0 when more must come, -1 when buf
 * cannot start one (too long a header block, no Content-Length). Blank
 * lines before it (keepalive CRLFs) count in *skip and are not part of it. */
ssize_t sip_frame_len(const char *buf, size_t len, size_t *skip);

/* The text of m (malloc'd, *len bytes), or NULL. */
char *sip_to_text(osip_message_t *m, size_t *len);

/* An answer to req with code; the To tag is added when req had none. */
osip_message_t *sip_response(const osip_message_t *req, int code, const char *to_tag);

struct sip_request_args {
	const char *method, *uri;    /* "MESSAGE", "sip:34020000001320000001@3402000000" */
	const char *from, *from_tag; /* "sip:34020000002000000001@3402000000" */
	const char *to, *to_tag;     /* to_tag NULL: none */
	const char *call_id;
	unsigned cseq;
	const char *contact;		 /* NULL: none */
	int expires;			 /* < 0: no Expires header */
	const char *content_type, *body; /* body NULL: none */
	size_t body_len;
};
/* A request without Via (sip_link adds it), or NULL. */
osip_message_t *sip_request(const struct sip_request_args *a);

/* A MESSAGE outside a dialog (its own tag and Call-ID) from `from` to `to`
 * (SIP URIs) at request-URI uri, with a MANSCDP body; NULL when it cannot
 * be made. */
osip_message_t *sip_manscdp_message(const char *uri, const char *from, const char *to,
				    unsigned cseq, const char *body, size_t len);

/* The user part of the From (To) URI ("" when none). */
const char *sip_from_user(const osip_message_t *m);
const char *sip_to_user(const osip_message_t *m);
/* A header's value by name, or NULL. */
const char *sip_header(const osip_message_t *m, const char *name);
/* The Expires of a REGISTER (header, else the contact's parameter), or dflt. */
int sip_expires(const osip_message_t *m, int dflt);
/* The body (NUL-ended by oSIP) and its length, or NULL. */
const char *sip_body(const osip_message_t *m, size_t *len);
/* The top Via's branch, or "". */
const char *sip_branch(const osip_message_t *m);
/* The Authorization header answering resp's digest challenge (a 401's
 * WWW-Authenticate) for user and password, for method and uri. 0, or -1
 * when resp has no challenge this can answer (not MD5 digest). */
int sip_answer_challenge(const osip_message_t *resp, const char *user, const char *password,
			 const char *method, const char *uri, char *out, size_t len);
/* The server side: a challenge's WWW-Authenticate value (a nonce made now
 * under secret), and what a request's Authorization proves. */
void sip_challenge(const unsigned char secret[32], const char *realm, int64_t now_ms, bool stale,
		   char *out, size_t len);
enum sip_auth {
	SIP_AUTH_OK,
	SIP_AUTH_NONE,	/* no credentials: challenge */
	SIP_AUTH_STALE, /* a nonce not ours or too old: challenge again */
	SIP_AUTH_USER,	/* credentials of another user */
	SIP_AUTH_REALM, /* for another realm */
	SIP_AUTH_WRONG, /* the wrong password */
};
enum sip_auth sip_check_authorization(const osip_message_t *req, const char *user,
				      const char *realm, const char *password,
				      const unsigned char secret[32], int64_t now_ms,
				      int64_t max_age_ms);
/* Random hex for tags, branches and Call-IDs. */
void sip_token(char *out, size_t len);

#endif
