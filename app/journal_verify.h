/* journal_verify.h — checking a journal file: SQLite integrity, the hash
 * chain (every row's hash recomputed, every link and seq checked), the prune
 * records, and the head against the sidecar anchor. Used by `alarmdesk log
 * verify` and, from the last anchor only, when the console starts. */
#ifndef JOURNAL_VERIFY_H
#define JOURNAL_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "journal.h"

/* Exit codes of `alarmdesk log verify` (docs/journal.md). */
enum jverify_status {
	JV_OK = 0,
	JV_TAMPERED = 1,  /* a row's hash, link, seq or prune record is wrong */
	JV_UNUSABLE = 2,  /* cannot open, not a journal */
	JV_CORRUPT = 3,   /* SQLite integrity_check failed */
	JV_TRUNCATED = 4, /* rows missing after the anchor, or no anchor */
};

struct jverify_opts {
	bool integrity;     /* run PRAGMA integrity_check first */
	bool from_anchor;   /* only rows from the anchored one on (start-up check) */
	bool progress;      /* a progress bar on stderr */
	const char *anchor; /* "SEQ:HEX" from elsewhere (the center), or NULL */
};

struct jverify_result {
	enum jverify_status status;
	uint64_t rows, pruned, head_seq, bad_seq;
	uint8_t head_hash[JROW_HASH_MAX];
	size_t head_len;
	enum journal_alg alg;
	char what[400];
};

/* Verifies the journal at path (opened read-only). */
void jverify_file(const char *path, const struct jverify_opts *o, struct jverify_result *r);

#endif
