"""Command line: parse options, build a Session, pick the front end, set the exit status.

    mnistrepl [OPTIONS] [FILE.q [ARGS...]]

Everything after the script name is the script's own arguments (`.z.x`), as with q.
Nothing here imports torch, prompt_toolkit or textual: `echo 1+1 | mnistrepl -q` starts fast.
"""
import argparse
import os
import platform
import sys

from . import __version__

RELEASE_DATE = "2026.11.23"
# options that take values: how many (the script name is the first other word)
VALUED = {"-c": 2, "--device": 1, "--seed": 1, "--data": 1, "--out": 1}


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
    p.add_argument("--data", metavar="DIR", help="MNIST data directory")
    p.add_argument("--out", metavar="DIR", help="directory for images and logs")
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
    ns = build_parser().parse_args(opts)
    ns.file, ns.args = file, args
    return ns


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
    session = Session(StreamHost(ascii=opts.ascii))
    session.options.update(device=opts.device, seed=opts.seed, data=opts.data, out=opts.out,
                           plain=opts.plain, ascii=opts.ascii)
    if opts.c:
        session.interp.rows = min(max(opts.c[0], 10), 2000)
        session.interp.cols = min(max(opts.c[1], 10), 2000)
    if opts.seed is not None:
        import numpy as np
        session.interp.rng = np.random.default_rng(opts.seed)
    return session


def run(opts, stdin):
    """Run the session the options ask for; the process exit status."""
    session = make_session(opts)
    if not opts.quiet:
        session.host.write(1, banner(opts))
    from .ui.replay import replay
    from .ui.screen import evaluator
    evaluate = evaluator(session, opts, stdin)     # the live screen, on a terminal only
    if opts.file:
        session.set_script(opts.file, opts.args)
        try:
            ok = evaluate(lambda: session.load(opts.file))
        except SystemExit as e:
            return exit_code(e, session)
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


def exit_code(e, session):
    """Status of a SystemExit: `exit n` gives n; `\\\\` gives 1 if an error occurred."""
    if isinstance(e.code, int):
        return e.code
    return 1 if session.errors else 0


def main(argv=None, stdin=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(opts, stdin or sys.stdin)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
