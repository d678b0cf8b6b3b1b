/* plan.c — the site-plan text format: parser with line:column errors and
 * the canonical writer. Grids are ASCII (box-drawing characters are
 * accepted and read as + - |) so that they stay aligned in any terminal;
 * names, which may be Chinese, live in the legend only. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../app/core/text.h"
#include "map.h"

static const char *const kind_names[MAP_KINDS] = {"zone", "camera", "room", "exit", "door"};

const char *map_kind_name(enum map_kind k)
{
	return (unsigned)k < MAP_KINDS ? kind_names[k] : "?";
}

struct parser {
	const char *s, *end;
	int line;
	char *err;
	size_t errlen;
};

static int fail(struct parser *p, int col, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%d:%d: %s", p->line, col, msg);
	return -1;
}

/* The next line (without its newline) in buf; false at the end. */
static bool next_line(struct parser *p, char *buf, size_t len, bool *too_long)
{
	const char *nl;
	size_t n;

	if (p->s >= p->end)
		return false;
	nl = memchr(p->s, '\n', (size_t)(p->end - p->s));
	n = (size_t)((nl ? nl : p->end) - p->s);
	*too_long = n >= len;
	if (n >= len)
		n = len - 1;
	memcpy(buf, p->s, n);
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	p->s = nl ? nl + 1 : p->end;
	p->line++;
	return true;
}

/* Spaces off both ends of s, in place (sanitising turns tabs into spaces). */
static void trim(char *s)
{
	size_t n = strlen(s), lead = strspn(s, " ");

	while (n > lead && s[n - 1] == ' ')
		n--;
	memmove(s, s + lead, n - lead);
	s[n - lead] = '\0';
}

static bool is_wall(char c)
{
	return c == '+' || c == '-' || c == '|' || c == '=' || c == '/' || c == '\\' || c == '#';
}

static bool is_marker(char c)
{
	return isalnum((unsigned char)c);
}

/* Box-drawing (U+2500–U+257F) read as ASCII walls. */
static char box_to_ascii(uint32_t cp)
{
	static const uint32_t h[] = {0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254C, 0x254D,
				     0x2550, 0x2574, 0x2576, 0x2578, 0x257A, 0x257C, 0x257E};
	static const uint32_t v[] = {0x2502, 0x2503, 0x2506, 0x2507, 0x250A, 0x250B, 0x254E, 0x254F,
				     0x2551, 0x2575, 0x2577, 0x2579, 0x257B, 0x257D, 0x257F};
	for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
		if (cp == h[i])
			return '-';
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (cp == v[i])
			return '|';
	return cp >= 0x2500 && cp <= 0x257F ? '+' : 0;
}

/* One grid row to ASCII cells; -1 on a character that does not belong. */
static int grid_row(struct parser *p, const char *line, char *out, int *w)
{
	size_t len = strlen(line), i = 0, n;
	int col = 1;
	uint32_t cp;

	*w = 0;
	while (i < len) {
		char c;
		n = text_utf8_decode(line + i, len - i, &cp);
		if (n == 0)
			return fail(p, col, "not UTF-8");
		if (cp < 0x80) {
			c = (char)cp;
			if (c == '\t')
				return fail(p, col, "tab in the grid: use spaces");
			if (!is_wall(c) && !is_marker(c) && c != ' ' && c != '.')
				return fail(p, col, "'%c' is not a wall (+ - | = / \\ #), floor (space .) or a "
						    "marker (letter or digit)", c);
		} else if ((c = box_to_ascii(cp)) == 0) {
			return fail(p, col, "only ASCII and box-drawing characters in the grid; names go "
					    "in the legend");
		}
		if (*w >= MAP_MAX_W)
			return fail(p, col, "row wider than %d columns", MAP_MAX_W);
		out[(*w)++] = c == '.' ? ' ' : c;
		i += n;
		col++;
	}
	while (*w > 0 && out[*w - 1] == ' ')
		(*w)--;
	return 0;
}

/* "dir=D channel=URL" at the end of a camera entry: D a compass point, URL
 * printable ASCII. */
static int camera_options(struct parser *p, const char *line, char *name, struct map_legend *e)
{
	static const char *const dirs[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
	char *tok;

	while ((tok = strrchr(name, ' ')) != NULL) {
		int col = (int)(tok - line) + 2;
		if (strncmp(tok + 1, "dir=", 4) == 0) {
			size_t i = 0;
			while (i < 8 && strcmp(tok + 5, dirs[i]) != 0)
				i++;
			if (i == 8)
				return fail(p, col, "dir: expected N, NE, E, SE, S, SW, W or NW");
			snprintf(e->dir, sizeof e->dir, "%s", dirs[i]);
		} else if (strncmp(tok + 1, "channel=", 8) == 0) {
			const char *c = tok + 9;
			if (strlen(c) >= sizeof e->channel)
				return fail(p, col, "channel longer than %zu bytes", sizeof e->channel - 1);
			for (; *c; c++)
				if (*c <= ' ' || *c > '~')
					return fail(p, col, "channel: a stream address in printable ASCII");
			snprintf(e->channel, sizeof e->channel, "%s", tok + 9);
		} else {
			break;
		}
		*tok = '\0';
	}
	return 0;
}

static int legend_line(struct parser *p, char *line, struct map_level *lv)
{
	struct map_legend *e;
	char kind[16], *rest;
	int k, col, consumed = 0;

	if (strlen(line) < 3 || !is_marker(line[0]) || line[1] != ' ')
		return fail(p, 1, "expected 'MARKER KIND NAME' (e.g. '5 zone 5 前台紧急按钮')");
	if (lv->nlegend == MAP_MAX_LEGEND)
		return fail(p, 1, "more than %d legend entries on one level", MAP_MAX_LEGEND);
	for (int i = 0; i < lv->nlegend; i++)
		if (lv->legend[i].marker == line[0])
			return fail(p, 1, "marker '%c' is already in the legend (line %d)", line[0],
				    lv->legend[i].line);
	if (sscanf(line + 2, "%15s %n", kind, &consumed) != 1)
		return fail(p, 3, "missing kind (zone, camera, room, exit, door)");
	for (k = 0; k < MAP_KINDS && strcmp(kind, kind_names[k]); k++)
		;
	if (k == MAP_KINDS)
		return fail(p, 3, "unknown kind '%s' (zone, camera, room, exit, door)", kind);
	e = &lv->legend[lv->nlegend];
	memset(e, 0, sizeof *e);
	e->marker = line[0];
	e->kind = (enum map_kind)k;
	e->x = e->y = -1;
	e->line = p->line;
	rest = line + 2 + consumed;
	if (k == MAP_ZONE) {
		char *end;
		long z = strtol(rest, &end, 10);
		if (end == rest || z < 0 || z > 9999 || (*end != ' ' && *end != '\0'))
			return fail(p, 3 + consumed, "zone: expected a zone number 0..9999");
		e->zone = (int)z;
		rest = end + strspn(end, " ");
	}
	col = (int)(rest - line) + 1; /* where the name starts (or should) */
	if (!text_utf8_valid(rest, strlen(rest)))
		return fail(p, col, "name is not UTF-8");
	rest[text_sanitize(rest, strlen(rest))] = '\0';
	trim(rest);
	if (k == MAP_CAMERA && camera_options(p, line, rest, e))
		return -1;
	if (*rest == '\0')
		return fail(p, col, "missing name");
	if (strlen(rest) >= sizeof e->name)
		return fail(p, col, "name longer than %zu bytes", sizeof e->name - 1);
	snprintf(e->name, sizeof e->name, "%s", rest);
	lv->nlegend++;
	return 0;
}

/* Binds every grid marker to its legend entry. */
static int bind_markers(struct parser *p, struct map_level *lv, int first_row_line,
			int legend_line_no)
{
	for (int y = 0; y < lv->h; y++) {
		for (int x = 0; x < lv->w; x++) {
			char c = lv->rows[y * lv->w + x];
			struct map_legend *e = NULL;
			if (!is_marker(c))
				continue;
			for (int i = 0; i < lv->nlegend; i++)
				if (lv->legend[i].marker == c)
					e = &lv->legend[i];
			p->line = first_row_line + y;
			if (e == NULL)
				return fail(p, x + 1, "marker '%c' has no legend entry", c);
			if (e->x >= 0)
				return fail(p, x + 1, "marker '%c' appears twice (first at %d:%d)", c,
					    first_row_line + e->y, e->x + 1);
			e->x = x;
			e->y = y;
		}
	}
	for (int i = 0; i < lv->nlegend; i++) {
		if (lv->legend[i].x < 0) {
			p->line = lv->legend[i].line;
			return fail(p, 1, "legend marker '%c' is not in the grid", lv->legend[i].marker);
		}
	}
	(void)legend_line_no;
	return 0;
}

static int parse_level(struct parser *p, char *line, struct map_site *m)
{
	struct map_level *lv;
	char buf[1024], rows[MAP_MAX_H][MAP_MAX_W];
	int widths[MAP_MAX_H], h = 0, first = 0, w = 0;
	bool too_long, in_legend = false;
	char id[64] = "";
	int n = 0;

	if (m->nlevels == MAP_MAX_LEVELS)
		return fail(p, 1, "more than %d levels", MAP_MAX_LEVELS);
	if (sscanf(line, "level %63s %n", id, &n) != 1)
		return fail(p, 7, "expected 'level ID [NAME]'");
	if (strlen(id) >= sizeof lv->id)
		return fail(p, 7, "level id longer than %zu bytes", sizeof lv->id - 1);
	if (strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(id))
		return fail(p, 7, "level id: letters, digits, '-' and '_' only (the name may be Chinese)");
	if (map_level_find(m, id))
		return fail(p, 7, "level '%s' is defined twice", id);
	lv = &m->levels[m->nlevels];
	memset(lv, 0, sizeof *lv);
	snprintf(lv->id, sizeof lv->id, "%s", id);
	if (n && line[n]) {
		char *name = line + n;
		if (!text_utf8_valid(name, strlen(name)))
			return fail(p, n + 1, "level name is not UTF-8");
		name[text_sanitize(name, strlen(name))] = '\0';
		trim(name);
		if (strlen(name) >= sizeof lv->name)
			return fail(p, n + 1, "level name longer than %zu bytes", sizeof lv->name - 1);
		snprintf(lv->name, sizeof lv->name, "%s", name);
	}
	while (next_line(p, buf, sizeof buf, &too_long)) {
		if (too_long)
			return fail(p, 1, "line longer than %zu bytes", sizeof buf - 1);
		if (!in_legend) {
			if (strcmp(buf, "legend") == 0) {
				in_legend = true;
				continue;
			}
			if (h == MAP_MAX_H)
				return fail(p, 1, "more than %d grid rows", MAP_MAX_H);
			if (h == 0)
				first = p->line;
			if (grid_row(p, buf, rows[h], &widths[h]))
				return -1;
			if (widths[h] > w)
				w = widths[h];
			h++;
			continue;
		}
		if (strcmp(buf, "end") == 0) {
			while (h > 0 && widths[h - 1] == 0)
				h--;
			if (h == 0 || w == 0)
				return fail(p, 1, "level '%s' has no grid", lv->id);
			lv->w = w;
			lv->h = h;
			lv->rows = malloc((size_t)w * (size_t)h);
			if (lv->rows == NULL)
				return fail(p, 1, "out of memory");
			for (int y = 0; y < h; y++) {
				memset(lv->rows + y * w, ' ', (size_t)w);
				memcpy(lv->rows + y * w, rows[y], (size_t)widths[y]);
			}
			m->nlevels++;
			{
				int saved = p->line, rc = bind_markers(p, lv, first, saved);
				if (rc == 0)
					p->line = saved;
				return rc;
			}
		}
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		if (legend_line(p, buf, lv))
			return -1;
	}
	return fail(p, 1, "level '%s' has no '%s'", lv->id, in_legend ? "end" : "legend");
}

int map_parse(const char *text, size_t len, struct map_site *out, char *err, size_t errlen)
{
	struct parser p = {text, text + len, 0, err, errlen};
	char buf[1024];
	bool too_long, have_site = false;

	memset(out, 0, sizeof *out);
	if (len > MAP_MAX_TEXT) {
		snprintf(err, errlen, "1:1: map larger than %d bytes", MAP_MAX_TEXT);
		return -1;
	}
	if (memchr(text, '\0', len)) {
		const char *nul = memchr(text, '\0', len), *bol = text;
		int line = 1;
		for (const char *c = text; c < nul; c++)
			if (*c == '\n') {
				line++;
				bol = c + 1;
			}
		snprintf(err, errlen, "%d:%d: NUL byte: not a text file", line, (int)(nul - bol) + 1);
		return -1;
	}
	if (!next_line(&p, buf, sizeof buf, &too_long) || strcmp(buf, "alarmdesk-map 1") != 0) {
		fail(&p, 1, "expected 'alarmdesk-map 1' (the format and its version)");
		return -1;
	}
	while (next_line(&p, buf, sizeof buf, &too_long)) {
		if (too_long) {
			fail(&p, 1, "line longer than %zu bytes", sizeof buf - 1);
			goto bad;
		}
		if (buf[0] == '#' || buf[0] == '\0')
			continue;
		if (strncmp(buf, "site ", 5) == 0) {
			int end = 0;
			if (have_site || sscanf(buf + 5, "%47s%n", out->site, &end) != 1) {
				fail(&p, 6, have_site ? "site given twice" : "expected 'site ID'");
				goto bad;
			}
			if (buf[5 + end] != '\0' ||
			    strspn(out->site, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") !=
				    strlen(out->site)) {
				fail(&p, 6, "site id: letters, digits, '-' and '_' only (the customer's account)");
				goto bad;
			}
			have_site = true;
		} else if (strncmp(buf, "anchor ", 7) == 0) {
			char extra;
			if (sscanf(buf + 7, "%lf %lf %c", &out->lon, &out->lat, &extra) != 2 ||
			    out->lon < -180 || out->lon > 180 || out->lat < -90 || out->lat > 90) {
				fail(&p, 8, "expected 'anchor LON LAT' in degrees");
				goto bad;
			}
			out->has_anchor = true;
		} else if (strncmp(buf, "level ", 6) == 0) {
			if (!have_site) {
				fail(&p, 1, "'site ID' must come before the levels");
				goto bad;
			}
			if (parse_level(&p, buf, out))
				goto bad;
		} else {
			fail(&p, 1, "expected 'site', 'anchor' or 'level'");
			goto bad;
		}
	}
	if (!have_site || out->nlevels == 0) {
		fail(&p, 1, have_site ? "no level" : "no 'site ID'");
		goto bad;
	}
	return 0;
bad:
	map_site_release(out);
	return -1;
}

void map_site_release(struct map_site *m)
{
	for (int i = 0; i < MAP_MAX_LEVELS; i++)
		free(m->levels[i].rows);
	memset(m, 0, sizeof *m);
}

const struct map_level *map_level_find(const struct map_site *m, const char *id)
{
	for (int i = 0; i < m->nlevels; i++)
		if (strcmp(m->levels[i].id, id) == 0)
			return &m->levels[i];
	return NULL;
}

const struct map_legend *map_find_zone(const struct map_site *m, int zone, int *level)
{
	for (int l = 0; l < m->nlevels; l++)
		for (int i = 0; i < m->levels[l].nlegend; i++)
			if (m->levels[l].legend[i].kind == MAP_ZONE && m->levels[l].legend[i].zone == zone) {
				if (level)
					*level = l;
				return &m->levels[l].legend[i];
			}
	return NULL;
}

char *map_write(const struct map_site *m)
{
	size_t cap = 4096, n = 0;
	char *out = malloc(cap);

#define PUT(...)                                                                      \
	do {                                                                          \
		int k_;                                                               \
		while ((k_ = snprintf(out + n, cap - n, __VA_ARGS__)) >= (int)(cap - n)) { \
			cap *= 2;                                                     \
			out = realloc(out, cap);                                      \
		}                                                                     \
		n += (size_t)k_;                                                      \
	} while (0)
	if (out == NULL)
		return NULL;
	PUT("alarmdesk-map 1\nsite %s\n", m->site);
	if (m->has_anchor)
		PUT("anchor %.6f %.6f\n", m->lon, m->lat);
	for (int l = 0; l < m->nlevels; l++) {
		const struct map_level *lv = &m->levels[l];
		PUT("level %s%s%s\n", lv->id, lv->name[0] ? " " : "", lv->name);
		for (int y = 0; y < lv->h; y++) {
			int w = lv->w;
			while (w > 0 && lv->rows[y * lv->w + w - 1] == ' ')
				w--;
			PUT("%.*s\n", w, lv->rows + y * lv->w);
		}
		PUT("legend\n");
		for (int i = 0; i < lv->nlegend; i++) {
			const struct map_legend *e = &lv->legend[i];
			if (e->kind == MAP_ZONE)
				PUT("%c zone %d %s\n", e->marker, e->zone, e->name);
			else
				PUT("%c %s %s%s%s%s%s\n", e->marker, kind_names[e->kind], e->name,
				    e->dir[0] ? " dir=" : "", e->dir, e->channel[0] ? " channel=" : "",
				    e->channel);
		}
		PUT("end\n");
	}
#undef PUT
	return out;
}
