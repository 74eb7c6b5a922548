"""Turn the shared benchmark corpus into an insights content tree our builder reads.

    python bench/insights_corpus.py N DIR

Writes DIR/content (other areas' files from content/, authors.yml naming the corpus's six
authors, insights/ with N articles from `../shared/bench/ssg/make_corpus.py N ... --format plain`,
the same text Hugo and Pelican build in that benchmark).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench" / "ssg"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/bench/ssg")


def make_tree(count: int, target: Path) -> Path:
    """The content tree for `count` corpus articles under target/content, with every other area's
    current real content; returns it."""
    content = target / "content"
    articles = content / "insights"
    if not (articles.is_dir() and len(list(articles.glob("*.md"))) == count):
        shutil.rmtree(content, ignore_errors=True)
        _write_articles(count, target, content)
    _sync_other_areas(content)
    return content


def _write_articles(count: int, target: Path, content: Path) -> None:
    corpus = target / "corpus"
    if not (corpus.is_dir() and len(list(corpus.glob("*.md"))) == count):
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(SHARED / "make_corpus.py"), str(count), str(corpus), "--format", "plain"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    articles = content / "insights"
    articles.mkdir(parents=True)
    authors: set[str] = set()
    for source in sorted(corpus.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        match = re.search(r'^author: "?([^"\n]+)"?$', text, re.M)
        if match:
            authors.add(match.group(1))
        (articles / source.name).write_text(text, encoding="utf-8")
    bio = "writes for the benchmark corpus, every word of it generated."
    lines = [f'"{name}":\n  name: {name}\n  role: Contributor\n  bio: {name} {bio}\n' for name in sorted(authors)]
    (content / "authors.yml").write_text("".join(lines), encoding="utf-8")


def _sync_other_areas(content: Path) -> None:
    """Every area but insights as the repository has it now: a tree kept from an older checkout would
    leave out, or mis-state, their pages (a tree made before the Score existed had none of its pages).
    Only what differs is copied, so an unchanged tree keeps its files' stat signatures."""
    real = ROOT / "content"
    wanted = {entry.name for entry in real.iterdir() if entry.name not in ("insights", "authors.yml")}
    for entry in content.iterdir():
        if entry.name not in wanted | {"insights", "authors.yml"}:
            (shutil.rmtree if entry.is_dir() else Path.unlink)(entry)
    for name in sorted(wanted):
        source, copy = real / name, content / name
        if _snapshot(source) != _snapshot(copy):
            if copy.is_dir():
                shutil.rmtree(copy)
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, copy)


def _snapshot(path: Path) -> dict[str, bytes] | bytes | None:
    if path.is_file():
        return path.read_bytes()
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}
    return None


if __name__ == "__main__":
    print(make_tree(int(sys.argv[1]), Path(sys.argv[2])))
