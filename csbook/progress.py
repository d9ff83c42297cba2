"""A progress bar on stderr (tqdm) for the batch commands, or nothing when not shown."""

from __future__ import annotations

import sys


class Progress:
    """`step()` once per item; the bar appears on the first step (or `start()`)."""

    def __init__(self, total: int, shown: bool, what: str, unit: str = "个") -> None:
        self.total, self.shown, self.what, self.unit = total, shown, what, unit
        self._bar = None

    def start(self) -> None:
        if self.shown and self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self.total, desc=self.what, unit=self.unit, file=sys.stderr, leave=False
            )

    def step(self) -> None:
        self.start()
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
