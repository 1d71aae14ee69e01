/ MNIST helpers defined in q: every session has them (mnistrepl/mnist/qbind.py installs
/ each definition below as a built-in name), and commands/mnist.q defines them again as
/ globals, as ktorch's examples/mnist/mnist.q does.

/ showdigit[images;labels]: show a random label (a short), then its 28x28 image as * art;
/ images are flattened pixels (d`x) or a list of 28x28 matrices (digits[])
showdigit:{[x;y]i:rand count y;show y i;-1"* "0=$[0h=type x;x i;28 cut x(784*i)+til 784];}

/ mismatches[p;y]: for each true digit with errors, the sorted wrong predictions
/ (sorted through a grade, not asc: q shows asc's `s# on each item; ktorch's printed
/ dictionaries have none)
mismatches:{[p;y]i:where not p=y;g:group y i;k:asc key g;k!{x iasc x}each p[i]g k}
