/* dc09.c — SIA DC-09 framing and content (center/dc09.h). */
#include "dc09.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../app/core/cid.h"

uint16_t dc09_crc(const char *s, size_t n)
{
	uint16_t crc = 0;

	for (size_t i = 0; i < n; i++) {
		crc ^= (uint8_t)s[i];
		for (int b = 0; b < 8; b++)
			crc = crc & 1 ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
				      : -1;
}

/* 4 hex digits, or -1. */
static long hex4(const char *s)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int d = hexval(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

size_t dc09_next(const char *buf, size_t len, const char **frame, size_t *frame_len,
		 enum dc09_verdict *verdict)
{
	const char *lf = memchr(buf, '\n', len), *cr;
	size_t start, n;

	*frame = NULL;
	*frame_len = 0;
	if (lf == NULL) {
		*verdict = DC09_NEED_MORE;
		return len; /* nothing can start here */
	}
	start = (size_t)(lf - buf) + 1;
	cr = memchr(buf + start, '\r', len - start);
	if (cr == NULL) {
		*verdict = len - start > DC09_MAX_FRAME + 8 ? DC09_TOO_LONG : DC09_NEED_MORE;
		/* Too long: drop it up to the end; else keep it from its LF. */
		return *verdict == DC09_TOO_LONG ? len : start - 1;
	}
	n = (size_t)(cr - (buf + start));
	/* A second LF inside: the first frame was cut; start again there. */
	{
		const char *lf2 = memchr(buf + start, '\n', n);
		if (lf2) {
			*verdict = DC09_BAD_LEN;
			return (size_t)(lf2 - buf);
		}
	}
	*frame = buf + start;
	*frame_len = n;
	if (n > DC09_MAX_FRAME + 8)
		*verdict = DC09_TOO_LONG;
	else {
		struct dc09_frame f;
		*verdict = dc09_parse(*frame, n, &f);
	}
	return start + n + 1;
}

/* Copies up to cap-1 bytes of [s, s+n). */
static void copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static enum dc09_token token_of(const char *t)
{
	static const char *const names[] = {"SIA-DCS", "ADM-CID", "NULL", "ACK",
					    "NAK",     "DUH",     "RSP",  "HENG-BO"};

	for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
		if (strcmp(t, names[i]) == 0)
			return (enum dc09_token)i;
	return DC09_OTHER;
}

enum dc09_verdict dc09_parse(const char *frame, size_t n, struct dc09_frame *f)
{
	const char *p, *end = frame + n, *q;
	long crc, len;

	memset(f, 0, sizeof *f);
	if (n < 8 + 2 || n > DC09_MAX_FRAME + 8)
		return n > DC09_MAX_FRAME + 8 ? DC09_TOO_LONG : DC09_BAD_LEN;
	crc = hex4(frame);
	len = hex4(frame + 4);
	if (crc < 0 || len < 0)
		return DC09_BAD_FORMAT;
	if ((size_t)len != n - 8)
		return DC09_BAD_LEN;
	if (dc09_crc(frame + 8, n - 8) != (uint16_t)crc)
		return DC09_BAD_CRC;
	/* Text only: no control byte reaches a log or a screen from a panel. */
	for (size_t i = 8; i < n; i++)
		if ((unsigned char)frame[i] < 0x20 || (unsigned char)frame[i] == 0x7f)
			return DC09_BAD_FORMAT;
	p = frame + 8;
	if (*p != '"' || (q = memchr(p + 1, '"', (size_t)(end - p - 1))) == NULL || q - p - 1 > 14)
		return DC09_BAD_FORMAT;
	p++;
	if (*p == '*') {
		f->encrypted = true;
		p++;
	}
	copy(f->token_text, sizeof f->token_text, p, (size_t)(q - p));
	f->token = token_of(f->token_text);
	p = q + 1;
	/* seq: 4 digits */
	if (end - p < 4 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
	    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]))
		return DC09_BAD_FORMAT;
	copy(f->seq, sizeof f->seq, p, 4);
	p += 4;
	if (p < end && *p == 'R') {
		q = p + 1;
		while (q < end && hexval(*q) >= 0 && q - p <= 6)
			q++;
		if (q == p + 1 || q - p > 7)
			return DC09_BAD_FORMAT;
		copy(f->receiver, sizeof f->receiver, p, (size_t)(q - p));
		p = q;
	}
	if (p < end && *p == 'L') {
		q = p + 1;
		/* "L0A0[": a reply's account may follow the line without a '#'
		 * (fioletoven/dc09): the line's digits stop before a last "A…". */
		while (q < end && hexval(*q) >= 0 && q - p <= 6)
			q++;
		if (q < end && *q == '[' && memchr(p, '#', (size_t)(q - p)) == NULL) {
			const char *a = memchr(p + 2, 'A', (size_t)(q - p - 2));
			if (a)
				q = a;
		}
		if (q == p + 1 || q - p > 7)
			return DC09_BAD_FORMAT;
		copy(f->line, sizeof f->line, p, (size_t)(q - p));
		p = q;
	}
	if (p < end && *p == '#')
		p++;
	q = p;
	while (q < end && *q != '[' && q - p < 16)
		q++;
	if (q >= end || *q != '[')
		return DC09_BAD_FORMAT;
	for (const char *c = p; c < q; c++)
		if (!isalnum((unsigned char)*c))
			return DC09_BAD_FORMAT;
	copy(f->account, sizeof f->account, p, (size_t)(q - p));
	copy(f->rest, sizeof f->rest, q, (size_t)(end - q));
	return DC09_OK;
}

static int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's algorithm: days since 1970-01-01 of a Gregorian date. */
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int64_t)era * 146097 + doe - 719468;
}

bool dc09_time_ok(int64_t frame_ms, int64_t now_ms)
{
	return frame_ms >= now_ms - DC09_WINDOW_PAST_MS && frame_ms <= now_ms + DC09_WINDOW_FUTURE_MS;
}

int64_t dc09_time_parse(const char *s)
{
	int hh, mm, ss, mo, dd, yy, n = 0;

	if (strlen(s) != 20 ||
	    sscanf(s, "_%2d:%2d:%2d,%2d-%2d-%4d%n", &hh, &mm, &ss, &mo, &dd, &yy, &n) != 6 || n != 20)
		return -1;
	if (hh > 23 || mm > 59 || ss > 60 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || yy < 1970)
		return -1;
	return ((days_from_civil(yy, mo, dd) * 24 + hh) * 60 + mm) * 60000LL + ss * 1000LL;
}

void dc09_time_format(int64_t t_ms, char out[22])
{
	int64_t secs = t_ms / 1000, days = secs / 86400, rem = secs % 86400;
	/* civil_from_days, the inverse of days_from_civil */
	int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;

	y += m <= 2;
	snprintf(out, 22, "_%02d:%02d:%02d,%02u-%02u-%04d", (int)(rem / 3600), (int)(rem / 60 % 60),
		 (int)(rem % 60), m, d, (int)y);
}

enum dc09_verdict dc09_parse_rest(struct dc09_frame *f)
{
	const char *p = f->rest, *q;

	f->nxdata = 0;
	f->has_time = false;
	if (*p != '[' || (q = strchr(p, ']')) == NULL)
		return DC09_BAD_FORMAT;
	copy(f->data, sizeof f->data, p + 1, (size_t)(q - p - 1));
	p = q + 1;
	while (*p == '[') {
		if ((q = strchr(p, ']')) == NULL)
			return DC09_BAD_FORMAT;
		if (f->nxdata < DC09_MAX_XDATA)
			copy(f->xdata[f->nxdata++], sizeof f->xdata[0], p + 1, (size_t)(q - p - 1));
		p = q + 1;
	}
	if (*p == '_') {
		f->time_ms = dc09_time_parse(p);
		if (f->time_ms < 0)
			return DC09_BAD_FORMAT;
		f->has_time = true;
		p += 20;
	}
	return *p ? DC09_BAD_FORMAT : DC09_OK;
}

/* The part of a data block after "#acct|" (or the whole block without it). */
static const char *after_account(const char *data)
{
	const char *bar = data[0] == '#' ? strchr(data, '|') : NULL;
	return bar ? bar + 1 : data;
}

/* Decimal digits as a number (hex digits B-F, which Contact ID allows in a
 * group or zone, count as their value). */
static int number_n(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n && s[i]; i++)
		v = v * 10 + (hexval(s[i]) < 0 ? 0 : hexval(s[i]));
	return v;
}

static int number(const char *s)
{
	return number_n(s, strlen(s));
}

static int adm_event(const char *s, struct dc09_event *ev)
{
	char q, code[4], gg[3], ccc[4];
	int n = 0;

	/* "QXYZ GG CCC": qualifier and code, group, zone or user. */
	memset(ev, 0, sizeof *ev);
	if (sscanf(s, "%c%3[0-9A-Fa-f] %2[0-9A-Fa-f] %3[0-9A-Fa-f]%n", &q, code, gg, ccc, &n) != 4 ||
	    strlen(code) != 3 || strlen(gg) != 2 || strlen(ccc) != 3)
		return -1;
	/* Vendors send E/R for new and restore (captainwong/ademco_hb). */
	ev->qualifier = q == 'E' ? 1 : q == 'R' ? 3 : q - '0';
	if (ev->qualifier != 1 && ev->qualifier != 3 && ev->qualifier != 6)
		return -1;
	memcpy(ev->cid, code, 4);
	ev->group = number(gg);
	ev->number = number(ccc);
	return 0;
}

/* A SIA event code: its Contact ID code and qualifier from the one table
 * (data/contact_id_codes.csv). */
static void sia_to_cid(struct dc09_event *ev)
{
	int restore = 0;
	const struct cid_code *c = cid_of_sia(ev->sia, &restore);

	if (c)
		memcpy(ev->cid, c->code, 4);
	ev->qualifier = restore ? 3 : 1;
}

/* "Nri1/BA012/BA013^text^": an optional N (new event), modifiers (two small
 * letters and a value: ri group, id user, ti time, da date, pi …) and events
 * (two capitals and a zone or user number), '/' between them or not. */
static int sia_events(const char *s, struct dc09_event *ev, int max)
{
	int n = 0, group = 0;

	if (s[0] == 'N' && (isupper((unsigned char)s[1]) && isupper((unsigned char)s[2])))
		s++; /* "NNL2": N, then NL */
	else if (s[0] == 'N' && islower((unsigned char)s[1]) && islower((unsigned char)s[2]))
		s++; /* "Nri1": N, then ri */
	while (*s) {
		if (*s == '/' || *s == ' ') {
			s++;
		} else if (islower((unsigned char)s[0]) && islower((unsigned char)s[1])) {
			const char *v = s + 2;
			bool ri = s[0] == 'r' && s[1] == 'i';
			while (*v && (isdigit((unsigned char)*v) || *v == ':' || *v == '-'))
				v++;
			if (ri)
				group = number_n(s + 2, (size_t)(v - s - 2));
			s = v;
		} else if (isupper((unsigned char)s[0]) && isupper((unsigned char)s[1])) {
			const char *v = s + 2;
			while (isdigit((unsigned char)*v))
				v++;
			if (n < max) {
				memset(&ev[n], 0, sizeof ev[n]);
				memcpy(ev[n].sia, s, 2);
				ev[n].group = group;
				ev[n].number = number_n(s + 2, (size_t)(v - s - 2));
				sia_to_cid(&ev[n]);
				n++;
			}
			s = v;
		} else if (*s == '^') {
			const char *e = strchr(s + 1, '^');
			size_t len = e ? (size_t)(e - s - 1) : strlen(s + 1);
			if (n > 0)
				copy(ev[n - 1].text, sizeof ev[n - 1].text, s + 1, len);
			s += len + 1 + (e != NULL);
		} else if (*s == '|') {
			break; /* a second block ("NRR|Atest"): its own content */
		} else {
			s++; /* anything else (a vendor's $ fields) is skipped */
		}
	}
	return n;
}

const char *dc09_payload(const struct dc09_frame *f)
{
	return after_account(f->data);
}

int dc09_events(const struct dc09_frame *f, struct dc09_event *ev, int max)
{
	const char *s = after_account(f->data);

	if (f->token == DC09_NULL || f->data[0] == '\0')
		return 0;
	if (f->token == DC09_ADM_CID || f->token == DC09_HENG_BO)
		return max > 0 && adm_event(s, ev) == 0 ? 1 : -1;
	if (f->token == DC09_SIA_DCS)
		return sia_events(s, ev, max);
	return -1;
}

size_t dc09_build(char *out, size_t cap, const char *token, const char *seq, const char *receiver,
		  const char *line, const char *account, const char *body)
{
	char span[DC09_MAX_FRAME + 1];
	int n = snprintf(span, sizeof span, "\"%s\"%s%s%s%s%s", token, seq, receiver, line, account,
			 body);

	if (n < 0 || (size_t)n >= sizeof span || (size_t)n + 11 > cap)
		return 0;
	return (size_t)snprintf(out, cap, "\n%04X%04X%s\r", dc09_crc(span, (size_t)n), (unsigned)n,
				span);
}
