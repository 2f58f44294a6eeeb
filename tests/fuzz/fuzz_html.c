/* fuzz_html.c - libFuzzer target for the html reader (and the cleaner on
 * what it reads). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("page.html", data, size);
	return 0;
}
