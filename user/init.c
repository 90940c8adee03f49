/* init - the default first program: says hello and exits. */
#include <stdio.h>

int main(void)
{
	printf("hello from user space\n");
	return 0;
}
