"""User-facing errors: they name the file, the line and what to do. Never a traceback."""

from __future__ import annotations

from pathlib import Path


class NewsletterError(Exception):
    """Base for every error the CLI and the app show as a message."""


class InputError(NewsletterError):
    """Bad input in a file the user wrote: reported as `file:line: message` plus a hint."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str = "",
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        return f"{text}\n  {self.hint}" if self.hint else text


class InputErrors(NewsletterError):
    """Several input errors found in one pass (so the user can fix them all at once)."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))
