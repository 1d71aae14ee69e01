/ mnist.q: the MNIST helpers for command files and sessions (\l commands/mnist.q).
/ Built into every session (natives, nothing to load):
/   mnist[] or mnist`:dir   dictionary `x`y`X`Y of shorts: training images (flattened) and
/                           labels, test images and labels; the default directory is data/
/                           beside the script (.z.f), else --data, $MNIST_DATA, the project's
/                           data/; the files are read raw or .gz
/   digits[]                ten 28x28 short images (0 background, 255 ink) of digits 0-9
/ Defined here in q (the same text is built into every session from mnistrepl/mnist/helpers.q;
/ loading this file makes them globals, as ktorch's examples/mnist/mnist.q does):
/   showdigit[images;labels]  a random label, then its image as * art
/   mismatches[p;y]           true digit -> sorted wrong predictions, digits with errors only
/ For the classifier command files (logit.q ... lstm.q), defined below this file's copy of
/ helpers.q: opts prep epochmsg misses missgrid showmisses pixels.
/ Loading it twice only redefines the same functions.

showdigit:{[x;y]i:rand count y;show y i;-1"* "0=$[0h=type x;x i;28 cut x(784*i)+til 784];}
mismatches:{[p;y]i:where not p=y;g:group y i;k:asc key g;k!{x iasc x}each p[i]g k}

/ --- helpers shared by the classifier command files -----------------------------

/ opts[defaults]: the defaults overridden by -name value pairs on the command line, checked
/ before any training: -train and -test within the images MNIST has, -epochs at least 1
/ (an error such as '-train 1000000: only 60000 training images)
opts:{o:.Q.def[x].Q.opt .z.x;
 lim:`train`test`epochs!((1;60000;"training images");(1;10000;"test images");(1;0W;""));
 chk:{[o;lim;k]v:o k;l:lim k;w:"-",string[k]," ",string[v],": ";
  if[v>l 1;'w,"only ",string[l 1]," ",l 2];
  if[v<l 0;'w,"expecting at least ",string l 0]};
 chk[o;lim] each key[o] inter key lim; o}

/ prep[o;shape;d]: the first o`train training and o`test test images, pixels scaled to
/ -1..1 as reals in the given shape (-1 784, -1 1 28 28, ...), labels as longs
prep:{[o;s;d]
 d:@[d;`x`y`X`Y;{y#x};(784;1;784;1)*o`train`train`test`test];
 @[;`y`Y;"j"$]@[d;`x`X;{resize("e"$-1+x%127.5;y)}[;s]]}

/ epochmsg[fmt;labels;values]: one line per epoch, e.g.
/  " 1.  lr: 0.0100  training loss: 0.827390  test accuracy: 96.84%"
epochmsg:{[w;d;h;x] -1 raze[h,'.Q.fmt'[w;d;x]],"%";}

/ misses[y;yhat]: table of the test images the model got wrong, by true digit
misses:{[y;p] asc([]y;yhat:p;ind:til count y)where not y=p}

/ missgrid[X;t]: the mismatch grid (product.md 5): per true digit with errors, an upper row
/ with the glyph of each wrong prediction and a lower row with the true digit's glyph then
/ the misclassified images; rows padded with blanks to the widest. X: test images, shorts
/ 0-255, one 28x28 matrix each.
missgrid:{[X;t]
 p:exec yhat by y from t; i:exec ind by y from t;
 w:1+max count each p; b:28 28#0h; n:digits[];
 fill:{[w;b;r] r,(w-count r)#enlist b}[w;b];
 up:fill each (enlist b),/:n value p;
 lo:fill each (enlist each n key p),'X value i;
 makegrid(raze up,'lo; 2*count p; w; 2; 255)}

/ showmisses[X;Y;p;file]: print the mismatches dictionary, write the grid, print its name
showmisses:{[X;Y;p;f]
 t:misses[Y;p];
 -1 "\nmismatches:"; show exec yhat by y from t;
 -1 "\ngrid of mismatches: ",1_string png(f;missgrid[X;t]);}

/ pixels[x]: scaled images back to 28x28 matrices of shorts 0-255 (for grids)
pixels:{"h"$127.5*1+resize(x;-1 28 28)}

/ --- helpers shared by the GAN command files (gan.q, cgan.q) ------------------------

/ ganopts[defaults]: opts, and at least one batch of 60 training images
ganopts:{o:opts x;
 if[60>o`train; '"-train ",string[o`train],": expecting at least 60 (one batch)"];
 o}

/ ganfile[name;epoch]: `:out/gan01.png ...
ganfile:{` sv hsym[`$outdir[]],`$x,("0"^-2$string y),".png"}

/ ganmsg[epoch;losses]: "Epoch: 1    10:11:55    Median loss for discriminator: 0.763 generator: 2.026"
ganmsg:{-1"Epoch: ",(4$string x)," ",(12$string"v"$.z.T),"Median loss for discriminator:",
   .Q.fmt[6;3;y 0]," generator:",.Q.fmt[6;3]last y:med y;}

/ ganend[name;epochs]: the GIF of every epoch's grid, then the seed's closing line
ganend:{gif(` sv hsym[`$outdir[]],`$x,".gif";ganfile[x]'[1+til y]);
 -1"\nGenerated digits in dir ",outdir[],"/, ",x,"01.png - ",(string last` vs ganfile[x;y]),", ",x,".gif";}

/ judgenet[c]: the classifier that scores generated digits, conv.q's network on device c.
/ judge reads its weights from out/judge.dat; on first use it is trained (adamw, batches of
/ 100) until it labels at least 99% of the 10000 test digits right, and saved there.
judgenet:{[c]
 q:(`sequential; (`conv2d; 1;20;5); `relu; `drop; (`maxpool2d;2));
 q,:((`conv2d;20;50;5); `relu; `drop; (`maxpool2d;2); `flatten);
 q,:((`linear;800;500); `relu; `drop; (`linear;500;10));
 q:module seq q; to(q;c);
 model(q; loss`ce; opt(`adamw;q))}

/ judge[c]: judgenet[c] with its weights: from out/judge.dat, else trained now and saved
judge:{[c]
 m:judgenet c; f:` sv hsym[`$outdir[]],`judge.dat;
 $[99h=type w:@[get;f;0b]; judgeload[m;w]; judgetrain[m;f]];
 m}

/ judgeload[m;weights]: copy saved weights (name -> array) into the classifier
judgeload:{[m;w] r:copyparms(m;p:dict w); free p; if[not all r; '"judge: saved weights do not fit"]}

/ judgetrain[m;file]: train the classifier to >= 99% test accuracy (8 epochs at most), save it
judgetrain:{[m;f]
 d:prep[`train`test!60000 10000;-1 1 28 28] mnist[];
 train(m; `batchsize`shuffle; 100,1b); train(m; d`x; d`y);
 test(m; `batchsize`metrics; 1000,`accuracy); test(m; d`X; d`Y);
 a:0f; e:0; while[(a<99)&e<8; run m; a:testrun m; e+:1];
 if[a<99; '"judge: the classifier reached only ",.Q.f[2;a],"% in ",string[e]," epochs"];
 f set dict p:parms m; free p;
 -1"classifier for the score: conv.q's network, ",.Q.f[2;a],"% on the test set after ",
   string[e]," epoch(s), weights saved in ",1_string f;}

/ probs[m;x]: the classifier's probabilities for images x (softmax of its outputs)
probs:{[m;x] {e%sum e:exp x-max x}each evaluate(m;x)}

/ ganscore[m;g;c]: the share of 1000 digits from g that classifier m labels with probability
/ >= 0.9, and the share of each digit 0-9 among those
ganscore:{[m;g;c]
 p:probs[m;evaluate(g;z:tensor(`randn;1000 100 1 1;c))]; free z;
 k:{x?max x}each p where .9<=max each p;
 -1"classifier is confident (p >= 0.9) about ",.Q.f[1;100*count[k]%1000],"% of 1000 generated digits";
 -1"share of each digit among them: ",", "sv{string[x],": ",.Q.f[1;y],"%"}'[til 10;100*@[10#0;k;+;1]%1|count k];}

/ cganscore[m;g;c]: the share of 1000 digits from g, 100 asked of each label, that
/ classifier m labels as the digit asked for
cganscore:{[m;g;c]
 y:1000#til 10;
 p:{x?max x}each evaluate(m;evaluate(g;z:tensor(`randn;1000 100 1 1;c);y)); free z;
 -1"classifier recognised ",.Q.f[1;100*avg y=p],"% of 1000 generated digits as the digit asked for";}
