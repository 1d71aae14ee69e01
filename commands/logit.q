/ logit.q: a single linear layer classifies MNIST digits (the seed's "Single layer")
/   mnistrepl commands/logit.q [-epochs 20] [-train 60000] [-test 10000]
p:first` vs hsym .z.f                         / directory of this script
system"l ",1_string` sv p,`mnist.q             / mnist[], digits[] and the shared helpers
{key[x]set'get x}(`ktorch 2:`fns,1)[];        / the k-api as global functions
o:opts`epochs`train`test!20 60000 10000

/ pixels scaled to -1..1 as 784 reals per image, labels as longs
d:prep[o;-1 784] mnist[]

q:module enlist(`linear;784;10)
l:loss`ce
r:opt(`sgd;q;.04)
m:model(q;l;r)
train(m; `batchsize`shuffle; 100,1b)
train(m; d`x; d`y);

system"ts:",string[o`epochs]," run m"
-1 string[100*avg d.Y={x?max x}each evaluate(m;d`X)],"% test accuracy";
