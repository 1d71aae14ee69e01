"""q source text -> tokens with source offsets.

Whitespace matters in q, so each token records whether a blank came before it:
`/` after a blank starts a comment, `-` before a digit is a negative literal unless it
directly follows a noun, and `'` `/` `\\` directly after a token are iterators.
Numeric literals separated only by blanks are gathered into one vector token here.
"""
import re
from dataclasses import dataclass

import numpy as np

from . import temporal
from .errors import QError
from .values import (B, X, H, I, J, E, F, C, S, NULL_INT, INF_INT, DTYPES, Atom, Vec,
                     atom, string, vec)

NUM, STR, SYM, NAME, OP, ADV, PUNCT, NL = "num", "str", "sym", "name", "op", "adv", "punct", "nl"

OPERATORS = set("+-*%&|^=<>~!#_,$?@.:")
ASSIGNABLE = set("+-*%&|^=<>~!#_,$?@.")
SUFFIX_TYPE = {"h": H, "i": I, "j": J, "e": E, "f": F, "b": B}

_NUM_RX = re.compile(
    r"0x[0-9a-fA-F]*"                                   # bytes
    r"|[01]+b(?![\w.])"                                 # booleans
    r"|\d{4}\.\d{2}\.\d{2}D[\d:.]*"                     # timestamp
    r"|\d{4}\.\d{2}\.\d{2}|\d{4}\.\d{2}m"               # date, month
    r"|\d+D[\d:.]*"                                     # timespan
    r"|\d{2}:\d{2}(?::\d{2}(?:\.\d*)?)?"                # minute, second, time
    r"|0[NWnw][hijefcspmdznuvt]?"                       # nulls and infinities
    r"|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?[hijfeb]?")     # numbers
_NAME_RX = re.compile(r"[A-Za-z.][A-Za-z0-9_.]*")
_SYM_RX = re.compile(r"`[A-Za-z0-9._:/]*")
_NOUNISH = (NUM, STR, SYM, NAME)
_PLAIN_RX = re.compile(r"((?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([hijfeb]?)")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    space: bool          # a blank (or line start) precedes it
    value: object = None  # literal value for NUM/STR/SYM


class Lexer:
    """Turns one source text into a token list; holds no state between calls."""

    def tokens(self, src):
        out = []
        i, n = 0, len(src)
        space = True
        while i < n:
            c = src[i]
            if c in " \t\r":
                i += 1
                space = True
                continue
            if c == "\n":
                out.append(Token(NL, "\n", i, i + 1, space))
                i += 1
                space = True
                if i < n and src[i] == "/":        # comment line inside multi-line text
                    i = _line_end(src, i)
                continue
            if c == "/" and space:                  # comment to end of line
                i = _line_end(src, i)
                continue
            prev = out[-1] if out else None
            tok = self._one(src, i, space, prev)
            out.append(tok)
            i = tok.end
            space = False
        return out

    def _one(self, src, i, space, prev):
        c = src[i]
        adjacent = prev is not None and not space and prev.kind != NL
        if c == '"':
            return _string(src, i, space)
        if c == "`":
            return _symbols(src, i, space)
        if c in "'/\\" and adjacent and not (prev.kind == PUNCT and prev.text in "([{;"):
            two = src[i:i + 2]
            if two in ("':", "/:", "\\:"):
                return Token(ADV, two, i, i + 2, space)
            return Token(ADV, c, i, i + 1, space)
        if c.isdigit() or (c == "." and src[i + 1:i + 2].isdigit()):
            return _numbers(src, i, space, negative=False)
        if c == "-" and (src[i + 1:i + 2].isdigit() or (src[i + 1:i + 2] == "." and src[i + 2:i + 3].isdigit())):
            noun_left = adjacent and (prev.kind in _NOUNISH or prev.text in (")", "]", "}"))
            if not noun_left:
                return _numbers(src, i, space, negative=True)
        if c.isalpha() or (c == "." and src[i + 1:i + 2].isalpha()):
            m = _NAME_RX.match(src, i)
            name = m.group(0)
            if ".." in name or (name.endswith(".") and len(name) > 1):
                name = name.split("..")[0].rstrip(".") or name
            return Token(NAME, name, i, i + len(name), space)
        if c in "()[]{};":
            return Token(PUNCT, c, i, i + 1, space)
        if c == ":" and src[i + 1:i + 2] == ":":
            return Token(OP, "::", i, i + 2, space)
        if c in OPERATORS:
            two = src[i:i + 2]
            if two in ("<=", ">=", "<>"):
                return Token(OP, two, i, i + 2, space)
            if c in ASSIGNABLE and src[i + 1:i + 2] == ":" and src[i + 2:i + 3] != ":":
                return Token(OP, c + ":", i, i + 2, space)
            return Token(OP, c, i, i + 1, space)
        if c == "'":
            return Token(OP, "'", i, i + 1, space)
        if c == "\\":
            return Token(OP, "\\", i, i + 1, space)
        raise QError(c)


def _line_end(src, i):
    j = src.find("\n", i)
    return len(src) if j < 0 else j


def _string(src, i, space):
    j = i + 1
    buf = bytearray()
    n = len(src)
    while j < n and src[j] != '"':
        ch = src[j]
        if ch == "\\" and j + 1 < n:
            nx = src[j + 1]
            if nx in "01234567" and re.match(r"[0-7]{3}", src[j + 1:j + 4]):
                buf.append(int(src[j + 1:j + 4], 8) & 255)
                j += 4
                continue
            buf += {"n": b"\n", "t": b"\t", "r": b"\r", '"': b'"', "\\": b"\\"}.get(nx, nx.encode())
            j += 2
            continue
        buf += ch.encode("utf-8")
        j += 1
    if j >= n:
        raise QError('"')
    v = string(bytes(buf))
    if len(buf) == 1:
        v = Atom(-C, np.uint8(buf[0]))
    return Token(STR, src[i:j + 1], i, j + 1, space, v)


def _symbols(src, i, space):
    names, j = [], i
    while j < len(src) and src[j] == "`":
        m = _SYM_RX.match(src, j)
        names.append(m.group(0)[1:])
        j = m.end()
    v = atom(S, names[0]) if len(names) == 1 else vec(S, names)
    return Token(SYM, src[i:j], i, j, space, v)


def _numbers(src, i, space, negative):
    """Gather blank-separated numeric literals starting at i into one atom or vector."""
    lits, j, n = [], i, len(src)
    while True:
        neg = src[j] == "-"
        m = _NUM_RX.match(src, j + neg)
        if not m or m.end() == j + neg:
            raise QError(src[j])
        lits.append((neg, m.group(0)))
        j = m.end()
        k = j
        while k < n and src[k] in " \t":
            k += 1
        if k == j or k >= n:
            break
        nxt = src[k]
        if nxt.isdigit() or (nxt == "." and src[k + 1:k + 2].isdigit()):
            j = k
            continue
        if nxt == "-" and (src[k + 1:k + 2].isdigit() or (src[k + 1:k + 2] == "." and src[k + 2:k + 3].isdigit())):
            j = k
            continue
        break
    return Token(NUM, src[i:j], i, j, space, literal(lits))


def _classify(neg, text):
    """(type or None, python value or special marker, floatish) of one literal."""
    if text.startswith("0x"):
        return X, text[2:], False
    if text.endswith("b") and set(text[:-1]) <= {"0", "1"} and "." not in text:
        return B, text[:-1], False
    if text[0] == "0" and len(text) >= 2 and text[1] in "NWnw":
        kind = text[1]
        suffix = text[2:3]
        t = SUFFIX_TYPE.get(suffix) or _temporal_letter(suffix)
        if kind in "nw":
            t = t or F
        return t, ("-" if neg else "") + kind, kind in "nw"
    tp = temporal.parse(text)
    if tp is not None:
        return tp[0], -tp[1] if neg else tp[1], False
    m = _PLAIN_RX.fullmatch(text)
    if not m:
        raise QError(text)
    body, suffix = m.groups()
    floatish = "." in body or "e" in body
    val = float(body) if floatish else int(body)
    if neg:
        val = -val
    return SUFFIX_TYPE.get(suffix), val, floatish


def _temporal_letter(c):
    from .values import P, M, D, N, U, V, T
    return {"p": P, "m": M, "d": D, "n": N, "u": U, "v": V, "t": T, "c": C, "s": S}.get(c)


def literal(lits):
    """Value of one or more numeric literals (q's vector literal rules)."""
    parts = [_classify(neg, text) for neg, text in lits]
    if len(parts) == 1 and parts[0][0] in (B, X):
        t, digits, _ = parts[0]
        if t == B:
            bits = [d == "1" for d in digits]
            return atom(B, bits[0]) if len(bits) == 1 else vec(B, bits)
        if len(digits) <= 2:
            return atom(X, int(digits or "0", 16))
        if len(digits) % 2:
            digits = "0" + digits
        return vec(X, bytes.fromhex(digits))
    t = parts[-1][0]                        # a suffix on the last item types them all
    if t is None:
        typed = [p[0] for p in parts if p[0] is not None]
        t = F if any(p[2] for p in parts) else (typed[-1] if typed else J)
    vals = [_value(t, p) for p in parts]
    if len(vals) == 1:
        return Atom(-t, vals[0]) if t != S else atom(S, "")
    return Vec(t, np.array(vals, dtype=DTYPES[t]))


def _value(t, part):
    _, v, _ = part
    dt = DTYPES[t]
    if isinstance(v, str):             # null / infinity marker
        neg = v.startswith("-")
        kind = v[-1]
        if t in (E, F):
            return dt(np.nan) if kind in "Nn" else dt(-np.inf if neg else np.inf)
        if t in NULL_INT:
            return dt(NULL_INT[t]) if kind in "Nn" else dt(-INF_INT[t] if neg else INF_INT[t])
        return dt(0)
    if t in (E, F):
        return dt(v)
    if t == B:
        return dt(v != 0)
    if t in NULL_INT or t == X:
        v = int(v)
        bits = np.dtype(dt).itemsize * 8
        v = ((v + 2**(bits - 1)) % 2**bits) - 2**(bits - 1) if t != X else v % 256
        return dt(v)
    return dt(v)
