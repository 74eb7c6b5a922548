"""Insights build performance beside Hugo, on the shared benchmark corpus (docs/performance.md).

    python bench/insights_bench.py [--sizes 1000 5000] [--runs 5] [--scratch /tmp/insights-bench]

For each size: Hugo's clean build and ours, interleaved run by run (A B A B ...) so a drift in machine
speed hits both; then our no-change rebuild, our rebuild after one edit (with no builder, as scripts
and CI run it, then as at a terminal, where the previous build left a resident builder running),
and `make serve`'s edit-to-live time (file saved -> the watcher's incremental rebuild done). Whole
processes, timed with wait4(): wall seconds and the peak RSS of the largest single process. Prints
one Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "site"), str(Path(__file__).resolve().parent)]

from insights_corpus import ROOT, SHARED, make_tree  # noqa: E402

# SITEGEN_BUILDER=off: a build leaves no resident builder unless a measurement asks for one.
ENV = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}", "SITEGEN_BUILDER": "off"}


def timed(command: list[str], env: dict[str, str] = ENV) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, with its children) of one whole-process run."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def hugo_site(count: int, scratch: Path) -> Path:
    site = scratch / "hugo"
    posts = site / "content" / "posts"
    if not (posts.is_dir() and len(list(posts.glob("*.md"))) == count):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(SHARED / "hugo", site)
        subprocess.run([sys.executable, str(SHARED / "make_corpus.py"), str(count), str(site), "--format", "hugo"],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return site


def our_build(content: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--content", str(content), "--out", str(out / "site"),
            "--cache", str(out / "cache")]  # fmt: skip


def forget(out: Path) -> None:
    """What a clean build starts from: no cache, so every page is rendered and written. As in
    ../shared/bench/ssg (RESULTS.md) for every tool, the build writes over the previous run's output
    tree; deleting a tree just before timing slows the writes after it (measured apart: `empty_dir`)."""
    shutil.rmtree(out / "cache", ignore_errors=True)


def edit_one(content: Path, round_: int) -> None:
    article = sorted((content / "insights").glob("*.md"))[len(list((content / "insights").glob("*.md"))) // 2]
    text = article.read_text(encoding="utf-8").split("\n<!-- edit -->", 1)[0]
    article.write_text(f"{text}\n<!-- edit -->\nEdited in round {round_}.\n", encoding="utf-8")


def edits_with_builder(content: Path, out: Path, edits: int) -> list[float]:
    """One edit, then a separate `build` run, as at a terminal: the builder an earlier build left running
    takes it (SITEGEN_BUILDER=on does what a terminal does by default; this script's output is a pipe)."""
    from sitegen import buildserver

    at_terminal = {**ENV, "SITEGEN_BUILDER": "on"}
    edit_one(content, 199)
    timed(our_build(content, out), at_terminal)  # builds here and leaves a builder
    deadline = time.monotonic() + 30
    while buildserver.hand_over(out / "cache", {"ping": True}) is None:
        if time.monotonic() > deadline:
            raise SystemExit("the builder the build left did not start")
        time.sleep(0.05)
    walls = []
    for round_ in range(edits):
        edit_one(content, 200 + round_)
        walls.append(timed(our_build(content, out), at_terminal)[0])
    buildserver.hand_over(out / "cache", {"stop": True})
    return walls


def serve_latency(content: Path, out: Path, edits: int) -> tuple[float, float]:
    """`make serve`: median seconds from saving one article to its incremental rebuild being written."""
    from sitegen.context import BuildOptions

    from devstack.livereload import DevSite

    site = DevSite(BuildOptions(content, out / "dev" / "site", out / "dev" / "bundle"), log=lambda _: None)
    site.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=site.watch, args=([content], stop), daemon=True)
    watcher.start()
    time.sleep(1.0)
    latencies, rebuilds = [], []
    for round_ in range(edits):
        since = site.generation
        started = time.monotonic()
        edit_one(content, 100 + round_)
        while site.generation == since:
            time.sleep(0.001)
        latencies.append(time.monotonic() - started)
        rebuilds.append(site.last_seconds)
        time.sleep(0.3)
    stop.set()
    return statistics.median(latencies), statistics.median(rebuilds)


def measure(count: int, runs: int, scratch: Path) -> dict[str, float]:
    scratch.mkdir(parents=True, exist_ok=True)
    content, hugo = make_tree(count, scratch), hugo_site(count, scratch)
    hugo_command = ["hugo", "--quiet", "--source", str(hugo), "--destination", str(scratch / "hugo-out")]
    out = scratch / "own"
    timed(hugo_command)  # warm-up runs (disk cache, .pyc)
    forget(out)
    timed(our_build(content, out))
    hugo_runs, clean_runs, ratios = [], [], []
    for _ in range(runs):
        hugo_runs.append(timed(hugo_command))
        forget(out)
        clean_runs.append(timed(our_build(content, out)))
        ratios.append(clean_runs[-1][0] / hugo_runs[-1][0])
    nochange = [timed(our_build(content, out))[0] for _ in range(runs)]
    edited = []
    for round_ in range(runs):
        edit_one(content, round_)
        edited.append(timed(our_build(content, out))[0])
    handed = edits_with_builder(content, out, runs)
    latency, rebuild = serve_latency(content, scratch, edits=runs) if count <= 1000 else (float("nan"),) * 2
    shutil.rmtree(scratch / "hugo-out", ignore_errors=True)
    hugo_empty = timed(hugo_command)[0]
    shutil.rmtree(out, ignore_errors=True)
    empty = timed(our_build(content, out))[0]
    clean = statistics.median(run[0] for run in clean_runs)
    return {
        "hugo": statistics.median(run[0] for run in hugo_runs),
        "hugo_peak": max(run[1] for run in hugo_runs),
        "hugo_cpu": statistics.median(run[2] for run in hugo_runs),
        "clean": clean,
        "clean_cpu": statistics.median(run[2] for run in clean_runs),
        "ratio": statistics.median(ratios),
        "peak": max(run[1] for run in clean_runs),
        "nochange": statistics.median(nochange),
        "edit": statistics.median(edited),
        "edit_builder": statistics.median(handed),
        "serve": latency,
        "serve_rebuild": rebuild,
        "empty_dir": empty,
        "hugo_empty_dir": hugo_empty,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "insights-bench")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load before: {os.getloadavg()[0]:.1f}")
    print(
        "| articles | Hugo clean s | ours clean s | ratio to Hugo | no-change s (% of clean) "
        "| one edit, no builder s (% of clean) | one edit, at a terminal (builder left running) s (%) "
        "| serve: save to rebuilt s (rebuild alone) "
        "| peak MiB ours / Hugo "
        "| CPU s clean, Hugo / ours |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for count in args.sizes:
        r = measure(count, args.runs, args.scratch / str(count))
        print(
            f"| {count} | {r['hugo']:.2f} | {r['clean']:.2f} | {r['ratio']:.2f} "
            f"| {r['nochange']:.2f} ({100 * r['nochange'] / r['clean']:.0f}%) "
            f"| {r['edit']:.2f} ({100 * r['edit'] / r['clean']:.0f}%) "
            f"| {r['edit_builder']:.2f} ({100 * r['edit_builder'] / r['clean']:.0f}%) "
            f"| {r['serve']:.3f} ({r['serve_rebuild']:.3f}) | {r['peak']:.0f} / {r['hugo_peak']:.0f} "
            f"| {r['hugo_cpu']:.2f} / {r['clean_cpu']:.2f} |",
            flush=True,
        )
        print(f"(into an empty output folder, one run each: Hugo {r['hugo_empty_dir']:.2f} s, "
              f"ours {r['empty_dir']:.2f} s)")  # fmt: skip
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
