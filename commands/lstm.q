/ lstm.q: each image as a sequence of 28 rows through a 2-layer LSTM, the last output
/ decoded to 10 digits (the seed's "Recurrent Model")
/   mnistrepl commands/lstm.q [-epochs 40] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!40 60000 10000

d:prep[o;-1 28 28] mnist[]
if[in[c:device[];cudadevices()]; setting`benchmark,1b]

q:module`recur
module(q; 1; (`lstm;   `lstm; 28; 128; 2; 1b; 1b))
module(q; 1;  `sequential);
module(q; 2; (`select; `last; 1; -1))
module(q; 2; (`linear; `decode; 128; 10))
to(q;c)
m:model(q; loss`ce; opt(`adamw;q))

train(m; `batchsize`hidden`sync; (60;0b;1b));   train(m; d`x; d`y);
test(m; `batchsize`metrics; (1000;`accuracy)); test(m; d`X; d`Y);

/ the rate cycles .001 .0005 .0002 .0001 through the epochs
rate:{r:.001 .0005 .0002 .0001 (y-1)mod 4; lr(x;r); r}
fit:{[m;i] r:rate[m;i]; a:run m;   / train before testing: q evaluates right to left
 epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,r,a,testrun m; i+1}
system"ts ",string[o`epochs]," fit[m]/1"

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`lstm.png]
