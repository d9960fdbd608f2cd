#ifndef PRODUCTIVE_DOCS_CMARK_INTERNALS_H
#define PRODUCTIVE_DOCS_CMARK_INTERNALS_H

/*
 * What the reader takes from cmark-gfm's internal headers (node.h, syntax_extension.h: installed
 * in include/cmark-gfm by Debian's libcmark-gfm-dev, matching the library of the same package).
 * The structs stay in the .c file, so Swift keeps seeing cmark's nodes as opaque pointers.
 * Only SourceReading's MarkdownParser uses these functions.
 */

#include <cmark-gfm.h>
#include <stdint.h>

/* Which string of a node pd_node_string reads. */
typedef enum {
    PD_NODE_LITERAL = 0, /* what cmark_node_get_literal returns */
    PD_NODE_URL = 1,     /* cmark_node_get_url */
    PD_NODE_TITLE = 2,   /* cmark_node_get_title */
    PD_NODE_INFO = 3     /* cmark_node_get_fence_info */
} pd_node_string_kind;

/* Sets `data` and `count` to the bytes of a node's string as they are in the tree, and returns 1
   where the cmark_node_get_ function would return a string, else 0. Unlike those functions it
   copies nothing (they copy a string into the parse's memory to end it with a NUL, and keep the
   copy in the node), so a tree read once can be read again. */
int pd_node_string(cmark_node *node, pd_node_string_kind kind, const unsigned char **data, int32_t *count);

/* Runs the registered autolink extension's postprocess (it links e-mail addresses in text nodes)
   on a tree parsed without the extension: what cmark_parser_finish would have run last had the
   extension been attached (see SourceReading's AutolinkGate); cmark-gfm has no public call for it.
   Gives back the root it returns. With a text node as `root`, it links the addresses of that node
   alone (splitting it into text, link, text...), as the walk over the whole tree would have. */
cmark_node *pd_autolink_postprocess(cmark_parser *parser, cmark_node *root);

/* A new extension that is the registered autolink extension without its postprocess: its inline
   matches and nothing else. The reader attaches it instead of the extension and links e-mail
   addresses itself, in the text nodes that hold an `@` (pd_autolink_postprocess on each), instead
   of a second walk over the whole tree. With `www` nonzero it reacts to `w` (`www.` links) and `:`
   (`scheme://` links), as the extension does; with `www` 0 only to `:`. Every character an inline
   extension reacts to ends a text run, so prose parsed with `w` special holds a text node per `w`
   (joined again by cmark_parser_finish): the reader leaves it out where no `www.` link can be.
   NULL if autolink is not registered. Made once per process (never freed) and only read after. */
cmark_syntax_extension *pd_autolink_inline_extension_new(int www);

/* A parse block by block (SourceReading's MarkdownParser, for a long text without footnotes):
   after a feed, the document's top-level blocks that are closed (cmark never changes a closed
   block again) get their inlines parsed, are copied and freed, so that the inlines of a whole long
   text are never held at once.
   The document node the parser builds (what cmark_parser_finish will return). */
cmark_node *pd_parser_document(cmark_parser *parser);
/* 1 when reference definitions may still come: a last line fed without a line end (cmark reads it
   when it is finished), or an open paragraph (the last one) that begins with `[` (cmark reads its
   definitions when it closes). */
int pd_parser_may_define_more(cmark_parser *parser);
/* 1 when one of the parser's extensions has a postprocess (it walks the whole tree at the end of
   cmark_parser_finish): such a parse cannot be made in windows. */
int pd_parser_has_postprocess(cmark_parser *parser);
/* Parses the inlines of the closed top-level blocks before the first open one, each as
   cmark_parser_finish does for every block of the document (with the parser's reference map and
   options), then joins their adjacent texts (cmark_consolidate_text_nodes), as finish does last.
   Returns how many blocks, from the document's first child: the caller reads them, then unlinks
   and frees them before the next feed (a block's inlines are parsed once). */
int pd_parse_closed_block_inlines(cmark_parser *parser, cmark_node *document);
#endif
