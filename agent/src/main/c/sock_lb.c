// SPDX-License-Identifier: GPL-2.0
/*
 * podnet's socket-level service load balancer (Cilium's approach): a Service address is
 * translated once, when a pod calls connect() or sendmsg(), so its packets travel pod to pod
 * with no per-packet NAT and no conntrack entry. Attached to a lab node's own cgroup (v2), so
 * only that node's pod processes are translated; nothing of the host's is. The *6 programs
 * translate IPv4-mapped addresses only: a dual-stack socket (Java's default) dialing an IPv4 Service.
 *
 * Maps (all written by the agent, agent/ebpf/SocketLb, byte layouts in agent/ebpf/SocketLbMaps):
 *   podnet_svc  frontend (address, port, protocol) -> backend set id, count, affinity
 *   podnet_be   (set id, slot)                    -> backend (address, port)
 *   podnet_aff  (client netns, set id)            -> last backend and when (ClientIP affinity)
 *   podnet_rev  (socket, backend)                 -> the frontend, for recvmsg/getpeername
 * Addresses and ports are in network order, ids and slots in host order.
 */
#include <linux/bpf.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define ECONNREFUSED 111
#define NS_PER_SEC 1000000000ULL

struct svc_key {
	__be32 addr;
	__be16 port;
	__u8 proto;
	__u8 pad;
};

struct svc_value {
	__u32 id;
	__u16 count;
	__u16 flags;
	__u32 affinity_sec;
};

struct be_key {
	__u32 id;
	__u32 slot;
};

struct be_value {
	__be32 addr;
	__be16 port;
	__u16 pad;
};

struct aff_key {
	__u64 netns;
	__u32 id;
	__u32 pad;
};

struct aff_value {
	__be32 addr;
	__be16 port;
	__u16 slot;
	__u64 last_ns;
};

struct rev_key {
	__u64 cookie;
	__be32 addr;
	__be16 port;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 262144);
	__type(key, struct svc_key);
	__type(value, struct svc_value);
} podnet_svc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1048576);
	__type(key, struct be_key);
	__type(value, struct be_value);
} podnet_be SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct aff_key);
	__type(value, struct aff_value);
} podnet_aff SEC(".maps");

/* LRU: a socket's entry is needed as long as the socket lives, and sockets do not say goodbye. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 262144);
	__type(key, struct rev_key);
	__type(value, struct be_value);
} podnet_rev SEC(".maps");

/* The backend ClientIP affinity remembers, while it is fresh and still in the set at its slot. */
static __always_inline int affine(struct bpf_sock_addr *ctx, const struct svc_value *svc,
				  struct aff_key *ak, struct be_value *out)
{
	struct aff_value *av = bpf_map_lookup_elem(&podnet_aff, ak);
	if (!av || av->slot >= svc->count)
		return 0;
	__u64 now = bpf_ktime_get_ns();
	if (now - av->last_ns > (__u64)svc->affinity_sec * NS_PER_SEC)
		return 0;
	struct be_key bk = { .id = svc->id, .slot = av->slot };
	struct be_value *be = bpf_map_lookup_elem(&podnet_be, &bk);
	if (!be || be->addr != av->addr || be->port != av->port)
		return 0;
	av->last_ns = now;
	*out = *be;
	return 1;
}

/* 1 and the chosen backend in *out, 0 when the set is empty or being rewritten. */
static __always_inline int pick(struct bpf_sock_addr *ctx, const struct svc_value *svc, struct be_value *out)
{
	struct aff_key ak = { .id = svc->id };
	if (svc->affinity_sec) {
		ak.netns = bpf_get_netns_cookie(ctx);
		if (affine(ctx, svc, &ak, out))
			return 1;
	}
	struct be_key bk = { .id = svc->id, .slot = bpf_get_prandom_u32() % svc->count };
	struct be_value *be = bpf_map_lookup_elem(&podnet_be, &bk);
	if (!be)
		return 0;
	*out = *be;
	if (svc->affinity_sec) {
		struct aff_value av = { .addr = be->addr, .port = be->port, .slot = bk.slot, .last_ns = bpf_ktime_get_ns() };
		bpf_map_update_elem(&podnet_aff, &ak, &av, BPF_ANY);
	}
	return 1;
}

#define PASS 1
#define REFUSED 0
#define TRANSLATED 2

/*
 * connect() and sendmsg() to addr:port: PASS when it is no Service, REFUSED when the Service has no
 * backend (the caller sees ECONNREFUSED at once, the socket-level REJECT), else TRANSLATED with the
 * backend in *out and the socket's reverse entry written.
 */
static __always_inline int lb(struct bpf_sock_addr *ctx, __be32 addr, struct be_value *out)
{
	if (ctx->protocol != IPPROTO_TCP && ctx->protocol != IPPROTO_UDP)
		return PASS;
	struct svc_key key = { .addr = addr, .port = (__be16)ctx->user_port, .proto = (__u8)ctx->protocol };
	struct svc_value *svc = bpf_map_lookup_elem(&podnet_svc, &key);
	if (!svc)
		return PASS;
	if (svc->count == 0 || !pick(ctx, svc, out)) {
		bpf_set_retval(-ECONNREFUSED);
		return REFUSED;
	}
	struct rev_key rk = { .cookie = bpf_get_socket_cookie(ctx), .addr = out->addr, .port = out->port };
	struct be_value front = { .addr = key.addr, .port = key.port };
	bpf_map_update_elem(&podnet_rev, &rk, &front, BPF_ANY);
	return TRANSLATED;
}

static __always_inline int translate4(struct bpf_sock_addr *ctx)
{
	struct be_value be = {};
	int r = lb(ctx, ctx->user_ip4, &be);
	if (r == TRANSLATED) {
		ctx->user_ip4 = be.addr;
		ctx->user_port = (__u32)be.port;
	}
	return r != REFUSED;
}

/* ::ffff:a.b.c.d - what a dual-stack socket (Java's default) dials for an IPv4 address */
static __always_inline int v4_mapped(struct bpf_sock_addr *ctx)
{
	return ctx->user_ip6[0] == 0 && ctx->user_ip6[1] == 0 && ctx->user_ip6[2] == bpf_htonl(0x0000ffff);
}

static __always_inline int translate6(struct bpf_sock_addr *ctx)
{
	if (!v4_mapped(ctx))
		return 1;
	struct be_value be = {};
	int r = lb(ctx, ctx->user_ip6[3], &be);
	if (r == TRANSLATED) {
		ctx->user_ip6[3] = be.addr;
		ctx->user_port = (__u32)be.port;
	}
	return r != REFUSED;
}

/* recvmsg() and getpeername(): a backend's address is shown as the Service's, as the caller asked. */
static __always_inline int reverse4(struct bpf_sock_addr *ctx)
{
	struct rev_key rk = { .cookie = bpf_get_socket_cookie(ctx), .addr = ctx->user_ip4, .port = (__be16)ctx->user_port };
	struct be_value *front = bpf_map_lookup_elem(&podnet_rev, &rk);
	if (front) {
		ctx->user_ip4 = front->addr;
		ctx->user_port = (__u32)front->port;
	}
	return 1;
}

static __always_inline int reverse6(struct bpf_sock_addr *ctx)
{
	if (!v4_mapped(ctx))
		return 1;
	struct rev_key rk = { .cookie = bpf_get_socket_cookie(ctx), .addr = ctx->user_ip6[3], .port = (__be16)ctx->user_port };
	struct be_value *front = bpf_map_lookup_elem(&podnet_rev, &rk);
	if (front) {
		ctx->user_ip6[3] = front->addr;
		ctx->user_port = (__u32)front->port;
	}
	return 1;
}

SEC("cgroup/connect4")
int podnet_connect4(struct bpf_sock_addr *ctx)
{
	return translate4(ctx);
}

SEC("cgroup/sendmsg4")
int podnet_sendmsg4(struct bpf_sock_addr *ctx)
{
	return translate4(ctx);
}

SEC("cgroup/recvmsg4")
int podnet_recvmsg4(struct bpf_sock_addr *ctx)
{
	return reverse4(ctx);
}

SEC("cgroup/getpeername4")
int podnet_getpeername4(struct bpf_sock_addr *ctx)
{
	return reverse4(ctx);
}

SEC("cgroup/connect6")
int podnet_connect6(struct bpf_sock_addr *ctx)
{
	return translate6(ctx);
}

SEC("cgroup/sendmsg6")
int podnet_sendmsg6(struct bpf_sock_addr *ctx)
{
	return translate6(ctx);
}

SEC("cgroup/recvmsg6")
int podnet_recvmsg6(struct bpf_sock_addr *ctx)
{
	return reverse6(ctx);
}

SEC("cgroup/getpeername6")
int podnet_getpeername6(struct bpf_sock_addr *ctx)
{
	return reverse6(ctx);
}

char LICENSE[] SEC("license") = "GPL";
