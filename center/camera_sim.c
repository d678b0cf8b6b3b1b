/* camera_sim.c — `alarmdesk-center camera`: a test camera for the demo and
 * the tests. It serves a moving test picture (colour bars, a box bouncing
 * across, a bar that scrolls, the frame's number in blocks) over HTTP: any
 * path as an MJPEG stream (multipart/x-mixed-replace, what many IP cameras
 * serve), a path ending in .jpg as one JPEG snapshot. JPEG by libavcodec's
 * MJPEG encoder; many clients, each skipped a frame while its last one is
 * still being written (a slow client never slows the others). */
#include "camera_sim.h"

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <libavcodec/avcodec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "sockaddr.h"

#define BOUNDARY "alarmdeskframe"
#define REQ_MAX 4096

struct cam;
struct client {
	uv_tcp_t tcp;
	struct cam *cam;
	struct client *next;
	char req[REQ_MAX];
	size_t len;
	bool streaming, closing;
	int writing; /* writes not yet done */
};

struct cam {
	uv_loop_t *loop;
	uv_tcp_t server;
	uv_timer_t tick;
	AVCodecContext *enc;
	AVFrame *frame;
	AVPacket *pkt;
	int w, h, fps;
	int64_t n;
	int64_t pts; /* of each picture encoded: the encoder refuses one not after the last */
	uint8_t *jpeg;
	size_t jpeg_len;
	struct client *clients;
	int closing; /* camera_stop: handles not yet closed */
};

struct wreq {
	uv_write_t w;
	struct client *c;
	char *data;
};

/* Frame n: eight colour bars, a white box bouncing across, a grey bar
 * scrolling down and the frame number as blocks along the bottom. */
static void draw(struct cam *m)
{
	static const uint8_t bars[8][3] = {{235, 128, 128}, {210, 16, 146}, {170, 166, 16},
					   {145, 54, 34},   {106, 202, 222}, {81, 90, 240},
					   {41, 240, 110},  {16, 128, 128}};
	AVFrame *f = m->frame;
	int span = m->w - m->w / 6, bx = (int)(m->n * 4 % (2 * span)), by = m->h / 3;
	int scroll = (int)(m->n * 2 % m->h), bw = m->w / 6;

	if (bx >= span)
		bx = 2 * span - bx;
	av_frame_make_writable(f);
	for (int y = 0; y < m->h; y++)
		for (int x = 0; x < m->w; x++) {
			const uint8_t *c = bars[x * 8 / m->w];
			uint8_t Y = c[0];
			int digit = (int)(m->n >> ((x * 16 / m->w) & 15)) & 1;
			if (x >= bx && x < bx + bw && y >= by && y < by + bw)
				Y = 250, c = bars[0];
			if (y >= scroll && y < scroll + 6)
				Y = 128, c = bars[7];
			if (y >= m->h - m->h / 10)
				Y = digit ? 235 : 16, c = bars[7];
			f->data[0][y * f->linesize[0] + x] = Y;
			if ((x & 1) == 0 && (y & 1) == 0) {
				f->data[1][(y / 2) * f->linesize[1] + x / 2] = c[1];
				f->data[2][(y / 2) * f->linesize[2] + x / 2] = c[2];
			}
		}
}

static int encode(struct cam *m)
{
	draw(m);
	/* Snapshots come between the ticks: two in one tick must not share a
	 * pts (every second one was refused, its client closed unanswered). */
	m->frame->pts = m->pts++;
	if (avcodec_send_frame(m->enc, m->frame) < 0 || avcodec_receive_packet(m->enc, m->pkt) < 0)
		return -1;
	free(m->jpeg);
	m->jpeg_len = 0;
	if ((m->jpeg = malloc((size_t)m->pkt->size)) != NULL) {
		memcpy(m->jpeg, m->pkt->data, (size_t)m->pkt->size);
		m->jpeg_len = (size_t)m->pkt->size;
	}
	av_packet_unref(m->pkt);
	return m->jpeg ? 0 : -1;
}

static void cam_free(struct cam *m)
{
	free(m->jpeg);
	av_frame_free(&m->frame);
	av_packet_free(&m->pkt);
	avcodec_free_context(&m->enc);
	free(m);
}

/* One of a stopping camera's handles closed: the last frees it (libuv
 * calls close callbacks in no order we may rely on). */
static void cam_closed(uv_handle_t *h)
{
	struct cam *m = h->data;

	if (--m->closing == 0)
		cam_free(m);
}

static void client_closed(uv_handle_t *h)
{
	struct client *c = h->data, **p;
	struct cam *m = c->cam;

	for (p = &m->clients; *p; p = &(*p)->next)
		if (*p == c) {
			*p = c->next;
			break;
		}
	free(c);
	if (m->closing && --m->closing == 0)
		cam_free(m);
}

static void client_close(struct client *c)
{
	if (!c->closing) {
		c->closing = true;
		uv_close((uv_handle_t *)&c->tcp, client_closed);
	}
}

static void write_cb(uv_write_t *w, int status)
{
	struct wreq *r = (struct wreq *)w;
	struct client *c = r->c;

	free(r->data);
	free(r);
	c->writing--;
	if (status < 0 || (!c->streaming && c->writing == 0))
		client_close(c); /* a snapshot is one answer, then closed */
}

/* Sends head then body as one write (copied). */
static void send_bytes(struct client *c, const char *head, size_t hlen, const uint8_t *body,
		       size_t blen, const char *tail)
{
	size_t tlen = tail ? strlen(tail) : 0;
	struct wreq *r = malloc(sizeof *r);
	uv_buf_t b;

	if (r == NULL || (r->data = malloc(hlen + blen + tlen)) == NULL) {
		free(r);
		client_close(c);
		return;
	}
	memcpy(r->data, head, hlen);
	if (blen)
		memcpy(r->data + hlen, body, blen);
	if (tlen)
		memcpy(r->data + hlen + blen, tail, tlen);
	r->c = c;
	b = uv_buf_init(r->data, (unsigned)(hlen + blen + tlen));
	c->writing++;
	if (uv_write(&r->w, (uv_stream_t *)&c->tcp, &b, 1, write_cb) != 0) {
		c->writing--;
		free(r->data);
		free(r);
		client_close(c);
	}
}

static void send_frame(struct client *c)
{
	char head[160];
	int n = snprintf(head, sizeof head,
			 "--" BOUNDARY "\r\nContent-Type: image/jpeg\r\nContent-Length: %zu\r\n\r\n",
			 c->cam->jpeg_len);
	send_bytes(c, head, (size_t)n, c->cam->jpeg, c->cam->jpeg_len, "\r\n");
}

static void tick_cb(uv_timer_t *t)
{
	struct cam *m = t->data;

	m->n++;
	if (m->clients == NULL || encode(m) != 0)
		return;
	for (struct client *c = m->clients; c; c = c->next)
		if (c->streaming && !c->closing && c->writing == 0)
			send_frame(c);
}

/* A request: GET PATH. A .jpg path gets the snapshot, others the stream. */
static void answer(struct client *c)
{
	char method[8], path[512], head[300];
	int n;

	if (sscanf(c->req, "%7s %511s", method, path) != 2 || strcmp(method, "GET") != 0) {
		static const char bad[] = "HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n";
		send_bytes(c, bad, sizeof bad - 1, NULL, 0, NULL);
		return;
	}
	path[strcspn(path, "?#")] = '\0'; /* the query names nothing here */
	/* A snapshot is of now (the stream's frames are encoded only while
	 * someone streams). */
	if (strlen(path) > 4 && strcmp(path + strlen(path) - 4, ".jpg") == 0) {
		if (encode(c->cam) != 0) {
			client_close(c);
			return;
		}
		n = snprintf(head, sizeof head,
			     "HTTP/1.0 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %zu\r\n"
			     "Cache-Control: no-store\r\nConnection: close\r\n\r\n",
			     c->cam->jpeg_len);
		send_bytes(c, head, (size_t)n, c->cam->jpeg, c->cam->jpeg_len, NULL);
		return;
	}
	n = snprintf(head, sizeof head,
		     "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=" BOUNDARY
		     "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
	if (c->cam->jpeg == NULL && encode(c->cam) != 0) {
		client_close(c);
		return;
	}
	c->streaming = true;
	send_bytes(c, head, (size_t)n, NULL, 0, NULL);
	send_frame(c);
}

static void alloc_cb(uv_handle_t *h, size_t want, uv_buf_t *b)
{
	struct client *c = h->data;
	size_t room = REQ_MAX - 1 - c->len;

	*b = uv_buf_init(c->req + c->len, (unsigned)room);
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	struct client *c = s->data;

	if (n < 0) {
		client_close(c);
		return;
	}
	if (c->streaming || n == 0)
		return; /* what a streaming client sends is ignored */
	c->len += (size_t)n;
	c->req[c->len] = '\0';
	if (strstr(c->req, "\r\n\r\n"))
		answer(c);
	else if (c->len >= REQ_MAX - 1)
		client_close(c); /* a request this long is no camera's client */
}

static void conn_cb(uv_stream_t *server, int status)
{
	struct cam *m = server->data;
	struct client *c;

	if (status < 0 || (c = calloc(1, sizeof *c)) == NULL)
		return;
	c->cam = m;
	uv_tcp_init(m->loop, &c->tcp);
	c->tcp.data = c;
	c->next = m->clients;
	m->clients = c;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
	    uv_read_start((uv_stream_t *)&c->tcp, alloc_cb, read_cb) != 0)
		client_close(c);
}

static int open_encoder(struct cam *m)
{
	const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);

	if (codec == NULL || (m->enc = avcodec_alloc_context3(codec)) == NULL)
		return -1;
	m->enc->width = m->w;
	m->enc->height = m->h;
	m->enc->pix_fmt = AV_PIX_FMT_YUVJ420P;
	m->enc->time_base = (AVRational){1, m->fps};
	if (avcodec_open2(m->enc, codec, NULL) < 0 || (m->frame = av_frame_alloc()) == NULL ||
	    (m->pkt = av_packet_alloc()) == NULL)
		return -1;
	m->frame->format = AV_PIX_FMT_YUVJ420P;
	m->frame->width = m->w;
	m->frame->height = m->h;
	return av_frame_get_buffer(m->frame, 0);
}

static const char camera_usage[] =
	"Usage: alarmdesk-center camera [--listen ADDR:PORT] [--fps N] [--size WxH]\n"
	"A test camera: a moving test picture over HTTP, any path as an MJPEG\n"
	"stream (multipart/x-mixed-replace), a path ending in .jpg as one JPEG\n"
	"snapshot. Prints \"camera listening on ADDR:PORT\" once it listens.\n"
	"  --listen ADDR:PORT   where (default 127.0.0.1:0: a free port)\n"
	"  --fps N              pictures a second, 1-60 (default 15)\n"
	"  --size WxH           picture size (default 320x240)\n"
	"  --exit-with-parent   exit when the process that started it does\n";

struct cam *camera_start(uv_loop_t *loop, const char *listen, int fps, int w, int h,
			 char *name, size_t namelen, char *err, size_t errlen)
{
	struct cam *m = calloc(1, sizeof *m);
	struct sockaddr_storage ss, got;
	int len = sizeof got;

	if (m == NULL) {
		snprintf(err, errlen, "test camera: out of memory");
		return NULL;
	}
	*m = (struct cam){.loop = loop, .w = w, .h = h, .fps = fps};
	if (fps < 1 || fps > 60 || w < 16 || h < 16 || w > 3840 || h > 2160 || (w & 1) || (h & 1)) {
		snprintf(err, errlen, "test camera: --fps 1-60, --size even WxH 16x16-3840x2160");
		free(m);
		return NULL;
	}
	if (sockaddr_parse("--test-camera", listen, &ss, err, errlen) != 0) {
		free(m);
		return NULL;
	}
	if (open_encoder(m) != 0) {
		snprintf(err, errlen, "test camera: no MJPEG encoder in this libavcodec");
		free(m); /* the process exits: the encoder's memory with it */
		return NULL;
	}
	uv_tcp_init(loop, &m->server);
	m->server.data = m;
	if (uv_tcp_bind(&m->server, (const struct sockaddr *)&ss, 0) != 0 ||
	    uv_listen((uv_stream_t *)&m->server, 64, conn_cb) != 0) {
		snprintf(err, errlen, "test camera: cannot listen on %s", listen);
		uv_close((uv_handle_t *)&m->server, NULL); /* m leaks: the process exits */
		return NULL;
	}
	uv_tcp_getsockname(&m->server, (struct sockaddr *)&got, &len);
	sockaddr_name((const struct sockaddr *)&got, name, namelen);
	uv_timer_init(loop, &m->tick);
	m->tick.data = m;
	uv_timer_start(&m->tick, tick_cb, 0, (uint64_t)(1000 / fps));
	return m;
}

void camera_stop(struct cam *m)
{
	if (m == NULL)
		return;
	m->closing = 2; /* server and timer, and each client (closing or not) */
	for (struct client *c = m->clients; c; c = c->next) {
		m->closing++;
		client_close(c);
	}
	uv_close((uv_handle_t *)&m->server, cam_closed);
	uv_close((uv_handle_t *)&m->tick, cam_closed);
}

int camera_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", 1, NULL, 'l'}, {"fps", 1, NULL, 'f'},           {"size", 1, NULL, 's'},
		{"help", 0, NULL, 'h'},   {"exit-with-parent", 0, NULL, 'p'}, {NULL, 0, NULL, 0},
	};
	const char *listen = "127.0.0.1:0";
	int fps = 15, w = 320, h = 240, c;
	char err[300], name[96];
	uv_loop_t *loop = uv_default_loop();

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'f': fps = atoi(optarg); break;
		case 's':
			if (sscanf(optarg, "%dx%d", &w, &h) != 2)
				w = 0;
			break;
		case 'p': prctl(PR_SET_PDEATHSIG, SIGTERM); break;
		case 'h': fputs(camera_usage, stdout); return 0;
		default: fputs(camera_usage, stderr); return 2;
		}
	}
	if (camera_start(loop, listen, fps, w, h, name, sizeof name, err, sizeof err) == NULL) {
		fprintf(stderr, "alarmdesk-center camera: %s\n", err);
		return 2;
	}
	printf("camera listening on %s\n", name);
	fflush(stdout);
	return uv_run(loop, UV_RUN_DEFAULT);
}
