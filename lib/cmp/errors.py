"""The project's own error type: every expected failure is reported through it, never a traceback."""

from __future__ import annotations


class CmpError(Exception):
    """A user-facing error: names the file, the place and what was expected."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f":{line}"
            where += ": "
        super().__init__(f"{where}{message}")
