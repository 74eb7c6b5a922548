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
    """The content tree for `count` corpus articles under target/content; returns it."""
    content = target / "content"
    articles = content / "insights"
    if articles.is_dir() and len(list(articles.glob("*.md"))) == count:
        return content
    shutil.rmtree(content, ignore_errors=True)
    corpus = target / "corpus"
    if not (corpus.is_dir() and len(list(corpus.glob("*.md"))) == count):
        shutil.rmtree(corpus, ignore_errors=True)
        subprocess.run(
            [sys.executable, str(SHARED / "make_corpus.py"), str(count), str(corpus), "--format", "plain"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    articles.mkdir(parents=True)
    authors: set[str] = set()
    for source in sorted(corpus.glob("*.md")):
        text = source.read_text(encoding="utf-8")
        match = re.search(r'^author: "?([^"\n]+)"?$', text, re.M)
        if match:
            authors.add(match.group(1))
        (articles / source.name).write_text(text, encoding="utf-8")
    for entry in (ROOT / "content").iterdir():  # every other area's real content
        if entry.name not in ("insights", "authors.yml"):
            (shutil.copytree if entry.is_dir() else shutil.copyfile)(entry, content / entry.name)
    bio = "writes for the benchmark corpus, every word of it generated."
    lines = [f'"{name}":\n  name: {name}\n  role: Contributor\n  bio: {name} {bio}\n' for name in sorted(authors)]
    (content / "authors.yml").write_text("".join(lines), encoding="utf-8")
    return content


if __name__ == "__main__":
    print(make_tree(int(sys.argv[1]), Path(sys.argv[2])))
