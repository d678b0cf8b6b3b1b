/* journal-int.h — private to the journal's files. */
#ifndef JOURNAL_INT_H
#define JOURNAL_INT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "journal.h"

/* Creates the journal at path when it is new (schema and meta, atomically),
 * opens it with its pragmas, reads its hash algorithm into *alg_out (alg
 * for a new one) and prepares the row insert. 0, or -1 with err set. */
int journal__db_open(const char *path, enum journal_alg alg, sqlite3 **db,
		     enum journal_alg *alg_out, sqlite3_stmt **ins, char *err, size_t errlen);

/* Actions that make an alarm an incident: its rows are never blanked. */
#define JOURNAL_INCIDENT_ACTIONS "'op.forward','flow.incident','review.real'"

/* Inside the writer's open transaction: blanks the bulky text of received-
 * message rows (action rx.*) older than cutoff_ms with seq < below, that are
 * not about an incident and lie after the last prune record; writes the
 * record's detail ("from=A to=B count=N digest=HEX") into detail. Returns the
 * number of rows blanked, or -1 on a database error. */
long journal__prune(sqlite3 *db, enum journal_alg alg, uint64_t below, int64_t cutoff_ms,
		    char *detail, size_t len);

/* The digest input of one blanked row (shared with the verifier). */
void journal__prune_digest_row(void *evp_ctx, uint64_t seq, int64_t wall_ms,
			       const char *alarm_id, const char *action, const uint8_t *hash);

#endif
