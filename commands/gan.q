/ gan.q: a generative adversarial network making new digits from noise (the seed's "GAN")
/   mnistrepl commands/gan.q [-epochs 20] [-train 60000]
/ Writes out/gan01.png .. (the fixed noise's 60 digits after each epoch) and out/gan.gif,
/ then scores 1000 new digits with a classifier (see judge in mnist.q).
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:ganopts`epochs`train!20 60000

w:60                                   / batch size
n:100 256 128 64                       / noise size, then the channels of the convolutions
c:device[]
if[c in cudadevices(); setting`benchmark,1b]
gan:{to(x:module seq `sequential,x;y); model(x; loss`bce; opt(`adam;x;.0002;.5))}

/ generator: noise 100 x 1 x 1 -> image 1 x 28 x 28
a:`pad`bias!(1;0b)
g :((`convtranspose2d;n 0;n 1;4;1_a); (`batchnorm2d;n 1); `relu)  / 256 x  4 x  4
g,:((`convtranspose2d;n 1;n 2;3;2;a); (`batchnorm2d;n 2); `relu)  / 128 x  7 x  7
g,:((`convtranspose2d;n 2;n 3;4;2;a); (`batchnorm2d;n 3); `relu)  /  64 x 14 x 14
g,:((`convtranspose2d;n 3;  1;4;2;a); `tanh)                      /   1 x 28 x 28
g:gan[g]c

/ discriminator: image -> probability that it is a handwritten digit
a:`bias,0b
d :((`conv2d;  1;n 3;4;2;1;a); (`leakyrelu; 0.2))                      /  64 x 14 x 14
d,:((`conv2d;n 3;n 2;4;2;1;a); (`batchnorm2d;n 2); (`leakyrelu; 0.2))  / 128 x  7 x  7
d,:((`conv2d;n 2;n 1;4;2;1;a); (`batchnorm2d;n 1); (`leakyrelu; 0.2))  / 256 x  3 x  3
d,:((`conv2d;n 1;  1;3;1;0;a); `sigmoid; (`flatten;0))                 /   1 x  1 x  1
d:gan[d]c

/ the first o`train images scaled to -1..1, n x 1 x 28 x 28, on the device
x:tensor(resize("e"$-1+((784*o`train)#mnist[]`x)%127.5;-1 1 28 28);c)
b:o[`train]div w                       / whole batches per epoch
t:tensor each(`empty`zeros`ones),\:(w;c)  / targets: real (smoothed each batch), fake, real
z:tensor(`empty;w,n[0],1 1;c)          / noise, refilled for every batch
Z:tensor(`randn;w,n[0],1 1;c)          / fixed noise: the same 60 digits drawn every epoch

fit1:{[d;x;y] nograd d; uniform(y;.8;1); backward(d;x;y)}
fit2:{[d;x;y] x:detach x; l:backward(d;x;y); free x; step d; l}
fit3:{[d;g;x;y] nograd g; l:backward(d;x;y); free x; step g; l}

fit:{[d;g;t;x;z;w;i]
/d:discriminator, g:generator, t:targets, x:images, z:noise, w:batch size, i:index
 batch(x;w;i);             /take i'th subset of MNIST images
 l0:fit1[d;x;t 0];         /train discriminator w'real images
 normal z; x:forward(g;z); /generate images from noise
 l1:fit2[d;x;t 1];         /train d w'generated images
 l2:fit3[d;g;x;t 2];       /train generator w'discriminator accepting generated images
 (l0+l1),l2}               /return discriminator & generator loss

/ the fixed noise's 60 digits, 10 rows of 6, to out/gan01.png ...
grid:{[g;Z;e] png(ganfile["gan";e]; makegrid("h"$127.5*1+evaluate(g;Z);10;6;2;255))}

-1"Epochs: ",string[o`epochs],", batch size: ",string[w],", iterations per epoch: ",string b;
e:0
do[o`epochs; ganmsg[e+:1]fit[d;g;t;x;z;w]'[til b]; grid[g;Z;e]; restore x; shuffle x]
gansave["gan";g]
ganend["gan";e]
ganscore[judge c;g;c]
