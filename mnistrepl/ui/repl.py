"""Interactive front end (product.md §3): the `q)` prompt on a terminal, with
prompt_toolkit. Imported only when stdin and stdout are terminals, so that a pipe or
script never pays for prompt_toolkit.

- history in `$MNISTREPL_HISTORY` or `~/.mnistrepl_history`; Ctrl-R searches it;
- Tab completes names, `\\` commands and paths after `\\l` (complete.py);
- q colouring with Pygments' q lexer, off under --ascii, --plain or NO_COLOR;
- Enter inside an open bracket or string continues the entry (qinput.py);
- Ctrl-C clears the line, or stops running code with 'stop; Ctrl-D or `\\\\` leaves.
"""
import os
import signal
import stat
import sys

from prompt_toolkit import PromptSession
from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import has_focus
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.output import ColorDepth, create_output
from prompt_toolkit.shortcuts import CompleteStyle

from .complete import QCompleter
from .qinput import is_complete, join_entry


def history_path():
    """`$MNISTREPL_HISTORY` if set, else `~/.mnistrepl_history`."""
    return os.environ.get("MNISTREPL_HISTORY") or os.path.expanduser("~/.mnistrepl_history")


def colour_wanted(opts, environ=os.environ):
    """Colouring is off with --ascii, --plain, or a non-empty NO_COLOR (no-color.org)."""
    return not (opts.ascii or opts.plain or environ.get("NO_COLOR"))


HISTORY_LIMIT = 16 * 2**20     # bytes of history loaded at most


class QuietFileHistory(FileHistory):
    """FileHistory that goes on without history when the file cannot be read or written
    (a read-only home must not end the session), and loads only a regular file of sane
    size (MNISTREPL_HISTORY=/dev/zero would be read forever)."""

    def load_history_strings(self):
        if not sane_history_file(self.filename):
            return
        try:
            yield from super().load_history_strings()
        except OSError:
            return

    def store_string(self, string):
        if os.path.exists(self.filename) and not os.path.isfile(self.filename):
            return                          # a FIFO would block the prompt, a device is no log
        try:
            super().store_string(string)
        except OSError:
            pass


def sane_history_file(path):
    """Whether path is a regular file of at most HISTORY_LIMIT bytes."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= HISTORY_LIMIT



class LazyQLexer(Lexer):
    """Pygments' q lexer, built at the first non-empty line: compiling its patterns
    costs ~20 ms that the first prompt need not wait for."""

    def __init__(self):
        self.lexer = None

    def lex_document(self, document):
        if self.lexer is None:
            if not document.text:
                return lambda lineno: []        # an empty line has no fragments
            from prompt_toolkit.lexers import PygmentsLexer
            from pygments.lexers.q import QLexer
            self.lexer = PygmentsLexer(QLexer)
        return self.lexer.lex_document(document)


def enter_bindings():
    """Enter runs a complete entry and starts a continuation line otherwise."""
    kb = KeyBindings()

    @kb.add("enter", filter=has_focus(DEFAULT_BUFFER))
    def _enter(event):
        buf = event.current_buffer
        if is_complete(buf.text):
            buf.validate_and_handle()
        else:
            buf.insert_text("\n")
    return kb


def ascii_stdout():
    """A text stream on fd 1 that writes any non-7-bit character as `?` (--ascii)."""
    return open(sys.stdout.fileno(), "w", encoding="ascii", errors="replace", closefd=False)


def make_prompt(session, opts):
    """The PromptSession for `session` with the command line's display settings."""
    colour = colour_wanted(opts)
    kwargs = {}
    if colour:
        kwargs["lexer"] = LazyQLexer()
    else:
        kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT
    if opts.ascii:
        kwargs["output"] = create_output(stdout=ascii_stdout())
        kwargs["complete_style"] = CompleteStyle.READLINE_LIKE   # no menu drawing
    return PromptSession(
        history=QuietFileHistory(history_path()), completer=QCompleter(session),
        complete_while_typing=False, multiline=True, key_bindings=enter_bindings(),
        prompt_continuation=lambda width, line, soft: " " * width, **kwargs)


def run_entry(session, text, evaluate=None):
    """Run one entry with Ctrl-C wired to the session: the first Ctrl-C asks the code to
    stop at its next safe point ('stop); a second one in the same run interrupts Python
    at once (the session reports that as 'stop too). The old handler comes back after.
    `evaluate(fn)` runs the entry (the live screen's, ui/screen); by default fn()."""
    presses = []

    def on_sigint(signum, frame):
        presses.append(signum)
        if len(presses) > 1:
            raise KeyboardInterrupt
        session.interrupt()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        line = join_entry(text)
        if evaluate is None:
            session.execute(line)
        else:
            evaluate(lambda: session.execute(line))
    except KeyboardInterrupt:          # landed outside the session's own guard
        session.errors += 1
        session.host.write(1, "'stop\n")
    finally:
        signal.signal(signal.SIGINT, previous)


def interactive(session, opts, evaluate=None):
    """The prompt loop; the exit status: `exit n` gives n, `\\\\` and Ctrl-D give 0, or
    1 when any error occurred (as replay does). `evaluate`: as run_entry takes it."""
    prompt = make_prompt(session, opts)
    while True:
        try:
            text = prompt.prompt(session.prompt)
        except KeyboardInterrupt:      # Ctrl-C at the prompt: drop the half-typed entry
            continue
        except EOFError:               # Ctrl-D on an empty line
            break
        try:
            run_entry(session, text, evaluate)
        except SystemExit as e:
            return session.exit_status(e.code)
        except KeyboardInterrupt:      # Ctrl-C just before or after the run: no harm done
            session.host.write(1, "\n")
    return session.exit_status()
