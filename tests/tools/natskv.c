/* natskv — a JetStream key-value entry read or written, for the tests (the
 * NATS command-line tool is not a Debian 12 package):
 *   natskv URL get BUCKET KEY          prints the value, exit 1 if none
 *   natskv URL put BUCKET KEY VALUE    writes it
 * The bucket must exist (the center makes its own). */
#include <nats/nats.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	natsConnection *nc = NULL;
	jsCtx *js = NULL;
	kvStore *kv = NULL;
	kvEntry *e = NULL;
	natsStatus s;
	bool put = argc == 6 && strcmp(argv[2], "put") == 0;

	if (!put && !(argc == 5 && strcmp(argv[2], "get") == 0)) {
		fprintf(stderr, "usage: natskv URL get BUCKET KEY | natskv URL put BUCKET KEY VALUE\n");
		return 2;
	}
	if ((s = natsConnection_ConnectTo(&nc, argv[1])) != NATS_OK ||
	    (s = natsConnection_JetStream(&js, nc, NULL)) != NATS_OK ||
	    (s = js_KeyValue(&kv, js, argv[3])) != NATS_OK) {
		fprintf(stderr, "natskv: %s: %s\n", argv[1], natsStatus_GetText(s));
		return 1;
	}
	if (put)
		s = kvStore_PutString(NULL, kv, argv[4], argv[5]);
	else if ((s = kvStore_Get(&e, kv, argv[4])) == NATS_OK)
		printf("%.*s\n", kvEntry_ValueLen(e), (const char *)kvEntry_Value(e));
	if (s != NATS_OK)
		fprintf(stderr, "natskv: %s %s: %s\n", argv[3], argv[4], natsStatus_GetText(s));
	kvEntry_Destroy(e);
	kvStore_Destroy(kv);
	jsCtx_Destroy(js);
	natsConnection_Destroy(nc);
	return s == NATS_OK ? 0 : 1;
}
