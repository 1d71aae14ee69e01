"""The k-api's one registry (core/api.py): every name of ktorch-api.md bound in a session,
as 112h functions of the right rank, with torch loaded only by the first call."""
import subprocess
import sys
import textwrap

from mnistrepl.ktorch.core.api import API

# ktorch-api.md's functions, by section (this list is the test's, not the product's)
SPEC = """
class free use addref ref mapped return obj str size elements numel bytes tensorcount dim
device cudadevices cudadevice setting seed sync to copyto
tensor resize reshape View detach batch restore shuffle dtype options gradient gradflag
defined contiguous grad vector dict uniform normal zeros ones fill xnormal xuniform knormal
kuniform random gain
module seq tree dv names childnames parmnames buffernames parmtypes moduletypes parm parms
buffers child children modules training clone freeze unfreeze objtype inputmodule
outputmodule help state
forward nforward eforward evaluate
loss ce bce mse nll l1 smoothl1 bcelogits huber kl
opt lr step zerograd nograd
model train test data testdata input target testinput testtarget datasize testsize
testbatch testrestore batchinit testinit unshuffle run testrun backward backstep clip clipv
copyparms avgparms batchnorm
makegrid png
meanstd meanvar
""".split()     # the last line: ktorch's reductions its transformer script uses (issue 10)


def test_registry_holds_the_spec_names(q):
    assert sorted(API.names()) == sorted(SPEC)
    assert len(API.names()) == len(set(API.names()))


def test_session_binds_every_name_as_112h(q):
    for name in SPEC:
        f = q.s.interp.eval(name)
        assert f.t == 112 and f.rank == (2 if name == "use" else 1), name
    assert q.one("count(`ktorch 2:`fns,1)[]") == str(len(SPEC))


START = textwrap.dedent("""
    import sys
    from mnistrepl.session import Session
    from mnistrepl.q.host import BufferHost
    s = Session(BufferHost())
    assert 'torch' not in sys.modules, 'torch imported at start-up'
    s.execute('t:tensor 1 2 3')
    assert 'torch' in sys.modules, 'the first api call loads torch'
    print('ok')
""")


def test_a_fresh_session_does_not_import_torch():
    p = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "ok\n"
