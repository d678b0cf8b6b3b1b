/* ws_plain.h — the server side of WebSocket on plain blocking sockets, as
 * little as the benches' own servers need (bcast_anchor.c, storm_center.c):
 * the opening handshake, unmasked text frames out, a masked frame in. */
#ifndef BENCH_WS_PLAIN_H
#define BENCH_WS_PLAIN_H

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define GUID "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

static inline int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A text frame, server to client (no mask): header then payload. */
static inline size_t frame(unsigned char *out, const char *text, size_t n)
{
	size_t h = 2;

	out[0] = 0x81;
	if (n < 126) {
		out[1] = (unsigned char)n;
	} else {
		out[1] = 126;
		out[2] = (unsigned char)(n >> 8);
		out[3] = (unsigned char)n;
		h = 4;
	}
	memcpy(out + h, text, n);
	return h + n;
}

/* The opening handshake: the request read, 101 with the accept key. */
static inline int handshake(int fd)
{
	char req[4096], resp[512], *key, *end;
	unsigned char sha[SHA_DIGEST_LENGTH], b64[64], cat[200];
	size_t got = 0;

	while (got < sizeof req - 1) {
		ssize_t r = read(fd, req + got, sizeof req - 1 - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	if ((key = strcasestr(req, "Sec-WebSocket-Key:")) == NULL)
		return -1;
	key += 18;
	while (*key == ' ')
		key++;
	if ((end = strstr(key, "\r\n")) == NULL || end - key > 100)
		return -1;
	snprintf((char *)cat, sizeof cat, "%.*s%s", (int)(end - key), key, GUID);
	SHA1(cat, strlen((char *)cat), sha);
	EVP_EncodeBlock(b64, sha, SHA_DIGEST_LENGTH);
	snprintf(resp, sizeof resp,
		 "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
		 "Sec-WebSocket-Accept: %s\r\nSec-WebSocket-Protocol: alarmdesk.v1\r\n\r\n",
		 b64);
	return write_all(fd, (unsigned char *)resp, strlen(resp));
}

/* One client frame read whole (masked, payload < 64 KiB) into text, NUL
 * ended; its length, or -1 when the peer went or sent a bigger one. */
static inline long read_frame(int fd, char *text, size_t cap)
{
	unsigned char h[8], mask[4];
	size_t n, got = 0;

	if (read(fd, h, 2) != 2)
		return -1;
	n = h[1] & 0x7f;
	if (n == 127 || (n == 126 && read(fd, h + 2, 2) != 2))
		return -1;
	if (n == 126)
		n = (size_t)h[2] << 8 | h[3];
	if (n >= cap || read(fd, mask, 4) != 4)
		return -1;
	while (got < n) {
		ssize_t r = read(fd, text + got, n - got);
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	for (size_t i = 0; i < n; i++)
		text[i] = (char)(text[i] ^ mask[i % 4]);
	text[n] = '\0';
	return (long)n;
}

#endif
