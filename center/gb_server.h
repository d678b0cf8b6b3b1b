/* gb_server.h — the center as a GB/T 28181 SIP server for video devices and
 * alarm hosts (`--sip-listen ADDR:PORT`, UDP and TCP): devices REGISTER
 * with digest authentication (passwords in gb28181.json), are supervised by
 * their Keepalive (silent for 3 intervals: offline, a device event and a
 * "device offline" alarm; heard again: restored), asked for their Catalog
 * on registration (its cameras go with the device's alarms), and their
 * alarm Notify becomes an alarm on the stream, answered 200 OK once it is
 * durable and then confirmed with the MANSCDP Response. docs/gb28181.md. */
#ifndef CENTER_GB_SERVER_H
#define CENTER_GB_SERVER_H

#include <stddef.h>

#include "../app/core/alarm.h"
#include "../net/proto.h"

struct center;
struct gb_server;

struct gb_server *gb_server_start(struct center *c, const char *addr, char *err, size_t errlen);
int gb_server_port(const struct gb_server *s);

/* Sends remote control cmd to the device of alarm a's site (the one whose
 * channel is a's zone, else the site's first online device) as a MANSCDP
 * DeviceControl, for operator `by`. PROTO_OK with "sent to …" in *msg, or
 * a refusal code with why (no device, offline). The device's answer (its
 * Response, or none within the linkage clock's 8 s) goes on the alarm's
 * timeline as control_ok / control_failed and stops that clock. */
int gb_control(struct gb_server *s, const struct alarm *a, enum proto_control cmd, const char *by,
	       const char **msg, char **owned);

/* Forwards alarm a (an incident the operator forwards, or one its plan
 * forwards at once) to the upper platform as an alarm Notify, when one is
 * configured: "uplink_sent" on its timeline and the uplink clock (4 s)
 * until the platform's Response ("uplink_received", then the receipt clock
 * until the operator confirms); no receipt in time: sent again, 4 tries,
 * then "uplink_failed". */
/* Sends a PTZ control to the alarm's first GB/T 28181 camera (its device
 * online): PROTO_OK with "… sent to <camera>" in *msg, or a refusal. */
int gb_ptz(struct gb_server *s, const struct alarm *a, enum proto_control cmd, const char **msg,
	   char **owned);

void gb_upper_forward(struct gb_server *s, const struct alarm *a, const char *by);
/* A new alarm whose plan says auto_forward: forwarded at the next tick. */
void gb_upper_auto(struct gb_server *s, const struct alarm *a);

void gb_server_stop(struct gb_server *s);

#endif
