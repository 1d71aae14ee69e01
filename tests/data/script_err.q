p:1
q1:p+1
r:p+`x
s:3
