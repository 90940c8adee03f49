/* futex2.h - futex_waitv(2)'s vector (Linux uapi/linux/futex.h, futex2 part). */
#ifndef USHI_UAPI_FUTEX2_H
#define USHI_UAPI_FUTEX2_H

#include <types.h>

#define FUTEX2_SIZE_U8 0x00
#define FUTEX2_SIZE_U16 0x01
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_SIZE_U64 0x03
#define FUTEX2_SIZE_MASK 0x03
#define FUTEX2_PRIVATE 128      /* FUTEX_PRIVATE_FLAG */
#define FUTEX_WAITV_MAX 128

struct futex_waitv {
	u64 val;                /* the expected value (a u32's) */
	u64 uaddr;              /* the futex word */
	u32 flags;              /* FUTEX2_SIZE_U32, FUTEX2_PRIVATE */
	u32 __reserved;         /* 0 */
};

#endif
