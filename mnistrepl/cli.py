"""Command line: parse options, build a Session, pick the front end, set the exit status."""
import argparse
import os
import sys

from . import __version__


def parse_args(argv):
    p = argparse.ArgumentParser(prog="mnistrepl", description="ktorch's MNIST q session on PyTorch")
    p.add_argument("file", nargs="?", help="q script to load first (like `q FILE.q`)")
    p.add_argument("args", nargs=argparse.REMAINDER, help="script arguments, in .z.x")
    p.add_argument("--plain", action="store_true", help="no full-screen display, plain lines")
    p.add_argument("--ascii", action="store_true", help="7-bit output only")
    p.add_argument("--echo", action="store_true", help="print q) and each input line before its result")
    p.add_argument("-q", dest="quiet", action="store_true", help="no banner")
    p.add_argument("-c", nargs=2, type=int, metavar=("ROWS", "COLS"), help="console size, like \\c")
    p.add_argument("--version", action="version", version=f"mnistrepl {__version__}")
    return p.parse_args(argv)


def main(argv=None):
    opts = parse_args(sys.argv[1:] if argv is None else argv)
    from .session import Session, StreamHost
    session = Session(StreamHost(ascii=opts.ascii))
    if opts.c:
        session.interp.rows, session.interp.cols = opts.c
    from .ui.replay import replay
    ok = True
    if opts.file:
        ok = session.load(opts.file)
        if not sys.stdin.isatty():
            return 0 if ok else 1
    return replay(session, sys.stdin, echo=opts.echo)
