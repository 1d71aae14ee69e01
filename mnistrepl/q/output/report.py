"""The error block q prints at the console (q-subset.md §13.2-13.3):

    'type
      [0]  1+`a
            ^
"""
from ..functions import Lambda


def strip_comment(line):
    """The input line without a trailing ` /comment` and the blanks before it."""
    in_str = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            in_str = not in_str
        elif ch == "/" and not in_str and i > 0 and line[i - 1] in " \t":
            return line[:i].rstrip()
    return line.rstrip()


def global_name(interp, lam):
    """`f` for a global lambda f, `f@` for an anonymous lambda written inside f's
    source (the frame then reads `f@:{..}`), None otherwise."""
    for name, v in interp.globals.items():
        if v is lam:
            return name
    for name, v in interp.globals.items():
        if isinstance(v, Lambda) and v.node is not lam.node and _contains(v.node, lam.node):
            return name + "@"
    return None


def _contains(node, target):
    """Whether syntax tree `node` holds the node `target` (by identity)."""
    if node is target:
        return True
    if isinstance(node, tuple):
        return any(_contains(n, target) for n in node)
    fields = getattr(node, "__dataclass_fields__", None)
    if not fields:
        return False
    return any(_contains(getattr(node, f), target) for f in fields
               if f not in ("pos", "start", "src", "name", "value"))


def error_lines(interp, e, line):
    """Lines of the error block for QError e raised by top-level text `line`."""
    out = ["'" + e.name]
    script = getattr(e, "script", None)
    if e.lam is not None and e.unit is not None:
        name = global_name(interp, e.lam)
        prefix = (name + ":") if name else ""
        src, pos = e.unit.src, e.pos
        out += _frame(f"  [{e.depth}]  " + prefix, src, pos)
    elif script is not None:
        path, line_no, stmt = script
        pos = e.pos if e.pos is not None and e.unit is not None and e.unit.src == stmt else None
        out += _frame(f"  [0]  {path}:{line_no}: ", stmt, pos)
    elif line.startswith("\\"):
        out += _frame("  [0]  ", line.rstrip(), _command_pos(e, line))
    else:
        text = strip_comment(line)
        pos = e.pos
        if pos is None and e.sigpos is not None:
            pos = e.sigpos[0]
        if e.unit is not None and e.unit.src != line and e.lam is None:
            text, pos = strip_comment(e.unit.src), e.pos
        out += _frame("  [0]  ", text, pos)
    return out


def _command_pos(e, line):
    """Caret for a failing system command: inside its expression (`\\t 1+`a`) when
    the error is located there, else under the backslash."""
    if e.unit is not None and e.pos is not None and e.unit.src and e.unit.src in line:
        return line.index(e.unit.src) + e.pos
    return 0


def _frame(prefix, src, pos):
    lines = src.split("\n")
    if pos is None or pos < 0:
        return [prefix + lines[0]]
    start = 0
    for ln in lines:
        if pos <= start + len(ln):
            col = pos - start
            return [prefix + ln, " " * (len(prefix) + col) + "^"]
        start += len(ln) + 1
    return [prefix + lines[0]]
