/* Tests of the console's pictures (video/): a known image rendered to a
 * golden cell grid in 256 colours, 8 colours and monochrome (symbols
 * narrow, no dithering: the same pixels give the same cells), the fit at a
 * cell's aspect, the change count the terminal budget is paced by, and the
 * camera addresses: rewrite, login from the config, the shown form without
 * it, and the channels no camera can be. UPDATE_GOLDEN=1 rewrites the
 * golden files (review the diff!). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <wchar.h>

#include "../../common/file.h"
#include "golden.h"
#include "../../common/camera_address.h"
#include "../../video/picture.h"

/* 96 × 64: a red disc on a blue-to-green gradient, a white bar at the top,
 * a black and white checker in the bottom right. */
static uint8_t *test_image(int shift)
{
	uint8_t *px = malloc(96 * 64 * 4);

	for (int y = 0; y < 64; y++)
		for (int x = 0; x < 96; x++) {
			uint8_t *p = px + (y * 96 + x) * 4;
			int dx = x - 30 - shift, dy = y - 32;
			p[0] = 0;
			p[1] = (uint8_t)(y * 4);
			p[2] = (uint8_t)(255 - y * 4);
			if (dx * dx + dy * dy < 18 * 18)
				p[0] = 230, p[1] = 20, p[2] = 20;
			if (y < 6)
				p[0] = p[1] = p[2] = 255;
			if (x >= 72 && y >= 44)
				p[0] = p[1] = p[2] = (((x / 6) + (y / 5)) & 1) ? 255 : 0;
			p[3] = 255;
		}
	return px;
}

/* The grid as text: the symbols, then per row the colours (fg/bg). */
static char *grid_text(const struct picture *p)
{
	size_t cap = (size_t)p->cols * p->rows * 24 + 64, n = 0;
	char *s = malloc(cap);

	for (int r = 0; r < p->rows; r++) {
		for (int c = 0; c < p->cols; c++) {
			char mb[8];
			int len = (int)wcrtomb(mb, (wchar_t)p->cells[r * p->cols + c].cp, NULL);
			assert_true(len > 0);
			assert_int_equal(wcwidth((wchar_t)p->cells[r * p->cols + c].cp), 1);
			memcpy(s + n, mb, (size_t)len);
			n += (size_t)len;
		}
		s[n++] = '\n';
	}
	for (int r = 0; r < p->rows && p->mode != PICTURE_MONO; r++) {
		for (int c = 0; c < p->cols; c++)
			n += (size_t)snprintf(s + n, cap - n, "%s%d/%d", c ? " " : "",
					      p->cells[r * p->cols + c].fg, p->cells[r * p->cols + c].bg);
		s[n++] = '\n';
	}
	s[n] = '\0';
	return s;
}

static void golden_grids(void **state)
{
	static const struct {
		enum picture_mode mode;
		const char *file;
	} cases[] = {
		{PICTURE_256, "picture_256.txt"},
		{PICTURE_8, "picture_8.txt"},
		{PICTURE_MONO, "picture_mono.txt"},
	};
	uint8_t *px = test_image(0);

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct picture p = {0};
		char *t;
		int cols, rows;
		picture_fit(96, 64, 40, 30, &cols, &rows);
		assert_int_equal(picture_render(&p, px, 96, 64, 96 * 4, cols, rows, cases[i].mode), 0);
		t = grid_text(&p);
		golden(cases[i].file, t);
		/* Again on the same renderer: the same cells. */
		assert_int_equal(picture_render(&p, px, 96, 64, 96 * 4, cols, rows, cases[i].mode), 0);
		{
			char *again = grid_text(&p);
			assert_string_equal(t, again);
			free(again);
		}
		if (cases[i].mode == PICTURE_MONO)
			for (int c = 0; c < p.cols * p.rows; c++)
				assert_true(p.cells[c].cp < 0x80); /* ASCII for a vt100 */
		free(t);
		picture_release(&p);
	}
	free(px);
}

static void fit_keeps_aspect(void **state)
{
	int c, r;

	picture_fit(640, 480, 80, 20, &c, &r); /* height bound: 20 rows, 53 cols */
	assert_int_equal(r, 20);
	assert_int_equal(c, 53);
	picture_fit(1920, 1080, 60, 40, &c, &r); /* width bound */
	assert_int_equal(c, 60);
	assert_int_equal(r, 16);
	picture_fit(0, 480, 80, 20, &c, &r);
	assert_int_equal(c, 0);
	assert_int_equal(r, 0);
}

static void change_counted(void **state)
{
	uint8_t *a = test_image(0), *b = test_image(8);
	struct picture pa = {0}, pb = {0}, copy = {0};

	assert_int_equal(picture_render(&pa, a, 96, 64, 96 * 4, 30, 10, PICTURE_256), 0);
	assert_int_equal(picture_render(&pb, b, 96, 64, 96 * 4, 30, 10, PICTURE_256), 0);
	assert_int_equal(picture_copy(&copy, &pa), 0);
	assert_int_equal(picture_changed(&copy, &pa), 0);
	/* The disc moved: some cells changed, the bar and checker did not. */
	assert_true(picture_changed(&pa, &pb) > 0);
	assert_true(picture_changed(&pa, &pb) < 30 * 10 / 2);
	/* Another size: every cell counts. */
	picture_release(&pb);
	assert_int_equal(picture_render(&pb, b, 96, 64, 96 * 4, 20, 10, PICTURE_256), 0);
	assert_int_equal(picture_changed(&pa, &pb), 200);
	picture_release(&pa);
	picture_release(&pb);
	picture_release(&copy);
	free(a);
	free(b);
}

static void addresses(void **state)
{
	struct video_rules r = {0};
	char url[800], shown[400], err[200];

	assert_int_equal(video_rules_add_rewrite(&r, "rtsp://10.20.0.43/ http://127.0.0.1:8090/", err, sizeof err), 0);
	assert_int_equal(video_rules_add_login(&r, "10.20.0.11 admin S3cret:x", err, sizeof err), 0);
	assert_int_equal(video_rules_add_login(&r, "cam.example 1 2 3", err, sizeof err), -1);
	assert_non_null(strstr(err, "HOST USER PASSWORD"));
	assert_int_equal(video_rules_add_login(&r, "h u p@ss", err, sizeof err), -1);
	assert_int_equal(video_rules_add_rewrite(&r, "onlyone", err, sizeof err), -1);

	/* Rewritten. */
	assert_int_equal(video_address(&r, "rtsp://10.20.0.43/ch2", url, sizeof url, shown, sizeof shown), 0);
	assert_string_equal(url, "http://127.0.0.1:8090/ch2");
	assert_string_equal(shown, "http://127.0.0.1:8090/ch2");
	/* The login is the config's, never shown. */
	assert_int_equal(video_address(&r, "rtsp://10.20.0.11:554/ch1", url, sizeof url, shown, sizeof shown), 0);
	assert_string_equal(url, "rtsp://admin:S3cret:x@10.20.0.11:554/ch1");
	assert_string_equal(shown, "rtsp://10.20.0.11:554/ch1");
	/* Another host that starts the same is not that camera. */
	assert_int_equal(video_address(&r, "rtsp://10.20.0.111/ch1", url, sizeof url, shown, sizeof shown), 0);
	assert_string_equal(url, "rtsp://10.20.0.111/ch1");
	/* A login in the map file is used but not shown either. */
	assert_int_equal(video_address(&r, "http://u:p@cam/snap.jpg", url, sizeof url, shown, sizeof shown), 0);
	assert_string_equal(url, "http://u:p@cam/snap.jpg");
	assert_string_equal(shown, "http://cam/snap.jpg");
	/* No camera of this console. */
	assert_int_equal(video_address(&r, "gb28181:34020000001320000001", url, sizeof url, shown, sizeof shown), -1);
	assert_non_null(strstr(shown, "GB/T 28181"));
	assert_int_equal(video_address(&r, "file:///etc/passwd", url, sizeof url, shown, sizeof shown), -1);
	assert_int_equal(video_address(&r, "http://cam/a\x1b[2J", url, sizeof url, shown, sizeof shown), -1);
	assert_int_equal(video_address(&r, "", url, sizeof url, shown, sizeof shown), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_grids),
		cmocka_unit_test(fit_keeps_aspect),
		cmocka_unit_test(change_counted),
		cmocka_unit_test(addresses),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
