/* io.h - mapping device registers and firmware tables (mm/ioremap.c). */
#ifndef USHI_IO_H
#define USHI_IO_H

#include <types.h>

void *ioremap(phys_addr_t pa, size_t len);

#endif
