"""q source text -> tokens with source offsets.

Whitespace matters in q, so each token records whether a blank came before it:
`/` after a blank starts a comment (scan.py), `-` before a digit is a negative literal unless it
directly follows a noun, and `'` `/` `\\` directly after a token are iterators.
Numeric literals separated only by blanks are gathered into one vector token here.
"""
import re
from dataclasses import dataclass

import numpy as np

from ..errors import QError
from .literals import ITEM_RX, literal  # noqa: F401  (literal re-exported)
from .scan import line_end, starts_comment, string_end
from ..values import C, S, Atom, atom, string, vec

NUM, STR, SYM, NAME, OP, ADV, PUNCT, NL = "num", "str", "sym", "name", "op", "adv", "punct", "nl"

OPERATORS = set("+-*%&|^=<>~!#_,$?@.:")
ASSIGNABLE = set("+-*%&|^=<>~!#_,$?@.")

_NAME_RX = re.compile(r"[A-Za-z.][A-Za-z0-9_.]*")


def _ascii_alpha(c):
    return c.isascii() and c.isalpha()
_SYM_RX = re.compile(r"`[A-Za-z0-9._:/]*")
_NOUNISH = (NUM, STR, SYM, NAME)


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
                continue
            if starts_comment(src, i):              # comment to end of line
                i = line_end(src, i)
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
        if c in "'/\\" and adjacent and not (prev.kind == PUNCT and prev.text in "([{;") \
                and not (c == "'" and prev.kind == OP and prev.text in (":", "::")):   # c:'[f;g]
            two = src[i:i + 2]
            if two in ("':", "/:", "\\:"):
                return Token(ADV, two, i, i + 2, space)
            return Token(ADV, c, i, i + 1, space)
        if c in "'/\\" and adjacent and prev.kind == PUNCT and prev.text in "(;":
            two = src[i:i + 2]
            word = two if two in ("':", "/:", "\\:") else c
            if src[i + len(word):i + len(word) + 1] in (";", ")"):   # (/;+): an iterator alone
                return Token(ADV, word, i, i + len(word), space)
        if c in "012" and src[i + 1:i + 2] == ":" and src[i + 2:i + 3] not in (":", "") \
                and not src[i + 2:i + 3].isdigit() and not (i and (src[i - 1].isalnum() or src[i - 1] in "._")):
            return Token(OP, c + ":", i, i + 2, space)     # the file verbs 0: 1: 2:
        if c.isdigit() or (c == "." and src[i + 1:i + 2].isdigit()):
            return _numbers(src, i, space, negative=False)
        if c == "-" and (src[i + 1:i + 2].isdigit() or (src[i + 1:i + 2] == "." and src[i + 2:i + 3].isdigit())):
            noun_left = adjacent and (prev.kind in _NOUNISH or prev.text in (")", "]", "}"))
            if not noun_left:
                return _numbers(src, i, space, negative=True)
        nxt = src[i + 1:i + 2]
        if _ascii_alpha(c) or (c == "." and _ascii_alpha(nxt)):   # names are ASCII: é is none
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


def _string(src, i, space):
    j = string_end(src, i)
    if j >= len(src):
        raise QError('"')
    buf = _unescape(src[i + 1:j])
    v = string(bytes(buf))
    if len(buf) == 1:
        v = Atom(-C, np.uint8(buf[0]))
    return Token(STR, src[i:j + 1], i, j + 1, space, v)


def _unescape(body):
    """The bytes of a string literal's body: \\n \\t \\r \\" \\\\ and \\ooo (octal) escapes."""
    buf, j, n = bytearray(), 0, len(body)
    while j < n:
        ch = body[j]
        if ch == "\\" and j + 1 < n:
            nx = body[j + 1]
            if re.match(r"[0-7]{3}", body[j + 1:j + 4]):
                buf.append(int(body[j + 1:j + 4], 8) & 255)
                j += 4
                continue
            buf += {"n": b"\n", "t": b"\t", "r": b"\r", '"': b'"', "\\": b"\\"}.get(nx, nx.encode("utf-8", "surrogateescape"))
            j += 2
            continue
        buf += ch.encode("utf-8", "surrogateescape")
        j += 1
    return buf


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
        m = ITEM_RX.match(src, j + neg)
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
