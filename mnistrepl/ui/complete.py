"""Tab completion at the `q)` prompt (prompt_toolkit; imported only by the interactive
front end): names of globals, q keywords and api functions under the cursor, `\\`
commands at line start, and file paths after `\\l `.

    q)ti<Tab>        ->  til
    q)\\l sc<Tab>     ->  \\l scripts/
"""
from prompt_toolkit.completion import Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._")
# `\` commands offered at line start (the session runs these; `\\` leaves)
COMMANDS = ("\\l", "\\t", "\\ts", "\\c", "\\P", "\\v", "\\f", "\\a", "\\cd", "\\\\")


def word_before(text):
    """The name token that ends at the cursor: letters, digits, `.` and `_`.

    >>> word_before("a+til")
    'til'
    """
    i = len(text)
    while i and text[i - 1] in WORD:
        i -= 1
    return text[i:]


def name_matches(names, word):
    """Names that start with `word`, sorted; a name starting with `.` (a system or
    namespace name) is offered only for a word starting with `.`; a word starting with
    a digit is a number and gets nothing.

    >>> name_matches(["til", "tan", ".z.p"], "t")
    ['tan', 'til']
    """
    if not word or word[0].isdigit():
        return []
    dotted = word.startswith(".")
    return sorted(n for n in set(names)
                  if n.startswith(word) and (dotted or not n.startswith(".")))


class QCompleter(Completer):
    """Completions for the session's current names (asked afresh at each Tab)."""

    def __init__(self, session):
        self.session = session
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document, complete_event):
        line = document.current_line_before_cursor
        stripped = line.lstrip(" \t")
        if stripped.startswith("\\l ") and document.cursor_position_row == 0:
            path = stripped[3:].lstrip(" ")
            yield from self.paths.get_completions(Document(path, len(path)), complete_event)
            return
        if stripped.startswith("\\") and " " not in stripped:
            yield from (Completion(c, -len(stripped)) for c in COMMANDS
                        if c.startswith(stripped))
            return
        word = word_before(line)
        for name in name_matches(self.session.completion_names(), word):
            yield Completion(name, -len(word))
