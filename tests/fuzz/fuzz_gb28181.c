/* libFuzzer target: what a GB/T 28181 device or platform sends — a SIP
 * byte stream cut by Content-Length (as over TCP), each message parsed by
 * oSIP, its Authorization checked against a fixed secret, its challenge
 * answered, its body read as MANSCDP; and the input as a body on its own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../center/manscdp.h"
#include "../../center/sip_msg.h"

static void one(const char *text, size_t len)
{
	static const unsigned char secret[32] = {7};
	char err[200], out[600];
	osip_message_t *m = sip_parse(text, len, err, sizeof err);
	struct manscdp md;
	const char *body;
	size_t bl = 0;

	if (m == NULL)
		return;
	sip_check_authorization(m, sip_from_user(m), "3402000000", "pw", secret, 1000000, 300000);
	sip_answer_challenge(m, "34020000001320000001", "pw", "REGISTER", "sip:a@b", out, sizeof out);
	sip_expires(m, 0);
	sip_branch(m);
	if ((body = sip_body(m, &bl)) != NULL)
		manscdp_parse(body, bl, &md, err, sizeof err);
	if (MSG_IS_REQUEST(m)) {
		osip_message_t *r = sip_response(m, 200, "t");
		size_t n = 0;
		char *t = r ? sip_to_text(r, &n) : NULL;
		osip_free(t);
		osip_message_free(r);
	}
	osip_message_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	size_t have = size, skip;
	char err[200];
	struct manscdp md;

	if (buf == NULL)
		return 0;
	sip_init();
	memcpy(buf, data, size);
	buf[size] = '\0';
	manscdp_parse(buf, size, &md, err, sizeof err);
	for (char *p = buf; have > 0;) {
		ssize_t n = sip_frame_len(p, have, &skip);
		if (n <= 0)
			break;
		one(p + skip, (size_t)n);
		p += skip + (size_t)n;
		have -= skip + (size_t)n;
	}
	free(buf);
	return 0;
}
