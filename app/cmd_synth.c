/* cmd_synth.c — placeholder until the command is implemented. */
#include "app/cmd.h"

#include <stdio.h>

int cmd_synth(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "growthview %s: not implemented yet\n", argv[0]);
	return 2;
}
