/* The floor under PHP's paysign rows: the bare paysign_call, from C, of the
 * request PHP's PayWay sends (credentials as a handle), next to the same
 * request with the credentials inline. Whatever PHP measures above this is
 * PHP's (json_encode, FFI, json_decode); this much is Go's.
 *
 *   cc -O2 -Icshared/include bench/php/floor.c -Lbuild -lpaysign -lcjson \
 *      -Wl,-rpath,$PWD/build -o build/bench/php-floor
 *   build/bench/php-floor build/bench/workloads.json [REPS]
 *
 * Prints, per workload, the median (min–max) µs per call over REPS rounds
 * of about 0.2 s each, handle and inline interleaved.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paysign.h"

static double now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *call(const char *op, const char *req) {
	char *out = NULL;
	size_t len = 0;
	if (paysign_call((char *)op, (char *)req, strlen(req), &out, &len) != PAYSIGN_OK) {
		fprintf(stderr, "php-floor: %s: %.*s\n", op, (int)len, out ? out : "");
		exit(1);
	}
	return out;
}

static double per_call(const char *op, const char *req, long n) {
	double start = now_ns();
	for (long i = 0; i < n; i++) paysign_free(call(op, req));
	return (now_ns() - start) / (double)n;
}

static int cmp(const void *a, const void *b) {
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv) {
	if (argc < 2) {
		fprintf(stderr, "usage: php-floor WORKLOADS [REPS]\n");
		return 2;
	}
	int reps = argc > 2 ? atoi(argv[2]) : 7;
	if (reps < 1 || reps > 64) reps = 7;
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	static char text[1 << 20];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	cJSON *doc = cJSON_Parse(text);
	const cJSON *w;
	cJSON_ArrayForEach(w, doc) {
		const char *name = cJSON_GetObjectItemCaseSensitive(w, "name")->valuestring;
		const char *op = cJSON_GetObjectItemCaseSensitive(w, "op")->valuestring;
		cJSON *request = cJSON_GetObjectItemCaseSensitive(w, "request");
		char *inline_req = cJSON_PrintUnformatted(request);
		/* Open a handle for the workload's credentials, as PayWay does. */
		cJSON *open = cJSON_CreateObject();
		cJSON_AddItemToObject(open, "credentials", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(request, "credentials"), 1));
		char *open_req = cJSON_PrintUnformatted(open);
		char *opened = call("paysign.open_credentials", open_req);
		cJSON *answer = cJSON_Parse(opened);
		double handle = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(answer, "value"), "handle")->valuedouble;
		paysign_free(opened);
		cJSON *with_handle = cJSON_Duplicate(request, 1);
		cJSON *ref = cJSON_CreateObject();
		cJSON_AddNumberToObject(ref, "handle", handle);
		cJSON_ReplaceItemInObjectCaseSensitive(with_handle, "credentials", ref);
		char *handle_req = cJSON_PrintUnformatted(with_handle);

		per_call(op, handle_req, 100);
		double el = per_call(op, handle_req, 200);
		long n = (long)(2e8 / (el > 1 ? el : 1));
		if (n < 1) n = 1;
		double h[64], in[64];
		for (int r = 0; r < reps; r++) {
			h[r] = per_call(op, handle_req, n) / 1e3;
			in[r] = per_call(op, inline_req, n) / 1e3;
		}
		qsort(h, reps, sizeof h[0], cmp);
		qsort(in, reps, sizeof in[0], cmp);
		printf("%-22s handle %.1f (%.1f–%.1f) µs   inline %.1f (%.1f–%.1f) µs\n", name, h[reps / 2], h[0], h[reps - 1],
		       in[reps / 2], in[0], in[reps - 1]);
		fflush(stdout);
	}
	return 0;
}
