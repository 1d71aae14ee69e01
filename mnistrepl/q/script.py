"""Loading q scripts: lines joined into statements (indented lines continue the previous
one), comment blocks, a lone backslash ending the file (q-subset.md §2.1, §11.2)."""
from .errors import QError


def statements(text):
    """(line number, statement text) pairs of a script."""
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
        if line[0] in " \t" and out:
            ln, prev = out[-1]
            out[-1] = (ln, prev + "\n" + line)
            continue
        out.append((n, line))
    return out


def load(interp, path):
    """Run a script file through the host; errors carry file and line."""
    text = interp.host.read_text(path)
    run_script(interp, text, path)


def run_script(interp, text, path):
    from .display import compact
    for line_no, stmt in statements(text):
        try:
            if stmt.startswith("\\"):
                from .system import run_command
                run_command(interp, stmt[1:])
                continue
            value, show = interp.eval_text(stmt)
        except QError as e:
            if getattr(e, "script", None) is None:
                e.script = (path, line_no, stmt)
            raise
        if show:
            interp.host.write(1, compact(value, interp.precision, interp.cols) + "\n")
