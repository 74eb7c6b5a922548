"""The figures as the assessment team reads them: a Markdown report, a CSV and an SVG chart."""

from __future__ import annotations

import csv
import io
from typing import Any
from xml.sax.saxutils import escape


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _frequencies(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    parts = []
    for option, share in value.items():
        if isinstance(share, dict):
            inner = " ".join(f"{k}:{v * 100:.0f}%" for k, v in share.items())
            parts.append(f"{option}[{inner}]")
        else:
            parts.append(f"{option}:{share * 100:.0f}%")
    return "; ".join(parts)


def markdown(analysis: dict[str, Any]) -> str:
    """One section per bank version: the test, the dimensions, then every item with its flags."""
    out = ["# Agent Boss Score: item statistics", ""]
    out.append(
        "First attempts only. Facility = mean points (0-1) as a percentage; discrimination = corrected "
        "item-total correlation; efficiency = discriminative efficiency (Moodle's definitions). SD, SEM and "
        "alpha use sample variances; the total is the sum of item points."
    )
    for version, v in analysis["versions"].items():
        t = v["test"]
        out += ["", f"## Bank version `{version}`: {v['attempts']} attempts", ""]
        if not v["bank_known"]:
            out += ["_The content bundle does not hold this version: no dimensions or option frequencies._", ""]
        if v["items_not_in_bank"]:
            out += [f"_Points for items not in the bank were left out: {', '.join(v['items_not_in_bank'])}._", ""]
        out += [
            "| test | value |",
            "|---|---|",
            f"| items | {t['items']} (max total {t['max']:.0f}) |",
            f"| mean | {num(t['mean'])} |",
            f"| SD | {num(t['sd'])} |",
            f"| skewness | {num(t['skewness'])} |",
            f"| kurtosis (excess) | {num(t['kurtosis'])} |",
            f"| Cronbach's alpha | {num(t['cronbach_alpha'])} |",
            f"| SEM | {num(t['sem'])} |",
        ]
        if v["dimensions"]:
            out += ["", "| dimension | items | mean | SD | alpha | SEM |", "|---|---|---|---|---|---|"]
            for dim_id, d in v["dimensions"].items():
                out.append(
                    f"| {d['name']} (`{dim_id}`) | {d['items']} | {num(d['mean'])} | {num(d['sd'])} "
                    f"| {num(d['cronbach_alpha'])} | {num(d['sem'])} |"
                )
        out += [
            "",
            "| item | facility | SD | discrimination | efficiency | needs checking | flags |",
            "|---|---|---|---|---|---|---|",
        ]
        for item_id, i in v["items"].items():
            out.append(
                f"| `{item_id}` | {pct(i['facility_index'])} | {pct(i['sd'])} | {pct(i['discrimination_index'])} "
                f"| {pct(i['discriminative_efficiency'])} | {i['needs_checking'] or 'n/a'} | {', '.join(i['flags'])} |"
            )
        freq = [(k, i) for k, i in v["items"].items() if i["option_frequencies"]]
        if freq:
            out += ["", "Option frequencies (share of answers; ranking: by place, rating: by rating):", ""]
            out += [f"- `{k}` ({i['type']}): {_frequencies(i['option_frequencies'])}" for k, i in freq]
    return "\n".join(out) + "\n"


CSV_COLUMNS = [
    "quiz_version",
    "item_id",
    "type",
    "dimensions",
    "facility_index",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
    "needs_checking",
    "flags",
    "option_frequencies",
]


def csv_text(analysis: dict[str, Any]) -> str:
    """One row per item per version; figures as fractions with four decimals."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for version, v in analysis["versions"].items():
        for item_id, i in v["items"].items():
            writer.writerow(
                [
                    version,
                    item_id,
                    i["type"] or "",
                    " ".join(f"{d}={w:g}" for d, w in i["dimensions"].items()),
                    *(
                        "" if i[k] is None else f"{i[k]:.4f}"
                        for k in ("facility_index", "sd", "discrimination_index", "discriminative_efficiency")
                    ),
                    i["needs_checking"] or "",
                    " ".join(i["flags"]),
                    _frequencies(i["option_frequencies"]),
                ]
            )
    return buffer.getvalue()


def svg_chart(version: dict[str, Any]) -> str:
    """Facility and discrimination per item as paired horizontal bars, with the 30-80% facility band."""
    items = list(version["items"].items())
    row, left, width, top = 26, 190, 420, 56
    height = top + row * len(items) + 40

    def x(value: float) -> float:
        return left + max(0.0, min(1.0, value)) * width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 130} {height}" role="img" '
        'aria-labelledby="title desc" font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="title">Item statistics, bank {escape(version["quiz_version"])}</title>',
        '<desc id="desc">For each item, the upper bar is the facility index and the lower bar the discrimination '
        "index, on a 0 to 100% scale; the shaded band marks facility from 30% to 80%.</desc>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<rect x="{x(0.3):.1f}" y="{top - 8}" width="{x(0.8) - x(0.3):.1f}" height="{row * len(items) + 8}" '
        'fill="#e8f1fb"/>',
        f'<text x="{left}" y="20" font-weight="700">Facility (dark) and discrimination (light), 0-100%</text>',
        f'<text x="{x(0.3):.1f}" y="{top - 14}" text-anchor="middle" fill="#4a5866">30%</text>',
        f'<text x="{x(0.8):.1f}" y="{top - 14}" text-anchor="middle" fill="#4a5866">80%</text>',
    ]
    for n, (item_id, i) in enumerate(items):
        y = top + n * row
        flagged = "  !" if i["flags"] else ""
        parts.append(f'<text x="{left - 8}" y="{y + 12}" text-anchor="end">{escape(item_id)}{flagged}</text>')
        facility, discrimination = i["facility_index"], i["discrimination_index"]
        if facility is not None:
            parts.append(f'<rect x="{left}" y="{y}" width="{x(facility) - left:.1f}" height="9" fill="#16324f"/>')
        if discrimination is not None:
            parts.append(
                f'<rect x="{left}" y="{y + 10}" width="{x(discrimination) - left:.1f}" height="7" fill="#6f9fd8"/>'
            )
        parts.append(
            f'<text x="{left + width + 6}" y="{y + 12}" fill="#4a5866">{pct(facility)} / {pct(discrimination)}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 12}" fill="#4a5866">! = flagged for checking (see report.md)</text></svg>'
    )
    return "\n".join(parts) + "\n"
