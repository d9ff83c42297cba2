"""Outputs are written whole to a temporary file beside the target, then renamed over it:
a reader never sees half a file, and a failed run leaves nothing behind (SPEC §5)."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(dest: Path) -> Iterator[Path]:
    """A temporary path in `dest`'s folder; renamed to `dest` when the block succeeds."""
    if dest.is_dir():
        raise IsADirectoryError(errno.EISDIR, "这是一个文件夹，不是文件", str(dest))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".csbook-", suffix=dest.suffix, dir=dest.parent)
    except OSError as e:  # name the output, not the temporary file
        raise OSError(e.errno, e.strerror, str(dest)) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private (0600); an output is for colleagues to open
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
