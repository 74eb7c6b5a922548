"""The insights pages built from the small test tree: escaping, drafts, schedule, feed, sitemap, search."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser

from tests.sitegen.conftest import NOW, build_tree

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class LinkCollector(HTMLParser):
    """Every href and src in a page, and the JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(values[name] or "")
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False


def parse(path: Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_raw_html_in_an_article_never_reaches_the_page_as_markup(test_site: Path) -> None:
    page = (test_site / "insights/second-thoughts/index.html").read_text(encoding="utf-8")
    body = page.split('<div class="prose article-body">', 1)[1].split("</div>", 1)[0]
    assert "<script" not in body
    assert "onerror" not in body
    assert "javascript:" not in body
    assert "<code>inline &lt;b&gt;code&lt;/b&gt;</code>" in body
    assert '<span class="s">&quot;&lt;script&gt;&quot;</span>' in body  # inside the highlighted code block, escaped
    assert "<h1>Second thoughts on &lt;script&gt; tags &amp; &#34;quotes&#34;</h1>" in page


def test_json_ld_describes_the_article_and_cannot_close_its_script_element(test_site: Path) -> None:
    collector = parse(test_site / "insights/second-thoughts/index.html")
    (block,) = collector.json_ld
    assert "</script" not in block
    assert "<" not in block
    data = json.loads(block)
    assert data["@type"] == "Article"
    assert data["headline"] == 'Second thoughts on <script> tags & "quotes"'
    assert data["author"]["name"] == "Ben Example"
    assert data["datePublished"] == "2026-02-10T08:30:00+00:00"
    assert data["dateModified"] == "2026-03-01T00:00:00+00:00"


def test_drafts_and_future_articles_are_left_out_of_a_production_build(test_site: Path) -> None:
    assert not (test_site / "insights/not-yet").exists()
    assert not (test_site / "insights/from-the-future").exists()
    for name in ("insights/index.html", "insights/feed.xml", "sitemap.xml", "insights/search.json"):
        text = (test_site / name).read_text(encoding="utf-8")
        assert "not-yet" not in text, name
        assert "from-the-future" not in text, name


def test_drafts_and_future_articles_are_included_and_marked_when_asked_for(content_root: Path, tmp_path: Path) -> None:
    site = build_tree(content_root, tmp_path, drafts=True, future=True)
    draft = (site / "insights/not-yet/index.html").read_text(encoding="utf-8")
    future = (site / "insights/from-the-future/index.html").read_text(encoding="utf-8")
    assert "status-draft" in draft
    assert '<meta name="robots" content="noindex">' in draft
    assert "Scheduled for 1 June 2027, 08:00 UTC" in future
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "not-yet" not in sitemap
    assert "from-the-future" not in sitemap
    feed = (site / "insights/feed.xml").read_text(encoding="utf-8")
    assert "not-yet" not in feed
    assert "from-the-future" not in feed


def test_a_future_article_appears_once_its_time_has_come(content_root: Path, tmp_path: Path) -> None:
    site = build_tree(content_root, tmp_path, now=datetime(2027, 6, 1, 8, 0, tzinfo=UTC))
    assert (site / "insights/from-the-future/index.html").is_file()


def test_the_build_report_names_the_next_scheduled_publish_time(content_root: Path, tmp_path: Path) -> None:
    from sitegen.build import build
    from sitegen.context import BuildOptions

    report_path = tmp_path / "report.json"
    options = BuildOptions(content_root, tmp_path / "site", tmp_path / "bundle", now=NOW, report_path=report_path)
    summary = build(options).summary()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["insights"]["next_publish_at"] == "2027-06-01T08:00:00+00:00"
    assert report["insights"]["scheduled"] == [{"slug": "from-the-future", "publish_at": "2027-06-01T08:00:00+00:00"}]
    assert report["insights"]["drafts_skipped"] == 1
    assert report["insights"]["articles"] == 3
    assert "3 published, 1 drafts skipped, 1 scheduled (next at 2027-06-01T08:00:00+00:00" in summary


def test_the_atom_feed_is_valid_and_carries_full_content(test_site: Path) -> None:
    raw = (test_site / "insights/feed.xml").read_bytes()
    ET.fromstring(raw)  # noqa: S314 - well-formed XML; our own build output
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Agent Boss insights"
    assert [entry.link for entry in feed.entries] == [
        "https://agentboss.example/insights/with-image/",
        "https://agentboss.example/insights/second-thoughts/",
        "https://agentboss.example/insights/first-steps/",
    ]
    first = feed.entries[-1]
    assert first.author == "Ada Example"
    assert "<table>" in first.content[0].value
    assert first.published == "2026-01-05T00:00:00+00:00"


def test_the_sitemap_lists_every_public_page_and_nothing_else(test_site: Path) -> None:
    root = ET.parse(test_site / "sitemap.xml").getroot()  # noqa: S314 - our own build output
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = {url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod") for url in root}
    base = "https://agentboss.example"
    insights_pages = {
        "/insights/", "/insights/first-steps/", "/insights/second-thoughts/", "/insights/with-image/",
        "/insights/tags/briefing/", "/insights/tags/ai-agents/", "/insights/tags/guardrails/",
        "/insights/authors/ada/", "/insights/authors/ben/",
    }  # fmt: skip
    assert {loc for loc in locs if "/insights/" in loc} == {base + path for path in insights_pages}
    assert locs[base + "/insights/second-thoughts/"] == "2026-03-01T00:00:00+00:00"
    # Every HTML page the build wrote, whichever area made it, is in the sitemap except the error page
    # and pages that ask not to be indexed.
    html_files = {
        "/" + p.relative_to(test_site).as_posix().removesuffix("index.html")
        for p in test_site.rglob("*.html")
        if '<meta name="robots" content="noindex">' not in p.read_text("utf-8")
    }
    assert html_files - {loc.removeprefix(base) for loc in locs} == set()  # 404.html is noindex too
    assert base + "/" in locs


def test_robots_txt_points_at_the_sitemap(test_site: Path) -> None:
    robots = (test_site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://agentboss.example/sitemap.xml" in robots
    assert "Disallow: /api/" in robots


def test_every_internal_link_and_asset_on_every_page_exists(test_site: Path) -> None:
    broken = []
    for page in test_site.rglob("*.html"):
        for url in parse(page).urls:
            if not url.startswith("/") or url.startswith("//"):
                continue
            path = url.split("#", 1)[0].split("?", 1)[0]
            target = test_site / path.lstrip("/")
            if path.endswith("/"):
                target = target / "index.html"
            # Other areas (score, gym, teams, account) are not in this small tree.
            if not target.exists() and not path.startswith(("/score/", "/gym/", "/teams/", "/account/")):
                broken.append(f"{page.relative_to(test_site)} -> {url}")
    assert broken == []


def test_tags_with_different_spellings_share_one_url_safe_page(test_site: Path) -> None:
    page = (test_site / "insights/tags/ai-agents/index.html").read_text(encoding="utf-8")
    assert "First steps with agents" in page
    assert "An article with its own picture" in page
    assert "Tagged: AI Agents" in page


def test_local_images_are_fingerprinted_and_get_their_size(test_site: Path) -> None:
    page = (test_site / "insights/with-image/index.html").read_text(encoding="utf-8")
    images = list((test_site / "insights/with-image").glob("diagram.*.png"))
    assert len(images) == 1
    url = "/insights/with-image/" + images[0].name
    assert f'src="{url}" width="40" height="30"' in page
    assert f'content="https://agentboss.example{url}"' in page  # the lead image is the OpenGraph image


def test_articles_without_an_image_get_a_1200_by_630_opengraph_png(test_site: Path) -> None:
    from PIL import Image

    with Image.open(test_site / "insights/first-steps/og.png") as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_the_search_index_lists_public_articles_with_what_the_box_searches(test_site: Path) -> None:
    index = json.loads((test_site / "insights/search.json").read_text(encoding="utf-8"))
    assert [entry["u"] for entry in index] == [
        "/insights/with-image/",
        "/insights/second-thoughts/",
        "/insights/first-steps/",
    ]
    assert index[2] == {
        "t": "First steps with agents",
        "u": "/insights/first-steps/",
        "s": "A short article that links to another one and has a table.",
        "g": ["briefing", "AI Agents"],
        "a": "Ada Example",
        "d": "2026-01-05",
    }


def test_headings_get_unique_anchors_and_footnotes_do_not_collide(test_site: Path) -> None:
    page = (test_site / "insights/first-steps/index.html").read_text(encoding="utf-8")
    assert '<h2 id="a-table">' in page
    assert '<h2 id="a-table-1">' in page
    assert 'id="fn-1"' in page
    assert 'href="#fn-1"' in page
    assert '<th class="align-left">Left</th><th class="align-right">Right</th>' in page
    assert "style=" not in page  # the CSP forbids inline styles


def test_other_areas_can_read_the_published_articles(content_root: Path, tmp_path: Path) -> None:
    from sitegen.build import load_content
    from sitegen.context import BuildOptions

    ctx = load_content(BuildOptions(content_root, tmp_path / "site", tmp_path / "bundle", now=NOW))
    assert ctx.data["insights"][2] == {
        "slug": "first-steps",
        "title": "First steps with agents",
        "url": "/insights/first-steps/",
        "tags": ["briefing", "ai-agents"],
        "summary": "A short article that links to another one and has a table.",
        "date": "2026-01-05",
    }
    assert len(ctx.data["insights"]) == 3


def test_the_cta_points_at_the_named_gym_lesson_or_one_training_a_tagged_dimension() -> None:
    from sitegen.areas.insights.cta import Lesson, resolve_cta

    lessons = {
        "plan-x": Lesson("plan-x", "Plan X", "/gym/plan-x/", "Plan it.", ("sequencing",)),
        "brief-y": Lesson("brief-y", "Brief Y", "/gym/brief-y/", "Brief it.", ("briefing",)),
    }
    assert resolve_cta("brief-y", [], lessons).href == "/gym/brief-y/"
    assert resolve_cta("score", ["briefing"], lessons).href == "/score/"
    assert resolve_cta(None, ["strategy", "sequencing"], lessons).title == "Plan X"
    assert resolve_cta(None, ["strategy"], lessons).href == "/score/"


def test_article_prose_gets_curly_quotes_and_dashes_but_code_keeps_what_was_typed(
    content_copy: Path, tmp_path: Path
) -> None:
    (content_copy / "insights" / "typography.md").write_text(
        "---\ntitle: Typography\ndate: 2026-02-01\nauthor: ada\n"
        "summary: Quotes, apostrophes and dashes in prose.\ntags: [briefing]\n---\n\n"
        "She said \"check it\" -- then 'ship it'... it's done---nearly.\n\n"
        "Inline `\"as typed\" -- 'kept'` stays.\n\n```\nprint(\"straight\") -- 'too'\n```\n",
        encoding="utf-8",
    )
    page = (build_tree(content_copy, tmp_path / "out") / "insights/typography/index.html").read_text("utf-8")
    body = page.split('<div class="prose article-body">', 1)[1].split("</div>", 1)[0]
    assert "She said \u201ccheck it\u201d \u2013 then \u2018ship it\u2019\u2026 it\u2019s done\u2014nearly." in body
    assert "<code>\"as typed\" -- 'kept'</code>" in body
    assert "print(\"straight\") -- 'too'" in body
