/*
 * lsh.c - the in-memory tables behind candidate search.
 *
 * lsh_map is a multimap from 64-bit keys to 32-bit record numbers: an open
 * addressing table of chain heads (linear probing, kept at most half full)
 * over an array of entries {key, record, next}. It holds LSH band keys
 * (band number mixed into the hash of the band's signature values), SimHash
 * block keys and sampled shingles. Memory: 16 bytes per entry plus 8 to 16
 * bytes of table per distinct key; posting lists can be capped so that a key
 * shared by very many records (boilerplate) costs bounded time.
 */
#include "internal.h"
#include "sketch.h"

#include <stdlib.h>
#include <string.h>

void lsh_map_init(lsh_map *m)
{
	memset(m, 0, sizeof(*m));
}

void lsh_map_release(lsh_map *m)
{
	free(m->slots);
	free(m->e);
	memset(m, 0, sizeof(*m));
}

uint64_t lsh_map_bytes(const lsh_map *m)
{
	return (uint64_t)m->nslots * sizeof(*m->slots) + (uint64_t)m->cap * sizeof(*m->e);
}

void lsh_map_save(const lsh_map *m, struct state_io *w)
{
	uint64_t hdr[4] = {m->nslots, m->nkeys, m->n, m->max_chain};
	state_put(w, hdr, sizeof hdr);
	state_put(w, m->slots, m->nslots * sizeof(*m->slots));
	state_put(w, m->e, m->n * sizeof(*m->e));
}

void lsh_map_load(lsh_map *m, struct state_io *r)
{
	uint64_t hdr[4] = {0};
	state_get(r, hdr, sizeof hdr);
	/* slots: a power of two (or none), entries indexed by u32 */
	if (r->err || (hdr[0] & (hdr[0] - 1)) || hdr[2] > 0xFFFFFFFEu || hdr[1] > hdr[2] ||
	    hdr[1] * 2 > hdr[0] || hdr[3] > 0xFFFFFFFFu) {
		r->err = 1;
		return;
	}
	m->slots = state_get_array(r, hdr[0], sizeof(*m->slots));
	m->e = state_get_array(r, hdr[2], sizeof(*m->e));
	m->nslots = m->slots ? hdr[0] : 0;
	m->nkeys = hdr[1];
	m->n = m->cap = m->e ? hdr[2] : 0;
	m->max_chain = (uint32_t)hdr[3];
	/* every link stays inside the entries and points to an older one (no
	 * cycles), and one slot in two at least is free (probing ends) */
	size_t used = 0;
	for (size_t i = 0; !r->err && i < m->nslots; i++) {
		if (m->slots[i] > m->n)
			r->err = 1;
		used += m->slots[i] != 0;
	}
	if (used != m->nkeys)
		r->err = 1;
	for (size_t i = 0; !r->err && i < m->n; i++)
		if (m->e[i].next > i)
			r->err = 1;
}

static size_t slot_of(const lsh_map *m, uint64_t key)
{
	return (size_t)(sketch_mix(key) & (m->nslots - 1));
}

/* slot holding key's chain, or the empty slot where it would go */
static size_t find_slot(const lsh_map *m, uint64_t key)
{
	size_t i = slot_of(m, key);
	for (;;) {
		uint32_t h = m->slots[i];
		if (h == 0 || m->e[h - 1].key == key)
			return i;
		i = (i + 1) & (m->nslots - 1);
	}
}

static int grow_slots(lsh_map *m)
{
	size_t ns = m->nslots ? m->nslots * 2 : 1024;
	uint32_t *old = m->slots;
	size_t on = m->nslots;
	m->slots = calloc(ns, sizeof(*m->slots));
	if (!m->slots) {
		m->slots = old;
		return -1;
	}
	m->nslots = ns;
	for (size_t i = 0; i < on; i++)
		if (old[i])
			m->slots[find_slot(m, m->e[old[i] - 1].key)] = old[i];
	free(old);
	return 0;
}

int lsh_map_add(lsh_map *m, uint64_t key, uint32_t rec)
{
	if ((m->nkeys + 1) * 2 > m->nslots && grow_slots(m))
		return -1;
	if (m->n == m->cap) {
		size_t nc = m->cap >= 1024 ? m->cap + m->cap / 2 : 1024;
		if (nc > 0xFFFFFFFEu)
			return -1;
		lsh_entry *e = realloc(m->e, nc * sizeof(*e));
		if (!e)
			return -1;
		m->e = e;
		m->cap = nc;
	}
	size_t s = find_slot(m, key);
	uint32_t head = m->slots[s];
	if (head && m->max_chain) {
		uint32_t len = 0;
		for (uint32_t h = head; h && len < m->max_chain; h = m->e[h - 1].next)
			len++;
		if (len >= m->max_chain)
			return 0; /* too common: not indexed further */
	}
	lsh_entry *en = &m->e[m->n];
	en->key = key;
	en->rec = rec;
	en->next = head;
	if (!head)
		m->nkeys++;
	m->slots[s] = (uint32_t)++m->n;
	return 0;
}

uint32_t lsh_map_first(const lsh_map *m, uint64_t key)
{
	if (!m->nslots)
		return 0;
	return m->slots[find_slot(m, key)];
}

int lsh_map_remove_rec(lsh_map *m, uint64_t key, uint32_t rec)
{
	if (!m->nslots)
		return 0;
	/* chains are short; unlink by marking the record dead */
	for (uint32_t h = m->slots[find_slot(m, key)]; h; h = m->e[h - 1].next)
		if (m->e[h - 1].rec == rec) {
			m->e[h - 1].rec = LSH_DEAD;
			return 1;
		}
	return 0;
}
