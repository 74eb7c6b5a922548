"""Which items need a second look, by the rules of Moodle's quiz statistics report."""

from __future__ import annotations

from dataclasses import dataclass

# Moodle highlights a question whose discriminative efficiency is under 15% as "dubious".
EFFICIENCY_FLOOR = 0.15
# Issue 4's band for facility: an item most people fail or most people pass tells us little.
FACILITY_BAND = (0.30, 0.80)
# Moodle's "Needs checking?" column: discrimination under 30% is very likely, under 50% likely.
DISCRIMINATION_VERY_LIKELY = 0.30
DISCRIMINATION_LIKELY = 0.50


@dataclass(frozen=True)
class Flag:
    code: str
    message: str


def needs_checking(discrimination: float | None) -> str | None:
    """Moodle's verdict from the discrimination index: "very likely", "likely", "unlikely" (None if unknown)."""
    if discrimination is None:
        return None
    if discrimination < DISCRIMINATION_VERY_LIKELY:
        return "very likely"
    if discrimination < DISCRIMINATION_LIKELY:
        return "likely"
    return "unlikely"


def item_flags(facility: float | None, discrimination: float | None, efficiency: float | None) -> list[Flag]:
    """Every rule the item breaks, most serious first."""
    flags: list[Flag] = []
    if discrimination is not None and discrimination < 0:
        flags.append(Flag("negative_discrimination", "stronger takers score lower on it: check the key"))
    if efficiency is not None and efficiency < EFFICIENCY_FLOOR:
        flags.append(Flag("low_efficiency", "discriminative efficiency under 15%"))
    if facility is not None and facility < FACILITY_BAND[0]:
        flags.append(Flag("too_hard", "facility index under 30%"))
    if facility is not None and facility > FACILITY_BAND[1]:
        flags.append(Flag("too_easy", "facility index over 80%"))
    if needs_checking(discrimination) in ("very likely", "likely"):
        flags.append(Flag("weak_discrimination", f"discrimination index under {DISCRIMINATION_LIKELY:.0%}"))
    return flags
