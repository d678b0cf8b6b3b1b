/* sip_peer.h — where a SIP message came from or goes to. */
#ifndef CENTER_SIP_PEER_H
#define CENTER_SIP_PEER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

struct sip_peer {
	bool tcp;
	struct sockaddr_storage addr;
	uint64_t conn; /* TCP: the connection it came on (0: any to addr) */
};

#endif
