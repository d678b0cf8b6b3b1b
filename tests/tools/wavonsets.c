/* wavonsets — prints "SECONDS HZ" for each sound in a WAV recording (a sound
 * starts after 400 ms of silence; its frequency is estimated from zero
 * crossings over its first 80 ms). Used by the audio integration tests. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../audio/audio.h"

int main(int argc, char **argv)
{
	char why[300];
	size_t n, quiet = AUDIO_RATE;
	float *x;

	if (argc != 2) {
		fprintf(stderr, "usage: wavonsets FILE.wav\n");
		return 2;
	}
	x = audio_load(argv[1], &n, why, sizeof why);
	if (x == NULL) {
		fprintf(stderr, "wavonsets: %s\n", why);
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (fabsf(x[i]) < 0.02f) {
			quiet++;
			continue;
		}
		if (quiet >= (size_t)(AUDIO_RATE * 0.4)) {
			size_t end = i + AUDIO_RATE * 8 / 100 < n ? i + AUDIO_RATE * 8 / 100 : n;
			int c = 0;
			for (size_t j = i + 1; j < end; j++)
				c += (x[j - 1] < 0) != (x[j] < 0);
			printf("%.3f %.0f\n", (double)i / AUDIO_RATE,
			       c / 2.0 / ((double)(end - i) / AUDIO_RATE));
		}
		quiet = 0;
	}
	free(x);
	return 0;
}
