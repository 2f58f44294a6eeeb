/* fuzz_text.c - libFuzzer target for the text reader (and the cleaner on
 * what it reads), and for the fold of any bytes (wt_text_fold and the
 * paragraph hash built on it). */
#include "fuzz_common.h"
#include "internal.h"

#include <xxhash.h>

/* The fold has white space only as single spaces between other
 * characters, no ASCII capital letter, and its hash is text_fold_hash. */
static void fold_checks(const uint8_t *data, size_t size)
{
	size_t n = 0;
	char *f = wt_text_fold((const char *)data, size, &n);
	if (!f)
		return;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f[i];
		if ((c >= '\t' && c <= '\r') || (c >= 'A' && c <= 'Z'))
			abort();
		if (c == ' ' && (i == 0 || i + 1 == n || f[i + 1] == ' '))
			abort();
	}
	if (text_fold_hash((const char *)data, size) != XXH3_64bits(f, n))
		abort();
	free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("story.txt", data, size);
	fold_checks(data, size);
	return 0;
}
