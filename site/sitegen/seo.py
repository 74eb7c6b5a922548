"""`sitemap.xml`: every public HTML page the build writes, whichever area made it (robots.txt: home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from sitegen.context import Page

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def is_html(page: Page) -> bool:
    return page.output_path.endswith(".html")


def sitemap_xml(entries: Iterable[tuple[str, datetime | None]], base_url: str) -> bytes:
    """The sitemap for (URL path, last modified) pairs, sorted by URL."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for url, lastmod in sorted(entries, key=lambda entry: entry[0]):
        lastmod_xml = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(base_url + url, quote=False)}</loc>{lastmod_xml}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def sitemap_entries(pages: Iterable[Page], noindex: set[str]) -> list[tuple[str, datetime | None]]:
    """Every written HTML page except error pages, pages marked not indexable and pages whose HTML says noindex."""
    return [
        (page.url, page.lastmod)
        for page in pages
        if is_html(page) and page.indexable and page.url != "/404.html" and page.output_path not in noindex
    ]
