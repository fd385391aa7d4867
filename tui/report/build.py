"""The report for a wave, a role, or a role in one locality: gathered, laid out, written.

    write_report(data, out, wave=None, role=None, locality=None, notes=None) -> Written
    draft_notes(data, out, wave=None, role=None, locality=None) -> Path

A group under the suppression threshold (or with no responses) gets no deck: the call
raises TooFewResponded (exit code 3) before anything is written.  In a whole-wave deck
for one locality, a role whose group there is suppressed gets one slide saying so and no
figure; if no role has figures to show, nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.data import LIKERT_THEMES
from tui.report import TooFewResponded
from tui.report.gather import THEME_ORDER, RoleFigures, Wave, gather_role, wave_info
from tui.report.notes import INTRODUCTION, Notes, parse_notes, prompt, write_new
from tui.report.text import (
    at_least_monthly,
    fmt_mean,
    fmt_pct,
    no_clinical,
    plain,
    row_share,
)

if TYPE_CHECKING:
    import polars as pl

    from tui.data import SurveyData
    from tui.report.deck import Deck


@dataclass(frozen=True)
class Written:
    path: Path
    slides: int
    kind: str  # "wave", "role" or "handout"


def _roles(data: SurveyData, wave: int, role: str | None) -> list[str]:
    if role is not None:
        return [role]
    return [str(r) for r in data.roles(wave)["role"].to_list()]


def _role_names(data: SurveyData) -> dict[str, tuple[str, ...]]:
    return {r["role"]: (r["label"], r["role"], r["name"]) for r in data.role_records()}


def _refuse(figures: list[RoleFigures], data: SurveyData, wave: int, locality: str | None) -> None:
    if any(f.shown for f in figures):
        return
    who = ", ".join(f.label for f in figures)
    where = f" in {plain(locality)}" if locality else ""
    if all(f.status.respondents == 0 for f in figures):
        raise TooFewResponded(
            f"no {who} responded{where} in {wave}: there is nothing to report; no deck written"
        )
    raise TooFewResponded(
        f"{who}{where}, {wave}: fewer than {data.min_group} responded; "
        f"no deck written (figures about groups under {data.min_group} "
        "are withheld)"
    )


def gather(
    data: SurveyData, wave: int | str | None, role: str | None, locality: str | None
) -> tuple[Wave, list[RoleFigures]]:
    year = data.resolve_wave(wave)
    role_code = data.resolve_role(role) if role is not None else None
    place = data.resolve_locality(locality)
    info = wave_info(data, year)
    figures = [gather_role(data, r, info, place) for r in _roles(data, year, role_code)]
    _refuse(figures, data, year, place)
    return info, figures


def write_report(
    data: SurveyData,
    out: str | Path,
    *,
    wave: int | str | None = None,
    role: str | None = None,
    locality: str | None = None,
    notes: str | Path | None = None,
    overwrite: bool = False,
) -> Written:
    """Write the deck to `out`, checked as every export is (tui/export.py check_target:
    never the survey file or any DuckDB file, a link or a device; an existing file only
    with `overwrite`), before any work and again just before the swap."""
    from tui.export import check_target, write_atomically

    target = Path(out).expanduser()
    check_target(target, overwrite=overwrite, protect=[data.path])  # before any work
    info, figures = gather(data, wave, role, locality)
    parsed = parse_notes(Path(notes), _role_names(data)) if notes is not None else Notes()
    deck, kind = build_deck(data, info, figures, parsed, role is not None, figures[0].locality)
    path = write_atomically(target, deck.save, overwrite=overwrite, protect=[data.path])
    return Written(path, len(deck.prs.slides), kind)


def build_deck(
    data: SurveyData,
    info: Wave,
    figures: list[RoleFigures],
    notes: Notes,
    one_role: bool,
    locality: str | None,
) -> tuple[Deck, str]:
    from tui.report.deck import Deck

    deck = Deck(info, data.min_group, notes)
    totals = _totals(figures)
    if one_role and locality is not None:
        fig = figures[0]
        deck.card_slide(fig)
        deck.likert_slides(fig, "role_support", table=False)
        deck.commentary(fig.role, None, f"{fig.name} ({fig.label})", deck.heading(fig))
        return deck, "handout"
    scope = f"{figures[0].name} ({figures[0].label})" if one_role else "All roles"
    if locality is not None:
        scope += f" · {plain(locality)}"
    deck.title_slide(scope, totals)
    contents = deck.contents_slide() if not one_role else None
    deck.introduction()
    firsts = []
    for fig in figures:
        first = _role_section(deck, fig)
        firsts.append((f"{fig.name} ({fig.label})", first))
    if contents is not None:
        deck.fill_contents(contents, firsts)
    rows = [r for f in figures for r in _all_rows(f)]
    deck.method_slide(
        totals,
        data.path.name,
        intervals=any(
            r.get("mean_ci_low") is not None or r.get("pct_ci_low") is not None for r in rows
        ),
        low_base=data.low_base if any(r.get("low_base") is not None for r in rows) else None,
        changes=info.previous is not None,
    )
    return deck, "role" if one_role else "wave"


def _totals(figures: list[RoleFigures]) -> list[str]:
    out = []
    for f in figures:
        t = f.total or {}
        if f.locality is not None:
            n = f.status.respondents
            out.append(
                f"{f.label}: {n if n is not None else plain(f.status.note or '')} in "
                f"{plain(f.locality)}"
            )
        elif t.get("workforce"):
            out.append(
                f"{f.label}: {t.get('respondents')} of {t['workforce']} "
                f"({fmt_pct(t.get('response_rate'))})"
            )
        else:
            out.append(f"{f.label}: {t.get('respondents') or 0}")
    return out


def _all_rows(fig: RoleFigures) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for frame in [*fig.themes.values(), *fig.likert.values()]:
        rows += frame.head(200).to_dicts()
    return rows


def _questions(theme: pl.DataFrame, ids: list[str] | None = None) -> list[pl.DataFrame]:
    """The theme's choice questions (not Likert, not free text), in questionnaire order."""
    from tui.report.deck import SKIP_QUESTIONS

    choices = theme.filter(theme["qtype"].is_in(["single", "multi"]))
    order = choices["question_id"].unique(maintain_order=True).to_list()
    if ids is not None:
        order = [q for q in order if q in ids]
    return [choices.filter(choices["question_id"] == q) for q in order if q not in SKIP_QUESTIONS]


def _role_section(deck: Deck, fig: RoleFigures) -> Any:
    from tui.report.gather import theme_title

    if not fig.shown:
        return deck.withheld_slide(fig)
    first = deck.who_completed(fig)
    kicker = deck.heading(fig)
    deck.commentary(fig.role, None, f"{fig.name} ({fig.label})", kicker)
    deck.commentary(fig.role, "demographics", "Who completed the survey", kicker)
    for theme in THEME_ORDER:
        frame = fig.themes[theme]
        title = theme_title(theme)
        if theme == "role_support":
            deck.likert_slides(fig, theme)
            rest = _questions(frame)
            if rest:
                deck.choice_slides(fig, theme, title, rest, [])
        elif theme == "training":
            deck.choice_slides(
                fig,
                theme,
                title,
                _questions(frame),
                _training_summary(frame),
                per_slide=1 if len(_questions(frame)) == 1 else 2,
            )
        elif theme == "mdt_outcomes":
            questions = _questions(frame)
            measures = [q for q in questions if q["qtype"][0] == "multi"]
            others = [q for q in questions if q["qtype"][0] != "multi"]
            summary = _mdt_summary(frame, fig.key.get(theme, {}))
            if others:
                deck.choice_slides(fig, theme, "MDTs and outcome measures", others, summary[:1])
            if measures:
                deck.choice_slides(
                    fig,
                    theme,
                    "Outcome measures",
                    measures,
                    summary[1:],
                    per_slide=1 if len(measures) == 1 else 2,
                )
        elif theme == "engagement":
            questions = _questions(frame)
            deck.choice_slides(
                fig,
                theme,
                title,
                questions,
                _engagement_summary(frame, fig.key.get(theme, {})),
                per_slide=3 if len(questions) >= 3 else 2,
            )
        elif theme == "supervision":
            deck.gap_slide(fig)
            deck.likert_slides(fig, theme)
            deck.choice_slides(
                fig, theme, "Supervision: types and frequency", _questions(frame), []
            )
        else:
            deck.choice_slides(fig, theme, title, _questions(frame), [])
        deck.commentary(fig.role, theme, title, kicker)
    if fig.previous is not None:
        rows, tested = change_rows(fig)
        deck.change_slide(fig, rows, tested, fig.previous)
    return first


# -- key figures in words -----------------------------------------------------------------
def _top(frame: pl.DataFrame, question_id: str, n: int) -> list[dict[str, Any]]:
    from tui.report.charts import sorted_options

    question = frame.filter(frame["question_id"] == question_id)
    return [r for r in sorted_options(question) if r.get("count")][:n]


def _training_summary(frame: pl.DataFrame) -> list[Any]:
    from tui.data import TRAINING_NEEDS

    top = _top(frame, TRAINING_NEEDS, 3)
    if not top:
        return []
    return [
        [("Top training needs: ", {"bold": True})]
        + [
            (f"{i}. {plain(r['option'])} {row_share(r)}" + ("   " if i < len(top) else ""), {})
            for i, r in enumerate(top, start=1)
        ]
    ]


def _mdt_summary(frame: pl.DataFrame, key: dict[str, Any]) -> list[Any]:
    from tui.data import MDT_MEMBER, MDT_YES, OUTCOME_MEASURES

    lines: list[Any] = []
    mdt = frame.filter((frame["question_id"] == MDT_MEMBER) & (frame["option"] == MDT_YES))
    if mdt.height and mdt["n_answered"][0]:
        r = mdt.row(0, named=True)
        most = (
            "most are not"
            if (r.get("pct") or 0) < 50
            else "most are"
            if (r.get("pct") or 0) > 50
            else "half are"
        )
        lines.append([("Part of an MDT: ", {"bold": True}), (f"{row_share(r)}: {most}", {})])
    else:
        lines.append("")
    measures = frame.filter(frame["question_id"] == OUTCOME_MEASURES)
    if measures.height and key.get("top_outcome_measure"):
        line = [
            ("Most used outcome measure: ", {"bold": True}),
            (f"{plain(key['top_outcome_measure'])} ({fmt_pct(key.get('top_outcome_pct'))})", {}),
        ]
        none = [r for r in measures.iter_rows(named=True) if r.get("marker") == "none"]
        if none and none[0].get("count"):
            r = none[0]
            line.append((f"; none used: {row_share(r)}", {}))
        lines.append(line)
    return lines


def _engagement_summary(frame: pl.DataFrame, key: dict[str, Any]) -> list[Any]:
    parts = []
    for qid in frame["question_id"].unique(maintain_order=True).to_list():
        mode = key.get(f"mode_{qid}")
        if mode:
            parts.append(f"{plain(mode)} ({fmt_pct(key.get(f'mode_{qid}_pct'))})")
    lines: list[Any] = []
    if parts:
        lines.append([("Most common: ", {"bold": True}), (" · ".join(parts), {})])
    notes = frame.filter(frame["marker"] == "safe_caseload")["question_note"].to_list()
    if notes and notes[0]:
        lines.append([(f"◆ {plain(notes[0])}", {})])
    return lines


# -- change since the previous wave -------------------------------------------------------
def change_rows(fig: RoleFigures) -> tuple[list[tuple[str, str, str, str]], bool]:
    """(statement or answer, then, now, change) for each figure the data layer marks as a
    significant change since the previous wave (change_significant, with mean_change or
    pct_change); tested is False when the frames carry no such column."""
    prev = fig.previous
    assert prev is not None
    rows: list[tuple[str, str, str, str]] = []
    tested = False
    for theme in THEME_ORDER:
        now, before = fig.themes[theme], fig.before.get(theme)
        if "change_significant" not in now.columns or before is None:
            continue
        tested = True
        then_mean = {r["question_id"]: r["mean"] for r in before.iter_rows(named=True)}
        then_pct = {(r["question_id"], r["option"]): r["pct"] for r in before.iter_rows(named=True)}
        seen: set[str] = set()
        for r in now.iter_rows(named=True):
            if not r.get("change_significant"):
                continue
            if r["qtype"] == "likert":
                if r["question_id"] in seen or r.get("mean_change") is None:
                    continue
                seen.add(r["question_id"])
                rows.append(
                    (
                        plain(r["question"]),
                        fmt_mean(then_mean.get(r["question_id"])),
                        fmt_mean(r.get("mean")),
                        _arrow(r["mean_change"], ""),
                    )
                )
            elif r.get("pct_change") is not None:
                rows.append(
                    (
                        f"{plain(r['question'])}: {plain(r['option'])}",
                        fmt_pct(then_pct.get((r["question_id"], r["option"]))),
                        fmt_pct(r.get("pct")),
                        _arrow(r["pct_change"], "pp"),
                    )
                )
    return rows, tested


def _arrow(delta: float, unit: str) -> str:
    if unit:
        shown = round(delta)
        return "= 0 pp" if shown == 0 else f"{'▲' if shown > 0 else '▼'} {shown:+d} pp"
    if round(delta, 2) == 0:
        return "= 0.00"
    return f"{'▲' if delta > 0 else '▼'} {delta:+.2f}"


def report_path(folder: str | Path, wave: int, role: str | None, locality: str | None) -> Path:
    """A safe file name in `folder`, named like the exports:
    workforce-2023-SPLW-bolton-report.pptx, workforce-2023-all-roles-all-localities-...."""
    from tui.export import ALL_LOCALITIES_LABEL, default_export_path

    named = default_export_path(
        folder, role or "all-roles", wave, locality or ALL_LOCALITIES_LABEL, "report", "csv"
    )
    return named.with_suffix(".pptx")


# -- the notes skeleton -------------------------------------------------------------------
def draft_notes(
    data: SurveyData,
    out: str | Path,
    *,
    wave: int | str | None = None,
    role: str | None = None,
    locality: str | None = None,
) -> Path:
    """A notes file with every heading the deck reads and its key figures as prompts."""
    from tui.report.gather import theme_title

    target = Path(out).expanduser()
    info, figures = gather(data, wave, role, locality)
    lines = [
        f"# Notes for the {plain(info.title)} {info.wave} report",
        "",
        "<!-- Write the team's commentary under each heading, as plain text: it goes",
        "     onto slides of its own after the matching slides. Blank lines separate",
        "     paragraphs; nothing is read as Markdown. Text inside these comment marks",
        "     is left out of the deck, so the prompts can stay. Delete a heading you",
        "     do not need; an empty heading adds nothing. -->",
        "",
        "## Introduction",
        prompt(["Responses: " + "; ".join(_totals(figures))]),
        "",
    ]
    for fig in figures:
        lines += [f"## {fig.label}", prompt(_role_prompt(fig)), ""]
        if not fig.shown:
            continue
        for theme in THEME_ORDER:
            lines += [
                f"## {fig.label} / {theme_title(theme)}",
                prompt(_theme_prompt(fig, theme)),
                "",
            ]
    return write_new(target, "\n".join(lines))


def _role_prompt(fig: RoleFigures) -> list[str]:
    if not fig.shown:
        return [f"{fig.label}: {plain(fig.status.note or 'no responses')}: no figures."]
    total = fig.total or {}
    out = [
        f"{fig.status.respondents}"
        + (f" of {total['workforce']}" if fig.locality is None and total.get("workforce") else "")
        + " responded"
        + (
            f" ({fmt_pct(total.get('response_rate'))} of the workforce)"
            if fig.locality is None and total.get("workforce")
            else ""
        )
    ]
    if fig.localities is not None:
        answered = sum(1 for n in fig.localities["respondents"].to_list() if n != 0)
        out.append(f"{answered} of {fig.localities.height} localities answered")
    return out


def _theme_prompt(fig: RoleFigures, theme: str) -> list[str]:
    frame = fig.themes[theme]
    out: list[str] = []
    if theme in LIKERT_THEMES:
        likert = fig.likert[theme]
        rows = [r for r in likert.iter_rows(named=True) if r.get("mean") is not None]
        low = sorted((r for r in rows if r["mean"] < 3), key=lambda r: r["mean"])
        out += [f"Below 3: {plain(r['statement'])} ({fmt_mean(r['mean'])})" for r in low]
        if rows:
            best = max(rows, key=lambda r: r["mean"])
            out.append(f"Highest: {plain(best['statement'])} ({fmt_mean(best['mean'])})")
    if theme == "training":
        for line in _training_summary(frame):
            out.append("".join(t for t, _ in line))
    if theme == "mdt_outcomes":
        out += ["".join(t for t, _ in line) for line in _mdt_summary(frame, fig.key[theme]) if line]
    if theme == "engagement":
        out += ["".join(t for t, _ in line) for line in _engagement_summary(frame, fig.key[theme])]
    if theme == "supervision" and fig.gaps and fig.gaps.get("n_answered"):
        g = fig.gaps
        out.append(f"No clinical supervision: {no_clinical(g)}")
        out.append(f"At least monthly: {at_least_monthly(g)}")
    return out or ["(no key figures)"]


__all__ = ["INTRODUCTION", "Written", "draft_notes", "write_report"]
