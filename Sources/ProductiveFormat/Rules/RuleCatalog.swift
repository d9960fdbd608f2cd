/// Every rule the checker knows, in id order. The rules reference
/// (`docs/rules.md`) and the rule tests are generated from this list.
public enum RuleCatalog {
    public static let headingTooDeep = Rule(
        id: "PD001", name: "heading-too-deep", severity: .warning,
        summary: "Heading of level 4 to 6.",
        fallback: "Sent as a level 3 heading (default), or as a bold paragraph with `heading_fallback: bold`.",
        rationale: "Productive renders three heading levels; deeper ones are not rendered.",
        triggering: ["#### Deep heading\n", "Setext is fine\n\n###### Six\n"],
        nonTriggering: ["### Third level\n", "# One\n\n## Two\n"]
    )

    public static let nonCanonicalSyntax = Rule(
        id: "PD002", name: "non-canonical-syntax", severity: .info,
        summary: "Markdown written in a form other than Productive's canonical one.",
        fallback: "Rewritten in the canonical form: ATX headings, `-` bullets, `1.` lists, backtick fences, `**` and `*`.",
        rationale: "Setext headings, `*`/`+` bullets, indented code, `~~~` fences, `__b__` and `_i_` mean the same thing but are not the documented form.",
        triggering: [
            "Title\n=====\n", "* item\n", "+ item\n", "    indented code\n", "~~~\ncode\n~~~\n",
            "__bold__\n", "_italic_\n", "1) first\n",
        ],
        nonTriggering: ["# Title\n", "- item\n", "```\ncode\n```\n", "**bold** and *italic*\n", "1. first\n"]
    )

    public static let githubAlert = Rule(
        id: "PD003", name: "github-alert", severity: .info,
        summary: "GitHub alert (`> [!NOTE]` and friends).",
        fallback: "A banner: NOTE and IMPORTANT → `info`, TIP → `success`, WARNING → `warning`, CAUTION → `critical` (HTML path).",
        rationale: "Productive has banners, not alerts; a banner needs the HTML path.",
        triggering: ["> [!NOTE]\n> Read this.\n", "> [!caution]\n> Careful.\n"],
        nonTriggering: ["> A plain quote.\n", "> [NOTE] not an alert\n"]
    )

    public static let htmlMapped = Rule(
        id: "PD004", name: "html-mapped", severity: .info,
        summary: "Raw HTML that names an element Productive has.",
        fallback: "That element: `<u>`, `<br>`, `<del>`/`<s>`, `<strong>`/`<b>`, `<em>`/`<i>`, `<code>`, `<a href>`, `<img src width>`, alignment, `<hr>`, tables with spans, `<banner>`, columns.",
        rationale: "Raw HTML inside Markdown has no documented behaviour; the element itself does.",
        triggering: ["Some <u>underlined</u> text.\n", "<p align=\"center\">Centered</p>\n"],
        nonTriggering: ["Plain *text*.\n"]
    )

    public static let htmlUnsupported = Rule(
        id: "PD005", name: "html-unsupported", severity: .warning,
        summary: "Raw HTML with no Productive element.",
        fallback: "Its text content, tags removed.",
        rationale: "Productive cannot show `<details>`, `<sup>`, `<kbd>` and the like; their text is kept.",
        triggering: ["Press <kbd>Ctrl</kbd>.\n", "<details>\n<summary>More</summary>\n\nHidden text\n\n</details>\n"],
        nonTriggering: ["Press Ctrl.\n", "Some <u>underlined</u> text.\n"]
    )

    public static let htmlUnsafe = Rule(
        id: "PD006", name: "html-unsafe", severity: .error,
        summary: "Script, style, frame or object, event handler, or `javascript:`/`data:`/`vbscript:` URL.",
        fallback: "Removed, with everything inside it.",
        rationale: "Active content must never reach a shared page.",
        triggering: [
            "<script>alert(1)</script>\n", "<img src=\"https://x.test/a.png\" onerror=\"alert(1)\">\n",
            "[click](javascript:alert(1))\n", "<iframe src=\"https://x.test\"></iframe>\n",
        ],
        nonTriggering: ["[safe](https://example.com)\n", "<img src=\"https://x.test/a.png\" width=\"40\">\n"]
    )

    public static let htmlComment = Rule(
        id: "PD007", name: "html-comment", severity: .info,
        summary: "HTML comment.",
        fallback: "Removed.",
        rationale: "A comment carries no visible text and has no element in Productive.",
        triggering: ["<!-- a note to editors -->\n", "Text <!-- inline --> more.\n"],
        nonTriggering: ["Text only.\n"]
    )

    public static let localImage = Rule(
        id: "PD008", name: "local-image", severity: .warning,
        summary: "Local image that is not uploaded: `images: text` or `link` without `asset_base_url`, a `file:` URL, or a document read without its folder (standard input).",
        fallback: "With `images: link`, a link to `asset_base_url` + path; otherwise its alt text.",
        rationale: "A local path means nothing in Productive: the image must be uploaded (`images: upload`, the default) or hosted at an absolute http(s) URL.",
        triggering: ["![diagram](images/diagram.png)\n", "<img src=\"../logo.svg\">\n", "![disk](file:///tmp/a.png)\n"],
        nonTriggering: ["![diagram](https://example.com/diagram.png)\n"]
    )

    public static let footnote = Rule(
        id: "PD009", name: "footnote", severity: .info,
        summary: "Footnote reference or definition.",
        fallback: "`[n]` in the text and a numbered list under a divider at the end.",
        rationale: "Productive has no footnotes.",
        triggering: ["Claim.[^1]\n\n[^1]: Source.\n"],
        nonTriggering: ["Claim [1].\n"]
    )

    public static let tableCellBlocks = Rule(
        id: "PD010", name: "table-cell-blocks", severity: .warning,
        summary: "Table cell holding block content (paragraphs, lists...).",
        fallback: "Flattened to inline text with line breaks.",
        rationale: "What may sit inside a Productive table cell is undocumented; inline text is safe.",
        triggering: ["<table><tr><td><p>One</p><p>Two</p></td></tr></table>\n"],
        nonTriggering: ["| a |\n|---|\n| b |\n"]
    )

    public static let undocumentedNesting = Rule(
        id: "PD011", name: "undocumented-nesting", severity: .warning,
        summary: "Blockquote nested in a blockquote, or a list inside a quote.",
        fallback: "Kept as written.",
        rationale: "Productive's nesting rules are undocumented: the page may not look like the source.",
        triggering: ["> outer\n>\n> > inner\n", "> - item in a quote\n"],
        nonTriggering: ["> a plain quote\n", "- a list\n  - nested list\n"]
    )

    public static let frontMatterInvalid = Rule(
        id: "PD012", name: "front-matter-invalid", severity: .error,
        summary: "Front matter that is not valid YAML, or a known key with the wrong type.",
        fallback: "The front matter is ignored.",
        rationale: "Title, page id and order come from front matter; a broken block would publish the wrong page.",
        triggering: ["---\ntitle: [unclosed\n---\nBody\n", "---\npublish: sometimes\n---\nBody\n"],
        nonTriggering: ["---\ntitle: Handbook\norder: 2\n---\nBody\n"]
    )

    public static let titleHeading = Rule(
        id: "PD013", name: "title-heading", severity: .info,
        summary: "First `#` heading equal to the page title.",
        fallback: "Dropped from the body, since Productive shows the title (keep it with `title_heading: keep`).",
        rationale: "Otherwise the title appears twice on the page.",
        triggering: ["# Handbook\n\nWelcome.\n", "---\ntitle: Guide\n---\n# Guide\n"],
        nonTriggering: ["Intro.\n\n## Section\n", "---\ntitle: Guide\n---\n# Other\n"]
    )

    public static let nestingTooDeep = Rule(
        id: "PD014", name: "nesting-too-deep", severity: .warning,
        summary: "Blocks nested deeper than the supported depth.",
        fallback: "The deeper content is lifted to the deepest allowed level; no text is lost.",
        rationale: "Nothing in Productive shows dozens of levels, and unbounded depth is how hostile input crashes tools.",
        triggering: [String(repeating: "> ", count: 40) + "deep\n"],
        nonTriggering: ["> > two levels\n"]
    )

    public static let invalidText = Rule(
        id: "PD015", name: "invalid-text", severity: .warning,
        summary: "Bytes that are not valid UTF-8 text (invalid sequences, NUL), or a binary file.",
        fallback: "Invalid bytes become U+FFFD; a binary file is not converted (error).",
        rationale: "Productive stores text; garbage bytes would corrupt the page.",
        triggering: ["Null \u{0} byte\n"],
        nonTriggering: ["Plain UTF-8: café, 東京\n"]
    )

    public static let htmlOnlyOnMarkdownPath = Rule(
        id: "PD016", name: "html-only-on-markdown-path", severity: .warning,
        summary: "HTML-only elements in a document forced onto the Markdown path.",
        fallback: "Banners and columns become quotes and sections, alignment, underline, colours and widths are dropped, mentions and variables become text.",
        rationale: "The Markdown endpoints cannot express them; use `--to auto` or `html` to keep them.",
        triggering: ["> [!WARNING]\n> Hot.\n"],
        nonTriggering: ["Plain text.\n"],
        examplePath: .markdown
    )

    public static let unpublishedLink = Rule(
        id: "PD017", name: "unpublished-link", severity: .warning,
        summary: "Relative link to a file that is not published with the folder: missing, excluded, `publish: false`, or held back by its own lint errors.",
        fallback: "The link text only; links to published files become page links (or page mentions).",
        rationale: "A relative path means nothing in Productive: only links to pages of the same publish can be rewritten.",
        triggering: ["See [the draft](drafts/plan.md).\n"],
        nonTriggering: ["See [the guide](guide.md) and [the site](https://example.com).\n"],
        examplePublishedFiles: ["guide.md"]
    )

    public static let pathologicalInput = Rule(
        id: "PD018", name: "pathological-input", severity: .error,
        summary: "Input shaped to make the Markdown parser take super-linear time: more than 100 nested quote or list markers on one line, or more than 10,000 unmatched `[`.",
        fallback: "The file is refused before parsing: nothing is converted or sent.",
        rationale: "The system cmark-gfm takes minutes on such input (CVE-2023-24824); no real document comes near these limits, and a hostile file must not hang CI.",
        triggering: [String(repeating: "> ", count: 101) + "deep\n", String(repeating: " -", count: 101) + " item\n"],
        nonTriggering: [String(repeating: "> ", count: 40) + "deep\n", "[a] [b] [c\n"]
    )

    public static let diagramAsCode = Rule(
        id: "PD019", name: "diagram-as-code", severity: .warning,
        summary: "A fenced diagram (```` ```mermaid ````, `plantuml`, `dot`/`graphviz`, `d2`), which GitHub draws.",
        fallback: "Sent as a code block with its language: readers see the diagram's source. Render it to an image and put the image beside the fence (see publishing.md).",
        rationale: "Productive draws no diagrams; a page that showed a picture on GitHub shows its source text.",
        triggering: [
            "```mermaid\ngraph TD; A-->B\n```\n", "```plantuml\n@startuml\nA -> B\n@enduml\n```\n",
            "```dot\ndigraph { a -> b }\n```\n", "```graphviz\ndigraph { a -> b }\n```\n", "```d2\nx -> y\n```\n",
        ],
        nonTriggering: ["```swift\nlet x = 1\n```\n", "```\ngraph TD; A-->B\n```\n", "Mermaid, plantuml and d2 draw diagrams.\n"]
    )

    public static let emojiShortcode = Rule(
        id: "PD020", name: "emoji-shortcode", severity: .info,
        summary: "Something written like a GitHub emoji shortcode (`:name:`) whose name is not one, or one of GitHub's image emoji (`:octocat:`).",
        fallback: "Sent as written. Known shortcodes (`:rocket:`, `:+1:`) are sent as their emoji (🚀, 👍) without a finding.",
        rationale: "GitHub shows `:rocket:` as 🚀 and Productive would show the colons; a name GitHub does not know is probably a typo.",
        triggering: ["Ship it :rokcet:\n", "# Done :white_check_mrk:\n", "Made with :octocat:\n"],
        nonTriggering: [
            "Ship it :rocket: :tada:\n", "At 10:30:00 sharp.\n", "Use `:notanemoji:` in code.\n", "```\n:notanemoji:\n```\n",
            "See https://example.com/:notanemoji:/x\n", "<https://example.com/:notanemoji:/x>\n", "a:notanemoji:b and Foo::bar::baz\n",
        ]
    )

    public static let attachment = Rule(
        id: "PD021", name: "attachment", severity: .info,
        summary: "Local image, or link to a local file that is not Markdown (PDF, zip...), sent as an attachment of the page.",
        fallback: "Uploaded as an attachment of the page on publish (once per content); the image `src` or link `href` becomes the attachment's URL. Alt text, title and width are kept.",
        rationale: "Productive shows an image or file only from a URL it can serve; a local file must travel with the page.",
        triggering: ["![Diagram](img/diagram.png)\n", "Read [the spec](spec.pdf).\n", "<img src=\"img/diagram.png\" width=\"48\">\n"],
        nonTriggering: ["![Diagram](https://example.com/diagram.png)\n", "See [the guide](guide.md).\n"],
        exampleFiles: ["img/diagram.png": "PNG", "spec.pdf": "%PDF-1.4", "guide.md": "# Guide\n"]
    )

    public static let attachmentMissing = Rule(
        id: "PD022", name: "attachment-missing", severity: .error,
        summary: "Local image or linked file that does not exist (or is not a regular file).",
        fallback: "The page is held back; with `--allow-errors`, the image becomes its alt text and the link its text.",
        rationale: "A typo in a path would publish a broken page: it is caught before anything is sent.",
        triggering: ["![Diagram](img/diagarm.png)\n", "Read [the spec](specs/missing.pdf).\n", "![A folder](img)\n"],
        nonTriggering: ["![Diagram](img/diagram.png)\n"],
        exampleFiles: ["img/diagram.png": "PNG"]
    )

    public static let attachmentOutside = Rule(
        id: "PD023", name: "attachment-outside", severity: .error,
        summary: "Local image or linked file whose path climbs out of the docs folder, or that is a symbolic link to something outside it.",
        fallback: "The page is held back; with `--allow-errors`, the image becomes its alt text and the link its text. Nothing outside the folder is read.",
        rationale: "A committed `../../.ssh/id_rsa` or a link to `/etc` would upload files of the machine that runs publish.",
        triggering: ["![Key](../../secret.png)\n"],
        nonTriggering: ["![Diagram](img/diagram.png)\n", "![Diagram](/img/diagram.png)\n"],
        exampleFiles: ["img/diagram.png": "PNG"]
    )

    public static let attachmentRefused = Rule(
        id: "PD024", name: "attachment-refused", severity: .error,
        summary: "Local file that cannot be sent: larger than `attachment_max_mb` (25 MB by default), or shown as an image but not one (png, jpg, gif, webp, svg).",
        fallback: "The page is held back; with `--allow-errors`, the image becomes its alt text and the link its text.",
        rationale: "A huge upload times out halfway; a PDF or Markdown file in an image tag shows as a broken image.",
        triggering: ["![Spec](spec.pdf)\n"],
        nonTriggering: ["Read [the spec](spec.pdf).\n"],
        exampleFiles: ["spec.pdf": "%PDF-1.4"]
    )

    public static let conflictMarkers = Rule(
        id: "PD025", name: "conflict-markers", severity: .error,
        summary: "Unresolved git conflict: a line starting with `<<<<<<<` through the next starting with `>>>>>>>` (outside code blocks), as `pull` or a git merge leaves them.",
        fallback: "The page is held back: both sides and the markers would be published as text.",
        rationale: "A file left conflicted by `pull` (or a merge) must be resolved before it reaches readers; a `=======` alone is a heading underline, not a conflict.",
        triggering: [
            "<<<<<<< guide.md (the file)\nOur words.\n=======\nTheir words.\n>>>>>>> page 12 (edited in Productive)\n",
            "Intro.\n\n<<<<<<< HEAD\nLeft over.\n",
        ],
        nonTriggering: ["Title\n=======\n", "```\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> main\n```\n", "a <<<<<<< b\n"]
    )

    public static let linkTitle = Rule(
        id: "PD026", name: "link-title", severity: .info,
        summary: "Link with a title (`[text](url \"title\")`).",
        fallback: "The title is dropped; the link keeps its text and target.",
        rationale: "Productive's element set has links with a target (`[t](url)`, `<a href>`), no title: it would show nowhere, and what a page cannot show is said, not lost in silence.",
        triggering: ["[docs](https://example.com \"The docs\")\n", "[docs]\n\n[docs]: https://example.com 'The docs'\n"],
        nonTriggering: ["[docs](https://example.com)\n", "![diagram](https://example.com/d.png \"A diagram\")\n"]
    )

    /// All rules, in id order.
    public static let all: [Rule] = [
        headingTooDeep, nonCanonicalSyntax, githubAlert, htmlMapped, htmlUnsupported, htmlUnsafe, htmlComment,
        localImage, footnote, tableCellBlocks, undocumentedNesting, frontMatterInvalid, titleHeading,
        nestingTooDeep, invalidText, htmlOnlyOnMarkdownPath, unpublishedLink, pathologicalInput, diagramAsCode, emojiShortcode, attachment,
        attachmentMissing, attachmentOutside, attachmentRefused, conflictMarkers, linkTitle,
    ]

    /// The rule with this id, if any.
    public static func rule(id: String) -> Rule? {
        all.first { $0.id == id }
    }
}
