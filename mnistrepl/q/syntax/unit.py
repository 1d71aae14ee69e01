"""A piece of source being compiled: its text, offset, local names, and whether it is a
qSQL phrase (names look in the row frame first). Error reports locate positions in it."""


class Unit:
    """A compiled piece of source: an input line, a script statement or a lambda body."""
    __slots__ = ("src", "start", "names", "dynamic")

    def __init__(self, src, start=0, names=None, dynamic=False):
        self.src = src              # its text (for error reports)
        self.start = start          # offset of src in the parsed text
        self.names = names          # local names of a lambda, None at top level
        self.dynamic = dynamic      # qSQL phrase: names look in the frame first
