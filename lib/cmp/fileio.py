"""Writing one file safely: the one atomic writer of every stage (ingest, model and present use it), and the one
message for a failed write. Lives at the top of the package, below the stages, so any stage may import it."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import CmpError


def write_error(exc: OSError, path: Path | str) -> CmpError:
    """One clear message for a failed write; a full disk is named as such."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "the disk is full (no space left on the device)"
    elif exc.errno == errno.EFBIG:
        what = "the file is larger than this system allows"
    else:
        what = exc.strerror or str(exc)
    return CmpError(f"cannot write: {what}; nothing was replaced, earlier files are as they were", path=str(path))


def umask_mode() -> int:
    """The permission bits an ordinary new file gets under the current umask (mkstemp would give 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write a file so that readers see the old content or the whole new one, never a part (the one writer).

    The bytes go to a hidden temporary file beside `path`, are flushed to disk, and the file is renamed over
    `path`. On any failure (a full disk, an interruption) the temporary file is removed and `path` is untouched.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(exc, path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, umask_mode())  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(exc, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
