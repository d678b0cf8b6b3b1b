/* main.c — alarmdesk-center: command line, signals and start-up/shut-down
 * order. Serving is in server.c; accounts in accounts.c. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "center.h"
#include "panel_sim.h"
#include "every.h"
#include "flood.h"
#include "usage.h"
#include "orders.h"
#include "panel_watch.h"
#include "../app/core/ad.h"
#include "../common/file.h"
#include "gb_platform_sim.h"
#include "gb_server.h"
#include "camera_sim.h"
#include "gb_sim.h"
#include "cluster.h"
#include "images.h"
#include "user_cmd.h"
#include "receiver.h"
#include "server.h"
#include "source.h"

#define VERSION "0.1.0"

struct opts {
	struct center_config cfg;
	const char *scenario, *demo_account, *role;
	const char *dc09[8]; /* --dc09-listen */
	const char *camera;  /* --test-camera */
	struct images_config images;
	const char *nats, *node; /* --nats URLS, --node NAME */
	bool follow;             /* --nats-follow */
	int ndc09;
	const char *sip;     /* --sip-listen */
	uint32_t loop_ms, seed;
	double rate, flood_rate;
	bool faults_only;
	uint64_t count, fill;
};

static struct center the_center;
static struct scenario *the_scenario;
static struct receiver *the_receivers[8];
static struct panel_watch *the_watch;
static struct every *the_tests; /* sites on test, checked every second */
static struct cam *the_camera;  /* --test-camera */
static struct generator *the_generator;
static uv_signal_t sig_int, sig_term, sig_hup, sig_usr1;
static struct opts *the_opts;
static char **the_argv; /* a standby that takes over starts again with them */

static int die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "alarmdesk-center: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see alarmdesk-center --help)\n");
	return 2;
}

static const char *default_path(const char *env, const char *fallback, const char *leaf,
				char *buf, size_t len)
{
	const char *base = getenv(env), *home = getenv("HOME");

	if (base && base[0])
		snprintf(buf, len, "%s/alarmdesk/%s", base, leaf);
	else
		snprintf(buf, len, "%s/%s/alarmdesk/%s", home ? home : ".", fallback, leaf);
	return buf;
}

static int parse_num(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static struct store *open_store(const struct opts *o)
{
	char err[512];
	struct store *st;

	if (access(o->cfg.db, F_OK) != 0) {
		fprintf(stderr, "alarmdesk-center: no state file '%s': %s (--state FILE)\n", o->cfg.db,
			strerror(errno));
		return NULL;
	}
	st = store_open(o->cfg.db, err, sizeof err);

	if (st == NULL)
		fprintf(stderr, "alarmdesk-center: %s\n", err);
	return st;
}

static void print_anchor(void *ctx, const char *console, const char *anchor, int64_t at_ms)
{
	time_t t = (time_t)(at_ms / 1000);
	char when[32];
	struct tm tm;

	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime_r(&t, &tm));
	printf("%-24s %s  %s\n", console, anchor, when);
}

static int cmd_anchors(int argc, char **argv, struct opts *o)
{
	struct store *st;
	int rc;

	if (argc > 1)
		return die_usage("%s", "anchors: expected at most one console id");
	if ((st = open_store(o)) == NULL)
		return 2;
	rc = store_anchor_each(st, argc ? argv[0] : NULL, print_anchor, NULL);
	store_close(st);
	return rc ? 1 : 0;
}

static int print_frame(void *ctx, uint64_t seq, int64_t at_ms, const char *frame)
{
	return printf("{\"at\":%lld,\"frame\":%s}\n", (long long)at_ms, frame) < 0;
}

/* The stream as it was sent, one {"at": ms, "frame": …} per line: what
 * `alarmdesk replay` plays. */
static int cmd_record(int argc, char **argv, struct opts *o)
{
	char *end = NULL;
	unsigned long long from = argc ? strtoull(argv[0], &end, 10) : 1;
	struct store *st;
	int rc;

	if (argc > 1 || (end && *end))
		return die_usage("%s", "record: expected at most one seq to start from");
	if ((st = open_store(o)) == NULL)
		return 2;
	rc = store_stream_each(st, from, print_frame, NULL);
	if (rc)
		fprintf(stderr, "alarmdesk-center: %s\n", store_error(st));
	store_close(st);
	return rc || fflush(stdout) ? 1 : 0;
}

static void print_open(void *ctx, const char *frame)
{
	struct proto_msg m;
	char err[256];

	if (proto_decode(frame, strlen(frame), &m, err, sizeof err) || m.type != PROTO_ALARM) {
		fprintf(stderr, "alarmdesk-center: a stored alarm does not decode: %s\n", err);
		*(int *)ctx = 1;
		return;
	}
	printf("%s\tP%d\t%s\t%s\n", m.alarm.id, m.alarm.priority, alarm_state_name(m.alarm.state),
	       m.alarm.cust_name);
	proto_msg_release(&m);
}

/* The open alarms as the store holds them (a running center's too: the
 * store is read in its own transaction). */
static int cmd_open(int argc, char **argv, struct opts *o)
{
	struct store *st;
	int rc, bad = 0;

	if (argc > 0)
		return die_usage("%s", "open: no arguments expected");
	if ((st = open_store(o)) == NULL)
		return 2;
	rc = store_alarm_each(st, print_open, &bad);
	if (rc)
		fprintf(stderr, "alarmdesk-center: %s\n", store_error(st));
	store_close(st);
	return rc || bad || fflush(stdout) ? 1 : 0;
}

static void stopped_cb(struct center *c)
{
	flood_close(c);
	uv_close((uv_handle_t *)&sig_int, NULL);
	uv_close((uv_handle_t *)&sig_term, NULL);
	uv_close((uv_handle_t *)&sig_hup, NULL);
	uv_close((uv_handle_t *)&sig_usr1, NULL);
}

/* SIGHUP: the accounts and the data set again (systemctl reload). */
static void hup_cb(uv_signal_t *h, int signum)
{
	char msg[600];

	if (center_reload(&the_center, msg, sizeof msg))
		center_log("reload refused, going on with what was loaded: %s", msg);
	else
		center_log("reloaded: %s", msg);
}

static void signal_cb(uv_signal_t *h, int signum)
{
	center_log("signal %d: stopping", signum);
	the_center.ready_cb = NULL; /* sources held by --start-after never start */
	uv_signal_stop(&sig_int);
	uv_signal_stop(&sig_term);
	uv_signal_stop(&sig_hup);
	uv_signal_stop(&sig_usr1);
	if (the_scenario)
		scenario_stop(the_scenario);
	if (the_generator)
		generator_stop(the_generator);
	the_generator = NULL;
	for (int i = 0; i < 8; i++) {
		receiver_stop(the_receivers[i]);
		the_receivers[i] = NULL;
	}
	gb_server_stop(the_center.sip);
	the_center.sip = NULL;
	panel_watch_stop(the_watch);
	the_watch = NULL;
	every_stop(the_tests);
	the_tests = NULL;
	camera_stop(the_camera);
	the_camera = NULL;
	images_stop(the_center.images);
	the_center.images = NULL;
	cluster_stop(the_center.cluster);
	the_center.cluster = NULL;
	if (the_center.in_cluster) { /* out of the cluster: nothing more of its own */
		the_center.follower = true;
		the_center.replicate = NULL; /* a batch still open is sent at the next start */
	}
	center_server_stop(&the_center, stopped_cb);
}

/* A new alarm: the work orders see faults, the storm detector counts it. */
static void on_alarm(struct center *c, const struct alarm *a)
{
	orders_fault(c, a);
	flood_alarm(c, a);
	images_take(c->images, a->id, NULL);
	if (c->sip && a->rules->auto_forward)
		gb_upper_auto(c->sip, a);
}

/* A standby node took the cluster's lease: it starts again, as the leader,
 * from its file (at the stream's head: every frame applied), with its
 * sources; or a leader handed it over: it starts again as a standby. Its
 * consoles reconnect; nothing is open but the committed file. */
static void take_over(struct center *c)
{
	fflush(stdout);
	fflush(stderr);
	close_range(3, ~0U, 0);
	execv("/proc/self/exe", the_argv);
	center_log("cluster: cannot start again as the leader (%s): exiting", strerror(errno));
	_exit(75);
}

/* SIGUSR1: the switch-over drill (GA 1383: at least every 30 days). The
 * leader hands the lease to a standby and starts again (docs/cluster.md). */
static void usr1_cb(uv_signal_t *h, int signum)
{
	char msg[300];

	if (cluster_hand_over(the_center.cluster, msg, sizeof msg)) {
		center_log("SIGUSR1: %s", msg);
		return;
	}
	center_log("cluster: %s", msg);
	take_over(&the_center);
}

/* The sources of alarms: at once, or when --start-after consoles synced. */
static void start_sources(struct center *c)
{
	struct opts *o = the_opts;

	if (the_scenario)
		scenario_start(the_scenario, c, o->loop_ms);
	if (o->rate > 0)
		the_generator = generator_start(c, o->rate, o->count, o->seed, o->faults_only);
	generator_fill(the_generator, o->fill);
}

static int serve(struct opts *o)
{
	uv_loop_t loop;
	char err[512];
	int rc = 0;

	if (o->cfg.exit_with_parent) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() == 1)
			return 1;
	}
	uv_loop_init(&loop);
	file_make_parents(o->cfg.db);
	if (center_init(&the_center, &loop, &o->cfg)) {
		fprintf(stderr, "alarmdesk-center: %s\n", the_center.err);
		center_release(&the_center);
		uv_loop_close(&loop);
		return 2;
	}
	/* A node joins first: nothing may be emitted before it can publish. */
	if (o->nats && (the_center.cluster = cluster_start(&the_center, o->nats, o->node, o->follow, err,
							   sizeof err)) == NULL) {
		fprintf(stderr, "alarmdesk-center: %s\n", err);
		center_release(&the_center);
		return 1;
	}
	the_center.takeover_cb = take_over;
	if (o->demo_account) {
		const char *pw = getenv("ALARMDESK_CENTER_PASSWORD");
		if (pw == NULL || accounts_set(the_center.accounts, o->demo_account, pw,
					       "operator,supervisor,trainee", err, sizeof err)) {
			fprintf(stderr, "alarmdesk-center: --demo-account: %s\n",
				pw ? err : "$ALARMDESK_CENTER_PASSWORD is not set");
			center_release(&the_center);
			return 2;
		}
	}
	if (o->scenario) {
		the_scenario = scenario_load(o->scenario, &the_center.sites, err, sizeof err);
		if (the_scenario == NULL) {
			fprintf(stderr, "alarmdesk-center: scenario: %s\n", err);
			center_release(&the_center);
			return 2;
		}
	}
	if ((rc = site_tests_open(&the_center)) != 0) {
		fprintf(stderr, "alarmdesk-center: sites on test: %s\n",
			rc == AD_EIO ? store_error(the_center.store) : "out of memory");
		center_release(&the_center);
		return 1;
	}
	if (orders_open(&the_center) != 0) {
		fprintf(stderr, "alarmdesk-center: work orders: %s\n", store_error(the_center.store));
		center_release(&the_center);
		return 1;
	}
	if (flood_open(&the_center, o->flood_rate) != 0) {
		fprintf(stderr, "alarmdesk-center: storm detection: %s\n", store_error(the_center.store));
		center_release(&the_center);
		return 1;
	}
	the_center.alarm_cb = on_alarm;
	if (center_server_start(&the_center)) {
		fprintf(stderr, "alarmdesk-center: %s\n", the_center.err);
		center_release(&the_center);
		return 1;
	}
	/* Every node listens for panels: a follower's receiver hands its frames
	 * to the leader. A standby's other sources start when it leads (it
	 * starts again then). */
	for (int i = 0; i < o->ndc09; i++) {
		the_receivers[i] = receiver_start(&the_center, o->dc09[i], err, sizeof err);
		if (the_receivers[i] == NULL) {
			fprintf(stderr, "alarmdesk-center: %s\n", err);
			return 1; /* what was opened is closed by the exit */
		}
		/* Tests and panel simulators wait for this line to know the port. */
		printf("dc09 listening on %s port %d\n", o->dc09[i], receiver_port(the_receivers[i]));
	}
	if (o->sip) { /* on every node: a follower's hands the devices' alarms to the leader */
		if ((the_center.sip = gb_server_start(&the_center, o->sip, err, sizeof err)) == NULL) {
			fprintf(stderr, "alarmdesk-center: %s\n", err);
			return 1;
		}
		printf("sip listening on %s port %d\n", o->sip, gb_server_port(the_center.sip));
	}
	if (o->camera) {
		char name[96];
		the_camera = camera_start(&loop, o->camera, 15, 320, 240, name, sizeof name, err,
					  sizeof err);
		if (the_camera == NULL) {
			fprintf(stderr, "alarmdesk-center: %s\n", err);
			return 1;
		}
		printf("camera listening on %s\n", name);
		images_test_camera(&o->images, name);
	}
	if (o->images.count &&
	    (the_center.images = images_start(&the_center, &o->images, err, sizeof err)) == NULL) {
		fprintf(stderr, "alarmdesk-center: %s\n", err);
		return 1;
	}
	/* Panels are watched when they can be heard. */
	if (o->ndc09 && !the_center.follower)
		the_watch = panel_watch_start(&the_center);
	the_tests = every_start(&loop, 1000, site_tests_tick, &the_center);
	if (accounts_count(the_center.accounts) == 0)
		center_log("warning: no accounts in %s: nobody can log in "
			   "(add one with 'alarmdesk-center user add')", o->cfg.accounts);
	uv_signal_init(&loop, &sig_int);
	uv_signal_init(&loop, &sig_term);
	uv_signal_start(&sig_int, signal_cb, SIGINT);
	uv_signal_start(&sig_term, signal_cb, SIGTERM);
	uv_signal_init(&loop, &sig_hup);
	uv_signal_start(&sig_hup, hup_cb, SIGHUP);
	uv_signal_init(&loop, &sig_usr1);
	uv_signal_start(&sig_usr1, usr1_cb, SIGUSR1);
	the_opts = o;
	if (o->cfg.start_after)
		the_center.ready_cb = the_center.follower ? NULL : start_sources;
	else if (!the_center.follower)
		start_sources(&the_center);
	{
		/* Consoles and tests wait for this line to know the port. */
		const char *colon = strrchr(o->cfg.listen, ':');
		printf("listening on %.*s:%d epoch %s head %llu\n", (int)(colon - o->cfg.listen),
		       o->cfg.listen, center_server_port(&the_center), store_epoch(the_center.store),
		       (unsigned long long)store_head(the_center.store));
		fflush(stdout);
	}
	center_log("%s ready: %zu customers, %zu open alarms, head %llu", o->cfg.name,
		   the_center.sites.n, book_count(the_center.book),
		   (unsigned long long)store_head(the_center.store));
	uv_run(&loop, UV_RUN_DEFAULT);
	if (the_scenario)
		scenario_free(the_scenario);
	center_batch_end(&the_center);
	orders_close(&the_center);
	center_release(&the_center);
	if (uv_loop_close(&loop) != 0) {
		center_log("warning: handles left open at exit");
		rc = 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	the_argv = argv;
	static const struct option longopts[] = {
		{"listen", 1, NULL, 'l'},      {"name", 1, NULL, 'n'},
		{"state", 1, NULL, 's'},       {"accounts", 1, NULL, 'a'},
		{"data", 1, NULL, 'd'},        {"scenario", 1, NULL, 1},
		{"dc09-listen", 1, NULL, 16},  {"multi-source-window", 1, NULL, 17},
		{"test-camera", 1, NULL, 21},  {"images", 1, NULL, 22},
		{"image-max-kb", 1, NULL, 23}, {"camera-images", 0, NULL, 24},
		{"nats", 1, NULL, 25},         {"nats-follow", 0, NULL, 26}, {"node", 1, NULL, 27},
		{"loop", 1, NULL, 2},          {"rate", 1, NULL, 3},
		{"count", 1, NULL, 4},         {"seed", 1, NULL, 5},
		{"heartbeat", 1, NULL, 6},     {"history", 1, NULL, 7},
		{"max-open", 1, NULL, 8},      {"demo-account", 1, NULL, 9},
		{"exit-with-parent", 0, NULL, 10}, {"role", 1, NULL, 'r'},
		{"tls-cert", 1, NULL, 11},     {"tls-key", 1, NULL, 12},
		{"fill", 1, NULL, 13},         {"start-after", 1, NULL, 14},
		{"training", 0, NULL, 15},     {"faults-only", 0, NULL, 18},
		{"flood-rate", 1, NULL, 19},   {"sip-listen", 1, NULL, 20},
		{"help", 0, NULL, 'h'},        {"version", 0, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	static char dbpath[4096], accpath[4096];
	struct opts o = {.cfg = {.name = "alarmdesk-center", .listen = "127.0.0.1:7380",
				 .heartbeat_ms = 2000, .history = 200000, .max_open = 200000,
				 .multi_window_ms = 30000},
			 .flood_rate = 20, .images = {.count = 8, .max_bytes = 512 * 1024}};
	double v;
	int c;

	o.cfg.db = default_path("XDG_STATE_HOME", ".local/state", "center.db", dbpath, sizeof dbpath);
	o.cfg.accounts = default_path("XDG_CONFIG_HOME", ".config", "accounts", accpath,
				      sizeof accpath);
	o.cfg.datadir = access(AD_DATADIR "/demo/customers.json", R_OK) == 0 ? AD_DATADIR "/demo"
									     : "data/demo";
	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	/* The panel simulator has options of its own. */
	if (argc > 1 && strcmp(argv[1], "panel") == 0)
		return panel_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "gbsim") == 0)
		return gbsim_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "gbplatform") == 0)
		return gbplatform_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "camera") == 0)
		return camera_main(argc - 1, argv + 1);
	while ((c = getopt_long(argc, argv, "l:n:s:a:d:r:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': o.cfg.listen = optarg; break;
		case 'n': o.cfg.name = optarg; break;
		case 's': o.cfg.db = optarg; break;
		case 'a': o.cfg.accounts = optarg; break;
		case 'd': o.cfg.datadir = optarg; break;
		case 'r': o.role = optarg; break;
		case 1: o.scenario = optarg; break;
		case 16:
			if (o.ndc09 == 8)
				return die_usage("%s", "at most 8 --dc09-listen");
			o.dc09[o.ndc09++] = optarg;
			break;
		case 20: o.sip = optarg; break;
		case 21: o.camera = optarg; break;
		case 24: o.images.from_cameras = true; break;
		case 25: o.nats = optarg; break;
		case 26: o.follow = true; break;
		case 27: o.node = optarg; break;
		case 22: case 23:
			if (images_option(&o.images, c == 23, optarg))
				return die_usage(c == 22 ? "--images: 0 (none), or 4 to 20 images, not '%s'"
							 : "--image-max-kb: 16 to 1024, not '%s'", optarg);
			break;
		case 9: o.demo_account = optarg; break;
		case 10: o.cfg.exit_with_parent = true; break;
		case 11: o.cfg.tls_cert = optarg; break;
		case 12: o.cfg.tls_key = optarg; break;
		case 15: o.cfg.training = true; break;
		case 18: o.faults_only = true; break;
		case 'h': fputs(center_usage, stdout); return 0;
		case 'V': puts("alarmdesk-center " VERSION " (protocol " PROTO_SUBPROTOCOL ")"); return 0;
		case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 13: case 14: case 17: case 19:
			if (parse_num(optarg, c == 3 ? 0.001 : 0, c == 3 ? 1e6 : 1e15, &v))
				return die_usage("invalid number '%s'", optarg);
			if (c == 2) o.loop_ms = (uint32_t)v;
			if (c == 3) o.rate = v;
			if (c == 4) o.count = (uint64_t)v;
			if (c == 5) o.seed = (uint32_t)v;
			if (c == 6) o.cfg.heartbeat_ms = (uint32_t)(v < 100 ? 100 : v);
			if (c == 7) o.cfg.history = (uint64_t)v;
			if (c == 8) o.cfg.max_open = (size_t)(v < 1 ? 1 : v);
			if (c == 13) o.fill = (uint64_t)v;
			if (c == 14) o.cfg.start_after = (uint32_t)(v > 1000 ? 1000 : v);
			if (c == 17) o.cfg.multi_window_ms = (uint32_t)(v > 3600 ? 3600000 : v * 1000);
			if (c == 19) o.flood_rate = v;
			break;
		default:
			return die_usage("unknown option or missing value: %s", argv[optind - 1]);
		}
	}
	if (o.nats && o.node == NULL) {
		static char host[64];
		o.node = gethostname(host, sizeof host) == 0 ? host : "node";
		host[strcspn(host, ".")] = '\0'; /* the host's own name, not its domain */
	}
	/* It names NATS subjects and keys (ad.opack.NAME, node.NAME). */
	if (o.node && (!o.node[0] || strlen(o.node) > 40 ||
		       o.node[strspn(o.node, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					     "0123456789_-")]))
		return die_usage("--node '%s': 1 to 40 letters, digits, '_' or '-'", o.node);
	if (o.follow && (o.nats == NULL || o.scenario || o.rate > 0))
		return die_usage("%s", "--nats-follow needs --nats and takes no sources of its own "
				       "(no --scenario or --rate; --dc09-listen and --sip-listen hand "
				       "what they take to the leader)");
	if ((o.cfg.tls_cert == NULL) != (o.cfg.tls_key == NULL))
		return die_usage("%s", "--tls-cert and --tls-key go together");
	for (const char *const *f = (const char *const[]){o.cfg.tls_cert, o.cfg.tls_key, NULL}; *f; f++)
		if (access(*f, R_OK) != 0)
			return die_usage("cannot read '%s'", *f);
	if (optind < argc && strcmp(argv[optind], "user") == 0)
		return user_main(argc - optind - 1, argv + optind + 1, o.cfg.accounts, o.role);
	if (optind < argc && strcmp(argv[optind], "anchors") == 0)
		return cmd_anchors(argc - optind - 1, argv + optind + 1, &o);
	if (optind < argc && strcmp(argv[optind], "record") == 0)
		return cmd_record(argc - optind - 1, argv + optind + 1, &o);
	if (optind < argc && strcmp(argv[optind], "open") == 0)
		return cmd_open(argc - optind - 1, argv + optind + 1, &o);
	if (optind < argc && strcmp(argv[optind], "serve") != 0)
		return die_usage("unknown command '%s'", argv[optind]);
	return serve(&o);
}
