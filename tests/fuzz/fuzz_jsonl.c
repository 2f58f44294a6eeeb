/* fuzz_jsonl.c - libFuzzer target for the jsonl reader (and the cleaner on
 * what it reads). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("in.jsonl", data, size);
	return 0;
}
