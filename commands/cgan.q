/ cgan.q: a conditional GAN, digits generated to order (the seed's "Conditional GAN")
/   mnistrepl commands/cgan.q [-epochs 20] [-train 60000]
/ Writes out/cgan01.png .. (10 noise vectors x the digits 0-9 after each epoch) and
/ out/cgan.gif, then scores 1000 new digits, 100 of each, with a classifier (judge, mnist.q).
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:ganopts`epochs`train!20 60000

w:60                                   / batch size
e:10                                   / size of the generator's learned digit embedding
zn:100                                 / noise size
n:(e+zn),256 128 64                    / channels: noise joined with embedding, then convolutions
c:device[]
if[c in cudadevices(); setting`benchmark,1b]

/ generator: noise 100 x 1 x 1 joined with an embedding of the digit asked for
a:`pad`bias!(1;0b)
g:((0; `sequential);
   (1; `seqjoin);
   (2; `sequential);          / 1st fork: random vars
   (2; `sequential);          / 2nd fork: digit
   (3; (`embed;10;e));
   (3; (`reshape;-1,e,1,1));
   (2; (`cat;1));             / join inputs
   (1; (`convtranspose2d;n 0;n 1;4;1_a)); (1; (`batchnorm2d;n 1)); (1; `relu);  / 256 x  4 x  4
   (1; (`convtranspose2d;n 1;n 2;3;2;a)); (1; (`batchnorm2d;n 2)); (1; `relu);  / 128 x  7 x  7
   (1; (`convtranspose2d;n 2;n 3;4;2;a)); (1; (`batchnorm2d;n 3)); (1; `relu);  /  64 x 14 x 14
   (1; (`convtranspose2d;n 3;1;4;2;a)); (1; `tanh))                             /   1 x 28 x 28

/ discriminator: the image joined, as a 2nd channel, with a 28 x 28 map learned from the digit
e:50
a:`bias,0b
d:((0; `sequential);
   (1; `seqjoin);
   (2; `sequential);     / 1st fork: images passed through empty sequential
   (2; `sequential);     / 2nd fork: digit -> embedding -> liner -> 28 x 28
   (3; (`embed;10;e));
   (3; (`linear;e;28*28));
   (3; (`reshape;-1 1 28 28));
   (2; (`cat;1));
   (1; (`conv2d;2;n 3;4;2;1;a)); (1; (`leakyrelu;0.2));                              /  64 x 14 x 14
   (1; (`conv2d;n 3;n 2;4;2;1;a)); (1; (`batchnorm2d;n 2)); (1; (`leakyrelu;0.2));  / 128 x  7 x  7
   (1; (`conv2d;n 2;n 1;4;2;1;a)); (1; (`batchnorm2d;n 1)); (1; (`leakyrelu;0.2));  / 256 x  3 x  3
   (1; (`conv2d;n 1;1;3;1;0;a)); (1; `sigmoid); (1; (`flatten;0)))                  /   1 x  1 x  1

gan:{q:module x; to(q;y); model(q; loss`bce; opt(`adam;q;.0002;.5))}
g:gan[g]c
d:gan[d]c

/ the first o`train images (scaled to -1..1, n x 1 x 28 x 28) and labels, a vector on the device
v:mnist[]`x`y
v:vector(resize("e"$-1+((784*o`train)#v 0)%127.5;-1 1 28 28); "j"$o[`train]#v 1)
to(v;c)
b:o[`train]div w                       / whole batches per epoch
t:tensor each(`empty`zeros`ones),\:(w;c)  / targets: real (smoothed each batch), fake, real
normal z:tensor(`empty;w,zn,1 1;c)     / noise, refilled for every batch
V:vector((10#tensor z)where 10#10; 100#til 10)  / the grid's inputs: 10 noise rows x digits 0-9
to(V;c)

fit1:{[d;t;v] nograd d; uniform(t;0.8;1.0); backward(d;v;t)}
fit2:{[d;t;x;y] x:detach x; l:backward(d;(x;y);t); free x; step d; l}
fit3:{[d;g;t;x;y] nograd g; l:backward(d;(x;y);t); free(x;y); step g; l}

fit:{[d;g;t;v;z;w;i]
 batch(v;w;i);                              /i'th subset of MNIST images & labels
 l1:fit1[d;t 0;v];                          /train on real images
 normal z; y:tensor(`randint;10;w;c,`long); /random inputs & labels
 x:forward(g;z;y);                          /generate images
 l2:fit2[d;t 1;x;y];                        /train discriminator w'generated images & labels
 l3:fit3[d;g;t 2;x;y];                      /train generator: get discriminator to recognize as real
 (l1+l2),l3}                                /discriminator & generator loss

/ the 10 x 10 grid: a row per noise vector, a column per digit, to out/cgan01.png ...
grid:{[g;V;e] png(ganfile["cgan";e]; makegrid("h"$127.5*1+evaluate(g;V);10;10;2;255))}

-1"Epochs: ",string[o`epochs],", batch size: ",string[w],", iterations per epoch: ",string b;
i:0
do[o`epochs; ganmsg[i+:1]fit[d;g;t;v;z;w]'[til b]; grid[g;V;i]; shuffle v]
gansave["cgan";g]
ganend["cgan";i]
cganscore[judge c;g;c]
