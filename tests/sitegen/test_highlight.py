"""Build-time code highlighting: tree-sitter for the common languages, Pygments for the rest."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitegen.highlight import GRAMMARS, highlight
from sitegen.markdown import render_markdown

ROOT = Path(__file__).resolve().parents[2]
TAG = re.compile(r"<[^>]*>")
# All the markup the fast path may emit: a span with one of the CSS's classes, and its end.
ALLOWED_MARKUP = re.compile(r'<span class="(?:c|k|kc|ow|s|se|m|nf|nc|nd)">|</span>')
FENCE = re.compile(r"^```([\w+#.-]+)\n(.*?)^```", re.S | re.M)
FAST_LANGUAGES = sorted(set(GRAMMARS.values()))
CANONICAL = {"tree_sitter_python": "python", "tree_sitter_json": "json", "tree_sitter_bash": "bash"}
CANONICAL |= {"tree_sitter_yaml": "yaml", "tree_sitter_javascript": "javascript"}


def text_of(highlighted: str) -> str:
    return html.unescape(TAG.sub("", highlighted))


def span(css: str, text: str) -> str:
    return f'<span class="{css}">{text}</span>'


ESCAPED_NEWLINE = "\\n"  # the two characters backslash and n, as written in a JSON string
HAND_CHECKED = {
    "python": (
        '@dataclass\nclass Task:\n    def run(self, n=3):  # go\n        return "done" if n else None\n',
        f"{span('nd', '@dataclass')}\n{span('k', 'class')} {span('nc', 'Task')}:\n"
        f"    {span('k', 'def')} {span('nf', 'run')}(self, n={span('m', '3')}):  {span('c', '# go')}\n"
        f"        {span('k', 'return')} {span('s', '&quot;done&quot;')} {span('k', 'if')} n "
        f"{span('k', 'else')} {span('kc', 'None')}\n",
    ),
    "json": (
        '{"retries": 3, "tool": "search\\n", "strict": true, "next": null}\n// note\n',
        f"{{&quot;retries&quot;: {span('m', '3')}, &quot;tool&quot;: {span('s', '&quot;search')}"
        f"{span('se', ESCAPED_NEWLINE)}{span('s', '&quot;')}, &quot;strict&quot;: {span('kc', 'true')}, "
        f"&quot;next&quot;: {span('kc', 'null')}}}\n{span('c', '// note')}\n",
    ),
    "bash": (
        "deploy() {\n  for f in *.md; do echo \"$f\" 'x' 2>/dev/null; done  # loop\n}\n",
        f"{span('nf', 'deploy')}() {{\n  {span('k', 'for')} f {span('k', 'in')} *.md; {span('k', 'do')} echo "
        f"{span('s', '&quot;')}$f{span('s', '&quot;')} {span('s', '&#x27;x&#x27;')} {span('m', '2')}&gt;/dev/null; "
        f"{span('k', 'done')}  {span('c', '# loop')}\n}}\n",
    ),
    "yaml": (
        'agent: planner  # lead\nretries: 3\nstrict: true\nprompt: "Be brief"\n',
        f"agent: {span('s', 'planner')}  {span('c', '# lead')}\nretries: {span('m', '3')}\n"
        f"strict: {span('kc', 'true')}\nprompt: {span('s', '&quot;Be brief&quot;')}\n",
    ),
    "javascript": (
        "class Queue {\n  push(job) { return this.jobs.push(job); }\n}\n"
        "function drain(q) { const n = 10; return `left ${n}`; } // ok\n",
        f"{span('k', 'class')} {span('nc', 'Queue')} {{\n  {span('nf', 'push')}(job) {{ {span('k', 'return')} "
        f"this.jobs.push(job); }}\n}}\n{span('k', 'function')} {span('nf', 'drain')}(q) {{ {span('k', 'const')} "
        f"n = {span('m', '10')}; {span('k', 'return')} {span('s', '`left ')}${{n}}{span('s', '`')}; }} "
        f"{span('c', '// ok')}\n",
    ),
}


@pytest.mark.parametrize("language", sorted(HAND_CHECKED))
def test_each_fast_language_colours_keywords_strings_comments_numbers_and_definitions(language: str) -> None:
    code, expected = HAND_CHECKED[language]
    assert highlight(language, code) == expected


def test_every_character_of_markup_in_code_is_escaped_in_strings_and_comments() -> None:
    code = 'x = "<script>alert(\'&\')</script>"  # </code><b onclick="y">\'&\n'
    assert highlight("python", code) == (
        f"x = {span('s', '&quot;&lt;script&gt;alert(&#x27;&amp;&#x27;)&lt;/script&gt;&quot;')}  "
        f"{span('c', '# &lt;/code&gt;&lt;b onclick=&quot;y&quot;&gt;&#x27;&amp;')}\n"
    )


@pytest.mark.parametrize("language", sorted(CANONICAL.values()))
def test_code_that_does_not_parse_still_renders_every_character_escaped(language: str) -> None:
    code = '{"a": [<b>"unterminated & </code>\n  def ( ` ${ \'\n'
    highlighted = highlight(language, code)
    assert highlighted is not None
    assert text_of(highlighted) == code
    assert ALLOWED_MARKUP.sub("", highlighted).count("<") == 0


def test_non_ascii_text_keeps_every_character_and_the_span_boundaries_after_it() -> None:
    code = 'msg = "café ✓"  # naïve ✓ 😀\nn = 1\n'
    assert highlight("python", code) == (
        f"msg = {span('s', '&quot;café ✓&quot;')}  {span('c', '# naïve ✓ 😀')}\nn = {span('m', '1')}\n"
    )
    assert highlight("yaml", "name: café ✓ # ünï\nn: 2\n") == (
        f"name: {span('s', 'café ✓')} {span('c', '# ünï')}\nn: {span('m', '2')}\n"
    )


CODE_CHARACTERS = st.text(
    st.one_of(
        st.sampled_from(list("abcdefxyz_ ():=\"'#{}[]$`\\\n\t<>&-+*/@.,;|!?%0123456789éü✓😀")),
        st.characters(codec="utf-8"),
    ),
    max_size=200,
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(language=st.sampled_from(FAST_LANGUAGES), code=CODE_CHARACTERS)
def test_any_text_comes_back_exactly_and_only_inside_allowed_spans(language: str, code: str) -> None:
    highlighted = highlight(CANONICAL[language], code)
    assert highlighted is not None
    if language == "tree_sitter_bash" and re.search("[\U00010000-\U0010ffff]", code):
        return  # Pygments' path (it trims blank lines at the ends), tested on its own below
    assert text_of(highlighted) == code
    bare = ALLOWED_MARKUP.sub("", highlighted)
    assert "<" not in bare
    assert ">" not in bare
    assert '"' not in bare


def test_every_fenced_block_in_the_articles_reads_back_exactly() -> None:
    articles = [*ROOT.glob("content/insights/*.md"), *ROOT.glob("tests/sitegen/content/insights/*.md")]
    blocks = [block for path in articles for block in FENCE.findall(path.read_text(encoding="utf-8"))]
    assert len(blocks) >= 3
    for language, code in blocks:
        highlighted = highlight(language, code)
        assert highlighted is not None, language
        assert text_of(highlighted) == code


def test_an_unknown_language_is_left_as_the_markdown_renderer_wrote_it() -> None:
    assert highlight("no-such-language", "x < y") is None
    rendered = render_markdown("```no-such-language\nx < y\n```\n").html
    assert rendered == '<pre><code class="language-no-such-language">x &lt; y\n</code></pre>\n'


@pytest.mark.parametrize("alias", sorted(GRAMMARS))
def test_an_alias_highlights_exactly_like_its_language(alias: str) -> None:
    canonical = CANONICAL[GRAMMARS[alias]]
    code = HAND_CHECKED[canonical][0]
    assert highlight(alias, code) == highlight(canonical, code)
    assert highlight(alias.upper(), code) == highlight(canonical, code)


def test_a_fenced_block_keeps_the_pre_shape_with_the_language_as_written() -> None:
    rendered = render_markdown("```py\nreturn 1\n```\n").html
    assert rendered == (
        f'<pre class="highlight" data-language="py"><code>{span("k", "return")} {span("m", "1")}\n</code></pre>\n'
    )


def test_a_language_only_pygments_knows_still_gets_pygments_spans() -> None:
    assert highlight("go", "func main() {}\n") == (
        '<span class="kd">func</span><span class="w"> </span><span class="nx">main</span>'
        '<span class="p">()</span><span class="w"> </span><span class="p">{}</span>\n'
    )
    assert '<span class="k">SELECT</span>' in (highlight("sql", "SELECT 1;\n") or "")


def test_bash_with_a_character_beyond_the_basic_plane_goes_to_pygments_not_the_crashing_parser() -> None:
    # tree-sitter-bash 0.25.1 segfaults on "{" then a 4-byte UTF-8 character (tree-sitter-bash#337).
    from pygments import highlight as pygments_highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import BashLexer

    code = 'echo "{😀}" # ok\n'
    expected = pygments_highlight(code, BashLexer(), HtmlFormatter(nowrap=True))
    assert highlight("bash", code) == expected
    assert '<span class="c1"># ok</span>' in expected
    assert highlight("bash", 'echo "{é✓}"\n') == f"echo {span('s', '&quot;{é✓}&quot;')}\n"


def test_plain_text_blocks_are_escaped_without_any_span() -> None:
    assert highlight("text", "a <b> & 'c'\n") == "a &lt;b&gt; &amp; &#x27;c&#x27;\n"


def imported_after(markdown: str) -> set[str]:
    """Which highlighters a fresh interpreter has imported after rendering `markdown`."""
    script = textwrap.dedent(f"""
        import sys
        from sitegen.markdown import render_markdown
        render_markdown({markdown!r})
        print(sorted({{name.split(".")[0] for name in sys.modules}} & {{"pygments", "tree_sitter"}}))
    """)
    env = {"PYTHONPATH": f"{ROOT}{':'}{ROOT / 'site'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    return set(eval(result.stdout))  # noqa: S307 - our own subprocess prints a list literal


def test_highlighters_are_imported_only_when_a_block_needs_them() -> None:
    assert imported_after("# Title\n\nSome `inline` code.\n\n```text\nplain\n```\n") == set()
    assert imported_after("```python\nx = 1\n```\n") == {"tree_sitter"}
    assert imported_after("```go\nx := 1\n```\n") == {"pygments"}
