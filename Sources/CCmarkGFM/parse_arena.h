#ifndef PRODUCTIVE_DOCS_PARSE_ARENA_H
#define PRODUCTIVE_DOCS_PARSE_ARENA_H

/*
 * A bump allocator for one cmark-gfm parse at a time per thread.
 *
 * cmark's own arena allocator (cmark_get_arena_mem_allocator) is a single global arena, so two
 * threads cannot parse with it at once. cmark_mem's functions take no context argument, so this
 * arena is per thread instead: every allocation of a parse comes from the calling thread's slabs,
 * and pd_parse_arena_release() gives them back when the tree has been read (a small first slab of
 * each kind is kept, cleared, for the thread's next parse). A parse (parser,
 * feed, finish, reading the tree, release) must stay on one thread.
 *
 * What cmark frees during a parse (delimiters, brackets, temporary buffers: about a fifth of what
 * it allocates) is reused: small blocks go to a free list per size, and the newest block of the
 * slab is given back to the slab, so a buffer that grows in place never leaves a copy behind.
 *
 * Only MarkdownParser.swift uses these functions: being static, each Swift object file that used
 * them would get its own copy of the thread-local state.
 */

#include <cmark-gfm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* One slab: this header, then `capacity` bytes of which `used` are handed out. */
typedef struct pd_parse_slab {
    struct pd_parse_slab *previous;
    size_t capacity;
    size_t used;
    /* Nonzero when the slab is its own mapping (see pd_parse_slab_new), else it was calloc'd. */
    size_t mapped;
} pd_parse_slab;

/* Slabs of at least this size are mapped on their own, aligned to it, and offered to the kernel for
   transparent huge pages: a large parse then takes one page fault per 2 MiB instead of one per 4 KiB
   (with `madvise` mode, the usual default, nothing else asks for them). */
#define PD_PARSE_HUGE_PAGE ((size_t)2 << 20)

/* A new zeroed slab with room for at least `capacity` bytes. */
static inline pd_parse_slab *pd_parse_slab_new(size_t capacity) {
    size_t total = sizeof(pd_parse_slab) + capacity;
    if (total >= PD_PARSE_HUGE_PAGE) {
        total = (total + PD_PARSE_HUGE_PAGE - 1) & ~(PD_PARSE_HUGE_PAGE - 1);
        /* Map one huge page more, then trim both ends to a huge page boundary. */
        char *mapping = (char *)mmap(NULL, total + PD_PARSE_HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (mapping != (char *)MAP_FAILED) {
            char *start = (char *)(((uintptr_t)mapping + PD_PARSE_HUGE_PAGE - 1) & ~(uintptr_t)(PD_PARSE_HUGE_PAGE - 1));
            if (start > mapping) munmap(mapping, (size_t)(start - mapping));
            size_t tail = (size_t)(mapping + total + PD_PARSE_HUGE_PAGE - (start + total));
            if (tail > 0) munmap(start + total, tail);
#ifdef MADV_HUGEPAGE
            madvise(start, total, MADV_HUGEPAGE);
#endif
            pd_parse_slab *slab = (pd_parse_slab *)start;
            slab->capacity = total - sizeof(pd_parse_slab);
            slab->mapped = 1;
            return slab;
        }
    }
    pd_parse_slab *slab = (pd_parse_slab *)calloc(1, sizeof(pd_parse_slab) + capacity);
    if (!slab) abort();
    slab->capacity = capacity;
    return slab;
}

static inline void pd_parse_slab_free(pd_parse_slab *slab) {
    if (slab->mapped) {
        munmap(slab, sizeof(pd_parse_slab) + slab->capacity);
    } else {
        free(slab);
    }
}

/* Blocks of up to this many bytes (header included) are kept on a free list of their size when freed. */
#define PD_PARSE_LISTED_BLOCK 1024

/* cmark allocates each node with calloc(1, sizeof(cmark_node)): 168 bytes in cmark-gfm 0.29 on 64-bit
   systems, over half of what a parse holds. Blocks of exactly this size come from slabs of their own
   and carry no size header (8 bytes less per node); every other size takes the general path. */
#define PD_PARSE_NODE_BYTES 168
/* At most this many node slabs (recorded to recognise their blocks); past them, nodes take the general path. */
#define PD_PARSE_NODE_SLABS 64

/* The current thread's arena: the slab allocations come from (the newest, or NULL), and one free list
   per block size (multiples of 8), each linked through the blocks' first bytes. A function-local
   static, because Swift emits the header's functions but not its variables. */
typedef struct pd_parse_arena {
    pd_parse_slab *current;
    void *freeBlocks[PD_PARSE_LISTED_BLOCK / 8 + 1];
    /* Node-sized blocks: the newest node slab, freed node blocks, and every node slab. */
    pd_parse_slab *nodeSlab;
    void *freeNodes;
    size_t nodeSlabCount;
    pd_parse_slab *nodeSlabs[PD_PARSE_NODE_SLABS];
} pd_parse_arena;

static inline pd_parse_arena *pd_parse_current(void) {
    static _Thread_local pd_parse_arena arena;
    return &arena;
}

/* Every block is its capacity (a size_t) then that many bytes, 8 bytes in all rounded up to 8. */
static inline size_t pd_parse_block_size(size_t bytes) {
    return (bytes + sizeof(size_t) + 7) & ~(size_t)7;
}

/* A new slab holding at least `need` bytes: twice the last one, from 64 KiB up to 16 MiB. Its bytes
   are zero (large slabs are fresh pages from the kernel, zeroed for free, and resident only once
   written). */
static inline pd_parse_slab *pd_parse_grow(pd_parse_arena *arena, size_t need) {
    size_t capacity = arena->current ? arena->current->capacity * 2 : ((size_t)64 << 10);
    if (capacity > ((size_t)16 << 20)) capacity = (size_t)16 << 20;
    if (capacity < need) capacity = need;
    pd_parse_slab *slab = pd_parse_slab_new(capacity);
    slab->previous = arena->current;
    arena->current = slab;
    return slab;
}

/* True when `pointer` is a block of a node slab (no size header). */
static inline int pd_parse_is_node(pd_parse_arena *arena, const void *pointer) {
    for (size_t index = 0; index < arena->nodeSlabCount; index++) {
        const char *start = (const char *)(arena->nodeSlabs[index] + 1);
        if ((const char *)pointer >= start && (const char *)pointer < start + arena->nodeSlabs[index]->capacity) return 1;
    }
    return 0;
}

/* A zeroed node-sized block, or NULL when the node slabs are all used up. */
static inline void *pd_parse_node_calloc(pd_parse_arena *arena) {
    if (arena->freeNodes) {
        void *node = arena->freeNodes;
        arena->freeNodes = *(void **)node;
        memset(node, 0, PD_PARSE_NODE_BYTES);
        return node;
    }
    pd_parse_slab *slab = arena->nodeSlab;
    if (!slab || slab->capacity - slab->used < PD_PARSE_NODE_BYTES) {
        if (arena->nodeSlabCount == PD_PARSE_NODE_SLABS) return NULL;
        size_t capacity = slab ? slab->capacity * 2 : ((size_t)64 << 10);
        if (capacity > ((size_t)16 << 20)) capacity = (size_t)16 << 20;
        slab = pd_parse_slab_new(capacity);
        slab->previous = arena->nodeSlab;
        arena->nodeSlab = slab;
        arena->nodeSlabs[arena->nodeSlabCount++] = slab;
    }
    void *node = (char *)(slab + 1) + slab->used;
    slab->used += PD_PARSE_NODE_BYTES;
    return node;
}

static inline void *pd_parse_calloc(size_t count, size_t size) {
    if (size != 0 && count > (SIZE_MAX - 64) / size) abort();
    pd_parse_arena *arena = pd_parse_current();
    if (count * size == PD_PARSE_NODE_BYTES) {
        void *node = pd_parse_node_calloc(arena);
        if (node) return node;
    }
    size_t need = pd_parse_block_size(count * size);
    size_t *block;
    if (need <= PD_PARSE_LISTED_BLOCK && arena->freeBlocks[need / 8]) {
        /* A block freed before: unlinked, then cleared as calloc promises. */
        block = (size_t *)arena->freeBlocks[need / 8];
        arena->freeBlocks[need / 8] = *(void **)(block + 1);
        memset(block + 1, 0, need - sizeof(size_t));
    } else {
        /* Never handed out, or cleared when given back to the slab: still zero. */
        pd_parse_slab *slab = arena->current;
        if (!slab || slab->capacity - slab->used < need) slab = pd_parse_grow(arena, need);
        block = (size_t *)((char *)(slab + 1) + slab->used);
        slab->used += need;
    }
    *block = need - sizeof(size_t);
    return block + 1;
}

static inline void pd_parse_free(void *pointer) {
    if (!pointer) return;
    pd_parse_arena *arena = pd_parse_current();
    if (pd_parse_is_node(arena, pointer)) {
        *(void **)pointer = arena->freeNodes;
        arena->freeNodes = pointer;
        return;
    }
    size_t *block = (size_t *)pointer - 1;
    size_t need = *block + sizeof(size_t);
    pd_parse_slab *slab = arena->current;
    if ((char *)block + need == (char *)(slab + 1) + slab->used) {
        /* The newest block goes back to the slab, cleared for the next calloc. */
        memset(block, 0, need);
        slab->used -= need;
    } else if (need <= PD_PARSE_LISTED_BLOCK) {
        *(void **)pointer = arena->freeBlocks[need / 8];
        arena->freeBlocks[need / 8] = block;
    }
    /* A larger block elsewhere stays unused until the release. */
}

static inline void *pd_parse_realloc(void *pointer, size_t size) {
    if (!pointer) return pd_parse_calloc(1, size);
    pd_parse_arena *arena = pd_parse_current();
    size_t *block = (size_t *)pointer - 1;
    size_t old = pd_parse_is_node(arena, pointer) ? PD_PARSE_NODE_BYTES : *block;
    if (size <= old) return pointer;
    pd_parse_slab *slab = arena->current;
    size_t grown = pd_parse_block_size(size) - sizeof(size_t);
    /* The newest block of the newest slab grows in place when the slab has room. */
    if (old != PD_PARSE_NODE_BYTES && (char *)pointer + old == (char *)(slab + 1) + slab->used &&
        slab->capacity - slab->used >= grown - old) {
        slab->used += grown - old;
        *block = grown;
        return pointer;
    }
    void *fresh = pd_parse_calloc(1, size);
    memcpy(fresh, pointer, old);
    pd_parse_free(pointer);
    return fresh;
}

/* The allocator to pass to cmark_parser_new_with_mem. */
static inline cmark_mem *pd_parse_arena_allocator(void) {
    static cmark_mem allocator = {pd_parse_calloc, pd_parse_realloc, pd_parse_free};
    return &allocator;
}

/* Slabs of at most this many bytes are kept for the thread's next parse (see pd_parse_arena_release). */
#define PD_PARSE_KEPT_SLAB ((size_t)1 << 20)

/* A slab kept for the next parse: its used bytes cleared, so that all of it is zero again. */
static inline pd_parse_slab *pd_parse_slab_reset(pd_parse_slab *slab) {
    memset(slab + 1, 0, slab->used);
    slab->used = 0;
    slab->previous = NULL;
    return slab;
}

/* Gives back every slab of the current thread: the parser and the tree it made are gone. The first
   slab of each kind (64 KiB, what a short file needs) is kept for the thread's next parse when it is
   small, only its used bytes cleared: a folder of thousands of short files then asks the allocator
   for no slab per file (calloc cleared two fresh 64 KiB slabs per file, 4 % of a plan of 7,000). */
static inline void pd_parse_arena_release(void) {
    pd_parse_arena *arena = pd_parse_current();
    pd_parse_slab *kept = NULL;
    pd_parse_slab *slab = arena->current;
    while (slab) {
        pd_parse_slab *previous = slab->previous;
        if (!previous && !slab->mapped && slab->capacity <= PD_PARSE_KEPT_SLAB) {
            kept = slab;
        } else {
            pd_parse_slab_free(slab);
        }
        slab = previous;
    }
    pd_parse_slab *keptNodes = NULL;
    for (size_t index = 0; index < arena->nodeSlabCount; index++) {
        pd_parse_slab *nodes = arena->nodeSlabs[index];
        if (index == 0 && !nodes->mapped && nodes->capacity <= PD_PARSE_KEPT_SLAB) {
            keptNodes = nodes;
        } else {
            pd_parse_slab_free(nodes);
        }
    }
    memset(arena, 0, sizeof(*arena));
    if (kept) arena->current = pd_parse_slab_reset(kept);
    if (keptNodes) {
        arena->nodeSlab = pd_parse_slab_reset(keptNodes);
        arena->nodeSlabs[0] = keptNodes;
        arena->nodeSlabCount = 1;
    }
}

#endif
