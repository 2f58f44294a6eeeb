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
 *
 * lsh_ring keeps only the newest `keep` records of each key, stored side by
 * side (two inline in the table slot, else a block grown by doubling up to
 * `keep`, then used as a ring): the story index, whose queries walk only
 * the newest postings of a term, reads one block per term instead of
 * following a chain of entries scattered over the whole entry array.
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

void lsh_map_prefetch(const lsh_map *m, uint64_t key)
{
	if (m->nslots)
		__builtin_prefetch(&m->slots[slot_of(m, key)]);
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

static int grow_entries(lsh_map *m)
{
	size_t nc = m->cap >= 1024 ? m->cap + m->cap / 2 : 1024;
	if (nc > 0xFFFFFFFEu)
		return -1;
	lsh_entry *e = realloc(m->e, nc * sizeof(*e));
	if (!e)
		return -1;
	m->e = e;
	m->cap = nc;
	return 0;
}

int lsh_map_append(lsh_map *m, uint64_t key, uint32_t rec)
{
	if (m->n == m->cap && grow_entries(m))
		return -1;
	m->e[m->n++] = (lsh_entry){key, rec, 0};
	return 0;
}

int lsh_map_relink(lsh_map *m, size_t keys)
{
	size_t ns = 1024;
	while (ns < 2 * keys && ns < ((size_t)1 << 40))
		ns *= 2;
	uint32_t *slots = calloc(ns, sizeof(*slots));
	if (!slots)
		return -1;
	free(m->slots);
	m->slots = slots;
	m->nslots = ns;
	m->nkeys = 0;
	for (size_t j = 0; j < m->n; j++) {
		if ((m->nkeys + 1) * 2 > m->nslots && grow_slots(m))
			return -1;
		/* the table is far bigger than the caches: fetch ahead */
		if (j + 16 < m->n)
			lsh_map_prefetch(m, m->e[j + 16].key);
		size_t s = find_slot(m, m->e[j].key);
		m->e[j].next = m->slots[s];
		m->nkeys += m->slots[s] == 0;
		m->slots[s] = (uint32_t)(j + 1);
	}
	return 0;
}

int lsh_map_add(lsh_map *m, uint64_t key, uint32_t rec)
{
	if ((m->nkeys + 1) * 2 > m->nslots && grow_slots(m))
		return -1;
	if (m->n == m->cap && grow_entries(m))
		return -1;
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

/* --------------------------------------------------------------- lsh_ring */

void lsh_ring_init(lsh_ring *m, uint16_t keep)
{
	memset(m, 0, sizeof(*m));
	m->keep = keep ? keep : 1;
}

void lsh_ring_release(lsh_ring *m)
{
	for (size_t i = 0; i < m->nslots; i++)
		if (m->slots[i].used && m->slots[i].cap)
			free(m->slots[i].u.ids);
	free(m->slots);
	uint16_t keep = m->keep;
	memset(m, 0, sizeof(*m));
	m->keep = keep;
}

/* the slot holding key, or the free slot where it would go */
static size_t ring_slot(const lsh_ring *m, uint64_t key)
{
	size_t i = (size_t)(sketch_mix(key) & (m->nslots - 1));
	while (m->slots[i].used && m->slots[i].key != key)
		i = (i + 1) & (m->nslots - 1);
	return i;
}

static int ring_grow(lsh_ring *m)
{
	size_t ns = m->nslots ? m->nslots * 2 : 1024;
	lsh_list *old = m->slots;
	size_t on = m->nslots;
	if (!(m->slots = calloc(ns, sizeof(*m->slots)))) {
		m->slots = old;
		return -1;
	}
	m->nslots = ns;
	for (size_t i = 0; i < on; i++)
		if (old[i].used)
			m->slots[ring_slot(m, old[i].key)] = old[i];
	free(old);
	return 0;
}

const lsh_list *lsh_ring_find(const lsh_ring *m, uint64_t key)
{
	if (!m->nslots)
		return NULL;
	const lsh_list *l = &m->slots[ring_slot(m, key)];
	return l->used ? l : NULL;
}

int lsh_ring_add(lsh_ring *m, uint64_t key, uint32_t rec)
{
	/* at most 70% of the slots in use */
	if ((m->nkeys + 1) * 10 > m->nslots * 7 && ring_grow(m))
		return -1;
	lsh_list *l = &m->slots[ring_slot(m, key)];
	if (!l->used) {
		memset(l, 0, sizeof(*l));
		l->key = key;
		l->used = 1;
		m->nkeys++;
	}
	if (l->n == m->keep) {
		/* full: the newest replaces the oldest */
		uint32_t *a = l->cap ? l->u.ids : l->u.inl;
		a[l->head] = rec;
		l->head = (uint16_t)(l->head + 1 == l->n ? 0 : l->head + 1);
		return 0;
	}
	size_t lim = l->cap ? l->cap : 2;
	if (l->n == lim) {
		size_t nc = lim * 2 < m->keep ? lim * 2 : m->keep;
		uint32_t *a = l->cap ? realloc(l->u.ids, nc * sizeof(*a)) : malloc(nc * sizeof(*a));
		if (!a)
			return -1;
		if (!l->cap)
			memcpy(a, l->u.inl, sizeof(l->u.inl));
		l->u.ids = a;
		l->cap = (uint16_t)nc;
	}
	(l->cap ? l->u.ids : l->u.inl)[l->n++] = rec;
	m->entries++;
	return 0;
}

/* Stream: u64 keys, u64 entries, u64 keep; then per key (in table order)
 * u64 key, u32 count, the records oldest first. */
void lsh_ring_save(const lsh_ring *m, struct state_io *w)
{
	uint64_t hdr[3] = {m->nkeys, m->entries, m->keep};
	state_put(w, hdr, sizeof hdr);
	uint32_t *tmp = malloc((size_t)m->keep * sizeof(*tmp));
	if (!tmp)
		w->err = 1;
	for (size_t i = 0; i < m->nslots && !w->err; i++) {
		const lsh_list *l = &m->slots[i];
		if (!l->used)
			continue;
		uint32_t n = l->n;
		for (uint32_t k = 0; k < n; k++)
			tmp[k] = lsh_list_at(l, n - 1 - k);
		state_put(w, &l->key, sizeof l->key);
		state_put(w, &n, sizeof n);
		state_put(w, tmp, n * sizeof(*tmp));
	}
	free(tmp);
}

void lsh_ring_load(lsh_ring *m, struct state_io *r, uint32_t limit)
{
	uint64_t hdr[3] = {0};
	state_get(r, hdr, sizeof hdr);
	if (r->err || hdr[2] != m->keep || hdr[0] > hdr[1] || hdr[1] > hdr[0] * m->keep) {
		r->err = 1;
		return;
	}
	uint32_t *tmp = malloc((size_t)m->keep * sizeof(*tmp));
	if (!tmp)
		r->err = 1;
	uint64_t seen = 0;
	for (uint64_t k = 0; k < hdr[0] && !r->err; k++) {
		uint64_t key = 0;
		uint32_t n = 0;
		state_get(r, &key, sizeof key);
		state_get(r, &n, sizeof n);
		if (r->err || n == 0 || n > m->keep || lsh_ring_find(m, key)) {
			r->err = 1;
			break;
		}
		state_get(r, tmp, n * sizeof(*tmp));
		for (uint32_t j = 0; j < n && !r->err; j++)
			if (tmp[j] >= limit || lsh_ring_add(m, key, tmp[j]))
				r->err = 1;
		seen += n;
	}
	if (!r->err && seen != hdr[1])
		r->err = 1;
	free(tmp);
}
