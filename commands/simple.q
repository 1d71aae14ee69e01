/ simple.q: SimpNet, 13 convolutions with batch norm, relu, dropout and max pooling
/ (the seed's "SimpNet")
/   mnistrepl commands/simple.q [-epochs 50] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!50 60000 10000

d:prep[o;-1 1 28 28] mnist[]
if[in[c:device[];cudadevices()]; setting`benchmark,1b]

/ input output size pool
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

/ one row of settings -> its layers; the last row adds a global max pool, reshape & linear
f:{[i;o;s;p]
 c:(`conv2d;i;o;s;1;`same);      / convolution with padding=same
 b:(`batchnorm2d;o;1e-05;.05);   / batch norm, momentum .05
 f:`relu; d:(`drop;.2); m:(`maxpool2d;p);
 if[p=7; r:(`reshape;-1,o); l:(`linear;o;10)];
 $[p=0; (c;b;f;d); p=2; (c;b;f;m;d); (c;b;f;m;r;d;l)]}

q:module `sequential,enlist each raze f ./:q
w:{x where x like "*.weight"}where parmtypes[q]=`conv2d
{xnormal(x;y;gain`relu)}[q]'[w];              / Xavier initialisation of the convolutions
to(q;c)

m:model(q; loss(`ce;`smoothing,.01); opt(`adamw;q;`beta1`beta2`decay!.5 .95 .1))
train(m; `batchsize`shuffle; 100,1b);         train(m; d`x; d`y);
test(m; `batchsize`metrics; 1000,`accuracy); test(m; d`X; d`Y);

/ half a cosine from .01 down to 0
e:o`epochs
r:(1+til e)!.005*1+cos acos[-1]*til[e]%e

fit:{[m;r;i] lr(m;r i); epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,r[i],raze`run`testrun@\:m; i+1}
-1 "epochs: ",string[e],", batch size: ",string[b],", iterations per epoch: ",string ceiling count[d`y]%b:train(m;`batchsize);
system"ts ",string[e]," fit[m;r]/1"

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`simple.png]
