/* journal_prune.c — retention. Received-message rows older than the limit
 * lose their bulky text (detail, identity) but keep seq, time, alarm id,
 * action and both hashes, so the chain still links; a chained prune record
 * carries a digest over exactly what remains of the rows it blanked, so the
 * verifier can tell retention from tampering (docs/journal.md). */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "core/jrow.h"
#include "journal-int.h"

static void put_u64(EVP_MD_CTX *c, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	EVP_DigestUpdate(c, b, 8);
}

static void put_str(EVP_MD_CTX *c, const char *s)
{
	size_t n = strlen(s);
	uint8_t len[4] = {(uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n};
	EVP_DigestUpdate(c, len, 4);
	EVP_DigestUpdate(c, s, n);
}

void journal__prune_digest_row(void *evp_ctx, uint64_t seq, int64_t wall_ms,
			       const char *alarm_id, const char *action, const uint8_t *hash)
{
	EVP_MD_CTX *c = evp_ctx;
	put_u64(c, seq);
	put_u64(c, (uint64_t)wall_ms);
	put_str(c, alarm_id);
	put_str(c, action);
	EVP_DigestUpdate(c, hash, 32);
}

/* The end of the last prune record's range: rows up to it are settled. */
static uint64_t last_pruned_to(sqlite3 *db)
{
	sqlite3_stmt *s;
	unsigned long long a, b, c;
	uint64_t to = 0;

	if (sqlite3_prepare_v2(db, "SELECT detail FROM journal WHERE action = 'journal.prune'"
				   " AND detail NOT LIKE 'from=0 %' ORDER BY seq DESC LIMIT 1",
			       -1, &s, NULL))
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sscanf((const char *)sqlite3_column_text(s, 0), "from=%llu to=%llu count=%llu", &a, &b,
		   &c) == 3)
		to = b;
	sqlite3_finalize(s);
	return to;
}

long journal__prune(sqlite3 *db, enum journal_alg alg, uint64_t below, int64_t cutoff_ms,
		    char *detail, size_t len)
{
	static const char pick[] =
		"SELECT seq, wall_ms, alarm_id, action, hash FROM journal"
		" WHERE seq > ?1 AND seq < ?2 AND pruned = 0 AND action LIKE 'rx.%' AND wall_ms < ?3"
		" AND alarm_id NOT IN (SELECT alarm_id FROM journal WHERE alarm_id != '' AND"
		"  (action IN (" JOURNAL_INCIDENT_ACTIONS ") OR outcome = 'incident'))"
		" ORDER BY seq";
	sqlite3_stmt *sel = NULL, *upd = NULL;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	uint64_t after = last_pruned_to(db), first = 0, last = 0;
	uint8_t d[32];
	unsigned int dl = 0;
	char hex[65];
	long n = 0;

	if (c == NULL || !EVP_DigestInit_ex(c, alg == JOURNAL_SM3 ? EVP_sm3() : EVP_sha256(), NULL) ||
	    sqlite3_prepare_v2(db, pick, -1, &sel, NULL) ||
	    sqlite3_prepare_v2(db, "UPDATE journal SET pruned = 1, console = '', operator = '',"
				   " role = '', mode = '', detail = '', outcome = '' WHERE seq = ?",
			       -1, &upd, NULL)) {
		n = -1;
		goto out;
	}
	sqlite3_bind_int64(sel, 1, (sqlite3_int64)after);
	sqlite3_bind_int64(sel, 2, (sqlite3_int64)below);
	sqlite3_bind_int64(sel, 3, cutoff_ms);
	while (sqlite3_step(sel) == SQLITE_ROW) {
		uint64_t seq = (uint64_t)sqlite3_column_int64(sel, 0);
		if (sqlite3_column_bytes(sel, 4) != 32)
			continue; /* a damaged row is left for the verifier to name */
		journal__prune_digest_row(c, seq, sqlite3_column_int64(sel, 1),
					  (const char *)sqlite3_column_text(sel, 2),
					  (const char *)sqlite3_column_text(sel, 3),
					  sqlite3_column_blob(sel, 4));
		sqlite3_bind_int64(upd, 1, (sqlite3_int64)seq);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			n = -1;
			goto out;
		}
		sqlite3_reset(upd);
		if (first == 0)
			first = after + 1;
		last = seq;
		n++;
	}
	EVP_DigestFinal_ex(c, d, &dl);
	jrow_hex(d, 32, hex);
	if (n == 0)
		snprintf(detail, len, "from=0 to=0 count=0 digest=%s", hex);
	else
		snprintf(detail, len, "from=%llu to=%llu count=%ld digest=%s",
			 (unsigned long long)first, (unsigned long long)last, n, hex);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	EVP_MD_CTX_free(c);
	return n;
}
