#ifndef USHI_UAPI_PERSONALITY_H
#define USHI_UAPI_PERSONALITY_H
/* personality(2)'s flags that ushi acts on (linux/personality.h). */
#define UNAME26 0x0020000               /* uname's release reads "2.6.(40+x)" */
#define READ_IMPLIES_EXEC 0x0400000     /* cleared by every execve of a 64-bit program */
#define STICKY_TIMEOUTS 0x4000000       /* select and poll leave the timeout alone */
#define PER_LINUX 0x0000
#endif
