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
mismatches:{[p;y]i:where not p=y;g:group y i;k:asc key g;k!asc each p[i]g k}

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
