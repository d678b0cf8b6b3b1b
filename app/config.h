/* config.h — the console's configuration: an INI file (libinih) in the XDG
 * config dir, then command-line overrides. Every option is documented in
 * docs/configuration.md and in alarmdesk(1). */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/camera_address.h"

#define CONFIG_MAX_CENTERS 8

#define CONFIG_MAX_URLS 4
struct config_center {
	char name[64];
	char urls[CONFIG_MAX_URLS][256]; /* the center's endpoints: links used together */
	int nurls;
};

/* Appends the comma-separated URLs of list to c; -1 with err when too many
 * or too long. */
int config_add_urls(struct config_center *c, const char *list, char *err, size_t errlen);

enum config_colors { CONFIG_COLORS_AUTO, CONFIG_COLORS_8, CONFIG_COLORS_MONO };

/* Keys of the operator actions (one character each). */
struct config_keys {
	int claim, release, close, help, quit, silence;
};

struct config {
	char console_id[64];
	char operator_[64];
	char role[16];
	char lang[8];
	char password_file[512];
	char callback_phone[32];
	char dial_command[256]; /* [phone]: the softphone, %n the number ("" = none) */
	char ca_file[512];    /* the private CA that signs the centers' certificates */
	bool insecure;        /* wss:// without verification: development only */ /* the center's duty phone, read out with a forward */
	char journal[512];
	char journal_hash[8]; /* sha256 | sm3, for a new journal */
	int journal_queue_mb; /* rows waiting for the disk, at most (0: 64) */
	int retention_days;   /* received-message rows kept in full */
	struct config_center centers[CONFIG_MAX_CENTERS];
	int ncenters;
	bool flash;
	int redraw_ms;
	char maps_dir[512];    /* site plans and district.geojson; "" = the default */
	enum config_colors colors;
	struct config_keys keys;
	/* [audio] */
	bool audio;                      /* false: bell and screen only */
	int silence_s;                   /* how long silence lasts */
	char sounds_dir[512];
	char sound[10][512];             /* per alert sound: a site's own file */
	float volume[10];                /* per alert sound, 0..1 (1 = as recorded) */
	bool bell;                       /* ring the terminal bell with every alert */
	char audio_out[512];             /* --audio-out: a WAV file instead of the device */
	/* [video] */
	bool video;                      /* pictures in the terminal (false: the address only) */
	int video_fps;                   /* pictures a second, at most */
	int video_budget_kbs;            /* what a picture may write to the terminal, KB/s */
	char player_command[256];        /* an external player, %u the address ("" = none) */
	struct video_rules video_rules;  /* rewrites and logins of camera addresses */
};

/* Fills defaults (console id from the host name, operator from $USER). */
void config_defaults(struct config *c);

/* Reads path into c. A missing file is fine when `missing_ok`. Returns 0,
 * or -1 with "path:line: what" in err. */
int config_load(struct config *c, const char *path, bool missing_ok, char *err, size_t errlen);

/* The default config path: $XDG_CONFIG_HOME/alarmdesk/alarmdesk.conf, or
 * when there is none, the machine's /etc/alarmdesk/alarmdesk.conf. */
void config_default_path(char *buf, size_t len);

#endif
