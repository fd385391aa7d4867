"""The command line: open the explorer, print a view, import an export."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.errors import UserError
from tui.paths import SAMPLE_DB
from tui.suppression import DEFAULT_MIN_COMMENTS, DEFAULT_MIN_GROUP, off_warning

if TYPE_CHECKING:
    import polars as pl

    from tui.suppression import GroupStatus

PROG = "workforce-explorer"
VIEW_NAMES = (
    "demographics",
    "role_support",
    "training",
    "mdt_outcomes",
    "engagement",
    "supervision",
    "low_scores",
    "supervision_gaps",
    "overview",
    "comments",
)
SUBCOMMANDS = ("summary", "import", "codebook", "report")
COMPARE_THEMES = VIEW_NAMES[:6]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage problems as one line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UserError(f"{self.prog}: {message} (see --help)")


def _app_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Explore the workforce survey in the terminal. "
        "Subcommands: summary, import, codebook, report (each has --help).",
    )
    p.add_argument(
        "db",
        nargs="?",
        type=Path,
        default=None,
        help="survey .duckdb file (default: the bundled synthetic 2023 sample)",
    )
    p.add_argument("--wave", default=None, help="survey wave (year); default the latest")
    p.add_argument(
        "--fresh",
        action="store_true",
        help="open on the first tab, not on the place last viewed in this file",
    )
    _add_min_group(p)
    _add_low_base(p)
    return p


def _add_low_base(p: argparse.ArgumentParser) -> None:
    from tui.stats import DEFAULT_LOW_BASE

    p.add_argument(
        "--low-base",
        type=int,
        default=DEFAULT_LOW_BASE,
        metavar="N",
        help=f"flag a figure resting on fewer than N answers as 'low base' "
        f"(default {DEFAULT_LOW_BASE})",
    )


def _add_min_group(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        metavar="K",
        help=f"hide every figure of a locality with fewer than K respondents "
        f"(default {DEFAULT_MIN_GROUP}; 1 shows everything)",
    )
    p.add_argument(
        "--min-comments",
        type=int,
        default=DEFAULT_MIN_COMMENTS,
        metavar="C",
        help=f"show free-text comments only for groups of at least C "
        f"respondents (default {DEFAULT_MIN_COMMENTS}; never below K)",
    )


def _warn_if_off(min_group: int) -> None:
    if min_group <= 1:
        print(f"{PROG}: warning: {off_warning(min_group)}", file=sys.stderr)


def _summary_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=f"{PROG} summary", description="Print one view for a role.")
    p.add_argument(
        "--db", type=Path, default=None, help="survey .duckdb file (default: the bundled sample)"
    )
    p.add_argument("--role", required=True, help="SPLW, CC or HWC (H&WC), any case")
    p.add_argument("--theme", required=True, help=", ".join(VIEW_NAMES))
    p.add_argument("--locality", default=None, help="one locality (default: all)")
    p.add_argument("--wave", default=None, help="survey wave (year); default the latest")
    p.add_argument(
        "--format",
        default=None,
        help="table, csv, json or markdown (md); with --out: csv, markdown or "
        "xlsx (default: from the file's extension)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="write the view to PATH (csv, markdown or xlsx, with what it shows "
        "recorded in the file) instead of printing it; never replaces an "
        "existing file unless --force, and never the survey file, a DuckDB "
        "file, a link or anything but a regular file",
    )
    p.add_argument(
        "--force", action="store_true", help="with --out: replace an export that is already at PATH"
    )
    p.add_argument(
        "--by-locality",
        action="store_true",
        help="compare every locality on the theme's key figures "
        "(themes: " + ", ".join(COMPARE_THEMES) + ")",
    )
    _add_min_group(p)
    _add_low_base(p)
    return p


def _import_parser() -> argparse.ArgumentParser:
    p = _Parser(prog=f"{PROG} import", description="Import a survey export as one wave.")
    p.add_argument("export", type=Path, help="the export: .csv or .xlsx")
    p.add_argument("--codebook", type=Path, required=True, help="codebook .toml")
    p.add_argument("--wave", type=int, required=True, help="the wave's year, e.g. 2024")
    p.add_argument("--db", type=Path, required=True, help="survey .duckdb to create or add to")
    p.add_argument("--role", default=None, help="the role, when the export holds only one")
    p.add_argument("--replace", action="store_true", help="replace the wave if it exists")
    p.add_argument("--note", default=None, help="a note stored with the wave")
    p.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        metavar="K",
        help=f"in the summary, give no count for a locality with fewer than K respondents "
        f"(default {DEFAULT_MIN_GROUP}, as the explorer; 1 shows every count)",
    )
    p.add_argument(
        "--from",
        dest="copy_from",
        type=Path,
        default=None,
        metavar="PREVIOUS",
        help="start a new --db as a copy of PREVIOUS.duckdb (last year's file), "
        "so it holds the earlier waves too",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait while another import writes the same file "
        "(default 60; 0: do not wait)",
    )
    return p


def _codebook_init_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=f"{PROG} codebook init",
        description="Draft a codebook from an export's headers and answers, for a "
        "person to edit (never overwrites a file).",
    )
    p.add_argument("export", type=Path, help="the export: .csv or .xlsx")
    p.add_argument(
        "--out",
        type=Path,
        default=Path("codebook.toml"),
        help="where to write the draft (default: codebook.toml)",
    )
    return p


def _check_summary_args(args: argparse.Namespace) -> None:
    """Refuse `summary` arguments that do not go together, before the file is opened.
    Fills in the default format (a table) when neither --format nor --out is given."""
    from tui.render import FORMATS

    if args.out is not None:  # refused before the survey is even opened
        from tui.export import check_target

        check_target(args.out.expanduser(), overwrite=args.force, protect=[args.db or SAMPLE_DB])
    if args.out is None and args.format is None:
        args.format = "table"
    if args.out is None and args.format == "xlsx":
        raise UserError("--format xlsx writes a file: give --out PATH")
    if args.out is None and args.format not in FORMATS:
        raise UserError(f"unknown format {args.format!r}; expected one of {', '.join(FORMATS)}")
    names = COMPARE_THEMES if args.by_locality else VIEW_NAMES
    if args.theme not in names:
        what = "theme for --by-locality" if args.by_locality else "theme"
        raise UserError(f"unknown {what} {args.theme!r}; expected one of {', '.join(names)}")
    if args.by_locality and args.locality is not None:
        raise UserError("--by-locality compares every locality; leave out --locality")


@dataclass(frozen=True)
class _SummaryView:
    """What `summary` read from the survey file: the figures and what they show."""

    frame: pl.DataFrame
    title: str
    status: GroupStatus
    role: str
    wave: int
    locality: str | None
    unanswered: bool  # respondents exist but none answered the view's questions
    export_meta: dict[str, Any] | None  # only for files and Markdown


def _read_summary(args: argparse.Namespace, out_format: str | None) -> _SummaryView:
    """Open the survey file, read the view the arguments ask for, and close it."""
    from tui.data import VIEW_TITLES, SurveyData

    data = SurveyData(
        args.db or SAMPLE_DB,
        min_group=args.min_group,
        low_base=args.low_base,
        min_comments=args.min_comments,
    )
    try:
        role = data.resolve_role(args.role)
        wave = data.resolve_wave(args.wave)
        locality = data.resolve_locality(args.locality)
        status = data.group_status(role, wave, locality)
        if args.by_locality:
            frame = data.locality_comparison(args.theme, role, wave)
            view_title = f"{VIEW_TITLES[args.theme]} by locality"
        else:
            frame = data.view(args.theme, role, wave, locality)
            view_title = VIEW_TITLES[args.theme]
        place = locality or "All localities"
        title = f"{wave} › {data.role_label(role)} › {place} › {view_title}"
        unanswered = (
            not args.by_locality
            and bool(status.respondents)
            and not status.suppressed
            and _nothing_answered(data, args.theme, frame, role, wave, locality)
        )
        export_meta = None
        if out_format is not None or args.format in ("markdown", "md"):
            from tui.export import export_meta as make_meta

            export_meta = make_meta(
                data, args.theme, role, wave, locality, by_locality=args.by_locality
            )
    finally:
        data.close()
    return _SummaryView(frame, title, status, role, wave, locality, unanswered, export_meta)


def _nobody_line(args: argparse.Namespace, view: _SummaryView) -> str:
    return f"{view.title}: none of the {view.status.respondents} respondents answered " + (
        "a statement" if args.theme == "low_scores" else "these questions"
    )


def _write_summary_file(args: argparse.Namespace, view: _SummaryView, out_format: str) -> None:
    from tui.export import export_frame

    written = export_frame(
        view.frame,
        args.out,
        out_format,
        view.export_meta or {},
        overwrite=args.force,
        protect=[args.db or SAMPLE_DB],
    )
    print(f"Wrote {written}", file=sys.stderr)


def _print_markdown(view: _SummaryView) -> None:
    from tui.export import markdown_text

    sys.stdout.write(markdown_text(view.frame, view.export_meta or {}))


def _print_csv(args: argparse.Namespace, view: _SummaryView) -> None:
    from tui.render import frame_to_csv

    if view.status.respondents == 0:
        print(f"{view.title}: no responses", file=sys.stderr)
    elif view.unanswered:
        print(_nobody_line(args, view), file=sys.stderr)
    sys.stdout.write(frame_to_csv(view.frame))


def _print_json(args: argparse.Namespace, view: _SummaryView) -> None:
    from tui.render import frame_to_json

    status = view.status
    meta = {
        "wave": view.wave,
        "role": view.role,
        "locality": view.locality,
        "view": f"{args.theme}_by_locality" if args.by_locality else args.theme,
        "min_group": args.min_group,
        "respondents": status.respondents,
        "suppressed": status.suppressed,
        "note": status.note,
        "answered": not (status.respondents == 0 or view.unanswered),
        "low_base": args.low_base,
    }  # the threshold the rows' low_base flags use
    if args.theme == "comments":
        meta["min_comments"] = max(args.min_comments, args.min_group)
    sys.stdout.write(frame_to_json(view.frame, meta) + "\n")


def _print_table(args: argparse.Namespace, view: _SummaryView) -> None:
    """The terminal table, or one line in words when there is nothing to tabulate."""
    from rich.console import Console

    from tui.render import comparison_table, view_table

    console = Console()

    def say(line: str) -> None:
        console.print(line, markup=False, highlight=False)

    if view.status.respondents == 0:
        say(f"{view.title}: no responses")
    elif args.by_locality:
        console.print(comparison_table(view.frame, view.title))
    elif view.unanswered:
        say(_nobody_line(args, view))
    elif view.frame.height == 0 and args.theme == "low_scores":
        say(f"{view.title}: no statement averages below 3 of 5")
    elif view.frame.height == 0:
        say(f"{view.title}: no responses")
    else:
        console.print(view_table(args.theme, view.frame, view.title))


def run_summary(argv: list[str]) -> int:
    args = _summary_parser().parse_args(argv)
    out_format = _out_format(args.out, args.format) if args.out is not None else None
    _check_summary_args(args)
    view = _read_summary(args, out_format)
    _warn_if_off(args.min_group)
    if out_format is not None:
        _write_summary_file(args, view, out_format)
    elif args.format in ("markdown", "md"):
        _print_markdown(view)
    elif args.format == "csv":
        _print_csv(args, view)
    elif args.format == "json":
        _print_json(args, view)
    else:
        _print_table(args, view)
    return 0


def _nothing_answered(data, theme: str, frame, role: str, wave: int, locality: str | None) -> bool:
    """Whether no respondent answered any question of the view: then a table of zeros
    and dashes would pretend to be data, so summary says so in words instead."""
    import polars as pl

    from tui.data import LIKERT_THEMES

    if theme == "low_scores":
        if frame.height:
            return False
        frames = [data.likert(t, role, wave, locality) for t in LIKERT_THEMES]
        return not any((f["n"].fill_null(0) > 0).any() for f in frames if f.height)
    if "n_answered" not in frame.columns or theme == "overview":
        return False
    if "suppressed" in frame.columns:
        frame = frame.filter(~pl.col("suppressed").fill_null(False))
    return frame.height == 0 or not (frame["n_answered"].fill_null(0) > 0).any()


def _out_format(out: Path, given: str | None) -> str:
    """The file format for `summary --out`: --format if given, else the extension."""
    from tui.export import FORMAT_ALIASES, normalize_format

    if given is not None:
        if given not in FORMAT_ALIASES:
            raise UserError(f"--out writes csv, markdown (md) or xlsx, not {given!r}")
        return normalize_format(given)
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMAT_ALIASES:
        raise UserError(
            f"cannot tell the format of {out.name!r} from its extension; "
            "give --format csv, markdown or xlsx"
        )
    return normalize_format(suffix)


def _stderr_is_terminal() -> bool:
    """The progress bar is for people watching: only when stderr is a terminal."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _ImportProgress:
    """A Rich progress bar on stderr while an import reads, checks and writes."""

    def __init__(self, console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        class Rows(MofNCompleteColumn):
            def render(self, task):  # "1500/30000" once the count is known
                return super().render(task) if task.total is not None else ""

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            Rows(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("Reading the export", total=None)

    def __enter__(self) -> _ImportProgress:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, name: str) -> None:
        """A step of unknown length: a pulsing bar."""
        self.progress.remove_task(self.task)
        self.task = self.progress.add_task(name, total=None)

    def rows(self, done: int, total: int) -> None:
        if done == 0:
            self.progress.remove_task(self.task)
            self.task = self.progress.add_task("Checking answers", total=total)
        self.progress.update(self.task, completed=done)


def _respondents_by_locality(
    db: Path, wave: int, roles: list[str], labels: dict[str, str], min_group: int
) -> list[str]:
    """A line per imported role: its respondents, then each locality's, as the explorer
    shows them (read back from the file just written, through the data layer): a
    locality under the threshold, or hidden to protect one, says so instead of its
    count, since a count of people is a figure too."""
    from tui.data import SurveyData
    from tui.safe_text import clean

    data = SurveyData(db, min_group=min_group)
    try:
        width = max((len(labels.get(r, r)) for r in roles), default=0)
        lines = []
        for role in roles:
            parts = [
                f"{clean(locality)} ({note})" if hidden else f"{clean(locality)} {n}"
                for locality, n, hidden, note in data.localities(role, wave)
                .select("locality", "respondents", "suppressed", "note")
                .iter_rows()
                if hidden or n
            ]
            total = data.respondents(role, wave)
            label = labels.get(role, clean(role))
            lines.append(f"  {label:<{width}} {total:>4}: {', '.join(parts)}")
        return lines
    finally:
        data.close()


def _print_import_summary(console, args, parsed, result: dict, seconds: float) -> None:
    from tui.safe_text import clean

    def say(text: str) -> None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    def names(items) -> str:
        return ", ".join(clean(i) for i in items)

    from tui.database import SCHEMA_VERSION

    replaced: list[str] = result["replaced"]
    labels: dict[str, str] = {code: clean(label) for code, label in result["role_labels"].items()}
    written = result["written"]
    db = clean(args.db)
    into = db
    if written.written_to is not None and Path(written.written_to) != Path(args.db):
        into = f"{db} (a link to {clean(written.written_to)})"

    n = len(parsed.respondents)
    say(
        f"Imported wave {args.wave} into {into}: {n} respondent{'s' if n != 1 else ''} "
        f"from {clean(args.export.name)} ({clean(parsed.source)}) in {seconds:.1f} s"
    )
    if written.copied_from is not None:
        say(f"  started as a copy of {clean(written.copied_from)}, which is unchanged")
    if written.folded_wal:
        say(
            f"  first folded {clean(args.db.name)}.wal into {clean(args.db.name)}: changes "
            "a program that stopped had committed but not yet written into the file"
        )
    if written.removed:
        say(
            f"  deleted {len(written.removed)} working "
            f"cop{'ies' if len(written.removed) != 1 else 'y'} left by interrupted imports: "
            f"{names(written.removed)}"
        )
    if replaced:
        say(
            f"  replaced wave {args.wave} "
            f"{', '.join(labels.get(r, r) for r in replaced)}; other waves and roles untouched"
        )
    recounted = ", ".join(str(w) for w in result["recounted"])
    if result["upgraded_from"] is not None:
        say(
            f"  upgraded {clean(args.db.name)} from survey schema {result['upgraded_from']} to "
            f"{SCHEMA_VERSION}"
            + (f", counting the tallies of wave {recounted}" if recounted else "")
            + "; earlier versions of workforce-explorer cannot open it now"
        )
    elif recounted:
        say(f"  counted the missing tallies of wave {recounted}")
    into_file = Path(written.written_to or args.db)
    _warn_if_off(args.min_group)
    for line in _respondents_by_locality(
        into_file, args.wave, parsed.roles, labels, args.min_group
    ):
        say(line)
    if parsed.dropped_columns:
        say(f"  identifying columns dropped, never stored: {names(parsed.dropped_columns)}")
    if parsed.unmapped_columns:
        say(f"  columns not in the codebook, ignored: {names(parsed.unmapped_columns)}")
    if parsed.missing_questions:
        say(f"  codebook questions not in the export: {names(parsed.missing_questions)}")
    asked = parsed.asked_answers
    share = f" of {asked} ({parsed.blank_answers / asked:.0%})" if asked else ""
    say(f"  answers left blank: {parsed.blank_answers}{share}")
    if parsed.not_asked_answers:
        say(
            f"  answers to questions the respondent's role was not asked, ignored: "
            f"{parsed.not_asked_answers}"
        )
    for note in parsed.notes:
        say(f"  note: {clean(note)}")
    _say_waves(say, db, args.wave, written.waves)


def _say_waves(say, db: str, wave: int, waves: list[int]) -> None:
    """Which waves the file holds now, and how the next wave joins them."""
    held = ", ".join(str(w) for w in waves)
    if len(waves) > 1:
        say(
            f"  {db} now holds waves {held}: the explorer shows the latest and the "
            f"change against the one before; next year, import into this file "
            f"(--db {db})"
        )
        return
    say(
        f"  {db} holds wave {held} only, so there is no earlier wave to compare with; "
        "to add this wave to last year's file, import into that file (--db LAST.duckdb) "
        "or start a new one from a copy of it (--from LAST.duckdb)"
    )


def run_import(argv: list[str]) -> int:
    args = _import_parser().parse_args(argv)
    from tui.data import whole_at_least_one

    whole_at_least_one("--min-group", args.min_group)  # refused before anything is written
    import time

    from rich.console import Console

    from tui.importing import import_export

    terminal = _stderr_is_terminal()
    console = Console(stderr=True, force_terminal=True if terminal else None)

    def waiting(message: str) -> None:
        console.print(f"{PROG}: {_inert(message)}", markup=False, highlight=False, soft_wrap=True)

    started = time.perf_counter()
    result: dict = {}
    options = {
        "role": args.role,
        "replace": args.replace,
        "note": args.note,
        "result": result,
        "copy_from": args.copy_from,
        "wait": args.wait,
        "on_wait": waiting,
    }
    if terminal:
        with _ImportProgress(console) as bar:
            parsed = import_export(
                args.export,
                args.codebook,
                args.wave,
                args.db,
                progress=bar.rows,
                on_stage=bar.stage,
                **options,
            )
    else:
        parsed = import_export(args.export, args.codebook, args.wave, args.db, **options)
    seconds = time.perf_counter() - started
    _print_import_summary(console, args, parsed, result, seconds)
    return 0


def run_codebook(argv: list[str]) -> int:
    if not argv:
        raise UserError(
            f"{PROG} codebook: expected an action: init EXPORT [--out FILE] (see --help)"
        )
    if argv[0] in ("-h", "--help"):
        print(
            f"usage: {PROG} codebook init EXPORT [--out codebook.toml]\n\n"
            "Draft a codebook from an export's headers and answers, for a person to "
            "edit."
        )
        return 0
    if argv[0] != "init":
        raise UserError(f"{PROG} codebook: unknown action {argv[0]!r}; expected init (see --help)")
    args = _codebook_init_parser().parse_args(argv[1:])
    from rich.console import Console

    from tui.codebook import parse_codebook
    from tui.errors import CodebookError
    from tui.importing.draft import draft_text, refuse_existing, write_new
    from tui.safe_text import clean

    out = args.out
    refuse_existing(out)  # before reading anything
    draft, text = draft_text(args.export)
    try:  # the draft must load as it is
        parse_codebook(text, out)
    except CodebookError as exc:
        raise UserError(
            f"the draft codebook for {args.export.name} does not load, so {out} "
            f"was not written ({exc.message}); this is a bug in codebook init: "
            "please report it with the export's header row"
        ) from None
    write_new(out, text)
    console = Console(stderr=True)
    counts = draft.counts()
    kinds = ", ".join(
        f"{counts[t]} {t}" for t in ("likert", "single", "multi", "text") if counts[t]
    )
    console.print(
        f"Drafted {clean(out)}: {len(draft.questions)} questions ({kinds}), "
        f"{len(draft.roles) or 1} role(s), {len(draft.localities)} localities, from "
        f"{clean(args.export.name)} ({clean(draft.source.describe())}).",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        "Check every line marked TODO (themes, types, options and their order, "
        f"role codes), then:\n  {PROG} import {clean(args.export)} --codebook "
        f"{clean(out)} --wave YEAR --db SURVEY.duckdb (or, to add the wave to last "
        "year's file, --db LAST.duckdb)",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 0


def _report_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=f"{PROG} report",
        description="Write the annual report as a PowerPoint deck with native "
        "charts: the whole wave (default), one role (--role), or one role in one "
        "locality (--role and --locality: the session handout).  A group with "
        "fewer respondents than --min-group gets no deck (exit code 3).",
    )
    p.add_argument(
        "--db", type=Path, default=None, help="survey .duckdb file (default: the bundled sample)"
    )
    p.add_argument("--wave", default=None, help="survey wave (year); default the latest")
    p.add_argument("--role", default=None, help="one role: SPLW, CC or HWC (H&WC)")
    p.add_argument("--locality", default=None, help="one locality (default: all)")
    p.add_argument(
        "--notes",
        type=Path,
        default=None,
        metavar="NOTES.md",
        help="the team's commentary under '## SPLW / Supervision', '## SPLW' "
        "and '## Introduction' headings, merged into the matching slides",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE.pptx",
        help="the deck to write (written whole or not at all; never a survey "
        "file; an existing file only with --force)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing deck at --out")
    p.add_argument(
        "--draft-notes",
        type=Path,
        default=None,
        metavar="NOTES.md",
        help="instead of a deck, write a notes skeleton with every heading and "
        "the key figures as prompts (never overwrites a file)",
    )
    _add_min_group(p)
    _add_low_base(p)
    return p


def run_report(argv: list[str]) -> int:
    args = _report_parser().parse_args(argv)
    if (args.out is None) == (args.draft_notes is None):
        raise UserError(
            f"{PROG} report: give --out FILE.pptx to write the deck, or "
            "--draft-notes NOTES.md to draft the notes file (see --help)"
        )
    if args.out is not None and args.out.suffix.lower() != ".pptx":
        raise UserError(
            f"{PROG} report: --out writes a PowerPoint deck; name it .pptx, not {args.out.name!r}"
        )
    if args.draft_notes is not None and args.notes is not None:
        raise UserError(
            f"{PROG} report: --notes is read when writing a deck; leave it out with --draft-notes"
        )
    from tui.data import SurveyData

    data = SurveyData(args.db or SAMPLE_DB, min_group=args.min_group, low_base=args.low_base)
    _warn_if_off(args.min_group)
    try:
        if args.draft_notes is not None:
            from tui.report.build import draft_notes

            path = draft_notes(
                data, args.draft_notes, wave=args.wave, role=args.role, locality=args.locality
            )
            print(
                f"Drafted {path}: write the commentary under its headings, then "
                f"{PROG} report --notes {path} --out REPORT.pptx",
                file=sys.stderr,
            )
            return 0
        from tui.report.build import write_report

        written = write_report(
            data,
            args.out,
            wave=args.wave,
            role=args.role,
            locality=args.locality,
            notes=args.notes,
            overwrite=args.force,
        )
    finally:
        data.close()
    print(f"Wrote {written.path}: {written.slides} slides", file=sys.stderr)
    return 0


def run_app(argv: list[str]) -> int:
    args = _app_parser().parse_args(argv)
    from tui.data import SurveyData

    # errors surface before any screen is drawn
    data = SurveyData(
        args.db or SAMPLE_DB,
        min_group=args.min_group,
        low_base=args.low_base,
        min_comments=args.min_comments,
    )
    wave = data.resolve_wave(args.wave)
    _warn_if_off(args.min_group)
    from tui.app import WorkforceExplorer
    from tui.places import load_place

    place = {} if args.fresh else load_place(data.path)
    if args.wave is None and place.get("wave") in {int(w["wave"]) for w in data.wave_records()}:
        wave = int(place["wave"])  # the wave last viewed, unless --wave says otherwise
    WorkforceExplorer(data, wave=wave, place=place, remember=True).run()
    return 0


def _inert(message: str) -> str:
    """An error message made safe for the terminal, line by line: it can echo a cell of
    an export, a path or an argument, and none of those may carry an escape sequence."""
    from tui.safe_text import clean

    return "\n".join(clean(line) for line in message.split("\n"))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "summary":
            return run_summary(argv[1:])
        if argv and argv[0] == "import":
            return run_import(argv[1:])
        if argv and argv[0] == "codebook":
            return run_codebook(argv[1:])
        if argv and argv[0] == "report":
            return run_report(argv[1:])
        return run_app(argv)
    except UserError as exc:
        print(f"{PROG}: error: {_inert(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
