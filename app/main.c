/* main.c — alarmdesk: command line, start-up and the shut-down order
 * (UI → links → demo center → signals), all on one libuv loop. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../ui/ui.h"
#include "app.h"
#include "batch.h"
#include "config.h"
#include "demo.h"
#include "drill_run.h"
#include "i18n.h"
#include "logcmd.h"
#include "mapcmd.h"
#include "replay.h"

#define VERSION "0.1.0"

static const char usage[] =
	"Usage: alarmdesk [OPTION]...\n"
	"       alarmdesk log verify|show|export|report [OPTION]...   (alarmdesk log --help)\n"
	"       alarmdesk map check|render|render-overview|import-geojson … (alarmdesk map --help)\n"
	"       alarmdesk train SCENARIO [--report FILE] [OPTION]...   a drill on a private center\n"
	"       alarmdesk replay FILE [--speed N] [OPTION]...   a center recording or a journal\n"
	"The duty operator's console of an alarm receiving center (报警运营服务中心).\n"
	"\n"
	"  -c, --config FILE      config file (default $XDG_CONFIG_HOME/alarmdesk/alarmdesk.conf,\n"
	"                         else " AD_SYSCONFDIR "/alarmdesk.conf)\n"
	"      --center URL[,URL] connect to this center (ws:// or wss://HOST:PORT);\n"
	"                         several URLs are links to the same center, used\n"
	"                         together; repeat the option for other centers; it\n"
	"                         replaces the [center] sections of the config\n"
	"  -o, --operator NAME    operator name (default: config, then $USER)\n"
	"      --console-id ID    this console's id (default: config, then the host name)\n"
	"      --role ROLE        operator | supervisor | trainee (default operator)\n"
	"      --journal FILE     the journal of this console's actions (default\n"
	"                         $XDG_DATA_HOME/alarmdesk/journal.db; demo-journal.db\n"
	"                         beside it with --demo)\n"
	"      --password-file F  read the password from the first line of F; else\n"
	"                         $ALARMDESK_PASSWORD; else it is asked for\n"
	"      --lang LANG        zh | en | auto (default: from the locale)\n"
	"      --demo             start an embedded demo center with demo data and\n"
	"                         connect to it (what 'make demo' runs)\n"
	"      --datadir DIR      demo data (default " AD_DATADIR ", or ./data)\n"
	"      --localedir DIR    message catalogs (default " AD_LOCALEDIR ")\n"
	"      --batch            no screen: events as JSON lines on stdout, commands on\n"
	"                         stdin: ACTION ID [ARG] (claim, close, note ...), test SITE\n"
	"                         DURATION [REASON], list, stats, handover, quit\n"
	"      --no-flash         never flash rows (steady highlighting instead)\n"
	"      --ca FILE          trust only this CA (PEM) for wss:// centers\n"
	"      --insecure         wss:// WITHOUT certificate or host name checks:\n"
	"                         development only; the status bar says INSECURE\n"
	"      --no-audio         no sound: the terminal bell and the screen alert alone\n"
	"      --audio-out FILE   write the alert sounds to FILE (WAV, on the session's\n"
	"                         time line) instead of the audio device\n"
	"      --report FILE      train: where the score report goes (default\n"
	"                         $XDG_DATA_HOME/alarmdesk/drills/SCENARIO-TIME.txt)\n"
	"      --speed N          replay: 1 to 60 times real time (default 1)\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n"
	"\n"
	"Keys: arrows/j/k select, Enter the next step, c claim, v a i p review,\n"
	"y n u result, f forward checklist, h hold, r release, x close, s silence,\n"
	"N note, P police confirmed, R O F H pages, ? help, q quit.\n"
	"Replay: space pause, + - speed, . step, < > a minute, { } ten minutes.\n"
	"Training: S scores the drill now (also when its last alarm is closed).\n"
	"Exit status: 0 ok, 1 runtime failure, 2 usage, configuration or login error.\n";

struct main_ctx {
	uv_loop_t loop;
	struct app app;
	struct config cfg;
	struct demo *demo;
	struct ui *ui; /* the curses front end, NULL in batch mode */
	bool batch, flash, app_ready, stopping;
	const char *replay_path, *train_path, *report;
	double speed;
	const char *localedir;
	uv_signal_t sigint, sigterm, sighup;
	int exit_code;
	char fatal[600];
	char password[256];
};

static struct main_ctx M;

static int fail_usage(const char *what, const char *arg)
{
	fprintf(stderr, "alarmdesk: %s%s (see alarmdesk --help)\n", what, arg ? arg : "");
	return 2;
}

static void closed_signals(void *unused)
{
	uv_close((uv_handle_t *)&M.sigint, NULL);
	uv_close((uv_handle_t *)&M.sigterm, NULL);
	uv_close((uv_handle_t *)&M.sighup, NULL);
}

static void app_gone_cb(void *unused)
{
	replay_close(M.app.replay);
	M.app.replay = NULL;
	drill_run_free(M.app.drill);
	M.app.drill = NULL;
	demo_stop(M.demo, closed_signals, NULL);
	M.demo = NULL;
}

static void shutdown_all(void)
{
	if (M.stopping)
		return;
	M.stopping = true;
	if (M.batch)
		batch_stop();
	else
		ui_stop(M.ui);
	M.ui = NULL;
	/* A drill is scored at the end of the run, whatever state it is in. */
	if (M.app_ready && M.app.drill && !M.app.drill_scored)
		app_drill_score(&M.app);
	if (M.app_ready)
		app_stop(&M.app, app_gone_cb, NULL);
	else
		app_gone_cb(NULL);
}

static void quit_cb(struct app *a)
{
	shutdown_all();
}

static void signal_cb(uv_signal_t *h, int signum)
{
	shutdown_all();
}

static void start_app(void)
{
	char err[400];
	enum app_mode mode = M.replay_path ? APP_MODE_REPLAY
			     : M.train_path ? APP_MODE_TRAINING
			     : M.demo != NULL ? APP_MODE_DEMO
					      : APP_MODE_LIVE;

	/* The UI names itself its events' context once it is up. */
	if (app_init(&M.app, &M.loop, &M.cfg, mode, M.password,
		     M.batch ? &batch_frontend : &ui_frontend, M.batch ? &M.app : NULL)) {
		snprintf(M.fatal, sizeof M.fatal, "%s", M.app.err);
		M.exit_code = 2;
		M.app_ready = M.app.net != NULL; /* its links and lws need closing */
		shutdown_all();
		return;
	}
	M.app_ready = true;
	if (M.replay_path && app_open_replay(&M.app, M.replay_path, M.speed, err, sizeof err)) {
		snprintf(M.fatal, sizeof M.fatal, "replay: %s", err);
		M.exit_code = 2;
		shutdown_all();
		return;
	}
	if (M.train_path &&
	    (M.app.drill = drill_run_load(M.train_path, err, sizeof err)) == NULL) {
		snprintf(M.fatal, sizeof M.fatal, "train: %s", err);
		M.exit_code = 2;
		shutdown_all();
		return;
	}
	if (M.train_path)
		snprintf(M.app.drill_report, sizeof M.app.drill_report, "%s", M.report);
	if (M.batch ? batch_start(&M.app, quit_cb) != 0
		    : (M.ui = ui_start(&M.app, M.flash, quit_cb, err, sizeof err)) == NULL) {
		snprintf(M.fatal, sizeof M.fatal, "%s", M.batch ? "cannot read stdin" : err);
		M.exit_code = 2;
		shutdown_all();
		return;
	}
	app_start(&M.app);
	if (M.app.replay)
		replay_start(M.app.replay);
}

static void demo_ready_cb(void *ctx, const char *url, const char *why)
{
	if (url == NULL) {
		snprintf(M.fatal, sizeof M.fatal, "%s", why);
		M.exit_code = 1;
		shutdown_all();
		return;
	}
	M.cfg.ncenters = 1;
	snprintf(M.cfg.centers[0].name, sizeof M.cfg.centers[0].name, "demo");
	snprintf(M.cfg.centers[0].urls[0], sizeof M.cfg.centers[0].urls[0], "%s", url);
	M.cfg.centers[0].nurls = 1;
	start_app();
}

/* The default report of a drill: $XDG_DATA_HOME/alarmdesk/drills/
 * NAME-YYYYMMDD-HHMMSS.txt (the directory is made). True when report is set. */
static bool train_report_path(const char *scenario, char *report, size_t len)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	const char *base = strrchr(scenario, '/') ? strrchr(scenario, '/') + 1 : scenario;
	char dir[3000], stamp[32];
	time_t now = time(NULL);

	if (M.report)
		return false;
	if (xdg && xdg[0])
		snprintf(dir, sizeof dir, "%s/alarmdesk", xdg);
	else
		snprintf(dir, sizeof dir, "%s/.local/share/alarmdesk", home ? home : ".");
	mkdir(dir, 0700);
	snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/drills");
	mkdir(dir, 0700);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(report, len, "%s/%.*s-%s.txt", dir, (int)strcspn(base, "."), base, stamp);
	return true;
}

static int read_password(const char *file, char *buf, size_t len)
{
	const char *env = getenv("ALARMDESK_PASSWORD");
	struct termios t, quiet;
	FILE *f;

	if (file && file[0]) {
		f = fopen(file, "r");
		if (f == NULL) {
			fprintf(stderr, "alarmdesk: cannot read password file '%s': %s\n", file,
				strerror(errno));
			return -1;
		}
		if (fgets(buf, (int)len, f) == NULL)
			buf[0] = '\0';
		fclose(f);
	} else if (env) {
		snprintf(buf, len, "%s", env);
	} else if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "%s", _("Password: "));
		tcgetattr(STDIN_FILENO, &t);
		quiet = t;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		if (fgets(buf, (int)len, stdin) == NULL)
			buf[0] = '\0';
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
		fputc('\n', stderr);
	} else {
		buf[0] = '\0';
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", 1, NULL, 'c'},      {"center", 1, NULL, 1},
		{"operator", 1, NULL, 'o'},    {"console-id", 1, NULL, 2},
		{"role", 1, NULL, 3},          {"password-file", 1, NULL, 4},
		{"lang", 1, NULL, 5},          {"demo", 0, NULL, 6},
		{"datadir", 1, NULL, 7},       {"localedir", 1, NULL, 8},
		{"batch", 0, NULL, 9},         {"no-flash", 0, NULL, 10},
		{"journal", 1, NULL, 11},      {"no-audio", 0, NULL, 12},
		{"audio-out", 1, NULL, 13},    {"ca", 1, NULL, 14},
		{"insecure", 0, NULL, 15},     {"speed", 1, NULL, 16},
		{"report", 1, NULL, 17},
		{"help", 0, NULL, 'h'},        {"version", 0, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *config_path = NULL, *operator_ = NULL, *console_id = NULL, *role = NULL,
		   *pwfile = NULL, *lang = NULL, *datadir = NULL, *journal = NULL,
		   *audio_out = NULL, *ca = NULL;
	bool no_audio = false, insecure = false;
	const char *centers[CONFIG_MAX_CENTERS];
	int ncenters = 0, c;
	bool demo = false;
	char path[4096], err[600], report[4096];

	if (argc > 1 && strcmp(argv[1], "log") == 0)
		return logcmd_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "map") == 0)
		return mapcmd_main(argc - 1, argv + 1);
	opterr = 0; /* one line of our own instead of getopt's two */
	setlocale(LC_ALL, "");
	if (MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");
	M.flash = true;
	while ((c = getopt_long(argc, argv, "c:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': config_path = optarg; break;
		case 1:
			if (ncenters == CONFIG_MAX_CENTERS)
				return fail_usage("too many --center options", NULL);
			centers[ncenters++] = optarg;
			break;
		case 'o': operator_ = optarg; break;
		case 2: console_id = optarg; break;
		case 3: role = optarg; break;
		case 4: pwfile = optarg; break;
		case 5: lang = optarg; break;
		case 6: demo = true; break;
		case 7: datadir = optarg; break;
		case 8: M.localedir = optarg; break;
		case 9: M.batch = true; break;
		case 10: M.flash = false; break;
		case 11: journal = optarg; break;
		case 12: no_audio = true; break;
		case 13: audio_out = optarg; break;
		case 14: ca = optarg; break;
		case 15: insecure = true; break;
		case 16: M.speed = atof(optarg); break;
		case 17: M.report = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': puts("alarmdesk " VERSION " (protocol " PROTO_SUBPROTOCOL ")"); return 0;
		default:
			return fail_usage("unknown option or missing value: ", argv[optind - 1]);
		}
	}
	/* train SCENARIO and replay FILE: getopt has moved them to the end. */
	if (optind + 1 < argc && strcmp(argv[optind], "replay") == 0) {
		M.replay_path = argv[optind + 1];
		optind += 2;
	} else if (optind + 1 < argc && strcmp(argv[optind], "train") == 0) {
		M.train_path = argv[optind + 1];
		optind += 2;
	}
	if (optind < argc)
		return fail_usage("unexpected argument: ", argv[optind]);
	if (M.speed != 0 && (M.replay_path == NULL || M.speed < 1 || M.speed > 60))
		return fail_usage("--speed: 1 to 60, with replay only", NULL);
	if ((M.train_path || M.replay_path) && (ncenters || demo))
		return fail_usage("train and replay use no center of yours: drop --center and --demo",
				  NULL);
	if (lang && strcmp(lang, "zh") && strcmp(lang, "en") && strcmp(lang, "auto"))
		return fail_usage("--lang: expected zh, en or auto, not ", lang);
	if (role && strcmp(role, "operator") && strcmp(role, "supervisor") && strcmp(role, "trainee"))
		return fail_usage("--role: expected operator, supervisor or trainee, not ", role);

	config_defaults(&M.cfg);
	if (config_path == NULL)
		config_default_path(path, sizeof path);
	if (config_load(&M.cfg, config_path ? config_path : path, config_path == NULL, err,
			sizeof err)) {
		fprintf(stderr, "alarmdesk: %s\n", err);
		return 2;
	}
	if (ncenters) {
		M.cfg.ncenters = ncenters;
		for (int i = 0; i < ncenters; i++) {
			snprintf(M.cfg.centers[i].name, sizeof M.cfg.centers[i].name, "center%d", i + 1);
			M.cfg.centers[i].nurls = 0;
			if (config_add_urls(&M.cfg.centers[i], centers[i], err, sizeof err))
				return fail_usage("--center: ", err);
		}
	}
	if (operator_)
		snprintf(M.cfg.operator_, sizeof M.cfg.operator_, "%s", operator_);
	if (console_id)
		snprintf(M.cfg.console_id, sizeof M.cfg.console_id, "%s", console_id);
	if (role)
		snprintf(M.cfg.role, sizeof M.cfg.role, "%s", role);
	if (lang)
		snprintf(M.cfg.lang, sizeof M.cfg.lang, "%s", lang);
	if (journal)
		snprintf(M.cfg.journal, sizeof M.cfg.journal, "%s", journal);
	if (no_audio)
		M.cfg.audio = false;
	if (ca)
		snprintf(M.cfg.ca_file, sizeof M.cfg.ca_file, "%s", ca);
	if (insecure) {
		M.cfg.insecure = true;
		fprintf(stderr, "alarmdesk: WARNING: --insecure: TLS certificates and host names are NOT "
				"verified. For development only.\n");
	}
	if (audio_out)
		snprintf(M.cfg.audio_out, sizeof M.cfg.audio_out, "%s", audio_out);
	if (pwfile)
		snprintf(M.cfg.password_file, sizeof M.cfg.password_file, "%s", pwfile);
	if (M.replay_path) {
		/* The frames come from the file (the mode is silent and unjournaled). */
		M.cfg.ncenters = 1;
		snprintf(M.cfg.centers[0].name, sizeof M.cfg.centers[0].name, "replay");
		M.cfg.centers[0].nurls = 0;
	}
	if (M.train_path)
		demo = true; /* the private center on loopback */
	i18n_init(M.cfg.lang, M.localedir);
	if (!M.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return fail_usage("the console needs a terminal (use --batch for scripts)", NULL);

	signal(SIGPIPE, SIG_IGN);
	/* A file size limit makes the journal fail with an error it reports,
	 * not kill the console. */
	signal(SIGXFSZ, SIG_IGN);
	uv_loop_init(&M.loop);
	uv_signal_init(&M.loop, &M.sigint);
	uv_signal_init(&M.loop, &M.sigterm);
	uv_signal_init(&M.loop, &M.sighup);
	uv_signal_start(&M.sigint, signal_cb, SIGINT);
	uv_signal_start(&M.sigterm, signal_cb, SIGTERM);
	uv_signal_start(&M.sighup, signal_cb, SIGHUP);
	if (demo) {
		if (datadir == NULL)
			datadir = access("data/demo/customers.json", R_OK) == 0 ? "data" : AD_DATADIR;
		if (M.train_path == NULL) {
			snprintf(M.cfg.operator_, sizeof M.cfg.operator_, "demo");
			/* The demo center's number, for the forward checklist. */
			if (!M.cfg.callback_phone[0])
				snprintf(M.cfg.callback_phone, sizeof M.cfg.callback_phone,
					 "0555-1234567");
			/* The demo's journal beside the operator's, never in it. */
			if (journal == NULL) {
				char *slash = strrchr(M.cfg.journal, '/');
				size_t dir = slash ? (size_t)(slash - M.cfg.journal + 1) : 0;
				if (dir + sizeof "demo-journal.db" <= sizeof M.cfg.journal)
					memcpy(M.cfg.journal + dir, "demo-journal.db",
					       sizeof "demo-journal.db");
			}
		} else if (train_report_path(M.train_path, report, sizeof report))
			M.report = report;
		demo_password(M.password, sizeof M.password);
		M.demo = demo_start(&M.loop, datadir, M.train_path, M.cfg.operator_, M.password,
				    &M.cfg.video_rules, demo_ready_cb, NULL, err, sizeof err);
		if (M.demo == NULL) {
			fprintf(stderr, "alarmdesk: %s\n", err);
			closed_signals(NULL);
			uv_run(&M.loop, UV_RUN_DEFAULT);
			uv_loop_close(&M.loop);
			return 1;
		}
	} else if (M.replay_path) {
		start_app();
	} else {
		if (read_password(M.cfg.password_file, M.password, sizeof M.password))
			return 2;
		start_app();
	}
	uv_run(&M.loop, UV_RUN_DEFAULT);
	if (M.app_ready)
		app_release(&M.app);
	if (uv_loop_close(&M.loop) != 0 && M.exit_code == 0)
		M.exit_code = 1;
	if (M.fatal[0])
		fprintf(stderr, "alarmdesk: %s\n", M.fatal);
	return M.exit_code;
}
