/*
 * The kernel's floor under a fan-out on this host: what one write(2) of one small frame to one
 * TCP connection costs the writing process, with no server logic around it. A WebSocket server
 * that delivers each broadcast with one write per connection (Hibiki, Node `ws`) cannot spend less
 * CPU per delivery than this on the same machine, so it bounds any "CPU per delivery" target.
 *
 *   gcc -O2 -o writefloor writefloor.c && ./writefloor [connections] [msgs/s] [seconds] [frame bytes]
 *   defaults: 2000 50 10 150 (the broadcast scenario of bench/compare.sh, a frame of its size)
 *
 * The parent accepts the connections (TCP_NODELAY, as Netty and Node set it) and writes one frame
 * to each per message, paced like the scenario; a forked child holds the client ends and reads
 * everything with epoll, as the benchmark's clients do. On loopback the receiving side's TCP work
 * runs inside the sender's write, as it does for the servers measured. Prints the parent's CPU
 * (user + system, getrusage) per write over the measured seconds, after 2 s of warm-up.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu_self(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

/* The client ends: connect n, then read and discard until every connection is closed. */
static void clients(struct sockaddr_in addr, int n) {
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) die("client connect");
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    char buf[65536];
    struct epoll_event evs[256];
    int open = n;
    while (open > 0) {
        int k = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < k; i++) {
            ssize_t r = read(evs[i].data.fd, buf, sizeof buf);
            if (r <= 0) {
                close(evs[i].data.fd);
                open--;
            }
        }
    }
    exit(0);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    double rate = argc > 2 ? atof(argv[2]) : 50;
    double seconds = argc > 3 ? atof(argv[3]) : 10;
    int size = argc > 4 ? atoi(argv[4]) : 150;
    double warmup = 2;

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (bind(ls, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(ls, 4096) < 0) die("listen");
    getsockname(ls, (struct sockaddr *)&addr, &len);

    pid_t child = fork();
    if (child == 0) clients(addr, n);

    int *fds = malloc(sizeof(int) * n);
    int one = 1;
    for (int i = 0; i < n; i++) {
        fds[i] = accept(ls, NULL, NULL);
        if (fds[i] < 0) die("accept");
        setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }

    /* A WebSocket text frame: 2-byte header for a payload under 126 bytes, 4 bytes above. */
    char *frame = malloc(size);
    memset(frame, 'x', size);
    frame[0] = (char)0x81;

    double start = now(), period = 1.0 / rate, next = start;
    double cpu0 = 0, t0 = 0;
    long writes = 0;
    int measuring = 0;
    for (;;) {
        double t = now();
        if (!measuring && t - start >= warmup) {
            measuring = 1;
            cpu0 = cpu_self();
            t0 = t;
            writes = 0;
        }
        if (measuring && t - t0 >= seconds) break;
        for (int i = 0; i < n; i++) {
            if (write(fds[i], frame, size) != size) die("write");
        }
        writes += n;
        next += period;
        double wait = next - now();
        if (wait > 0) {
            struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    double cpu = cpu_self() - cpu0, wall = now() - t0;
    for (int i = 0; i < n; i++) close(fds[i]);
    waitpid(child, NULL, 0);
    printf("write floor: %d connections, %.0f msg/s, %d-byte frames: %ld writes in %.1f s, "
           "writer CPU %.2f s = %.2f us per write (%.0f%% of one core)\n",
           n, rate, size, writes, wall, cpu, cpu * 1e6 / writes, 100 * cpu / wall);
    return 0;
}
