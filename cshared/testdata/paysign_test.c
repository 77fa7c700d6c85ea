/* paysign_test.c: the C test of libpaysign, through the public header.
 *
 * 1. Runs every vector file (the .json files in testvectors/, or $PAYSIGN_TESTVECTORS)
 *    with the runner rules of testvectors/README.md, and checks that the
 *    status paysign_call returns agrees with its envelope.
 * 2. Checks the calling convention: NULL pointers, oversized requests, a
 *    recovered panic after which the library keeps working, paysign_free(NULL).
 * 3. Hardening (issue 7): a 10 MB tran_id and a 10 MB op name get their
 *    structured errors at once and the library keeps working; no response to
 *    a failing request holds its API key (a random marker) or private-key
 *    material; a recovered panic's message holds no request data.
 *
 * JSON comes from Debian's cJSON (libcjson-dev). Run it under valgrind:
 * every buffer is freed, so a leak or a bad access fails the run.
 * Prints "N passed, N failed" and exits non-zero on any failure. */
#include "paysign.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;

static void check(int ok, const char *name, const char *fmt, ...) {
	if (ok) {
		passed++;
		return;
	}
	failed++;
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "FAIL %s: ", name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* cJSON keeps strings NUL-terminated, so a "\u0000" inside a JSON string
 * would cut it short. While JSON is in cJSON's hands, the runner therefore
 * writes U+0000 as U+10FFFF, a noncharacter no vector uses (a vector file
 * holding one is rejected): hide_nul rewrites JSON text before parsing,
 * and show_nul rewrites what cJSON prints (as_byte: to a raw NUL byte for
 * input_raw, else back to the escape). */
static const char nul_escape[] = "\\u0000";
static const char sentinel_escape[] = "\\udbff\\udfff";
static const char sentinel_utf8[] = "\xf4\x8f\xbf\xbf";

static char *hide_nul(const char *text, size_t len) {
	char *out = malloc(len * 2 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\\' && i + 6 <= len && memcmp(text + i, nul_escape, 6) == 0) {
			memcpy(out + o, sentinel_escape, 12);
			o += 12;
			i += 5;
		} else if (text[i] == '\\' && i + 1 < len) {
			out[o++] = text[i++];
			out[o++] = text[i];
		} else {
			out[o++] = text[i];
		}
	}
	out[o] = '\0';
	return out;
}

static int holds_sentinel(const char *text) {
	return strstr(text, sentinel_utf8) != NULL || strstr(text, sentinel_escape) != NULL ||
	       strstr(text, "\\uDBFF\\uDFFF") != NULL;
}

/* show_nul consumes text (from cJSON) and returns a new buffer and length. */
static char *show_nul(char *text, int as_byte, size_t *out_len) {
	size_t len = strlen(text);
	char *out = malloc(len * 2 + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (i + 4 <= len && memcmp(text + i, sentinel_utf8, 4) == 0) {
			if (as_byte) {
				out[o++] = '\0';
			} else {
				memcpy(out + o, nul_escape, 6);
				o += 6;
			}
			i += 3;
		} else {
			out[o++] = text[i];
		}
	}
	out[o] = '\0';
	free(text);
	*out_len = o;
	return out;
}

/* keep_last_members gives objects map semantics, as other runners' JSON
 * decoders do: of members with the same name, the last one counts. */
static void keep_last_members(cJSON *item) {
	if (item == NULL) {
		return;
	}
	cJSON *child = item->child;
	while (child != NULL) {
		cJSON *next = child->next;
		int repeated = 0;
		if (cJSON_IsObject(item)) {
			for (cJSON *later = next; later != NULL && !repeated; later = later->next) {
				repeated = strcmp(later->string, child->string) == 0;
			}
		}
		if (repeated) {
			cJSON_Delete(cJSON_DetachItemViaPointer(item, child));
		} else {
			keep_last_members(child);
		}
		child = next;
	}
}

/* call wraps paysign_call: it parses the envelope, checks that the status
 * agrees with it, and frees the library's buffer. It returns the parsed
 * envelope (caller frees) or NULL after recording a failure. */
static cJSON *call(const char *name, const char *op, const char *req, size_t req_len, int *status_out) {
	char *out = NULL;
	size_t out_len = 0;
	int status = paysign_call((char *)op, (char *)req, req_len, &out, &out_len);
	if (status_out != NULL) {
		*status_out = status;
	}
	if (out == NULL) {
		check(0, name, "status %d and no response", status);
		return NULL;
	}
	int terminated = out[out_len] == '\0' && strlen(out) == out_len && !holds_sentinel(out);
	char *hidden = hide_nul(out, out_len);
	paysign_free(out);
	cJSON *envelope = cJSON_Parse(hidden);
	free(hidden);
	keep_last_members(envelope);
	if (!terminated || envelope == NULL) {
		check(0, name, "response is not a NUL-terminated JSON document (status %d)", status);
		cJSON_Delete(envelope);
		return NULL;
	}
	cJSON *ok = cJSON_GetObjectItemCaseSensitive(envelope, "ok");
	cJSON *code = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(envelope, "error"), "code");
	const char *code_s = cJSON_IsString(code) ? code->valuestring : "";
	int agrees;
	switch (status) {
	case PAYSIGN_OK:
		agrees = cJSON_IsTrue(ok);
		break;
	case PAYSIGN_ERROR:
		agrees = cJSON_IsFalse(ok) && strcmp(code_s, "internal") != 0 && strcmp(code_s, "misuse") != 0;
		break;
	case PAYSIGN_PANIC:
		agrees = cJSON_IsFalse(ok) && strcmp(code_s, "internal") == 0;
		break;
	case PAYSIGN_MISUSE:
		agrees = cJSON_IsFalse(ok) && strcmp(code_s, "misuse") == 0;
		break;
	default:
		agrees = 0;
	}
	if (!agrees) {
		check(0, name, "status %d disagrees with the envelope (ok=%s, code=%s)", status,
		      cJSON_IsTrue(ok) ? "true" : "false", code_s);
		cJSON_Delete(envelope);
		return NULL;
	}
	return envelope;
}

static const char *string_member(const cJSON *obj, const char *key) {
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* base64_decode decodes standard base64 (with padding) into a new buffer. */
static unsigned char *base64_decode(const char *in, size_t *out_len) {
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(in);
	unsigned char *out = malloc(n / 4 * 3 + 3);
	size_t o = 0;
	unsigned int acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n && in[i] != '='; i++) {
		const char *p = strchr(alphabet, in[i]);
		if (p == NULL || *p == '\0') {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (unsigned int)(p - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	*out_len = o;
	return out;
}

/* check_encrypted applies a randomized test's "encrypted" rule: the
 * ciphertext's base64 text in value.fields has base64_length characters
 * (its block count), and value.hash_input is hash_input[0], that text,
 * hash_input[1]. It returns 1 when both hold. */
static int check_encrypted(const cJSON *encrypted, const cJSON *value, const char **differing) {
	const char *field = string_member(encrypted, "field");
	const cJSON *length = cJSON_GetObjectItemCaseSensitive(encrypted, "base64_length");
	*differing = "encrypted";
	if (field == NULL || !cJSON_IsNumber(length)) {
		return 0;
	}
	const char *text = NULL;
	const cJSON *pair;
	cJSON_ArrayForEach(pair, cJSON_GetObjectItemCaseSensitive(value, "fields")) {
		const cJSON *name = cJSON_GetArrayItem(pair, 0);
		const cJSON *v = cJSON_GetArrayItem(pair, 1);
		if (cJSON_IsString(name) && cJSON_IsString(v) && strcmp(name->valuestring, field) == 0) {
			text = v->valuestring;
		}
	}
	*differing = field;
	if (text == NULL || strlen(text) != (size_t)length->valueint) {
		return 0;
	}
	const cJSON *around = cJSON_GetObjectItemCaseSensitive(encrypted, "hash_input");
	if (around == NULL) {
		return 1;
	}
	const cJSON *before = cJSON_GetArrayItem(around, 0);
	const cJSON *after = cJSON_GetArrayItem(around, 1);
	const char *got = string_member(value, "hash_input");
	*differing = "hash_input";
	if (!cJSON_IsString(before) || !cJSON_IsString(after) || got == NULL) {
		return 0;
	}
	size_t nb = strlen(before->valuestring), nt = strlen(text), na = strlen(after->valuestring);
	return strlen(got) == nb + nt + na && memcmp(got, before->valuestring, nb) == 0 &&
	       memcmp(got + nb, text, nt) == 0 && memcmp(got + nb + nt, after->valuestring, na) == 0;
}

/* run_test runs one vector by the README's runner rules. */
static void run_test(const char *file, const char *file_op, const cJSON *test) {
	char name[512];
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(test, "id");
	const char *comment = string_member(test, "comment");
	snprintf(name, sizeof name, "%s #%d %s", file, cJSON_IsNumber(id) ? id->valueint : -1, comment ? comment : "");

	const char *op = string_member(test, "op");
	if (op == NULL) {
		op = file_op;
	}
	char *request = NULL;
	size_t request_len = 0;
	const cJSON *input = cJSON_GetObjectItemCaseSensitive(test, "input");
	const char *input_raw = string_member(test, "input_raw");
	const char *input_b64 = string_member(test, "input_b64");
	if (input != NULL) {
		request = show_nul(cJSON_PrintUnformatted(input), 0, &request_len);
	} else if (input_raw != NULL) {
		request = show_nul(strdup(input_raw), 1, &request_len);
	} else if (input_b64 != NULL) {
		request = (char *)base64_decode(input_b64, &request_len);
	}
	if (op == NULL || request == NULL) {
		check(0, name, "vector has no op or no usable input");
		free(request);
		return;
	}

	cJSON *envelope = call(name, op, request, request_len, NULL);
	free(request);
	if (envelope == NULL) {
		return;
	}
	const char *result = string_member(test, "result");
	cJSON *ok = cJSON_GetObjectItemCaseSensitive(envelope, "ok");
	if (result != NULL && strcmp(result, "invalid") == 0) {
		const cJSON *error = cJSON_GetObjectItemCaseSensitive(envelope, "error");
		const char *want_code = string_member(test, "error_code");
		const char *got_code = string_member(error, "code");
		const char *want_field = string_member(test, "error_field");
		const char *got_field = string_member(error, "field");
		if (!cJSON_IsFalse(ok)) {
			check(0, name, "want an error, got ok");
		} else if (want_code == NULL || got_code == NULL || strcmp(want_code, got_code) != 0) {
			check(0, name, "error code: want %s, got %s", want_code ? want_code : "(none)", got_code ? got_code : "(none)");
		} else if (want_field != NULL && (got_field == NULL || strcmp(want_field, got_field) != 0)) {
			check(0, name, "error field: want %s, got %s", want_field, got_field ? got_field : "(none)");
		} else {
			check(1, name, "");
		}
		cJSON_Delete(envelope);
		return;
	}

	const cJSON *value = cJSON_GetObjectItemCaseSensitive(envelope, "value");
	const cJSON *want = cJSON_GetObjectItemCaseSensitive(test, "output");
	if (!cJSON_IsTrue(ok)) {
		const char *code = string_member(cJSON_GetObjectItemCaseSensitive(envelope, "error"), "code");
		check(0, name, "want ok, got error %s", code ? code : "(none)");
		cJSON_Delete(envelope);
		return;
	}
	int equal;
	const char *differing = "";
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(test, "randomized"))) {
		equal = cJSON_IsObject(want);
		for (const cJSON *item = want ? want->child : NULL; equal && item != NULL; item = item->next) {
			/* An absent key equals an expected null (as in the Go runners). */
			const cJSON *got = cJSON_GetObjectItemCaseSensitive(value, item->string);
			equal = got != NULL ? cJSON_Compare(got, item, 1) : cJSON_IsNull(item);
			differing = item->string;
		}
	} else {
		equal = want != NULL && value != NULL && cJSON_Compare(value, want, 1);
	}
	if (equal && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(test, "randomized"))) {
		equal = check_encrypted(cJSON_GetObjectItemCaseSensitive(test, "encrypted"), value, &differing);
	}
	if (!equal) {
		char *got_text = cJSON_PrintUnformatted(value);
		check(0, name, "value differs from output (key %s); got %.300s", differing, got_text ? got_text : "(none)");
		free(got_text);
		cJSON_Delete(envelope);
		return;
	}

	const cJSON *then = cJSON_GetObjectItemCaseSensitive(test, "then");
	if (then == NULL) {
		check(1, name, "");
		cJSON_Delete(envelope);
		return;
	}
	char then_name[600];
	snprintf(then_name, sizeof then_name, "%s (then)", name);
	cJSON *then_input = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(then, "input"), 1);
	const char *then_op = string_member(then, "op");
	if (!cJSON_IsObject(then_input) || then_op == NULL) {
		check(0, then_name, "then needs an op and an object input");
		cJSON_Delete(then_input);
		cJSON_Delete(envelope);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(then_input, "fields");
	cJSON_AddItemToObject(then_input, "fields",
	                      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(value, "fields"), 1));
	size_t then_len;
	char *then_request = show_nul(cJSON_PrintUnformatted(then_input), 0, &then_len);
	cJSON_Delete(then_input);
	cJSON *then_envelope = call(then_name, then_op, then_request, then_len, NULL);
	free(then_request);
	if (then_envelope != NULL) {
		const cJSON *then_want = cJSON_GetObjectItemCaseSensitive(then, "output");
		const cJSON *then_value = cJSON_GetObjectItemCaseSensitive(then_envelope, "value");
		check(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(then_envelope, "ok")) && then_want != NULL &&
		          then_value != NULL && cJSON_Compare(then_value, then_want, 1),
		      then_name, "second call differs from then.output");
	}
	cJSON_Delete(then_envelope);
	cJSON_Delete(envelope);
}

static char *read_file(const char *path) {
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		return NULL;
	}
	size_t cap = 1 << 16, len = 0, n;
	char *buf = malloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int compare_names(const void *a, const void *b) {
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_vectors(const char *dir) {
	DIR *d = opendir(dir);
	if (d == NULL) {
		check(0, dir, "cannot open the vector directory");
		return;
	}
	char *names[256];
	size_t count = 0;
	struct dirent *entry;
	while ((entry = readdir(d)) != NULL && count < 256) {
		size_t len = strlen(entry->d_name);
		if (len > 5 && strcmp(entry->d_name + len - 5, ".json") == 0) {
			names[count++] = strdup(entry->d_name);
		}
	}
	closedir(d);
	qsort(names, count, sizeof names[0], compare_names);
	int files = 0;
	for (size_t i = 0; i < count; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		char *text = read_file(path);
		if (text != NULL && holds_sentinel(text)) {
			check(0, names[i], "holds U+10FFFF, which this runner uses to stand for U+0000");
		}
		char *hidden = text ? hide_nul(text, strlen(text)) : NULL;
		cJSON *doc = hidden ? cJSON_Parse(hidden) : NULL;
		keep_last_members(doc);
		free(text);
		free(hidden);
		/* A file this runner cannot read, cannot parse or does not know
		 * fails: skipping it would pass without running it. */
		const char *schema = string_member(doc, "schema");
		if (doc == NULL) {
			check(0, names[i], "cannot read or parse the file");
		} else if (schema == NULL || strcmp(schema, "paysign-vectors-v1") != 0) {
			check(0, names[i], "unknown schema %s", schema ? schema : "(none)");
		} else {
			files++;
			const cJSON *tests = cJSON_GetObjectItemCaseSensitive(doc, "tests");
			const cJSON *declared = cJSON_GetObjectItemCaseSensitive(doc, "number_of_tests");
			const cJSON *test;
			int ran = 0;
			cJSON_ArrayForEach(test, tests) {
				run_test(names[i], string_member(doc, "op"), test);
				ran++;
			}
			check(cJSON_IsArray(tests) && cJSON_IsNumber(declared) && declared->valueint == ran, names[i],
			      "ran %d tests, number_of_tests is %d", ran, cJSON_IsNumber(declared) ? declared->valueint : -1);
		}
		cJSON_Delete(doc);
		free(names[i]);
	}
	check(files > 0, dir, "no vector file found");
	printf("vectors: %d files from %s\n", files, dir);
}

static const char *error_code(const cJSON *envelope) {
	return string_member(cJSON_GetObjectItemCaseSensitive(envelope, "error"), "code");
}

static void expect_code(const char *name, const char *op, const char *req, size_t len, int want_status,
                        const char *want_code) {
	int status = -1;
	cJSON *envelope = call(name, op, req, len, &status);
	if (envelope != NULL) {
		const char *code = error_code(envelope);
		check(status == want_status && (want_code == NULL ? code == NULL : code && !strcmp(code, want_code)), name,
		      "want status %d code %s, got status %d code %s", want_status, want_code ? want_code : "(none)", status,
		      code ? code : "(none)");
	}
	cJSON_Delete(envelope);
}

static void run_convention(void) {
	check(paysign_abi_version() == 1, "abi version", "got %d", paysign_abi_version());
	paysign_free(NULL);

	char *out = (char *)"untouched";
	size_t out_len = 0;
	check(paysign_call("paysign.version", "{}", 2, NULL, &out_len) == PAYSIGN_MISUSE, "NULL out", "want misuse");
	check(paysign_call("paysign.version", "{}", 2, &out, NULL) == PAYSIGN_MISUSE && !strcmp(out, "untouched"),
	      "NULL out_len", "want misuse and out untouched");

	expect_code("NULL op", NULL, "{}", 2, PAYSIGN_MISUSE, "misuse");
	expect_code("NULL req with length", "paysign.version", NULL, 10, PAYSIGN_MISUSE, "misuse");
	expect_code("NULL req, length 0 (empty request)", "paysign.version", NULL, 0, PAYSIGN_OK, NULL);
	expect_code("request with a NUL byte", "paysign.version", "{}\0{}", 5, PAYSIGN_ERROR, "malformed_request");

	size_t big_len = (1u << 20) + 1;
	char *big = malloc(big_len);
	memset(big, ' ', big_len);
	expect_code("request over 1 MiB", "paysign.version", big, big_len, PAYSIGN_ERROR, "request_too_large");
	free(big);

	for (int i = 0; i < 3; i++) {
		expect_code("recovered panic", "test.panic", "{}", 2, PAYSIGN_PANIC, "internal");
		expect_code("call after a recovered panic", "paysign.version", "{}", 2, PAYSIGN_OK, NULL);
	}
}

static double now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* response_of calls op and returns the raw envelope text (caller frees). */
static char *response_of(const char *op, const char *req, size_t len) {
	char *out = NULL;
	size_t out_len = 0;
	paysign_call((char *)op, (char *)req, len, &out, &out_len);
	if (out == NULL) {
		return NULL;
	}
	char *copy = strdup(out);
	paysign_free(out);
	return copy;
}

static void run_ten_megabytes(void) {
	const size_t ten_mb = 10u << 20;
	static const char head[] = "{\"operation\":\"check_transaction\",\"credentials\":{\"merchant_id\":\"ec000002\","
	                           "\"api_key\":\"k\"},\"params\":{\"tran_id\":\"";
	static const char tail[] = "\"}}";
	size_t len = strlen(head) + ten_mb + strlen(tail);
	char *req = malloc(len + 1);
	memcpy(req, head, strlen(head));
	memset(req + strlen(head), 'T', ten_mb);
	memcpy(req + strlen(head) + ten_mb, tail, strlen(tail) + 1);
	double start = now_ms();
	expect_code("10 MB tran_id", "payway.sign", req, len, PAYSIGN_ERROR, "request_too_large");
	double request_ms = now_ms() - start;
	free(req);

	char *op = malloc(ten_mb + 1);
	memcpy(op, "payway.sign", 11);
	memset(op + 11, 'x', ten_mb - 11);
	op[ten_mb] = '\0';
	start = now_ms();
	char *response = response_of(op, "{}", 2);
	double op_ms = now_ms() - start;
	free(op);
	check(response != NULL && strstr(response, "\"code\":\"unknown_op\"") != NULL && strlen(response) < 300,
	      "10 MB op name", "want a short unknown_op envelope");
	free(response);
	printf("c: 10 MB tran_id -> request_too_large in %.1f ms; 10 MB op name -> unknown_op in %.1f ms\n", request_ms,
	       op_ms);
	expect_code("call after 10 MB input", "paysign.version", "{}", 2, PAYSIGN_OK, NULL);
}

/* json_escape returns text as a JSON string body (PEM newlines escaped). */
static char *json_escape(const char *text) {
	char *out = malloc(strlen(text) * 2 + 1);
	size_t o = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	return out;
}

static void run_secrets(const char *dir) {
	char marker[64];
	unsigned char bytes[12];
	FILE *urandom = fopen("/dev/urandom", "rb");
	check(urandom != NULL && fread(bytes, 1, sizeof bytes, urandom) == sizeof bytes, "secrets", "no /dev/urandom");
	if (urandom != NULL) {
		fclose(urandom);
	}
	int o = snprintf(marker, sizeof marker, "TEST_ONLY_SECRET_MARKER_");
	for (size_t i = 0; i < sizeof bytes; i++) {
		o += snprintf(marker + o, sizeof marker - (size_t)o, "%02x", bytes[i]);
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/../internal/testkeys/rsa1024_TEST_ONLY_private.pem", dir);
	char *private_pem = read_file(path);
	snprintf(path, sizeof path, "%s/../internal/testkeys/rsa1024_TEST_ONLY_public.pem", dir);
	char *public_pem = read_file(path);
	if (private_pem == NULL || public_pem == NULL) {
		check(0, "secrets", "cannot read the test keys under %s/../internal/testkeys", dir);
		free(private_pem);
		free(public_pem);
		return;
	}
	char *private_json = json_escape(private_pem);
	char *public_json = json_escape(public_pem);
	size_t cap = strlen(private_json) * 2 + 4096;
	char *req = malloc(cap);
	struct {
		const char *name, *op, *fmt, *code;
		int arg; /* 0: marker; 1: marker, private key; 2: marker, public key; 3: marker, marker */
	} cases[] = {
	    {"private key as the public key", "payway.sign",
	     "{\"operation\":\"refund\",\"credentials\":{\"merchant_id\":\"ec000002\",\"api_key\":\"%s\","
	     "\"rsa_public_key\":\"%s\"},\"params\":{\"tran_id\":\"T1\",\"refund_amount\":\"1.50\"}}",
	     "invalid_key", 1},
	    {"garbage PEM holding the key", "payway.sign",
	     "{\"operation\":\"refund\",\"credentials\":{\"merchant_id\":\"ec000002\",\"api_key\":\"%s\","
	     "\"rsa_public_key\":\"-----BEGIN PUBLIC KEY-----\\n%s\\n-----END PUBLIC KEY-----\"},"
	     "\"params\":{\"tran_id\":\"T1\",\"refund_amount\":\"1.50\"}}",
	     "invalid_key", 3},
	    {"missing tran_id", "payway.sign",
	     "{\"operation\":\"refund\",\"credentials\":{\"merchant_id\":\"ec000002\",\"api_key\":\"%s\","
	     "\"rsa_public_key\":\"%s\"},\"params\":{\"refund_amount\":\"1.50\"}}",
	     "PTL04", 2},
	    {"hash mismatch", "payway.verify",
	     "{\"operation\":\"check_transaction\",\"credentials\":{\"api_key\":\"%s\"},\"fields\":[[\"req_time\","
	     "\"20261121093403\"],[\"merchant_id\",\"ec000002\"],[\"tran_id\",\"T1\"],[\"hash\",\"AAAA\"]]}",
	     "PTL02", 0},
	    {"public key as the private key", "payway.verify",
	     "{\"operation\":\"refund\",\"credentials\":{\"api_key\":\"%s\",\"rsa_private_key\":\"%s\"},"
	     "\"fields\":[[\"request_time\",\"20261121093403\"],[\"merchant_id\",\"ec000002\"],"
	     "[\"merchant_auth\",\"AAAA\"],[\"hash\",\"AAAA\"]]}",
	     "invalid_key", 2},
	    {"unknown member's value", "payway.sign",
	     "{\"operation\":\"refund\",\"credentials\":{\"merchant_id\":\"ec000002\",\"api_key\":\"%s\"},"
	     "\"unexpected\":\"%s\"}",
	     "malformed_request", 3},
	    {"panic with the keys in the request", "test.panic", "{\"api_key\":\"%s\",\"rsa_private_key\":\"%s\"}",
	     "internal", 1},
	    {"truncated JSON holding the key", "payway.sign", "{\"credentials\":{\"api_key\":\"%s\"", "malformed_request",
	     0},
	};
	int leaks = 0, collected = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *second = cases[i].arg == 1 ? private_json : cases[i].arg == 2 ? public_json : marker;
		snprintf(req, cap, cases[i].fmt, marker, second);
		char *response = response_of(cases[i].op, req, strlen(req));
		if (response == NULL) {
			check(0, cases[i].name, "no response");
			continue;
		}
		collected += (int)strlen(response);
		char want[64];
		snprintf(want, sizeof want, "\"code\":\"%s\"", cases[i].code ? cases[i].code : "");
		check(strstr(response, "\"ok\":false") != NULL && (cases[i].code == NULL || strstr(response, want) != NULL),
		      cases[i].name, "want error %s", cases[i].code ? cases[i].code : "(any)");
		/* Never print the response: it is what is checked for secrets. */
		int leaked = strstr(response, marker) != NULL;
		char *copy = strdup(private_pem);
		for (char *line = strtok(copy, "\n"); line != NULL; line = strtok(NULL, "\n")) {
			leaked |= strlen(line) >= 40 && strncmp(line, "-----", 5) != 0 && strstr(response, line) != NULL;
		}
		free(copy);
		check(!leaked, cases[i].name, "the response holds the API key or private-key material (not shown)");
		leaks += leaked;
		free(response);
	}
	check(collected > 500, "secrets", "responses were collected");

	char *panic = response_of("test.panic", "{\"tran_id\":\"REQUEST_DATA_9f8e7d\"}", 32);
	check(panic != NULL && strstr(panic, "REQUEST_DATA_9f8e7d") == NULL && strstr(panic, "test.panic") != NULL,
	      "panic message", "holds request data or does not name the op");
	free(panic);
	printf("c: secrets: %zu failing requests with a marker API key, %d responses leaked\n",
	       sizeof cases / sizeof cases[0], leaks);
	free(req);
	free(private_json);
	free(public_json);
	free(private_pem);
	free(public_pem);
}

int main(int argc, char **argv) {
	const char *dir = getenv("PAYSIGN_TESTVECTORS");
	if (argc > 1) {
		dir = argv[1];
	}
	if (dir == NULL || *dir == '\0') {
		dir = "testvectors";
	}
	run_vectors(dir);
	run_convention();
	run_ten_megabytes();
	run_secrets(dir);
	printf("c: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
