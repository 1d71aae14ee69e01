"""The console formatter (q-subset.md §12): console form (multi-line, cut to \\c) and
compact form (one line, as 0N! writes). Pure: returns text, never prints."""
import numpy as np

from .. import temporal
from .kforms import keyword_text
from ..functions import Builtin, Composition, Derived, Iterator, Lambda, Prim, Projection
from ..values import (B, X, H, I, J, E, F, C, S, P, M, D, N, U, V, T, Z, NULL_INT, INF_INT,
                     FLOATING, HOLE, IDENTITY, TYPE_NAMES, Atom, Dict, List, Table, Vec,
                     count, items)

SUFFIX = {B: "b", H: "h", I: "i", J: "", E: "e", F: "", P: "", M: "m", D: "", N: "", U: "", V: "", T: ""}
ESCAPES = {10: "\\n", 13: "\\r", 9: "\\t", 34: '\\"', 92: "\\\\"}


# ---------------------------------------------------------------- numbers

def float_text(v, precision=7):
    """C's %.Pg: the text q prints for a float or real (without any suffix)."""
    v = float(v)
    if np.isnan(v):
        return "0n"
    if np.isinf(v):
        return "0w" if v > 0 else "-0w"
    p = precision if precision > 0 else 17
    return "%.*g" % (p, v)          # Python's %g follows C printf exactly


def _looks_integral(s):
    return not any(c in s for c in ".enw")


def int_text(t, v):
    v = int(v)
    if t in NULL_INT:
        if v == NULL_INT[t]:
            return "0N"
        if v == INF_INT[t]:
            return "0W"
        if v == -INF_INT[t]:
            return "-0W"
    return str(v)


def char_text(codes):
    """Chars inside quotes as q shows them: escapes, and octal for control codes and for
    every byte past 7-bit ASCII, so a UTF-8 "é" (2 bytes) is "\\303\\251"
    (code.kx.com/q/kb/unicode: "the q console displays the text entries as their octal
    character numbers"; -1 writes the bytes themselves)."""
    out = []
    for c in codes:
        c = int(c)
        if c in ESCAPES:
            out.append(ESCAPES[c])
        elif 32 <= c < 127:
            out.append(chr(c))
        else:
            out.append("\\%03o" % c)
    return "".join(out)


def bytewidth(s):
    """A cell's width as q counts it, in bytes: a symbol's UTF-8 text is wider than its
    characters (code.kx.com/q/kb/unicode's table of Chinese names)."""
    return len(s) if s.isascii() else len(s.encode("utf-8", "surrogateescape"))


def pad(s, w):
    return s + " " * (w - bytewidth(s))


# ---------------------------------------------------------------- atoms

def atom_text(x, precision=7):
    """Atom in console/compact form: `2.5`, `3f`, `12h`, `` `abc ``, `"a"`."""
    t = -x.t
    v = x.v
    if t == B:
        return ("1" if v else "0") + "b"
    if t == X:
        return "0x%02x" % int(v)
    if t in (H, I, J):
        s = int_text(t, v)
        if t == H and s.endswith("0W"):          # no short infinity token (§12.1 flag)
            s = s.replace("0W", str(INF_INT[H]))
        return s + SUFFIX[t]
    if t in FLOATING:
        s = float_text(v, precision)
        if t == E:
            return ("0N" if s == "0n" else s) + "e"
        return s + "f" if _looks_integral(s) else s
    if t == C:
        return '"' + char_text([int(v)]) + '"'
    if t == S:
        return "`" + v
    if t in (P, M, D, Z, N, U, V, T):
        s = temporal.format(t, v)
        return s + ("m" if t == M and not s.startswith(("0N", "0W", "-0W")) else "")
    return str(v)


def bare(t, v, precision=7):
    """A vector item as a table/dict/matrix cell: no suffix, nulls empty."""
    if t == B:
        return "1" if v else "0"
    if t == X:
        return "%02x" % int(v)
    if t in (H, I, J):
        s = int_text(t, v)
        return "" if s == "0N" else s
    if t in FLOATING:
        s = float_text(v, precision)
        return "" if s == "0n" else s
    if t == C:
        return chr(int(v)) if int(v) < 128 else bytes([int(v)]).decode("latin-1")
    if t == S:
        return v
    if t in (P, M, D, Z, N, U, V, T):
        s = temporal.format(t, v)
        return "" if s.startswith("0N") else s
    return str(v)


# ---------------------------------------------------------------- vectors

def vec_text(x, precision=7, limit=None):
    """Simple vector in compact form: `1 2 3`, `1 2 3h`, `` `a`b ``, `"abc"`, `,7`.
    With a limit, only enough items to exceed `limit` characters are formatted (the text
    is then cut anyway), so huge vectors display fast."""
    t, a = x.t, x.a
    n = len(a)
    if limit is not None:      # items shown at most: chars and booleans take 1 column each
        keep = limit + 2 if t in (C, B) else limit // 2 + 2
        a = a[:keep]
    if n == 0:
        return '""' if t == C else "`" + TYPE_NAMES[t] + "$()"
    if t == C:
        return ("," if n == 1 else "") + '"' + char_text(a) + '"'
    if n == 1:
        return "," + atom_text(Atom(-t, a[0]), precision)
    if t == B:
        return "".join("1" if v else "0" for v in a) + "b"
    if t == X:
        return "0x" + "".join("%02x" % int(v) for v in a)
    if t == S:
        return "".join("`" + s for s in a)
    if t in (H, I, J):
        return " ".join(int_text(t, v) for v in a.tolist()) + SUFFIX[t]
    if t == F:
        parts = [float_text(v, precision) for v in a.tolist()]
        return " ".join(parts) + ("f" if all(_looks_integral(p) for p in parts) else "")
    if t == E:
        return " ".join("0N" if np.isnan(v) else float_text(v, precision) for v in a.tolist()) + "e"
    return _temporal_vec(t, a)


def _temporal_vec(t, a):
    """`2024.05.01 2024.05.02`, `2024.01 0Nm`, `2024.05.01 0N`, `0N 0Nd`."""
    texts = [temporal.format(t, v) for v in a.tolist()]
    special = [s.startswith(("0N", "0W", "-0W", "0w", "-0w")) for s in texts]
    texts = [s[:-1] if sp else s for s, sp in zip(texts, special)]
    letter = "pmdznuvt"[[P, M, D, Z, N, U, V, T].index(t)]
    return " ".join(texts) + (letter if t == M or all(special) else "")


# ---------------------------------------------------------------- compact form

def compact(x, precision=7, width=None):
    """One-line source-like form (0N!, items of general lists, script echo)."""
    s = _compact(x, precision, width)
    if width is not None and len(s) > width - 1:
        s = s[:width - 3] + ".."
    return s


def _compact(x, p, lim=None):
    """Compact text; lim (a width) lets long lists be formatted only as far as shown."""
    if isinstance(x, Atom):
        return atom_text(x, p)
    if isinstance(x, Vec):
        s = vec_text(x, p, lim)
        return ("`" + x.attr + "#" + s) if x.attr else s
    if isinstance(x, List):
        if not x.items:
            return "()"
        if len(x.items) == 1:
            return "," + _item(x.items[0], p, lim)
        its = x.items if lim is None else x.items[:lim // 2 + 2]
        return "(" + ";".join(_item(i, p, lim) for i in its) + ")"
    if isinstance(x, Dict):
        if isinstance(x.k, Table):
            return "(" + _compact(x.k, p) + ")!" + _compact(x.v, p)
        k = _compact(x.k, p)
        if k.startswith(","):
            k = "(" + k + ")"
        return k + "!" + _compact(x.v, p)
    if isinstance(x, Table):
        return "+" + _compact(Dict(Vec(S, np.array(x.names, dtype=object)), List(list(x.cols))), p)
    return fn_text(x, p)


def _item(x, p, lim=None):
    """Compact form of an item inside a list, dictionary or table column. q shows an
    item's attribute too (`asc each` gives `` `s#,3 `` and `` `s#2 4 5 8 `` lines,
    code.kx.com/phrases/sublists); only a matrix's rows, shown as bare cells, lose it."""
    return _compact(x, p, lim)


def fn_text(x, p=7):
    if x is IDENTITY:
        return "::"
    if isinstance(x, Lambda):
        return x.src
    if isinstance(x, Prim):
        return x.glyph
    if isinstance(x, Builtin):
        return "code" if x.t == 112 else keyword_text(x.name)   # loaded (C) functions: code
    if isinstance(x, Projection):
        args = x.args[:x.shown]
        inner = ";".join("" if a is HOLE else _compact(a, p) for a in args)
        return fn_text(x.fn, p) + "[" + inner + "]"
    if isinstance(x, Derived):
        return fn_text(x.fn, p) + x.adverb
    if isinstance(x, Iterator):
        return x.adverb
    if isinstance(x, Composition):
        return "'[" + ";".join(fn_text(f, p) for f in x.fns) + "]"
    if isinstance(x, (Atom, Vec, List, Dict, Table)):
        return _compact(x, p)
    return repr(x)


# ---------------------------------------------------------------- console form

def console(x, rows=25, cols=80, precision=7):
    """Console form as a list of lines, cut to the console size (q-subset.md §12.10).
    Only the first `rows` items are formatted: later ones are never shown."""
    lines = lines_of(_head(x, rows), precision, cols)
    if len(lines) > rows - 2:
        lines = lines[:rows - 3] + [".."]
    return [cut(line, cols) for line in lines]


def cut(line, cols):
    """A line longer than cols-1 bytes, cut to cols-3 bytes and `..` (q counts bytes; the
    cut falls before a character it would split)."""
    if bytewidth(line) > cols - 1:
        return _head_bytes(line, cols - 3) + ".."
    return line


def _head_bytes(s, n):
    if s.isascii():
        return s[:n]
    used = 0
    for k, ch in enumerate(s):
        used += bytewidth(ch)
        if used > n:
            return s[:k]
    return s


def _head(x, n):
    """The first n items of a list, dictionary or table (other values unchanged)."""
    if isinstance(x, List) and len(x.items) > n:
        return List(x.items[:n])
    if isinstance(x, Table) and count(x) > n:
        return Table(x.names, [_head_col(c, n) for c in x.cols])
    if isinstance(x, Dict) and count(x.k) > n:
        return Dict(_head(x.k, n) if isinstance(x.k, Table) else _head_col(x.k, n),
                    _head(x.v, n) if isinstance(x.v, Table) else _head_col(x.v, n))
    return x


def _head_col(c, n):
    if isinstance(c, Vec):
        return Vec(c.t, c.a[:n])
    if isinstance(c, List):
        return List(c.items[:n])
    return c


def lines_of(x, p=7, cols=None):
    """Console form as uncut lines (cols, when given, bounds how much of a long row is
    formatted)."""
    if isinstance(x, (Atom, Vec)):
        return [_compact(x, p, cols)]
    if isinstance(x, List):
        if not x.items:
            return []
        if len(x.items) == 1 and isinstance(x.items[0], Atom):   # an api pointer: ,94571232
            return ["," + _compact(x.items[0], p, cols)]
        grid = _matrix(x, p, cols)
        if grid is not None:
            return _align(grid)
        return [_item(i, p, cols) for i in x.items]
    if isinstance(x, Dict):
        return _dict_lines(x, p, cols)
    if isinstance(x, Table):
        return _table_lines(x, p)
    return [fn_text(x, p)]


def _cells(item, p, cols=None):
    """Cells of one matrix row: bare forms for a vector, compact forms for a list.
    With cols, only the cells that can be seen (each is at least 2 wide) are made."""
    n = None if cols is None else cols // 2 + 2
    if isinstance(item, Vec):
        a = item.a[:n]
        return [bare(item.t, v, p) for v in a.tolist()] if item.t != S else list(a)
    return [_cell(i, p, cols) for i in item.items[:n]]


def _cell(x, p, cols=None):
    """Compact form of one item of a general matrix row or table column: a char atom
    shows as a one-char string, `,"c"` (q-subset.md §12.5, §12.8 examples)."""
    if isinstance(x, Atom) and x.t == -C:
        return "," + atom_text(x, p)
    return _item(x, p, cols)


def _matrix(x, p, cols=None):
    its = x.items
    if not all(isinstance(i, (Vec, List)) for i in its):
        return None
    n = count(its[0])
    if n < 1 or any(count(i) != n for i in its):
        return None
    if all(isinstance(i, Vec) and i.t in (C, B, X) and i.t == its[0].t for i in its):
        return None
    return [_cells(i, p, cols) for i in its]


def _align(grid):
    widths = [max(bytewidth(r[j]) for r in grid) for j in range(len(grid[0]))]
    return [" ".join(pad(c, w) for c, w in zip(r, widths)) for r in grid]


def _dict_lines(x, p, cols=None):
    if isinstance(x.k, Table):
        kl = _table_lines(x.k, p)
        if isinstance(x.v, Table):
            vl = _table_lines(x.v, p)
        else:                                  # `group` of a table: rows -> index lists
            cells = _value_cells(x.v, p, cols)
            vl = ["", "-" * max(map(len, cells), default=0)] + cells
        return [a + "| " + b for a, b in zip(_pad(kl), vl)]
    if count(x.k) == 0:
        return []
    keys = ([bare(x.k.t, v, p) for v in x.k.a.tolist()] if isinstance(x.k, Vec) and x.k.t != S
            else list(x.k.a) if isinstance(x.k, Vec) else [_compact(k, p) for k in x.k.items])
    kw = max(bytewidth(k) for k in keys)
    if isinstance(x.v, Table):                 # header lines with a blank key column
        tl = _table_lines(x.v, p)
        keys = [" " * kw, "-" * kw] + keys
        return [pad(k, kw) + "| " + v for k, v in zip(keys, tl)]
    vals = _value_cells(x.v, p, cols)
    return [pad(k, kw) + "| " + v for k, v in zip(keys, vals)]


def _value_cells(v, p, cols=None):
    if isinstance(v, Vec):
        return [bare(v.t, a, p) for a in v.a.tolist()] if v.t != S else list(v.a)
    if isinstance(v, Table):
        return _table_lines(v, p)[2:]
    its = v.items
    grid = _matrix(v, p, cols) if its else None
    if grid is not None:
        return _align(grid)
    return [_item(i, p, cols) for i in its]


def _pad(lines):
    w = max(bytewidth(s) for s in lines)
    return [pad(s, w) for s in lines]


def _column_cells(c, p):
    if isinstance(c, Vec):
        return [bare(c.t, v, p) for v in c.a.tolist()] if c.t != S else list(c.a)
    return [_cell(i, p) for i in items(c)]       # a table column: its rows (dicts)


def _table_lines(t, p):
    cols = [_column_cells(c, p) for c in t.cols]
    widths = [max([bytewidth(n)] + [bytewidth(s) for s in cs]) for n, cs in zip(t.names, cols)]
    header = " ".join(pad(n, w) for n, w in zip(t.names, widths))
    total = sum(widths) + len(widths) - 1
    out = [header, "-" * total]
    for r in range(count(t)):
        out.append(" ".join(pad(cs[r], w) for cs, w in zip(cols, widths)))
    return out
