"""Markdown engines on the shared corpus, with the features the insights need (docs/performance.md).

    python bench/markdown_engines.py [N]      (default 1000 articles of ~1,000 words)

Per article, median of 3 passes over all bodies, CPU time: each engine bare, then with what the
articles need (tables, footnotes, heading anchors, Pygments highlighting on code blocks). cmarkgfm is
measured when importable (it is not a project dependency).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "site"), str(Path(__file__).resolve().parent)]

from insights_corpus import make_tree  # noqa: E402


def per_article_ms(render: Callable[[str], object], bodies: list[str]) -> float:
    passes = []
    for _ in range(3):
        started = time.process_time()
        for body in bodies:
            render(body)
        passes.append((time.process_time() - started) / len(bodies) * 1000)
    return statistics.median(passes)


def engines() -> dict[str, Callable[[str], object]]:
    import pyromark
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from sitegen.markdown import OPTIONS, render_markdown

    def pygments_highlight(code: str, lang: str, _attrs: str) -> str:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name

        return highlight(code, get_lexer_by_name(lang), HtmlFormatter(nowrap=True)) if lang else ""

    mdit = MarkdownIt("commonmark").enable("table")
    full = MarkdownIt("commonmark", {"highlight": pygments_highlight}).enable("table")
    full.use(footnote_plugin).use(anchors_plugin, max_level=4)
    found: dict[str, Callable[[str], object]] = {
        "markdown-it-py, bare (CommonMark + tables)": mdit.render,
        "markdown-it-py + footnotes, anchors, Pygments": full.render,
        "pyromark, bare (tables, footnotes)": lambda text: pyromark.html(text, options=OPTIONS),
        "sitegen.markdown (pyromark + anchors, sanitiser check, Pygments)": render_markdown,
    }
    try:
        import cmarkgfm
        from cmarkgfm.cmark import Options

        found["cmarkgfm, bare (GFM + footnotes)"] = lambda text: cmarkgfm.github_flavored_markdown_to_html(
            text, options=Options.CMARK_OPT_FOOTNOTES
        )
    except ImportError:
        pass
    return found


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    content = make_tree(count, Path(tempfile.gettempdir()) / "insights-bench" / str(count))
    bodies = [p.read_text("utf-8").split("\n---\n", 1)[1] for p in sorted((content / "insights").glob("*.md"))]
    print(f"| engine ({count} articles, ~1,000 words each) | ms per article (CPU) |\n|---|---|")
    for name, render in engines().items():
        print(f"| {name} | {per_article_ms(render, bodies):.3f} |", flush=True)


if __name__ == "__main__":
    main()
