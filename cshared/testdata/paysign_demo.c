/* paysign_demo.c: `make demo` for C. Signs every request of
 * testvectors/demo/requests.json through paysign.h and writes
 * {"runtime": "c", "results": {name: value}} for demo-compare.
 *
 * Usage: paysign_demo requests.json out.json */
#include "paysign.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *text = malloc((size_t)n + 1);
	if (text == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(text);
		return NULL;
	}
	text[n] = '\0';
	fclose(f);
	return text;
}

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: paysign_demo requests.json out.json\n");
		return 2;
	}
	char *text = read_file(argv[1]);
	cJSON *doc = text ? cJSON_Parse(text) : NULL;
	cJSON *requests = cJSON_GetObjectItemCaseSensitive(doc, "requests");
	if (!cJSON_IsArray(requests)) {
		fprintf(stderr, "paysign_demo: cannot read %s\n", argv[1]);
		return 1;
	}
	cJSON *out = cJSON_CreateObject();
	cJSON_AddStringToObject(out, "runtime", "c");
	cJSON *results = cJSON_AddObjectToObject(out, "results");
	const cJSON *item;
	cJSON_ArrayForEach(item, requests) {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "name"));
		const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(item, "op"));
		char *request = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(item, "request"));
		char *response = NULL;
		size_t response_len = 0;
		int status = paysign_call((char *)op, request, strlen(request), &response, &response_len);
		cJSON *envelope = cJSON_ParseWithLength(response, response_len);
		paysign_free(response);
		cJSON_free(request);
		if (status != PAYSIGN_OK || envelope == NULL) {
			fprintf(stderr, "paysign_demo: %s: status %d\n", name, status);
			return 1;
		}
		cJSON *value = cJSON_DetachItemFromObjectCaseSensitive(envelope, "value");
		printf("c       %-10s hash=%.24s…  %s\n", name,
		       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "hash")),
		       cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(value, "url")));
		cJSON_AddItemToObject(results, name, value);
		cJSON_Delete(envelope);
	}
	char *json = cJSON_Print(out);
	FILE *f = fopen(argv[2], "w");
	if (f == NULL || fputs(json, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "paysign_demo: cannot write %s\n", argv[2]);
		return 1;
	}
	cJSON_free(json);
	cJSON_Delete(out);
	cJSON_Delete(doc);
	free(text);
	return 0;
}
