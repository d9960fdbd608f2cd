#ifndef PRODUCTIVE_DOCS_PARSE_ARENA_H
#define PRODUCTIVE_DOCS_PARSE_ARENA_H

/*
 * A bump allocator for one cmark-gfm parse at a time per thread.
 *
 * cmark's own arena allocator (cmark_get_arena_mem_allocator) is a single global arena, so two
 * threads cannot parse with it at once. cmark_mem's functions take no context argument, so this
 * arena is per thread instead: every allocation of a parse comes from the calling thread's slabs,
 * nothing is freed one by one, and pd_parse_arena_release() gives all of it back when the tree has
 * been read. A parse (parser, feed, finish, reading the tree, release) must stay on one thread.
 *
 * Only MarkdownParser.swift uses these functions: being static, each Swift object file that used
 * them would get its own copy of the thread-local state.
 */

#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One slab: this header, then `capacity` bytes of which `used` are handed out. */
typedef struct pd_parse_slab {
    struct pd_parse_slab *previous;
    size_t capacity;
    size_t used;
} pd_parse_slab;

/* Where the current thread keeps the slab its allocations come from (the newest), or NULL.
   A function-local static, because Swift emits the header's functions but not its variables. */
static inline pd_parse_slab **pd_parse_current(void) {
    static _Thread_local pd_parse_slab *current;
    return &current;
}

/* Every allocation is preceded by its size (for realloc) and rounded up to 8 bytes. */
static inline size_t pd_parse_block_size(size_t bytes) {
    return (bytes + sizeof(size_t) + 7) & ~(size_t)7;
}

/* A new slab holding at least `need` bytes: twice the last one, from 1 MiB up to 64 MiB. calloc'd,
   so its bytes are zero (large slabs are fresh pages from the kernel, zeroed for free). */
static inline pd_parse_slab *pd_parse_grow(size_t need) {
    pd_parse_slab **current = pd_parse_current();
    size_t capacity = *current ? (*current)->capacity * 2 : ((size_t)1 << 20);
    if (capacity > ((size_t)64 << 20)) capacity = (size_t)64 << 20;
    if (capacity < need) capacity = need;
    pd_parse_slab *slab = (pd_parse_slab *)calloc(1, sizeof(pd_parse_slab) + capacity);
    if (!slab) abort();
    slab->previous = *current;
    slab->capacity = capacity;
    slab->used = 0;
    *current = slab;
    return slab;
}

static inline void *pd_parse_calloc(size_t count, size_t size) {
    if (size != 0 && count > (SIZE_MAX - 64) / size) abort();
    size_t bytes = count * size;
    size_t need = pd_parse_block_size(bytes);
    pd_parse_slab *slab = *pd_parse_current();
    if (!slab || slab->capacity - slab->used < need) slab = pd_parse_grow(need);
    char *block = (char *)(slab + 1) + slab->used;
    slab->used += need;
    *(size_t *)block = bytes;
    /* Never handed out before (nothing is reused), so still zero. */
    return block + sizeof(size_t);
}

static inline void *pd_parse_realloc(void *pointer, size_t size) {
    if (!pointer) return pd_parse_calloc(1, size);
    size_t *header = (size_t *)pointer - 1;
    size_t old = *header;
    if (size <= old) return pointer;
    pd_parse_slab *slab = *pd_parse_current();
    size_t oldNeed = pd_parse_block_size(old);
    size_t newNeed = pd_parse_block_size(size);
    /* The newest block of the newest slab grows in place when the slab has room. */
    if ((char *)header + oldNeed == (char *)(slab + 1) + slab->used &&
        slab->capacity - slab->used >= newNeed - oldNeed) {
        slab->used += newNeed - oldNeed;
        *header = size;
        return pointer;
    }
    void *fresh = pd_parse_calloc(1, size);
    memcpy(fresh, pointer, old);
    return fresh;
}

/* Blocks are given back all together by pd_parse_arena_release. */
static inline void pd_parse_free(void *pointer) { (void)pointer; }

/* The allocator to pass to cmark_parser_new_with_mem. */
static inline cmark_mem *pd_parse_arena_allocator(void) {
    static cmark_mem allocator = {pd_parse_calloc, pd_parse_realloc, pd_parse_free};
    return &allocator;
}

/* Frees every slab of the current thread: the parser and the tree it made are gone. */
static inline void pd_parse_arena_release(void) {
    pd_parse_slab **current = pd_parse_current();
    pd_parse_slab *slab = *current;
    while (slab) {
        pd_parse_slab *previous = slab->previous;
        free(slab);
        slab = previous;
    }
    *current = NULL;
}

#endif
