/* socket.h - the socket ABI ushi serves on x86-64 (Linux's linux/socket.h,
 * linux/net.h and asm-generic/socket.h): AF_UNIX pairs and their messages. */
#ifndef USHI_UAPI_SOCKET_H
#define USHI_UAPI_SOCKET_H

#include <types.h>
#include <uapi/fcntl.h>

#define AF_UNSPEC 0
#define AF_UNIX 1
#define NPROTO 46                       /* AF_MAX: families are below it */

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define SOCK_MAX 11                     /* SOCK_PACKET + 1 */
#define SOCK_TYPE_MASK 0xf
#define SOCK_CLOEXEC O_CLOEXEC
#define SOCK_NONBLOCK O_NONBLOCK

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SOL_SOCKET 1
#define SCM_RIGHTS 0x01
#define SCM_CREDENTIALS 0x02
#define SCM_MAX_FD 253                  /* fds one message may carry */

struct sockaddr {
	u16 sa_family;
	char sa_data[14];
};

struct user_msghdr {
	void *msg_name;
	int msg_namelen;
	struct iovec *msg_iov;
	size_t msg_iovlen;
	void *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	size_t cmsg_len;                /* header and data, unpadded */
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN(len) (sizeof(struct cmsghdr) + (len))
#define CMSG_SPACE(len) (sizeof(struct cmsghdr) + CMSG_ALIGN(len))

#endif
