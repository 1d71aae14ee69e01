/ conv.q: two convolutions then two linear layers (the seed's "Convolutional model")
/   mnistrepl commands/conv.q [-epochs 50] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!50 60000 10000

d:prep[o;-1 1 28 28] mnist[]
if[in[c:device[];cudadevices()]; setting`benchmark,1b]

q:(`sequential; (`conv2d; 1;20;5); `relu; `drop; (`maxpool2d;2))
q,:((`conv2d;20;50;5); `relu; `drop; (`maxpool2d;2); `flatten)
q,:((`linear;800;500); `relu; `drop; (`linear;500;10))
q:module seq q
to(q;c)

m:model(q; loss(`ce;`smoothing,.01); opt(`lamb;q;`decay,.1))
train(m; `batchsize`shuffle; 1000,1b);        train(m; d`x; d`y);
test(m; `batchsize`metrics; 1000,`accuracy); test(m; d`X; d`Y);

/ learning rate by epoch: half a cosine from .01 down to a floor of .0002
e:o`epochs
r:(1+til e)!.0002|.005*1+cos acos[-1]*til[e]%e

/ " 1.  lr: 0.0100  training loss: 0.827390  test accuracy: 96.84%"
fit:{[m;r;i] lr(m;r i); epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,r[i],raze`run`testrun@\:m; i+1}
system"ts ",string[e]," fit[m;r]/1"

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`conv.png]
