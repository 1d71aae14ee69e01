"""Command line: parse options, build a Session, pick the front end, set the exit status.

    mnistrepl [OPTIONS] [FILE.q [ARGS...]]

Everything after the script name is the script's own arguments (`.z.x`), as with q.
Nothing here imports torch, prompt_toolkit or textual: `echo 1+1 | mnistrepl -q` starts fast.
"""
import argparse
import io
import os
import platform
import sys

from . import __version__
from .escapes import ERRORS as ESCAPES
from .mnist.qbind import PROJECT_DATA
from .q.access import Access
from .q.workspace import WORKSPACE
from .session import HostWriteError

RELEASE_DATE = "2026.11.23"
# options that take values: how many (the script name is the first other word)
VALUED = {"-c": 2, "--device": 1, "--seed": 1, "--data": 1, "--out": 1, "-w": 1}
MAX_SEED = 2**63 - 1


def build_parser():
    p = argparse.ArgumentParser(
        prog="mnistrepl", usage="mnistrepl [OPTIONS] [FILE.q [ARGS...]]",
        description="ktorch's MNIST q session on PyTorch. With no FILE and stdin not a "
                    "terminal, q lines are read from stdin and their results printed.")
    p.add_argument("--plain", action="store_true", help="no full-screen display, plain lines")
    p.add_argument("--ascii", action="store_true", help="7-bit output only")
    p.add_argument("--echo", action="store_true",
                   help="print the prompt and each input line before its result")
    p.add_argument("-q", dest="quiet", action="store_true", help="no banner")
    p.add_argument("-c", nargs=2, type=int, metavar=("ROWS", "COLS"),
                   help="console size, like \\c")
    p.add_argument("--device", choices=("cpu", "cuda"), help="torch device (default: cpu)")
    p.add_argument("--seed", type=int, metavar="N", help="random seed")
    p.add_argument("--amp", action="store_true",
                   help="mixed precision in run/testrun: float16 on a GPU, bfloat16 on the CPU")
    p.add_argument("--channels-last", dest="channelslast", action=argparse.BooleanOptionalAction,
                   help="conv weights channels-last in run/testrun (default: on the CPU)")
    p.add_argument("--pin", action="store_true",
                   help="model data in pinned host memory, each batch copied to the GPU "
                        "(default: all data on the model's device)")
    p.add_argument("--data", metavar="DIR", help="MNIST data directory")
    p.add_argument("--out", metavar="DIR", help="directory for images and logs")
    p.add_argument("-w", dest="workspace", type=int, metavar="MB",
                   help="workspace limit in MB: past it an allocation is 'wsfull "
                        "(default: half of physical memory)")
    p.add_argument("--restricted", action="store_true",
                   help="for shared servers: no OS commands, reads only under data/, --data "
                        "and ., writes only under --out")
    p.add_argument("--version", action="version", version=f"mnistrepl {__version__}")
    return p


def split_argv(argv):
    """(options, script, script args): the first word that is not an option or an
    option's value is the script; all words after it belong to the script."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return argv[:i], (argv[i + 1] if i + 1 < len(argv) else None), argv[i + 2:]
        if not word.startswith("-") or word == "-":
            return argv[:i], word, argv[i + 1:]
        i += 1 + (VALUED.get(word, 0) if "=" not in word else 0)
    return argv, None, []


def parse_args(argv):
    """Namespace of the options plus `file` and `args` (the script and its arguments)."""
    opts, file, args = split_argv(list(argv))
    parser = build_parser()
    ns = parser.parse_args(opts)
    ns.file, ns.args = file, args
    problem = check_options(ns)
    if problem:
        parser.error(problem)
    return ns


def check_options(ns):
    """What is wrong with the options, checked before anything runs (None when all is well):
    a seed torch and NumPy both accept, a positive workspace, an --out directory we can write."""
    if ns.seed is not None and not 0 <= ns.seed <= MAX_SEED:
        return f"--seed {ns.seed}: expecting 0 to {MAX_SEED}"
    if ns.workspace is not None and ns.workspace <= 0:
        return f"-w {ns.workspace}: expecting a positive number of MB"
    if ns.out is not None:
        return out_problem(ns.out)
    return None


def out_problem(out):
    """Why --out cannot take the run's images and logs (None when it can; it is created)."""
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        return f"--out {out}: {e.strerror}"
    if not os.access(out, os.W_OK | os.X_OK):
        return f"--out {out}: not writable"
    return None


def machine_line():
    """q's second banner line: `l64/ 2 core 23GB`."""
    osname = {"linux": "l", "darwin": "m", "win32": "w"}.get(sys.platform, "l")
    arch = "arm" if platform.machine().lower() in ("arm64", "aarch64") else ""
    cores = os.cpu_count() or 1
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
        memtext = f" {mem}GB"
    except (ValueError, OSError, AttributeError):
        memtext = ""
    return f"{osname}64{arch}/ {cores} core{memtext}"


def torch_version():
    """torch's version from its installed metadata (cheap: torch is not imported)."""
    from importlib import metadata
    try:
        return metadata.version("torch")
    except metadata.PackageNotFoundError:
        return None


def banner(opts):
    """`mnistrepl 0.1 2026.11.23 torch 2.13.0 cpu` / `l64/ 2 core 23GB`."""
    tv = torch_version()
    torch_part = f" torch {tv} {opts.device or 'cpu'}" if tv else " (torch not installed)"
    return f"mnistrepl {__version__} {RELEASE_DATE}{torch_part}\n{machine_line()}\n"


def make_session(opts):
    """A Session wired to stdout/stderr with the command line's settings applied."""
    from .session import Session, StreamHost
    session = Session(StreamHost(ascii=opts.ascii, access=make_access(opts)))
    if opts.workspace:
        WORKSPACE.limit = opts.workspace * 2**20
    session.options.update(device=opts.device, seed=opts.seed, data=opts.data, out=opts.out,
                           plain=opts.plain, ascii=opts.ascii, amp=opts.amp,
                           channelslast=opts.channelslast, pin=opts.pin)
    if opts.c:
        session.interp.rows = min(max(opts.c[0], 10), 2000)
        session.interp.cols = min(max(opts.c[1], 10), 2000)
    if opts.seed is not None:
        import numpy as np
        session.interp.rng = np.random.default_rng(opts.seed)
    return session


def make_access(opts):
    """The session's policy for files and OS commands (--restricted)."""
    if not opts.restricted:
        return Access()
    out = opts.out or os.environ.get("MNISTREPL_OUT") or "out"
    reads = [PROJECT_DATA, os.getcwd()] + ([opts.data] if opts.data else [])
    return Access(restricted=True, read_roots=reads, write_roots=[out])


def live_screen():
    """The Textual app class of the live screen (Textual is imported when a screen opens)."""
    from .ui.screen.app import LiveScreen
    return LiveScreen


def run(opts, stdin):
    """Run the session the options ask for; the process exit status."""
    session = make_session(opts)
    if not opts.quiet:
        session.host.write(1, banner(opts))
    from .ui.replay import replay
    from .ui.screen import evaluator
    evaluate = evaluator(session, opts, stdin, live_screen)   # the live screen: terminals only
    if opts.file:
        session.set_script(opts.file, opts.args)
        try:
            ok = evaluate(lambda: session.load(opts.file))
        except SystemExit as e:
            return session.exit_status(e.code)
        if not stdin.isatty():
            return 0 if ok else 1
    if is_terminal(stdin):
        from .ui.repl import interactive      # prompt_toolkit: only on a terminal
        return interactive(session, opts, evaluate)
    return replay(session, stdin, echo=opts.echo, prompt=stdin.isatty())


def is_terminal(stdin):
    """Whether the prompt_toolkit front end runs: stdin is the process's terminal and
    stdout one too (output to a pipe or file gets the bare `q)` prompt instead)."""
    return stdin is sys.stdin and stdin.isatty() and sys.stdout.isatty()


def main(argv=None, stdin=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    lenient_stdio()
    if stdin is None and sys.stdin is None and not opts.file:
        return stdio_failure("read", "Bad file descriptor")
    try:
        return run(opts, stdin or sys.stdin or io.StringIO())
    except KeyboardInterrupt:
        return 130
    except HostWriteError as e:
        if isinstance(e.cause, BrokenPipeError):    # the reader went away: no message
            return quiet_stdout(1)
        return stdio_failure("write", e.cause.strerror or str(e.cause))


def lenient_stdio():
    """stdin read as UTF-8 whatever the locale, undecodable bytes kept (surrogates);
    going out, those bytes as they came, and what the locale cannot encode as escapes
    (LANG=C, PYTHONIOENCODING=ascii): escapes.py."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, ESCAPES),
                           (sys.stderr, ESCAPES)):
        if isinstance(stream, io.TextIOWrapper):
            kw = {"encoding": "utf-8"} if stream is sys.stdin else {}
            stream.reconfigure(errors=errors, **kw)


def stdio_failure(what, reason):
    """`mnistrepl: write error: No space left on device` on stderr (if it can be written);
    status 1."""
    try:
        os.write(2, f"mnistrepl: {what} error: {reason}\n".encode())
    except OSError:
        pass
    return quiet_stdout(1)


def quiet_stdout(status):
    """Point fd 1 at /dev/null so that Python's final flush of stdout cannot fail again
    (only when the failing stream is the process's own stdout, not a caller's capture)."""
    if sys.stdout is not sys.__stdout__:
        return status
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
    return status
