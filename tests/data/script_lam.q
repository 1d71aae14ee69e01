h:{x+`a}
h 1
