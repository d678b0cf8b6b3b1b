/* Tests of app/config.c with real files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../app/config.h"

static const char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof path, "/tmp/ad-config-%d.conf", (int)getpid());
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void full_config(void **state)
{
	struct config c;
	char err[300];
	const char *p = write_tmp("; comment\n[console]\nid = 值机台-01\noperator = op1\n"
				  "role = supervisor\nlang = zh\n\n[center 江城]\nname = 江城中心\n"
				  "url = ws://10.0.0.1:7380, wss://10.9.0.1:7443\n[center b]\nurl = ws://10.0.0.2:7380\n"
				  "[ui]\nflash = no\nredraw_ms = 100\ncolors = mono\n[keys]\nclaim = a\n");

	config_defaults(&c);
	assert_int_equal(config_load(&c, p, false, err, sizeof err), 0);
	assert_string_equal(c.console_id, "值机台-01");
	assert_string_equal(c.role, "supervisor");
	assert_int_equal(c.ncenters, 2);
	assert_string_equal(c.centers[0].name, "江城中心");
	assert_string_equal(c.centers[1].name, "center b");
	assert_int_equal(c.centers[0].nurls, 2);
	assert_string_equal(c.centers[0].urls[1], "wss://10.9.0.1:7443");
	assert_string_equal(c.centers[1].urls[0], "ws://10.0.0.2:7380");
	assert_false(c.flash);
	assert_int_equal(c.redraw_ms, 100);
	assert_int_equal(c.colors, CONFIG_COLORS_MONO);
	assert_int_equal(c.keys.claim, 'a');
	assert_int_equal(c.keys.close, 'x');
	remove(p);
}

static void errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"[console]\nid = a\nbogus = 1\n", ":3: [console]: unknown key 'bogus'"},
		{"[console]\nrole = root\n", ":2: role: expected operator"},
		{"[ui]\nflash = maybe\n", ":2: flash: expected true or false"},
		{"[ui]\nredraw_ms = 5\n", ":2: redraw_ms: expected 10..1000"},
		{"[nope]\na = b\n", ":2: unknown section [nope]"},
		{"[console]\nthis line is wrong\n", ":2: syntax error"},
		{"[keys]\nclaim = ab\n", ":2: claim: expected one printable"},
		{"[center x]\nname = y\n", "center 'y' has no url"},
		{"[center x]\nurl = ws://a:1,ws://b:1,ws://c:1,ws://d:1,ws://e:1\n", ":2: url: at most 4 endpoints"},
	};
	struct config c;
	char err[300];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = write_tmp(cases[i].text);
		config_defaults(&c);
		assert_int_not_equal(config_load(&c, p, false, err, sizeof err), 0);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].want);
		remove(p);
	}
	config_defaults(&c);
	assert_int_equal(config_load(&c, "/nonexistent/x.conf", true, err, sizeof err), 0);
	assert_int_not_equal(config_load(&c, "/nonexistent/x.conf", false, err, sizeof err), 0);
	assert_non_null(strstr(err, "cannot read config '/nonexistent/x.conf'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_config),
		cmocka_unit_test(errors_name_the_line),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
