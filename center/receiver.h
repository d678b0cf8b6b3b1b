/* receiver.h — the center's SIA DC-09 receiver: `--dc09-listen ADDR:PORT`
 * listens on TCP and UDP on that port (several listeners allowed). Each
 * frame is checked, decrypted with its panel's key, answered as a panel
 * expects (ACK once what it carried is durable; NAK with the receiver's time
 * for a timestamp outside the window or a frame that does not decrypt; DUH
 * for what cannot be handled; nothing for a bad CRC or length) and turned
 * into alarms on the stream. docs/receivers.md. */
#ifndef CENTER_RECEIVER_H
#define CENTER_RECEIVER_H

#include <stddef.h>

struct center;
struct receiver;

#define RECEIVER_MAX_CONNS 4096 /* TCP connections per listener */

/* Listens on addr ("127.0.0.1:7390", port 0: any) for center c. NULL with
 * the reason in err. */
struct receiver *receiver_start(struct center *c, const char *addr, char *err, size_t errlen);
/* The port actually bound. */
int receiver_port(const struct receiver *r);
/* Closes the listeners and connections; the receiver is freed once they
 * are closed. */
void receiver_stop(struct receiver *r);
/* The leader: a frame a follower's receiver took (read, opened, answered
 * there), taken as if it came here from peer on channel (an alarm_channel),
 * inside the caller's batch; no reply. */
void receiver_take(struct center *c, const char *frame, size_t len, int channel, const char *peer);

#endif
