/ a script for sys_scripts.txt: continuation lines, block comments, echo
a:1
f:{[x]
  y:x+1;
  y*2}
f 3
/
f 100
this is a block comment
\
1 2 3
`sym
"str"
g:{x+y}
  / comments between continuation lines are skipped
b:f 10;
c:3
\
d:4
