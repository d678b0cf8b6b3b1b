/* sip_link.h — SIP over UDP and TCP on the loop, with the transactions of
 * RFC 3261 that non-INVITE requests need: a server answers a retransmitted
 * request from its cache; a client retransmits over UDP (T1 = 500 ms,
 * doubling up to T2 = 4 s) until a final answer or its timeout. One port
 * for both transports; TCP connections are accepted and opened as needed
 * (a request to a peer goes on the connection it came from). */
#ifndef CENTER_SIP_LINK_H
#define CENTER_SIP_LINK_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "sip_msg.h"
#include "sip_peer.h"

#define SIP_T1_MS 500
#define SIP_T2_MS 4000
#define SIP_TIMEOUT_MS (64 * SIP_T1_MS) /* timer F */

struct sip_link;

/* A request came (the link answers its retransmissions itself). */
typedef void (*sip_on_request)(void *ctx, osip_message_t *req, const struct sip_peer *from);
/* A request's outcome: its final answer, or code 408 and resp NULL when
 * none came in time, 503 and NULL when it could not be sent. label is the
 * request's, as given. */
typedef void (*sip_on_answer)(void *arg, const char *label, int code, const osip_message_t *resp);

/* Listens on addr (TCP and UDP, port 0: any); `tag` names it in the log
 * ("sip", "gbsim"). NULL with "option addr: why" in err. */
struct sip_link *sip_link_start(uv_loop_t *loop, const char *option, const char *addr,
				const char *tag, sip_on_request cb, void *ctx, char *err,
				size_t errlen);
int sip_link_port(const struct sip_link *l);
/* "127.0.0.1:5060", for Via and Contact. */
const char *sip_link_addr(const struct sip_link *l);

/* Sends resp (taken) as the answer to req from `to`, remembered for its
 * retransmissions. */
void sip_link_reply(struct sip_link *l, const struct sip_peer *to, const osip_message_t *req,
		    osip_message_t *resp);
/* Sends req (taken) to `to` with a Via of this link, retransmitted over
 * UDP; cb gets its outcome (never from inside this call) with label (a
 * copy, up to 63 bytes: what the request was about). timeout_ms 0 is
 * timer F. */
void sip_link_request(struct sip_link *l, const struct sip_peer *to, osip_message_t *req,
		      int timeout_ms, const char *label, sip_on_answer cb, void *arg);
/* Closes everything; requests still waiting are dropped without their
 * callbacks. Freed once the handles closed. */
void sip_link_stop(struct sip_link *l);

/* A peer as "udp 127.0.0.1:5061". */
void sip_peer_name(const struct sip_peer *p, char *out, size_t len);

#endif
