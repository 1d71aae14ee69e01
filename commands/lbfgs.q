/ lbfgs.q: the conv.q network trained by L-BFGS (ktorch's lbfgs.q): each batch's step
/ re-evaluates the loss through a closure, with L-BFGS's defaults (lr 1, 20 iterations)
/   mnistrepl commands/lbfgs.q [-epochs 10] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!10 60000 10000

d:prep[o;-1 1 28 28] mnist[]
if[in[c:device[];cudadevices()]; setting`benchmark,1b]

q: ((`conv2d; 1;20;5); `relu; `drop; (`maxpool2d;2))
q,:((`conv2d;20;50;5); `relu; `drop; (`maxpool2d;2); `flatten)
q,:((`linear;800;500); `relu; `drop; (`linear;500;10))
q:module seq `sequential,q
to(q;c)

m:model(q; loss(`ce;`smoothing,.01); opt(`lbfgs;q))
train(m; `batchsize`shuffle; 1000,1b);        train(m; d`x; d`y);
test(m; `batchsize`metrics; 1000,`accuracy); test(m; d`X; d`Y);

/ the learning rate stays L-BFGS's own: each line shows it as lr[m] reads it
fit:{[m;i] epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,lr[m],raze`run`testrun@\:m; i+1}
system"ts ",string[o`epochs]," fit[m]/1"

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`lbfgs.png]
