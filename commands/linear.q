/ linear.q: two linear layers with a relu between them (the seed's "Linear layers")
/   mnistrepl commands/linear.q [-epochs 50] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!50 60000 10000

d:prep[o;-1 784] mnist[]
if[in[c:device[];cudadevices()]; setting`benchmark,1b]   / cudnn autotuning on a GPU

q:module seq(`sequential; (`linear;784;800); `relu; (`linear;800;10))
to(q;c)
m:model(q; loss`ce; opt(`sgd;q;.05;.9;`nesterov,1b))
train(m; `batchsize`shuffle; 100,1b);              train(m; d`x; d`y);
test(m; `batchsize`metrics; (1000;`loss`accuracy)); test(m; d`X; d`Y);

/ " 1.  loss: 0.269020  test: 0.1316  accuracy: 96.16%"
fit:{[m;i] epochmsg[4 9 7 6;0 6 4 2;("";"  loss:";"  test:";"  accuracy:")] i,raze`run`testrun@\:m; i+1}
system"ts ",string[o`epochs]," fit[m]/1"
