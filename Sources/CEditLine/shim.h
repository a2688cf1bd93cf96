// libedit's readline-compatible interface (named explicitly: GNU readline's headers may also be present).
#include <stdio.h>
#include <editline/readline.h>
