/* manscdp.c — MANSCDP bodies with libxml2 (center/manscdp.h). */
#include "manscdp.h"

#include "../app/core/text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies the element's text: trimmed, line breaks and tabs as one space,
 * other control characters dropped. */
static void text_of(xmlNode *n, char *out, size_t len)
{
	xmlChar *t = xmlNodeGetContent(n);
	const unsigned char *s = t ? t : (const xmlChar *)"";
	size_t k = 0;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (; *s && k + 1 < len; s++) {
		if (*s == '\t' || *s == '\r' || *s == '\n') { /* a line break is a space */
			if (k > 0 && out[k - 1] != ' ')
				out[k++] = ' ';
		} else if (*s >= 0x20 && *s != 0x7f) {
			out[k++] = (char)*s;
		}
	}
	/* Never end inside a UTF-8 sequence. */
	while (k > 0 && ((unsigned char)out[k - 1] & 0xc0) == 0x80) {
		size_t lead = k - 1;
		while (lead > 0 && ((unsigned char)out[lead] & 0xc0) == 0x80)
			lead--;
		unsigned char c = (unsigned char)out[lead];
		size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		if (k - lead >= need)
			break;
		k = lead;
	}
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	xmlFree(t);
}

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

static int int_of(xmlNode *n)
{
	char t[16];

	text_of(n, t, sizeof t);
	return atoi(t);
}

static void read_item(xmlNode *item, struct manscdp_item *it)
{
	for (xmlNode *k = item->children; k; k = k->next) {
		if (named(k, "DeviceID"))
			text_of(k, it->id, sizeof it->id);
		else if (named(k, "Name"))
			text_of(k, it->name, sizeof it->name);
		else if (named(k, "Status"))
			text_of(k, it->status, sizeof it->status);
	}
}

/* Info (or the root, where AlarmType may also sit) of an alarm. */
static void read_info(xmlNode *info, struct manscdp *m)
{
	for (xmlNode *k = info->children; k; k = k->next) {
		if (named(k, "AlarmType"))
			m->type = int_of(k);
		else if (named(k, "AlarmTypeParam"))
			for (xmlNode *e = k->children; e; e = e->next)
				if (named(e, "EventType"))
					m->event_type = int_of(e);
	}
}

/* The root's plain elements: text into a field of struct manscdp, or an
 * integer. One table, so that reading another is one line. */
/* clang-format off */
#define TEXT(n, f) {n, offsetof(struct manscdp, f), sizeof((struct manscdp *)0)->f}
#define INT(n, f) {n, offsetof(struct manscdp, f), 0}
static const struct {
	const char *name;
	size_t offset, size; /* size 0: an int */
} plain[] = {
	TEXT("CmdType", cmd),     TEXT("DeviceID", device_id), TEXT("Status", status),
	TEXT("Result", result),   TEXT("AlarmTime", time),     TEXT("AlarmDescription", description),
	TEXT("GuardCmd", guard),  TEXT("AlarmCmd", alarm_cmd), TEXT("PTZCmd", ptz),
	INT("AlarmPriority", priority), INT("AlarmMethod", method), INT("SumNum", sum_num),
};
#undef TEXT
#undef INT
/* clang-format on */

/* The element's value into m when plain names it; false when it does not. */
static bool read_plain(xmlNode *k, struct manscdp *m)
{
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		char *field = (char *)m + plain[i].offset;
		if (!named(k, plain[i].name))
			continue;
		if (plain[i].size)
			text_of(k, field, plain[i].size);
		else
			*(int *)field = int_of(k);
		return true;
	}
	return false;
}

static void read_fields(xmlNode *root, struct manscdp *m)
{
	char num[32];
	bool has_lon = false, has_lat = false;
	int root_type = 0;

	for (xmlNode *k = root->children; k; k = k->next) {
		if (read_plain(k, m))
			continue;
		if (named(k, "SN"))
			m->sn = (text_of(k, num, sizeof num), strtoul(num, NULL, 10));
		else if (named(k, "AlarmType"))
			root_type = int_of(k);
		else if (named(k, "Longitude"))
			m->lon = (text_of(k, num, sizeof num), has_lon = num[0] != '\0', atof(num));
		else if (named(k, "Latitude"))
			m->lat = (text_of(k, num, sizeof num), has_lat = num[0] != '\0', atof(num));
		else if (named(k, "Info"))
			read_info(k, m);
		else if (named(k, "DeviceList"))
			for (xmlNode *it = k->children; it; it = it->next)
				if (named(it, "Item") && m->nitems < MANSCDP_MAX_ITEMS)
					read_item(it, &m->items[m->nitems++]);
	}
	/* Info's AlarmType wins over one at the root (as wvp reads them). */
	if (m->type == 0)
		m->type = root_type;
	m->has_lonlat = has_lon && has_lat && !(m->lon == 0 && m->lat == 0);
}

static xmlDoc *read_doc(const char *body, size_t len, const char *encoding)
{
	return xmlReadMemory(body, (int)len, "body.xml", encoding,
			     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				 XML_PARSE_NOBLANKS);
}

int manscdp_parse(const char *body, size_t len, struct manscdp *m, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		enum manscdp_root root;
	} roots[] = {{"Notify", MANSCDP_NOTIFY},
		     {"Response", MANSCDP_RESPONSE},
		     {"Query", MANSCDP_QUERY},
		     {"Control", MANSCDP_CONTROL}};
	xmlDoc *doc;
	xmlNode *root;
	bool found = false;

	memset(m, 0, sizeof *m);
	if (len == 0 || len > MANSCDP_MAX_BODY) {
		snprintf(err, errlen, "body of %zu bytes (1 to %d)", len, MANSCDP_MAX_BODY);
		return -1;
	}
	/* Devices declare GB2312 and send UTF-8, or declare nothing and send
	 * GB2312: bytes that are valid UTF-8 are read as UTF-8 (GB2312 text
	 * with Chinese in it hardly ever is), others as declared, then as
	 * GB18030 (a superset of GB2312). */
	doc = text_utf8_valid(body, len) ? read_doc(body, len, "UTF-8") : read_doc(body, len, NULL);
	if (doc == NULL)
		doc = read_doc(body, len, "GB18030");
	if (doc == NULL) {
		const xmlError *e = xmlGetLastError();
		snprintf(err, errlen, "not XML: %s", e && e->message ? e->message : "unreadable");
		/* libxml2's message ends in a newline */
		for (char *p = err; *p; p++)
			if (*p == '\n')
				*p = '\0';
		return -1;
	}
	root = xmlDocGetRootElement(doc);
	for (size_t i = 0; root && i < sizeof roots / sizeof roots[0]; i++)
		if (named(root, roots[i].name)) {
			m->root = roots[i].root;
			found = true;
		}
	if (!found) {
		snprintf(err, errlen,
			 "root element <%.40s>: expected Notify, Response, Query or Control",
			 root ? (const char *)root->name : "");
		xmlFreeDoc(doc);
		return -1;
	}
	read_fields(root, m);
	xmlFreeDoc(doc);
	if (m->cmd[0] == '\0') {
		snprintf(err, errlen, "no CmdType");
		return -1;
	}
	return 0;
}

static xmlNode *start(xmlDoc **doc, enum manscdp_root root, const char *cmd, unsigned long sn,
		      const char *device_id)
{
	static const char *const names[] = {"Notify", "Response", "Query", "Control"};
	char num[24];
	xmlNode *r;

	*doc = xmlNewDoc((const xmlChar *)"1.0");
	r = xmlNewNode(NULL, (const xmlChar *)names[root]);
	xmlDocSetRootElement(*doc, r);
	snprintf(num, sizeof num, "%lu", sn);
	xmlNewTextChild(r, NULL, (const xmlChar *)"CmdType", (const xmlChar *)cmd);
	xmlNewTextChild(r, NULL, (const xmlChar *)"SN", (const xmlChar *)num);
	xmlNewTextChild(r, NULL, (const xmlChar *)"DeviceID", (const xmlChar *)device_id);
	return r;
}

static char *finish(xmlDoc *doc, size_t *len)
{
	xmlChar *mem = NULL;
	int n = 0;
	char *out = NULL;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "GB2312", 1);
	if (mem && (out = malloc((size_t)n + 1)) != NULL) {
		memcpy(out, mem, (size_t)n);
		out[n] = '\0';
		*len = (size_t)n;
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	return out;
}

char *manscdp_build(enum manscdp_root root, const char *cmd, unsigned long sn,
		    const char *device_id, const char *const *kv, size_t *len)
{
	xmlDoc *doc;
	xmlNode *r = start(&doc, root, cmd, sn, device_id);

	for (size_t i = 0; kv && kv[i] && kv[i + 1]; i += 2) {
		const char *slash = strchr(kv[i], '/');
		xmlNode *parent = r;
		if (slash) {
			char outer[32];
			snprintf(outer, sizeof outer, "%.*s", (int)(slash - kv[i]), kv[i]);
			parent = NULL;
			for (xmlNode *k = r->children; k; k = k->next)
				if (named(k, outer))
					parent = k;
			if (parent == NULL)
				parent = xmlNewChild(r, NULL, (const xmlChar *)outer, NULL);
		}
		xmlNewTextChild(parent, NULL, (const xmlChar *)(slash ? slash + 1 : kv[i]),
				(const xmlChar *)kv[i + 1]);
	}
	return finish(doc, len);
}

char *manscdp_catalog(unsigned long sn, const char *device_id, int total,
		      const struct manscdp_item *items, int n, size_t *len)
{
	xmlDoc *doc;
	xmlNode *r = start(&doc, MANSCDP_RESPONSE, "Catalog", sn, device_id), *list;
	char num[16];

	snprintf(num, sizeof num, "%d", total);
	xmlNewTextChild(r, NULL, (const xmlChar *)"SumNum", (const xmlChar *)num);
	list = xmlNewChild(r, NULL, (const xmlChar *)"DeviceList", NULL);
	snprintf(num, sizeof num, "%d", n);
	xmlNewProp(list, (const xmlChar *)"Num", (const xmlChar *)num);
	for (int i = 0; i < n; i++) {
		xmlNode *it = xmlNewChild(list, NULL, (const xmlChar *)"Item", NULL);
		xmlNewTextChild(it, NULL, (const xmlChar *)"DeviceID",
				(const xmlChar *)items[i].id);
		xmlNewTextChild(it, NULL, (const xmlChar *)"Name", (const xmlChar *)items[i].name);
		xmlNewTextChild(it, NULL, (const xmlChar *)"Status",
				(const xmlChar *)(items[i].status[0] ? items[i].status : "ON"));
	}
	return finish(doc, len);
}
