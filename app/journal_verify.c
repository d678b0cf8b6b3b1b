/* journal_verify.c — walks a journal file and proves it intact, or names the
 * first row that is not. */
#include "journal_verify.h"

#include "journal-int.h"

#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct prune_range {
	uint64_t from, to, count, seen, at_seq;
	uint8_t digest[32];
	EVP_MD_CTX *ctx;
};

static void fail(struct jverify_result *r, enum jverify_status st, uint64_t seq,
		 const char *fmt, const char *arg)
{
	if (r->status != JV_OK)
		return; /* the first problem is the one reported */
	r->status = st;
	r->bad_seq = seq;
	snprintf(r->what, sizeof r->what, fmt, arg ? arg : "");
	if (seq) {
		char buf[400];
		snprintf(buf, sizeof buf, "row %llu: %s", (unsigned long long)seq, r->what);
		snprintf(r->what, sizeof r->what, "%s", buf);
	}
}

static int hex_decode(const char *hex, uint8_t *out, size_t n)
{
	if (strlen(hex) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (uint8_t)v;
	}
	return 0;
}

/* Loads the prune records (action journal.prune): their ranges must be in
 * order and must not overlap. */
static struct prune_range *load_prunes(sqlite3 *db, enum journal_alg alg, size_t *n,
				       struct jverify_result *r)
{
	sqlite3_stmt *s;
	struct prune_range *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (sqlite3_prepare_v2(db, "SELECT seq, detail FROM journal WHERE action = 'journal.prune'"
				   " ORDER BY seq", -1, &s, NULL))
		return NULL;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct prune_range p = {0};
		char hex[80];
		unsigned long long a, b, c;
		p.at_seq = (uint64_t)sqlite3_column_int64(s, 0);
		if (sscanf((const char *)sqlite3_column_text(s, 1),
			   "from=%llu to=%llu count=%llu digest=%70s", &a, &b, &c, hex) != 4 ||
		    hex_decode(hex, p.digest, 32)) {
			fail(r, JV_TAMPERED, p.at_seq, "%smalformed prune record", "");
			continue;
		}
		if (c == 0 && a == 0 && b == 0)
			continue; /* a retention run that found nothing to blank */
		if (a > b || b >= p.at_seq || c == 0 || (*n > 0 && a <= v[*n - 1].to)) {
			fail(r, JV_TAMPERED, p.at_seq, "%sprune record with an impossible range", "");
			continue;
		}
		p.from = a, p.to = b, p.count = c;
		p.ctx = EVP_MD_CTX_new();
		EVP_DigestInit_ex(p.ctx, alg == JOURNAL_SM3 ? EVP_sm3() : EVP_sha256(), NULL);
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = realloc(v, cap * sizeof *v);
		}
		v[(*n)++] = p;
	}
	sqlite3_finalize(s);
	return v;
}

static void progress(uint64_t done, uint64_t total)
{
	int pct = total ? (int)(done * 100 / total) : 100, w = pct / 4;
	fprintf(stderr, "\rverifying [%.*s%*s] %3d%% %llu/%llu rows", w,
		"#########################", 25 - w, "", pct, (unsigned long long)done,
		(unsigned long long)total);
}

static int get_alg(sqlite3 *db, enum journal_alg *alg)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT v FROM meta WHERE k = 'alg'", -1, &s, NULL))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		rc = journal_alg_parse((const char *)sqlite3_column_text(s, 0), alg);
	sqlite3_finalize(s);
	return rc;
}

static int integrity_ok(sqlite3 *db, char *what, size_t len)
{
	sqlite3_stmt *s;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		ok = t && strcmp(t, "ok") == 0;
		if (!ok)
			snprintf(what, len, "SQLite integrity_check: %s", t ? t : "?");
	} else {
		snprintf(what, len, "SQLite integrity_check: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(s);
	return ok;
}

static void walk(sqlite3 *db, uint64_t from, const struct jverify_opts *o,
		 struct prune_range *pr, size_t npr, uint64_t total, struct jverify_result *r)
{
	sqlite3_stmt *s;
	uint8_t prev[JROW_HASH_MAX], *enc = NULL;
	size_t prev_len = 0, enc_cap = 0, pi = 0;
	uint64_t expect = from ? from : 1, done = 0;
	bool first = true;
	struct journal_hasher *hasher = journal_hasher_new(r->alg);

	if (hasher == NULL) {
		fail(r, JV_UNUSABLE, 0, "cannot hash with %s (OpenSSL)", journal_alg_name(r->alg));
		return;
	}
	if (sqlite3_prepare_v2(db,
			       "SELECT seq, wall_ms, mono_ms, console, operator, role, mode,"
			       " alarm_id, action, detail, outcome, pruned, prev_hash, hash"
			       " FROM journal WHERE seq >= ? ORDER BY seq",
			       -1, &s, NULL)) {
		fail(r, JV_UNUSABLE, 0, "not an alarmdesk journal: %s", sqlite3_errmsg(db));
		journal_hasher_free(hasher);
		return;
	}
	sqlite3_bind_int64(s, 1, (sqlite3_int64)(from ? from : 1));
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct jrow row = {0};
		const uint8_t *ph = sqlite3_column_blob(s, 12), *h = sqlite3_column_blob(s, 13);
		size_t phl = (size_t)sqlite3_column_bytes(s, 12), hl = (size_t)sqlite3_column_bytes(s, 13);
		bool pruned = sqlite3_column_int(s, 11) != 0;
		uint8_t calc[32];
		size_t n;

		row.seq = (uint64_t)sqlite3_column_int64(s, 0);
		row.wall_ms = sqlite3_column_int64(s, 1);
		row.mono_ms = sqlite3_column_int64(s, 2);
		row.console = (const char *)sqlite3_column_text(s, 3);
		row.operator_ = (const char *)sqlite3_column_text(s, 4);
		row.role = (const char *)sqlite3_column_text(s, 5);
		row.mode = (const char *)sqlite3_column_text(s, 6);
		row.alarm_id = (const char *)sqlite3_column_text(s, 7);
		row.action = (const char *)sqlite3_column_text(s, 8);
		row.detail = (const char *)sqlite3_column_text(s, 9);
		row.outcome = (const char *)sqlite3_column_text(s, 10);
		if (row.seq != expect) {
			char m[100];
			snprintf(m, sizeof m, "expected seq %llu here: rows missing or inserted",
				 (unsigned long long)expect);
			fail(r, JV_TAMPERED, row.seq, "%s", m);
			break;
		}
		if (hl != 32 || phl > JROW_HASH_MAX) {
			fail(r, JV_TAMPERED, row.seq, "%shash of the wrong length", "");
			break;
		}
		if (!first || from == 0) {
			if (phl != prev_len || (phl && memcmp(ph, prev, phl) != 0)) {
				fail(r, JV_TAMPERED, row.seq,
				     "%sprev_hash does not match the previous row's hash", "");
				break;
			}
		}
		if (pruned) {
			while (pi < npr && pr[pi].to < row.seq)
				pi++;
			if (pi == npr || row.seq < pr[pi].from) {
				fail(r, JV_TAMPERED, row.seq,
				     "%sblanked, but no prune record covers it", "");
				break;
			}
			journal__prune_digest_row(pr[pi].ctx, row.seq, row.wall_ms, row.alarm_id,
						  row.action, h);
			pr[pi].seen++;
			r->pruned++;
		} else {
			if (phl)
				memcpy(row.prev_hash, ph, phl);
			row.prev_len = phl;
			n = jrow_encoded_len(&row);
			if (n > enc_cap) {
				free(enc);
				enc_cap = n * 2;
				enc = malloc(enc_cap);
			}
			if (enc == NULL || jrow_encode(&row, enc, n) != n ||
			    journal_hasher_run(hasher, enc, n, calc) || memcmp(calc, h, 32) != 0) {
				fail(r, JV_TAMPERED, row.seq,
				     "%scontent does not match its hash (edited)", "");
				break;
			}
		}
		memcpy(prev, h, 32);
		prev_len = 32;
		first = false;
		expect++;
		r->rows++;
		r->head_seq = row.seq;
		memcpy(r->head_hash, h, 32);
		r->head_len = 32;
		if (o->progress && (++done & 0xffff) == 0)
			progress(done, total);
	}
	if (o->progress && total > 0)
		progress(done, total), fputc('\n', stderr);
	sqlite3_finalize(s);
	free(enc);
	journal_hasher_free(hasher);
}

void jverify_file(const char *path, const struct jverify_opts *o, struct jverify_result *r)
{
	struct prune_range *pr = NULL;
	size_t npr = 0;
	uint64_t aseq = 0, total = 0, from = 0;
	uint8_t ahash[JROW_HASH_MAX];
	size_t alen = 0;
	bool have_anchor;
	sqlite3 *db = NULL;
	sqlite3_stmt *s;

	memset(r, 0, sizeof *r);
	if (access(path, R_OK) != 0 ||
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fail(r, JV_UNUSABLE, 0, "cannot open '%s'", path);
		sqlite3_close(db);
		return;
	}
	if (get_alg(db, &r->alg)) {
		fail(r, JV_UNUSABLE, 0, "'%s' is not an alarmdesk journal", path);
		sqlite3_close(db);
		return;
	}
	if (o->integrity && !integrity_ok(db, r->what, sizeof r->what)) {
		r->status = JV_CORRUPT;
		sqlite3_close(db);
		return;
	}
	if (o->anchor) {
		char hex[80];
		unsigned long long sq;
		have_anchor = sscanf(o->anchor, "%llu:%70s", &sq, hex) == 2 &&
			      hex_decode(hex, ahash, 32) == 0;
		aseq = sq, alen = 32;
		if (!have_anchor) {
			fail(r, JV_UNUSABLE, 0, "%s: expected SEQ:HEX-HASH", o->anchor);
			sqlite3_close(db);
			return;
		}
	} else {
		have_anchor = journal_read_anchor(path, &aseq, ahash, &alen) == 0;
	}
	/* Counted only for the progress bar: a count reads the whole file, and
	 * a console opening its journal has no bar to show. */
	if (o->progress && sqlite3_prepare_v2(db, "SELECT count(*) FROM journal", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			total = (uint64_t)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	if (o->from_anchor && have_anchor && aseq > 0)
		from = aseq;
	if (from == 0)
		pr = load_prunes(db, r->alg, &npr, r);
	walk(db, from, o, pr, npr, total, r);
	for (size_t i = 0; i < npr; i++) {
		uint8_t d[32];
		unsigned int dl = 0;
		EVP_DigestFinal_ex(pr[i].ctx, d, &dl);
		EVP_MD_CTX_free(pr[i].ctx);
		if (r->status == JV_OK && (pr[i].seen != pr[i].count || memcmp(d, pr[i].digest, 32)))
			fail(r, JV_TAMPERED, pr[i].at_seq,
			     "%sthe rows it blanked do not match its record", "");
	}
	free(pr);
	if (r->status == JV_OK) {
		if (!have_anchor) {
			fail(r, JV_TRUNCATED, 0, "%sno anchor file: truncation cannot be ruled out", "");
		} else if (aseq > r->head_seq) {
			char m[160];
			snprintf(m, sizeof m, "the anchor names seq %llu but the journal ends at %llu: "
					      "rows were removed from the end",
				 (unsigned long long)aseq, (unsigned long long)r->head_seq);
			fail(r, JV_TRUNCATED, 0, "%s", m);
		} else if (aseq > 0) {
			/* The anchored row's hash must be the one anchored. */
			if (sqlite3_prepare_v2(db, "SELECT hash FROM journal WHERE seq = ?", -1, &s,
					       NULL) == SQLITE_OK) {
				sqlite3_bind_int64(s, 1, (sqlite3_int64)aseq);
				if (sqlite3_step(s) != SQLITE_ROW || sqlite3_column_bytes(s, 0) != 32 ||
				    memcmp(sqlite3_column_blob(s, 0), ahash, 32) != 0)
					fail(r, JV_TRUNCATED, aseq,
					     "%sdoes not match the anchor: the journal was rewritten "
					     "from here on",
					     "");
			}
			sqlite3_finalize(s);
		}
	}
	if (r->status == JV_OK)
		snprintf(r->what, sizeof r->what, "ok: %llu rows (%llu blanked by retention), head %llu, %s",
			 (unsigned long long)r->rows, (unsigned long long)r->pruned,
			 (unsigned long long)r->head_seq, journal_alg_name(r->alg));
	sqlite3_close(db);
}
