/* dc09.h — SIA DC-09 ("SIA over IP") frames as panels and communicators send
 * them: finding frames in a byte stream, CRC-16/ARC and length checks, the
 * header (token, seq, receiver, line, account), the data block, extended
 * data, the timestamp, the events a data block carries (ADM-CID Contact ID,
 * SIA-DCS) and the replies a panel expects. Pure (no clock, no I/O, no
 * crypto: the encrypted part is dc09_crypt.c). docs/receivers.md says which
 * public implementation each rule follows. */
#ifndef DC09_H
#define DC09_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DC09_MAX_FRAME 1024 /* bytes between LF and CR */
#define DC09_MAX_XDATA 8
#define DC09_MAX_EVENTS 8   /* SIA-DCS events in one data block */

/* What a frame is, by its token. */
enum dc09_token {
	DC09_SIA_DCS, DC09_ADM_CID, DC09_NULL, DC09_ACK, DC09_NAK, DC09_DUH, DC09_RSP,
	DC09_HENG_BO, /* a Chinese vendor's ADM-CID (captainwong/ademco_hb) */
	DC09_OTHER,
};

/* Why a frame was not taken. */
enum dc09_verdict {
	DC09_OK = 0,
	DC09_NEED_MORE,  /* no whole frame yet */
	DC09_BAD_CRC,    /* silently dropped: the panel sends again */
	DC09_BAD_LEN,    /* silently dropped */
	DC09_TOO_LONG,   /* over DC09_MAX_FRAME: dropped */
	DC09_BAD_FORMAT, /* CRC and length right, content not DC-09: DUH */
};

struct dc09_frame {
	enum dc09_token token;
	char token_text[16];
	bool encrypted;
	char seq[5];       /* 4 digits */
	char receiver[8];  /* "R1F" or "" (with the R) */
	char line[8];      /* "L232" or "" (with the L) */
	char account[17];  /* without the # */
	/* After the account: "[…" — the data block and what follows, as sent
	 * (hex ciphertext when encrypted; dc09_crypt replaces it). */
	char rest[DC09_MAX_FRAME + 1];
	/* Filled by dc09_parse_rest: */
	char data[DC09_MAX_FRAME + 1]; /* inside the first [ ] */
	char xdata[DC09_MAX_XDATA][260];
	int nxdata;
	bool has_time;
	int64_t time_ms; /* the panel's UTC timestamp */
};

/* One event of a data block, as Contact ID. */
struct dc09_event {
	char cid[4];      /* 3-digit Contact ID code, "" when the SIA code has none */
	char sia[3];      /* the SIA code ("BA"), "" for ADM-CID */
	int qualifier;    /* 1 new, 3 restore (close for open/close codes), 6 status */
	int group;        /* partition / area, 0 none */
	int number;       /* zone or user number, 0 none */
	char text[128];   /* SIA ^text^, "" none */
};

/* CRC-16/ARC (reflected 0xA001, init 0), as DC-09 frames carry it. */
uint16_t dc09_crc(const char *s, size_t n);

/* The next frame in buf[0..len): skips to an LF, then needs CR. Returns how
 * many bytes to drop from buf (the frame or garbage before it); *frame,
 * *frame_len are the bytes between LF and CR when *verdict is DC09_OK,
 * DC09_BAD_CRC, DC09_BAD_LEN or DC09_BAD_FORMAT (checked). DC09_NEED_MORE:
 * keep buf and read more (returns the garbage before an LF, possibly 0). */
size_t dc09_next(const char *buf, size_t len, const char **frame, size_t *frame_len,
		 enum dc09_verdict *verdict);

/* Parses the bytes between LF and CR (CRC and length already good, or not:
 * this checks them again) into f's header and rest. */
enum dc09_verdict dc09_parse(const char *frame, size_t n, struct dc09_frame *f);
/* Splits f->rest (plain) into data, xdata and timestamp. DC09_BAD_FORMAT
 * when it is not "[data]…". */
enum dc09_verdict dc09_parse_rest(struct dc09_frame *f);

/* The data block after its "#acct|" (the whole block when it has none). */
const char *dc09_payload(const struct dc09_frame *f);

/* The events of f's data block: ADM-CID "#acct|QXYZ GG CCC", SIA-DCS
 * "#acct|Nri1/BA012/BA013". Returns how many (0: none, e.g. a NULL), or -1
 * when the block cannot be read. */
int dc09_events(const struct dc09_frame *f, struct dc09_event *ev, int max);

/* Whether a frame's timestamp is inside the receiver's window: from 40 s
 * before now to 20 s after (eavanvalkenburg/pysiaalarm, replicatorbe's
 * tests: 41 s late or 21 s early is refused). */
#define DC09_WINDOW_PAST_MS 40000
#define DC09_WINDOW_FUTURE_MS 20000
bool dc09_time_ok(int64_t frame_ms, int64_t now_ms);

/* "_HH:MM:SS,MM-DD-YYYY" (UTC) → ms since the epoch; -1 when malformed. */
int64_t dc09_time_parse(const char *s);
/* The same format of t (UTC), 21 bytes with the NUL. */
void dc09_time_format(int64_t t_ms, char out[22]);

/* A whole frame (LF, CRC, LEN, span, CR): token (with its '*' when
 * encrypted), seq, receiver, line, the account as written ("#1234", or a
 * NAK's "A0"), then body ("[]", "[#1234|…]…" or "[" + hex). Returns its
 * length, 0 when it does not fit cap. */
size_t dc09_build(char *out, size_t cap, const char *token, const char *seq, const char *receiver,
		  const char *line, const char *account, const char *body);

#endif
