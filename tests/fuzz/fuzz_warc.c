/* fuzz_warc.c - libFuzzer target for the warc reader (and the cleaner on
 * what it reads). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("crawl.warc", data, size);
	return 0;
}
