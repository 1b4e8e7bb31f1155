/*
 * A pod-side probe for SocketLbIT: dials an address the way an application does and prints what
 * the application sees - the reply, getpeername() for TCP and connected UDP, recvfrom()'s source
 * for unconnected UDP - or the errno of a refused connect/send.
 *
 *   sock_probe tcp IP PORT               connect, getpeername, read the reply
 *   sock_probe udp IP PORT SRCPORT       bind SRCPORT, sendto, recvfrom (unconnected)
 *   sock_probe udp-connected IP PORT     connect, getpeername, send, recv
 * With tcp6/udp6/udp-connected6 the socket is AF_INET6 and IP is dialed as ::ffff:IP, as a
 * dual-stack application (a JVM) does.
 * Output, one line: "peer=IP:PORT reply=TEXT" or "error=NAME during=CALL".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int fail(const char *what)
{
	printf("error=%s during=%s\n", errno == ECONNREFUSED ? "ECONNREFUSED" : strerror(errno), what);
	return 1;
}

/* addr and port of a v4 socket address, or of a v4-mapped v6 one shown as its IPv4 address */
static void show(const struct sockaddr_storage *peer, const char *reply)
{
	char ip[INET6_ADDRSTRLEN];
	int port;
	if (peer->ss_family == AF_INET6) {
		const struct sockaddr_in6 *p6 = (const struct sockaddr_in6 *)peer;
		inet_ntop(AF_INET, &p6->sin6_addr.s6_addr[12], ip, sizeof ip);
		port = ntohs(p6->sin6_port);
		printf("peer=%s:%d reply=%s\n", ip, port, reply);
		return;
	}
	const struct sockaddr_in *p4 = (const struct sockaddr_in *)peer;
	inet_ntop(AF_INET, &p4->sin_addr, ip, sizeof ip);
	printf("peer=%s:%d reply=%s\n", ip, ntohs(p4->sin_port), reply);
}

static socklen_t address(int v6, const char *ip, int port, struct sockaddr_storage *out)
{
	memset(out, 0, sizeof *out);
	if (v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
		char mapped[64];
		snprintf(mapped, sizeof mapped, "::ffff:%s", ip);
		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		inet_pton(AF_INET6, mapped, &a->sin6_addr);
		return sizeof *a;
	}
	struct sockaddr_in *a = (struct sockaddr_in *)out;
	a->sin_family = AF_INET;
	a->sin_port = htons(port);
	inet_pton(AF_INET, ip, &a->sin_addr);
	return sizeof *a;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s tcp|udp|udp-connected[6] IP PORT [SRCPORT]\n", argv[0]);
		return 2;
	}
	size_t n = strlen(argv[1]);
	int v6 = argv[1][n - 1] == '6';
	int tcp = strncmp(argv[1], "tcp", 3) == 0;
	int connected = tcp || strncmp(argv[1], "udp-connected", 13) == 0;
	struct sockaddr_storage to, from, peer;
	socklen_t tolen = address(v6, argv[2], atoi(argv[3]), &to);
	int fd = socket(v6 ? AF_INET6 : AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	struct timeval tv = { .tv_sec = 2 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (argc > 4) {
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		socklen_t fromlen = address(v6, "0.0.0.0", atoi(argv[4]), &from);
		if (v6)
			memset(&((struct sockaddr_in6 *)&from)->sin6_addr, 0, 16);
		if (bind(fd, (struct sockaddr *)&from, fromlen) < 0)
			return fail("bind");
	}
	char buf[256] = { 0 };
	socklen_t len = sizeof peer;
	memset(&peer, 0, sizeof peer);
	if (connected) {
		if (connect(fd, (struct sockaddr *)&to, tolen) < 0)
			return fail("connect");
		if (getpeername(fd, (struct sockaddr *)&peer, &len) < 0)
			return fail("getpeername");
		if (!tcp && send(fd, "ping\n", 5, 0) < 0)
			return fail("send");
		if (recv(fd, buf, sizeof buf - 1, 0) < 0)
			return fail("recv");
	} else {
		if (sendto(fd, "ping\n", 5, 0, (struct sockaddr *)&to, tolen) < 0)
			return fail("sendto");
		if (recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&peer, &len) < 0)
			return fail("recvfrom");
	}
	buf[strcspn(buf, "\r\n")] = 0;
	show(&peer, buf);
	close(fd);
	return 0;
}
