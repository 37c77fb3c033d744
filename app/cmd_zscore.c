/* cmd_zscore.c — placeholder. */
#include "app/cmd.h"

#include <stdio.h>

int cmd_zscore(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "growthview %s: not implemented yet\n", argv[0]);
	return 2;
}
