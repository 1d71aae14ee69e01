"""Loading q scripts (q-subset.md §2.1, §11.2): lines joined into statements (a line that
starts with a blank or tab continues the previous one), block comments between lone `/` and
`\\` lines, a lone `\\` ending the file, values echoed in compact form, and an error
stopping the load with the file name and line in its report:

    'type
      [0]  s.q:3: b:a+`x
                     ^
"""
from ..access import UNRESTRICTED, access_of
from ..errors import QError
from ..output.display import compact
from .commands import run_command
from ..values import IDENTITY, sym


def statements(text):
    """(line number, statement text) pairs of a script.

    >>> statements("a:1\\nf:{\\n  x}\\n/ note\\n\\\\\\nb:2")
    [(1, 'a:1'), (2, 'f:{\\n  x}')]
    """
    out = []
    in_block = False
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        stripped = line.rstrip()
        if in_block:
            if stripped == "\\":
                in_block = False
            continue
        if stripped == "/":
            in_block = True
            continue
        if stripped == "\\":
            break
        if not stripped or line.startswith("/"):
            continue
        if line[0] in " \t":
            if out:
                ln, prev = out[-1]
                out[-1] = (ln, prev + "\n" + line)
            elif line.strip().startswith("/"):
                continue
            else:
                out.append((n, line))
            continue
        out.append((n, line))
    return out


def read_text(path, access=UNRESTRICTED):
    """The text of a script file (bytes that are not UTF-8 kept as surrogates): a regular
    file of bounded size that the access policy lets the session read."""
    return access.read_text(path)


def load(interp, path):
    """`\\l path`: run a script file; errors carry file and line.

    Typed at the prompt (no script running), `\\l` sets `.z.f` to the file while it
    loads, so a command file finds its neighbours as when named on the command line;
    `.z.f` is restored afterwards (empty at the prompt, as in q). Nested loads keep
    the outer script's `.z.f`, as q does."""
    path = path.strip()
    if not path:
        raise QError("type")
    text = read_text(path, access_of(interp))
    if interp.loading:
        return run_script(interp, text, path)
    saved = interp.globals.get(".z.f", sym(""))
    interp.globals[".z.f"] = sym(path)
    try:
        run_script(interp, text, path)
    finally:
        interp.globals[".z.f"] = saved


def run_script(interp, text, path):
    """Run each statement of a script at top level, echoing values like `0N!`."""
    interp.loading += 1
    try:
        for line_no, stmt in statements(text):
            try:
                _run_statement(interp, stmt)
            except QError as e:
                if getattr(e, "script", None) is None:
                    e.script = (path, line_no, stmt)
                raise
    finally:
        interp.loading -= 1


def _run_statement(interp, stmt):
    if stmt.startswith("\\"):
        value = run_command(interp, stmt[1:])     # \t and \ts print their figures (seed)
        show = value is not IDENTITY
    else:
        value, show = interp.eval_text(stmt)
    if show:
        interp.host.write(1, compact(value, interp.precision, interp.cols) + "\n")
