"""Where q text has strings and comments: the two rules the lexer and the prompt's
entry reader (ui/qinput.py) both follow, written once.

- A string runs from `"` to the next `"` not escaped by a backslash.
- A `/` at the start of a line or after a blank, tab or CR starts a comment to line end.
"""
BLANKS = " \t\r\n"


def starts_comment(src, i):
    """Whether the `/` at src[i] starts a comment.

    >>> starts_comment("a /c", 2), starts_comment("a/c", 1)
    (True, False)
    """
    return src[i] == "/" and (i == 0 or src[i - 1] in BLANKS)


def string_end(src, i):
    """The offset of the `"` closing the string that opens at src[i], or len(src) when
    the string is still open.

    >>> string_end('"a\\\\"b" c', 0)
    5
    """
    j, n = i + 1, len(src)
    while j < n and src[j] != '"':
        j += 2 if src[j] == "\\" else 1
    return min(j, n)


def line_end(src, i):
    """The offset of the line break ending the line at src[i] (len(src) on the last)."""
    j = src.find("\n", i)
    return len(src) if j < 0 else j


def scan(text):
    """(kinds, in_string): the kind of every character of q text, "string" (quotes
    included), "comment" (a `/` comment to line end) or "code", and whether a string is
    still open at the end.

    >>> scan('a "b" / c')
    (['code', 'code', 'string', 'string', 'string', 'code', 'comment', 'comment', 'comment'], False)
    """
    kinds, i, n = [], 0, len(text)
    while i < n:
        if text[i] == '"':
            j = string_end(text, i)
            kinds += ["string"] * (min(j + 1, n) - i)
            if j >= n:
                return kinds, True
            i = j + 1
        elif starts_comment(text, i):
            j = line_end(text, i)
            kinds += ["comment"] * (j - i)
            i = j
        else:
            kinds.append("code")
            i += 1
    return kinds, False
