"""The live screen end to end in a real pseudo-terminal: `mnistrepl commands/linear.q`
under pexpect, its output rendered by pyte (a terminal emulator) to see what a user
sees: the screen while it trains, then the plain transcript and the prompt."""
import os
import re
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
pytestmark = pytest.mark.slow   # each trains linear.q in a real terminal

ROOT = Path(__file__).resolve().parents[2]
LINEAR = ["commands/linear.q", "-epochs", "2", "-train", "3000"]
EPOCH_LINE = re.compile(r"^ +\d\.  loss: \d\.\d{6}  test: \d\.\d{4}  accuracy: \d+\.\d\d%")


class Term:
    """mnistrepl on a rows x cols pty, everything it writes kept and fed to pyte."""

    def __init__(self, args, rows=40, cols=120):
        env = dict(os.environ, TERM="xterm-256color", MNISTREPL_HISTORY=os.devnull)
        env.pop("NO_COLOR", None)
        self.child = pexpect.spawn(sys.executable, ["-m", "mnistrepl", "-q"] + args, cwd=ROOT,
                                   env=env, dimensions=(rows, cols), timeout=120)
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""
        self.frames = []          # displays that showed the live screen

    def pump(self, until, limit=120):
        """Read and render until `until(display)` holds; the display then."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.1)
            except pexpect.TIMEOUT:
                data = b""
            self.raw += data
            # pyte knows no kitty keyboard sequences (it would print their `u`)
            self.stream.feed(data.replace(b"\x1b[<u", b"").replace(b"\x1b[>1u", b""))
            for _ in range(data.count(b"\x1b[6n")):       # answer cursor position requests
                c = self.screen.cursor
                self.child.send(f"\x1b[{c.y + 1};{c.x + 1}R")
            display = "\n".join(self.screen.display)
            if "progress" in display and "epochs" in display:
                self.frames.append(display)
            if until(display):
                return display
        raise AssertionError("timed out; the terminal shows:\n" + "\n".join(self.screen.display))

    def at_prompt(self, display):
        return self.screen.display[self.screen.cursor.y].startswith("q)")

    def leave(self):
        self.child.sendline("\\\\")
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus


def epoch_lines(display):
    return [line for line in display.split("\n") if EPOCH_LINE.match(line)]


def test_screen_while_training_then_transcript_and_prompt():
    t = Term(LINEAR)
    final = t.pump(lambda d: t.at_prompt(d) and len(epoch_lines(d)) == 2)
    assert t.frames, "the live screen never showed"
    live = t.frames[-1]
    assert "epoch" in live and "train loss" in live
    assert any(re.search(r"(train|test) +\d+/\d+ \[", f) for f in t.frames)
    assert "\u256d" in live                              # round borders off --ascii
    assert "progress" not in final                       # the screen closed
    assert len(epoch_lines(final)) == 2
    # the transcript comes after the screen's last frame: the scrollback keeps it
    tail = t.raw[t.raw.rfind(b"\x1b[<u"):]
    assert b"  1.  loss: " in tail and b"  2.  loss: " in tail
    assert t.leave() == 0


def test_ascii_writes_only_7bit_bytes_and_still_shows_progress():
    t = Term(["--ascii"] + LINEAR)
    t.pump(lambda d: t.at_prompt(d) and len(epoch_lines(d)) == 2)
    assert t.frames and "+- epochs -" in t.frames[-1]
    assert any(re.search(r"\d+/\d+ \[#", f) for f in t.frames)
    t.leave()
    bad = [b for b in t.raw if b >= 128]
    assert not bad, f"{len(bad)} bytes above 127"
    assert not re.search(rb"\x1b\[[0-9;]*(38|48);", t.raw)    # no colour codes


def test_plain_never_opens_the_screen_but_redraws_one_progress_line():
    t = Term(["--plain"] + LINEAR)
    final = t.pump(lambda d: t.at_prompt(d) and len(epoch_lines(d)) == 2)
    assert not t.frames and len(epoch_lines(final)) == 2
    t.leave()
    assert b"\x1b[?1049h" not in t.raw and b"progress" not in t.raw
    assert b"\x1b[?1000h" not in t.raw                  # no mouse reporting: no Textual
    assert re.search(rb"\r(train|test) +\d+/\d+ \[#*\.*\]", t.raw)
    transcript = t.raw[:re.search(rb"\r\n\d+ \d+\r\n", t.raw).end()]   # up to the \ts line
    assert not re.search(rb"\x1b", transcript)           # no escape sequence at all


def test_ctrl_c_on_the_screen_stops_and_keeps_the_session():
    t = Term(["commands/linear.q", "-epochs", "50", "-train", "3000"])
    t.pump(lambda d: "progress" in d and re.search(r"\d+/\d+ \[", d))
    t.child.sendcontrol("c")
    final = t.pump(t.at_prompt)
    assert "'stop" in final and "progress" not in final
    t.child.sendline("o`epochs")
    assert "50" in t.pump(lambda d: re.search(r"^50 *$", d, re.M) and t.at_prompt(d))
    t.child.sendline("count d`x")
    assert "3000" in t.pump(lambda d: re.search(r"^3000 *$", d, re.M) and t.at_prompt(d))
    assert t.leave() == 1                               # 'stop counts as an error
