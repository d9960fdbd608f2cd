#include <libxml/xmlversion.h>
// libxml2's ICU declarations clash with the ICU copy inside Foundation; nothing here uses them.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
