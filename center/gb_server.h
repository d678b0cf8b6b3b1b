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

struct center;
struct gb_server;

struct gb_server *gb_server_start(struct center *c, const char *addr, char *err, size_t errlen);
int gb_server_port(const struct gb_server *s);
void gb_server_stop(struct gb_server *s);

#endif
