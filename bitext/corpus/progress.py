"""Progress of a whole corpus job: documents and sentences done, throughput, time left."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class ProgressState:
    """A snapshot, given to the progress callback after every finished unit.

    Documents are segmented by the workers, not up front (that would cost the
    driver minutes on a large corpus), so the sentence total is an estimate
    from the input bytes done so far until the last unit is in; the time
    left is estimated from the input bytes per second.
    """

    units_total: int  # documents (and shards of row corpora) to translate in this run
    units_done: int = 0
    failed: int = 0
    skipped: int = 0  # done by an earlier run: not counted in the totals above
    bytes_total: int = 0  # input bytes of the units of this run (failed units leave the total)
    bytes_done: int = 0
    sentences_done: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def sentences_total(self) -> int:
        """Exact when every unit is done; before that, estimated from the sentences per input byte so far."""
        if self.bytes_done >= self.bytes_total or not self.bytes_done:
            return self.sentences_done
        return max(self.sentences_done, round(self.sentences_done * self.bytes_total / self.bytes_done))

    @property
    def rate(self) -> float:
        """Sentences per second since the start of this run (start-up and model loading included)."""
        return self.sentences_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the input-bytes rate so far; ``None`` before the first result."""
        if not self.bytes_done:
            return None
        return max(0.0, (self.bytes_total - self.bytes_done) * self.elapsed / self.bytes_done)

    def line(self) -> str:
        eta = "?" if self.eta is None else _hms(self.eta)
        failed = f", {self.failed} failed" if self.failed else ""
        about = "" if self.bytes_done >= self.bytes_total else "~"
        total = f"{about}{self.sentences_total:,}" if self.bytes_done else "?"
        return (f"{self.units_done}/{self.units_total} documents{failed}, "
                f"{self.sentences_done:,}/{total} sentences, "
                f"{self.rate:.1f} sent/s, {_hms(self.elapsed)} elapsed, {eta} left")


ProgressCallback = Callable[[ProgressState], None]


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class RichProgress:
    """A rich progress display on stderr (a terminal), else one plain line every ``every`` seconds while it runs.

    Use as a context manager; call the instance with a :class:`ProgressState`.
    """

    def __init__(self, console=None, quiet: bool = False, every: float = 30.0) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True, highlight=False)
        self.quiet = quiet
        self.every = every
        self._last = time.monotonic()
        self._bar = None
        self._task = None

    def __enter__(self) -> "RichProgress":
        if not self.quiet and self.console.is_terminal:
            from rich.progress import BarColumn, Progress, TextColumn

            self._bar = Progress(TextColumn("translating"), BarColumn(), TextColumn("{task.fields[line]}"),
                                 console=self.console, transient=True)
            self._task = self._bar.add_task("corpus", total=None, line="starting")
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def __call__(self, state: ProgressState) -> None:
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=state.bytes_done, total=max(state.bytes_total, 1), line=state.line())
        elif 0 < state.units_done < state.units_total and time.monotonic() - self._last >= self.every:
            self._last = time.monotonic()  # off a terminal (a log): a line every ``every`` seconds, not at the end
            self.console.print(f"bitext: {state.line()}", markup=False, soft_wrap=True)
