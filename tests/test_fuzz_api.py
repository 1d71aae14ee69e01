"""Property tests of the k-api (issue 13): every api function called with random
arguments, sensible and hostile, gives a q result or a q error (`'type`, `'length`, a
message naming the function), never a Python traceback and never `'internal`.

Each example runs in a fresh session that first makes one object of every kind (PREAMBLE:
tensors, a vector, a dictionary, modules, a loss, an optimizer, a model, and a freed
pointer `f`). Arguments are drawn from the names the api knows (module, loss, optimizer,
mode, dtype, option and setting symbols) and nonsense ones, numbers small and huge,
negative and null sizes, empty and nested lists, dictionaries, tables, functions, those
objects, and api calls nested inside. Calls come alone, in sequences whose results later
calls use (and free), with the wrong number of arguments, and as mutations of the api
lines of the transcript tests.

Memory: sizes are tiny or huge, nothing between: a huge one must meet the workspace limit
(`'wsfull`), which the tests lower to MARGIN above what the process holds; an example that
nonetheless grew the process past the limit fails (`peak_rss`). Files: the session is
restricted (--restricted) to a temporary directory, its current directory and --out.

Examples per test as in test_fuzz.py (tests/fuzzing.py): 2500 under $CI, else 150, or
$MNISTREPL_FUZZ_EXAMPLES; a sequence holds up to five calls, and the transcript sessions
(some 25 lines each) get a tenth as many examples. Under CI the three tests take about
1.5 minutes of CPU. Finds stay fixed in test_api_fuzz_finds_stay_fixed.
"""
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")

from fuzzing import EXAMPLES, FUZZ, assert_survived, run_lines  # noqa: E402
from mnistrepl.ktorch.core.api import API, EXTRA  # noqa: E402
from mnistrepl.ktorch.nn.layers import CATALOGUE  # noqa: E402
from mnistrepl.ktorch.nn.losses import LOSSES  # noqa: E402
from mnistrepl.ktorch.tensors.creation import MODES  # noqa: E402
from mnistrepl.ktorch.tensors.devices import MAX_THREADS, SETTINGS  # noqa: E402
from mnistrepl.ktorch.train.optim import OPTS  # noqa: E402
from mnistrepl.ktorch.train.train_options import METRICS, NAMES as TRAIN_OPTIONS  # noqa: E402
from mnistrepl.q.access import Access  # noqa: E402
from mnistrepl.q.host import BufferHost  # noqa: E402
from mnistrepl.q.workspace import WORKSPACE, resident_bytes  # noqa: E402
from mnistrepl.session import Session  # noqa: E402

PREAMBLE = [
    "t:tensor 1 2 3e", "j:tensor 0 1 2", "g:tensor(1 2 3e;`grad)", "h:tensor 2 3#til 6",
    "v:vector(1 2e;0 1)", "d:dict`a`b!(1 2e;0 1)",
    "m:module enlist(`linear;3;2)", "s:module seq(`sequential;(`linear;3;4);`relu;(`linear;4;2))",
    "l:loss`ce", "o:opt(`sgd;m;.1)",
    "M:model(module enlist(`linear;3;2);loss`mse;opt`sgd)",
    "f:tensor 1e", "free f",             # a freed pointer: 'stale pointer wherever it goes
]
# a transcript session runs some 25 lines: a tenth as many examples
BLOCK_FUZZ = settings(FUZZ, max_examples=max(1, EXAMPLES // 10))
OBJECTS = ["t", "j", "g", "h", "v", "d", "m", "s", "l", "o", "M", "f"]
FUNCTIONS = sorted(API.names()) + sorted(EXTRA.names())

DTYPES = ["bool", "byte", "char", "short", "int", "long", "half", "float", "double",
          "cfloat", "bfloat16"]
DEVICES = ["cpu", "cuda", "cuda:0", "cuda:9", "mps"]
TENSOR_OPTIONS = ["grad", "nograd", "strided", "sparse", "pinned", "unpinned", "contiguous",
                  "preserve", "channel2d", "channel3d"]
OPTION_NAMES = ["lr", "momentum", "decay", "beta1", "eps", "reduce", "weight", "ignore",
                "smoothing", "pad", "bias", "stride", "size", "in", "out", "dim", "p",
                "inplace", "mean", "none", "sum", "batchfirst", "options", "parms"]
NONSENSE = ["foo", "", "a.b", "cuda:x", "0", "sequential1", "LINEAR"]
SYMBOLS = sorted(set(CATALOGUE) | set(LOSSES) | set(OPTS) | set(MODES) | set(DTYPES)
                 | set(DEVICES) | set(TENSOR_OPTIONS) | set(OPTION_NAMES) | set(SETTINGS)
                 | set(TRAIN_OPTIONS) | set(METRICS) | set(NONSENSE) | set(FUNCTIONS))

# sizes are tiny or huge (a huge one must be 'wsfull), never in between: see MARGIN
NUMBERS = ["0", "1", "2", "3", "-1", "-2", "0N", "0W", "-0W", "1000000000", "4611686018427387904",
           "2 3", "3 2", "1 3", "0 3", "-1 3", "3 -1", "1 1 3", "2 1 3 3", "1000000000 1000000000",
           "1 1 1000000000", "2h", "3i", "0Ni", "1.5", "0.5", ".1", "-1.5", "0n", "0w", "-0w",
           "1e300", "1e-300", "2.0", "1 2 3e", "1 2 3f", "0.5 0.5", "2 3#til 6", "2 3#1e",
           "3 3#0.5", "1b", "0b", "101b", "0x01", "\"a\"", "\"abc\"", "\"\"", "2024.01.01",
           "12:00", "0D00:00:01"]
VALUES = ["::", "()", "(::)", "enlist 1", "enlist 1.5", "`a`b!1 2", "`lr`momentum!.1 .9",
          "()!()", "`a`b!(1 2e;0 1)", "([]a:1 2)", "([k:1 2]v:3 4)", "{x}", "(+)", "(1;2.5)",
          "(1 2;3 4 5)", "((1;2);(3;4))", "(1 2e;3 4e)", "(`lr;.1)", "((`lr;.1);(`decay;.5))",
          "`reduce`none", "(`smoothing;.1;`reduce;`sum)", "enlist(`linear;3;2)",
          "(`linear;3;2)", "(`conv2d;1;1;2)", "(`lstm;3;2)", "(`embed;10;2)",
          "seq(`sequential;(`linear;3;2);`relu)", "((0;`sequential);(1;(`linear;3;2)))",
          "(t;j)", "(t;t;t)", "`a`b!(t;j)", "(m;l;o)", "(v;2)"]
CALLS = ["tensor t", "tensor(`zeros;2 3)", "tensor(`randn;3)", "module enlist(`relu)",
         "loss`mse", "opt(`adam;s)", "addref t", "ref m", "size h", "str m", "dtype j",
         "forward(m;t)", "evaluate(s;t)", "vector(t;j)", "parms m", "(free)"]


def symbol():
    return st.sampled_from(SYMBOLS).map(lambda s: "`" + s)


def items(xs):
    return "(" + ";".join(xs) + ")"


def leaves(objects=st.sampled_from(OBJECTS)):
    """One simple argument: an object, a symbol or two, a number, a small q value."""
    return st.one_of(objects, symbol(), st.sampled_from(NUMBERS), st.sampled_from(VALUES),
                     st.lists(st.sampled_from(SYMBOLS), min_size=2, max_size=4)
                     .map(lambda ss: "`" + "`".join(ss)))


def _grow(a):
    """Compound arguments: general lists, enlist, named options, dictionaries, calls."""
    return st.one_of(
        st.lists(a, min_size=2, max_size=5).map(items),
        a.map(lambda x: f"enlist {x}"),
        st.tuples(symbol(), a).map(lambda t: f"({t[0]};{t[1]})"),
        st.tuples(st.lists(st.sampled_from(OPTION_NAMES), min_size=1, max_size=3, unique=True),
                  a).map(lambda t: f"(enlist`{'`'.join(t[0])})!enlist {t[1]}" if len(t[0]) == 1
                         else f"`{'`'.join(t[0])}!{len(t[0])}#enlist {t[1]}"),
        st.tuples(st.sampled_from(FUNCTIONS), a).map(lambda t: f"{t[0]} {t[1]}"),
        st.sampled_from(CALLS),
    )


def arguments(objects=st.sampled_from(OBJECTS)):
    """What an api function is given: mostly the shapes the api takes (an object or a
    name first, then sizes and options), sometimes anything at all."""
    simple = leaves(objects)
    return st.one_of(
        simple,
        st.lists(simple, min_size=2, max_size=5).map(items),
        st.tuples(objects, st.lists(simple, max_size=4)).map(lambda t: items([t[0], *t[1]])),
        st.tuples(symbol(), st.lists(simple, max_size=4)).map(lambda t: items([t[0], *t[1]])),
        st.recursive(simple, _grow, max_leaves=6),
    )


def call(args, fns=st.sampled_from(FUNCTIONS)):
    """One application of an api function: the usual forms and the wrong ones."""
    return st.one_of(
        st.tuples(fns, args).map(lambda t: f"{t[0]} {t[1]}"),
        fns.map(lambda f: f"{f}[]"), fns.map(lambda f: f"{f}()"),
        st.tuples(fns, args, args).map(lambda t: f"{t[0]}[{t[1]};{t[2]}]"),
        st.tuples(fns, args, args).map(lambda t: f"{t[0]}[{t[1]}][{t[2]}]"),
        st.tuples(fns, args, args).map(lambda t: f"use[{t[1]}]{t[0]} {t[2]}"),
    )


calls = call(arguments())
# the i-th call of a sequence may take the results before it, r0 .. r(i-1)
LATER_CALLS = [call(arguments(st.sampled_from(OBJECTS + 2 * [f"r{j}" for j in range(i)])))
               for i in range(5)]


@st.composite
def sequences(draw):
    """Calls whose results later calls take (r0, r1, ..), with frees in between."""
    lines = []
    for i in range(draw(st.integers(1, 5))):
        if i and draw(st.integers(0, 3)) == 0:
            lines.append(f"free r{draw(st.integers(0, i - 1))}")
        else:
            lines.append(f"r{i}:{draw(LATER_CALLS[i])}")
    return lines


# ---------------------------------------------------------------- transcript lines

SMALLER = {"60000": "6", "10000": "4", "47040": "4704", "1000": "10", "60": "6", "100": "10",
           "256": "16", "128": "8", "64": "4"}


def transcript_blocks():
    """The transcripts' api sessions as lists of lines, sizes made small so that a block
    runs in milliseconds (60000 images -> 6, 256 channels -> 16; the same everywhere, so
    that sizes still fit)."""
    out = []
    for path in sorted((Path(__file__).parent / "transcripts").glob("*.txt")):
        if path.name.startswith(("ktorch_", "seed_api")):
            lines = [line[2:] for line in path.read_text().split("\n") if line.startswith("q)")]
            out.append([re.sub(r"\b(\d+)\b", lambda m: SMALLER.get(m[1], m[1]), line)
                        for line in lines if not re.search(r"\\|\bexit\b|system|`:", line)])
    return out


BLOCKS = transcript_blocks()
WORD = re.compile(r"`[\w:.]*|\b\d[\w.:]*|\b[a-zA-Z]\w*")


@st.composite
def mutated_api_lines(draw):
    """A transcript's api session up to some line, a few symbols, numbers and names in
    its last six lines replaced, or an item dropped from a list."""
    block = draw(st.sampled_from(BLOCKS))
    lines = block[:draw(st.integers(1, len(block)))]
    for _ in range(draw(st.integers(1, 3))):
        k = draw(st.integers(max(0, len(lines) - 6), len(lines) - 1))
        lines[k] = draw(_mutation(lines[k]))
    return lines


@st.composite
def _mutation(draw, line):
    spans = [m for m in WORD.finditer(line)]
    if not spans or draw(st.integers(0, 4)) == 0:
        parts = line.split(";")
        if len(parts) > 1:
            del parts[draw(st.integers(0, len(parts) - 1))]
        return ";".join(parts)
    m = draw(st.sampled_from(spans))
    word = m[0]
    if word.startswith("`"):
        new = draw(st.one_of(symbol(), st.sampled_from(NUMBERS)))
    elif word[0].isdigit():
        new = draw(st.one_of(st.sampled_from(NUMBERS), symbol()))
    elif word in FUNCTIONS:
        new = draw(st.sampled_from(FUNCTIONS))
    else:
        new = draw(st.one_of(st.sampled_from(OBJECTS), leaves()))
    return line[:m.start()] + new + line[m.end():]


# ---------------------------------------------------------------- the session

MARGIN = 512 * 2**20          # workspace limit: what the process holds plus this


@pytest.fixture(scope="module", autouse=True)
def sandbox():
    """A temporary current directory (files written there and under --out only) and a
    lowered workspace limit; both put back afterwards."""
    old_dir, old_limit = os.getcwd(), WORKSPACE.limit
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            warm_up()
            yield tmp
        finally:
            os.chdir(old_dir)
            WORKSPACE.limit = old_limit


def warm_up():
    """The preamble once without the watchdog: the first optimizer loads the rest of
    torch (torch._dynamo), seconds on a busy machine, once a process."""
    session = Session(BufferHost())
    for line in PREAMBLE:
        session.execute(line)


def fresh_session(preamble=PREAMBLE):
    tmp = os.getcwd()
    host = BufferHost(Access(restricted=True, read_roots=[tmp], write_roots=[tmp]))
    session = Session(host)
    session.options["out"] = tmp
    WORKSPACE.limit = resident_bytes() + MARGIN
    run_lines(session, preamble)
    assert host.text() == "", host.text()      # the preamble itself runs clean
    return session, host


@contextmanager
def torch_settings_kept():
    """`setting` changes process-wide torch state: each example starts from the same."""
    threads, deterministic = torch.get_num_threads(), torch.are_deterministic_algorithms_enabled()
    try:
        yield
    finally:
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(deterministic)


def peak_rss():
    """The process's peak resident memory since the last reset_peak() (Linux)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def reset_peak():
    """Start peak_rss() afresh (Linux: 5 > clear_refs); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def check_api(lines, preamble=PREAMBLE):
    """Run lines after the preamble in a fresh session: q results or q errors only, the
    session alive, and memory within the workspace limit. Returns what the lines printed."""
    session, host = fresh_session(preamble)
    measured = reset_peak()
    with torch_settings_kept():
        run_lines(session, lines, "api lines")
    text = host.text()
    assert_survived(session, host)
    if measured:
        assert peak_rss() <= WORKSPACE.limit, (lines, peak_rss(), WORKSPACE.limit)
    return text


@FUZZ
@given(calls)
def test_api_calls(line):
    check_api([line])


@FUZZ
@given(sequences())
def test_api_call_sequences(lines):
    check_api(lines)


@BLOCK_FUZZ
@given(mutated_api_lines())
def test_mutated_transcript_sessions(lines):
    check_api(lines, preamble=[])


# finds of the fuzz, each with the q error it gives now
FINDS = [
    ("tensor(t;3)", "'tensor: index 3 out of range for dimension 0 of size 3"),
    ("tensor(h;1;2 3)", "'tensor: index 3 out of range for dimension 1 of size 3"),
    ("meanstd(t;3)", "'meanstd: dimension 3 out of range for a 1-dim tensor"),
    ("reshape(1 2 3;3 4 5)", "'reshape: size [3, 4, 5] is invalid for input with 3 element(s)"),
    ("random(t;1e300)", "'random: bound expects a long integer, given double"),
    ("random(t;0n)", "'random: bound expects a long integer, given double"),
    ("opt(o;(t;j))", "'opt: unrecognized parameter selection for tensor: general list"),
    ("opt(o;0N;m)", "'opt: group -9223372036854775808 invalid, cannot be negative"),
    ("r:module enlist(`select;0;3); forward(r;1 2 3e)",
     "'forward: select: index 3 out of range for dimension 0 of size 3"),
    ("r:module enlist(`select;2;0); forward(r;2 3#1e)",
     "'forward: select: dimension 2 out of range for 2-dim input"),
    ("r:module enlist(`unsqueeze;`u;1); forward(r;tensor 1.5e)",
     "'forward: unsqueeze: dimension 1 out of range for 0-dim input"),
    ("r:module enlist(`transpose;0;5); forward(r;h)",
     "'forward: transpose: dimension 5 out of range for 2-dim input"),
    ("r:module enlist(`cat;5); forward(r;t;t)", "'forward: cat: dimension 5 out of range for 1-dim input"),
    ("r:module enlist(`selfattention;2;1); forward(r;tensor(`randn;1 3 4 4))",
     "'forward: selfattention: expecting 3-dim input (batch x sequence x dim), given 4-dim"),
    ("r:module enlist(`embedpos;2;1); forward(r;t)",
     "'forward: embedpos: expecting input of 2 or more dims (sequence x dim), given 1-dim"),
    ("r:module enlist(`droppath;0.5); forward(r;tensor 1.5e)",
     "'forward: droppath: expecting input with a batch dimension, given 0-dim tensor"),
    ("r:module enlist(`randomcrop;0N;0)", "'randomcrop: size expects 1 or 2 positive longs, "
     "given [-9223372036854775808, -9223372036854775808]"),
    ("r:module enlist(`randomcrop;2 2 2;0)",     # h, w = size: a ValueError in forward
     "'randomcrop: size expects 1 or 2 positive longs, given [2, 2, 2]"),
    # torch built a billion layers, out of Ctrl-C's reach
    ("r:module enlist(`lstm;1;1;0W)", "'lstm: layers expects 1-256, given 9223372036854775807"),
    ("tensor(`randint;0n;3)", "'tensor: unexpected arg(s) for mode randint"),   # int(nan)
    ("tensor(`linspace;0;1;1e300)", "'tensor: unexpected arg(s) for mode linspace"),
    ("detach()", "'detach: need allocated torch object, e.g. tensor, module, given empty list"),
    ("gradflag()", "'gradflag: need allocated torch object, e.g. tensor, module, given empty list"),
    ("module ()!()", "'module: definition needs columns depth, module, name, options"),
    ("module ([]depth:`a`b;module:`linear`relu)", "'module: depth expects a long, given symbol"),
    ("makegrid(tensor(`randn;1 1 2 2);0N;0)", "'makegrid: rows and columns must be positive or null"),
    ("makegrid(tensor(`randn;1 1 2 2);1;1000000000)", "'wsfull"),   # a grid of 288 GB
    ("r:resize(1 2 3e;1000000000)", "'wsfull"),       # a k array grown to 4 GB
    # a huge count crashed the process at torch's next parallel step
    ("setting(`threads;1000000000)", f"'setting: threads expects 1-{MAX_THREADS}, given 1000000000"),
    # f() passes the empty list: CI's derandomised run found both
    ("gradflag()", "'gradflag: need allocated torch object, e.g. tensor, module, given empty list"),
    ("r0:detach()", "'detach: need allocated torch object, e.g. tensor, module, given empty list"),
]


@pytest.mark.parametrize("line, error", FINDS)
def test_api_fuzz_finds_stay_fixed(line, error):
    assert check_api([line]).split("\n")[0] == error
