"""`make serve`'s content loop: development builds, live reload events, failures shown, last good site kept."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from sitegen.context import BuildOptions
from werkzeug.test import Client
from werkzeug.wrappers import Response

from devstack.livereload import DevRoutes, DevSite


def dev_site(content: Path, tmp_path: Path) -> tuple[DevSite, list[str]]:
    logged: list[str] = []
    options = BuildOptions(content, tmp_path / "site", tmp_path / "bundle")
    return DevSite(options, log=logged.append), logged


def first_event(site: DevSite, since: int) -> str:
    stream = site.events(since)
    assert next(stream) == b"retry: 500\n\n"
    return next(stream).decode()


def test_the_development_build_shows_drafts_and_scheduled_articles_and_loads_the_reload_script(
    content_copy: Path, tmp_path: Path
) -> None:
    site, logged = dev_site(content_copy, tmp_path)
    assert site.rebuild()
    draft = (tmp_path / "site/insights/not-yet/index.html").read_text("utf-8")
    assert '<span class="status-badge status-draft">Draft</span>' in draft
    assert (tmp_path / "site/insights/from-the-future/index.html").is_file()
    assert '<script src="/_dev/livereload.js" defer></script>' in draft
    assert "built" in logged[0]


def test_a_production_build_has_no_reload_script(test_site: Path) -> None:
    for page in test_site.rglob("*.html"):
        assert "livereload" not in page.read_text("utf-8"), page


def test_an_edit_rebuilds_and_tells_open_pages_to_reload(content_copy: Path, tmp_path: Path) -> None:
    site, _ = dev_site(content_copy, tmp_path)
    site.rebuild()
    since = site.generation
    article = content_copy / "insights/first-steps.md"
    article.write_text(article.read_text("utf-8").replace("## A table\n", "## A renamed table\n", 1), "utf-8")
    assert site.rebuild()
    assert first_event(site, since) == "event: reload\ndata: \n\n"
    assert 'id="a-renamed-table"' in (tmp_path / "site/insights/first-steps/index.html").read_text("utf-8")


def test_a_failed_rebuild_is_shown_on_the_page_and_the_last_good_site_stays(content_copy: Path, tmp_path: Path) -> None:
    site, logged = dev_site(content_copy, tmp_path)
    site.rebuild()
    page = tmp_path / "site/insights/first-steps/index.html"
    before = page.read_bytes()
    article = content_copy / "insights/first-steps.md"
    article.write_text(article.read_text("utf-8").replace("author: ada", "author: nobody"), "utf-8")
    assert not site.rebuild()
    assert page.read_bytes() == before
    event = first_event(site, site.generation)  # a page opened after the failure sees it at once
    assert event.startswith("event: failed\ndata: content/insights/first-steps.md:4: author: unknown author 'nobody'")
    assert "rebuild failed: 1 problem(s)" in logged[-1]


def test_the_watcher_rebuilds_within_moments_of_a_save(content_copy: Path, tmp_path: Path) -> None:
    site, _ = dev_site(content_copy, tmp_path)
    site.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=site.watch, args=([content_copy], stop), daemon=True)
    watcher.start()
    try:
        time.sleep(0.3)  # let the watcher settle
        since = site.generation
        article = content_copy / "insights/first-steps.md"
        article.write_text(article.read_text("utf-8").replace("First steps with agents", "Saved"), "utf-8")
        deadline = time.monotonic() + 10
        while site.generation == since and time.monotonic() < deadline:
            time.sleep(0.01)
        assert site.generation > since
        assert "<h1>Saved</h1>" in (tmp_path / "site/insights/first-steps/index.html").read_text("utf-8")
    finally:
        stop.set()
        watcher.join(timeout=5)


def test_the_dev_routes_serve_the_script_and_the_event_stream_outside_the_api(
    content_copy: Path, tmp_path: Path
) -> None:
    site, _ = dev_site(content_copy, tmp_path)

    gateway = Response("from the gateway")  # a response is a WSGI app: it stands in for the real gateway
    client = Client(DevRoutes(gateway, site))
    script = client.get("/_dev/livereload.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert 'new EventSource("/_dev/events")' in script.get_data(as_text=True)
    assert client.get("/insights/").get_data(as_text=True) == "from the gateway"
    events = client.get("/_dev/events", buffered=False)
    assert events.mimetype == "text/event-stream"
    assert next(iter(events.response)) == b"retry: 500\n\n"
    events.close()
