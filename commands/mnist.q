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
/ Loading it twice only redefines the same functions.

showdigit:{[x;y]i:rand count y;show y i;-1"* "0=$[0h=type x;x i;28 cut x(784*i)+til 784];}
mismatches:{[p;y]i:where not p=y;g:group y i;k:asc key g;k!asc each p[i]g k}
