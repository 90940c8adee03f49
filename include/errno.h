/* errno.h - the kernel uses Linux's error numbers (uapi/errno.h). */
#include <uapi/errno.h>
