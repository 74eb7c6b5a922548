"""Build-time code highlighting: tree-sitter for the common languages, Pygments for every other one.

Pygments lexes in pure Python, about 0.6 ms for a 400-character block, and was the largest single cost
of parsing articles; tree-sitter's C parsers and queries do the same block about seven times faster.
The site's CSS colours five kinds of token only (comments, keywords, strings, numbers, definitions),
so the fast path wraps only those in spans, named with Pygments' classes: one stylesheet serves both.

tree-sitter reports BYTE offsets into the UTF-8 encoding: slices are taken from the bytes and decoded.
"""

from __future__ import annotations

import html
import importlib
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tree_sitter import Parser, Query

# Fenced-code language names (lower case) -> the grammar module that parses them.
GRAMMARS = {
    **dict.fromkeys(("python", "py", "python3", "py3"), "tree_sitter_python"),
    **dict.fromkeys(("json", "jsonc"), "tree_sitter_json"),
    **dict.fromkeys(("bash", "sh", "shell", "zsh"), "tree_sitter_bash"),
    **dict.fromkeys(("yaml", "yml"), "tree_sitter_yaml"),
    **dict.fromkeys(("javascript", "js", "mjs", "cjs"), "tree_sitter_javascript"),
}

# Inputs a grammar's C code is known to crash the process on (not an exception: a segfault) go to Pygments.
# tree-sitter-bash 0.25.1 reads out of bounds after a "{" followed by any 4-byte UTF-8 character
# (tree-sitter/tree-sitter-bash#337, open); any character beyond U+FFFF is a superset of that trigger.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
UNSAFE_INPUT = {"tree_sitter_bash": _ASTRAL}

# Plain text needs no highlighter at all: escaping it is the whole job (and spares importing Pygments).
PLAIN_TEXT = frozenset(("text", "txt", "plaintext", "plain"))

# Capture name -> Pygments class ("" = no colour, yet it still hides an outer capture: the code inside a
# string interpolation is code, a JSON or YAML key is a name). Captures not listed are ignored. When
# captures overlap, the innermost node wins; on one node, the row listed first wins.
CLASSES = {
    "key": "",
    "string.special.key": "",
    "embedded": "",
    "definition.decorator": "nd",
    "definition.class": "nc",
    "definition.function": "nf",
    "keyword.operator": "ow",
    "escape": "se",
    "comment": "c",
    "constant.builtin": "kc",
    "boolean": "kc",
    "keyword": "k",
    "number": "m",
    "string": "s",
    "string.special": "s",
}
_PRIORITY = {name: rank for rank, name in enumerate(CLASSES)}

# Our own captures, added to each grammar's shipped highlights query: the shipped queries name a
# definition and a call alike (@function), and Python's lump `and`/`not`/`in` with the operator symbols.
_YAML_KEY = "key: (flow_node [(double_quote_scalar) (single_quote_scalar) (plain_scalar (_))] @key)"
EXTRA_QUERIES = {
    "tree_sitter_python": """
(function_definition name: (identifier) @definition.function)
(class_definition name: (identifier) @definition.class)
(decorator "@" @definition.decorator)
(decorator [(identifier) (attribute)] @definition.decorator)
(decorator (call function: (_) @definition.decorator))
["and" "in" "is" "not" "or" "is not" "not in"] @keyword.operator
""",
    "tree_sitter_bash": """
(function_definition name: (word) @definition.function)
(simple_expansion) @embedded
""",
    "tree_sitter_yaml": f"(block_mapping_pair {_YAML_KEY})\n(flow_mapping (_ {_YAML_KEY}))\n",
    "tree_sitter_javascript": """
(function_declaration name: (identifier) @definition.function)
(generator_function_declaration name: (identifier) @definition.function)
(method_definition name: (property_identifier) @definition.function)
(class_declaration name: (identifier) @definition.class)
""",
}


def highlight(language: str, code: str) -> str | None:
    """The inner HTML of a `<code>` element showing `code` highlighted, or None for an unknown language."""
    name = language.lower()
    if name in PLAIN_TEXT:
        return html.escape(code)
    grammar = GRAMMARS.get(name)
    if grammar is not None and not _crashes(grammar, code):
        return _tree_sitter_html(grammar, code)
    return _pygments_html(language, code)


def _crashes(grammar: str, code: str) -> bool:
    unsafe = UNSAFE_INPUT.get(grammar)
    return unsafe is not None and not code.isascii() and unsafe.search(code) is not None


@cache
def _compiled(grammar: str) -> tuple[Parser, Query]:
    # tree-sitter is imported on the first block that needs it: most rebuilds have no code at all.
    from tree_sitter import Language, Parser, Query

    module: Any = importlib.import_module(grammar)
    language = Language(module.language())
    query = Query(language, getattr(module, "HIGHLIGHTS_QUERY", "") + EXTRA_QUERIES.get(grammar, ""))
    for index in range(query.capture_count):
        name = query.capture_name(index)
        if name not in CLASSES:
            query.disable_capture(name)  # unused captures cost time in every block
    return Parser(language), query


def _spans(grammar: str, source: bytes) -> list[tuple[int, int, int, str]]:
    """Captured byte ranges as (start, -end, priority, class), sorted outermost first."""
    from tree_sitter import QueryCursor

    parser, query = _compiled(grammar)
    tree = parser.parse(source)
    found: list[tuple[int, int, int, str]] = []
    for name, nodes in QueryCursor(query).captures(tree.root_node).items():
        css, rank = CLASSES[name], _PRIORITY[name]
        found.extend((node.start_byte, -node.end_byte, rank, css) for node in nodes if node.end_byte > node.start_byte)
    found.sort()
    return found


def _runs(spans: list[tuple[int, int, int, str]], length: int) -> list[tuple[int, int, str]]:
    """Contiguous (start, end, class) runs covering [0, length): each byte takes its innermost capture."""
    runs: list[tuple[int, int, str]] = []
    stack: list[tuple[int, str]] = []  # open captures (end, class), nested: syntax nodes never cross
    position = 0

    def close_until(limit: int) -> None:
        nonlocal position
        while stack and stack[-1][0] <= limit:
            end, css = stack.pop()
            if position < end:
                runs.append((position, end, css))
                position = end

    previous = (-1, 0)
    for start, negative_end, _, css in spans:
        if (start, negative_end) == previous:
            continue  # the same node captured again: the first (highest priority) already holds it
        previous = (start, negative_end)
        close_until(start)
        if position < start:
            runs.append((position, start, stack[-1][1] if stack else ""))
            position = start
        end = min(-negative_end, stack[-1][0]) if stack else -negative_end
        stack.append((end, css))
    close_until(length)
    if position < length:
        runs.append((position, length, ""))
    return runs


def _tree_sitter_html(grammar: str, code: str) -> str:
    source = code.encode("utf-8")
    ascii_only = len(source) == len(code)  # then byte offsets are character offsets: slice the str
    parts: list[str] = []
    open_class = ""
    for start, end, css in _runs(_spans(grammar, source), len(source)):
        text = code[start:end] if ascii_only else source[start:end].decode("utf-8")
        if css != open_class:  # adjacent runs of one class share a span
            if open_class:
                parts.append("</span>")
            if css:
                parts.append(f'<span class="{css}">')
            open_class = css
        parts.append(html.escape(text))
    if open_class:
        parts.append("</span>")
    return "".join(parts)


@lru_cache(maxsize=1)
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(cssclass="highlight", nowrap=True)


def _pygments_html(language: str, code: str) -> str | None:
    from pygments import highlight as pygments_highlight
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name(language)
    except ClassNotFound:
        return None
    return str(pygments_highlight(code, lexer, _formatter()))
