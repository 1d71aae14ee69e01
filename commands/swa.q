/ swa.q: the conv.q model with stochastic weight averaging over the final 20 epochs
/ (the seed's "Weight averaging")
/   mnistrepl commands/swa.q [-epochs 50] [-train 60000] [-test 10000]
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

e:o`epochs
r:(1+til e)!.0002|.005*1+cos acos[-1]*til[e]%e
n:1|e-19                                     / averaging starts at epoch n

/ the rate falls until averaging starts, then stays; at epoch n the weights are copied,
/ after it each epoch's weights are folded into the running average
fit:{[m;a;r;n;i]
 if[i=n; -1"\nweight averaging:"];
 lr(m;r i&n);
 epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,r[i&n],raze`run`testrun@\:m;
 $[i=n; use[a]copyparms m; i>n; avgparms(m;a); ::];
 i+1}

a:dict()
e fit[m;a;r;n]/1;
if[not all copyparms(m;a); '"unable to replace all weights with averages"]
-1 "\ntest accuracy using average weights from epoch ",string[n],"-",string[e],": ",.Q.fmt[6;2;testrun m],"%";

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`swa.png]
