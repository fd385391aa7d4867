"""User-facing errors: each carries the one line a person sees and the exit code.

The command line and the app render these; nothing else catches broadly.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: shown as one line, never as a traceback."""

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseError(UserError):
    """The survey file cannot be opened as a Workforce Explorer database."""


class CodebookError(UserError):
    """The codebook file does not parse or does not describe a questionnaire."""


class UsageError(UserError):
    """An unknown role, theme, locality, wave or option on the command line."""


class ImportProblems(UserError):
    """An export failed validation: every problem found, up to a cap."""

    def __init__(self, problems: list[str], total: int, source: str) -> None:
        self.problems = problems
        self.total = total
        shown = "\n".join(problems)
        more = f"\n… and {total - len(problems)} more problems" if total > len(problems) else ""
        head = f"{source}: {total} problem{'s' if total != 1 else ''} found; nothing was written"
        super().__init__(f"{head}\n{shown}{more}")


class ExportError(UserError):
    """A view could not be written to the chosen file."""
