"""The seed's pure-q SimpNet lines (seeds/001_*.txt, "SimpNet"), with q and f defined in
the seed's own multi-line form: a script loaded through `\\l`, whose indented lines
continue the statement above (q-subset.md §11.2). The expected output is the transcript
tests/transcripts/seed_simpnet.txt, where q and f are written on one line each."""
import io
from pathlib import Path

from transcript import parse, run_lines

from mnistrepl import cli
from mnistrepl.q.host import BufferHost
from mnistrepl.session import Session

# verbatim from the seed (its 3-blank page indent removed)
SIMPNET_Q = r"""/ input output size pool
q:( 1    66    3    0;
   66    64    3    0;
   64    64    3    0;
   64    64    3    0;
   64    96    3    2;
   96    96    3    0;
   96    96    3    0;
   96    96    3    0;
   96    96    3    0;
   96   144    3    2;
  144   144    1    0;
  144   178    1    0;
  178   216    3    7)

f:{[i;o;s;p]
 c:(`conv2d;i;o;s;1;`same);      /convolution layer w'padding=same
 b:(`batchnorm2d;o;1e-05;.05);   /batchnorm w'momentum of .95
 f:`relu; d:(`drop;.2); m:(`maxpool2d;p);
 / final global max pool needs reshape & linear layer
 if[p=7; r:(`reshape;-1,o); l:(`linear;o;10)];
 $[p=0; (c;b;f;d); p=2; (c;b;f;m;d); (c;b;f;m;r;d;l)]}
"""

TRANSCRIPT = Path(__file__).parent / "transcripts" / "seed_simpnet.txt"
SEED_LINES = ("f . q 0", "f . last q", "`sequential,enlist each raze f ./:q",
              "count raze f ./:q")


def expected():
    """{input: expected lines} of the transcript's SimpNet cases."""
    return {src: [w.rstrip() for w in want] for _, src, want in parse(TRANSCRIPT.read_text())}


def write_script(tmp_path):
    path = tmp_path / "simple.q"
    path.write_text(SIMPNET_Q)
    return path


def test_seed_lines_after_loading_script(tmp_path):
    path = write_script(tmp_path)
    session = Session(BufferHost())
    outs = run_lines([f"\\l {path}", *SEED_LINES], session)
    assert outs[0] == []                       # assignments only: the load prints nothing
    want = expected()
    for line, got in zip(SEED_LINES, outs[1:]):
        assert got == want[line], line


def test_script_definitions_match_one_line_forms(tmp_path):
    path = write_script(tmp_path)
    session = Session(BufferHost())
    one_line = [src for _, src, _ in parse(TRANSCRIPT.read_text())][:2]
    outs = run_lines([f"\\l {path}", "a:q", "g:f", *one_line, "a~q", "(string g)~string f"],
                     session)
    assert outs[-2:] == [["1b"], ["0b"]]       # same list; f's source text differs


def test_seed_lines_through_cli_echo(tmp_path, capsys):
    """The replay reads like the seed's transcript."""
    path = write_script(tmp_path)
    rc = cli.main(["-q", "--echo", "--plain"],
                  stdin=io.StringIO(f"\\l {path}\n" + "\n".join(SEED_LINES) + "\n"))
    out = capsys.readouterr().out.split("\n")
    assert rc == 0
    want = expected()
    text = [f"q)\\l {path}"]
    for line in SEED_LINES:
        text += ["q)" + line, *want[line]]
    assert [l.rstrip() for l in out[:-1]] == text


def test_script_named_on_command_line(tmp_path, capsys):
    """`mnistrepl simple.q`: with stdin not a terminal it exits after the script."""
    path = write_script(tmp_path)
    path.write_text(SIMPNET_Q + "show count raze f ./:q\n")
    rc = cli.main(["-q", str(path)], stdin=io.StringIO(""))
    assert (rc, capsys.readouterr().out) == (0, "57\n")
