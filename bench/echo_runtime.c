/* The benchmark's baseline: a Lambda custom runtime in C that loops the Runtime API on one raw
 * keep-alive socket and echoes each event back. Nothing can do less work per invocation. */
#define _GNU_SOURCE
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static char buf[1 << 20];
static size_t have;

static int open_socket(const char *endpoint) {
    char host[256];
    const char *colon = strrchr(endpoint, ':');
    if (!colon || (size_t)(colon - endpoint) >= sizeof host) return -1;
    memcpy(host, endpoint, colon - endpoint);
    host[colon - endpoint] = 0;
    struct addrinfo hints = {0}, *res;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &res)) return -1;
    int fd = socket(res->ai_family, res->ai_socktype, 0);
    if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen)) return -1;
    freeaddrinfo(res);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Reads one response; returns its status, copies the request id, points *body at the body. */
static int read_response(int fd, char *request_id, char **body, size_t *body_len) {
    char *end;
    while (!(end = memmem(buf, have, "\r\n\r\n", 4))) {
        ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
        if (n <= 0) return -1;
        have += n;
    }
    *end = 0;
    int status = atoi(buf + 9);
    size_t length = 0;
    request_id[0] = 0;
    for (char *line = strstr(buf, "\r\n"); line && line < end; line = strstr(line + 2, "\r\n")) {
        if (!strncasecmp(line + 2, "content-length:", 15)) length = strtoul(line + 17, 0, 10);
        if (!strncasecmp(line + 2, "lambda-runtime-aws-request-id:", 30)) sscanf(line + 32, " %127[^\r]", request_id);
    }
    size_t head = end + 4 - buf;
    while (have < head + length) {
        ssize_t n = recv(fd, buf + have, sizeof buf - have, 0);
        if (n <= 0) return -1;
        have += n;
    }
    *body = buf + head;
    *body_len = length;
    return status;
}

int main(void) {
    const char *endpoint = getenv("AWS_LAMBDA_RUNTIME_API");
    int fd = endpoint ? open_socket(endpoint) : -1;
    if (fd < 0) return 1;
    static char out[1 << 20];
    static const char next[] = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n";
    for (;;) {
        if (send(fd, next, sizeof next - 1, MSG_NOSIGNAL) < 0) return 1;
        char id[128], *body;
        size_t len;
        have = 0;
        int status = read_response(fd, id, &body, &len);
        if (status != 200) return status == 500 ? 0 : 1;
        int head = snprintf(out, sizeof out,
                            "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: x\r\n"
                            "Content-Length: %zu\r\n\r\n", id, len);
        memcpy(out + head, body, len);
        if (send(fd, out, head + len, MSG_NOSIGNAL) < 0) return 1;
        have = 0;
        if (read_response(fd, id, &body, &len) < 0) return 1;
    }
}
