"""A one-line progress bar on stderr (a new line per tenth when not a terminal)."""

import sys
import time

WIDTH = 30


class Progress:
    def __init__(self, label, total, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.started = self.shown_at = time.monotonic()
        self.last_tenth = 0
        self.shown_done = None

    def advance(self, count=1):
        self.done += count
        now = time.monotonic()
        if self.live and now - self.shown_at >= 0.2:
            self.shown_at = now
            self._show("\r")
        elif not self.live and self.done * 10 // self.total > self.last_tenth:
            self.last_tenth = self.done * 10 // self.total
            self._show("", "\n")

    def close(self):
        if self.live or self.shown_done != self.done:
            self._show("\r" if self.live else "", "\n")

    def _show(self, start, end=""):
        share = min(self.done / self.total, 1)
        filled = int(share * WIDTH)
        bar = "#" * filled + "." * (WIDTH - filled)
        seconds = time.monotonic() - self.started
        self.shown_done = self.done
        self.stream.write(
            f"{start}  {self.label:<10} [{bar}] {share:4.0%} "
            f"{self.done:>11,}/{self.total:,}  {seconds:5.1f} s{end}"
        )
        self.stream.flush()


def counted(rows, progress, step=1000):
    """Yield `rows`, advancing `progress` as they go by."""
    pending = 0
    for row in rows:
        yield row
        pending += 1
        if pending == step:
            progress.advance(pending)
            pending = 0
    progress.advance(pending)
