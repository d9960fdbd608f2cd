#include "cmark_internals.h"

#include <cmark-gfm/node.h>
#include <cmark-gfm/syntax_extension.h>
#include <stdlib.h>
#include <string.h>

/* The chunk pd_node_string reads, or NULL where the cmark_node_get_ function returns NULL. */
static const cmark_chunk *pd_node_chunk(const cmark_node *node, pd_node_string_kind kind) {
    switch (kind) {
    case PD_NODE_LITERAL:
        switch (node->type) {
        case CMARK_NODE_HTML_BLOCK:
        case CMARK_NODE_TEXT:
        case CMARK_NODE_HTML_INLINE:
        case CMARK_NODE_CODE:
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            return &node->as.literal;
        case CMARK_NODE_CODE_BLOCK:
            return &node->as.code.literal;
        default:
            return NULL;
        }
    case PD_NODE_URL:
        return node->type == CMARK_NODE_LINK || node->type == CMARK_NODE_IMAGE ? &node->as.link.url : NULL;
    case PD_NODE_TITLE:
        return node->type == CMARK_NODE_LINK || node->type == CMARK_NODE_IMAGE ? &node->as.link.title : NULL;
    case PD_NODE_INFO:
        return node->type == CMARK_NODE_CODE_BLOCK ? &node->as.code.info : NULL;
    }
    return NULL;
}

int pd_node_string(cmark_node *node, pd_node_string_kind kind, const unsigned char **data, int32_t *count) {
    const cmark_chunk *chunk = pd_node_chunk(node, kind);
    if (!chunk) {
        *data = NULL;
        *count = 0;
        return 0;
    }
    *data = chunk->data;
    *count = chunk->data ? chunk->len : 0;
    return 1;
}

cmark_node *pd_autolink_postprocess(cmark_parser *parser, cmark_node *root) {
    cmark_syntax_extension *extension = cmark_find_syntax_extension("autolink");
    if (!extension || !extension->postprocess_func) return root;
    cmark_node *processed = extension->postprocess_func(extension, parser, root);
    return processed ? processed : root;
}

cmark_syntax_extension *pd_autolink_inline_extension_new(int www) {
    cmark_syntax_extension *extension = cmark_find_syntax_extension("autolink");
    if (!extension) return NULL;
    cmark_syntax_extension *inline_only = (cmark_syntax_extension *)malloc(sizeof(cmark_syntax_extension));
    if (!inline_only) return NULL;
    /* Its name and functions are the registered extension's, which lives as long as the process. */
    memcpy(inline_only, extension, sizeof(cmark_syntax_extension));
    inline_only->postprocess_func = NULL;
    if (!www) {
        /* The extension's match tries a `scheme://` link at `:` and a `www.` one at `w`. */
        inline_only->special_inline_chars = cmark_llist_append(cmark_get_default_mem_allocator(), NULL, (void *)':');
    }
    return inline_only;
}
