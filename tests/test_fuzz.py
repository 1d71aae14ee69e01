"""Property tests: no input, typed or replayed, ends the session with a Python traceback
(product.md §8). Inputs are random soups of q tokens and mutations of valid lines.

Inputs: token soups, corpus lines (the transcripts' inputs) with random edits, and
expressions grown from q's shapes (dyads, monads, adverbs, lambdas, indexing, $[..]).

Properties:
- `Session.execute` never raises (apart from `\\\\`/`exit`, which the inputs avoid) and the
  session then still answers `1+1` with `2`;
- only QError escapes `Interp.eval_text`;
- no error is `'internal` (a Python exception inside the interpreter: a bug of ours).

Examples per test (tests/fuzzing.py): 2500 when $CI is set (4 tests, 10,000 in all), else
150, or $MNISTREPL_FUZZ_EXAMPLES. A watchdog asks a line that runs too long to stop, as
Ctrl-C would, then interrupts it as a second Ctrl-C does (`'stop`); a line that goes on
after both fails the test with `Hang`.
"""
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ, TALLY, check_session, watchdog
from mnistrepl.q.errors import QError
from mnistrepl.q.host import BufferHost
from mnistrepl.q.interp import Interp

GLYPHS = list("+-*%&|<>=~!#$?@.,^_:'/\\;()[]{}`\"") + [
    "<=", ">=", "<>", "::", "':", "/:", "\\:", "'[", "$[", "@[", ".[", "[]", "()", "{}", ":[",
    ",:", "+:", "-:", "#:", "_:", "/ ", " /", "\\\\"]
NAMES = ["x", "y", "z", "a", "b", "f", "g", "q", "t", "d", "i", "s", "abc", ".z.f", ".Q.a",
         ".z.x", "nosuch", "a.b", "til", "count", "first", "last", "sum", "sums", "avg", "max",
         "min", "prd", "enlist", "raze", "reverse", "where", "type", "key", "value", "string",
         "flip", "distinct", "group", "asc", "desc", "iasc", "each", "over", "scan", "prior",
         "peach", "abs", "neg", "not", "null", "sqrt", "exp", "log", "floor", "ceiling",
         "signum", "mod", "div", "in", "within", "like", "ss", "sv", "vs", "cut", "sublist",
         "xexp", "xbar", "and", "or", "except", "inter", "union", "cross", "rotate", "bin",
         "all", "any", "cols", "meta", "show", "get", "set", "xasc", "xdesc", "xkey", "ungroup",
         "select", "from", "by", "where", "update", "delete", "exec", "insert", "upsert",
         "do", "if", "while", "lj", "ij", "uj", "aj", "fby", "wavg", "wsum", "0N!", "-1", "-2"]
NUMBERS = ["0", "1", "2", "3", "7", "-1", "10", "100", "2.5", "-0.5", "1e3", "0N", "0W", "-0W",
           "0n", "0w", "0Nd", "0Wj", "1b", "0b", "101b", "0x01", "0x0a0b", "2024.01.01",
           "2024.05m", "12:00", "12:34:56.789", "2024.05.01D10:00:01.5", "0D00:00:01",
           "3h", "4i", "5j", "6f", "7e", "1 2 3", "0N 1", "1.5 2", "`a`b", "`", "`a", "`:x",
           "`s#1 2", "\"abc\"", "\"\"", "\"a\"", "\" \"", "\"a\\\"b\"", "\"1+1\"", "\"x\"",
           "{x}", "{x+y}", "{[a;b]a*b}", "{x y}", "{}", "{:x}", "{'`err}", "([]a:1 2)",
           "([k:1 2]v:3 4)", "`a`b!1 2", "(1;`a)", "()", "(::)", "::", "'`oops", "(+)", "(,)"]
TOKENS = GLYPHS + NAMES + NUMBERS
# lines to leave alone: they end the process, touch files or run commands on purpose
UNSAFE = re.compile(r"\bexit\b|\bsystem\b|\\\\|^\s*\\(?!c\b|P\b|v\b|f\b|a\b|t\b)|hdel|hopen|"
                    r"read0|read1|save|load|`:")


def valid_lines():
    """Input lines of the transcript tests: a corpus of valid (and some failing) q."""
    out = []
    for path in sorted((Path(__file__).parent / "transcripts").glob("*.txt")):
        for line in path.read_text(errors="replace").split("\n"):
            if line.startswith("q)"):
                line = line[2:].lstrip(")")
                if line.strip() and not UNSAFE.search(line):
                    out.append(line)
    return out or ["1+1"]


CORPUS = valid_lines()
Interp(BufferHost())    # raises the recursion limit once, before hypothesis records it


def safe(line):
    """Keep generated text away from system commands: a leading \\ makes one."""
    line = line.replace("\n", " ").replace("\r", " ")
    if line.lstrip().startswith("\\"):
        line = " " + line.lstrip()
    return line if not UNSAFE.search(line) else "1+1"


soup = st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(["", " ", "", ";"])),
                min_size=1, max_size=12).map(lambda ts: safe("".join(t + s for t, s in ts)))


VERBS = list("+-*%&|<>=~!#$?@.,^_") + ["<=", ">=", "<>", "and", "or", "mod", "div", "in",
                                     "except", "inter", "union", "cross", "xexp", "bin",
                                     "sublist", "cut", "rotate", "sv", "vs", "like", "within"]
MONADS = ["-", "#:", "|:", "&:", ",:", "~:", "=:", "?:", "@:", "^:", "$:", "!:"] + [
    n for n in NAMES if n.isalpha() and n not in ("x", "y", "z", "a", "b", "f", "g", "q", "t",
                                                  "d", "i", "s", "abc", "select", "from",
                                                  "by", "where", "update", "delete", "exec",
                                                  "do", "if", "while")]
ADVERBS = ["/", "\\", "'", "/:", "\\:", "':"]
TARGETS = ["x", "y", "a", "t", "d"]        # names the lines assign and amend
NOUNS = [n for n in NUMBERS if not n.startswith("'")] + ["x", "y", "a", "t", "d", ".Q.a"]


def _grow(e):
    """Larger expressions from smaller ones: the shapes q code is made of."""
    v, m, adv = st.sampled_from(VERBS), st.sampled_from(MONADS), st.sampled_from(ADVERBS)
    return st.one_of(
        st.tuples(e, v, e).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(e, v, e).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(m, e).map(lambda t: f"{t[0]} {t[1]}"),
        st.tuples(v, adv, e).map(lambda t: f"{t[0]}{t[1]} {t[2]}"),
        st.tuples(e, v, adv, e).map(lambda t: f"{t[0]} {t[1]}{t[2]} {t[3]}"),
        st.tuples(e, e).map(lambda t: f"{{{t[0]}}}[{t[1]}]"),
        st.tuples(v, e, e).map(lambda t: f"{{x {t[0]} y}}[{t[1]};{t[2]}]"),
        st.tuples(m, e).map(lambda t: f"{{[a] {t[0]} a}} {t[1]}"),
        st.tuples(e, e).map(lambda t: f"({t[0]})[{t[1]}]"),
        st.tuples(e, e, e).map(lambda t: f"$[{t[0]};{t[1]};{t[2]}]"),
        st.tuples(e, e).map(lambda t: f"@[{t[0]};0;{{x}};{t[1]}]"),
        st.tuples(st.sampled_from(TARGETS), e).map(lambda t: f"{t[0]}:{t[1]}"),
        # amends in place, whose result a later line shows: t[`a],:4 once broke a table
        st.tuples(st.sampled_from(TARGETS), e, st.sampled_from(["", ",", "+", "-", "_"]), e)
        .map(lambda t: f"{t[0]}[{t[1]}]{t[2]}:{t[3]}"),
        st.tuples(st.sampled_from(TARGETS), st.sampled_from([",", "+", "-", "#", "^", "_"]), e)
        .map(lambda t: f"{t[0]}{t[1]}:{t[2]}"),
        st.tuples(st.sampled_from(TARGETS), e, st.sampled_from([",", ":", "+", "_", "#"]), e)
        .map(lambda t: f"@[`{t[0]};{t[1]};{t[2]};{t[3]}]"),
        st.lists(e, min_size=1, max_size=3).map(lambda xs: "(" + ";".join(xs) + ")"),
        e.map(lambda x: f"([]c:{x})"),
        e.map(lambda x: f"select from ([]a:1 2 3;b:`x`y`z) where a>{x}"),
    )


expressions = st.recursive(st.sampled_from(NOUNS), _grow, max_leaves=8).map(safe)


@st.composite
def mutated(draw):
    """A corpus line with a few random edits: delete, insert a token, duplicate, swap."""
    line = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 3))):
        n = len(line)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 6)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        if op == "delete":
            line = line[:i] + line[j:]
        elif op in ("insert", "replace"):
            tok = draw(st.sampled_from(TOKENS))
            line = line[:i] + tok + line[j if op == "replace" else i:]
        elif op == "duplicate":
            line = line[:j] + line[i:j] + line[j:]
        elif n > 1:
            k = min(i, n - 2)
            line = line[:k] + line[k + 1] + line[k] + line[k + 2:]
    return safe(line)


def check_eval(line):
    """Only QError may leave Interp.eval_text."""
    interp = Interp(BufferHost())
    with watchdog(interp):
        try:
            interp.eval_text(line)
        except QError as e:
            assert not e.name.startswith("internal"), f"{line!r}: '{e.name}"
        except KeyboardInterrupt:         # the watchdog's second press (the session's 'stop)
            pass
    TALLY["q lines"] += 1


@FUZZ
@given(soup)
def test_token_soup_session(line):
    check_session([line])


@FUZZ
@given(st.lists(st.one_of(soup, mutated(), expressions), min_size=1, max_size=4))
def test_line_sequences_session(lines):
    check_session(lines)


@FUZZ
@given(st.one_of(mutated(), expressions))
def test_mutated_and_grown_lines_eval_text(line):
    check_eval(line)


@FUZZ
@given(st.one_of(soup, st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126),
                              max_size=30).map(safe)))
def test_soup_and_text_eval_text(line):
    check_eval(line)


def test_watchdog_interrupts_work_that_never_checks_the_stop_request():
    """A primitive busy in Python has no stop check inside: the second press interrupts it
    (KeyboardInterrupt, which the session reports as 'stop) before it counts as a hang."""
    class Busy:
        stop_requested = False

        def request_stop(self):
            self.asked = True
    busy = Busy()
    with pytest.raises(KeyboardInterrupt):
        with watchdog(busy):
            while True:
                pass
    assert busy.asked


@pytest.mark.parametrize("line", ["{x+1}/0", "{1b}{x+1}/0"])
def test_watchdog_stops_endless_loops(line):
    """The fuzz relies on interrupting endless iterations (product.md §3: Ctrl-C)."""
    check_session([line])


@pytest.mark.parametrize("line", [
    "{[a] =: a} ([]c:{0}[0])",            # group of a table: rows as keys
    "([]c:- ([]c:x:([k:1 2]v:3 4)))",     # a keyed table as a column of a nested table
    "([]c:([]c:([]c:0 ! 0)))",            # a dictionary as a column of a nested table
    "til xasc`a`b",                       # xasc of a function: 'type
    "{[] 1} each 1 2",                    # a niladic lambda applied to one argument
    "1 2 310100D00:00:01",                # a timespan literal past the type's range: null
    "2024.05.01D10:00:01.5 12:34:56.789",  # a timestamp as a time: past int32, null
    "2024.01.01 2024.05m",                # a date among months: an error, not a crash
    "count \u00e9\"\"",                   # a non-ASCII letter is no name
    '.Q.def[`a`b!(20;lj`a)] .Q.opt ("-a";"1";"-b";"x")',  # a default no string parses to
    "101b bin {x}",                       # bin of a function: 'type
    "3 xbar 2015.50m",                    # xbar of a temporal atom
    "2 mdev 1 2 3#5 7 10",                # a moving window over a list deeper than a matrix
    "ema[13%;1,6#0]",                     # ema's weight a projection: 'type
    "`a`b xasc .z.f",                     # xasc of a symbol naming no table: 'type
    "`v xdesc ([k:1 2]v:3 4)",            # xdesc of a keyed table
    "`zz xasc ([]a:2 1)",                 # a sort column the table lacks: 'zz
    "meta ([]c:([]d:1 2))",               # meta of a table column
    "ungroup ([]a:(1 2;3 4);b:([]d:5 6))",  # ungroup beside a table column
])
def test_fuzz_finds_stay_fixed(line):
    check_session([line])
