/* logcmd.c — command-line journal tools. verify walks the chain
 * (journal_verify.c); show prints a CJK-aligned table; export writes CSV or
 * JSON Lines with stable columns; report summarises a period (report.c). */
#include "logcmd.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../net/jsonrd.h"
#include "config.h"
#include "core/jrow.h"
#include "core/text.h"
#include "journal_verify.h"
#include "logreport.h"

static const char usage[] =
	"Usage: alarmdesk log verify [--journal FILE] [--anchor SEQ:HASH] [--quick]\n"
	"       alarmdesk log show   [--journal FILE] [FILTERS] [--limit N]\n"
	"       alarmdesk log export [--journal FILE] [FILTERS] [--format csv|jsonl]\n"
	"       alarmdesk log report [--journal FILE] [--since T] [--until T] [--format text|csv]\n"
	"\n"
	"FILTERS: --since T, --until T (T = 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM[:SS]', local\n"
	"time), --operator NAME, --alarm ID, --action PREFIX (e.g. op. or rx.alarm).\n"
	"The journal defaults to [console] journal of the config file.\n"
	"\n"
	"verify exit status: 0 intact; 1 a row was changed, removed, inserted or\n"
	"reordered (the first one is named); 2 cannot open / not a journal; 3 the\n"
	"SQLite file is corrupt; 4 rows are missing at the end (anchor) or the\n"
	"anchor file is gone. --quick skips SQLite's integrity_check.\n";

struct filter {
	int64_t since, until;
	const char *operator_, *alarm, *action;
	long limit;
};

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "alarmdesk log: %s%s (see alarmdesk log --help)\n", what, arg ? arg : "");
	return 2;
}

/* Local time text → ms since 1970, or -1. */
static int64_t parse_time(const char *s)
{
	static const char *const formats[] = {"%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
					      "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d"};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		struct tm tm = {0};
		const char *end = strptime(s, formats[i], &tm);
		if (end != NULL && *end == '\0') {
			tm.tm_isdst = -1;
			return (int64_t)mktime(&tm) * 1000;
		}
	}
	return -1;
}

static void fmt_time(int64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
}

static sqlite3 *open_ro(const char *path)
{
	sqlite3 *db = NULL;

	if (access(path, R_OK) != 0 ||
	    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "alarmdesk log: cannot open journal '%s'\n", path);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Rows matching f, in seq order. */
static sqlite3_stmt *select_rows(sqlite3 *db, const struct filter *f)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(db,
			       "SELECT seq, wall_ms, mono_ms, console, operator, role, mode, alarm_id,"
			       " action, detail, outcome, pruned, prev_hash, hash FROM journal"
			       " WHERE wall_ms >= ?1 AND wall_ms < ?2"
			       " AND (?3 IS NULL OR operator = ?3) AND (?4 IS NULL OR alarm_id = ?4)"
			       " AND (?5 IS NULL OR substr(action, 1, length(?5)) = ?5)"
			       " ORDER BY seq LIMIT ?6",
			       -1, &s, NULL)) {
		fprintf(stderr, "alarmdesk log: not an alarmdesk journal: %s\n", sqlite3_errmsg(db));
		return NULL;
	}
	sqlite3_bind_int64(s, 1, f->since);
	sqlite3_bind_int64(s, 2, f->until);
	f->operator_ ? sqlite3_bind_text(s, 3, f->operator_, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 3);
	f->alarm ? sqlite3_bind_text(s, 4, f->alarm, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 4);
	f->action ? sqlite3_bind_text(s, 5, f->action, -1, SQLITE_STATIC) : sqlite3_bind_null(s, 5);
	sqlite3_bind_int64(s, 6, f->limit > 0 ? f->limit : -1);
	return s;
}

static const char *col(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	return t ? t : "";
}

/* Text from the file is sanitised before it reaches the terminal. */
static void clean(const char *in, char *out, size_t len)
{
	snprintf(out, len, "%s", in);
	out[text_sanitize(out, strlen(out))] = '\0';
}

static int cmd_show(sqlite3 *db, const struct filter *f)
{
	struct winsize ws;
	int width = isatty(1) && ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 80 ? ws.ws_col : 160;
	int w_detail = width - (8 + 20 + 13 + 14 + 16 + 22 + 6);
	sqlite3_stmt *s = select_rows(db, f);
	char cell[2048], buf[2048], when[32];
	long n = 0;

	if (s == NULL)
		return 2;
	if (w_detail < 10)
		w_detail = 10;
	printf("%-8s %-19s %-12s %-13s %-15s %-21s %s\n", "seq", "time", "operator", "action",
	       "alarm", "outcome", "detail");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *fields[5] = {col(s, 4), col(s, 8), col(s, 7), col(s, 10), col(s, 9)};
		const int widths[5] = {12, 13, 15, 21, w_detail};
		fmt_time(sqlite3_column_int64(s, 1), when, sizeof when);
		printf("%-8lld %-19s", (long long)sqlite3_column_int64(s, 0), when);
		for (int i = 0; i < 5; i++) {
			clean(i == 4 && sqlite3_column_int(s, 11) ? "(blanked by retention)" : fields[i],
			      buf, sizeof buf);
			text_fit(cell, sizeof cell, buf, widths[i], true);
			printf(" %s", cell);
		}
		putchar('\n');
		n++;
	}
	sqlite3_finalize(s);
	fprintf(stderr, "%ld rows\n", n);
	return 0;
}

static void csv_field(const char *s, FILE *out)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static const char *const columns[] = {"seq",  "wall_ms", "time",   "mono_ms",  "console",
				      "operator", "role", "mode", "alarm_id", "action",
				      "detail", "outcome", "pruned", "prev_hash", "hash"};

static int cmd_export(sqlite3 *db, const struct filter *f, const char *format)
{
	sqlite3_stmt *s = select_rows(db, f);
	bool csv = strcmp(format, "csv") == 0;
	char when[32], ph[2 * JROW_HASH_MAX + 1], h[2 * JROW_HASH_MAX + 1];

	if (s == NULL)
		return 2;
	if (csv) {
		for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
			printf("%s%s", i ? "," : "", columns[i]);
		printf("\r\n");
	}
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *vals[15];
		char seq[24], wall[24], mono[24], pruned[4];
		int phl = sqlite3_column_bytes(s, 12), hl = sqlite3_column_bytes(s, 13);
		snprintf(seq, sizeof seq, "%lld", (long long)sqlite3_column_int64(s, 0));
		snprintf(wall, sizeof wall, "%lld", (long long)sqlite3_column_int64(s, 1));
		snprintf(mono, sizeof mono, "%lld", (long long)sqlite3_column_int64(s, 2));
		snprintf(pruned, sizeof pruned, "%d", sqlite3_column_int(s, 11));
		fmt_time(sqlite3_column_int64(s, 1), when, sizeof when);
		jrow_hex(sqlite3_column_blob(s, 12), phl > 32 ? 32 : (size_t)phl, ph);
		jrow_hex(sqlite3_column_blob(s, 13), hl > 32 ? 32 : (size_t)hl, h);
		vals[0] = seq, vals[1] = wall, vals[2] = when, vals[3] = mono;
		for (int i = 3; i <= 10; i++)
			vals[i + 1] = col(s, i);
		vals[12] = pruned, vals[13] = ph, vals[14] = h;
		if (csv) {
			for (int i = 0; i < 15; i++) {
				if (i)
					putchar(',');
				csv_field(vals[i], stdout);
			}
			printf("\r\n");
		} else {
			cJSON *o = cJSON_CreateObject();
			char *line;
			for (int i = 0; i < 15; i++) {
				if (i == 0 || i == 1 || i == 3 || i == 12)
					jr_add_int(o, columns[i], strtoll(vals[i], NULL, 10));
				else
					cJSON_AddStringToObject(o, columns[i], vals[i]);
			}
			line = cJSON_PrintUnformatted(o);
			puts(line ? line : "{}");
			free(line);
			cJSON_Delete(o);
		}
	}
	sqlite3_finalize(s);
	return 0;
}

static int cmd_verify(const char *path, const char *anchor, bool quick)
{
	struct jverify_opts o = {.integrity = !quick, .progress = isatty(2), .anchor = anchor};
	struct jverify_result r;

	jverify_file(path, &o, &r);
	if (r.status == JV_OK)
		printf("%s: %s\n", path, r.what);
	else
		fprintf(stderr, "%s: %s\n", path, r.what);
	return (int)r.status;
}

int logcmd_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"journal", 1, NULL, 'j'}, {"since", 1, NULL, 's'},    {"until", 1, NULL, 'u'},
		{"operator", 1, NULL, 'o'}, {"alarm", 1, NULL, 'a'},   {"action", 1, NULL, 'A'},
		{"limit", 1, NULL, 'n'},   {"format", 1, NULL, 'f'},   {"anchor", 1, NULL, 'k'},
		{"quick", 0, NULL, 'q'},   {"config", 1, NULL, 'c'},   {"help", 0, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct filter f = {.since = 0, .until = INT64_MAX};
	const char *journal = NULL, *format = NULL, *anchor = NULL, *config = NULL, *cmd;
	bool quick = false;
	struct config cfg;
	char path[4096], err[600];
	sqlite3 *db;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': journal = optarg; break;
		case 's':
		case 'u':
			if (parse_time(optarg) < 0)
				return bad_usage("expected YYYY-MM-DD[ HH:MM[:SS]], not ", optarg);
			*(c == 's' ? &f.since : &f.until) = parse_time(optarg);
			break;
		case 'o': f.operator_ = optarg; break;
		case 'a': f.alarm = optarg; break;
		case 'A': f.action = optarg; break;
		case 'n': f.limit = strtol(optarg, NULL, 10); break;
		case 'f': format = optarg; break;
		case 'k': anchor = optarg; break;
		case 'q': quick = true; break;
		case 'c': config = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return bad_usage("unknown option or missing value: ", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad_usage("unexpected argument: ", argv[optind]);
	if (journal == NULL) {
		config_defaults(&cfg);
		if (config == NULL)
			config_default_path(path, sizeof path);
		if (config_load(&cfg, config ? config : path, config == NULL, err, sizeof err)) {
			fprintf(stderr, "alarmdesk log: %s\n", err);
			return 2;
		}
		snprintf(path, sizeof path, "%s", cfg.journal);
		journal = path;
	}
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(journal, anchor, quick);
	if (strcmp(cmd, "show") && strcmp(cmd, "export") && strcmp(cmd, "report"))
		return bad_usage("unknown command: ", cmd);
	if (format && strcmp(cmd, "export") == 0 && strcmp(format, "csv") && strcmp(format, "jsonl"))
		return bad_usage("--format: expected csv or jsonl, not ", format);
	if (format && strcmp(cmd, "report") == 0 && strcmp(format, "text") && strcmp(format, "csv"))
		return bad_usage("--format: expected text or csv, not ", format);
	db = open_ro(journal);
	if (db == NULL)
		return 2;
	if (strcmp(cmd, "show") == 0)
		rc = cmd_show(db, &f);
	else if (strcmp(cmd, "export") == 0)
		rc = cmd_export(db, &f, format ? format : "csv");
	else
		rc = logreport_run(db, f.since, f.until, format && strcmp(format, "csv") == 0, stdout);
	sqlite3_close(db);
	return rc;
}
