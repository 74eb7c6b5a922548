"""A deterministic judge: cue groups matched per sentence, with negation, hedging and injection handling.

What it can and cannot tell is documented in docs/gym.md.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from functions.agent.judges import CriterionVerdict
from functions.agent.model import Usage
from functions.agent.text_segments import segments
from functions.gym.specs import Criterion

# Sentences that talk to the grader rather than the agent are never evidence.
INJECTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier|preceding|other)|"
    r"\b(?:grader|grading|judge|evaluator|assessor|rubric|verdicts?)\b|"
    r"\bcriteri(?:on|a)\b.{0,60}\b(?:met|pass|passed|satisfied|fulfilled|true)\b|"
    r"\bscore\b.{0,40}\b(?:100|full|maximum|perfect|top)\b|"
    r"\"?\bmet\"?\s*[:=]|^\s*(?:system|assistant|developer)\s*:|</?\s*(?:submission|brief|system|user)\b|"
    r"\b(?:as an ai|language model|you are now)\b",
    re.IGNORECASE,
)
CONTRACTIONS = [
    (re.compile(r"\b(won)'?t\b"), "will not"),
    (re.compile(r"\b(can)'?t\b"), "can not"),
    (re.compile(r"\b(\w+)n['’]t\b"), r"\1 not"),
    (re.compile(r"\bnot optional\b|\bnon-negotiable\b|\bmandatory\b"), "required"),
    # "leave out" is an omission; "leave the draft for me" is not.
    (re.compile(r"\bleave (it |them |those |that |this )?out\b"), r"omit \1"),
]
TOKEN = re.compile(r"[a-z0-9][a-z0-9'/-]*|[,:;()]")
PUNCTUATION = {",", ":", ";", "(", ")"}
CLAUSE_START = {"until", "unless", "before", "after", "once", "when", "whenever", "if", "but", "because", "so", "then"}
NEGATORS = {"no", "not", "never", "without", "nothing", "none", "nobody", "neither", "nor"}
NEGATING_VERBS = {"skip", "skipping", "avoid", "avoiding", "omit", "forget", "neglect", "drop", "exceed",
                  "exceeding", "beyond"}  # fmt: skip
HEDGES = re.compile(
    r"\b(?:maybe|perhaps|optional(?:ly)?|ideally|probably|if (?:you |it )?(?:want|like|wish|feel|prefer|possible|"
    r"can|have time|get a chance|fancy)|feel free|try to|nice to have|up to you|you could|could also|"
    r"might want|may want|no pressure|bonus|at your discretion|if convenient|where convenient|do your best)\b"
)
# After a cue: "... is not needed", "... are optional", "... does not matter".
DISMISSED_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:(?:is|are|be|was|were|do|does|will)\s+)?(?:not|never)\s+"
    r"(?:needed|required|necessary|important|essential|matter|a priority|needed)|"
    r"^\W*(?:\w+\W+){0,3}?(?:unnecessary|irrelevant|overkill|a nice to have)"
)
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen",
                "twenty", "thirty", "fifty", "hundred"}  # fmt: skip
MIN_WORDS = 2
# A sentence meeting this many criteria at once is checked for keyword stuffing.
STUFFING_CRITERIA = 3
STUFFING_CUE_SHARE = 0.7


@dataclass(frozen=True)
class Alternative:
    tokens: tuple[str, ...]
    # "!never guess": a prohibition, so the hit must sit in a negated clause to count.
    negative: bool


@cache
def parse_cue(cue: str) -> tuple[Alternative, ...]:
    """`"!invent*|flag*|#num"` -> alternatives as token sequences.

    `*` ends a prefix, `#num` is any number, a leading `!` marks a prohibition ("!invent*" is met
    by "never invent figures" and not by "invent what you need").
    """
    alternatives = []
    for alt in cue.split("|"):
        alt = alt.strip()
        if alt.lstrip("!").strip():
            alternatives.append(Alternative(tuple(alt.lstrip("!").lower().split()), alt.startswith("!")))
    return tuple(alternatives)


def _token_matches(pattern: str, token: str) -> bool:
    if pattern == "#num":
        return token.replace(",", "").replace(".", "").isdigit() or token in NUMBER_WORDS
    return token.startswith(pattern[:-1]) if pattern.endswith("*") else token == pattern


def _hits(group: tuple[Alternative, ...], tokens: list[str]) -> list[tuple[int, bool]]:
    """(token index, is a prohibition) where an alternative of the group starts."""
    found = []
    for index in range(len(tokens)):
        for alt in group:
            window = tokens[index : index + len(alt.tokens)]
            if len(window) == len(alt.tokens) and all(
                _token_matches(p, t) for p, t in zip(alt.tokens, window, strict=True)
            ):
                found.append((index, alt.negative))
                break
    return found


def normalise(text: str) -> str:
    lowered = text.lower().replace("’", "'")
    for pattern, replacement in CONTRACTIONS:
        lowered = pattern.sub(replacement, lowered)
    return lowered


def _clause_bounds(tokens: list[str], index: int) -> tuple[int, int]:
    start = index
    while start > 0 and tokens[start] not in CLAUSE_START and tokens[start - 1] not in PUNCTUATION:
        start -= 1
    end = index + 1
    while end < len(tokens) and tokens[end] not in CLAUSE_START and tokens[end] not in PUNCTUATION:
        end += 1
    return start, end


def _is_negated(tokens: list[str], index: int) -> bool:
    start, end = _clause_bounds(tokens, index)
    before = sum(1 for t in tokens[start:index] if t in NEGATORS or t in NEGATING_VERBS)
    after = " ".join(tokens[index + 1 : end])
    return before % 2 == 1 or bool(DISMISSED_AFTER.search(after))


def _is_hedged(tokens: list[str], index: int) -> bool:
    start, end = _clause_bounds(tokens, index)
    if HEDGES.search(" ".join(tokens[start:end])):
        return True
    # A short hedge clause next to it ("Ideally, ..." / "..., if you like") softens it too.
    neighbours = []
    if start > 0:
        prev_start, _ = _clause_bounds(tokens, start - 1)
        neighbours.append(tokens[prev_start:start])
    if end < len(tokens):
        _, next_end = _clause_bounds(tokens, end)
        neighbours.append(tokens[end:next_end])
    for clause in neighbours:
        words = [t for t in clause if t not in PUNCTUATION]
        if len(words) <= 5 and HEDGES.search(" ".join(words)):
            return True
    return False


def _set_met(cues: list[str], tokens: list[str]) -> bool:
    """Every group of one cue set hit; the first (head) group plainly stated: right polarity, not hedged."""
    for position, cue in enumerate(cues):
        hits = _hits(parse_cue(cue), tokens)
        if position == 0:
            hits = [(i, neg) for i, neg in hits if _is_negated(tokens, i) == neg and not _is_hedged(tokens, i)]
        if not hits:
            return False
    return True


def sentence_meets(criterion: Criterion, sentence: str) -> bool:
    """Does one sentence meet the criterion by any of its cue sets?"""
    tokens = TOKEN.findall(normalise(sentence))
    if sum(1 for t in tokens if t not in PUNCTUATION) < MIN_WORDS:
        return False
    cue_sets = [criterion.cues, *criterion.more_cues]
    return any(cue_set and _set_met(cue_set, tokens) for cue_set in cue_sets)


def is_stuffed(criteria: Sequence[Criterion], sentence: str, met: int) -> bool:
    """Many criteria met by a sentence made almost only of cue words: a keyword list, not an instruction."""
    if met < STUFFING_CRITERIA:
        return False
    tokens = [t for t in TOKEN.findall(normalise(sentence)) if t not in PUNCTUATION]
    groups = [parse_cue(cue) for c in criteria for cue_set in (c.cues, *c.more_cues) for cue in cue_set]
    cue_positions = {index for group in groups for index, _ in _hits(group, tokens)}
    return len(cue_positions) / max(1, len(tokens)) > STUFFING_CUE_SHARE


class OfflineJudge:
    """Deterministic, free and fast; the default when no model key is configured."""

    name = "offline"

    def __init__(self) -> None:
        self.usage = Usage()

    def judge(
        self, criteria: Sequence[Criterion], submission_text: str, *, deadline_monotonic: float | None = None
    ) -> list[CriterionVerdict]:
        sentences = [s.text for s in segments(submission_text) if not INJECTION.search(s.text)]
        meets = {s: [c.id for c in criteria if sentence_meets(c, s)] for s in sentences}
        usable = [s for s in sentences if not is_stuffed(criteria, s, len(meets[s]))]
        verdicts = []
        for criterion in criteria:
            evidence = next((s for s in usable if criterion.id in meets[s]), None)
            verdicts.append(CriterionVerdict(id=criterion.id, met=evidence is not None, evidence=evidence))
        return verdicts
