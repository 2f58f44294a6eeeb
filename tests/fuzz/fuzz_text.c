/* fuzz_text.c - libFuzzer target for the text reader (and the cleaner on
 * what it reads). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("story.txt", data, size);
	return 0;
}
