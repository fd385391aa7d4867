"""Slides: the layout of the annual report deck (16:9), built with python-pptx.

Every slide has a real title (PowerPoint's outline, navigation and screen readers use
it) and a footer naming the survey, the wave, the SYNTHETIC note when the data says so
and the suppression threshold.  Figures come from gather.RoleFigures, already suppressed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from tui.codebook import THEMES
from tui.report import charts
from tui.report.charts import Box
from tui.report.gather import THEME_ORDER, RoleFigures, Wave
from tui.report.notes import INTRODUCTION, Notes
from tui.report.text import (
    at_least_monthly,
    fmt_mean,
    fmt_pct,
    interval,
    no_clinical,
    plain,
    row_share,
)

if TYPE_CHECKING:
    import polars as pl
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import Slide

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INNER = WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.8)
BODY_TOP = Inches(1.25)
FOOTER_TOP = Inches(7.05)
BODY_BOTTOM = Inches(6.95)
NAVY = RGBColor.from_string("1F3864")
GREY = RGBColor.from_string("595959")
RED = RGBColor.from_string("C0392B")
LOW = 3.0
TITLE_ONLY = 5  # the default template's "Title Only" layout
FRAMEWORK = "the role frameworks expect regular (at least monthly) clinical supervision"
# Codebook question ids the deck places by name; any other choice question is charted too.
MDT = "mdt_member"
SKIP_QUESTIONS = {"locality", "role"}  # the localities table says it, with suppression
MAX_LOCALITY_ROWS = 12  # a national file's 420 do not fit on a slide


def bits(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


class Deck:
    """A presentation being built, with the survey's footer on every slide."""

    def __init__(self, wave: Wave, min_group: int, notes: Notes | None = None) -> None:
        self.prs: PresentationType = Presentation()
        self.prs.slide_width, self.prs.slide_height = WIDTH, HEIGHT
        _remember_part_names(self.prs)
        self.wave = wave
        self.min_group = min_group
        self.notes = notes or Notes()
        suppression = (
            "suppression OFF: every figure shown"
            if min_group <= 1
            else f"groups under {min_group} not shown"
        )
        self.footer = bits(
            f"{plain(wave.title)} {wave.wave}",
            "SYNTHETIC data" if wave.synthetic else None,
            suppression,
        )

    # -- building blocks --------------------------------------------------------------
    def slide(self, title: str, kicker: str | None = None) -> Slide:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY])
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = (MARGIN, TITLE_TOP, INNER, TITLE_HEIGHT)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        para = frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        if kicker:
            run = para.add_run()
            run.text = plain(kicker) + "\n"
            run.font.size, run.font.bold, run.font.color.rgb = Pt(14), False, GREY
        run = para.add_run()
        run.text = plain(title)
        run.font.size, run.font.bold, run.font.color.rgb = (
            Pt(26 if len(title) < 60 else 22),
            True,
            NAVY,
        )
        number = len(self.prs.slides)
        self.text(
            slide,
            Box(MARGIN, FOOTER_TOP, INNER, Inches(0.35)),
            [f"{self.footer} · {number}"],
            size=10,
            colour=GREY,
        )
        return slide

    def text(
        self,
        slide: Slide,
        box: Box,
        paragraphs: Iterable[Any],
        *,
        size: int = 16,
        colour: RGBColor | None = None,
        bold: bool = False,
        align: Any = PP_ALIGN.LEFT,
        space_after: int = 4,
    ) -> Any:
        """A text box.  A paragraph is a string, or a list of (text, style) runs where
        style is a dict of size / bold / colour; a string starting "• " is a bullet."""
        shape = slide.shapes.add_textbox(box.left, box.top, box.width, box.height)
        frame = shape.text_frame
        frame.word_wrap = True
        first = True
        for paragraph in paragraphs:
            para = frame.paragraphs[0] if first else frame.add_paragraph()
            first = False
            para.alignment = align
            para.space_after = Pt(space_after)
            runs = [(paragraph, {})] if isinstance(paragraph, str) else paragraph
            for text, style in runs:
                run = para.add_run()
                run.text = (
                    plain(text)
                    if "\n" not in text
                    else "\n".join(plain(line) for line in text.split("\n"))
                )
                run.font.size = Pt(style.get("size", size))
                run.font.bold = style.get("bold", bold)
                tint = style.get("colour", colour)
                if tint is not None:
                    run.font.color.rgb = tint
        return shape

    def table(
        self,
        slide: Slide,
        box: Box,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        size: int = 12,
        right: Sequence[int] = (),
        header_row: bool = True,
    ) -> Any:
        """A native table; columns in `right` (figures) are right-aligned."""
        lines = [header, *rows] if header_row else list(rows)
        shape = slide.shapes.add_table(
            len(lines), len(header), box.left, box.top, box.width, Emu(Inches(0.36) * len(lines))
        )
        table = shape.table
        table.first_row = header_row
        total = sum(widths)
        for i, w in enumerate(widths):
            table.columns[i].width = Emu(int(box.width * w / total))
        for r, values in enumerate(lines):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = plain(value)
                cell.margin_top = cell.margin_bottom = Inches(0.03)
                for para in cell.text_frame.paragraphs:
                    para.alignment = PP_ALIGN.RIGHT if c in right else PP_ALIGN.LEFT
                    for run in para.runs:
                        run.font.size = Pt(size)
                        run.font.bold = (r == 0 and header_row) or (not header_row and c == 0)
        return shape

    def speaker_notes(self, slide: Slide, lines: Iterable[str]) -> None:
        slide.notes_slide.notes_text_frame.text = "\n".join(plain(x) for x in lines if x)

    def commentary(
        self, role: str | None, theme: str | None, title: str, kicker: str | None
    ) -> None:
        """The team's words for these slides, as typed, on slides of their own."""
        paragraphs = self.notes.get(role, theme)
        if not paragraphs:
            return
        for chunk in _chunks(paragraphs, 1500):
            slide = self.slide(title, kicker)
            length = sum(len(p) for p in chunk)
            size = 18 if length < 600 else 16 if length < 1000 else 14
            self.text(
                slide,
                Box(MARGIN, BODY_TOP + Inches(0.1), INNER, BODY_BOTTOM - BODY_TOP),
                chunk,
                size=size,
                space_after=10,
            )

    def save(self, path: Any) -> None:
        self.prs.save(path)

    # -- the wave ---------------------------------------------------------------------
    def title_slide(self, scope: str, totals: list[dict[str, Any]]) -> None:
        w = self.wave
        slide = self.slide(f"{plain(w.title)} {w.wave}", scope)
        lines: list[Any] = []
        if w.publisher:
            lines.append(f"Published by {plain(w.publisher)}")
        if w.ics:
            lines.append(plain(w.ics))
        self.text(slide, Box(MARGIN, Inches(1.6), INNER, Inches(1.2)), lines, size=20)
        if w.synthetic:
            self.text(
                slide,
                Box(MARGIN, Inches(2.9), INNER, Inches(1.2)),
                [[(plain(w.note), {"bold": True, "colour": RED})]],
                size=16,
            )
        if totals:
            self.text(
                slide, Box(MARGIN, Inches(4.3), INNER, Inches(2.4)), ["Responses", *totals], size=16
            )

    def contents_slide(self) -> Slide:
        return self.slide("Contents")

    def fill_contents(self, slide: Slide, entries: list[tuple[str, Slide]]) -> None:
        """One line per role, each a link to the role's first slide (as the 2023 deck)."""
        top = BODY_TOP + Inches(0.2)
        for i, (label, target) in enumerate(entries, start=1):
            shape = self.text(
                slide,
                Box(MARGIN, top, Inches(8), Inches(0.5)),
                [f"{i}. {label}"],
                size=22,
                colour=NAVY,
            )
            shape.click_action.target_slide = target
            top += Inches(0.6)
        themes = [
            THEMES["demographics"].replace("Workforce demographics", "Who completed the survey")
        ]
        themes += [THEMES[t] for t in THEME_ORDER]
        self.text(
            slide,
            Box(MARGIN, top + Inches(0.3), INNER, Inches(3)),
            [
                "Under each role: " + ", ".join(themes) + "; and the change since the "
                "previous wave where the file holds one. The last slide says how the "
                "figures were made."
            ],
            size=16,
            colour=GREY,
        )

    def introduction(self) -> None:
        self.commentary(None, INTRODUCTION, "Introduction", None)

    def method_slide(
        self,
        totals: list[str],
        data_name: str,
        intervals: bool,
        low_base: int | None,
        changes: bool,
    ) -> None:
        w = self.wave
        slide = self.slide("How these figures were made", "Method")
        k = self.min_group
        lines = [
            f"Source: {plain(w.title)} {w.wave}"
            + (f", published by {plain(w.publisher)}" if w.publisher else "")
            + f". Answers imported from {plain(w.source_file)}; this deck was written "
            f"from {plain(data_name)} by workforce-explorer, which the explorer reads too.",
            "Responses: " + "; ".join(totals) + ".",
            (
                "Small numbers: every figure about a locality of a role with fewer than "
                f'{k} respondents is withheld ("fewer than {k}"), and where the role total '
                "would give a hidden locality away, the next smallest is hidden too. Role "
                "totals are always shown."
                if k > 1
                else "Small numbers: suppression was OFF for this deck (--min-group 1): every "
                "figure is shown, however few people it describes. Do not publish it."
            ),
            "Statements are rated 1 (not at all good) to 5 (extremely good); a mean below "
            '3 is marked "below 3". Shares are of those who answered the question: '
            '"not answered" is never counted as an answer.',
        ]
        lines.append(
            "Intervals: a 95% interval is the range the figure for the whole "
            "workforce would plausibly lie in, given how many answered; the "
            "fewer answered, the wider it is (Student's t for a mean, Wilson's "
            "interval for a share, narrowed for role totals by the share of the "
            "workforce that answered)."
            if intervals
            else "Intervals: this deck shows no intervals (the data layer gave none)."
        )
        if low_base:
            lines.append(
                f"Low base: a figure resting on fewer than {low_base} answers is "
                'marked "low base": one person\'s answer moves it a lot, so '
                "read it as a hint, not a finding."
            )
        if changes:
            lines.append(
                "Change since the previous wave: only changes the data layer "
                "finds statistically significant at 5% (Welch's test for a mean; "
                "a two-proportion or Fisher's test for a share) are listed as "
                "changes; the rest may be chance."
            )
        if w.synthetic:
            lines.append(plain(w.note))
        size = 15 if sum(len(x) for x in lines) < 1400 else 13
        self.text(
            slide,
            Box(MARGIN, BODY_TOP + Inches(0.1), INNER, BODY_BOTTOM - BODY_TOP),
            lines,
            size=size,
            space_after=8,
        )

    # -- a role -----------------------------------------------------------------------
    def heading(self, fig: RoleFigures) -> str:
        place = fig.locality or "all localities"
        return f"{fig.label} · {plain(place)} · {fig.wave}"

    def withheld_slide(self, fig: RoleFigures) -> Slide:
        """A group with no figures to show: what and why, and no number but K."""
        title = f"{plain(fig.name)} ({fig.label})"
        slide = self.slide(title, self.heading(fig))
        if fig.status.respondents == 0:
            lines = [f"No {fig.label} responded in {plain(fig.locality or 'this wave')}."]
        else:
            lines = [
                f"Fewer than {self.min_group} {fig.label} responded in "
                f"{plain(fig.locality or 'this wave')}: no figure is shown, so that "
                "no one can be identified."
            ]
            if fig.status.reason == "complementary":
                lines = [
                    f"The figures for {fig.label} in {plain(fig.locality)} are hidden "
                    "to protect a locality with fewer than "
                    f"{self.min_group} respondents."
                ]
        self.text(slide, Box(MARGIN, BODY_TOP + Inches(0.3), INNER, Inches(2)), lines, size=20)
        return slide

    def who_completed(self, fig: RoleFigures) -> Slide:
        slide = self.slide(
            f"{plain(fig.name)} ({fig.label})", self.heading(fig) + " · who completed the survey"
        )
        demo = fig.themes["demographics"]
        left: list[Any] = []
        total = fig.total or {}
        if fig.locality is None and total.get("workforce"):
            left.append(
                [
                    (
                        f"{total['respondents']} of {total['workforce']} ",
                        {"bold": True, "size": 24, "colour": NAVY},
                    ),
                    (
                        f"{fig.label} responded ({fmt_pct(total.get('response_rate'))} of "
                        "the workforce)",
                        {"size": 18},
                    ),
                ]
            )
        else:
            where = plain(fig.locality) if fig.locality else "this wave"
            left.append(
                [
                    (f"{fig.status.respondents} ", {"bold": True, "size": 24, "colour": NAVY}),
                    (
                        f"{fig.label} responded in {where}"
                        + (
                            f" (of {total['respondents']} in all localities)"
                            if fig.locality and total.get("respondents")
                            else ""
                        ),
                        {"size": 18},
                    ),
                ]
            )
        if fig.status.note:
            left.append(plain(fig.status.note))
        manager = _question(demo, "manager")
        yes = [r for r in charts.options_of(manager) if r["option"] == "Yes"]
        if yes and yes[0].get("count"):
            n = yes[0]["count"]
            left.append(
                f"{n} {'is a manager or team lead' if n == 1 else 'are managers or team leads'}"
            )
        for qid, label in (
            ("tenure", "Time in role"),
            ("employment", "Employment"),
            ("employer", "Employer"),
        ):
            question = _question(demo, qid)
            if question.height:
                left.append([(label, {"bold": True, "colour": NAVY})])
                left.append(_distribution(question))
        self.text(
            slide,
            Box(MARGIN, BODY_TOP + Inches(0.1), Inches(7.4), BODY_BOTTOM - BODY_TOP),
            left,
            size=15,
            space_after=3,
        )
        right_left = MARGIN + Inches(7.8)
        width = WIDTH - MARGIN - right_left
        if fig.localities is not None and fig.localities.height:
            rows = []
            answered = 0
            for r in fig.localities.iter_rows(named=True):
                n = r.get("respondents")
                if n != 0:
                    answered += 1
                if n is None:
                    cell = plain(r.get("note") or "hidden")
                elif n == 0:
                    cell = "no responses"
                else:
                    cell = str(n)
                rows.append([plain(r["locality"]), cell])
            heading = [
                [
                    (
                        f"{answered} of {fig.localities.height} localities answered",
                        {"bold": True, "colour": NAVY},
                    )
                ]
            ]
            if len(rows) > MAX_LOCALITY_ROWS:
                heading.append(
                    "One slide cannot list them all: the explorer's by-locality "
                    "view (b) shows each, with the same suppression."
                )
            self.text(
                slide, Box(right_left, BODY_TOP + Inches(0.1), width, Inches(0.5)), heading, size=15
            )
            if len(rows) <= MAX_LOCALITY_ROWS:
                self.table(
                    slide,
                    Box(right_left, BODY_TOP + Inches(0.6), width, Inches(4)),
                    ["Locality", "Respondents"],
                    rows,
                    [1.6, 1.0],
                    size=11,
                    right=(1,),
                )
        background = _question(demo, "background")
        if background.height and fig.localities is None:
            self.text(
                slide,
                Box(right_left, BODY_TOP + Inches(0.1), width, Inches(4)),
                [
                    [("Backgrounds (tick all that apply)", {"bold": True, "colour": NAVY})],
                    *[
                        f"{plain(r['option'])}: {r.get('count') or 0}"
                        for r in charts.sorted_options(background)
                    ],
                ],
                size=14,
            )
        return slide

    def likert_slides(
        self, fig: RoleFigures, theme: str, extra: list[Any] | None = None, table: bool = True
    ) -> None:
        likert = fig.likert.get(theme)
        if likert is None or not likert.height or not (likert["n"].fill_null(0) > 0).any():
            return
        title = THEMES[theme]
        slide = self.slide(
            title if theme != "supervision" else "Supervision: statements", self.heading(fig)
        )
        labels = _score_labels(fig.themes[theme])
        chart_box = Box(MARGIN, BODY_TOP, Inches(8.6), BODY_BOTTOM - BODY_TOP)
        charts.likert_chart(slide, chart_box, likert, labels)
        rows = [r for r in likert.iter_rows(named=True) if r.get("n")]
        low = sorted(
            (r for r in rows if r["mean"] is not None and r["mean"] < LOW), key=lambda r: r["mean"]
        )
        best = max(rows, key=lambda r: r["mean"] if r["mean"] is not None else -1)
        panel: list[Any] = list(extra or [])
        panel.append([("Rated below 3 of 5", {"bold": True, "colour": RED})])
        if low:
            panel += [f"• {plain(r['statement'])} ({fmt_mean(r['mean'])})" for r in low]
        else:
            panel.append("No statement averages below 3.")
        panel.append([("Highest", {"bold": True, "colour": NAVY})])
        panel.append(f"• {plain(best['statement'])} ({fmt_mean(best['mean'])})")
        panel.append(
            [
                (
                    "1 = not at all good, 5 = extremely good; bars show how many gave each score.",
                    {"size": 12, "colour": GREY},
                )
            ]
        )
        box = Box(
            MARGIN + Inches(8.8),
            BODY_TOP + Inches(0.1),
            INNER - Inches(8.8),
            BODY_BOTTOM - BODY_TOP,
        )
        self.text(slide, box, panel, size=14 if len(low) < 5 else 13, space_after=4)
        self.speaker_notes(
            slide,
            [f"{title}, {self.heading(fig)}: statements, mean of 1-5 and n."]
            + [
                bits(
                    charts.likert_category(r),
                    interval(r.get("mean_ci_low"), r.get("mean_ci_high"), unit=""),
                )
                for r in rows
            ],
        )
        if table:
            self.likert_table(fig, theme, rows)

    def likert_table(self, fig: RoleFigures, theme: str, rows: list[dict[str, Any]]) -> None:
        has_ci = any(r.get("mean_ci_low") is not None for r in rows)
        has_fav = any(r.get("pct_favourable") is not None for r in rows)
        has_base = any("low_base" in r for r in rows)
        header = ["Statement", "n", "Mean"]
        widths = [6.0, 0.6, 0.8]
        if has_ci:
            header.append("95% interval")
            widths.append(1.4)
        if has_fav:
            header += ["1-2", "3", "4-5"]
            widths += [0.75, 0.75, 0.75]
        header.append("Note")
        widths.append(1.8)
        best = max((r["mean"] for r in rows if r["mean"] is not None), default=None)
        body = []
        for r in rows:
            line = [plain(r["statement"]), str(r.get("n") or 0), fmt_mean(r.get("mean"))]
            if has_ci:
                line.append(
                    interval(r.get("mean_ci_low"), r.get("mean_ci_high"), unit="").replace(
                        "95% interval ", ""
                    )
                    or "–"
                )
            if has_fav:
                line += [
                    fmt_pct(r.get("pct_unfavourable")),
                    fmt_pct(r.get("pct_neutral")),
                    fmt_pct(r.get("pct_favourable")),
                ]
            flags = []
            if r.get("mean") is not None and r["mean"] < LOW:
                flags.append("▼ below 3")
            elif r.get("mean") == best:
                flags.append("▲ highest")
            if has_base and r.get("low_base"):
                flags.append("low base")
            line.append(", ".join(flags))
            body.append(line)
        slide = self.slide(f"{THEMES[theme]}: the figures", self.heading(fig))
        size = 12 if len(body) <= 12 else 10
        self.table(
            slide,
            Box(MARGIN, BODY_TOP + Inches(0.1), INNER, Inches(5)),
            header,
            body,
            widths,
            size=size,
            right=tuple(range(1, len(header) - 1)),
        )

    def choice_slides(
        self,
        fig: RoleFigures,
        theme: str,
        title: str,
        questions: list[pl.DataFrame],
        summary: list[Any],
        per_slide: int = 2,
    ) -> None:
        """Charts of choice questions, `per_slide` side by side, the theme's key figures
        above them."""
        modes = _modes(fig.key.get(theme, {}))
        for start in range(0, len(questions), per_slide):
            group = questions[start : start + per_slide]
            slide = self.slide(title, self.heading(fig))
            top = BODY_TOP
            panel = summary and start == 0 and len(group) == 1
            if panel:  # one chart: its key figures beside it, one per line
                self.text(
                    slide,
                    Box(
                        MARGIN + Inches(9.3),
                        top + Inches(0.1),
                        INNER - Inches(9.3),
                        BODY_BOTTOM - top,
                    ),
                    [p for line in summary for p in _split_panel(line)],
                    size=14,
                    space_after=6,
                )
            elif summary and start == 0:
                height = Inches(0.38) * (len(summary) + 1)
                self.text(slide, Box(MARGIN, top, INNER, height), summary, size=15, space_after=2)
                top += height
            gap = Inches(0.3)
            width = Emu(int((INNER - gap * (len(group) - 1)) / len(group)))
            if len(group) == 1:
                width = Inches(9)  # one chart: not stretched across the slide
            small = len(group) >= 3
            head = Inches(1.15) if small else Inches(0.85)
            notes = [f"{title}, {self.heading(fig)}."] + [
                plain(s if isinstance(s, str) else "".join(t for t, _ in s)) for s in summary
            ]
            for i, question in enumerate(group):
                left = MARGIN + (width + gap) * i
                first = question.row(0, named=True)
                caption = _caption(first)
                self.text(
                    slide,
                    Box(left, top, width, head),
                    [
                        [(plain(first["question"]), {"bold": True, "size": 13 if small else 14})],
                        [(caption, {"size": 11 if small else 12, "colour": GREY})],
                    ],
                    size=14,
                    space_after=0,
                )
                box = Box(left, top + head, width, BODY_BOTTOM - top - head)
                charts.choice_chart(slide, box, question, modes.get(first["question_id"]))
                notes.append(
                    f"{plain(first['question'])} ({caption}): "
                    + "; ".join(
                        f"{plain(r['option'])} {charts.option_label(r, with_interval=True)}"
                        for r in charts.sorted_options(question)
                    )
                )
            self.speaker_notes(slide, notes)

    def gap_slide(self, fig: RoleFigures) -> None:
        g = fig.gaps or {}
        if not g.get("n_answered"):
            return
        slide = self.slide("Supervision: the gap", self.heading(fig))
        pct = g.get("pct_no_clinical")
        lines: list[Any] = [
            [(fmt_pct(pct), {"bold": True, "size": 48, "colour": RED})],
            [
                (
                    f"of {fig.label} who answered ({g.get('n_no_clinical') or 0} of "
                    f"{g['n_answered']}) have no access to clinical supervision",
                    {"size": 20},
                )
            ],
        ]
        ci = interval(g.get("pct_no_clinical_ci_low"), g.get("pct_no_clinical_ci_high"))
        if ci or g.get("low_base"):
            lines.append(
                [
                    (
                        bits(ci, "low base" if g.get("low_base") else None),
                        {"size": 14, "colour": GREY},
                    )
                ]
            )
        lines.append(
            [
                (
                    f"Supervision meetings at least monthly: {at_least_monthly(g)}; {FRAMEWORK}.",
                    {"size": 18},
                )
            ]
        )
        if g.get("n_no_meetings"):
            lines.append([(f"No regular supervision meetings: {g['n_no_meetings']}", {"size": 16})])
        self.text(
            slide, Box(MARGIN, BODY_TOP + Inches(0.2), INNER, Inches(5)), lines, space_after=10
        )
        self.speaker_notes(
            slide,
            [
                f"Supervision gap, {self.heading(fig)}: "
                f"{no_clinical(g)} "
                "without clinical supervision."
            ],
        )

    def change_slide(
        self, fig: RoleFigures, rows: list[tuple[str, str, str, str]], tested: bool, previous: int
    ) -> None:
        slide = self.slide(f"Change since {previous}", self.heading(fig))
        if not tested:
            intro = (
                "The data layer gave no significance test, so no change is marked as "
                "a change: the differences below may be chance."
            )
        elif rows:
            intro = (
                f"Only changes found significant are listed; every other figure is "
                f"within what chance would give since {previous}."
            )
        else:
            intro = f"No figure changed significantly since {previous}."
        self.text(slide, Box(MARGIN, BODY_TOP, INNER, Inches(0.7)), [intro], size=15, colour=GREY)
        if rows:
            self.table(
                slide,
                Box(MARGIN, BODY_TOP + Inches(0.8), INNER, Inches(4.5)),
                ["Statement or answer", str(previous), str(fig.wave), "Change"],
                rows[:13],
                [7.0, 1.2, 1.2, 2.0],
                size=12,
                right=(1, 2, 3),
            )
            if len(rows) > 13:
                self.text(
                    slide,
                    Box(MARGIN, Inches(6.5), INNER, Inches(0.4)),
                    [f"… and {len(rows) - 13} more (see the explorer, `w`)."],
                    size=12,
                    colour=GREY,
                )

    # -- the session handout ----------------------------------------------------------
    def card_slide(self, fig: RoleFigures) -> None:
        """The explorer's session card for a role in a locality, as one slide."""
        slide = self.slide(
            f"{fig.label} in {plain(fig.locality or 'all localities')}",
            f"Session handout · {plain(self.wave.title)} {fig.wave}",
        )
        demo = fig.themes["demographics"]
        total = fig.total or {}
        rows: list[tuple[str, str]] = [
            (
                "Responses",
                f"{fig.status.respondents} in {plain(fig.locality)}"
                + (
                    f" (of {total['respondents']} {fig.label} in all localities)"
                    if total.get("respondents")
                    else ""
                ),
            )
        ]
        for qid, label in (
            ("tenure", "Time in role"),
            ("employment", "Employment"),
            ("employer", "Employer"),
        ):
            question = _question(demo, qid)
            if question.height:
                rows.append((label, _distribution(question)))
        low = fig.low
        if low is not None and low.height:
            rows.append(
                (
                    "Rated below 3",
                    "; ".join(
                        f"{plain(r['statement'])} ({fmt_mean(r['mean'])})"
                        for r in low.iter_rows(named=True)
                        if r.get("statement")
                    ),
                )
            )
        else:
            rows.append(("Rated below 3", "no statement averages below 3 of 5"))
        likert = fig.likert.get("role_support")
        if likert is not None and likert.height:
            best = max(
                (r for r in likert.iter_rows(named=True) if r["mean"] is not None),
                key=lambda r: r["mean"],
                default=None,
            )
            if best:
                rows.append(("Highest", f"{plain(best['statement'])} ({fmt_mean(best['mean'])})"))
        g = fig.gaps or {}
        if g.get("n_answered"):
            rows.append(
                (
                    "Supervision gap",
                    f"{no_clinical(g)}"
                    f" have no clinical supervision; at least monthly: "
                    f"{at_least_monthly(g)}",
                )
            )
        training = _question(fig.themes["training"], "training_needs")
        if training.height:
            top = charts.sorted_options(training)[:3]
            rows.append(
                (
                    "Top training needs",
                    "; ".join(
                        f"{plain(r['option'])} {row_share(r)}" for r in top if r.get("count")
                    ),
                )
            )
        mdt = _question(fig.themes["mdt_outcomes"], MDT)
        yes = [r for r in charts.options_of(mdt) if r["option"] == "Yes"]
        if yes:
            rows.append(("Part of an MDT", row_share(yes[0])))
        modes = fig.key.get("engagement", {})
        bands = [
            f"{plain(v)}"
            for k, v in modes.items()
            if k.startswith("mode_") and not k.endswith("_pct") and v
        ]
        if bands:
            rows.append(("Most common bands", " · ".join(bands)))
        self.table(
            slide,
            Box(MARGIN, BODY_TOP + Inches(0.1), INNER, Inches(5)),
            ["", ""],
            [[a, b] for a, b in rows],
            [2.2, 9.8],
            size=14,
            header_row=False,
        )
        self.speaker_notes(slide, [f"{a}: {b}" for a, b in rows])


def _remember_part_names(prs: PresentationType) -> None:
    """Name new parts (charts, their workbooks, notes) from a set kept as they are added.

    python-pptx finds the next free part name by walking every relationship in the
    package for each new part, which grows with the square of a deck's charts (about a
    quarter of the time of a 36-slide deck).  The names are the same: the lowest free
    number for the template."""
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    used = {str(part.partname) for part in package.iter_parts()}

    def next_partname(template: str) -> PackURI:
        number = 1
        while template % number in used:
            number += 1
        used.add(template % number)
        return PackURI(template % number)

    package.next_partname = next_partname  # type: ignore[method-assign]


def _split_panel(line: Any) -> list[Any]:
    """A summary line as panel paragraphs: its bold lead on a line of its own, then each
    of its runs (the top three needs one per line)."""
    if isinstance(line, str):
        return [line] if line else []
    out: list[Any] = []
    for text, style in line:
        if style.get("bold"):
            out.append([(text.strip().rstrip(":"), {**style, "colour": NAVY})])
        elif text.strip():
            out.append([(text.strip().lstrip("; "), style)])
    return out


def _chunks(paragraphs: list[str], limit: int) -> list[list[str]]:
    """Paragraphs grouped into slides of at most about `limit` characters; a paragraph
    longer than that is split between sentences first."""
    pieces: list[str] = []
    for p in paragraphs:
        while len(p) > limit:
            cut = p.rfind(". ", 0, limit)
            cut = cut + 1 if cut > limit // 3 else limit
            pieces.append(p[:cut].rstrip())
            p = p[cut:].lstrip()
        pieces.append(p)
    out: list[list[str]] = [[]]
    size = 0
    for p in pieces:
        if out[-1] and size + len(p) > limit:
            out.append([])
            size = 0
        out[-1].append(p)
        size += len(p)
    return out


def _question(frame: pl.DataFrame, question_id: str) -> pl.DataFrame:
    return frame.filter(frame["question_id"] == question_id)


def _distribution(question: pl.DataFrame) -> str:
    """'Over 2 years 24 · 1-2 years 11 · …' in questionnaire order, with not answered."""
    options = charts.options_of(question)
    parts = [
        f"{plain(r['option'])}: "
        + (str(r["count"]) if r.get("count") is not None else plain(r.get("note") or "hidden"))
        for r in options
    ]
    missing = options[0].get("n_not_answered") if options else None
    if missing:
        parts.append(f"not answered: {missing}")
    return " · ".join(parts)


def _score_labels(theme: pl.DataFrame) -> list[str]:
    likert = theme.filter(theme["qtype"] == "likert")
    if not likert.height:
        return [str(s) for s in range(1, 6)]
    first = likert["question_id"][0]
    return [
        o
        for o in likert.filter(likert["question_id"] == first)["option"].to_list()
        if o is not None
    ][:5]


def _caption(first: dict[str, Any]) -> str:
    how = (
        "tick all that apply · sorted by count"
        if first.get("qtype") == "multi"
        else "one answer each · in questionnaire order"
    )
    answered = first.get("n_answered") or 0
    missing = first.get("n_not_answered") or 0
    text = f"{answered} answered" + (f", {missing} did not" if missing else "")
    return bits(text, "low base" if first.get("low_base") else None, how)


def _modes(key: dict[str, Any]) -> dict[str, str]:
    """question_id -> the data layer's most common option (locality_comparison)."""
    return {
        k[len("mode_") :]: v
        for k, v in key.items()
        if k.startswith("mode_") and not k.endswith("_pct") and v
    }
