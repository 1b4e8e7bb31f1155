/*
 * A pod-side probe for SocketLbIT: dials an address the way an application does and prints what
 * the application sees - the reply, getpeername() for TCP and connected UDP, recvfrom()'s source
 * for unconnected UDP - or the errno of a refused connect/send.
 *
 *   sock_probe tcp IP PORT               connect, getpeername, read the reply
 *   sock_probe udp IP PORT SRCPORT       bind SRCPORT, sendto, recvfrom (unconnected)
 *   sock_probe udp-connected IP PORT     connect, getpeername, send, recv
 * Output, one line: "peer=IP:PORT reply=TEXT" or "error=NAME".
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

static void show(const struct sockaddr_in *peer, const char *reply)
{
	char ip[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &peer->sin_addr, ip, sizeof ip);
	printf("peer=%s:%d reply=%s\n", ip, ntohs(peer->sin_port), reply);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s tcp|udp|udp-connected IP PORT [SRCPORT]\n", argv[0]);
		return 2;
	}
	int tcp = strcmp(argv[1], "tcp") == 0;
	int connected = tcp || strcmp(argv[1], "udp-connected") == 0;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[3])) };
	inet_pton(AF_INET, argv[2], &to.sin_addr);
	int fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	struct timeval tv = { .tv_sec = 2 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (argc > 4) {
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		struct sockaddr_in from = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[4])) };
		if (bind(fd, (struct sockaddr *)&from, sizeof from) < 0)
			return fail("bind");
	}
	char buf[256] = { 0 };
	struct sockaddr_in peer = { 0 };
	socklen_t len = sizeof peer;
	if (connected) {
		if (connect(fd, (struct sockaddr *)&to, sizeof to) < 0)
			return fail("connect");
		if (getpeername(fd, (struct sockaddr *)&peer, &len) < 0)
			return fail("getpeername");
		if (!tcp && send(fd, "ping\n", 5, 0) < 0)
			return fail("send");
		if (recv(fd, buf, sizeof buf - 1, 0) < 0)
			return fail("recv");
	} else {
		if (sendto(fd, "ping\n", 5, 0, (struct sockaddr *)&to, sizeof to) < 0)
			return fail("sendto");
		if (recvfrom(fd, buf, sizeof buf - 1, 0, (struct sockaddr *)&peer, &len) < 0)
			return fail("recvfrom");
	}
	buf[strcspn(buf, "\r\n")] = 0;
	show(&peer, buf);
	close(fd);
	return 0;
}
