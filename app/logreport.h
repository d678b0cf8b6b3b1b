/* logreport.h — `alarmdesk log report`: what a shift or a date range looked
 * like from this console's journal. */
#ifndef LOGREPORT_H
#define LOGREPORT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The claim limit the report measures against until the workflow clocks
 * (review ≤ 60 s) replace it. */
#define LOGREPORT_CLAIM_LIMIT_MS 60000

/* Reports on rows with since ≤ wall_ms < until; CSV when csv is set. */
int logreport_run(sqlite3 *db, int64_t since, int64_t until, bool csv, FILE *out);

#endif
