"""Characters an output stream cannot encode. stdin is read with `surrogateescape`, so a
byte typed that is not UTF-8 is held as a surrogate (U+DC80..U+DCFF). Going out, it is
that byte again, as q, which knows only bytes, echoes it; under --ascii, or where the
locale cannot encode a character (LANG=C), an escape: `\\xff`, `\\xe9`, `\\u20ac`."""
import codecs


def _is_byte(c):
    return 0xDC80 <= ord(c) <= 0xDCFF


def _escape(c):
    return f"\\x{ord(c) - 0xDC00:02x}" if _is_byte(c) else c.encode("ascii", "backslashreplace").decode()


def ascii_escaped(text):
    """text in 7-bit ASCII, every other character an escape."""
    return text if text.isascii() else "".join(c if c.isascii() else _escape(c) for c in text)


def _bytes_or_escapes(err):
    """The codec error handler `mnistrepl`: a held byte goes out as itself, any other
    character the encoding lacks as an escape."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start:err.end]
    out = b"".join(bytes([ord(c) - 0xDC00]) if _is_byte(c) else _escape(c).encode() for c in bad)
    return out, err.end


codecs.register_error("mnistrepl", _bytes_or_escapes)
ERRORS = "mnistrepl"        # the name to give a stream's `errors`
