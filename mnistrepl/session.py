"""Session: the one door the front ends use. It owns the interpreter and its host
(output), runs input lines and system commands, prints results and errors the
way the q console does, and tracks the debugger level."""
import importlib
import sys

from .escapes import ascii_escaped
from .q.output.display import console
from .q.access import Access
from .q.errors import QError, Stop
from .q.guard import internal
from .q.interp import Interp
from .q.output.report import error_lines
from .q.system.commands import run_command
from .q.syntax.parser import PARSER_WORDS
from .q.system.script import read_text, run_script
from .q.values import IDENTITY


# Python errors that mean a bug of ours (the q layer raises only QError): the session
# reports them as 'internal instead of ending with a traceback.
INTERNAL = (ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
            AssertionError, NotImplementedError, RuntimeError, NameError, OSError,
            ImportError)

# Modules with `install(session)`: the MNIST helpers and the k-api bind themselves here.
# Interrupts: Ctrl-C while code runs calls Session.interrupt(); the interpreter stops at
# its next safe point (loops, lambda calls) with 'stop. Long-running native code (a
# training loop over batches) must call `session.interp.check_stop()` at each batch
# boundary so that Ctrl-C stops it there, leaving models and optimizers usable.
EXTENSIONS = ("mnistrepl.mnist.qbind", "mnistrepl.ktorch.bind")


class HostWriteError(Exception):
    """Output could not be written (stdout closed, disk full): not an OSError, so that no
    guard mistakes it for a q or internal error; the front end ends the process."""

    def __init__(self, cause):
        super().__init__(str(cause))
        self.cause = cause


class StreamHost:
    """Host over two text streams; `ascii` writes any non-7-bit character as an escape (`\\xe9`);
    `access` is the session's policy for files and OS commands (q/access.py)."""

    def __init__(self, out=None, err=None, ascii=False, access=None):
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.ascii = ascii
        self.access = access or Access()
        self.tap = None     # fn(fd, text) that takes the output instead (the live screen)

    def write(self, fd, text):
        if self.ascii:
            text = ascii_escaped(text)
        if self.tap is not None:
            self.tap(fd, text)
        else:
            self.emit(fd, text)

    def emit(self, fd, text):
        """Write to the streams themselves (the tap passes text on through here)."""
        stream = self.err if fd == 2 else self.out
        try:
            stream.write(text)
            stream.flush()
        except OSError as e:
            raise HostWriteError(e) from None
        except (ValueError, AttributeError):      # a closed stream, or none at all
            raise HostWriteError(OSError(9, "Bad file descriptor")) from None

    def write_line(self, fd, text):
        self.write(fd, text + "\n")


class Session:
    """A q session: eval lines, report errors, keep state across errors."""

    def __init__(self, host=None):
        self.host = host or StreamHost()
        self.interp = Interp(self.host)
        self.debug = 0            # suspended lambda levels: the prompt shows one ) each
        self.errors = 0           # errors so far (replay sets the exit status from it)
        self.options = {}         # command-line settings kept for the api (device, seed, data, out)
        for name in EXTENSIONS:   # bindings that add q functions (none imports torch here)
            importlib.import_module(name).install(self)

    @property
    def prompt(self):
        return "q)" + ")" * self.debug

    def exit_status(self, code=None):
        """The process exit status: `exit n` gives its n (code), otherwise (`\\\\`, end
        of input) 1 when any error occurred, else 0 (product.md §2)."""
        if isinstance(code, int):
            return code
        return 1 if self.errors else 0

    def interrupt(self):
        """Called from a signal handler: stop running code at its next safe point
        (native code polls it through `interp.check_stop()`)."""
        self.interp.request_stop()

    def events(self):
        """The api's event hub (ktorch/events.py): displays subscribe fn(kind, data)."""
        return self.api.events

    def completion_names(self):
        """Every name Tab may offer: globals, q keywords, the parser's words, api functions.

        >>> "til" in Session().completion_names()
        True
        """
        i = self.interp
        return set(i.globals) | set(i.keywords) | set(i.natives) | PARSER_WORDS

    def execute(self, line):
        """Run one input line and print what q prints. Returns False on an error.
        Only SystemExit (`\\\\`, `exit n`) leaves; its code is None for `\\\\`."""
        return self._guarded(self._run, line, line)

    def _guarded(self, fn, arg, line):
        """fn(arg), reporting any q error against `line`; True when none occurred."""
        self.interp.stop_requested = False
        try:
            fn(arg)
            return True
        except Stop as e:
            self._report(e, line)
        except QError as e:
            self._report(e, line)
            if e.lam is not None or self.debug:   # an error at a debug prompt nests
                self.debug += 1
        except RecursionError:
            self._report(QError("stack"), line)
        except MemoryError:
            self._report(QError("wsfull"), line)
        except KeyboardInterrupt:
            self._report(Stop(), line)
        except INTERNAL as e:     # a bug in the interpreter: report it, keep the session
            self._report(internal(e), line)
        return False

    def _run(self, line):
        stripped = line.strip()
        if not stripped or line.startswith("/"):
            return
        if line.startswith("\\"):
            self._system(line[1:])
            return
        value, show = self.interp.eval_text(line)
        if show:
            self.show(value)

    def _system(self, cmd):
        cmd = cmd.strip()
        if cmd == "\\":
            raise SystemExit(None)    # the front end picks the status (1 after errors)
        if cmd == "":
            if self.debug:
                self.debug -= 1
            return
        value = run_command(self.interp, cmd)
        if value is not IDENTITY:
            self.show(value)

    def show(self, value):
        i = self.interp
        for line in console(value, i.rows, i.cols, i.precision):
            self.host.write(1, line + "\n")

    def _report(self, e, line):
        self.errors += 1
        for text in error_lines(self.interp, e, line):
            self.host.write(1, text + "\n")

    def set_script(self, path, args=()):
        """`.z.f` and `.z.x` for a script named on the command line (q-subset.md §11.2):
        `mnistrepl a.q 1 x` gives .z.f `` `a.q `` and .z.x ("1";,"x")."""
        from .q.values import List, string, sym
        self.interp.globals[".z.f"] = sym(path)
        self.interp.globals[".z.x"] = List([string(a) for a in args])

    def load(self, path):
        """Load a script like `q FILE`: stops at the first error, reported with file:line.
        Returns success."""
        try:
            text = read_text(path, self.host.access)
        except QError as e:         # no such file: the error line alone (no source frame)
            self.errors += 1
            self.host.write(1, "'" + e.name + "\n")
            return False
        return self._guarded(lambda p: run_script(self.interp, text, p), path, "")
