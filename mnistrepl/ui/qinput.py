"""Reading q text at the interactive prompt, without any terminal library: whether an
entry is finished (Enter inside an open `(` `[` `{` or string goes on to a new line), and
how a finished multi-line entry becomes the one input the session runs.

    q){x+
     1}[2]
    3
"""
# where strings and comments are is the lexer's rule, written once in the q syntax layer
# (a pure function: no interpreter state is involved)
from ..q.syntax.scan import scan

OPEN = {"(": ")", "[": "]", "{": "}"}
CLOSE = {")", "]", "}"}


def open_brackets(text, kinds):
    """The brackets still open at the end of `text` (code characters only); [] when a
    closing bracket does not match, so that q itself reports the error.

    >>> open_brackets("f[{x", scan("f[{x")[0])
    ['[', '{']
    """
    stack = []
    for ch, kind in zip(text, kinds):
        if kind != "code":
            continue
        if ch in OPEN:
            stack.append(ch)
        elif ch in CLOSE and stack:
            if OPEN[stack[-1]] != ch:
                return []
            stack.pop()
    return stack


def is_complete(text):
    """Whether Enter should run `text` (True) or start a continuation line (False).

    A system command (`\\...`) is always complete; otherwise the entry is complete when
    no bracket and no string is left open. Brackets in strings and comments don't count.

    >>> is_complete("{x+"), is_complete('"a(b"'), is_complete("(1;2) / (")
    (False, True, True)
    """
    if text.lstrip(" \t").startswith("\\"):
        return True
    kinds, in_string = scan(text)
    return not in_string and not open_brackets(text, kinds)


def join_entry(text):
    """The one-line input the session runs for a multi-line entry: inside brackets a
    line break becomes a blank and the line's `/` comment is dropped (so `{x+` / `1}`
    is `{x+ 1}` as the user meant, not two statements); inside a string it stays;
    between complete statements it stays a statement break. One-line text is unchanged.

    >>> join_entry("{x+ / add\\n 1}[2]")
    '{x+   1}[2]'
    """
    if "\n" not in text:
        return text
    out, depth = [], 0
    for ch, kind in zip(text, scan(text)[0]):
        if kind == "comment":
            continue
        if kind == "code":
            if ch in OPEN:
                depth += 1
            elif ch in CLOSE:
                depth = max(depth - 1, 0)
            elif ch == "\n" and depth:
                ch = " "
        out.append(ch)
    return "".join(out)
