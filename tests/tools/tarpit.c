/* tarpit — a camera that never answers, for the tests: listens on
 * 127.0.0.1 (port 0: any), prints "listening on PORT", accepts connections
 * and reads what they send, and never writes a byte. `tarpit --free`
 * prints a port free now and exits (for servers that take a fixed port). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

static void alloc_cb(uv_handle_t *h, size_t n, uv_buf_t *b)
{
	static char buf[4096];
	*b = uv_buf_init(buf, sizeof buf);
}

static void read_cb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	if (n < 0)
		uv_close((uv_handle_t *)s, (uv_close_cb)free);
}

static void conn_cb(uv_stream_t *server, int status)
{
	uv_tcp_t *c = malloc(sizeof *c);

	if (status < 0 || c == NULL)
		return;
	uv_tcp_init(server->loop, c);
	if (uv_accept(server, (uv_stream_t *)c) == 0)
		uv_read_start((uv_stream_t *)c, alloc_cb, read_cb);
}

int main(int argc, char **argv)
{
	uv_loop_t *loop = uv_default_loop();
	struct sockaddr_in a;
	struct sockaddr_storage got;
	int len = sizeof got;
	uv_tcp_t server;
	int free_only = argc > 1 && strcmp(argv[1], "--free") == 0;

	uv_ip4_addr("127.0.0.1", free_only || argc < 2 ? 0 : atoi(argv[1]), &a);
	uv_tcp_init(loop, &server);
	if (uv_tcp_bind(&server, (const struct sockaddr *)&a, 0) != 0 ||
	    uv_listen((uv_stream_t *)&server, 16, conn_cb) != 0) {
		fprintf(stderr, "tarpit: cannot listen\n");
		return 1;
	}
	uv_tcp_getsockname(&server, (struct sockaddr *)&got, &len);
	printf(free_only ? "%d\n" : "listening on %d\n", ntohs(((struct sockaddr_in *)&got)->sin_port));
	fflush(stdout);
	if (free_only)
		return 0;
	return uv_run(loop, UV_RUN_DEFAULT);
}
