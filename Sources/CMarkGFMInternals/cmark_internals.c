#include "cmark_internals.h"

#include <cmark-gfm/node.h>
#include <cmark-gfm/inlines.h>
#include <cmark-gfm/iterator.h>
#include <cmark-gfm/parser.h>
#include <cmark-gfm/cmark-gfm-extension_api.h>
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

cmark_node *pd_parser_document(cmark_parser *parser) {
    return parser->root;
}

int pd_parser_may_define_more(cmark_parser *parser) {
    if (parser->linebuf.size > 0) return 1;
    cmark_node *open = parser->current;
    return open && open->type == CMARK_NODE_PARAGRAPH && open->content.size > 0 && open->content.ptr[0] == '[';
}

int pd_parser_has_postprocess(cmark_parser *parser) {
    for (cmark_llist *item = parser->syntax_extensions; item; item = item->next) {
        if (((cmark_syntax_extension *)item->data)->postprocess_func) return 1;
    }
    return 0;
}

/* cmark's own test (blocks.c, contains_inlines): a node whose text is parsed into inlines. */
static int pd_contains_inlines(cmark_node *node) {
    if (node->extension && node->extension->contains_inlines_func) {
        return node->extension->contains_inlines_func(node->extension, node) != 0;
    }
    return node->type == CMARK_NODE_PARAGRAPH || node->type == CMARK_NODE_HEADING;
}

int pd_parse_closed_block_inlines(cmark_parser *parser, cmark_node *document) {
    int count = 0;
    cmark_manage_extensions_special_characters(parser, 1);
    for (cmark_node *block = document->first_child; block && !(block->flags & CMARK_NODE__OPEN); block = block->next) {
        cmark_iter *iter = cmark_iter_new(block);
        cmark_event_type event;
        while ((event = cmark_iter_next(iter)) != CMARK_EVENT_DONE) {
            cmark_node *node = cmark_iter_get_node(iter);
            if (event == CMARK_EVENT_ENTER && pd_contains_inlines(node)) {
                cmark_parse_inlines(parser, node, parser->refmap, parser->options);
            }
        }
        cmark_iter_free(iter);
        cmark_consolidate_text_nodes(block);
        count++;
    }
    cmark_manage_extensions_special_characters(parser, 0);
    return count;
}
