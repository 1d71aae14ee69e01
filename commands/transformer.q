/ transformer.q: a compact convolutional transformer in the style of ktorch's cct.q: input
/ transforms (random crop and z-score in training, z-score alone in evaluation), a tokeniser
/ of two convolutions, a learned position embedding, two encoder blocks (self-attention and a
/ feed-forward layer, each a residual with drop-path), attention pooling and a linear decoder
/   mnistrepl commands/transformer.q [-epochs 20] [-train 60000] [-test 10000]
p:first` vs hsym .z.f
system"l ",1_string` sv p,`mnist.q
{key[x]set'get x}(`ktorch 2:`fns,1)[];
o:opts`epochs`train`test!20 60000 10000

d:prep[o;-1 1 28 28] mnist[]
d[`mean`std]:meanstd(d`x;0 2 3)               / per-channel mean and deviation for zscore
if[in[c:device[];cudadevices()]; setting`benchmark,1b]

e:48; h:2; k:10; p1:.1                        / embedding dim, heads, classes, dropout

/ inp - training transform: crop after padding by 2 and zscore; evaluation: zscore only
z:(`zscore;`zscore;d`mean;d`std)
inp:(`transform`input; seq(`sequential;(`randomcrop;`crop;28;2);z); seq(`sequential;z))

/ tok - two convolution blocks, 28 -> 14 -> 7, then 49 tokens of e features
conv:{[i;o;s]((`conv2d;`$"conv",s;i;o;3;1;1;`bias,0b); `relu,`$"relu",s; (`maxpool2d;`$"pool",s;3;2;1))}
tok:seq enlist[`seqnest`token],conv[1;16;"1"],conv[16;e;"2"],((`flatten;`flat;2;3); `transpose`transpose)

/ pos - learned position embedding added to the tokens
pos:(`residual`position; seq(`sequential; (`embedpos;`emb;49;e)))

/ blk - an encoder block: attention (with its own pre-norm), then norm and feed-forward
blk:{[e;h;p;q]
 a:seq(`sequential; (`selfattention;`attn;e;h;p;1b); (`droppath;`drop;q));
 b:seq(`sequential; (`layernorm;`norm;e); (`linear;`linear1;e;2*e); `gelu`gelu; (`linear;`linear2;2*e;e); (`droppath;`drop;q));
 (`sequential; (`residual`resid1;a); (`residual`resid2;b))}
enc:enlist[`seqlist`blocks],blk[e;h;p1]'[0 .1]

/ dec - norm, attention pooling (softmax weights over tokens times tokens), linear layer
pool:seq(`sequential; (`linear;`attnpool;e;1); (`softmax;`softmax;1); `transpose`transpose)
dec:(`seqnest`end; enlist(`layernorm;`norm;e); (`seqjoin`join; pool; `matmul`mul); enlist(`squeeze;`squeeze;-2); enlist(`linear;`fc;e;k))

q:module`sequential
{module(q;1;module x)}each(inp;tok;pos;enc;dec);

/ linear weights from N(0,.02) with zero biases, kaiming normal for convolution weights
w:parmtypes q
{$[y like"*.weight"; normal(x;y;0;.02); zeros(x;y)]}[q]'[where w=`linear];
{if[y like"*.weight"; knormal(x;y)]}[q]'[where w=`conv2d];
to(q;c)

/ no weight decay for biases, norms and the position embedding
g:key w; b:g where(value[w] in`embedpos`layernorm)|g like"*.bias"
r:opt(`adamw;();.003;.9;.95)
opt(r;0;(q;b);`decay,0.0)
opt(r;1;(q;g except b);`decay,0.05)
m:model(q; loss(`ce;`smoothing,.1); r)
train(m; `batchsize`shuffle; 50,1b);           train(m; d`x; d`y);
test(m; `batchsize`metrics; 500,`accuracy);   test(m; d`X; d`Y);

e:o`epochs
s:(1+til e)!.003*.5*1+cos acos[-1]*til[e]%e     / cosine decay of the learning rate
fit:{[m;s;i] lr(m;s i); epochmsg[4 7 9 6;0 4 6 2;("";"  lr:";"  training loss:";"  test accuracy:")] i,s[i],raze`run`testrun@\:m; i+1}
system"ts ",string[e]," fit[m;s]/1"

test(m;`metrics;`predict)
showmisses[pixels d`X;d`Y;testrun m;` sv hsym[`$outdir[]],`transformer.png]
